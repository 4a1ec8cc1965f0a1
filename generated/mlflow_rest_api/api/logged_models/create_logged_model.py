from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_logged_model import CreateLoggedModel
from ...models.error_response import ErrorResponse
from ...models.logged_model_response import LoggedModelResponse
from ...types import Response


def _get_kwargs(
    *,
    body: CreateLoggedModel,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.0/mlflow/logged-models",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | LoggedModelResponse:
    if response.status_code == 200:
        response_200 = LoggedModelResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | LoggedModelResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateLoggedModel,
) -> Response[ErrorResponse | LoggedModelResponse]:
    """Create a logged model

     Create a logged model (status LOGGED_MODEL_PENDING) in an experiment, optionally linked to the run
    that produced it. Not idempotent: a resend creates a second model. MLflow 3.0 and later.

    Args:
        body (CreateLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoggedModelResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CreateLoggedModel,
) -> ErrorResponse | LoggedModelResponse | None:
    """Create a logged model

     Create a logged model (status LOGGED_MODEL_PENDING) in an experiment, optionally linked to the run
    that produced it. Not idempotent: a resend creates a second model. MLflow 3.0 and later.

    Args:
        body (CreateLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoggedModelResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreateLoggedModel,
) -> Response[ErrorResponse | LoggedModelResponse]:
    """Create a logged model

     Create a logged model (status LOGGED_MODEL_PENDING) in an experiment, optionally linked to the run
    that produced it. Not idempotent: a resend creates a second model. MLflow 3.0 and later.

    Args:
        body (CreateLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoggedModelResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreateLoggedModel,
) -> ErrorResponse | LoggedModelResponse | None:
    """Create a logged model

     Create a logged model (status LOGGED_MODEL_PENDING) in an experiment, optionally linked to the run
    that produced it. Not idempotent: a resend creates a second model. MLflow 3.0 and later.

    Args:
        body (CreateLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoggedModelResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

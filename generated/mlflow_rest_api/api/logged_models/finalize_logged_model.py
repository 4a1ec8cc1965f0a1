from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.finalize_logged_model import FinalizeLoggedModel
from ...models.logged_model_response import LoggedModelResponse
from ...types import Response


def _get_kwargs(
    model_id: str,
    *,
    body: FinalizeLoggedModel,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/2.0/mlflow/logged-models/{model_id}".format(
            model_id=quote(str(model_id), safe=""),
        ),
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
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FinalizeLoggedModel,
) -> Response[ErrorResponse | LoggedModelResponse]:
    """Finalize a logged model

     Set a logged model's final status (LOGGED_MODEL_READY once its files are uploaded, or
    LOGGED_MODEL_UPLOAD_FAILED). The body repeats the path's model_id: the server requires it. MLflow
    3.0 and later.

    Args:
        model_id (str):
        body (FinalizeLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoggedModelResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FinalizeLoggedModel,
) -> ErrorResponse | LoggedModelResponse | None:
    """Finalize a logged model

     Set a logged model's final status (LOGGED_MODEL_READY once its files are uploaded, or
    LOGGED_MODEL_UPLOAD_FAILED). The body repeats the path's model_id: the server requires it. MLflow
    3.0 and later.

    Args:
        model_id (str):
        body (FinalizeLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoggedModelResponse
    """

    return sync_detailed(
        model_id=model_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FinalizeLoggedModel,
) -> Response[ErrorResponse | LoggedModelResponse]:
    """Finalize a logged model

     Set a logged model's final status (LOGGED_MODEL_READY once its files are uploaded, or
    LOGGED_MODEL_UPLOAD_FAILED). The body repeats the path's model_id: the server requires it. MLflow
    3.0 and later.

    Args:
        model_id (str):
        body (FinalizeLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | LoggedModelResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: FinalizeLoggedModel,
) -> ErrorResponse | LoggedModelResponse | None:
    """Finalize a logged model

     Set a logged model's final status (LOGGED_MODEL_READY once its files are uploaded, or
    LOGGED_MODEL_UPLOAD_FAILED). The body repeats the path's model_id: the server requires it. MLflow
    3.0 and later.

    Args:
        model_id (str):
        body (FinalizeLoggedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | LoggedModelResponse
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            client=client,
            body=body,
        )
    ).parsed

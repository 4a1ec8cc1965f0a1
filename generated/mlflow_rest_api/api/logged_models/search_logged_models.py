from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.search_logged_models import SearchLoggedModels
from ...models.search_logged_models_response import SearchLoggedModelsResponse
from ...types import Response


def _get_kwargs(
    *,
    body: SearchLoggedModels,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.0/mlflow/logged-models/search",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SearchLoggedModelsResponse:
    if response.status_code == 200:
        response_200 = SearchLoggedModelsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | SearchLoggedModelsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SearchLoggedModels,
) -> Response[ErrorResponse | SearchLoggedModelsResponse]:
    """Search logged models

     Logged models of the given experiments, filtered (e.g. `metrics.accuracy > 0.9`, `params.alpha =
    '1'`, `name = 'm'`), optionally by the datasets their metrics were computed on, ordered and paged.
    MLflow 3.0 and later.

    Args:
        body (SearchLoggedModels):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchLoggedModelsResponse]
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
    body: SearchLoggedModels,
) -> ErrorResponse | SearchLoggedModelsResponse | None:
    """Search logged models

     Logged models of the given experiments, filtered (e.g. `metrics.accuracy > 0.9`, `params.alpha =
    '1'`, `name = 'm'`), optionally by the datasets their metrics were computed on, ordered and paged.
    MLflow 3.0 and later.

    Args:
        body (SearchLoggedModels):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchLoggedModelsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SearchLoggedModels,
) -> Response[ErrorResponse | SearchLoggedModelsResponse]:
    """Search logged models

     Logged models of the given experiments, filtered (e.g. `metrics.accuracy > 0.9`, `params.alpha =
    '1'`, `name = 'm'`), optionally by the datasets their metrics were computed on, ordered and paged.
    MLflow 3.0 and later.

    Args:
        body (SearchLoggedModels):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchLoggedModelsResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SearchLoggedModels,
) -> ErrorResponse | SearchLoggedModelsResponse | None:
    """Search logged models

     Logged models of the given experiments, filtered (e.g. `metrics.accuracy > 0.9`, `params.alpha =
    '1'`, `name = 'm'`), optionally by the datasets their metrics were computed on, ordered and paged.
    MLflow 3.0 and later.

    Args:
        body (SearchLoggedModels):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchLoggedModelsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

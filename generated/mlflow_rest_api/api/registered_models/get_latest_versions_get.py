from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_latest_versions_response import GetLatestVersionsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    name: str,
    stages: list[str] | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["name"] = name

    json_stages: list[str] | Unset = UNSET
    if not isinstance(stages, Unset):
        json_stages = stages

    params["stages"] = json_stages

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/registered-models/get-latest-versions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetLatestVersionsResponse:
    if response.status_code == 200:
        response_200 = GetLatestVersionsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetLatestVersionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    stages: list[str] | Unset = UNSET,
) -> Response[ErrorResponse | GetLatestVersionsResponse]:
    """Get the latest versions (GET)

     Latest version of a registered model per stage, with query parameters.

    Args:
        name (str):
        stages (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetLatestVersionsResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        stages=stages,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    stages: list[str] | Unset = UNSET,
) -> ErrorResponse | GetLatestVersionsResponse | None:
    """Get the latest versions (GET)

     Latest version of a registered model per stage, with query parameters.

    Args:
        name (str):
        stages (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetLatestVersionsResponse
    """

    return sync_detailed(
        client=client,
        name=name,
        stages=stages,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    stages: list[str] | Unset = UNSET,
) -> Response[ErrorResponse | GetLatestVersionsResponse]:
    """Get the latest versions (GET)

     Latest version of a registered model per stage, with query parameters.

    Args:
        name (str):
        stages (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetLatestVersionsResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        stages=stages,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    stages: list[str] | Unset = UNSET,
) -> ErrorResponse | GetLatestVersionsResponse | None:
    """Get the latest versions (GET)

     Latest version of a registered model per stage, with query parameters.

    Args:
        name (str):
        stages (list[str] | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetLatestVersionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
            stages=stages,
        )
    ).parsed

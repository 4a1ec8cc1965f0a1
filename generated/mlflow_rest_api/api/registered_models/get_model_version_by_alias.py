from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_model_version_by_alias_response import GetModelVersionByAliasResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    name: str,
    alias: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["name"] = name

    params["alias"] = alias

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/registered-models/alias",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetModelVersionByAliasResponse:
    if response.status_code == 200:
        response_200 = GetModelVersionByAliasResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetModelVersionByAliasResponse]:
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
    alias: str,
) -> Response[ErrorResponse | GetModelVersionByAliasResponse]:
    """Get a model version by alias

     The model version an alias points at. An unknown alias answers 400 INVALID_PARAMETER_VALUE (not
    404).

    Args:
        name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetModelVersionByAliasResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        alias=alias,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    alias: str,
) -> ErrorResponse | GetModelVersionByAliasResponse | None:
    """Get a model version by alias

     The model version an alias points at. An unknown alias answers 400 INVALID_PARAMETER_VALUE (not
    404).

    Args:
        name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetModelVersionByAliasResponse
    """

    return sync_detailed(
        client=client,
        name=name,
        alias=alias,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    alias: str,
) -> Response[ErrorResponse | GetModelVersionByAliasResponse]:
    """Get a model version by alias

     The model version an alias points at. An unknown alias answers 400 INVALID_PARAMETER_VALUE (not
    404).

    Args:
        name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetModelVersionByAliasResponse]
    """

    kwargs = _get_kwargs(
        name=name,
        alias=alias,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    name: str,
    alias: str,
) -> ErrorResponse | GetModelVersionByAliasResponse | None:
    """Get a model version by alias

     The model version an alias points at. An unknown alias answers 400 INVALID_PARAMETER_VALUE (not
    404).

    Args:
        name (str):
        alias (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetModelVersionByAliasResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            name=name,
            alias=alias,
        )
    ).parsed

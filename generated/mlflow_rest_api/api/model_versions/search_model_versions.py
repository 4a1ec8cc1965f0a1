from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.search_model_versions_response import SearchModelVersionsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["filter"] = filter_

    params["max_results"] = max_results

    json_order_by: list[str] | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by

    params["order_by"] = json_order_by

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/model-versions/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SearchModelVersionsResponse:
    if response.status_code == 200:
        response_200 = SearchModelVersionsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | SearchModelVersionsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | SearchModelVersionsResponse]:
    """Search model versions

     Search model versions.

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchModelVersionsResponse]
    """

    kwargs = _get_kwargs(
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | SearchModelVersionsResponse | None:
    """Search model versions

     Search model versions.

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchModelVersionsResponse
    """

    return sync_detailed(
        client=client,
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | SearchModelVersionsResponse]:
    """Search model versions

     Search model versions.

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchModelVersionsResponse]
    """

    kwargs = _get_kwargs(
        filter_=filter_,
        max_results=max_results,
        order_by=order_by,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    filter_: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | SearchModelVersionsResponse | None:
    """Search model versions

     Search model versions.

    Args:
        filter_ (str | Unset):
        max_results (int | Unset):
        order_by (list[str] | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchModelVersionsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            filter_=filter_,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
        )
    ).parsed

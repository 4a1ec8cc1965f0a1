from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.search_experiments_response import SearchExperimentsResponse
from ...models.view_type import ViewType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    max_results: int,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    view_type: ViewType | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["max_results"] = max_results

    params["page_token"] = page_token

    params["filter"] = filter_

    json_order_by: list[str] | Unset = UNSET
    if not isinstance(order_by, Unset):
        json_order_by = order_by

    params["order_by"] = json_order_by

    json_view_type: str | Unset = UNSET
    if not isinstance(view_type, Unset):
        json_view_type = view_type.value

    params["view_type"] = json_view_type

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/experiments/search",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SearchExperimentsResponse:
    if response.status_code == 200:
        response_200 = SearchExperimentsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | SearchExperimentsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    max_results: int,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    view_type: ViewType | Unset = UNSET,
) -> Response[ErrorResponse | SearchExperimentsResponse]:
    """Search experiments (GET)

     Search experiments with query parameters.

    Args:
        max_results (int):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (list[str] | Unset):
        view_type (ViewType | Unset): Which lifecycle stages a search returns.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchExperimentsResponse]
    """

    kwargs = _get_kwargs(
        max_results=max_results,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        view_type=view_type,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    max_results: int,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    view_type: ViewType | Unset = UNSET,
) -> ErrorResponse | SearchExperimentsResponse | None:
    """Search experiments (GET)

     Search experiments with query parameters.

    Args:
        max_results (int):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (list[str] | Unset):
        view_type (ViewType | Unset): Which lifecycle stages a search returns.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchExperimentsResponse
    """

    return sync_detailed(
        client=client,
        max_results=max_results,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        view_type=view_type,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    max_results: int,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    view_type: ViewType | Unset = UNSET,
) -> Response[ErrorResponse | SearchExperimentsResponse]:
    """Search experiments (GET)

     Search experiments with query parameters.

    Args:
        max_results (int):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (list[str] | Unset):
        view_type (ViewType | Unset): Which lifecycle stages a search returns.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SearchExperimentsResponse]
    """

    kwargs = _get_kwargs(
        max_results=max_results,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        view_type=view_type,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    max_results: int,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: list[str] | Unset = UNSET,
    view_type: ViewType | Unset = UNSET,
) -> ErrorResponse | SearchExperimentsResponse | None:
    """Search experiments (GET)

     Search experiments with query parameters.

    Args:
        max_results (int):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (list[str] | Unset):
        view_type (ViewType | Unset): Which lifecycle stages a search returns.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SearchExperimentsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            max_results=max_results,
            page_token=page_token,
            filter_=filter_,
            order_by=order_by,
            view_type=view_type,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_metric_history_response import GetMetricHistoryResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    metric_key: str,
    page_token: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["run_id"] = run_id

    params["run_uuid"] = run_uuid

    params["metric_key"] = metric_key

    params["page_token"] = page_token

    params["max_results"] = max_results

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/metrics/get-history",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetMetricHistoryResponse:
    if response.status_code == 200:
        response_200 = GetMetricHistoryResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetMetricHistoryResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    metric_key: str,
    page_token: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> Response[ErrorResponse | GetMetricHistoryResponse]:
    """Get a metric's history

     All logged values of one metric of one run.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        metric_key (str):
        page_token (str | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMetricHistoryResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
        metric_key=metric_key,
        page_token=page_token,
        max_results=max_results,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    metric_key: str,
    page_token: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> ErrorResponse | GetMetricHistoryResponse | None:
    """Get a metric's history

     All logged values of one metric of one run.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        metric_key (str):
        page_token (str | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMetricHistoryResponse
    """

    return sync_detailed(
        client=client,
        run_id=run_id,
        run_uuid=run_uuid,
        metric_key=metric_key,
        page_token=page_token,
        max_results=max_results,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    metric_key: str,
    page_token: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> Response[ErrorResponse | GetMetricHistoryResponse]:
    """Get a metric's history

     All logged values of one metric of one run.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        metric_key (str):
        page_token (str | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMetricHistoryResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
        metric_key=metric_key,
        page_token=page_token,
        max_results=max_results,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    metric_key: str,
    page_token: str | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> ErrorResponse | GetMetricHistoryResponse | None:
    """Get a metric's history

     All logged values of one metric of one run.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        metric_key (str):
        page_token (str | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMetricHistoryResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            run_id=run_id,
            run_uuid=run_uuid,
            metric_key=metric_key,
            page_token=page_token,
            max_results=max_results,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_metric_history_bulk_interval_response import GetMetricHistoryBulkIntervalResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    run_ids: list[str],
    metric_key: str,
    start_step: int | Unset = UNSET,
    end_step: int | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_run_ids = run_ids

    params["run_ids"] = json_run_ids

    params["metric_key"] = metric_key

    params["start_step"] = start_step

    params["end_step"] = end_step

    params["max_results"] = max_results

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/metrics/get-history-bulk-interval",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetMetricHistoryBulkIntervalResponse:
    if response.status_code == 200:
        response_200 = GetMetricHistoryBulkIntervalResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetMetricHistoryBulkIntervalResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_ids: list[str],
    metric_key: str,
    start_step: int | Unset = UNSET,
    end_step: int | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> Response[ErrorResponse | GetMetricHistoryBulkIntervalResponse]:
    """Get sampled metric histories

     A metric's history for several runs, sampled down to at most max_results steps per run.

    Args:
        run_ids (list[str]):
        metric_key (str):
        start_step (int | Unset):
        end_step (int | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMetricHistoryBulkIntervalResponse]
    """

    kwargs = _get_kwargs(
        run_ids=run_ids,
        metric_key=metric_key,
        start_step=start_step,
        end_step=end_step,
        max_results=max_results,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    run_ids: list[str],
    metric_key: str,
    start_step: int | Unset = UNSET,
    end_step: int | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> ErrorResponse | GetMetricHistoryBulkIntervalResponse | None:
    """Get sampled metric histories

     A metric's history for several runs, sampled down to at most max_results steps per run.

    Args:
        run_ids (list[str]):
        metric_key (str):
        start_step (int | Unset):
        end_step (int | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMetricHistoryBulkIntervalResponse
    """

    return sync_detailed(
        client=client,
        run_ids=run_ids,
        metric_key=metric_key,
        start_step=start_step,
        end_step=end_step,
        max_results=max_results,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_ids: list[str],
    metric_key: str,
    start_step: int | Unset = UNSET,
    end_step: int | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> Response[ErrorResponse | GetMetricHistoryBulkIntervalResponse]:
    """Get sampled metric histories

     A metric's history for several runs, sampled down to at most max_results steps per run.

    Args:
        run_ids (list[str]):
        metric_key (str):
        start_step (int | Unset):
        end_step (int | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetMetricHistoryBulkIntervalResponse]
    """

    kwargs = _get_kwargs(
        run_ids=run_ids,
        metric_key=metric_key,
        start_step=start_step,
        end_step=end_step,
        max_results=max_results,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    run_ids: list[str],
    metric_key: str,
    start_step: int | Unset = UNSET,
    end_step: int | Unset = UNSET,
    max_results: int | Unset = UNSET,
) -> ErrorResponse | GetMetricHistoryBulkIntervalResponse | None:
    """Get sampled metric histories

     A metric's history for several runs, sampled down to at most max_results steps per run.

    Args:
        run_ids (list[str]):
        metric_key (str):
        start_step (int | Unset):
        end_step (int | Unset):
        max_results (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetMetricHistoryBulkIntervalResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            run_ids=run_ids,
            metric_key=metric_key,
            start_step=start_step,
            end_step=end_step,
            max_results=max_results,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_run_response import GetRunResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    run_id: str,
    run_uuid: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["run_id"] = run_id

    params["run_uuid"] = run_uuid

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/runs/get",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetRunResponse:
    if response.status_code == 200:
        response_200 = GetRunResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetRunResponse]:
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
) -> Response[ErrorResponse | GetRunResponse]:
    """Get a run

     Get a run with its latest metrics, params, tags and inputs. Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        run_id (str):
        run_uuid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetRunResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
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
) -> ErrorResponse | GetRunResponse | None:
    """Get a run

     Get a run with its latest metrics, params, tags and inputs. Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        run_id (str):
        run_uuid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetRunResponse
    """

    return sync_detailed(
        client=client,
        run_id=run_id,
        run_uuid=run_uuid,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
) -> Response[ErrorResponse | GetRunResponse]:
    """Get a run

     Get a run with its latest metrics, params, tags and inputs. Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        run_id (str):
        run_uuid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetRunResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
) -> ErrorResponse | GetRunResponse | None:
    """Get a run

     Get a run with its latest metrics, params, tags and inputs. Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        run_id (str):
        run_uuid (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetRunResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            run_id=run_id,
            run_uuid=run_uuid,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_artifacts_response import ListArtifactsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["run_id"] = run_id

    params["run_uuid"] = run_uuid

    params["path"] = path

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/artifacts/list",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListArtifactsResponse:
    if response.status_code == 200:
        response_200 = ListArtifactsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ListArtifactsResponse]:
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
    path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListArtifactsResponse]:
    """List a run's artifacts

     List the files and directories directly under a path of a run's artifacts.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListArtifactsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
        path=path,
        page_token=page_token,
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
    path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | ListArtifactsResponse | None:
    """List a run's artifacts

     List the files and directories directly under a path of a run's artifacts.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListArtifactsResponse
    """

    return sync_detailed(
        client=client,
        run_id=run_id,
        run_uuid=run_uuid,
        path=path,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListArtifactsResponse]:
    """List a run's artifacts

     List the files and directories directly under a path of a run's artifacts.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListArtifactsResponse]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        run_uuid=run_uuid,
        path=path,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    run_id: str,
    run_uuid: str | Unset = UNSET,
    path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | ListArtifactsResponse | None:
    """List a run's artifacts

     List the files and directories directly under a path of a run's artifacts.

    Args:
        run_id (str):
        run_uuid (str | Unset):
        path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListArtifactsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            run_id=run_id,
            run_uuid=run_uuid,
            path=path,
            page_token=page_token,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_presigned_download_url_response import GetPresignedDownloadUrlResponse
from ...types import Response


def _get_kwargs(
    artifact_path: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow-artifacts/presigned/{artifact_path}".format(
            artifact_path=quote(str(artifact_path), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetPresignedDownloadUrlResponse:
    if response.status_code == 200:
        response_200 = GetPresignedDownloadUrlResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetPresignedDownloadUrlResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetPresignedDownloadUrlResponse]:
    """A presigned URL to download through the proxy's store

     A URL (and headers) to GET the file straight from the store behind the proxy, for stores that sign
    URLs; others answer 501 NOT_IMPLEMENTED. MLflow 3.11 and later.

    Args:
        artifact_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetPresignedDownloadUrlResponse]
    """

    kwargs = _get_kwargs(
        artifact_path=artifact_path,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetPresignedDownloadUrlResponse | None:
    """A presigned URL to download through the proxy's store

     A URL (and headers) to GET the file straight from the store behind the proxy, for stores that sign
    URLs; others answer 501 NOT_IMPLEMENTED. MLflow 3.11 and later.

    Args:
        artifact_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetPresignedDownloadUrlResponse
    """

    return sync_detailed(
        artifact_path=artifact_path,
        client=client,
    ).parsed


async def asyncio_detailed(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ErrorResponse | GetPresignedDownloadUrlResponse]:
    """A presigned URL to download through the proxy's store

     A URL (and headers) to GET the file straight from the store behind the proxy, for stores that sign
    URLs; others answer 501 NOT_IMPLEMENTED. MLflow 3.11 and later.

    Args:
        artifact_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetPresignedDownloadUrlResponse]
    """

    kwargs = _get_kwargs(
        artifact_path=artifact_path,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
) -> ErrorResponse | GetPresignedDownloadUrlResponse | None:
    """A presigned URL to download through the proxy's store

     A URL (and headers) to GET the file straight from the store behind the proxy, for stores that sign
    URLs; others answer 501 NOT_IMPLEMENTED. MLflow 3.11 and later.

    Args:
        artifact_path (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetPresignedDownloadUrlResponse
    """

    return (
        await asyncio_detailed(
            artifact_path=artifact_path,
            client=client,
        )
    ).parsed

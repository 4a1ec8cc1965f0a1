from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.create_presigned_download_url import CreatePresignedDownloadUrl
from ...models.create_presigned_download_url_response import CreatePresignedDownloadUrlResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: CreatePresignedDownloadUrl,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.0/mlflow/artifacts/presigned-download-url",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreatePresignedDownloadUrlResponse | ErrorResponse:
    if response.status_code == 200:
        response_200 = CreatePresignedDownloadUrlResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CreatePresignedDownloadUrlResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreatePresignedDownloadUrl,
) -> Response[CreatePresignedDownloadUrlResponse | ErrorResponse]:
    """A presigned URL to download an artifact

     A URL (and headers) to GET one artifact file of a run straight from the artifact store, for stores
    that sign URLs; other stores answer an error. MLflow 3.15 and later.

    Args:
        body (CreatePresignedDownloadUrl):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePresignedDownloadUrlResponse | ErrorResponse]
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
    body: CreatePresignedDownloadUrl,
) -> CreatePresignedDownloadUrlResponse | ErrorResponse | None:
    """A presigned URL to download an artifact

     A URL (and headers) to GET one artifact file of a run straight from the artifact store, for stores
    that sign URLs; other stores answer an error. MLflow 3.15 and later.

    Args:
        body (CreatePresignedDownloadUrl):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePresignedDownloadUrlResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CreatePresignedDownloadUrl,
) -> Response[CreatePresignedDownloadUrlResponse | ErrorResponse]:
    """A presigned URL to download an artifact

     A URL (and headers) to GET one artifact file of a run straight from the artifact store, for stores
    that sign URLs; other stores answer an error. MLflow 3.15 and later.

    Args:
        body (CreatePresignedDownloadUrl):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreatePresignedDownloadUrlResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CreatePresignedDownloadUrl,
) -> CreatePresignedDownloadUrlResponse | ErrorResponse | None:
    """A presigned URL to download an artifact

     A URL (and headers) to GET one artifact file of a run straight from the artifact store, for stores
    that sign URLs; other stores answer an error. MLflow 3.15 and later.

    Args:
        body (CreatePresignedDownloadUrl):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreatePresignedDownloadUrlResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed

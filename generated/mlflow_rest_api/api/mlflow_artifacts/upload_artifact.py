from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...types import File, Response


def _get_kwargs(
    artifact_path: str,
    *,
    body: File,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/2.0/mlflow-artifacts/artifacts/{artifact_path}".format(
            artifact_path=quote(str(artifact_path), safe=""),
        ),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ErrorResponse:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | ErrorResponse]:
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
    body: File,
) -> Response[Any | ErrorResponse]:
    """Upload an artifact

     Write the request body to the artifact path (overwriting an existing file). The path must end in a
    file name.

    Args:
        artifact_path (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    kwargs = _get_kwargs(
        artifact_path=artifact_path,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
) -> Any | ErrorResponse | None:
    """Upload an artifact

     Write the request body to the artifact path (overwriting an existing file). The path must end in a
    file name.

    Args:
        artifact_path (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return sync_detailed(
        artifact_path=artifact_path,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
) -> Response[Any | ErrorResponse]:
    """Upload an artifact

     Write the request body to the artifact path (overwriting an existing file). The path must end in a
    file name.

    Args:
        artifact_path (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorResponse]
    """

    kwargs = _get_kwargs(
        artifact_path=artifact_path,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    artifact_path: str,
    *,
    client: AuthenticatedClient | Client,
    body: File,
) -> Any | ErrorResponse | None:
    """Upload an artifact

     Write the request body to the artifact path (overwriting an existing file). The path must end in a
    file name.

    Args:
        artifact_path (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorResponse
    """

    return (
        await asyncio_detailed(
            artifact_path=artifact_path,
            client=client,
            body=body,
        )
    ).parsed

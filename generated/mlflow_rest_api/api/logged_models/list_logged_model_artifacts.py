from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.list_logged_model_artifacts_response import ListLoggedModelArtifactsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    model_id: str,
    *,
    artifact_directory_path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["artifact_directory_path"] = artifact_directory_path

    params["page_token"] = page_token

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/logged-models/{model_id}/artifacts/directories".format(
            model_id=quote(str(model_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | ListLoggedModelArtifactsResponse:
    if response.status_code == 200:
        response_200 = ListLoggedModelArtifactsResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | ListLoggedModelArtifactsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    artifact_directory_path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListLoggedModelArtifactsResponse]:
    """List a logged model's artifacts

     Files and folders of a logged model's artifacts, below a folder. MLflow 3.0 and later.

    Args:
        model_id (str):
        artifact_directory_path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListLoggedModelArtifactsResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        artifact_directory_path=artifact_directory_path,
        page_token=page_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    artifact_directory_path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | ListLoggedModelArtifactsResponse | None:
    """List a logged model's artifacts

     Files and folders of a logged model's artifacts, below a folder. MLflow 3.0 and later.

    Args:
        model_id (str):
        artifact_directory_path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListLoggedModelArtifactsResponse
    """

    return sync_detailed(
        model_id=model_id,
        client=client,
        artifact_directory_path=artifact_directory_path,
        page_token=page_token,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    artifact_directory_path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> Response[ErrorResponse | ListLoggedModelArtifactsResponse]:
    """List a logged model's artifacts

     Files and folders of a logged model's artifacts, below a folder. MLflow 3.0 and later.

    Args:
        model_id (str):
        artifact_directory_path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | ListLoggedModelArtifactsResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        artifact_directory_path=artifact_directory_path,
        page_token=page_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    *,
    client: AuthenticatedClient | Client,
    artifact_directory_path: str | Unset = UNSET,
    page_token: str | Unset = UNSET,
) -> ErrorResponse | ListLoggedModelArtifactsResponse | None:
    """List a logged model's artifacts

     Files and folders of a logged model's artifacts, below a folder. MLflow 3.0 and later.

    Args:
        model_id (str):
        artifact_directory_path (str | Unset):
        page_token (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | ListLoggedModelArtifactsResponse
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            client=client,
            artifact_directory_path=artifact_directory_path,
            page_token=page_token,
        )
    ).parsed

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.empty_response import EmptyResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    model_id: str,
    tag_key: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}".format(
            model_id=quote(str(model_id), safe=""),
            tag_key=quote(str(tag_key), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> EmptyResponse | ErrorResponse:
    if response.status_code == 200:
        response_200 = EmptyResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[EmptyResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_id: str,
    tag_key: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[EmptyResponse | ErrorResponse]:
    """Delete a tag of a logged model

     Delete a tag of a logged model. MLflow 3.0 and later.

    Args:
        model_id (str):
        tag_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmptyResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        tag_key=tag_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_id: str,
    tag_key: str,
    *,
    client: AuthenticatedClient | Client,
) -> EmptyResponse | ErrorResponse | None:
    """Delete a tag of a logged model

     Delete a tag of a logged model. MLflow 3.0 and later.

    Args:
        model_id (str):
        tag_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmptyResponse | ErrorResponse
    """

    return sync_detailed(
        model_id=model_id,
        tag_key=tag_key,
        client=client,
    ).parsed


async def asyncio_detailed(
    model_id: str,
    tag_key: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[EmptyResponse | ErrorResponse]:
    """Delete a tag of a logged model

     Delete a tag of a logged model. MLflow 3.0 and later.

    Args:
        model_id (str):
        tag_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmptyResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        model_id=model_id,
        tag_key=tag_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_id: str,
    tag_key: str,
    *,
    client: AuthenticatedClient | Client,
) -> EmptyResponse | ErrorResponse | None:
    """Delete a tag of a logged model

     Delete a tag of a logged model. MLflow 3.0 and later.

    Args:
        model_id (str):
        tag_key (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmptyResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            model_id=model_id,
            tag_key=tag_key,
            client=client,
        )
    ).parsed

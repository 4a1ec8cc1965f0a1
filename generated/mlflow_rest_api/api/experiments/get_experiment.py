from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_experiment_response import GetExperimentResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    experiment_id: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["experiment_id"] = experiment_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/experiments/get",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetExperimentResponse:
    if response.status_code == 200:
        response_200 = GetExperimentResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetExperimentResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_id: str,
) -> Response[ErrorResponse | GetExperimentResponse]:
    """Get an experiment

     Get an experiment by ID (deleted experiments too). Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetExperimentResponse]
    """

    kwargs = _get_kwargs(
        experiment_id=experiment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    experiment_id: str,
) -> ErrorResponse | GetExperimentResponse | None:
    """Get an experiment

     Get an experiment by ID (deleted experiments too). Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetExperimentResponse
    """

    return sync_detailed(
        client=client,
        experiment_id=experiment_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_id: str,
) -> Response[ErrorResponse | GetExperimentResponse]:
    """Get an experiment

     Get an experiment by ID (deleted experiments too). Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetExperimentResponse]
    """

    kwargs = _get_kwargs(
        experiment_id=experiment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    experiment_id: str,
) -> ErrorResponse | GetExperimentResponse | None:
    """Get an experiment

     Get an experiment by ID (deleted experiments too). Unknown ID: 404 RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetExperimentResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            experiment_id=experiment_id,
        )
    ).parsed

from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.get_experiment_by_name_response import GetExperimentByNameResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    experiment_name: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["experiment_name"] = experiment_name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/mlflow/experiments/get-by-name",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | GetExperimentByNameResponse:
    if response.status_code == 200:
        response_200 = GetExperimentByNameResponse.from_dict(response.json())

        return response_200

    response_default = ErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | GetExperimentByNameResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Response[ErrorResponse | GetExperimentByNameResponse]:
    """Get an experiment by name

     Get an experiment by name, deleted ones included (`lifecycle_stage` tells). Unknown name: 404
    RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetExperimentByNameResponse]
    """

    kwargs = _get_kwargs(
        experiment_name=experiment_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> ErrorResponse | GetExperimentByNameResponse | None:
    """Get an experiment by name

     Get an experiment by name, deleted ones included (`lifecycle_stage` tells). Unknown name: 404
    RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetExperimentByNameResponse
    """

    return sync_detailed(
        client=client,
        experiment_name=experiment_name,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> Response[ErrorResponse | GetExperimentByNameResponse]:
    """Get an experiment by name

     Get an experiment by name, deleted ones included (`lifecycle_stage` tells). Unknown name: 404
    RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | GetExperimentByNameResponse]
    """

    kwargs = _get_kwargs(
        experiment_name=experiment_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    experiment_name: str,
) -> ErrorResponse | GetExperimentByNameResponse | None:
    """Get an experiment by name

     Get an experiment by name, deleted ones included (`lifecycle_stage` tells). Unknown name: 404
    RESOURCE_DOES_NOT_EXIST.

    Args:
        experiment_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | GetExperimentByNameResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            experiment_name=experiment_name,
        )
    ).parsed

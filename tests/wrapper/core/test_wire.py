"""The exact bytes on the wire and the error mapping, with pytest-httpx standing in for the server."""

from __future__ import annotations

import json
from typing import Any

import answers
import httpx
import pytest
from pytest_httpx import HTTPXMock

from mlflow_lite import (
    ApiError,
    AsyncTrackingClient,
    EndpointNotFound,
    ExperimentDeleted,
    InvalidParameterValue,
    PermissionDenied,
    RateLimited,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    ServerError,
    TrackingClient,
    TransportError,
    Unauthenticated,
    __version__,
)
from mlflow_lite.exceptions import MlflowException

URI = "http://mlflow.test:5000"
API = f"{URI}/api/2.0/mlflow"


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


@pytest.fixture
def client() -> TrackingClient:
    return TrackingClient(URI, max_retries=0)


def test_log_metric_bytes(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    httpx_mock.add_response(method="POST", url=f"{API}/runs/log-metric", json={}, is_reusable=True)
    client.log_metric("r1", "loss", 0.5, timestamp=1795668893960, step=9007199254740993)
    client.log_metric("r1", "loss", float("nan"), timestamp=1, step=-3)
    client.log_metric("r1", "loss", float("inf"), timestamp=1)
    client.log_metric("r1", "loss", float("-inf"), timestamp=1)
    first, nan, inf, ninf = httpx_mock.get_requests()
    assert first.content == (
        b'{"run_id":"r1","key":"loss","value":0.5,"timestamp":1795668893960,"step":9007199254740993}'
    )
    assert first.headers["content-type"] == "application/json"
    assert first.headers["user-agent"] == f"mlflow-lite/{__version__}"
    assert body(nan) == {"run_id": "r1", "key": "loss", "value": "NaN", "timestamp": 1, "step": -3}
    assert body(inf)["value"] == "Infinity"
    assert body(ninf)["value"] == "-Infinity"
    assert body(inf)["step"] == 0  # the default step is sent, as an int


def test_params_and_tags_are_strings(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    httpx_mock.add_response(url=f"{API}/runs/log-parameter", json={})
    httpx_mock.add_response(url=f"{API}/runs/set-tag", json={})
    client.log_param("r1", "alpha", 0.198)
    client.set_tag("r1", "tag1", 1)
    param, tag = httpx_mock.get_requests()
    assert body(param) == {"run_id": "r1", "key": "alpha", "value": "0.198"}
    assert body(tag) == {"run_id": "r1", "key": "tag1", "value": "1"}


@pytest.mark.parametrize(
    ("n_metrics", "n_params", "n_tags", "requests"),
    [(1000, 0, 0, 1), (1001, 0, 0, 2), (0, 100, 0, 1), (0, 101, 0, 2), (0, 0, 100, 1), (0, 0, 101, 2)],
)
def test_log_batch_chunk_boundaries(
    httpx_mock: HTTPXMock, client: TrackingClient, n_metrics: int, n_params: int, n_tags: int, requests: int
) -> None:
    httpx_mock.add_response(url=f"{API}/runs/log-batch", json={}, is_reusable=True)
    client.log_batch(
        "r1",
        metrics=[{"key": "m", "value": i, "timestamp": 5, "step": i} for i in range(n_metrics)],
        params={f"p{i}": i for i in range(n_params)},
        tags={f"t{i}": i for i in range(n_tags)},
    )
    sent = [body(r) for r in httpx_mock.get_requests()]
    assert len(sent) == requests
    metrics = [m for b in sent for m in b.get("metrics", [])]
    assert metrics == [{"key": "m", "value": float(i), "timestamp": 5, "step": i} for i in range(n_metrics)]
    assert [p["key"] for b in sent for p in b.get("params", [])] == [f"p{i}" for i in range(n_params)]
    assert [t["key"] for b in sent for t in b.get("tags", [])] == [f"t{i}" for i in range(n_tags)]
    assert all(b["run_id"] == "r1" for b in sent)


def test_bad_input_sends_nothing(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    # One bad entry anywhere in a batch: nothing of it is sent (pytest-httpx fails on any request).
    with pytest.raises(InvalidParameterValue) as info:
        client.log_batch("r1", metrics={f"m{i}": i for i in range(1500)} | {"bad key!": 1})
    assert info.value.status_code is None
    assert httpx_mock.get_requests() == []


def test_get_requests_use_the_query_string(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    httpx_mock.add_response(
        url=f"{API}/metrics/get-history?run_id=r1&metric_key=loss&max_results=25000",
        json={"metrics": [{"key": "loss", "value": "NaN", "timestamp": 1, "step": 0}], "next_page_token": "p2"},
    )
    httpx_mock.add_response(
        url=f"{API}/metrics/get-history?run_id=r1&metric_key=loss&max_results=25000&page_token=p2",
        json={"metrics": [{"key": "loss", "value": 1, "timestamp": 2, "step": 1}]},
    )
    history = client.get_metric_history("r1", "loss")
    assert [(type(m.value), m.step) for m in history] == [(float, 0), (float, 1)]
    assert history[1].value == 1.0


def test_path_prefix_and_credentials(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(
        url="https://proxy.test/mlflow/api/2.0/mlflow/experiments/get?experiment_id=1",
        json={"experiment": answers.experiment("1", "x")},
    )
    with TrackingClient("https://proxy.test/mlflow/", username="u", password="p") as client:
        assert client.get_experiment("1").name == "x"
    (request,) = httpx_mock.get_requests()
    assert request.headers["authorization"] == "Basic dTpw"


def test_bearer_token_and_extra_headers(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"experiment": answers.experiment()})
    with TrackingClient(URI, token="t0k", headers={"X-Team": "ml"}) as client:
        client.get_experiment("1")
    (request,) = httpx_mock.get_requests()
    assert (request.headers["authorization"], request.headers["x-team"]) == ("Bearer t0k", "ml")


def test_missing_fields_read_as_none_or_empty(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    httpx_mock.add_response(json={"run": answers.run("r1")})
    run = client.get_run("r1")
    assert run.info.end_time is None
    assert (run.data.metrics, run.data.params, run.data.tags) == ({}, {}, {})
    assert run.inputs.dataset_inputs == []


JSON_ERROR = "application/json"


@pytest.mark.parametrize(
    ("status", "content_type", "text", "error", "code"),
    [
        (
            404,
            JSON_ERROR,
            '{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=x not found"}',
            ResourceDoesNotExist,
            "RESOURCE_DOES_NOT_EXIST",
        ),
        (
            400,
            JSON_ERROR,
            '{"error_code": "RESOURCE_ALREADY_EXISTS", "message": "exists"}',
            ResourceAlreadyExists,
            "RESOURCE_ALREADY_EXISTS",
        ),
        (
            409,
            JSON_ERROR,
            '{"error_code": "ALREADY_EXISTS", "message": "exists"}',
            ResourceAlreadyExists,
            "ALREADY_EXISTS",
        ),
        (
            400,
            JSON_ERROR,
            '{"error_code": "INVALID_PARAMETER_VALUE", "message": "bad"}',
            InvalidParameterValue,
            "INVALID_PARAMETER_VALUE",
        ),
        (400, JSON_ERROR, '{"error_code": "BAD_REQUEST", "message": "sql"}', InvalidParameterValue, "BAD_REQUEST"),
        (500, JSON_ERROR, '{"error_code": "INTERNAL_ERROR", "message": "boom"}', ServerError, "INTERNAL_ERROR"),
        (401, "text/plain", "You are not authenticated.", Unauthenticated, "UNAUTHENTICATED"),
        (403, "text/plain", "Permission denied", PermissionDenied, "PERMISSION_DENIED"),
        (
            429,
            JSON_ERROR,
            '{"error_code": "REQUEST_LIMIT_EXCEEDED", "message": "slow down"}',
            RateLimited,
            "REQUEST_LIMIT_EXCEEDED",
        ),
        (
            404,
            "text/html",
            "<!doctype html><title>404 Not Found</title><p>The requested URL was not found</p>",
            EndpointNotFound,
            "ENDPOINT_NOT_FOUND",
        ),
        (405, "text/html", "<title>405 Method Not Allowed</title>", ApiError, "INTERNAL_ERROR"),
        (500, "text/html", "<title>500 Internal Server Error</title>", ServerError, "INTERNAL_ERROR"),
        (
            503,
            "text/plain",
            "This endpoint is only available when running in artifact-only mode.",
            ServerError,
            "TEMPORARILY_UNAVAILABLE",
        ),
        (502, "text/plain", "", ServerError, "INTERNAL_ERROR"),
        (520, "text/html", "<p>Cloudflare: unknown error</p>", ServerError, "INTERNAL_ERROR"),
        (400, JSON_ERROR, '{"error_code": "INVALID_PARAM', InvalidParameterValue, "BAD_REQUEST"),
        (418, JSON_ERROR, '{"error_code": "SOME_NEW_CODE", "message": "new"}', ApiError, "SOME_NEW_CODE"),
    ],
)
def test_error_mapping(
    httpx_mock: HTTPXMock,
    client: TrackingClient,
    status: int,
    content_type: str,
    text: str,
    error: type[ApiError],
    code: str | None,
) -> None:
    httpx_mock.add_response(status_code=status, headers={"content-type": content_type}, text=text)
    with pytest.raises(error) as info:
        client.get_run("r1")
    assert type(info.value) is error
    assert (info.value.status_code, info.value.error_code) == (status, code)
    assert info.value.response is not None
    assert "GET http://mlflow.test:5000/api/2.0/mlflow/runs/get?run_id=r1" in str(info.value)
    assert "<" not in info.value.message  # no raw HTML in messages


@pytest.mark.parametrize(
    ("error", "code", "http"),
    [
        (InvalidParameterValue("bad"), "INVALID_PARAMETER_VALUE", 400),
        (ResourceDoesNotExist("gone"), "RESOURCE_DOES_NOT_EXIST", 404),
        (ResourceAlreadyExists("taken"), "RESOURCE_ALREADY_EXISTS", 400),
        (EndpointNotFound("no route"), "ENDPOINT_NOT_FOUND", 404),
        (Unauthenticated("who"), "UNAUTHENTICATED", 401),
        (PermissionDenied("no"), "PERMISSION_DENIED", 403),
        (RateLimited("slow"), "REQUEST_LIMIT_EXCEEDED", 429),
        (ServerError("boom"), "INTERNAL_ERROR", 500),
        (ServerError("later", error_code="TEMPORARILY_UNAVAILABLE"), "TEMPORARILY_UNAVAILABLE", 503),
        (ExperimentDeleted("e", "1"), "INVALID_PARAMETER_VALUE", 400),
        (TransportError("away", url="u", cause="c"), "INTERNAL_ERROR", 500),
        (ApiError("new", error_code="SOME_NEW_CODE"), "SOME_NEW_CODE", 500),
    ],
)
def test_every_error_has_mlflows_exception_surface(error: MlflowException, code: str, http: int) -> None:
    """What code written for MLflow's `MlflowException` reads: error_code, message, the HTTP status MLflow gives
    the code, and its JSON."""
    assert isinstance(error, MlflowException)
    assert (error.error_code, error.get_http_status_code()) == (code, http)
    assert isinstance(error.message, str)
    assert error.message
    assert error.json_kwargs == {}
    assert json.loads(error.serialize_as_json()) == {"error_code": code, "message": error.message}
    assert str(error) == error.message  # found before sending: the message alone, as before


def test_not_found_is_a_lookup_error_and_invalid_a_value_error() -> None:
    assert issubclass(ResourceDoesNotExist, LookupError)
    assert issubclass(InvalidParameterValue, ValueError)


@pytest.mark.parametrize("text", ["<html>login</html>", '{"run": ', ""])
def test_odd_success_bodies_are_api_errors(httpx_mock: HTTPXMock, client: TrackingClient, text: str) -> None:
    httpx_mock.add_response(status_code=200, text=text)
    with pytest.raises(ApiError):
        client.get_run("r1")


def test_unreachable_server_names_url_and_cause(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    httpx_mock.add_exception(httpx.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(TransportError) as info:
        client.get_experiment_by_name("test3")
    message = str(info.value)
    assert "http://mlflow.test:5000/api/2.0/mlflow/experiments/get-by-name?experiment_name=test3" in message
    assert "Connection refused" in message
    assert info.value.url.startswith(URI)


@pytest.mark.anyio
async def test_async_client_sends_the_same_bytes(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{API}/runs/log-batch", json={}, is_reusable=True)
    async with AsyncTrackingClient(URI) as client:
        await client.log_batch("r1", metrics=[("m", float("nan"))] * 1001, params={"a": 1})
    sync_requests = httpx_mock.get_requests()
    assert len(sync_requests) == 2
    first = body(sync_requests[0])
    assert first["params"] == [{"key": "a", "value": "1"}]
    assert len(first["metrics"]) == 999
    assert first["metrics"][0]["value"] == "NaN"


def test_ensure_experiment_reads_back_after_a_lost_create_answer(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    """The create went through but its answer was lost: not resent (it would fail), read back instead."""
    by_name = f"{API}/experiments/get-by-name?experiment_name=e1"
    not_found = {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Could not find experiment with name 'e1'"}
    httpx_mock.add_response(url=by_name, status_code=404, json=not_found)
    httpx_mock.add_exception(httpx.ReadTimeout("timed out"), url=f"{API}/experiments/create")
    httpx_mock.add_response(url=by_name, json={"experiment": answers.experiment("7")})
    assert client.ensure_experiment("e1") == "7"
    assert [r.url.path for r in httpx_mock.get_requests()].count("/api/2.0/mlflow/experiments/create") == 1


@pytest.mark.parametrize(
    ("status", "code"), [(400, "RESOURCE_ALREADY_EXISTS"), (400, "BAD_REQUEST"), (409, "ALREADY_EXISTS")]
)
def test_ensure_experiment_loses_a_race_under_any_duplicate_code(
    httpx_mock: HTTPXMock, client: TrackingClient, status: int, code: str
) -> None:
    """Another process created the name first; servers and databases say so in different ways (#17755)."""
    by_name = f"{API}/experiments/get-by-name?experiment_name=e1"
    httpx_mock.add_response(url=by_name, status_code=404, json={"error_code": "RESOURCE_DOES_NOT_EXIST"})
    httpx_mock.add_response(url=f"{API}/experiments/create", status_code=status, json={"error_code": code})
    httpx_mock.add_response(url=by_name, json={"experiment": answers.experiment("3")})
    assert client.ensure_experiment("e1") == "3"


def test_ensure_experiment_other_errors_stand(httpx_mock: HTTPXMock, client: TrackingClient) -> None:
    by_name = f"{API}/experiments/get-by-name?experiment_name=e1"
    httpx_mock.add_response(url=by_name, status_code=404, json={"error_code": "RESOURCE_DOES_NOT_EXIST"})
    httpx_mock.add_response(
        url=f"{API}/experiments/create", status_code=403, json={"error_code": "PERMISSION_DENIED", "message": "no"}
    )
    with pytest.raises(PermissionDenied):
        client.ensure_experiment("e1")

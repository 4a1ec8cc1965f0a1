"""Odd answers from a server or what stands in front of it: each becomes a typed `MlflowError`, never a
JSON decoding error, and credentials never follow a redirect to another host."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import answers
import httpx
import pytest
from conftest import unique
from pytest_httpx import HTTPXMock

from mlflow_lite import (
    ApiError,
    AsyncTrackingClient,
    EndpointNotFound,
    InvalidParameterValue,
    MlflowError,
    PermissionDenied,
    RateLimited,
    ServerError,
    TrackingClient,
    TransportError,
    Unauthenticated,
)
from mlflow_lite._errors import error_from_response
from mlflow_server import MlflowServer

URL = "http://127.0.0.1:5000"
OTHER = "http://127.0.0.2:8080"
GET_EXP = f"{URL}/api/2.0/mlflow/experiments/get?experiment_id=1"
SECRET = "s3cr3t-passw0rd"

FLASK_404 = (
    "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
    "<p>The requested URL was not found on the server.</p>\n"
)
FLASK_405 = (
    "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n"
    "<p>The method is not allowed for the requested URL.</p>\n"
)
FLASK_500 = (
    "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
    "<p>The server encountered an internal error and was unable to complete your request.</p>\n"
)
LOGIN_PAGE = "<html><head><title>Sign in</title></head><body><form>user/password</form></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = {"Content-Type": "text/plain"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0")


@pytest.fixture
def tracking() -> Iterator[TrackingClient]:
    with TrackingClient(URL, username="admin", password=SECRET, max_retries=2, retry_budget=5) as tracking:
        yield tracking


# (status, headers, body) -> the error class, and a piece of the message
CASES: dict[str, tuple[int, dict[str, str], bytes, type[MlflowError], str]] = {
    "html-404": (404, HTML, FLASK_404.encode(), EndpointNotFound, "check the tracking URI's path: 404 Not Found"),
    "html-405": (405, HTML, FLASK_405.encode(), ApiError, "Method Not Allowed"),
    "html-500": (500, HTML, FLASK_500.encode(), ServerError, "Internal Server Error"),
    "text-503": (
        503,
        TEXT,
        b"Endpoint: /api/2.0/mlflow/experiments/get disabled due to the mlflow server running "
        b"in `--artifacts-only` mode.",
        ServerError,
        "artifacts-only",
    ),
    "empty-500": (500, {}, b"", ServerError, "(empty body)"),
    "empty-502": (502, {}, b"", ServerError, "(empty body)"),
    "status-520": (520, TEXT, b"web server is returning an unknown error", ServerError, "unknown error"),
    "truncated-json-400": (
        400,
        JSON,
        b'{"error_code": "INVALID_PARAMETER_VALUE", "mess',
        InvalidParameterValue,
        "mess",
    ),
    "truncated-json-200": (200, JSON, b'{"experiment": {"experiment_id": "1", "na', ApiError, "not JSON"),
    "json-list-200": (200, JSON, b"[1, 2]", ApiError, "unexpected body"),
    "json-wrong-type-200": (200, JSON, b'{"experiment": "one"}', ApiError, "unexpected body"),
    "empty-200": (200, {}, b"", ApiError, "no 'experiment' field"),
    "html-200-login": (200, HTML, LOGIN_PAGE.encode(), ApiError, "not JSON"),
    "html-with-json-type": (500, JSON, FLASK_500.encode(), ServerError, "Internal Server Error"),
    "text-401": (401, TEXT, b"You are not authenticated.", Unauthenticated, "not authenticated"),
    "text-403": (403, TEXT, b"Permission denied", PermissionDenied, "Permission denied"),
    "text-429": (429, {**TEXT, "Retry-After": "0"}, b"slow down", RateLimited, "slow down"),
    "unknown-code-409": (409, JSON, b'{"error_code": "RESOURCE_CONFLICT", "message": "busy"}', ApiError, "busy"),
    "binary-garbage-500": (500, {"Content-Type": "application/octet-stream"}, bytes(range(256)), ServerError, "500"),
    "json-null-200": (200, JSON, b"null", ApiError, ""),
    # MLflow 3's artifact routes (FastAPI) answer `{"detail": ...}`: a text, or a list of problems for a 422.
    "fastapi-detail-400": (
        400,
        JSON,
        b'{"detail": "Artifact path refers to a directory, not a file: \'1/r/artifacts/dir\'"}',
        InvalidParameterValue,
        "refers to a directory",
    ),
    "fastapi-detail-503": (
        503,
        JSON,
        b'{"detail": "Artifact serving is not configured."}',
        ServerError,
        "not configured",
    ),
    "fastapi-detail-422": (
        422,
        JSON,
        b'{"detail": [{"type": "missing", "loc": ["query", "path"], "msg": "Field required"}]}',
        ApiError,
        "Field required",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_odd_answer_becomes_a_typed_error(
    case: tuple[int, dict[str, str], bytes, type[MlflowError], str], tracking: TrackingClient, httpx_mock: HTTPXMock
) -> None:
    status, headers, body, expected, text = case
    httpx_mock.add_response(url=GET_EXP, status_code=status, headers=headers, content=body, is_reusable=True)
    with pytest.raises(MlflowError) as info:
        tracking.get_experiment("1")
    error = info.value
    assert type(error) is expected, repr(error)
    assert not isinstance(error, json.JSONDecodeError)
    assert text in str(error)
    assert isinstance(error, ApiError)
    if error.status_code is not None:  # an empty 200 is found missing after parsing, where no status is kept
        assert error.status_code == status
        assert GET_EXP.split("?", maxsplit=1)[0] in str(error)
    assert len(str(error)) < 600  # a summary, not a whole page
    assert SECRET not in str(error) + repr(error)


def test_retryable_answers_are_retried_then_succeed(tracking: TrackingClient, httpx_mock: HTTPXMock) -> None:
    for status in (503, 502, 429):
        httpx_mock.add_response(url=GET_EXP, status_code=status, headers=TEXT, content=b"later")
    httpx_mock.add_response(url=GET_EXP, json={"experiment": answers.experiment("1", "e")})
    with TrackingClient(URL, max_retries=3) as plain:
        assert plain.get_experiment("1").name == "e"
    assert len(httpx_mock.get_requests()) == 4


def test_a_cut_connection_is_a_transport_error(tracking: TrackingClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_exception(httpx.RemoteProtocolError("peer closed connection"), is_reusable=True)
    with pytest.raises(TransportError, match="RemoteProtocolError: peer closed connection") as info:
        tracking.get_experiment("1")
    assert info.value.url == GET_EXP
    assert len(httpx_mock.get_requests()) == 3  # the first try and max_retries=2 more


def redirect(location: str, status: int = 302) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, headers={"Location": location})


def test_credentials_do_not_follow_a_redirect_to_another_host(tracking: TrackingClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(redirect(f"{OTHER}/api/2.0/mlflow/experiments/get?experiment_id=1"), url=GET_EXP)
    httpx_mock.add_response(
        url=f"{OTHER}/api/2.0/mlflow/experiments/get?experiment_id=1", json={"experiment": answers.experiment()}
    )
    tracking.get_experiment("1")
    first, second = httpx_mock.get_requests()
    assert first.headers["Authorization"].startswith("Basic ")
    assert second.url.host == "127.0.0.2"
    assert "Authorization" not in second.headers
    assert SECRET not in str(second.headers)


def test_token_does_not_follow_a_redirect_either(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(redirect(f"{OTHER}/elsewhere", 307), url=GET_EXP)
    httpx_mock.add_response(url=f"{OTHER}/elsewhere", json={"experiment": answers.experiment()})
    with TrackingClient(URL, token="tok-123") as tracking:
        tracking.get_experiment("1")
    first, second = httpx_mock.get_requests()
    assert first.headers["Authorization"] == "Bearer tok-123"
    assert "Authorization" not in second.headers


def test_a_redirect_to_a_login_page_is_an_error_not_a_decoding_error(
    tracking: TrackingClient, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_callback(redirect(f"{OTHER}/login?next=/api"), url=GET_EXP)
    httpx_mock.add_response(url=f"{OTHER}/login?next=%2Fapi", headers=HTML, content=LOGIN_PAGE.encode())
    with pytest.raises(ApiError, match="not JSON") as info:
        tracking.get_experiment("1")
    assert "/login" in str(info.value)
    assert "Authorization" not in httpx_mock.get_requests()[1].headers


def test_a_post_redirected_to_a_login_page(tracking: TrackingClient, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_callback(redirect(f"{URL}/login"), url=f"{URL}/api/2.0/mlflow/runs/log-batch")
    httpx_mock.add_response(url=f"{URL}/login", headers=HTML, content=LOGIN_PAGE.encode())
    with pytest.raises(ApiError, match=r"not JSON|Sign in"):
        tracking.log_batch("r" * 32, metrics={"m": 1.0})


@pytest.mark.anyio
async def test_async_client_types_odd_answers_the_same(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=GET_EXP, status_code=404, headers=HTML, content=FLASK_404.encode())
    httpx_mock.add_response(url=GET_EXP, status_code=200, headers=JSON, content=b'{"experim')
    async with AsyncTrackingClient(URL, max_retries=0) as tracking:
        with pytest.raises(EndpointNotFound, match="404 Not Found"):
            await tracking.get_experiment("1")
        with pytest.raises(ApiError, match="not JSON"):
            await tracking.get_experiment("1")


def test_a_real_fastapi_detail_is_typed(server3: MlflowServer, tmp_path: Path) -> None:
    """3.17.2's own `{"detail": ...}` answer (a directory asked for as a file) becomes InvalidParameterValue."""
    with TrackingClient(server3.url) as client:
        run = client.create_run(client.create_experiment(unique("detail")))
        (tmp_path / "dir").mkdir()
        (tmp_path / "dir" / "a.txt").write_text("a")
        client.log_artifacts(run.info.run_id, tmp_path)
        path = run.info.artifact_uri.removeprefix("mlflow-artifacts:/")
        response = httpx.get(f"{server3.url}/api/2.0/mlflow-artifacts/artifacts/{path}/dir")
    assert response.json() == {"detail": f"Artifact path refers to a directory, not a file: '{path}/dir'"}
    error = error_from_response(response, method="GET", url="artifacts/dir")
    assert isinstance(error, InvalidParameterValue)
    assert error.message.endswith(f"a directory, not a file: '{path}/dir'")

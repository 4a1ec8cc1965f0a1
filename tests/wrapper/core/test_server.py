"""The server-version gate (`_core.server`): a call that needs MLflow 3 asks the server's version once per client and
refuses an older server with `ServerTooOld` before sending; a server that does not say is trusted."""

from __future__ import annotations

import pytest
from pytest_httpx import HTTPXMock

from mlflow_lite import AsyncTrackingClient, MlflowError, ServerTooOld, TrackingClient

URL = "http://mlflow.test"
MODEL = {
    "model": {
        "info": {
            "model_id": "m-1",
            "experiment_id": "1",
            "name": "n",
            "creation_timestamp_ms": 1,
            "last_updated_timestamp_ms": 1,
            "artifact_uri": "mlflow-artifacts:/1/models/m-1/artifacts",
            "status": "LOGGED_MODEL_READY",
        },
        "data": {},
    }
}


def test_an_older_server_is_refused_once_asked(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{URL}/version", text="2.22.5\n")
    with TrackingClient(URL, max_retries=0) as client:
        for _ in range(2):
            with pytest.raises(ServerTooOld) as caught:
                client.get_logged_model("m-1")
    error = caught.value
    assert isinstance(error, MlflowError)
    assert (error.what, error.needed, error.server_version) == ("get_logged_model", "3.0", "2.22.5")
    assert [r.url.path for r in httpx_mock.get_requests()] == ["/version"]  # asked once, nothing else sent


@pytest.mark.parametrize("version", ["3.0.0", "3.17.2", "3.2.0rc1", "4.0"])
def test_a_new_enough_server_is_served(httpx_mock: HTTPXMock, version: str) -> None:
    httpx_mock.add_response(url=f"{URL}/version", text=version)
    httpx_mock.add_response(url=f"{URL}/api/2.0/mlflow/logged-models/m-1", json=MODEL)
    with TrackingClient(URL, max_retries=0) as client:
        assert client.get_logged_model("m-1").model_id == "m-1"


@pytest.mark.parametrize(
    "answer",
    [
        {"status_code": 404, "text": "<html><title>404 Not Found</title></html>"},
        {"status_code": 200, "text": "<!doctype html><html>the UI</html>"},
        {"status_code": 200, "text": ""},
    ],
    ids=["404", "html", "empty"],
)
def test_a_server_that_does_not_say_is_trusted(httpx_mock: HTTPXMock, answer: dict[str, object]) -> None:
    # A proxy that hides the route, or a hosted service: its answer to the call itself decides.
    httpx_mock.add_response(url=f"{URL}/version", **answer)  # type: ignore[arg-type]
    httpx_mock.add_response(url=f"{URL}/api/2.0/mlflow/logged-models/m-1", json=MODEL, is_reusable=True)
    with TrackingClient(URL, max_retries=0) as client:
        assert client.get_logged_model("m-1").model_id == "m-1"
        assert client.get_logged_model("m-1").model_id == "m-1"
    assert [r.url.path for r in httpx_mock.get_requests()].count("/version") == 1


def test_a_path_prefix_is_kept(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{URL}/mlflow/version", text="2.9.0")
    with TrackingClient(f"{URL}/mlflow", max_retries=0) as client, pytest.raises(ServerTooOld, match=r"2\.9\.0"):
        client.log_outputs("r" * 32, [])


@pytest.mark.anyio
async def test_the_async_client_gates_alike(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=f"{URL}/version", text="2.22.5")
    async with AsyncTrackingClient(URL, max_retries=0) as client:
        with pytest.raises(ServerTooOld):
            await client.create_logged_model("1")
        with pytest.raises(ServerTooOld):
            await client.log_inputs("r" * 32, models=["m-1"])

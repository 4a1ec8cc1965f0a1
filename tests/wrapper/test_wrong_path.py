"""A tracking URI with a wrong path (`http://host:port/mlflow` for a server mounted at `/`): every front door
says there is no tracking endpoint at that URL (`EndpointNotFound`, MLflow's `ENDPOINT_NOT_FOUND`), never that
an experiment or run does not exist, as MLflow's own client does on both server versions."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from oracle import run_mlflow

import mlflow_lite as mlflow
from mlflow_lite import (
    AsyncTrackingClient,
    EndpointNotFound,
    MlflowClient,
    MlflowError,
    ResourceDoesNotExist,
    TrackingClient,
    _fluent,
)
from mlflow_lite._cli import main
from mlflow_server import MlflowServer

RUN_ID = "0" * 32

# What MLflow's client raises for the same calls: {call: [exception class, error_code, HTTP status]}.
ORACLE = """
import mlflow
from mlflow import MlflowClient
client = MlflowClient()
calls = {
    "get_experiment_by_name": lambda: client.get_experiment_by_name("x"),
    "get_run": lambda: client.get_run("0" * 32),
    "create_experiment": lambda: client.create_experiment("x"),
    "set_experiment": lambda: mlflow.set_experiment("x"),
}
found = {}
for name, call in calls.items():
    try:
        call()
        found[name] = None
    except Exception as e:
        found[name] = [type(e).__name__, e.error_code, e.get_http_status_code()]
print(json.dumps(found))
"""


@pytest.fixture
def wrong(server: MlflowServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The server's URL with a path it does not serve; the fluent API pointed at it, with fresh state."""
    url = server.url + "/mlflow"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", url)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.setattr(_fluent, "_thread", _fluent._Thread())
    yield url
    if _fluent._process.client is not None:
        _fluent._process.client.close()


def ours(client: MlflowClient) -> dict[str, Callable[[], Any]]:
    return {
        "get_experiment_by_name": lambda: client.get_experiment_by_name("x"),
        "get_run": lambda: client.get_run(RUN_ID),
        "create_experiment": lambda: client.create_experiment("x"),
        "set_experiment": lambda: mlflow.set_experiment("x"),
    }


def test_as_mlflows_client_says(wrong: str, server: MlflowServer) -> None:
    theirs = run_mlflow(server.version, ORACLE, wrong, env={"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"})
    with MlflowClient(wrong) as client:
        for name, call in ours(client).items():
            with pytest.raises(EndpointNotFound) as info:
                call()
            error = info.value
            assert not isinstance(error, ResourceDoesNotExist)
            assert [error.error_code, error.status_code] == theirs[name][1:], name
            assert "check the tracking URI's path" in str(error)


def test_tracking_clients(wrong: str) -> None:
    with TrackingClient(wrong) as client:
        with pytest.raises(EndpointNotFound, match="check the tracking URI's path"):
            client.get_experiment_by_name("x")
        with pytest.raises(EndpointNotFound):
            client.get_experiment("0")
        with pytest.raises(EndpointNotFound):
            client.start_run("x")


@pytest.mark.anyio
async def test_async_client(wrong: str) -> None:
    async with AsyncTrackingClient(wrong) as client:
        with pytest.raises(EndpointNotFound, match="check the tracking URI's path"):
            await client.get_experiment_by_name("x")
        with pytest.raises(EndpointNotFound):
            await client.get_run(RUN_ID)


def test_fluent_start_run(wrong: str) -> None:
    with pytest.raises(EndpointNotFound):
        mlflow.start_run()
    assert mlflow.active_run() is None


def test_command_line(wrong: str, server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tracking-uri", wrong, "runs", "list", "x"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "no experiment named" not in err
    assert "ENDPOINT_NOT_FOUND" in err
    assert "check the tracking URI's path" in err

    assert main(["--tracking-uri", wrong, "doctor", "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert (findings["reachable"], findings["tracking_server"], findings["ok"]) == (True, False, False)
    assert main(["--tracking-uri", wrong, "doctor"]) == 1
    assert "not an MLflow tracking server" in capsys.readouterr().out
    # The right path: a tracking server.
    assert main(["--tracking-uri", server.url, "doctor", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tracking_server"] is True


def test_mlflows_own_not_found_is_still_does_not_exist(server: MlflowServer) -> None:
    """The server's JSON 404 (a run that does not exist) stays `ResourceDoesNotExist`, and a missing
    experiment name stays None."""
    with TrackingClient(server.url) as client:
        assert client.get_experiment_by_name("no such experiment here") is None
        with pytest.raises(ResourceDoesNotExist) as info:
            client.get_run(RUN_ID)
    assert info.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert isinstance(info.value, MlflowError)

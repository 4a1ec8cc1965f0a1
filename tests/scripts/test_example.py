"""The blog's example (`scripts/example.py`, `make demo`) prints the blog's lines against a real server."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import unique

from mlflow_lite import TrackingClient
from mlflow_lite.compat import MLflowTrackingRestApi
from mlflow_server import ROOT, MlflowServer

FIRST = [
    "MLFlow RestAPI Example.",
    "experiment_info:  None",
    "Create new experiment.",
    "Successfully create new experiment.",
    "Successfully create run with run id: <id>",
    "Successfully logged parameter.",
    "Successfully set tag.",
    "Successfully logged parameter",
    "Successfully logged batch",
]
LATER = [
    "MLFlow RestAPI Example.",
    "experiment_info:  {...}",
    "experiment has already been created.",
    *FIRST[4:],
]


def shape(output: str) -> list[str]:
    lines = [re.sub(r"run id: [0-9a-f]{32}$", "run id: <id>", line) for line in output.splitlines()]
    return [re.sub(r"^experiment_info:  \{.*\}$", "experiment_info:  {...}", line) for line in lines]


def run_script(script: str, config: Path, uri: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")} | {"MLFLOW_TRACKING_URI": uri}
    args = [sys.executable, str(ROOT / "scripts" / script)] + (["--config", str(config)] if config else [])
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout


def test_example_prints_the_blogs_lines(server: MlflowServer, tmp_path: Path) -> None:
    name = unique("test3")
    config = tmp_path / "config.txt"
    config.write_text(f"[main]\nhostname=127.0.0.1\nport=1\nexperiment-name={name}\n")  # the URI wins
    assert shape(run_script("example.py", config, server.url)) == FIRST
    assert shape(run_script("example.py", config, server.url)) == LATER
    with TrackingClient(server.url) as client:
        experiment = client.get_experiment_by_name(name)
        assert experiment is not None
        runs = list(client.search_runs(str(experiment.experiment_id)))
    assert len(runs) == 2
    data = runs[0].data
    assert data.params == {
        "alpha": "0.198",
        "learning_rate": "0.01",
        "n_estimators": "10",
    }
    assert data.metrics == {"precision": 0.769, "mse": 2500.0, "rmse": 50.0}


def test_demo_uses_the_given_server(server2: MlflowServer) -> None:
    """With MLFLOW_TRACKING_URI set, `make demo` (scripts/demo.py) starts no server of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")} | {"MLFLOW_TRACKING_URI": server2.url}
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert f"Using the MLflow server at {server2.url}" in out
    assert "Starting an embedded" not in out
    assert "Successfully logged batch" in out


def test_compat_methods(server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    name = unique("compat")
    api = MLflowTrackingRestApi(tracking_uri=server.url, experiment_name=name)
    assert "Create new experiment." in capsys.readouterr().out
    assert api.experiment_id is not None
    assert api.get_experiment_by_name(unique("missing")) is None
    experiment = api.get_experiment(api.experiment_id)
    assert experiment is not None
    assert experiment["name"] == name
    assert name in [e["name"] for e in api.list_experiments()]
    assert api.log_metric({"key": "loss", "value": math.nan}) == 200
    assert api.log_param({"alpha": 0.1}) == 200
    assert api.log_param({"alpha": 0.2}) == 400  # params never change: the server's 400
    assert api.set_tag({"bad key!": 1}) == 400  # refused before sending
    second = api.create_run()
    assert second != api.run_id
    history = api.client.get_metric_history(api.run_id, "loss")
    assert [math.isnan(float(m.value)) for m in history] == [True]
    api.client.close()

"""The fluent API (`import mlflow_lite as mlflow`) on real servers: its run stack, experiments, errors as MLflow
users meet them, buffered runs, offline logging with a spool folder (no server yet: a loopback port nothing listens
on; then the server "appears" as a proxy started on that port), and the optional libraries. Whole scripts compared
with MLflow itself are in `tests/compat/`."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import unique
from faultproxy import FaultProxy
from oracle import mlflow_signatures, run_mlflow, signature_problems
from readback import history

import mlflow_lite as mlflow
from mlflow_lite import (
    InvalidParameterValue,
    MissingDependency,
    MlflowError,
    ResourceDoesNotExist,
    ServerTooOld,
    TrackingClient,
    TransportError,
    _fluent,
)
from mlflow_lite._durable.journal import journal_files
from mlflow_lite.entities import Dataset, LoggedModelOutput
from mlflow_server import VERSIONS, MlflowServer, free_port


@pytest.fixture
def fluent(server: MlflowServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[TrackingClient]:
    """The fluent API pointed at `server`, with its process and thread state fresh before and after."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", server.url)
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.setattr(_fluent, "_thread", _fluent._Thread())
    with TrackingClient(server.url) as reader:
        yield reader
    while mlflow.active_run() is not None:
        mlflow.end_run()
    if _fluent._process.client is not None:
        _fluent._process.client.close()


def test_logged_models_through_the_fluent_api(fluent: TrackingClient, server: MlflowServer) -> None:
    """MLflow 3's fluent logged-model functions; on 2.22.5 a linked metric is refused before anything is sent.
    (The compat script 26_logged_model.py compares the whole workflow with MLflow's own.)"""
    experiment = mlflow.set_experiment(unique("fluent-lm"))
    evaluation = Dataset(name="eval", digest="e1", source_type="local", source="{}")
    with mlflow.start_run() as run:
        if server.version.startswith("2."):
            with pytest.raises(ServerTooOld):
                mlflow.log_metric("accuracy", 0.5, model_id="m-0")
            with pytest.raises(ServerTooOld):
                mlflow.initialize_logged_model("model")
            assert fluent.get_run(run.info.run_id).data.metrics == {}
            return
        model = mlflow.initialize_logged_model("model", params={"alpha": 1})
        # Made by the active run, in its experiment, with the run's context tags.
        assert (model.source_run_id, model.experiment_id) == (run.info.run_id, experiment.experiment_id)
        assert model.tags["mlflow.source.type"] == "LOCAL"
        mlflow.log_metrics({"a": 1.0, "b": 2.0}, step=2, model_id=model.model_id, dataset=evaluation)
        mlflow.log_outputs([LoggedModelOutput(model.model_id, 2)])
    stored = fluent.get_run(run.info.run_id)
    # As MLflow: the model and the dataset become the run's inputs when a metric names them.
    assert [i.model_id for i in stored.inputs.model_inputs] == [model.model_id]
    assert [(i.dataset.name, i.dataset.digest) for i in stored.inputs.dataset_inputs] == [("eval", "e1")]
    got = mlflow.get_logged_model(model.model_id)
    assert sorted((m.key, m.step, m.dataset_name, m.run_id) for m in got.metrics) == [
        ("a", 2, "eval", run.info.run_id),
        ("b", 2, "eval", run.info.run_id),
    ]
    assert mlflow.last_logged_model() == got
    frame = mlflow.search_logged_models(output_format="pandas")
    assert list(frame["model_id"]) == [model.model_id]
    assert list(frame["status"]) == ["PENDING"]
    with pytest.raises(InvalidParameterValue, match="log_model_params needs a model_id"):
        mlflow.log_model_params({"x": 1})


def test_the_run_stack(fluent: TrackingClient) -> None:
    experiment = mlflow.set_experiment(unique("stack"))
    assert mlflow.active_run() is None
    mlflow.end_run()  # nothing active: a no-op, as in MLflow
    with mlflow.start_run(run_name="outer") as outer:
        assert outer.info.experiment_id == experiment.experiment_id
        with pytest.raises(MlflowError, match=r"is already active\. To start a new run, first end the current run"):
            mlflow.start_run()
        with mlflow.start_run(nested=True) as inner:
            assert mlflow.active_run() is inner
        assert mlflow.active_run() is outer
        assert fluent.get_run(inner.info.run_id).data.tags["mlflow.parentRunId"] == outer.info.run_id
    assert mlflow.active_run() is None
    last = mlflow.last_active_run()
    assert last is not None
    assert (last.info.run_id, last.info.status) == (outer.info.run_id, "FINISHED")


def test_logging_with_no_active_run_starts_one(fluent: TrackingClient, monkeypatch: pytest.MonkeyPatch) -> None:
    name = unique("auto")
    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", name)
    mlflow.log_metric("m", 1.0)
    run = mlflow.active_run()
    assert run is not None
    experiment = fluent.get_experiment_by_name(name)
    assert experiment is not None
    assert run.info.experiment_id == experiment.experiment_id
    mlflow.end_run()
    assert fluent.get_run(run.info.run_id).info.status == "FINISHED"


def test_a_raising_block_fails_the_run(fluent: TrackingClient) -> None:
    mlflow.set_experiment(unique("raises"))
    with pytest.raises(KeyboardInterrupt), mlflow.start_run() as run:
        raise KeyboardInterrupt  # FAILED, as MLflow's fluent API ends it (the client's handle says KILLED)
    assert fluent.get_run(run.info.run_id).info.status == "FAILED"


def test_experiments_as_mlflow_has_them(fluent: TrackingClient, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidParameterValue, match="exactly one of"):
        mlflow.set_experiment()
    name = unique("exp")
    experiment = mlflow.set_experiment(name)
    assert mlflow.set_experiment(experiment_id=experiment.experiment_id).name == name
    mlflow.set_experiment_tags({"a": 1, "b": "2"})
    assert fluent.get_experiment(experiment.experiment_id).tags == {"a": "1", "b": "2"}
    doomed = mlflow.create_experiment(unique("doomed"))
    mlflow.delete_experiment(doomed)
    with pytest.raises(InvalidParameterValue, match="Cannot set a deleted experiment"):
        mlflow.set_experiment(experiment_id=doomed)
    monkeypatch.setattr(_fluent._process, "experiment_id", None)
    monkeypatch.setenv("MLFLOW_EXPERIMENT_ID", "987654321")
    with pytest.raises(InvalidParameterValue, match="does not exist in the tracking server"):
        mlflow.start_run()


def test_resume_runs_by_id_and_environment(fluent: TrackingClient, monkeypatch: pytest.MonkeyPatch) -> None:
    mlflow.set_experiment(unique("resume"))
    with mlflow.start_run() as first:
        mlflow.log_metric("m", 1.0, step=0)
    monkeypatch.setenv("MLFLOW_RUN_ID", first.info.run_id)
    with mlflow.start_run() as again:
        mlflow.log_metric("m", 2.0, step=1)
    assert again.info.run_id == first.info.run_id
    assert "MLFLOW_RUN_ID" not in __import__("os").environ
    mlflow.set_experiment(unique("other"))
    with pytest.raises(InvalidParameterValue, match="belongs to experiment"):
        mlflow.start_run(run_id=first.info.run_id)  # not a run of the active experiment
    with pytest.raises(ResourceDoesNotExist):
        mlflow.start_run(run_id="f" * 32)
    assert [m.value for m in fluent.get_metric_history(first.info.run_id, "m")] == [1.0, 2.0]


def test_buffered_fluent_runs(fluent: TrackingClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """MLflow's switch for background logging, MLFLOW_ENABLE_ASYNC_LOGGING, buffers the fluent API's runs."""
    monkeypatch.setenv("MLFLOW_ENABLE_ASYNC_LOGGING", "true")
    mlflow.set_experiment(unique("buffered"))
    with mlflow.start_run() as run:
        assert run._sender is not None
        for step in range(2500):
            mlflow.log_metric("loss", step / 7, step=step)
        mlflow.log_param("p", "v")
        mlflow.delete_tag("mlflow.source.type")  # flushes what is buffered before it
    history = fluent.get_metric_history(run.info.run_id, "loss")
    assert [m.step for m in history] == list(range(2500))
    assert fluent.get_run(run.info.run_id).data.params == {"p": "v"}


def test_each_thread_has_its_own_run(fluent: TrackingClient) -> None:
    mlflow.set_experiment(unique("threads"))
    seen: dict[str, str | None] = {}

    def work(name: str) -> None:
        seen[name + "-before"] = None if mlflow.active_run() is None else "inherited"
        with mlflow.start_run(run_name=name) as run:
            seen[name] = run.info.run_id

    with mlflow.start_run():
        threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert all(seen[f"t{i}-before"] is None for i in range(3))
    assert len({seen[f"t{i}"] for i in range(3)}) == 3


def test_search_runs_frame_and_list(fluent: TrackingClient) -> None:
    pytest.importorskip("pandas")
    mlflow.set_experiment(unique("frame"))
    for index in range(2):
        with mlflow.start_run(run_name=f"r{index}"):
            mlflow.log_metric("nan", math.nan)
            if index:
                mlflow.log_param("only_second", "yes")
    frame = mlflow.search_runs(order_by=["attributes.run_name ASC"])
    assert list(frame.columns[:6]) == ["run_id", "experiment_id", "status", "artifact_uri", "start_time", "end_time"]
    first, second = frame["params.only_second"]
    assert (first is None or math.isnan(first), second) == (True, "yes")  # pandas 3 reads None as NaN
    assert math.isnan(frame["metrics.nan"][0])
    assert str(frame["start_time"].dt.tz) == "UTC"
    runs = mlflow.search_runs(output_format="list", order_by=["attributes.run_name ASC"])
    assert [r.info.run_name for r in runs] == ["r0", "r1"]
    with pytest.raises(InvalidParameterValue, match="Unsupported output format"):
        mlflow.search_runs(output_format="csv")  # type: ignore[call-overload]


def test_bad_calls_are_refused(fluent: TrackingClient) -> None:
    with pytest.raises(InvalidParameterValue, match="'mlruns' is a local store"):
        mlflow.set_tracking_uri(Path("mlruns"))
    with pytest.raises(InvalidParameterValue, match=r"'\./mlruns' is a local store"):
        mlflow.set_tracking_uri("")
    with pytest.raises(InvalidParameterValue, match="system metrics"):
        mlflow.start_run(log_system_metrics=True)
    mlflow.set_experiment(unique("bad"))
    with pytest.raises(InvalidParameterValue, match="Description is already set"):
        mlflow.start_run(description="d", tags={"mlflow.note.content": "x"})
    with mlflow.start_run():
        with pytest.raises(InvalidParameterValue, match="exactly one of `artifact_file` or `key`"):
            mlflow.log_image(object())
        with pytest.raises(InvalidParameterValue, match="Unsupported figure object type"):
            mlflow.log_figure(object(), "f.png")
        with pytest.raises(InvalidParameterValue, match=r"'\.json' or '\.parquet'"):
            mlflow.log_table({"a": [1]}, "t.csv")


# `set_tracking_uri` and the environment, step by step; each step records what the URI is (the one set in code,
# MLFLOW_TRACKING_URI's, or the library's default, which differs: MLflow's is a local store), the variable, and
# `is_tracking_uri_set()`. Run with MLflow and with mlflow-lite.
TRACKING_URI_STEPS = """
import os
ENV, CODE = "http://127.0.0.1:9/env", "http://127.0.0.1:9/code"
def state():
    uri = mlflow.get_tracking_uri()
    return [uri if uri in (ENV, CODE) else "<default>", os.environ.get("MLFLOW_TRACKING_URI"),
            mlflow.is_tracking_uri_set()]
os.environ["MLFLOW_TRACKING_URI"] = ENV
steps = [state()]
mlflow.set_tracking_uri(None)  # nothing set in code: MLflow leaves the variable alone
steps.append(state())
mlflow.set_tracking_uri(CODE)
steps.append(state())
mlflow.set_tracking_uri(None)  # back to the default: the variable is unset too
steps.append(state())
mlflow.set_tracking_uri(None)
steps.append(state())
os.environ["MLFLOW_TRACKING_URI"] = ENV
steps.append(state())
"""


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_set_tracking_uri_none_resets_as_mlflow_does(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = run_mlflow(version, "import mlflow\n" + TRACKING_URI_STEPS + "print(json.dumps(steps))", "")
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)  # restored after the steps set it
    scope: dict[str, object] = {"mlflow": mlflow}
    exec(TRACKING_URI_STEPS, scope)  # noqa: S102 - the test's own code, shared with MLflow's side
    assert scope["steps"] == theirs
    assert theirs[3] == ["<default>", None, False]  # what the item is about: None resets to the default


# `set_registry_uri` and MLFLOW_REGISTRY_URI, step by step, as the tracking URI's steps above: what
# `get_registry_uri()` says (the tracking URI, the variable's, or the one set in code) and the variable.
REGISTRY_URI_STEPS = """
import os
TRACKING, ENV, CODE = "http://127.0.0.1:9/t", "http://127.0.0.1:9/env", "http://127.0.0.1:9/code"
mlflow.set_tracking_uri(TRACKING)
def state():
    return [mlflow.get_registry_uri(), os.environ.get("MLFLOW_REGISTRY_URI")]
steps = [state()]
os.environ["MLFLOW_REGISTRY_URI"] = ENV
steps.append(state())
mlflow.set_registry_uri(CODE)
steps.append(state())
mlflow.set_registry_uri(None)  # forgets the one set in code; the variable (set by it) stays
steps.append(state())
del os.environ["MLFLOW_REGISTRY_URI"]
steps.append(state())
mlflow.set_tracking_uri(None)
"""


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_registry_uri_follows_mlflow(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = run_mlflow(version, "import mlflow\n" + REGISTRY_URI_STEPS + "print(json.dumps(steps))", "")
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.setenv("MLFLOW_REGISTRY_URI", "")  # so that the variable the steps set is unset after
    monkeypatch.delenv("MLFLOW_REGISTRY_URI")
    scope: dict[str, object] = {"mlflow": mlflow}
    exec(REGISTRY_URI_STEPS, scope)  # noqa: S102 - the test's own code, shared with MLflow's side
    assert scope["steps"] == theirs
    assert theirs[0][0] == "http://127.0.0.1:9/t"  # by default, the tracking server's registry


def test_register_model_refuses_another_registry_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    """mlflow-lite's registry is the tracking server's: a registry URI naming another server is refused at the
    call, before any request (the tracking URI here answers nothing: a request would be a `TransportError`)."""
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    monkeypatch.setenv("MLFLOW_REGISTRY_URI", "")  # so that the variable the steps set is unset after
    monkeypatch.delenv("MLFLOW_REGISTRY_URI")
    mlflow.set_tracking_uri("http://127.0.0.1:9")
    mlflow.set_registry_uri("databricks-uc")
    with pytest.raises(InvalidParameterValue, match="registry URI 'databricks-uc' differs from the tracking URI"):
        mlflow.register_model("runs:/abc/model", "m")
    with pytest.raises(InvalidParameterValue, match="non-empty str"):
        mlflow.set_registry_uri("")
    mlflow.set_tracking_uri(None)


# MLflow's parameters the fluent functions do not take, and why.
NOT_TAKEN = {
    "set_experiment": {"trace_location"},  # MLflow 3's trace locations (Databricks Unity Catalog)
    "create_experiment": {"trace_location"},
    "register_model": {"env_pack"},  # Databricks model serving
}
# Functions MLflow 2.x does not have.
MLFLOW_3_ONLY = {
    "delete_logged_model_tag",
    "finalize_logged_model",
    "get_logged_model",
    "initialize_logged_model",
    "last_logged_model",
    "log_model_params",
    "log_outputs",
    "search_logged_models",
    "set_logged_model_tags",
}


# --- offline: a spool folder and no server (yet) ---------------------------------------------------------------

# A test's client finds the server away in a fraction of a second instead of ten (two retries, quick back-off),
# while each request keeps the usual time to be answered, however loaded the machine.
FAST_ENV = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.1",
    "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0.05",
}
# What a fluent process inherits from the test process and must not: they choose its experiment or run.
CHOSEN_BY_ENV = ("MLFLOW_EXPERIMENT_NAME", "MLFLOW_EXPERIMENT_ID", "MLFLOW_RUN_ID", "MLFLOW_ENABLE_ASYNC_LOGGING")


def nowhere() -> str:
    """A tracking URI nothing answers at (yet): a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def proxy_at() -> Iterator[Any]:
    """Start a proxy to a real server on a URI's port: the server at that URI "comes back"."""
    started: list[FaultProxy] = []

    def start(uri: str, upstream: str) -> FaultProxy:
        proxy = FaultProxy(upstream, port=int(uri.rsplit(":", 1)[1])).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def away(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The fluent API with fresh process and thread state, pointed (by MLFLOW_TRACKING_URI) at a URI nothing
    answers at, with quick retries; the environment it changes is put back afterwards."""
    uri = nowhere()
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    for name, value in FAST_ENV.items():
        monkeypatch.setenv(name, value)
    for name in CHOSEN_BY_ENV:
        monkeypatch.setenv(name, "")  # noted, so that what the fluent API sets is removed afterwards
        monkeypatch.delenv(name)
    monkeypatch.setattr(_fluent, "_process", _fluent._Process())
    monkeypatch.setattr(_fluent, "_thread", _fluent._Thread())
    yield uri
    while mlflow.active_run() is not None:
        mlflow.end_run()
    if _fluent._process.client is not None:
        _fluent._process.client.close()


def test_an_unreachable_server_is_named_with_where_its_uri_came_from(away: str) -> None:
    """The fluent API's client said "from the tracking_uri argument" whatever the URI's source was."""
    with pytest.raises(TransportError, match=re.escape(f"{away} (the tracking URI, from MLFLOW_TRACKING_URI)")):
        mlflow.set_experiment("anywhere")
    elsewhere = nowhere()
    mlflow.set_tracking_uri(elsewhere)
    with pytest.raises(TransportError, match=re.escape(f"{elsewhere} (the tracking URI, from set_tracking_uri())")):
        mlflow.start_run()
    mlflow.set_tracking_uri("file:///tmp/mlruns")
    with pytest.raises(InvalidParameterValue, match=re.escape("from set_tracking_uri()")):
        mlflow.get_experiment("0")


OFFLINE_SCRIPT = """
import sys
import mlflow_lite as mlflow

experiment = mlflow.set_experiment(sys.argv[1])
run = mlflow.start_run(run_name="on-a-plane", tags={"team": "edge"})
print("ids", repr(experiment.experiment_id), repr(run.run_id), flush=True)
mlflow.log_param("lr", 0.1)
mlflow.log_params({"layers": 3, "optimizer": "adam"})
for step in range(int(sys.argv[2])):
    mlflow.log_metric("loss", step * 0.5, step=step)
mlflow.log_metrics({"acc": 0.75, "f1": 0.5}, step=7)
mlflow.set_tag("phase", "offline")
mlflow.set_tags({"x": "1", "y": "2"})
mlflow.end_run()
print("done", flush=True)
"""


def sync_until_done(spool: Path, env: dict[str, str]) -> tuple[int, int]:
    """`mlflow-lite sync` through its console script, run again as its message says when the server stopped
    answering (a loaded machine's server can take longer than the command's 10 s); the runs and values delivered
    in all, as the syncs reported them."""
    runs = values = 0
    for _ in range(5):
        done = subprocess.run(
            [str(Path(sys.executable).parent / "mlflow-lite"), "sync", "--spool-dir", str(spool)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        found = re.search(r"delivered (\d+) runs? \((\d+) values?\)", done.stdout)
        assert found is not None, done.stdout + done.stderr
        runs, values = runs + int(found[1]), values + int(found[2])
        if done.returncode == 0:
            return runs, values
        assert "the server stopped answering" in done.stderr, done.stdout + done.stderr
    raise AssertionError("sync did not finish in 5 tries")


def test_a_fluent_script_with_no_server_is_delivered_by_sync(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    """With MLFLOW_LITE_SPOOL_DIR and no server, a fluent script ran to its end (it raised TransportError at
    `set_experiment`, writing nothing); `mlflow-lite sync` then stores everything once, in the experiment named,
    which it creates."""
    uri, spool, experiment, steps = nowhere(), tmp_path / "spool", unique("fluent-offline"), 300
    env = {name: value for name, value in os.environ.items() if name not in CHOSEN_BY_ENV}
    env |= FAST_ENV | {"MLFLOW_TRACKING_URI": uri, "MLFLOW_LITE_SPOOL_DIR": str(spool)}
    script = subprocess.run(
        [sys.executable, "-c", OFFLINE_SCRIPT, experiment, str(steps)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert script.returncode == 0, script.stderr
    assert script.stdout.split("\n")[:2] == ["ids '' ''", "done"]  # offline: no ids until delivery
    # Promptly: the server is waited for once (set_experiment's first contact), then every try is one attempt.
    log = script.stderr
    assert "is active by name, and is found or created when its first run is delivered" in log
    assert "retrying in" not in log.split("is active by name")[1], log
    (journal,) = journal_files(spool)
    with TrackingClient(server.url) as reader:
        assert reader.get_experiment_by_name(experiment) is None  # nothing reached a server

        proxy_at(uri, server.url)  # the server is there now
        delivered = sync_until_done(spool, env)
        assert delivered == (1, steps + 2 + 3 + 3)  # the run; its metrics, params and tags
        found = reader.get_experiment_by_name(experiment)
        assert found is not None
        (run,) = reader.search_runs([found.experiment_id])  # one run: created once
        assert run.info.run_name == "on-a-plane"
        assert run.info.status == "FINISHED"
        assert run.data.params == {"lr": "0.1", "layers": "3", "optimizer": "adam"}
        assert {key: run.data.tags[key] for key in ("team", "phase", "x", "y")} == {
            "team": "edge",
            "phase": "offline",
            "x": "1",
            "y": "2",
        }
        assert "mlflow.user" in run.data.tags  # the context tags, taken when the run started
        assert "mlflow_lite.request_id" not in run.data.tags
        run_id = run.info.run_id
        assert [(step, value) for step, _, value in history(reader, run_id, "loss")] == [
            (step, step * 0.5) for step in range(steps)
        ]
        assert [(step, value) for step, _, value in history(reader, run_id, "acc")] == [(7, 0.75)]
        assert [(step, value) for step, _, value in history(reader, run_id, "f1")] == [(7, 0.5)]
    assert not journal.exists()


def test_a_fluent_run_started_offline_is_delivered_by_its_drain(
    away: str, server: MlflowServer, tmp_path: Path, proxy_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An experiment set by id while the server is away is taken as given; the run goes on on its journal, and
    once the server is there its drain creates it in that experiment and delivers everything, once."""
    monkeypatch.setenv("MLFLOW_LITE_SPOOL_DIR", str(tmp_path / "spool"))
    with TrackingClient(server.url) as reader:
        experiment_id = reader.create_experiment(unique("fluent-drain"))
        experiment = mlflow.set_experiment(experiment_id=experiment_id)
        assert (experiment.experiment_id, experiment.name) == (experiment_id, "")  # as given: nothing was asked
        run = mlflow.start_run()
        assert run.run_id == ""
        for step in range(1_500):
            mlflow.log_metric("m", float(step), step=step)
        mlflow.log_param("p", "v")
        with pytest.raises(InvalidParameterValue, match="no id yet"):
            mlflow.start_run(nested=True)  # its parent has no id to name
        with pytest.raises(InvalidParameterValue, match="has not created it yet"):
            mlflow.log_text("t", "t.txt")  # artifacts go to the server directly
        journal = Path(str(run.journal))
        proxy_at(away, server.url)  # the server appears while the run goes on
        for step in range(1_500, 3_000):
            mlflow.log_metric("m", float(step), step=step)
        mlflow.set_tag("t", "after")
        mlflow.end_run()  # waits for the delivery while it progresses
        deadline = time.monotonic() + 120  # unless a try failed just before the server appeared: then the drain
        while journal.exists() and time.monotonic() < deadline:  # goes on after its back-off
            time.sleep(0.1)
        assert not journal.exists()
        assert run.run_id
        assert mlflow.last_active_run() is not None
        stored = reader.get_run(run.run_id)
        assert stored.info.experiment_id == experiment_id
        assert stored.info.status == "FINISHED"
        assert stored.data.params == {"p": "v"}
        assert stored.data.tags["t"] == "after"
        assert len(list(reader.search_runs([experiment_id]))) == 1
        assert [(step, value) for step, _, value in history(reader, run.run_id, "m")] == [
            (step, float(step)) for step in range(3_000)
        ]


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_the_functions_accept_mlflows_calls(version: str) -> None:
    """Every fluent function takes the calls `mlflow.<function>` takes: names, positions, defaults."""
    # Not the names of MLflow's modules served under the same names (`mlflow_lite.client` is MLflow's module
    # `mlflow.client`, while `_fluent.client()` is the fluent API's client).
    names = [name for name in _fluent.__all__ if name in mlflow.__all__ and name not in mlflow._SUBMODULES]
    assert len(names) >= 35
    if version.startswith("2."):
        names = [name for name in names if name not in MLFLOW_3_ONLY]
    theirs = mlflow_signatures(version, "mlflow", names)
    assert set(theirs) == set(names)
    problems = []
    for name, params in theirs.items():
        ours = getattr(mlflow, name)
        problems += signature_problems(name, ours, params, skip_self=False, not_taken=NOT_TAKEN.get(name, set()))
    assert problems == [], "\n".join(problems)


# --- optional libraries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "call", "extra"),
    [
        ("pandas", lambda: mlflow.search_runs(experiment_ids=["0"]), "pandas"),
        ("pandas", lambda: mlflow.log_table({"a": [1]}, "t.json", run_id="r"), "pandas"),
        ("PIL", lambda: mlflow.log_image(__import__("numpy").zeros((2, 2)), "i.png"), "pillow"),
    ],
)
def test_a_missing_library_names_its_extra(
    module: str, call: object, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it raises ImportError
    if module == "PIL":
        monkeypatch.setitem(sys.modules, "PIL.Image", None)
    monkeypatch.setattr(_fluent, "_run_id", lambda run_id: "r")  # no server needed to get this far
    with pytest.raises(MissingDependency, match=rf"pip install 'mlflow-lite\[{extra}\]'") as info:
        call()  # type: ignore[operator]
    assert isinstance(info.value, ImportError)


def test_a_search_without_pandas_says_how_to_do_without_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match='output_format="list"'):
        mlflow.search_runs(experiment_ids=["0"])
    with pytest.raises(MissingDependency, match='output_format="list"'):
        mlflow.search_logged_models(experiment_ids=["0"])

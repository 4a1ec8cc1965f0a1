"""The entities: MLflow's shapes, values and constructors; `to_dict()` round trips; and, on both real servers,
the same values as MLflow's own client returns for the same stored objects."""

from __future__ import annotations

import math
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from conftest import unique
from oracle import run_mlflow

from mlflow_lite import (
    Dataset,
    DatasetInput,
    Experiment,
    ExperimentTag,
    FileInfo,
    InputTag,
    Metric,
    ModelVersion,
    PagedList,
    Param,
    RegisteredModel,
    RegisteredModelAlias,
    Run,
    RunData,
    RunInfo,
    RunInputs,
    RunStatus,
    RunTag,
    TrackingClient,
    ViewType,
)
from mlflow_server import MlflowServer

INFO = RunInfo("a" * 32, "1", "me", "RUNNING", 1000, None, "active", "mlflow-artifacts:/1/a/artifacts", "brave-owl")


def test_constructors_take_mlflows_arguments() -> None:
    assert Metric("loss", 0.5, 1000, 3) == Metric(key="loss", value=0.5, timestamp=1000, step=3)
    data = RunData(
        metrics=[Metric("m", 1.0, 1, 0), Metric("m", 2.0, 2, 1)], params=[Param("p", "1")], tags=[RunTag("t", "v")]
    )
    assert (data.metrics, data.params, data.tags) == ({"m": 2.0}, {"p": "1"}, {"t": "v"})  # the last value wins
    run = Run(run_info=INFO, run_data=data)
    assert (run.info, run.data, run.inputs) == (INFO, data, RunInputs())
    assert Run(INFO, data) == run
    experiment = Experiment("1", "e", "loc", "active", tags=[ExperimentTag("team", "ml")])
    assert experiment.tags == {"team": "ml"}
    model = RegisteredModel("m", 1, 2, aliases=[RegisteredModelAlias("champion", "3")])
    assert model.aliases == {"champion": "3"}
    assert INFO.run_uuid == INFO.run_id  # MLflow's deprecated name


def test_values_compare_by_value_and_nan_equals_nan() -> None:
    assert Metric("m", math.nan, 1, 0) == Metric("m", float("nan"), 1, 0)
    assert hash(Metric("m", math.nan, 1, 0)) == hash(Metric("m", float("nan"), 1, 0))
    assert RunData(metrics={"m": math.nan}) == RunData(metrics={"m": float("nan")})
    assert Metric("m", 1.0, 1, 0) != Metric("m", 1.0, 1, 1)
    assert len({Param("p", "1"), Param("p", "1"), RunTag("p", "1")}) == 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        INFO.status = "FINISHED"  # type: ignore[misc]


def test_repr_is_short() -> None:
    run = Run(INFO, RunData(params={"alpha": "0.1"}))
    text = repr(run)
    assert text.startswith("Run(info=RunInfo(run_id='aaaa")
    assert "params={'alpha': '0.1'}" in text
    for noise in ("extra", "additional_properties", "inputs=", "metrics={}", "Unset"):
        assert noise not in text
    assert repr(Metric("m", 1.0, 2, 3)) == "Metric(key='m', value=1.0, timestamp=2, step=3)"


def test_to_dict_is_mlflows_shape_and_round_trips() -> None:
    inputs = RunInputs([DatasetInput(Dataset("d", "x1", "local", "{}"), [InputTag("mlflow.data.context", "train")])])
    run = Run(INFO, RunData({"m": 1.5}, {"p": "1"}, {"t": "v"}), inputs)
    data = run.to_dict()
    assert data["data"] == {"metrics": {"m": 1.5}, "params": {"p": "1"}, "tags": {"t": "v"}}
    assert data["info"]["run_id"] == INFO.run_id
    assert data["inputs"]["dataset_inputs"][0]["tags"] == [{"key": "mlflow.data.context", "value": "train"}]
    assert Run.from_dict(data) == run
    assert run.to_dictionary() == data  # MLflow's name
    assert dict(run.info)["status"] == "RUNNING"  # entities iterate as (field, value), as MLflow's do
    assert pickle.loads(pickle.dumps(run)) == run  # noqa: S301 - bytes this test made


def test_a_newer_servers_fields_stay_reachable() -> None:
    experiment = Experiment.from_dict(
        {"experiment_id": "1", "name": "e", "artifact_location": "a", "lifecycle_stage": "active", "future": "w"}
    )
    assert experiment.extra == {"future": "w"}
    assert experiment.to_dict()["future"] == "w"
    assert Experiment.from_dict(experiment.to_dict()).extra == {"future": "w"}


def test_view_type_and_run_status_are_mlflows_constants() -> None:
    assert (ViewType.ACTIVE_ONLY, ViewType.DELETED_ONLY, ViewType.ALL) == (1, 2, 3)
    assert ViewType.from_string("active_only") == 1
    assert ViewType.to_string(ViewType.ALL) == "all"
    assert (RunStatus.RUNNING, RunStatus.FINISHED, RunStatus.KILLED) == (1, 3, 5)
    assert RunStatus.to_string(RunStatus.FAILED) == "FAILED"
    assert RunStatus.is_terminated(RunStatus.from_string("FINISHED"))
    page = PagedList([1, 2], "next")
    assert (list(page), page.token) == ([1, 2], "next")


# --- against MLflow's own client, on both servers ---------------------------------------------------------

# What MLflow's client reads, as plain data, for the objects the test stores (`plain` is the oracle's).
ORACLE_READS = """
from mlflow import MlflowClient
run_id, experiment_id, model = RUN_ARGS
client = MlflowClient()
print(json.dumps({
    "experiment": plain(client.get_experiment(experiment_id)),
    "experiment_by_name": plain(client.get_experiment_by_name(client.get_experiment(experiment_id).name)),
    "run": plain(client.get_run(run_id)),
    "runs": plain(client.search_runs([experiment_id])),
    "history": plain(client.get_metric_history(run_id, "loss")),
    "registered_model": plain(client.get_registered_model(model)),
    "version": plain(client.get_model_version(model, "1")),
    "by_alias": plain(client.get_model_version_by_alias(model, "champion")),
    "latest": plain(client.get_latest_versions(model)),
    "versions": plain(client.search_model_versions(f"name = '{model}'")),
    "models": plain(client.search_registered_models(f"name = '{model}'")),
    "artifacts": plain(client.list_artifacts(run_id)),
    "artifacts_in_dir": plain(client.list_artifacts(run_id, "dir")),
}))
"""


def our_reads(client: TrackingClient, run_id: str, experiment_id: str, model: str) -> dict[str, Any]:
    """The same reads with mlflow-lite: entities, and lists of them."""
    experiment = client.get_experiment(experiment_id)
    return {
        "experiment": experiment,
        "experiment_by_name": client.get_experiment_by_name(experiment.name),
        "run": client.get_run(run_id),
        "runs": list(client.search_runs([experiment_id])),
        "history": client.get_metric_history(run_id, "loss"),
        "registered_model": client.get_registered_model(model),
        "version": client.get_model_version(model, "1"),
        "by_alias": client.get_model_version_by_alias(model, "champion"),
        "latest": client.get_latest_versions(model),
        "versions": list(client.search_model_versions(f"name = '{model}'")),
        "models": list(client.search_registered_models(f"name = '{model}'")),
        "artifacts": client.list_artifacts(run_id),
        "artifacts_in_dir": client.list_artifacts(run_id, "dir"),
    }


# Where mlflow-lite's values differ from MLflow's client's, and why. Keys are field names at any depth.
ALLOWED = {
    # MLflow 2.x keeps `run_uuid`, a deprecated copy of `run_id`; mlflow-lite has it as a property only.
    "run_uuid": "a property of RunInfo, not a field",
}
# Values MLflow 3's client fills in itself when the server sends none (its workspaces and deployment jobs,
# which are not part of the REST surface mlflow-lite covers); mlflow-lite reports only what the server sent.
CLIENT_DEFAULTS = {
    "workspace": "default",
    "deployment_job_id": "",
    "deployment_job_state": "DEPLOYMENT_JOB_CONNECTION_STATE_UNSPECIFIED",
}
# An infinity logged by the client: SQL stores clamp it to the largest double, which MLflow's client hands back
# as is; mlflow-lite reads it back as the infinity that was logged.
DOUBLE_MAX = 1.7976931348623157e308


def same(ours: Any, theirs: Any, where: str, differences: list[str]) -> None:
    """Compare `to_dict()` data with MLflow's, recording every difference not allowed above."""
    if isinstance(theirs, dict) and isinstance(ours, dict):
        same_fields(ours, theirs, where, differences)
    elif isinstance(theirs, list) and isinstance(ours, list) and len(theirs) == len(ours):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            same(a, b, f"{where}[{index}]", differences)
    elif isinstance(ours, float) and isinstance(theirs, float):
        if math.isinf(ours) and abs(theirs) == DOUBLE_MAX and math.copysign(1, ours) == math.copysign(1, theirs):
            return
        if not (ours == theirs or (math.isnan(ours) and math.isnan(theirs))):
            differences.append(f"{where}: {ours!r} != {theirs!r}")
    elif ours != theirs or type(ours) is not type(theirs):
        differences.append(f"{where}: mlflow-lite {ours!r} != MLflow {theirs!r}")


def same_fields(ours: dict[str, Any], theirs: dict[str, Any], where: str, differences: list[str]) -> None:
    for key in theirs.keys() | ours.keys():
        if key in ALLOWED:
            continue
        if key not in ours:
            # A field of a newer MLflow entity that this server did not send (MLflow fills in None or empty).
            if theirs[key] not in (None, [], {}, "") and CLIENT_DEFAULTS.get(key) != theirs[key]:
                differences.append(f"{where}.{key}: MLflow has {theirs[key]!r}, mlflow-lite nothing")
        elif key not in theirs:
            # A field of MLflow 3's entities that MLflow 2's lack: fine while the server sent nothing for it.
            if ours[key] not in (None, [], {}, ""):
                differences.append(f"{where}.{key}: mlflow-lite has {ours[key]!r}, MLflow nothing")
        elif not (ours[key] is None and CLIENT_DEFAULTS.get(key, ...) == theirs[key]):
            same(ours[key], theirs[key], f"{where}.{key}", differences)


def store_everything(client: TrackingClient, tmp_path: Path) -> tuple[str, str, str]:
    """An experiment, a finished run with every kind of value, artifacts, and a registered model with versions,
    tags and an alias."""
    experiment_id = client.create_experiment(unique("parity"), tags={"team": "ml"})
    with client.start_run(experiment_id=experiment_id, run_name="parity", tags={"t": "v"}) as run:
        run.log_params({"alpha": 0.5, "empty": "", "unicode": "é✓"})
        for step, value in enumerate([1.0, 0.5, math.nan, math.inf, -math.inf, 1e-300]):
            run.log_metric("loss", value, step=step, timestamp=1000 + step)
        run.log_metrics({"nan": math.nan, "big": 2.0**60}, step=-1)
        run.log_inputs([{"name": "d", "digest": "x1", "source_type": "local", "source": "{}", "tags": {"k": "v"}}])
        (tmp_path / "dir").mkdir()
        (tmp_path / "dir" / "a.txt").write_text("a")
        (tmp_path / "root.txt").write_text("root")
        run.log_artifacts(tmp_path)
    model = unique("parity-model")
    client.create_registered_model(model, tags={"owner": "me"}, description="the model")
    client.create_model_version(model, f"runs:/{run.run_id}/dir", run.run_id, tags={"k": "v"}, description="one")
    client.create_model_version(model, f"runs:/{run.run_id}/dir", run.run_id)
    client.set_registered_model_alias(model, "champion", 1)
    client.transition_model_version_stage(model, 2, "Staging")
    return run.run_id, experiment_id, model


def test_entities_equal_what_mlflows_client_returns(server: MlflowServer, tmp_path: Path) -> None:
    with TrackingClient(server.url) as client:
        run_id, experiment_id, model = store_everything(client, tmp_path)
        ours = our_reads(client, run_id, experiment_id, model)
    theirs = run_mlflow(server.version, f"RUN_ARGS = {[run_id, experiment_id, model]!r}\n" + ORACLE_READS, server.url)
    differences: list[str] = []
    for name, value in ours.items():
        data = [item.to_dict() for item in value] if isinstance(value, list) else value.to_dict()
        same(data, theirs[name], name, differences)
    assert differences == [], "\n".join(differences)
    # Every object a method returned round-trips through to_dict().
    for value in ours.values():
        for item in value if isinstance(value, list) else [value]:
            assert type(item).from_dict(item.to_dict()) == item


def test_every_entity_round_trips_through_to_dict() -> None:
    samples: list[Any] = [
        INFO,
        FileInfo("dir/a.txt", False, 3),
        FileInfo("dir", True),
        ModelVersion("m", "1", 1, 2, "d", "u", "Staging", "s", "r", "READY", None, {"k": "v"}, "", ["a"]),
        RegisteredModel("m", 1, 2, "d", [ModelVersion("m", "1", 1, 2)], {"k": "v"}, {"a": "1"}),
        Experiment("1", "e", "loc", "active", {"k": "v"}, 1, 2),
    ]
    for sample in samples:
        assert type(sample).from_dict(sample.to_dict()) == sample

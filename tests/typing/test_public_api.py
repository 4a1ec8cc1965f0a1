"""Pins the public signatures, and holds ordinary user code that strict mypy (part of `make lint`) must pass
with no `isinstance` narrowing and no ignores; pytest only imports this file and runs its last tests.

A change that loosens a return type (say `get_experiment()` becoming `Experiment | None`), or that makes an
entity field optional where the server always sends it, fails the type check.
"""

from __future__ import annotations

import importlib
import inspect
import math
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, assert_type

import mlflow_lite
from mlflow_lite import (
    ActiveRun,
    AsyncActiveRun,
    AsyncTrackingClient,
    Experiment,
    Metric,
    MlflowClient,
    MlflowError,
    ModelVersion,
    PagedList,
    RegisteredModel,
    Run,
    RunInfo,
    RunOperations,
    TrackingClient,
)
from mlflow_lite.compat import MLflowTrackingRestApi
from mlflow_lite.entities import Param, RunTag, ViewType
from mlflow_lite.entities.model_registry import ModelVersionStatus


def sync_signatures(client: TrackingClient) -> None:
    assert_type(client.create_experiment("x"), str)
    assert_type(client.get_experiment("1"), Experiment)
    assert_type(client.get_experiment_by_name("x"), Experiment | None)
    assert_type(client.ensure_experiment("x", restore_deleted=True), str)
    assert_type(client.search_experiments(max_results=5), Iterator[Experiment])
    assert_type(client.start_run("x", run_name="r", tags={"a": 1}, buffered=True), ActiveRun)
    assert_type(client.start_run(run_id="r"), ActiveRun)
    assert_type(client.create_run("1"), Run)
    assert_type(client.get_run("r"), Run)
    assert_type(client.search_runs(["1"], max_results=3), Iterator[Run])
    assert_type(client.set_terminated("r", "FAILED"), RunInfo)
    assert_type(client.get_metric_history("r", "m"), list[Metric])
    assert_type(client.log_metric("r", "m", 1.0, timestamp=1, step=2), RunOperations | None)
    assert_type(client.log_batch("r", metrics={"m": 1.0}, params={"p": 1}, tags=[("t", "v")]), RunOperations | None)
    assert_type(TrackingClient.from_config("config.txt"), TrackingClient)
    run = client.start_run()
    assert_type(run.run_id, str)
    assert_type(run.experiment_id, str)
    assert_type(run.info, RunInfo)
    assert_type(run.log_metric("m", 1.0, step=1), None)
    assert_type(run.flush(), None)
    assert_type(run.end("KILLED"), None)


def mlflow_client_signatures(client: MlflowClient) -> None:
    assert_type(client.search_runs(["1"], "", ViewType.ALL, 10, None, None), PagedList[Run])
    assert_type(client.search_experiments(ViewType.ACTIVE_ONLY, 5).token, str | None)
    assert_type(client.search_registered_models(max_results=1), PagedList[RegisteredModel])
    assert_type(client.search_model_versions("name='m'"), PagedList[ModelVersion])
    assert_type(client.create_run("1", 0, {"a": "b"}, "name"), Run)
    assert_type(client.log_param("r", "p", 1), Any)
    assert_type(
        client.log_batch("r", [Metric("m", 1.0, 0, 0)], [Param("p", "1")], [RunTag("t", "v")]), RunOperations | None
    )
    with MlflowClient("http://127.0.0.1:5000") as same:
        assert_type(same, MlflowClient)


async def async_signatures(client: AsyncTrackingClient) -> None:
    assert_type(await client.create_experiment("x"), str)
    assert_type(await client.get_experiment("1"), Experiment)
    assert_type(await client.get_experiment_by_name("x"), Experiment | None)
    assert_type(await client.ensure_experiment("x"), str)
    assert_type(client.search_experiments(), AsyncIterator[Experiment])
    assert_type(await client.start_run("x"), AsyncActiveRun)
    assert_type(client.search_runs("1"), AsyncIterator[Run])
    assert_type(await client.get_metric_history("r", "m"), list[Metric])
    assert_type(AsyncTrackingClient.from_config("config.txt"), AsyncTrackingClient)
    run = await client.start_run()
    assert_type(run.run_id, str)
    assert_type(await run.log_metrics({"m": 1.0}), None)
    async with client.start_run("x") as started:  # no `await` in front
        assert_type(started, AsyncActiveRun)


def compat_signatures(api: MLflowTrackingRestApi) -> None:
    assert_type(api.log_param({"alpha": 0.1}), int)
    assert_type(api.get_experiment_by_name("x"), dict[str, Any] | None)


# --- ordinary user code: no narrowing, no casts, no ignores ---------------------------------------------------


def readme_quickstart() -> list[float]:
    with TrackingClient("http://127.0.0.1:5000") as client:
        with client.start_run("test3", run_name="first") as run:
            run.log_params({"alpha": 0.198, "n_estimators": 10})
            run.set_tag("team", "ml")
            for step in range(100):
                run.log_metric("loss", 1 / (step + 1), step=step)
        history = client.get_metric_history(run.run_id, "loss")
    return [point.value * 2 for point in history]


async def readme_async() -> list[str]:
    async with AsyncTrackingClient() as client:
        async with client.start_run("test3") as run:
            await run.log_metric("precision", 0.769)
        return [experiment.name.upper() async for experiment in client.search_experiments()]


def typical_mlflow_client_code(client: MlflowClient, run_id: str) -> dict[str, Any]:
    run = client.get_run(run_id)
    report: dict[str, Any] = {"id": run.info.run_id.upper(), "status": run.info.status.lower()}
    for key, value in run.data.params.items():
        report[key] = value.strip()
    report["loss"] = math.floor(run.data.metrics["loss"])
    report["team"] = run.data.tags.get("team", "none").title()
    if run.info.end_time is not None:
        report["seconds"] = (run.info.end_time - run.info.start_time) / 1000
    exp = client.get_experiment(run.info.experiment_id)
    report["owner"] = exp.tags.get("team")
    report["created"] = exp.creation_time
    mv = client.get_model_version_by_alias("churn", "champion")
    report["version"] = int(mv.version)
    report["aliases"] = ",".join(mv.aliases)
    report["ready"] = mv.status == ModelVersionStatus.READY
    rm = client.get_registered_model("churn")
    report["champion"] = rm.aliases["champion"]
    report["latest"] = [v.version for v in rm.latest_versions]
    page = client.search_runs([run.info.experiment_id], "metrics.loss < 1", ViewType.ALL, 100)
    while page.token:
        page = client.search_runs([run.info.experiment_id], page_token=page.token)
    report["files"] = [f.path for f in client.list_artifacts(run_id) if not f.is_dir and (f.file_size or 0) > 0]
    report["history"] = sum(m.value for m in client.get_metric_history(run_id, "loss")) / 2
    report["as_dict"] = run.to_dict()["info"]["run_id"]
    return report


# --- run by pytest -------------------------------------------------------------------------------------------


def test_every_error_is_an_mlflow_error() -> None:
    errors = [getattr(mlflow_lite, name) for name in mlflow_lite.__all__ if name.endswith(("Error", "Exists", "Value"))]
    assert errors
    assert all(issubclass(error, MlflowError) for error in errors)


def test_public_names_say_mlflow_lite() -> None:
    assert TrackingClient.__module__ == "mlflow_lite"
    assert repr(TrackingClient) == "<class 'mlflow_lite.TrackingClient'>"


def test_sync_and_async_clients_have_the_same_methods() -> None:
    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    assert public(TrackingClient) - {"close"} == public(AsyncTrackingClient) - {"aclose"}
    assert public(ActiveRun) == public(AsyncActiveRun)


def test_mlflow_client_has_every_tracking_client_method() -> None:
    assert {n for n in dir(TrackingClient) if not n.startswith("_")} <= set(dir(MlflowClient))


def test_every_public_function_and_method_has_a_docstring() -> None:
    missing = []
    for name in mlflow_lite.__all__:
        obj = getattr(mlflow_lite, name)
        if inspect.isfunction(obj) and not obj.__doc__:
            missing.append(name)
        if not inspect.isclass(obj):
            continue
        if not obj.__doc__:
            missing.append(name)
        for member, value in inspect.getmembers(obj):
            function = value.fget if isinstance(value, property) else value
            defined_here = (getattr(function, "__module__", None) or "").startswith("mlflow_lite")
            if not member.startswith("_") and callable(function) and defined_here and not function.__doc__:
                missing.append(f"{name}.{member}")
    assert missing == []


def private_modules() -> list[str]:
    """Every private module of the package, in its layer folders too (`_core/retry.py`, ...)."""
    package = Path(mlflow_lite.__file__).parent
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).with_suffix("").parts
        if parts[-1] == "__init__" or not any(part.startswith("_") for part in parts):
            continue
        names.append("mlflow_lite." + ".".join(parts))
    return names


def test_every_private_module_says_what_it_exports() -> None:
    modules = private_modules()
    assert "mlflow_lite._core.retry" in modules  # the walk reaches the layer folders
    for name in modules:
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert isinstance(exported, list), f"{name} has no __all__"
        assert [item for item in exported if not hasattr(module, item)] == [], name


def test_public_names_are_listed_once() -> None:
    """`_MODULES` in `mlflow_lite/__init__.py` is the list of public names; `__all__`, the imports type checkers
    read, the fluent module's and the entities' lists must agree with it."""
    import ast

    where: dict[str, str] = mlflow_lite._WHERE
    submodules: tuple[str, ...] = mlflow_lite._SUBMODULES
    assert set(mlflow_lite.__all__) == {*where, *submodules, "__version__"}
    for name, module in where.items():
        defined = importlib.import_module(f"mlflow_lite.{module}")
        assert name in defined.__all__, f"{name} is not exported by mlflow_lite.{module}"
    # The imports under TYPE_CHECKING name the same modules.
    tree = ast.parse(Path(mlflow_lite.__file__).read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test))
    imported = {
        alias.name: (node.module or "").lstrip(".")
        for node in checked.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert imported == where
    fluent = importlib.import_module("mlflow_lite._fluent")
    internal = {"FluentClient", "FluentRun", "client"}  # what the command line and tests use of the fluent state
    assert set(fluent.__all__) - internal == {name for name, module in where.items() if module == "_fluent"}
    entities = importlib.import_module("mlflow_lite._entities")
    assert set(mlflow_lite.entities.__all__) <= set(entities.__all__)
    assert sorted(name for name, module in where.items() if module == "_entities") == sorted(entities.__all__)

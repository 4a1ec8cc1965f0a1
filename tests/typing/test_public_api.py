"""Pins the public signatures: mypy (strict, part of `make lint`) checks this file; pytest only imports it.

A change that loosens a return type (say `get_experiment()` becoming `Experiment | None`) fails the type check.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, assert_type

import mlflow_lite
from mlflow_lite import (
    ActiveRun,
    AsyncActiveRun,
    AsyncTrackingClient,
    Experiment,
    Metric,
    MlflowError,
    Run,
    RunInfo,
    TrackingClient,
)
from mlflow_lite.compat import MLflowTrackingRestApi


def sync_signatures(client: TrackingClient) -> None:
    assert_type(client.create_experiment("x"), str)
    assert_type(client.get_experiment("1"), Experiment)
    assert_type(client.get_experiment_by_name("x"), Experiment | None)
    assert_type(client.ensure_experiment("x", restore_deleted=True), str)
    assert_type(client.search_experiments(max_results=5), Iterator[Experiment])
    assert_type(client.start_run("x", run_name="r", tags={"a": 1}, buffered=True), ActiveRun)
    assert_type(client.create_run("1"), Run)
    assert_type(client.get_run("r"), Run)
    assert_type(client.search_runs(["1"], max_results=3), Iterator[Run])
    assert_type(client.set_terminated("r", "FAILED"), RunInfo)
    assert_type(client.get_metric_history("r", "m"), list[Metric])
    assert_type(client.log_metric("r", "m", 1.0, timestamp=1, step=2), None)
    assert_type(client.log_batch("r", metrics={"m": 1.0}, params={"p": 1}, tags=[("t", "v")]), None)
    assert_type(TrackingClient.from_config("config.txt"), TrackingClient)
    run = client.start_run()
    assert_type(run.run_id, str)
    assert_type(run.experiment_id, str)
    assert_type(run.info, RunInfo)
    assert_type(run.log_metric("m", 1.0, step=1), None)
    assert_type(run.flush(), None)
    assert_type(run.end("KILLED"), None)


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


def compat_signatures(api: MLflowTrackingRestApi) -> None:
    assert_type(api.log_param({"alpha": 0.1}), int)
    assert_type(api.get_experiment_by_name("x"), dict[str, Any] | None)


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

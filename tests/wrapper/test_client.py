"""The contract end to end on both real servers, each scenario run through the sync and the async client."""

from __future__ import annotations

import math
import multiprocessing
from typing import Any, TypeVar

import pytest
from conftest import unique
from either_client import Either, collect, either_fixture, wait  # noqa: F401 - the fixture `either`

from mlflow_lite import (
    ActiveRun,
    AsyncActiveRun,
    ExperimentDeleted,
    InvalidParameterValue,
    ResourceDoesNotExist,
    Run,
    RunData,
    RunInfo,
    TrackingClient,
)
from mlflow_lite import _ops as ops
from mlflow_server import MlflowServer

pytestmark = pytest.mark.anyio

T = TypeVar("T")
SQL_DOUBLE_MAX = 1.7976931348623157e308  # SQL stores clamp infinities to this (see the REST reference, 3a)


def parts(run: Run) -> tuple[RunInfo, RunData]:
    """A run's info and data."""
    return run.info, run.data


async def in_run(run: ActiveRun | AsyncActiveRun, body: Any, *, raises: type[BaseException] | None = None) -> None:
    """Use the run handle as a context manager (`with` or `async with`) around `body(run)`."""
    if isinstance(run, AsyncActiveRun):
        if raises:
            with pytest.raises(raises):
                async with run:
                    await wait(body(run))
        else:
            async with run:
                await wait(body(run))
    elif raises:
        with pytest.raises(raises), run:
            await wait(body(run))
    else:
        with run:
            await wait(body(run))


async def test_workflow_round_trip(either: Either) -> None:
    name = unique("workflow")
    run = await wait(either.start_run(name, run_name="first", tags={"team": "ml"}))
    assert run.experiment_id == await wait(either.ensure_experiment(name))

    async def body(r: Any) -> None:
        await wait(r.log_param("alpha", 0.198))
        await wait(r.log_params({"n_estimators": 10, "unicode": "é✓ 🚀"}))
        await wait(r.set_tag("tag1", 1))
        await wait(r.log_metric("precision", 0.769, step=1, timestamp=1795668893960))
        await wait(r.log_metrics({"nan": math.nan, "inf": math.inf, "ninf": -math.inf}, step=2, timestamp=5))
        await wait(r.log_batch(metrics=[{"key": "big", "value": 2**53, "timestamp": 7, "step": 2**53 + 1}]))

    await in_run(run, body)
    info, data = parts(await wait(either.get_run(run.run_id)))
    assert (info.status, info.run_name) == ("FINISHED", "first")
    assert isinstance(info.end_time, int)
    assert data.params == {"alpha": "0.198", "n_estimators": "10", "unicode": "é✓ 🚀"}
    assert (data.tags["tag1"], data.tags["team"]) == ("1", "ml")
    assert data.metrics["precision"] == 0.769
    assert math.isnan(data.metrics["nan"])
    # Infinities: SQL stores clamp them to the largest double on write; they are read back as infinities.
    assert (data.metrics["inf"], data.metrics["ninf"]) == (math.inf, -math.inf)
    assert data.metrics["big"] == float(2**53)
    assert all(type(value) is float for value in data.metrics.values())
    (precision,) = await wait(either.get_metric_history(run.run_id, "precision"))
    assert (precision.value, precision.timestamp, precision.step) == (0.769, 1795668893960, 1)
    (big,) = await wait(either.get_metric_history(run.run_id, "big"))
    assert (big.timestamp, big.step) == (7, 2**53 + 1)


@pytest.mark.parametrize(("error", "status"), [(RuntimeError, "FAILED"), (KeyboardInterrupt, "KILLED")])
async def test_run_status_when_the_block_raises(either: Either, error: type[BaseException], status: str) -> None:
    run = await wait(either.start_run(unique("raises")))

    def body(_: Any) -> None:
        raise error("stop")

    await in_run(run, body, raises=error)
    info, _ = parts(await wait(either.get_run(run.run_id)))
    assert info.status == status


async def test_metric_history_every_page(either: Either, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small page size makes 3.17.2 page the history (2.22.5 answers it whole): all 250 values either way.
    monkeypatch.setattr(ops, "METRIC_HISTORY_PAGE", 100)
    run = await wait(either.start_run(unique("history")))
    values = [math.nan if i == 7 else i / 3 for i in range(250)]
    await wait(
        run.log_batch(
            metrics=[{"key": "m", "value": v, "timestamp": 1000 + i, "step": i} for i, v in enumerate(values)]
        )
    )
    history = await wait(either.get_metric_history(run.run_id, "m"))
    assert [m.step for m in history] == list(range(250))
    for metric, value in zip(history, values, strict=True):
        got = float(metric.value)
        assert got == value or (math.isnan(got) and math.isnan(value))


async def test_search_is_lazy_and_capped(either: Either, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ops, "RUNS_PAGE", 2)
    monkeypatch.setattr(ops, "EXPERIMENTS_PAGE", 2)
    name = unique("search")
    experiment_id = await wait(either.ensure_experiment(name))
    for i in range(5):
        await wait(either.create_run(experiment_id, run_name=f"r{i}", start_time=1000 + i))
    runs = await collect(either.search_runs([experiment_id], order_by=["attributes.start_time ASC"]))
    assert [r.info.run_name for r in runs if r.info] == ["r0", "r1", "r2", "r3", "r4"]
    capped = await collect(either.search_runs(experiment_id, max_results=3))
    assert len(capped) == 3
    found = await collect(either.search_experiments(filter_string=f"name = '{name}'"))
    assert [e.experiment_id for e in found] == [experiment_id]
    assert len(await collect(either.search_experiments(max_results=1))) == 1


async def test_experiment_lifecycle(either: Either) -> None:
    name = unique("life")
    experiment_id = await wait(either.create_experiment(name, tags={"owner": "me"}))
    experiment = await wait(either.get_experiment(experiment_id))
    assert (experiment.name, experiment.lifecycle_stage) == (name, "active")
    assert experiment.tags == {"owner": "me"}
    await wait(either.set_experiment_tag(experiment_id, "stage", "dev"))
    await wait(either.rename_experiment(experiment_id, name + "-renamed"))
    assert await wait(either.get_experiment_by_name(name)) is None
    await wait(either.delete_experiment(experiment_id))
    with pytest.raises(ExperimentDeleted, match="restore"):
        await wait(either.ensure_experiment(name + "-renamed"))
    assert await wait(either.ensure_experiment(name + "-renamed", restore_deleted=True)) == experiment_id
    restored = await wait(either.get_experiment(experiment_id))
    assert restored.lifecycle_stage == "active"
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.get_experiment("999999999"))


async def test_run_lifecycle(either: Either) -> None:
    experiment_id = await wait(either.ensure_experiment(unique("runs")))
    info, _ = parts(await wait(either.create_run(experiment_id, run_name="x")))
    run_id = str(info.run_id)
    await wait(either.set_tag(run_id, "t", "v"))
    await wait(either.delete_tag(run_id, "t"))
    info = await wait(either.set_terminated(run_id, "KILLED", end_time=2000))
    assert (info.status, info.end_time) == ("KILLED", 2000)
    await wait(either.delete_run(run_id))
    deleted = await collect(either.search_runs([experiment_id], run_view_type="DELETED_ONLY"))
    assert [r.info.run_id for r in deleted] == [run_id]
    await wait(either.restore_run(run_id))
    info, data = parts(await wait(either.get_run(run_id)))
    assert info.lifecycle_stage == "active"
    assert "t" not in data.tags
    with pytest.raises(InvalidParameterValue):
        await wait(either.set_terminated(run_id, "DONE"))


async def test_params_cannot_change(either: Either) -> None:
    run = await wait(either.start_run(unique("params")))
    await wait(run.log_param("alpha", 0.1))
    await wait(run.log_param("alpha", "0.1"))  # the same value again is fine
    with pytest.raises(InvalidParameterValue, match="Changing param values is not allowed"):
        await wait(run.log_param("alpha", 0.2))


def _ensure(uri: str, name: str, queue: Any) -> None:
    try:
        with TrackingClient(uri, max_retries=5, retry_budget=60) as client:
            queue.put(("ok", client.ensure_experiment(name)))
    except Exception as exc:
        queue.put(("error", repr(exc)))


def test_ensure_experiment_race(server: MlflowServer) -> None:
    """Eight processes ask for the same new experiment at once: one id for all, and no failure."""
    name = unique("race")
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start = context.Event()
    processes = [context.Process(target=_race_worker, args=(server.url, name, queue, start)) for _ in range(8)]
    for process in processes:
        process.start()
    start.set()
    results = [queue.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert [kind for kind, _ in results] == ["ok"] * 8, results
    assert len({value for _, value in results}) == 1


def _race_worker(uri: str, name: str, queue: Any, start: Any) -> None:
    start.wait()
    _ensure(uri, name, queue)

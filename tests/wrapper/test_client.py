"""The contract end to end on both real servers, each scenario run through the sync and the async client."""

from __future__ import annotations

import inspect
import math
import multiprocessing
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import pytest
from conftest import unique

from mlflow_lite import (
    ActiveRun,
    AsyncActiveRun,
    AsyncTrackingClient,
    ExperimentDeleted,
    InvalidParameterValue,
    ResourceDoesNotExist,
    Run,
    RunData,
    RunInfo,
    RunStatus,
    TrackingClient,
)
from mlflow_lite import _ops as ops
from mlflow_server import MlflowServer

pytestmark = pytest.mark.anyio

T = TypeVar("T")
AnyClient = TrackingClient | AsyncTrackingClient
SQL_DOUBLE_MAX = 1.7976931348623157e308  # SQL stores clamp infinities to this (see the REST reference, 3a)


async def ait(value: Any) -> Any:
    """The value of a sync call, or of an awaited async one: one test body serves both clients."""
    if inspect.isawaitable(value):
        return await value
    return value


def parts(run: Run) -> tuple[RunInfo, RunData]:
    """A run's info and data, narrowed for the type checker (the server always sends both)."""
    assert isinstance(run.info, RunInfo)
    assert isinstance(run.data, RunData)
    return run.info, run.data


async def collect(items: Iterator[T] | AsyncIterator[T]) -> list[T]:
    if isinstance(items, AsyncIterator):
        return [item async for item in items]
    return list(items)


async def in_run(run: ActiveRun | AsyncActiveRun, body: Any, *, raises: type[BaseException] | None = None) -> None:
    """Use the run handle as a context manager (`with` or `async with`) around `body(run)`."""
    if isinstance(run, AsyncActiveRun):
        if raises:
            with pytest.raises(raises):
                async with run:
                    await ait(body(run))
        else:
            async with run:
                await ait(body(run))
    elif raises:
        with pytest.raises(raises), run:
            await ait(body(run))
    else:
        with run:
            await ait(body(run))


@pytest.fixture(params=["sync", "async"])
async def any_client(request: pytest.FixtureRequest, server: MlflowServer) -> AsyncIterator[AnyClient]:
    if request.param == "sync":
        with TrackingClient(server.url, max_retries=2, retry_budget=30) as sync_client:
            yield sync_client
    else:
        async with AsyncTrackingClient(server.url, max_retries=2, retry_budget=30) as async_client:
            yield async_client


async def test_workflow_round_trip(any_client: AnyClient) -> None:
    name = unique("workflow")
    run = await ait(any_client.start_run(name, run_name="first", tags={"team": "ml"}))
    assert run.experiment_id == await ait(any_client.ensure_experiment(name))

    async def body(r: Any) -> None:
        await ait(r.log_param("alpha", 0.198))
        await ait(r.log_params({"n_estimators": 10, "unicode": "é✓ 🚀"}))
        await ait(r.set_tag("tag1", 1))
        await ait(r.log_metric("precision", 0.769, step=1, timestamp=1795668893960))
        await ait(r.log_metrics({"nan": math.nan, "inf": math.inf, "ninf": -math.inf}, step=2, timestamp=5))
        await ait(r.log_batch(metrics=[{"key": "big", "value": 2**53, "timestamp": 7, "step": 2**53 + 1}]))

    await in_run(run, body)
    info, data = parts(await ait(any_client.get_run(run.run_id)))
    assert (info.status, info.run_name) == (RunStatus.FINISHED, "first")
    assert isinstance(info.end_time, int)
    params = {p.key: p.value for p in data.params or []}
    assert params == {"alpha": "0.198", "n_estimators": "10", "unicode": "é✓ 🚀"}
    tags = {t.key: t.value for t in data.tags or []}
    assert (tags["tag1"], tags["team"]) == ("1", "ml")
    metrics = {m.key: (float(m.value), m.timestamp, m.step) for m in data.metrics or []}
    assert metrics["precision"] == (0.769, 1795668893960, 1)
    assert math.isnan(metrics["nan"][0])
    # Infinities: SQL stores clamp them to the largest double on write; some read paths give them back as
    # "Infinity". Either way they come back as floats of the right sign and size.
    assert metrics["inf"][0] in (math.inf, SQL_DOUBLE_MAX)
    assert metrics["ninf"][0] in (-math.inf, -SQL_DOUBLE_MAX)
    assert metrics["big"] == (float(2**53), 7, 2**53 + 1)
    assert all(type(m.value) is float for m in data.metrics or [])


@pytest.mark.parametrize(("error", "status"), [(RuntimeError, RunStatus.FAILED), (KeyboardInterrupt, RunStatus.KILLED)])
async def test_run_status_when_the_block_raises(
    any_client: AnyClient, error: type[BaseException], status: RunStatus
) -> None:
    run = await ait(any_client.start_run(unique("raises")))

    def body(_: Any) -> None:
        raise error("stop")

    await in_run(run, body, raises=error)
    info, _ = parts(await ait(any_client.get_run(run.run_id)))
    assert info.status == status


async def test_metric_history_every_page(any_client: AnyClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small page size makes 3.17.2 page the history (2.22.5 answers it whole): all 250 values either way.
    monkeypatch.setattr(ops, "METRIC_HISTORY_PAGE", 100)
    run = await ait(any_client.start_run(unique("history")))
    values = [math.nan if i == 7 else i / 3 for i in range(250)]
    await ait(
        run.log_batch(
            metrics=[{"key": "m", "value": v, "timestamp": 1000 + i, "step": i} for i, v in enumerate(values)]
        )
    )
    history = await ait(any_client.get_metric_history(run.run_id, "m"))
    assert [m.step for m in history] == list(range(250))
    for metric, value in zip(history, values, strict=True):
        got = float(metric.value)
        assert got == value or (math.isnan(got) and math.isnan(value))


async def test_search_is_lazy_and_capped(any_client: AnyClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ops, "RUNS_PAGE", 2)
    monkeypatch.setattr(ops, "EXPERIMENTS_PAGE", 2)
    name = unique("search")
    experiment_id = await ait(any_client.ensure_experiment(name))
    for i in range(5):
        await ait(any_client.create_run(experiment_id, run_name=f"r{i}", start_time=1000 + i))
    runs = await collect(any_client.search_runs([experiment_id], order_by=["attributes.start_time ASC"]))
    assert [r.info.run_name for r in runs if r.info] == ["r0", "r1", "r2", "r3", "r4"]
    capped = await collect(any_client.search_runs(experiment_id, max_results=3))
    assert len(capped) == 3
    found = await collect(any_client.search_experiments(filter_string=f"name = '{name}'"))
    assert [e.experiment_id for e in found] == [experiment_id]
    assert len(await collect(any_client.search_experiments(max_results=1))) == 1


async def test_experiment_lifecycle(any_client: AnyClient) -> None:
    name = unique("life")
    experiment_id = await ait(any_client.create_experiment(name, tags={"owner": "me"}))
    experiment = await ait(any_client.get_experiment(experiment_id))
    assert (experiment.name, experiment.lifecycle_stage) == (name, "active")
    assert [(t.key, t.value) for t in experiment.tags or []] == [("owner", "me")]
    await ait(any_client.set_experiment_tag(experiment_id, "stage", "dev"))
    await ait(any_client.rename_experiment(experiment_id, name + "-renamed"))
    assert await ait(any_client.get_experiment_by_name(name)) is None
    await ait(any_client.delete_experiment(experiment_id))
    with pytest.raises(ExperimentDeleted, match="restore"):
        await ait(any_client.ensure_experiment(name + "-renamed"))
    assert await ait(any_client.ensure_experiment(name + "-renamed", restore_deleted=True)) == experiment_id
    restored = await ait(any_client.get_experiment(experiment_id))
    assert restored.lifecycle_stage == "active"
    with pytest.raises(ResourceDoesNotExist):
        await ait(any_client.get_experiment("999999999"))


async def test_run_lifecycle(any_client: AnyClient) -> None:
    experiment_id = await ait(any_client.ensure_experiment(unique("runs")))
    info, _ = parts(await ait(any_client.create_run(experiment_id, run_name="x")))
    run_id = str(info.run_id)
    await ait(any_client.set_tag(run_id, "t", "v"))
    await ait(any_client.delete_tag(run_id, "t"))
    info = await ait(any_client.set_terminated(run_id, "KILLED", end_time=2000))
    assert (info.status, info.end_time) == (RunStatus.KILLED, 2000)
    await ait(any_client.delete_run(run_id))
    deleted = await collect(any_client.search_runs([experiment_id], run_view_type="DELETED_ONLY"))
    assert [r.info.run_id for r in deleted if r.info] == [run_id]
    await ait(any_client.restore_run(run_id))
    info, data = parts(await ait(any_client.get_run(run_id)))
    assert info.lifecycle_stage == "active"
    assert "t" not in {t.key for t in data.tags or []}
    with pytest.raises(InvalidParameterValue):
        await ait(any_client.set_terminated(run_id, "DONE"))


async def test_params_cannot_change(any_client: AnyClient) -> None:
    run = await ait(any_client.start_run(unique("params")))
    await ait(run.log_param("alpha", 0.1))
    await ait(run.log_param("alpha", "0.1"))  # the same value again is fine
    with pytest.raises(InvalidParameterValue, match="Changing param values is not allowed"):
        await ait(run.log_param("alpha", 0.2))


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

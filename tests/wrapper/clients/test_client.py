"""The contract end to end on both real servers, each scenario run through the sync and the async client."""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from conftest import unique
from either_client import Either, collect, wait

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
    TrackingClient,
)
from mlflow_lite._ops import runs as run_ops, searches
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


@pytest.mark.contract
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
    monkeypatch.setattr(run_ops, "METRIC_HISTORY_PAGE", 100)
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
    monkeypatch.setattr(searches, "RUNS_PAGE", 2)
    monkeypatch.setattr(searches, "EXPERIMENTS_PAGE", 2)
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


async def test_search_runs_by_experiment_names(either: Either) -> None:
    """As `mlflow.search_runs`: experiments by name, a name no experiment holds matching nothing."""
    name = unique("by-name")
    experiment_id = await wait(either.ensure_experiment(name))
    run = await wait(either.create_run(experiment_id, run_name="named"))
    found = await collect(either.search_runs(experiment_names=[name, unique("no-such-experiment")]))
    assert [r.info.run_id for r in found] == [run.info.run_id]
    assert await collect(either.search_runs(experiment_names=[unique("no-such-experiment")])) == []
    with pytest.raises(InvalidParameterValue, match="not both"):
        either.search_runs([experiment_id], experiment_names=[name])
    with pytest.raises(InvalidParameterValue, match="experiment_names"):
        either.search_runs()


@pytest.mark.contract
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


@pytest.mark.contract
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


@pytest.mark.contract
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


async def test_start_run_sets_context_tags_and_leaves_no_foreign_tag(either: Either) -> None:
    run = await wait(either.start_run(unique("context"), tags={"mlflow.source.type": "JOB"}, description="why"))
    await in_run(run, lambda _: None)
    tags = (await wait(either.get_run(run.run_id))).data.tags
    assert tags["mlflow.user"]
    assert tags["mlflow.source.name"]
    assert tags["mlflow.source.type"] == "JOB"  # the caller's tags win over the context
    assert tags["mlflow.note.content"] == "why"
    assert run_ops.REQUEST_ID_TAG not in tags
    assert run_ops.REQUEST_ID_TAG not in run.data.tags
    assert not any(key.startswith("mlflow_lite") for key in tags)


@pytest.mark.contract
async def test_resume_a_run(either: Either) -> None:
    first = await wait(either.start_run(unique("resume"), run_name="one"))
    await in_run(first, lambda r: wait(r.log_metric("m", 1.0, step=0)))
    ended = (await wait(either.get_run(first.run_id))).info
    again = await wait(either.start_run(run_id=first.run_id, tags={"resumed": "yes"}))
    assert (again.run_id, again.info.status) == (first.run_id, "RUNNING")
    assert again.info.end_time == ended.end_time  # MLflow keeps the end time while the run runs again
    assert again.data.tags["resumed"] == "yes"
    await in_run(again, lambda r: wait(r.log_metric("m", 2.0, step=1)))
    run = await wait(either.get_run(first.run_id))
    assert (run.info.status, run.data.metrics["m"]) == ("FINISHED", 2.0)
    with pytest.raises(InvalidParameterValue, match="belongs to experiment"):
        await wait(either.start_run(run_id=first.run_id, experiment_id="0"))
    await wait(either.delete_run(first.run_id))
    with pytest.raises(InvalidParameterValue, match="deleted state"):
        await wait(either.start_run(run_id=first.run_id))
    with pytest.raises(ResourceDoesNotExist, match="cannot resume"):
        await wait(either.start_run(run_id="0" * 32))


async def test_a_run_id_is_not_taken_for_an_experiment_name(either: Either) -> None:
    run = await wait(either.start_run(unique("names")))
    await in_run(run, lambda _: None)
    with pytest.raises(InvalidParameterValue, match="looks like a run id"):
        await wait(either.start_run(run.run_id))
    assert await wait(either.get_experiment_by_name(run.run_id)) is None


async def test_nested_runs_name_their_parent(either: Either) -> None:
    parent = await wait(either.start_run(unique("nested")))
    child = await wait(either.start_run(experiment_id=parent.experiment_id, parent_run_id=parent.run_id))
    await in_run(child, lambda _: None)
    await in_run(parent, lambda _: None)
    assert child.data.tags["mlflow.parentRunId"] == parent.run_id
    found = await wait(either.get_parent_run(child.run_id))
    assert found is not None
    assert found.info.run_id == parent.run_id
    assert await wait(either.get_parent_run(parent.run_id)) is None
    await wait(either.update_run(child.run_id, name="renamed"))
    assert (await wait(either.get_run(child.run_id))).info.run_name == "renamed"


async def test_async_with_needs_no_await(server: MlflowServer) -> None:
    async with AsyncTrackingClient(server.url) as client:
        async with client.start_run(unique("no-await")) as run:
            await run.log_metric("m", 1.0)
        got = await client.get_run(run.run_id)
        assert (got.info.status, got.data.metrics) == ("FINISHED", {"m": 1.0})
        with pytest.raises(RuntimeError, match="stop"):
            async with client.start_run(unique("no-await")) as failing:
                raise RuntimeError("stop")
        assert (await client.get_run(failing.run_id)).info.status == "FAILED"


@pytest.mark.contract
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
    # Bounds for a hang, not speed checks: eight spawned interpreters answer in a few seconds on a quiet machine,
    # and each has its own retry budget (60 s) inside; the suite's own bound per test is 600 s.
    results = [queue.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [kind for kind, _ in results] == ["ok"] * 8, results
    assert len({value for _, value in results}) == 1


def _race_worker(uri: str, name: str, queue: Any, start: Any) -> None:
    start.wait()
    _ensure(uri, name, queue)


async def test_a_closed_client_says_it_is_closed() -> None:
    """A call after `close()` raises the library's `ClientClosed` (an `MlflowError`, and the `RuntimeError`
    httpx raised before, for code that caught that), naming what to do; nothing is sent."""
    from mlflow_lite import MlflowError
    from mlflow_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    tracking = TrackingClient(url)
    tracking.close()
    atracking = AsyncTrackingClient(url)
    await atracking.aclose()
    calls: list[tuple[str, Callable[[], object]]] = [
        ("get_experiment", lambda: tracking.get_experiment("1")),
        ("log_metric", lambda: tracking.log_metric("r", "m", 1.0)),
        ("search_experiments", lambda: list(tracking.search_experiments())),
    ]
    for what, call in calls:
        with pytest.raises(MlflowError, match=r"this TrackingClient is closed") as info:
            call()
        assert isinstance(info.value, RuntimeError), what
        assert type(info.value).__name__ == "ClientClosed", what
    acalls: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("get_experiment", lambda: atracking.get_experiment("1")),
        ("log_metric", lambda: atracking.log_metric("r", "m", 1.0)),
        ("search_experiments", lambda: collect(atracking.search_experiments())),
    ]
    for what, acall in acalls:
        with pytest.raises(MlflowError, match=r"this AsyncTrackingClient is closed") as info:
            await acall()
        assert type(info.value).__name__ == "ClientClosed", what
    tracking.close()  # closing again is harmless
    await atracking.aclose()

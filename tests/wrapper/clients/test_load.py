"""Load: 8 processes log 2,000 values each to one server at the same time; everything arrives, exactly."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest
from conftest import unique
from readback import history, rid

from mlflow_lite import TrackingClient
from mlflow_server import MlflowServer

PROCESSES = 8
VALUES = 2_000
CHUNK = 250  # values per log_batch request
BASE_TS = 1_700_000_000_000


def expected(worker: int) -> list[tuple[int, int, float]]:
    return [(step, BASE_TS + step, worker + step / VALUES) for step in range(VALUES)]


def log_from_a_process(url: str, experiment_id: str, worker: int) -> tuple[str, float]:
    """One process: a run of its own, its values in chunks, a param and a tag; returns the run id and time."""
    os.environ["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"] = "0.25"
    started = time.monotonic()
    with TrackingClient(url, timeout=60, retry_budget=120) as tracking:
        run = tracking.start_run(experiment_id=experiment_id, run_name=f"worker-{worker}")
        points = expected(worker)
        for first in range(0, VALUES, CHUNK):
            tracking.log_batch(
                run.run_id,
                metrics=[
                    {"key": "m", "value": v, "step": s, "timestamp": t} for s, t, v in points[first : first + CHUNK]
                ],
            )
        run.log_param("worker", worker)
        run.end()
    return run.run_id, time.monotonic() - started


# A hang bound, not a speed check: 8 spawned processes start and log 16,000 values in a few seconds on a quiet
# 2-core machine; 180 s was too tight with other suites loading it, so the suite's own bound (600 s).
@pytest.mark.timeout(600)
def test_eight_processes_log_at_once(server2: MlflowServer, client2: TrackingClient) -> None:
    experiment_id = client2.create_experiment(unique("load"))
    context = multiprocessing.get_context("spawn")
    started = time.monotonic()
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(log_from_a_process, [(server2.url, experiment_id, w) for w in range(PROCESSES)])
    elapsed = time.monotonic() - started
    runs = {rid(r): r for r in client2.search_runs(experiment_id, run_view_type="ALL")}
    assert sorted(runs) == sorted(run_id for run_id, _ in results)
    for worker, (run_id, _) in enumerate(results):
        assert history(client2, run_id, "m") == expected(worker)
        assert runs[run_id].info.status == "FINISHED"
    print(f"{PROCESSES} x {VALUES} values in {elapsed:.1f} s ({PROCESSES * VALUES / elapsed:.0f} values/s)")

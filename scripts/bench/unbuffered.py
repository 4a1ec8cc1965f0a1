"""Phase 2, unbuffered: `log_metric`, one request per call. mlflow-lite against a plain `httpx.Client` posting the
same JSON to runs/log-metric (both here, in alternating rounds), and MLflow's client (skinny 3.17.2 and full
2.22.5, in child processes, which also make MLflow's bulk figures): client CPU and wall per call."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from bench.common import (
    CHILDREN,
    KEY,
    LOG_METRIC,
    Client,
    Sizes,
    alternate,
    last_json_line,
    run_child,
    verify,
    verify_runs,
    with_medians,
)
from mlflow_lite import TrackingClient


def timed(loop: Callable[[], None]) -> tuple[float, float]:
    """(process CPU s, wall s) of one loop."""
    cpu, wall = time.process_time(), time.perf_counter()
    loop()
    return time.process_time() - cpu, time.perf_counter() - wall


def lite_calls(client: TrackingClient, run_id: str, steps: Iterable[int], key: str = KEY) -> None:
    for i in steps:
        client.log_metric(run_id, key, float(i), step=i)


def raw_calls(http: httpx.Client, run_id: str, steps: Iterable[int], key: str = KEY) -> None:
    for i in steps:
        body = {"run_id": run_id, "key": key, "value": float(i), "timestamp": time.time_ns() // 1_000_000, "step": i}
        http.post(LOG_METRIC, json=body).raise_for_status()


def per_call(cpu: float, wall: float, calls: int) -> dict[str, float]:
    return {
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_us_per_call": cpu / calls * 1e6,
        "wall_ms_per_call": wall / calls * 1e3,
    }


# MLflow's client, in a child process with its own interpreter; argv[1] is a JSON job, the last line printed the
# result. `calls` says which loops run: unbuffered (one call per value), sync and async (the bulk figures).
MLFLOW_CHILD = CHILDREN / "mlflow_client.py"


def mlflow_child(
    url: str, client: TrackingClient, experiment: str, who: Client, calls: dict[str, int], repetition: int
) -> dict[str, tuple[dict[str, float], str]]:
    """One child process of MLflow's client: per loop, (its figures, the run it logged to)."""
    runs = {
        name: client.start_run(experiment, run_name=f"{who.key}-{name}-{repetition}") for name in ("warmup", *calls)
    }
    job = {"url": url, "key": KEY, "runs": {name: run.run_id for name, run in runs.items()}, "calls": calls}
    stdout, _ = run_child(who.python, MLFLOW_CHILD, json.dumps(job), what=f"{who.label}'s client")
    figures = last_json_line(stdout, f"{who.label}'s client")
    for run in runs.values():
        run.end()
    return {
        name: (per_call(figures[name]["cpu_s"], figures[name]["wall_s"], n), runs[name].run_id)
        for name, n in calls.items()
    }


def bench_unbuffered(
    url: str, client: TrackingClient, experiment: str, clients: dict[str, Client], sizes: Sizes
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The unbuffered figures, and MLflow's (full client) bulk figures, made by the same child processes."""
    n = sizes.unbuffered_calls
    here = {name: client.start_run(experiment, run_name=f"unbuffered-{name}") for name in ("mlflow_lite", "httpx")}
    mlflow_calls = {
        "mlflow_full": {"unbuffered": n, "sync": sizes.mlflow_sync_calls, "async": sizes.mlflow_async_calls},
        "mlflow_skinny_3": {"unbuffered": n},
    }
    samples: dict[str, list[dict[str, float]]] = {}
    checks: dict[str, list[tuple[str, int, str]]] = {}

    def keep(name: str, figures: dict[str, float], run_id: str, calls: int) -> None:
        samples.setdefault(name, []).append(figures)
        checks.setdefault(name, []).append((run_id, calls, f"MLflow's client, {name}"))

    with TrackingClient(url) as lite, httpx.Client(base_url=url) as http:
        lite_calls(lite, here["mlflow_lite"].run_id, range(5), key="warmup")
        raw_calls(http, here["httpx"].run_id, range(5), key="warmup")
        loops = {"mlflow_lite": functools.partial(lite_calls, lite), "httpx": functools.partial(raw_calls, http)}
        for r in range(max(sizes.unbuffered_rounds, sizes.repeats)):
            for name in alternate(["mlflow_lite", "httpx"], r) if r < sizes.unbuffered_rounds else []:
                cpu, wall = timed(functools.partial(loops[name], here[name].run_id, range(r * n, (r + 1) * n)))
                samples.setdefault(name, []).append(per_call(cpu, wall, n))
            for who, calls in mlflow_calls.items():
                if who not in clients or r >= sizes.repeats:
                    continue
                for loop, (figures, run_id) in mlflow_child(url, client, experiment, clients[who], calls, r).items():
                    keep(who if loop == "unbuffered" else f"{who}_{loop}", figures, run_id, calls[loop])
    result: dict[str, Any] = {"calls": n, "rounds": sizes.unbuffered_rounds, "repeats": sizes.repeats}
    for name, run in here.items():
        total = n * sizes.unbuffered_rounds
        result[name] = {**with_medians(samples[name]), "calls": total}
        result[name]["verified"] = verify(client, run.run_id, KEY, total, f"unbuffered {name}")
        run.end()
    for who in mlflow_calls:
        if who in clients:
            total = n * sizes.repeats  # in as many runs and processes as repetitions
            result[who] = {**with_medians(samples[who]), "calls": total, "verified": verify_runs(url, checks[who])}
    mlflow_bulk = {
        loop: {
            **with_medians(samples[f"mlflow_full_{loop}"]),
            "calls": mlflow_calls["mlflow_full"][loop],
            "verified": verify_runs(url, checks[f"mlflow_full_{loop}"]),
        }
        for loop in ("sync", "async")
    }
    return result, mlflow_bulk

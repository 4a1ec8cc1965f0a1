"""`make bench`: mlflow-lite against MLflow's own client and raw httpx, on one real MLflow 2.22.5 server.

    .venv/bin/python scripts/bench.py [--quick] [--json PATH]

Four measurements, all in one run against one server (SQLite in a temporary folder, loopback):

1. import: `import mlflow_lite` and `import httpx` (in `.venv-runtime`, which holds the library and its runtime
   dependencies only) against `from mlflow import MlflowClient` (the 2.22.5 server environment's interpreter),
   and `pass` as the baseline: wall time of a fresh process, the
   import statement's own time and the peak RSS (the child's own `ru_maxrss`), median of fresh processes.
2. unbuffered: N `log_metric` calls through `TrackingClient.log_metric`, a plain `httpx.Client` posting the same
   JSON to runs/log-metric (both here, in interleaved rounds), and `MlflowClient.log_metric` (in a child process
   with MLflow's interpreter): client CPU time (`time.process_time()` around the loop) and wall time per call.
3. bulk: values logged one `log_metric` call at a time through a buffered mlflow-lite run, against MLflow's
   client synchronous and with `synchronous=False` (per value, scaled to the same count), and the raw floor
   (log-batch requests of 1000 metrics with httpx). Every run's history is read back and compared.
4. concurrency: `AsyncTrackingClient` logging to many runs at once (`asyncio.gather`) against the same work
   done one run after another.

Prints markdown tables with absolute figures, ratios and PASS/FAIL against the project's targets, and writes
the figures as JSON (`bench-results.json` at the repository root, git-ignored, or `--json PATH`). Missing a
target is reported, not an error: the exit code is non-zero only when a measurement fails (a server that does
not start, a child that crashes, a metric history that does not hold what was logged).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

import mlflow_lite
from mlflow_lite import ActiveRun, AsyncActiveRun, AsyncTrackingClient, Metric, TrackingClient
from mlflow_server import ROOT, MlflowServer, server_env_dir

MLFLOW_VERSION = "2.22.5"
DEFAULT_JSON = ROOT / "bench-results.json"
KEY = "m"
BATCH = 1000  # metrics per log-batch request: the server's limit
LOG_METRIC = "/api/2.0/mlflow/runs/log-metric"
LOG_BATCH = "/api/2.0/mlflow/runs/log-batch"

# Targets: printed next to the figures, never asserted.
T_IMPORT = "import: MLflow's client / mlflow_lite (process wall)"
T_RSS = "import: mlflow_lite peak RSS (MiB)"
T_CPU = "unbuffered: client CPU per call, mlflow_lite / httpx"
T_SYNC = "bulk: MLflow synchronous / buffered mlflow_lite"
T_ASYNC = "bulk: MLflow synchronous=False / buffered mlflow_lite"
T_FLOOR = "bulk: buffered mlflow_lite / raw log-batch floor"
IMPORT_SPEEDUP_MIN = 10.0  # MLflow's client import / mlflow-lite import (fresh process wall time)
IMPORT_RSS_MAX_MIB = 40.0  # peak RSS of a process that imports mlflow_lite
UNBUFFERED_CPU_MAX = 1.25  # mlflow-lite client CPU per call / raw httpx's
BULK_VS_SYNC_MIN = 50.0  # MLflow synchronous / buffered mlflow-lite, same number of values
BULK_VS_ASYNC_MIN = 20.0  # MLflow synchronous=False / buffered mlflow-lite
BULK_VS_FLOOR_MAX = 1.5  # buffered mlflow-lite / raw log-batch floor


class MeasurementError(RuntimeError):
    """A measurement could not be made or its data is incomplete: the bench exits non-zero."""


@dataclass(frozen=True)
class Sizes:
    import_repeats: int  # fresh processes per import statement (the median is reported)
    import_warmup: bool  # one uncounted process per statement first (disk cache, bytecode)
    unbuffered_calls: int  # log_metric calls per round and client
    unbuffered_rounds: int  # mlflow-lite and raw httpx alternate, round by round
    bulk_values: int  # buffered mlflow-lite and the raw floor (a multiple of BATCH)
    mlflow_sync_calls: int  # MLflow's client, synchronous, scaled to bulk_values
    mlflow_async_calls: int  # MLflow's client, synchronous=False, scaled to bulk_values
    concurrent_runs: int
    calls_per_run: int


FULL = Sizes(
    import_repeats=5,
    import_warmup=False,  # the median of 5 absorbs a cold first start
    unbuffered_calls=100,
    unbuffered_rounds=3,
    bulk_values=10_000,
    mlflow_sync_calls=300,
    mlflow_async_calls=1000,
    concurrent_runs=20,
    calls_per_run=50,
)
QUICK = Sizes(
    import_repeats=1,
    import_warmup=False,
    unbuffered_calls=30,
    unbuffered_rounds=1,
    bulk_values=2 * BATCH,
    mlflow_sync_calls=30,
    mlflow_async_calls=60,
    concurrent_runs=4,
    calls_per_run=15,
)


def child_env() -> dict[str, str]:
    """The environment of every child: none of the caller's MLflow settings, no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true", PYTHONUNBUFFERED="1")
    return env


def mlflow_python() -> Path:
    return server_env_dir(MLFLOW_VERSION) / "bin" / "python"


def last_json_line(stdout: str, what: str) -> Any:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise MeasurementError(f"{what} printed no result:\n{stdout[-2000:]}")


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("inf")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- 1. import ---------------------------------------------------------------------------------------------

# The child times its own import statement and reports its own peak RSS in KiB: the kernel's high-water mark of
# its memory map (VmHWM). Not `ru_maxrss`: Linux carries that across exec(), so a child forked from this ~40 MiB
# process would report at least the parent's footprint, whatever it imports.
IMPORT_PROBE = (
    "import time\n"
    "t = time.perf_counter()\n"
    "{statement}\n"
    "t = time.perf_counter() - t\n"
    "try:\n"
    "    with open('/proc/self/status') as f:\n"
    "        peak = next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))\n"
    "except (OSError, StopIteration):\n"
    "    import resource\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(t, peak)\n"
)


@dataclass(frozen=True)
class ImportCase:
    name: str
    python: str
    statement: str


# `make bench` builds this environment with mlflow-lite and its runtime dependencies only, as a user has it;
# the development environment's httpx would also load its command-line extras (click, rich, pygments).
RUNTIME_PYTHON = ROOT / ".venv-runtime" / "bin" / "python"


def import_cases() -> list[ImportCase]:
    here = str(RUNTIME_PYTHON) if RUNTIME_PYTHON.exists() else sys.executable
    return [
        ImportCase("baseline", here, "pass"),
        ImportCase("mlflow_lite", here, "import mlflow_lite"),
        ImportCase("httpx", here, "import httpx"),
        ImportCase("mlflow", str(mlflow_python()), "from mlflow import MlflowClient"),
    ]


def run_import_probe(case: ImportCase) -> tuple[float, float, float]:
    """(process wall s, import statement s, peak RSS MiB) of one fresh process."""
    code = IMPORT_PROBE.format(statement=case.statement)
    started = time.perf_counter()
    done = subprocess.run(
        [case.python, "-c", code], capture_output=True, text=True, env=child_env(), check=False, cwd=ROOT
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise MeasurementError(f"`{case.statement}` failed in {case.name}'s interpreter:\n{done.stderr[-2000:]}")
    seconds, maxrss_kib = done.stdout.split()[-2:]
    return wall, float(seconds), int(maxrss_kib) / 1024


def bench_import(sizes: Sizes) -> dict[str, Any]:
    cases = import_cases()
    if sizes.import_warmup:
        for case in cases:
            run_import_probe(case)
    samples: dict[str, list[tuple[float, float, float]]] = {case.name: [] for case in cases}
    for _ in range(sizes.import_repeats):  # interleaved, so that a burst of load hits every case alike
        for case in cases:
            samples[case.name].append(run_import_probe(case))
    result: dict[str, Any] = {"repeats": sizes.import_repeats}
    for case in cases:
        rows = samples[case.name]
        result[case.name] = {
            "statement": case.statement,
            "wall_s": statistics.median(r[0] for r in rows),
            "import_s": statistics.median(r[1] for r in rows),
            "peak_rss_mib": statistics.median(r[2] for r in rows),
            "wall_s_all": [r[0] for r in rows],
        }
    lite, mlflow = result["mlflow_lite"], result["mlflow"]
    result["speedup_wall"] = ratio(mlflow["wall_s"], lite["wall_s"])
    result["speedup_import"] = ratio(mlflow["import_s"], lite["import_s"])
    result["lite_vs_httpx_import"] = ratio(lite["import_s"], result["httpx"]["import_s"])
    return result


# --- verification ------------------------------------------------------------------------------------------


def verify(client: TrackingClient, run_id: str, key: str, count: int, label: str) -> dict[str, Any]:
    """Read the metric history back: exactly steps 0..count-1, each with the value float(step)."""
    history: list[Metric] = client.get_metric_history(run_id, key)
    got = sorted((m.step, m.value) for m in history)
    expected = [(i, float(i)) for i in range(count)]
    if got != expected:
        wanted = set(expected)
        missing = len(wanted - set(got))
        wrong = sum(1 for pair in got if pair not in wanted)
        raise MeasurementError(
            f"{label}: incomplete data: the history of {key!r} holds {len(history)} values, expected {count} "
            f"({missing} missing, {wrong} unexpected or wrong)"
        )
    return {"expected": count, "found": len(history), "complete": True}


# --- 2. unbuffered -----------------------------------------------------------------------------------------


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


def per_call(cpu: float, wall: float, calls: int) -> dict[str, Any]:
    return {
        "calls": calls,
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_us_per_call": cpu / calls * 1e6,
        "wall_ms_per_call": wall / calls * 1e3,
    }


def bench_unbuffered_lite_raw(url: str, client: TrackingClient, experiment: str, sizes: Sizes) -> dict[str, Any]:
    lite_run = client.start_run(experiment, run_name="unbuffered-lite")
    raw_run = client.start_run(experiment, run_name="unbuffered-httpx")
    n, rounds = sizes.unbuffered_calls, sizes.unbuffered_rounds
    totals = {"mlflow_lite": [0.0, 0.0], "httpx": [0.0, 0.0]}
    rounds_cpu: dict[str, list[float]] = {"mlflow_lite": [], "httpx": []}
    with TrackingClient(url) as lite, httpx.Client(base_url=url) as http:
        lite_calls(lite, lite_run.run_id, range(5), key="warmup")
        raw_calls(http, raw_run.run_id, range(5), key="warmup")
        for r in range(rounds):
            steps = range(r * n, (r + 1) * n)
            order: list[tuple[str, Callable[[], None]]] = [
                ("mlflow_lite", functools.partial(lite_calls, lite, lite_run.run_id, steps)),
                ("httpx", functools.partial(raw_calls, http, raw_run.run_id, steps)),
            ]
            if r % 2:
                order.reverse()
            for name, loop in order:
                cpu, wall = timed(loop)
                totals[name][0] += cpu
                totals[name][1] += wall
                rounds_cpu[name].append(cpu / n * 1e6)
    result: dict[str, Any] = {}
    for name, run in (("mlflow_lite", lite_run), ("httpx", raw_run)):
        result[name] = per_call(totals[name][0], totals[name][1], n * rounds)
        result[name]["cpu_us_per_call_rounds"] = rounds_cpu[name]
        result[name]["verified"] = verify(client, run.run_id, KEY, n * rounds, f"unbuffered {name}")
        run.end()
    return result


# --- MLflow's client, in its own process ---------------------------------------------------------------------

# Run with the 2.22.5 environment's interpreter; argv[1] is a JSON job, the last line printed the result.
MLFLOW_CHILD = """
import json, sys, time
job = json.loads(sys.argv[1])
from mlflow import MlflowClient
client = MlflowClient(tracking_uri=job["url"])
key = job["key"]

def timed(loop):
    cpu, wall = time.process_time(), time.perf_counter()
    loop()
    return {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}

def sync_loop(run_id, n, key=key):
    for i in range(n):
        client.log_metric(run_id, key, float(i), step=i)

def async_loop(run_id, n, key=key):
    operations = [client.log_metric(run_id, key, float(i), step=i, synchronous=False) for i in range(n)]
    for operation in operations:
        operation.wait()

# Warm-up: connection, lazy imports, the async logging queue's threads.
sync_loop(job["warmup_run"], 5, "warmup-sync")
async_loop(job["warmup_run"], 5, "warmup-async")
out = {}
out["unbuffered"] = timed(lambda: sync_loop(job["unbuffered_run"], job["unbuffered_calls"]))
out["sync"] = timed(lambda: sync_loop(job["sync_run"], job["sync_calls"]))
out["async"] = timed(lambda: async_loop(job["async_run"], job["async_calls"]))
print(json.dumps(out))
"""


def bench_mlflow_client(url: str, client: TrackingClient, experiment: str, sizes: Sizes) -> dict[str, Any]:
    runs = {
        name: client.start_run(experiment, run_name=f"mlflow-{name}")
        for name in ("warmup", "unbuffered", "sync", "async")
    }
    calls = {
        "unbuffered": sizes.unbuffered_calls * sizes.unbuffered_rounds,
        "sync": sizes.mlflow_sync_calls,
        "async": sizes.mlflow_async_calls,
    }
    job = {
        "url": url,
        "key": KEY,
        **{f"{name}_run": run.run_id for name, run in runs.items()},
        **{f"{name}_calls": n for name, n in calls.items()},
    }
    done = subprocess.run(
        [str(mlflow_python()), "-c", MLFLOW_CHILD, json.dumps(job)],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
        cwd=ROOT,
        timeout=900,
    )
    if done.returncode != 0:
        raise MeasurementError(f"MLflow's client failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    figures = last_json_line(done.stdout, "MLflow's client")
    result: dict[str, Any] = {}
    for name, n in calls.items():
        result[name] = per_call(figures[name]["cpu_s"], figures[name]["wall_s"], n)
        result[name]["verified"] = verify(client, runs[name].run_id, KEY, n, f"MLflow's client ({name})")
    for run in runs.values():
        run.end()
    return result


# --- 3. bulk -----------------------------------------------------------------------------------------------


def bench_bulk_lite(url: str, experiment: str, sizes: Sizes, notes: list[str]) -> dict[str, Any]:
    n = sizes.bulk_values
    with TrackingClient(url) as client:
        try:
            run: ActiveRun = client.start_run(experiment, run_name="bulk-lite", buffered=True)
            mode = "buffered"
        except TypeError:
            run = client.start_run(experiment, run_name="bulk-lite")
            mode = "fallback: log_batch of 1000"
            notes.append(
                "buffered logging (`start_run(..., buffered=True)`) is not available in this mlflow_lite: "
                "the bulk figure is a caller batching by hand with `run.log_batch` (1000 per call)"
            )
        caller = 0.0

        def loop() -> None:
            nonlocal caller
            started = time.perf_counter()
            if mode == "buffered":
                for i in range(n):
                    run.log_metric(KEY, float(i), step=i)
            else:
                for start in range(0, n, BATCH):
                    run.log_batch(
                        metrics=[{"key": KEY, "value": float(i), "step": i} for i in range(start, start + BATCH)]
                    )
            caller = time.perf_counter() - started
            run.flush()

        cpu, wall = timed(loop)
        run.end()
        return {
            "mode": mode,
            "values": n,
            "cpu_s": cpu,
            "wall_s": wall,
            "caller_s": caller,
            "wall_us_per_value": wall / n * 1e6,
            "cpu_us_per_value": cpu / n * 1e6,
            "verified": verify(client, run.run_id, KEY, n, "buffered mlflow-lite"),
        }


def bench_bulk_floor(url: str, client: TrackingClient, experiment: str, sizes: Sizes) -> dict[str, Any]:
    n = sizes.bulk_values
    run = client.start_run(experiment, run_name="bulk-httpx-floor")
    with httpx.Client(base_url=url) as http:
        raw_calls(http, run.run_id, range(1), key="warmup")

        def loop() -> None:
            for start in range(0, n, BATCH):
                ts = time.time_ns() // 1_000_000
                metrics = [
                    {"key": KEY, "value": float(i), "timestamp": ts, "step": i} for i in range(start, start + BATCH)
                ]
                http.post(LOG_BATCH, json={"run_id": run.run_id, "metrics": metrics}).raise_for_status()

        cpu, wall = timed(loop)
    run.end()
    return {
        "values": n,
        "requests": -(-n // BATCH),
        "cpu_s": cpu,
        "wall_s": wall,
        "wall_us_per_value": wall / n * 1e6,
        "verified": verify(client, run.run_id, KEY, n, "raw log-batch floor"),
    }


def bench_bulk(lite: dict[str, Any], floor: dict[str, Any], mlflow: dict[str, Any], sizes: Sizes) -> dict[str, Any]:
    n = sizes.bulk_values
    result: dict[str, Any] = {"values": n, "mlflow_lite_buffered": lite, "httpx_floor": floor}
    for name in ("sync", "async"):
        figures = mlflow[name]
        per_value = figures["wall_s"] / figures["calls"]
        result[f"mlflow_{name}"] = {
            "calls": figures["calls"],
            "wall_s": figures["wall_s"],
            "wall_us_per_value": per_value * 1e6,
            "scaled_wall_s": per_value * n,
            "verified": figures["verified"],
        }
    result["speedup_vs_mlflow_sync"] = ratio(result["mlflow_sync"]["scaled_wall_s"], lite["wall_s"])
    result["speedup_vs_mlflow_async"] = ratio(result["mlflow_async"]["scaled_wall_s"], lite["wall_s"])
    result["vs_floor"] = ratio(lite["wall_s"], floor["wall_s"])
    return result


# --- 4. concurrency ----------------------------------------------------------------------------------------


async def bench_concurrency_async(url: str, experiment: str, sizes: Sizes) -> dict[str, Any]:
    n_runs, n_calls = sizes.concurrent_runs, sizes.calls_per_run

    async def work(run: AsyncActiveRun) -> None:
        for i in range(n_calls):
            await run.log_metric(KEY, float(i), step=i)

    async with AsyncTrackingClient(url) as client:
        sequential = [await client.start_run(experiment, run_name=f"sequential-{k}") for k in range(n_runs)]
        concurrent = [await client.start_run(experiment, run_name=f"concurrent-{k}") for k in range(n_runs)]
        for run in (sequential[0], concurrent[0]):
            await run.log_metric("warmup", 0.0)
        started = time.perf_counter()
        for run in sequential:
            await work(run)
        sequential_s = time.perf_counter() - started
        started = time.perf_counter()
        await asyncio.gather(*(work(run) for run in concurrent))
        concurrent_s = time.perf_counter() - started
        for run in sequential + concurrent:
            await run.end()
    return {
        "runs": n_runs,
        "calls_per_run": n_calls,
        "sequential_s": sequential_s,
        "concurrent_s": concurrent_s,
        "speedup": ratio(sequential_s, concurrent_s),
        "run_ids": [run.run_id for run in sequential + concurrent],
    }


def bench_concurrency(url: str, client: TrackingClient, experiment: str, sizes: Sizes) -> dict[str, Any]:
    result = asyncio.run(bench_concurrency_async(url, experiment, sizes))
    run_ids: list[str] = result.pop("run_ids")
    checks = [verify(client, run_id, KEY, sizes.calls_per_run, f"concurrency run {run_id}") for run_id in run_ids]
    result["verified"] = {"runs": len(checks), "values": sum(c["found"] for c in checks), "complete": True}
    return result


# --- report ------------------------------------------------------------------------------------------------


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    imp, unb, bulk = results["import"], results["unbuffered"], results["bulk"]
    cpu_ratio = ratio(unb["mlflow_lite"]["cpu_us_per_call"], unb["httpx"]["cpu_us_per_call"])
    rows = [
        (T_IMPORT, imp["speedup_wall"], f">= {IMPORT_SPEEDUP_MIN:g}x", imp["speedup_wall"] >= IMPORT_SPEEDUP_MIN),
        (
            T_RSS,
            imp["mlflow_lite"]["peak_rss_mib"],
            f"< {IMPORT_RSS_MAX_MIB:g} MiB",
            imp["mlflow_lite"]["peak_rss_mib"] < IMPORT_RSS_MAX_MIB,
        ),
        (T_CPU, cpu_ratio, f"<= {UNBUFFERED_CPU_MAX:g}x", cpu_ratio <= UNBUFFERED_CPU_MAX),
        (
            T_SYNC,
            bulk["speedup_vs_mlflow_sync"],
            f">= {BULK_VS_SYNC_MIN:g}x",
            bulk["speedup_vs_mlflow_sync"] >= BULK_VS_SYNC_MIN,
        ),
        (
            T_ASYNC,
            bulk["speedup_vs_mlflow_async"],
            f">= {BULK_VS_ASYNC_MIN:g}x",
            bulk["speedup_vs_mlflow_async"] >= BULK_VS_ASYNC_MIN,
        ),
        (T_FLOOR, bulk["vs_floor"], f"<= {BULK_VS_FLOOR_MAX:g}x", bulk["vs_floor"] <= BULK_VS_FLOOR_MAX),
    ]
    return [{"target": name, "measured": value, "goal": goal, "pass": ok} for name, value, goal, ok in rows]


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(results: dict[str, Any]) -> str:
    meta, imp, unb, bulk, conc = (results[k] for k in ("meta", "import", "unbuffered", "bulk", "concurrency"))
    goal = {row["target"]: row for row in results["targets"]}

    def mark(name: str) -> str:
        row = goal[name]
        return f"{verdict(row['pass'])} ({row['goal']})"

    out = [
        f"# mlflow-lite bench{' (--quick)' if meta['quick'] else ''}",
        "",
        f"MLflow {meta['mlflow_server']} server (SQLite, {meta['server_workers']} workers, loopback), "
        f"Python {meta['python']}, {meta['cpus']} CPUs, load average {meta['load_before']} before / "
        f"{meta['load_after']} after; whole bench {meta['elapsed_s']:.0f} s.",
        "",
        f"## 1. Import (median of {imp['repeats']} fresh processes)",
        "",
    ]
    lite = imp["mlflow_lite"]
    rows = []
    for name in ("baseline", "mlflow_lite", "httpx", "mlflow"):
        fig = imp[name]
        rows.append(
            [
                f"`{fig['statement']}`",
                f"{fig['wall_s']:.3f}",
                f"{fig['import_s']:.3f}",
                f"{fig['peak_rss_mib']:.1f}",
                f"{ratio(fig['wall_s'], lite['wall_s']):.2f}x",
                f"{ratio(fig['import_s'], lite['import_s']):.2f}x",
            ]
        )
    out.append(
        table(
            [
                "statement",
                "process wall (s)",
                "import alone (s)",
                "peak RSS (MiB)",
                "wall / mlflow_lite",
                "import / mlflow_lite",
            ],
            rows,
        )
    )
    out += [
        "",
        f"- MLflow's client / mlflow_lite: {imp['speedup_wall']:.1f}x (process wall), {imp['speedup_import']:.1f}x "
        f"(import alone): {mark(T_IMPORT)}",
        f"- mlflow_lite peak RSS {lite['peak_rss_mib']:.1f} MiB: {mark(T_RSS)}",
        "",
        f"## 2. Unbuffered `log_metric` ({unb['mlflow_lite']['calls']} calls each; "
        f"MLflow's client: {unb['mlflow']['calls']})",
        "",
    ]
    raw = unb["httpx"]
    rows = []
    for name, label in (
        ("mlflow_lite", "mlflow_lite `TrackingClient.log_metric`"),
        ("httpx", "raw `httpx.Client.post`"),
        ("mlflow", "MLflow `MlflowClient.log_metric`"),
    ):
        fig = unb[name]
        rows.append(
            [
                label,
                f"{fig['cpu_us_per_call']:.0f}",
                f"{ratio(fig['cpu_us_per_call'], raw['cpu_us_per_call']):.2f}x",
                f"{fig['wall_ms_per_call']:.2f}",
                f"{ratio(fig['wall_ms_per_call'], raw['wall_ms_per_call']):.2f}x",
            ]
        )
    out.append(table(["client", "client CPU / call (µs)", "CPU vs httpx", "wall / call (ms)", "wall vs httpx"], rows))
    out += [
        "",
        f"- client CPU per call, mlflow_lite / httpx: {goal[T_CPU]['measured']:.2f}x: {mark(T_CPU)} "
        f"(per round, µs: mlflow_lite {fmt_list(unb['mlflow_lite']['cpu_us_per_call_rounds'])}, "
        f"httpx {fmt_list(raw['cpu_us_per_call_rounds'])})",
        "",
        f"## 3. Bulk: {bulk['values']:,} values, one `log_metric` call each",
        "",
    ]
    lb, fl = bulk["mlflow_lite_buffered"], bulk["httpx_floor"]
    rows = [
        [
            f"mlflow_lite, {lb['mode']}",
            f"{lb['values']:,}",
            f"{lb['wall_s']:.2f}",
            f"{lb['wall_us_per_value']:.1f}",
            "1.00x",
            f"{lb['verified']['found']:,}/{lb['verified']['expected']:,}",
        ],
        [
            f"raw httpx floor ({fl['requests']} log-batch requests)",
            f"{fl['values']:,}",
            f"{fl['wall_s']:.2f}",
            f"{fl['wall_us_per_value']:.1f}",
            f"{ratio(fl['wall_s'], lb['wall_s']):.2f}x",
            f"{fl['verified']['found']:,}/{fl['verified']['expected']:,}",
        ],
    ]
    for name, label in (
        ("mlflow_sync", "MLflow client, synchronous"),
        ("mlflow_async", "MLflow client, synchronous=False"),
    ):
        fig = bulk[name]
        rows.append(
            [
                f"{label} ({fig['calls']:,} calls, scaled)",
                f"{fig['calls']:,}",
                f"{fig['scaled_wall_s']:.2f}",
                f"{fig['wall_us_per_value']:.1f}",
                f"{ratio(fig['scaled_wall_s'], lb['wall_s']):.2f}x",
                f"{fig['verified']['found']:,}/{fig['verified']['expected']:,}",
            ]
        )
    out.append(
        table(
            [
                "client",
                "values logged",
                f"wall for {bulk['values']:,} values (s)",
                "wall / value (µs)",
                "vs mlflow_lite",
                "read back",
            ],
            rows,
        )
    )
    out += [
        "",
        f"- mlflow_lite's caller spent {lb['caller_s']:.2f} s in the `log_metric` loop (the rest was the final "
        f"flush); CPU {lb['cpu_s']:.2f} s ({lb['cpu_us_per_value']:.1f} µs/value, all threads)",
        f"- vs MLflow synchronous: {bulk['speedup_vs_mlflow_sync']:.1f}x: {mark(T_SYNC)}",
        f"- vs MLflow synchronous=False: {bulk['speedup_vs_mlflow_async']:.1f}x: {mark(T_ASYNC)}",
        f"- vs the raw floor: {bulk['vs_floor']:.2f}x: {mark(T_FLOOR)}",
        "",
        f"## 4. Concurrency: `AsyncTrackingClient`, {conc['runs']} runs x {conc['calls_per_run']} "
        "unbuffered `log_metric` calls",
        "",
        table(
            ["mode", "wall (s)", "requests / s", "speed-up"],
            [
                [
                    "one run after another",
                    f"{conc['sequential_s']:.2f}",
                    f"{conc['runs'] * conc['calls_per_run'] / conc['sequential_s']:.0f}",
                    "1.00x",
                ],
                [
                    "all runs at once (asyncio.gather)",
                    f"{conc['concurrent_s']:.2f}",
                    f"{conc['runs'] * conc['calls_per_run'] / conc['concurrent_s']:.0f}",
                    f"{conc['speedup']:.2f}x",
                ],
            ],
        ),
        "",
        f"- read back: {conc['verified']['values']:,} values in {conc['verified']['runs']} runs, complete",
        "",
        "## Targets",
        "",
        table(
            ["target", "measured", "goal", "result"],
            [
                [row["target"], f"{row['measured']:.2f}", row["goal"], verdict(row["pass"])]
                for row in results["targets"]
            ],
        ),
    ]
    if meta["notes"]:
        out += ["", "Notes:", *(f"- {note}" for note in meta["notes"])]
    return "\n".join(out)


def fmt_list(values: Sequence[float]) -> str:
    return "/".join(f"{v:.0f}" for v in values)


def load_average() -> str:
    try:
        return "/".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "?"


# --- main --------------------------------------------------------------------------------------------------


def run_all(sizes: Sizes, *, quick: bool) -> dict[str, Any]:
    started = time.perf_counter()
    notes: list[str] = []
    phases: dict[str, float] = {}
    meta: dict[str, Any] = {
        "quick": quick,
        "sizes": asdict(sizes),
        "mlflow_server": MLFLOW_VERSION,
        "mlflow_lite": mlflow_lite.__version__,
        "httpx": httpx.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": load_average(),
        "notes": notes,
        "phases_s": phases,
    }
    if not mlflow_python().exists():
        raise MeasurementError(f"no MLflow {MLFLOW_VERSION} environment: run `make servers`")
    results: dict[str, Any] = {"meta": meta}
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-bench-") as tmp:
        server = MlflowServer(MLFLOW_VERSION, Path(tmp))
        meta["server_workers"] = server.workers
        with phase(f"starting the MLflow {MLFLOW_VERSION} server", phases):
            server.start()
        try:
            url = server.url
            experiment = f"bench-{uuid.uuid4().hex[:8]}"
            with TrackingClient(url) as client:
                with phase("1/4 import", phases):
                    results["import"] = bench_import(sizes)
                with phase("2/4 unbuffered log_metric: mlflow_lite and httpx", phases):
                    results["unbuffered"] = bench_unbuffered_lite_raw(url, client, experiment, sizes)
                with phase("2-3/4 MLflow's client, in its own process", phases):
                    mlflow = bench_mlflow_client(url, client, experiment, sizes)
                results["unbuffered"]["mlflow"] = mlflow["unbuffered"]
                with phase("3/4 bulk: buffered mlflow_lite and the raw floor", phases):
                    lite = bench_bulk_lite(url, experiment, sizes, notes)
                    floor = bench_bulk_floor(url, client, experiment, sizes)
                results["bulk"] = bench_bulk(lite, floor, mlflow, sizes)
                with phase("4/4 concurrency", phases):
                    results["concurrency"] = bench_concurrency(url, client, experiment, sizes)
        except BaseException:
            sys.stderr.write(f"end of the server's log:\n{server.log_tail()}\n")
            raise
        finally:
            server.stop()
    results["targets"] = targets(results)
    results["complete"] = True
    meta["load_after"] = load_average()
    meta["elapsed_s"] = time.perf_counter() - started
    return results


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def phase(name: str, phases: dict[str, float]) -> Iterator[None]:
    """Say what runs now, and record how long it took (`meta.phases_s`)."""
    progress(f"{name} ...")
    started = time.perf_counter()
    yield
    phases[name] = time.perf_counter() - started
    progress(f"{name}: {phases[name]:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes everywhere (for the test suite)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures (JSON)")
    args = parser.parse_args(argv)
    for name in [n for n in os.environ if n.startswith("MLFLOW_")]:
        del os.environ[name]  # the clients here talk to the bench's own server only
    try:
        results = run_all(QUICK if args.quick else FULL, quick=args.quick)
    except Exception as exc:  # any failure to measure: report it, keep the JSON honest, exit non-zero
        print(f"bench failed: {exc}", file=sys.stderr)
        args.json.write_text(json.dumps({"complete": False, "error": str(exc)}, indent=2) + "\n")
        return 1
    print(render(results))
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nfigures written to {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: mlflow-lite against raw httpx, mlflow-skinny and MLflow's full client, on one real MLflow server.

    .venv/bin/python scripts/bench.py [--quick] [--json PATH] [--chart PATH]

Everything runs in one go against one MLflow 2.22.5 server (SQLite, loopback). The server's folder is on
/dev/shm when the machine has one: a memory file system keeps disk syncs out of the server-bound figures.

1. import and first call. Fresh processes run `pass`, `import httpx` and `import mlflow_lite` (in `.venv-runtime`,
   which holds the library and its runtime dependencies only, as a user has them) and `from mlflow import
   MlflowClient` with mlflow-skinny 3.17.2 and 2.22.5 (`.bench/mlflow-skinny-<version>`, installed by `make
   bench`) and with full MLflow 2.22.5 (the server's environment): process wall, the statement's own time and
   the peak RSS. Then the first call, each in a fresh process against a run created beforehand: import, make a
   client, log one metric (raw httpx, mlflow-lite, MLflow's client).
2. unbuffered: `log_metric`, one request per call: mlflow-lite against a plain `httpx.Client` posting the same
   JSON to runs/log-metric (both here, in alternating rounds), and MLflow's client (skinny 3.17.2 and full
   2.22.5, in child processes): client CPU per call (`time.process_time()` around the loop) and wall per call.
3. bulk: 10,000 values, one `log_metric` call each, in a buffered mlflow-lite run, against MLflow's client
   synchronous and with `synchronous=False` (per value, scaled to the same count) and the raw floor (httpx
   posting log-batch requests of 1000 metrics). Then scale: 1,000,000 values, buffered mlflow-lite against the
   floor. Both loads run in fresh child processes, so that each reports its own peak RSS: a buffered run's
   memory must not grow with the number of values logged.
4. journal: the bulk load's 10,000 values in a buffered run with a spool journal (`spool_dir`, on this machine's
   temporary folder) against the same without, alternating: per value in the caller and in all, the journal's
   bytes per value and its fsyncs (each makes what was logged survive a machine crash).
5. concurrency: 100 runs logged at once with `AsyncTrackingClient` (`asyncio.gather`) against the same work
   done one run after another.

Every figure is the median of interleaved repetitions (3; 5 for the fresh-process probes, 9 for the unbuffered
rounds of mlflow-lite and httpx; `--quick`: one), and every sample is kept in the JSON. Every metric history
logged is read back with `get_metric_history` and compared value by value. The scale loads run last: their
millions of rows would slow the server's answers to everything after them.

Prints a markdown report on stdout (PASS/FAIL against the project's targets, then a table for the README),
writes the figures as JSON (`bench-results.json` at the repository root, git-ignored, or `--json PATH`) and a
chart (`docs/bench.png` in full mode, or `--chart PATH`). Missing a target is reported, not an error: the exit
code is non-zero only when a measurement fails (a server that does not start, a child that crashes, an
environment that is missing, a metric history that does not hold what was logged).
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

import mlflow_lite
from mlflow_lite import AsyncActiveRun, AsyncTrackingClient, Metric, TrackingClient
from mlflow_server import ROOT, MlflowServer, server_env_dir

MLFLOW_VERSION = "2.22.5"  # the server's, and the full MLflow client's (the server's environment)
SKINNY_3 = "3.17.2"
SKINNY_2 = "2.22.5"
BENCH_ENVS = ROOT / ".bench"  # one virtual environment per mlflow-skinny version (the Makefile's `bench` target)
# `make bench` builds this environment with mlflow-lite and its runtime dependencies only, as a user has it;
# the development environment's httpx would also load its command-line extras (click, rich, pygments).
RUNTIME_PYTHON = ROOT / ".venv-runtime" / "bin" / "python"
DEFAULT_JSON = ROOT / "bench-results.json"
DEFAULT_CHART = ROOT / "docs" / "bench.png"
SHM = Path("/dev/shm")  # noqa: S108 - a private temporary folder (mkdtemp) on the memory file system
SHM_NOTE = " (a memory file system: no disk syncs in the server-bound figures, the floor above all)"
KEY = "m"
BATCH = 1000  # metrics per log-batch request: the server's limit
LOG_METRIC = "/api/2.0/mlflow/runs/log-metric"
LOG_BATCH = "/api/2.0/mlflow/runs/log-batch"
CHILD_TIMEOUT = 1800.0  # seconds: a 1,000,000-value load takes 2-4 minutes on a 2-core machine
# A 1,000,000-value history is read back in one answer (2.x does not page it): about a minute of the server's time.
READBACK_TIMEOUT = 900.0

# Targets: printed next to the figures, never asserted.
T_IMPORT_TIME = "import: mlflow_lite / httpx (statement time)"
T_IMPORT_RSS = "import: mlflow_lite peak RSS minus httpx's (MiB)"
T_IMPORT_SKINNY = "import: mlflow-skinny 3.17.2 / mlflow_lite (statement time)"
T_FIRST_HTTPX = "first call: mlflow_lite / raw httpx (wall)"
T_FIRST_SKINNY = "first call: mlflow-skinny 3.17.2 / mlflow_lite (wall)"
T_CPU = "unbuffered: client CPU per call, mlflow_lite / httpx"
T_SYNC = "bulk: MLflow synchronous / buffered mlflow_lite"
T_ASYNC = "bulk: MLflow synchronous=False / buffered mlflow_lite"
T_FLOOR = "bulk: buffered mlflow_lite / raw log-batch floor"
T_SCALE = "scale (1M values): buffered mlflow_lite / raw log-batch floor"
T_SCALE_RSS = "scale (1M values): mlflow_lite peak RSS minus 10k values' (MiB)"
IMPORT_VS_HTTPX_MAX = 1.5  # `import mlflow_lite` / `import httpx`, the statements' own time
IMPORT_RSS_OVER_HTTPX_MAX_MIB = 4.0  # peak RSS after `import mlflow_lite` minus after `import httpx`
IMPORT_VS_SKINNY_MIN = 10.0  # `from mlflow import MlflowClient` (skinny 3.17.2) / `import mlflow_lite`
FIRST_CALL_VS_HTTPX_MAX = 1.5  # our own target: import + client + one call, mlflow-lite / raw httpx
FIRST_CALL_VS_SKINNY_MIN = 5.0  # our own target: MLflow's client (skinny 3.17.2) / mlflow-lite
UNBUFFERED_CPU_MAX = 1.1  # mlflow-lite client CPU per call / raw httpx's
BULK_VS_SYNC_MIN = 50.0  # MLflow synchronous / buffered mlflow-lite, same number of values
BULK_VS_ASYNC_MIN = 20.0  # MLflow synchronous=False / buffered mlflow-lite
BULK_VS_FLOOR_MAX = 1.5  # buffered mlflow-lite / raw log-batch floor, 10,000 values
SCALE_VS_FLOOR_MAX = 1.2  # buffered mlflow-lite / raw log-batch floor, 1,000,000 values
SCALE_RSS_GROWTH_MAX_MIB = 20.0  # peak RSS logging 1,000,000 values minus logging 10,000


class MeasurementError(RuntimeError):
    """A measurement could not be made or its data is incomplete: the bench exits non-zero."""


@dataclass(frozen=True)
class Sizes:
    repeats: int  # interleaved repetitions of the in-process rounds and of every load
    probe_repeats: int  # fresh processes per import statement and per first-call probe
    first_call_all: bool  # also skinny 2.22.5's and full MLflow's first call (the targets need only three)
    unbuffered_calls: int  # log_metric calls per round and client
    unbuffered_rounds: int  # mlflow-lite and raw httpx alternate, round by round (MLflow's clients: `repeats`)
    mlflow_sync_calls: int  # MLflow's client, synchronous, scaled to bulk_values
    mlflow_async_calls: int  # MLflow's client, synchronous=False, scaled to bulk_values
    bulk_values: int  # buffered mlflow-lite and the raw floor (a multiple of BATCH)
    scale_values: int  # the same, at scale
    concurrent_runs: int
    calls_per_run: int


FULL = Sizes(
    repeats=3,
    probe_repeats=5,
    first_call_all=True,
    unbuffered_calls=200,
    unbuffered_rounds=9,  # cheap, and CPU per call is the noisiest figure on a busy machine
    mlflow_sync_calls=300,
    mlflow_async_calls=1000,
    bulk_values=10_000,
    scale_values=1_000_000,
    concurrent_runs=100,
    calls_per_run=20,
)
QUICK = Sizes(
    repeats=1,
    probe_repeats=1,
    first_call_all=False,
    unbuffered_calls=30,
    unbuffered_rounds=1,
    mlflow_sync_calls=30,
    mlflow_async_calls=60,
    bulk_values=2 * BATCH,
    scale_values=5 * BATCH,
    concurrent_runs=10,
    calls_per_run=5,
)


# --- what is measured, and where ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    """One client under test: its key in the JSON, its name in the report, the interpreter it runs in."""

    key: str
    label: str
    python: Path


LABELS = {
    "httpx": "httpx",
    "mlflow_lite": "mlflow-lite",
    "mlflow_skinny_3": f"mlflow-skinny {SKINNY_3}",
    "mlflow_skinny_2": f"mlflow-skinny {SKINNY_2}",
    "mlflow_full": f"MLflow {MLFLOW_VERSION} (full)",
}


def mlflow_python() -> Path:
    return server_env_dir(MLFLOW_VERSION) / "bin" / "python"


def skinny_python(version: str) -> Path:
    return BENCH_ENVS / f"mlflow-skinny-{version}" / "bin" / "python"


def find_clients(*, quick: bool, notes: list[str]) -> dict[str, Client]:
    """The interpreters of every client. The full bench needs them all; `--quick` (the test suite, which does not
    install mlflow-skinny) leaves out what is missing and says so in the notes."""
    if not mlflow_python().exists():
        raise MeasurementError(f"no MLflow {MLFLOW_VERSION} environment: run `make servers`")
    runtime = RUNTIME_PYTHON
    if not runtime.exists():
        if not quick:
            raise MeasurementError("no `.venv-runtime` (mlflow-lite with its runtime dependencies): run `make bench`")
        runtime = Path(sys.executable)
        notes.append(
            "`.venv-runtime` is missing: httpx and mlflow_lite were measured in the development environment, "
            "whose httpx also loads its command-line extras"
        )
    found = {
        "httpx": Client("httpx", LABELS["httpx"], runtime),
        "mlflow_lite": Client("mlflow_lite", LABELS["mlflow_lite"], runtime),
    }
    for key, version in (("mlflow_skinny_3", SKINNY_3), ("mlflow_skinny_2", SKINNY_2)):
        python = skinny_python(version)
        if python.exists():
            found[key] = Client(key, LABELS[key], python)
        elif quick:
            notes.append(
                f"mlflow-skinny {version} is not installed ({shown(python.parent.parent)}): left out "
                "of this quick run, with the targets that compare with it; `make bench` installs it"
            )
        else:
            raise MeasurementError(
                f"no mlflow-skinny {version} environment ({shown(python.parent.parent)}): "
                "run `make bench`, which installs it"
            )
    found["mlflow_full"] = Client("mlflow_full", LABELS["mlflow_full"], mlflow_python())
    return found


def shown(path: Path) -> str:
    """A path as the report names it: relative to the repository (no machine's paths in the JSON)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def child_env() -> dict[str, str]:
    """The environment of every child: none of the caller's MLflow settings, no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true", PYTHONUNBUFFERED="1")
    return env


def run_child(python: Path, code: str, *args: str, what: str, timeout: float = CHILD_TIMEOUT) -> tuple[str, float]:
    """Run `python -c code args...` in a fresh process; (its stdout, its wall time in s)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(python), "-c", code, *args],
            capture_output=True,
            text=True,
            env=child_env(),
            check=False,
            cwd=ROOT,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise MeasurementError(f"{what} did not finish within {timeout:.0f} s") from exc
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise MeasurementError(f"{what} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout, wall


def last_json_line(stdout: str, what: str) -> Any:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise MeasurementError(f"{what} printed no result:\n{stdout[-2000:]}")


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("inf")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def with_medians(samples: Sequence[dict[str, float]]) -> dict[str, Any]:
    """The median of every figure over the repetitions, and the repetitions themselves (kept in the JSON)."""
    out: dict[str, Any] = {name: statistics.median(sample[name] for sample in samples) for name in samples[0]}
    out["samples"] = list(samples)
    return out


def alternate(names: Sequence[str], repetition: int) -> list[str]:
    """The order of one repetition: reversed every other time, so that drift (a growing store, a burst of load
    from elsewhere) does not always favour the same side."""
    return list(reversed(names)) if repetition % 2 else list(names)


# A child's own peak RSS in KiB: the kernel's high-water mark of its memory map (VmHWM). Not `ru_maxrss`: Linux
# carries that across exec(), so a child forked from this process would report at least the parent's footprint.
PEAK_RSS = (
    "def peak_rss_kib():\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            return next(int(line.split()[1]) for line in f if line.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration):\n"
    "        import resource\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
)


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


def merged(checks: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Several runs' verifications as one: every run complete, values added up."""
    return {
        "runs": len(checks),
        "expected": sum(check["expected"] for check in checks),
        "found": sum(check["found"] for check in checks),
        "complete": all(check["complete"] for check in checks),
    }


def verify_runs(url: str, runs: Sequence[tuple[str, int, str]], *, parallel: int = 1) -> dict[str, Any]:
    """Verify (run id, value count, label) histories, `parallel` at a time: a 1,000,000-value history costs the
    server about a minute to answer, and the server has two workers."""

    def one(job: tuple[str, int, str]) -> dict[str, Any]:
        run_id, count, label = job
        with TrackingClient(url, timeout=READBACK_TIMEOUT) as reader:
            return verify(reader, run_id, KEY, count, label)

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return merged(list(pool.map(one, runs)))


# --- 1. import and first call --------------------------------------------------------------------------------

# The child times its own statement; it loads nothing but `time` before it.
IMPORT_PROBE = (
    "import time\nt = time.perf_counter()\n{statement}\nt = time.perf_counter() - t\n"
    + PEAK_RSS
    + "print(t, peak_rss_kib())\n"
)
IMPORT_STATEMENTS = {
    "baseline": "pass",
    "httpx": "import httpx",
    "mlflow_lite": "import mlflow_lite",
    "mlflow_skinny_3": "from mlflow import MlflowClient",
    "mlflow_skinny_2": "from mlflow import MlflowClient",
    "mlflow_full": "from mlflow import MlflowClient",
}


def import_probe(python: Path, statement: str) -> dict[str, float]:
    """One fresh process: its wall time, the statement's own time, its peak RSS."""
    stdout, wall = run_child(python, IMPORT_PROBE.format(statement=statement), what=f"`{statement}` ({python})")
    seconds, peak_kib = stdout.split()[-2:]
    return {"wall_s": wall, "import_s": float(seconds), "peak_rss_mib": int(peak_kib) / 1024}


def bench_import(clients: dict[str, Client], sizes: Sizes) -> dict[str, Any]:
    cases = [Client("baseline", "baseline (nothing)", clients["mlflow_lite"].python), *clients.values()]
    samples: dict[str, list[dict[str, float]]] = {case.key: [] for case in cases}
    for _ in range(sizes.probe_repeats):  # interleaved, so that a burst of load hits every case alike
        for case in cases:
            samples[case.key].append(import_probe(case.python, IMPORT_STATEMENTS[case.key]))
    result: dict[str, Any] = {"repeats": sizes.probe_repeats}
    for case in cases:
        result[case.key] = {
            "label": case.label,
            "statement": IMPORT_STATEMENTS[case.key],
            "python": shown(case.python),
            **with_medians(samples[case.key]),
        }
    return result


@dataclass(frozen=True)
class FirstCall:
    """A first call as a user's script makes it: import, make a client, log one value (templates for
    `str.format` with url, run_id, key, value, step)."""

    imports: str
    client: str
    call: str


HTTPX_FIRST = FirstCall(
    "import httpx",
    "http = httpx.Client(base_url={url!r})",
    "http.post({path!r}, json={{'run_id': {run_id!r}, 'key': {key!r}, 'value': {value!r}, "
    "'timestamp': int(time.time() * 1000), 'step': {step!r}}}).raise_for_status()",
)
LITE_FIRST = FirstCall(
    "import mlflow_lite",
    "client = mlflow_lite.TrackingClient({url!r})",
    "client.log_metric({run_id!r}, {key!r}, {value!r}, step={step!r})",
)
MLFLOW_FIRST = FirstCall(
    "from mlflow import MlflowClient",
    "client = MlflowClient({url!r})",
    "client.log_metric({run_id!r}, {key!r}, {value!r}, step={step!r})",
)
FIRST_CALLS = {
    "httpx": HTTPX_FIRST,
    "mlflow_lite": LITE_FIRST,
    "mlflow_skinny_3": MLFLOW_FIRST,
    "mlflow_skinny_2": MLFLOW_FIRST,
    "mlflow_full": MLFLOW_FIRST,
}
FIRST_CALL_PROBE = (
    "import time\n"
    "t0 = time.perf_counter()\n{imports}\n"
    "t1 = time.perf_counter()\n{client}\n"
    "t2 = time.perf_counter()\n{call}\n"
    "t3 = time.perf_counter()\n" + PEAK_RSS + "print(t1 - t0, t2 - t1, t3 - t2, peak_rss_kib())\n"
)


def first_call_probe(client: Client, url: str, run_id: str, step: int) -> dict[str, float]:
    """One fresh process: import, client, one logged value (step `step`, value float(step)); the three parts'
    own times, their sum (`first_call_s`), the process's wall time and peak RSS."""
    probe = FIRST_CALLS[client.key]
    values = {"url": url, "path": LOG_METRIC, "run_id": run_id, "key": KEY, "value": float(step), "step": step}
    code = FIRST_CALL_PROBE.format(
        imports=probe.imports, client=probe.client.format(**values), call=probe.call.format(**values)
    )
    stdout, wall = run_child(client.python, code, what=f"{client.label}'s first call")
    imported, made, called, peak_kib = stdout.split()[-4:]
    parts = float(imported), float(made), float(called)
    return {
        "wall_s": wall,
        "first_call_s": sum(parts),
        "import_s": parts[0],
        "client_s": parts[1],
        "call_s": parts[2],
        "peak_rss_mib": int(peak_kib) / 1024,
    }


def bench_first_call(
    url: str, client: TrackingClient, experiment: str, clients: dict[str, Client], sizes: Sizes
) -> dict[str, Any]:
    keys = ["httpx", "mlflow_lite", "mlflow_skinny_3"]
    if sizes.first_call_all:
        keys += ["mlflow_skinny_2", "mlflow_full"]
    cases = [clients[key] for key in keys if key in clients]
    runs = {case.key: client.start_run(experiment, run_name=f"first-call-{case.key}") for case in cases}
    samples: dict[str, list[dict[str, float]]] = {case.key: [] for case in cases}
    for step in range(sizes.probe_repeats):
        for case in cases:
            samples[case.key].append(first_call_probe(case, url, runs[case.key].run_id, step))
    result: dict[str, Any] = {"repeats": sizes.probe_repeats}
    for case in cases:
        probe = FIRST_CALLS[case.key]
        result[case.key] = {
            "label": case.label,
            "statements": [probe.imports, probe.client, probe.call],
            **with_medians(samples[case.key]),
            "verified": verify(client, runs[case.key].run_id, KEY, sizes.probe_repeats, f"first call, {case.label}"),
        }
        runs[case.key].end()
    return result


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


def per_call(cpu: float, wall: float, calls: int) -> dict[str, float]:
    return {
        "cpu_s": cpu,
        "wall_s": wall,
        "cpu_us_per_call": cpu / calls * 1e6,
        "wall_ms_per_call": wall / calls * 1e3,
    }


# MLflow's client, in a child process with its own interpreter; argv[1] is a JSON job, the last line printed the
# result. `calls` says which loops run: unbuffered (one call per value), sync and async (the bulk figures).
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

loops = {"unbuffered": sync_loop, "sync": sync_loop, "async": async_loop}
# Warm-up: connection, lazy imports, the async logging queue's threads.
sync_loop(job["runs"]["warmup"], 5, "warmup-sync")
if "async" in job["calls"]:
    async_loop(job["runs"]["warmup"], 5, "warmup-async")
out = {}
for name, n in job["calls"].items():
    out[name] = timed(lambda: loops[name](job["runs"][name], n))
print(json.dumps(out))
"""


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


# --- 3. bulk and scale ---------------------------------------------------------------------------------------

# The loads run in fresh children of `.venv-runtime` (argv[1]: a JSON job; the last line printed: the result), so
# that each reports the peak RSS of one process doing one load. Both time the loop only: the run exists already,
# and the connection is open (mlflow-lite's resumed the run; the floor's asked for it).
LITE_LOAD = (
    PEAK_RSS
    + """
import json, sys, time
job = json.loads(sys.argv[1])
from mlflow_lite import TrackingClient
with TrackingClient(job["url"]) as client:
    run = client.start_run(run_id=job["run_id"], buffered=True)
    key, n = job["key"], job["values"]
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        run.log_metric(key, float(i), step=i)
    caller = time.perf_counter() - wall
    run.flush()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"cpu_s": cpu, "wall_s": wall, "caller_s": caller, "peak_rss_kib": peak_rss_kib()}))
"""
)
FLOOR_LOAD = (
    PEAK_RSS
    + """
import json, sys, time
job = json.loads(sys.argv[1])
import httpx
with httpx.Client(base_url=job["url"], timeout=300) as http:
    run_id, key, n, size = job["run_id"], job["key"], job["values"], job["batch"]
    http.get(job["get_run"], params={"run_id": run_id}).raise_for_status()
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, n, size):
        ts = time.time_ns() // 1_000_000
        steps = range(start, min(n, start + size))
        metrics = [{"key": key, "value": float(i), "timestamp": ts, "step": i} for i in steps]
        http.post(job["path"], json={"run_id": run_id, "metrics": metrics}).raise_for_status()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"cpu_s": cpu, "wall_s": wall, "peak_rss_kib": peak_rss_kib()}))
"""
)
LOADS = {"mlflow_lite_buffered": LITE_LOAD, "httpx_floor": FLOOR_LOAD}
# The same load as LITE_LOAD with a spool journal: each call is written to the journal before it returns, and the
# run is delivered from it. The run is the child's own (a journaled run is started, not resumed), made before
# the timing starts. os.fsync is counted (how often the journal is made to survive a machine crash).
JOURNAL_LOAD = (
    PEAK_RSS
    + """
import json, os, sys, tempfile, time
job = json.loads(sys.argv[1])
fsyncs = 0
real_fsync = os.fsync
def counted_fsync(fd):
    global fsyncs
    fsyncs += 1
    real_fsync(fd)
os.fsync = counted_fsync
from mlflow_lite import TrackingClient
with tempfile.TemporaryDirectory() as spool, TrackingClient(job["url"], spool_dir=spool) as client:
    run = client.start_run(experiment_id=job["experiment_id"], run_name=job["run_name"])
    key, n = job["key"], job["values"]
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        run.log_metric(key, float(i), step=i)
    caller = time.perf_counter() - wall
    journal_bytes = os.stat(run.journal).st_size
    run.flush()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    run.end()
    left = os.listdir(spool)
print(json.dumps({"cpu_s": cpu, "wall_s": wall, "caller_s": caller, "peak_rss_kib": peak_rss_kib(),
                  "run_id": run.run_id, "journal_bytes": journal_bytes, "fsyncs": fsyncs, "left": left}))
"""
)


def run_load(python: Path, name: str, url: str, run_id: str, values: int) -> dict[str, float]:
    job = {
        "url": url,
        "run_id": run_id,
        "key": KEY,
        "values": values,
        "batch": BATCH,
        "path": LOG_BATCH,
        "get_run": "/api/2.0/mlflow/runs/get",
    }
    stdout, _ = run_child(python, LOADS[name], json.dumps(job), what=f"{name} ({values:,} values)")
    figures = last_json_line(stdout, name)
    sample = {
        "wall_s": figures["wall_s"],
        "cpu_s": figures["cpu_s"],
        "wall_us_per_value": figures["wall_s"] / values * 1e6,
        "cpu_us_per_value": figures["cpu_s"] / values * 1e6,
        "peak_rss_mib": figures["peak_rss_kib"] / 1024,
    }
    if "caller_s" in figures:
        sample["caller_s"] = figures["caller_s"]
    return sample


def bench_loads(
    url: str, client: TrackingClient, experiment: str, python: Path, values: int, repeats: int, what: str
) -> dict[str, Any]:
    """Buffered mlflow-lite and the raw floor, `values` each, in alternating order, `repeats` times; then every
    run's history read back (two at a time: large histories are slow to answer)."""
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in LOADS}
    checks: dict[str, list[tuple[str, int, str]]] = {name: [] for name in LOADS}
    for r in range(repeats):
        for name in alternate(list(LOADS), r):
            run = client.start_run(experiment, run_name=f"{what}-{name}-{r}")
            sample = run_load(python, name, url, run.run_id, values)
            run.end()
            samples[name].append(sample)
            checks[name].append((run.run_id, values, f"{what}: {name}, repetition {r + 1}"))
            progress(f"  {what} {r + 1}/{repeats}: {name}, {values:,} values: {sample['wall_s']:.1f} s")
    progress(f"  {what}: reading back {repeats * len(LOADS)} histories of {values:,} values")
    result: dict[str, Any] = {"values": values, "repeats": repeats}
    for name in LOADS:
        result[name] = {**with_medians(samples[name]), "values": values, "requests": -(-values // BATCH)}
        result[name]["verified"] = verify_runs(url, checks[name], parallel=2)
    return result


def bench_journal(
    url: str, client: TrackingClient, experiment: str, python: Path, values: int, repeats: int
) -> dict[str, Any]:
    """Buffered mlflow-lite with a spool journal against without, `values` each, alternating, `repeats` times;
    every run read back."""
    experiment_id = client.ensure_experiment(experiment)
    names = ["mlflow_lite_buffered", "mlflow_lite_journaled"]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    checks: dict[str, list[tuple[str, int, str]]] = {name: [] for name in names}
    for r in range(repeats):
        for name in alternate(names, r):
            what = f"journal: {name}, repetition {r + 1}"
            if name == "mlflow_lite_buffered":
                run = client.start_run(experiment, run_name=f"journal-{name}-{r}")
                sample = run_load(python, name, url, run.run_id, values)
                run.end()
                run_id = run.run_id
            else:
                job = {"url": url, "experiment_id": experiment_id, "run_name": f"journal-{name}-{r}", "key": KEY}
                stdout, _ = run_child(python, JOURNAL_LOAD, json.dumps({**job, "values": values}), what=what)
                figures = last_json_line(stdout, name)
                if figures["left"]:
                    raise RuntimeError(f"{what}: the journal was not delivered and removed: {figures['left']}")
                run_id = figures["run_id"]
                sample = {
                    "wall_s": figures["wall_s"],
                    "cpu_s": figures["cpu_s"],
                    "caller_s": figures["caller_s"],
                    "wall_us_per_value": figures["wall_s"] / values * 1e6,
                    "cpu_us_per_value": figures["cpu_s"] / values * 1e6,
                    "peak_rss_mib": figures["peak_rss_kib"] / 1024,
                    "journal_bytes_per_value": figures["journal_bytes"] / values,
                    "fsyncs": figures["fsyncs"],
                }
            sample["caller_us_per_value"] = sample["caller_s"] / values * 1e6
            samples[name].append(sample)
            checks[name].append((run_id, values, what))
            progress(f"  journal {r + 1}/{repeats}: {name}, {values:,} values: {sample['wall_s']:.2f} s")
    result: dict[str, Any] = {"values": values, "repeats": repeats}
    for name in names:
        result[name] = {**with_medians(samples[name]), "values": values}
        result[name]["verified"] = verify_runs(url, checks[name], parallel=2)
    plain, journaled = result["mlflow_lite_buffered"], result["mlflow_lite_journaled"]
    result["caller_us_per_value_added"] = journaled["caller_us_per_value"] - plain["caller_us_per_value"]
    result["cpu_us_per_value_added"] = journaled["cpu_us_per_value"] - plain["cpu_us_per_value"]
    result["wall_ratio"] = ratio(journaled["wall_s"], plain["wall_s"])
    return result


def bench_bulk(loads: dict[str, Any], mlflow_bulk: dict[str, Any]) -> dict[str, Any]:
    n = loads["values"]
    lite, floor = loads["mlflow_lite_buffered"], loads["httpx_floor"]
    result = dict(loads)
    for name in ("sync", "async"):
        figures = mlflow_bulk[name]
        per_value = figures["wall_s"] / figures["calls"]
        result[f"mlflow_{name}"] = {
            **figures,
            "wall_us_per_value": per_value * 1e6,
            "scaled_wall_s": per_value * n,
        }
    result["speedup_vs_mlflow_sync"] = ratio(result["mlflow_sync"]["scaled_wall_s"], lite["wall_s"])
    result["speedup_vs_mlflow_async"] = ratio(result["mlflow_async"]["scaled_wall_s"], lite["wall_s"])
    result["vs_floor"] = ratio(lite["wall_s"], floor["wall_s"])
    return result


def bench_scale(loads: dict[str, Any], bulk: dict[str, Any]) -> dict[str, Any]:
    result = dict(loads)
    lite, floor = loads["mlflow_lite_buffered"], loads["httpx_floor"]
    result["vs_floor"] = ratio(lite["wall_s"], floor["wall_s"])
    result["rss_growth_mib"] = lite["peak_rss_mib"] - bulk["mlflow_lite_buffered"]["peak_rss_mib"]
    result["floor_rss_growth_mib"] = floor["peak_rss_mib"] - bulk["httpx_floor"]["peak_rss_mib"]
    return result


# --- 4. concurrency ----------------------------------------------------------------------------------------


async def concurrency_round(
    client: AsyncTrackingClient, experiment: str, sizes: Sizes, mode: str, repetition: int
) -> tuple[float, list[str]]:
    """Fresh runs (created and ended outside the timing), logged one after another or all at once."""

    async def start(k: int) -> AsyncActiveRun:
        return await client.start_run(experiment, run_name=f"{mode}-{repetition}-{k}")

    async def work(run: AsyncActiveRun) -> None:
        for i in range(sizes.calls_per_run):
            await run.log_metric(KEY, float(i), step=i)

    runs = await asyncio.gather(*(start(k) for k in range(sizes.concurrent_runs)))
    started = time.perf_counter()
    if mode == "concurrent":
        await asyncio.gather(*(work(run) for run in runs))
    else:
        for run in runs:
            await work(run)
    wall = time.perf_counter() - started
    await asyncio.gather(*(run.end() for run in runs))
    return wall, [run.run_id for run in runs]


async def concurrency_rounds(url: str, experiment: str, sizes: Sizes) -> tuple[list[dict[str, float]], list[str]]:
    samples: list[dict[str, float]] = []
    run_ids: list[str] = []
    async with AsyncTrackingClient(url) as client:
        for r in range(sizes.repeats):
            wall: dict[str, float] = {}
            for mode in alternate(["sequential", "concurrent"], r):
                wall[mode], ids = await concurrency_round(client, experiment, sizes, mode, r)
                run_ids += ids
            speedup = ratio(wall["sequential"], wall["concurrent"])
            samples.append({"sequential_s": wall["sequential"], "concurrent_s": wall["concurrent"], "speedup": speedup})
    return samples, run_ids


def bench_concurrency(url: str, experiment: str, sizes: Sizes) -> dict[str, Any]:
    samples, run_ids = asyncio.run(concurrency_rounds(url, experiment, sizes))
    checks = [(run_id, sizes.calls_per_run, f"concurrency run {run_id}") for run_id in run_ids]
    return {
        "runs": sizes.concurrent_runs,
        "calls_per_run": sizes.calls_per_run,
        "repeats": sizes.repeats,
        **with_medians(samples),
        "verified": verify_runs(url, checks, parallel=2),
    }


# --- targets -----------------------------------------------------------------------------------------------


def target(name: str, measured: float, goal: str, ok: bool) -> dict[str, Any]:
    return {"target": name, "measured": measured, "goal": goal, "pass": ok}


def at_most(name: str, measured: float, limit: float, unit: str = "x") -> dict[str, Any]:
    return target(name, measured, f"<= {limit:g}{unit}", measured <= limit)


def at_least(name: str, measured: float, limit: float) -> dict[str, Any]:
    return target(name, measured, f">= {limit:g}x", measured >= limit)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target that this run could measure (`--quick` without mlflow-skinny leaves two out)."""
    imp, first, unb, bulk, scale = (results[k] for k in ("import", "first_call", "unbuffered", "bulk", "scale"))
    lite_import, httpx_import = imp["mlflow_lite"], imp["httpx"]
    rows = [
        at_most(T_IMPORT_TIME, ratio(lite_import["import_s"], httpx_import["import_s"]), IMPORT_VS_HTTPX_MAX),
        at_most(
            T_IMPORT_RSS,
            lite_import["peak_rss_mib"] - httpx_import["peak_rss_mib"],
            IMPORT_RSS_OVER_HTTPX_MAX_MIB,
            " MiB",
        ),
    ]
    if "mlflow_skinny_3" in imp:
        skinny = ratio(imp["mlflow_skinny_3"]["import_s"], lite_import["import_s"])
        rows.append(at_least(T_IMPORT_SKINNY, skinny, IMPORT_VS_SKINNY_MIN))
    lite_first = first["mlflow_lite"]["first_call_s"]
    rows.append(at_most(T_FIRST_HTTPX, ratio(lite_first, first["httpx"]["first_call_s"]), FIRST_CALL_VS_HTTPX_MAX))
    if "mlflow_skinny_3" in first:
        skinny = ratio(first["mlflow_skinny_3"]["first_call_s"], lite_first)
        rows.append(at_least(T_FIRST_SKINNY, skinny, FIRST_CALL_VS_SKINNY_MIN))
    cpu = ratio(unb["mlflow_lite"]["cpu_us_per_call"], unb["httpx"]["cpu_us_per_call"])
    rows += [
        at_most(T_CPU, cpu, UNBUFFERED_CPU_MAX),
        at_least(T_SYNC, bulk["speedup_vs_mlflow_sync"], BULK_VS_SYNC_MIN),
        at_least(T_ASYNC, bulk["speedup_vs_mlflow_async"], BULK_VS_ASYNC_MIN),
        at_most(T_FLOOR, bulk["vs_floor"], BULK_VS_FLOOR_MAX),
        at_most(T_SCALE, scale["vs_floor"], SCALE_VS_FLOOR_MAX),
        at_most(T_SCALE_RSS, scale["rss_growth_mib"], SCALE_RSS_GROWTH_MAX_MIB, " MiB"),
    ]
    return rows


# --- report ------------------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def seconds(value: float) -> str:
    """A duration for people: ms under a second, s above."""
    if value < 1:
        return f"{value * 1e3:.0f} ms" if value >= 0.01 else f"{value * 1e3:.1f} ms"
    return f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def times(value: float) -> str:
    """A ratio for people: one decimal under 10."""
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


def fmt_list(values: Iterable[float], spec: str = ".0f") -> str:
    return "/".join(format(v, spec) for v in values)


def samples_of(figures: dict[str, Any], name: str, spec: str = ".2f") -> str:
    return fmt_list((s[name] for s in figures["samples"]), spec)


class Report:
    """The markdown report, section by section; `mark(target)` is the PASS/FAIL note of one target."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        self.goals = {row["target"]: row for row in results["targets"]}

    def mark(self, name: str) -> str:
        row = self.goals.get(name)
        if row is None:
            return "not measured (see the notes)"
        return f"{row['measured']:.2f} ({row['goal']}): {verdict(row['pass'])}"

    def render(self) -> str:
        parts = [
            self.header(),
            self.imports(),
            self.first_call(),
            self.unbuffered(),
            self.bulk(),
            self.scale(),
            self.concurrency(),
            self.targets(),
            self.readme(),
        ]
        meta = self.results["meta"]
        if meta["notes"]:
            parts.append("\n".join(["Notes:", *(f"- {note}" for note in meta["notes"])]))
        return "\n\n".join(parts)

    def header(self) -> str:
        meta = self.results["meta"]
        return (
            f"# mlflow-lite bench{' (--quick)' if meta['quick'] else ''}\n\n"
            f"MLflow {meta['mlflow_server']} server: {meta['server_workers']} workers, loopback, SQLite store on "
            f"{meta['store']}{SHM_NOTE if meta['store_in_memory'] else ''}. Python {meta['python']}, "
            f"{meta['cpus']} CPUs, load average {meta['load_before']} before / "
            f"{meta['load_after']} after; whole bench {meta['elapsed_s'] / 60:.1f} min. Every figure is the median "
            f"of {meta['sizes']['repeats']} interleaved repetitions ({meta['sizes']['probe_repeats']} fresh "
            f"processes for imports and first calls, {meta['sizes']['unbuffered_rounds']} rounds for the unbuffered "
            "calls of mlflow-lite and httpx); every sample is in the JSON."
        )

    def imports(self) -> str:
        imp = self.results["import"]
        lite = imp["mlflow_lite"]
        rows = []
        for key in ("baseline", *(k for k in IMPORT_STATEMENTS if k != "baseline")):
            if key not in imp:
                continue
            fig = imp[key]
            rows.append(
                [
                    f"`{fig['statement']}`",
                    fig["label"],
                    f"`{fig['python']}`",
                    f"{fig['wall_s']:.3f}",
                    f"{fig['import_s']:.3f}",
                    f"{fig['peak_rss_mib']:.1f}",
                    f"{ratio(fig['import_s'], lite['import_s']):.1f}x" if key != "baseline" else "",
                ]
            )
        header = [
            "statement",
            "client",
            "interpreter",
            "process wall (s)",
            "statement (s)",
            "peak RSS (MiB)",
            "vs mlflow-lite",
        ]
        return "\n".join(
            [
                f"## 1. Import and first call (median of {imp['repeats']} fresh processes each)",
                "",
                table(header, rows),
                "",
                f"- `import mlflow_lite` / `import httpx`, statement time: {self.mark(T_IMPORT_TIME)}",
                f"- peak RSS, `import mlflow_lite` minus `import httpx`: {self.mark(T_IMPORT_RSS)}",
                f"- mlflow-skinny {SKINNY_3}'s `from mlflow import MlflowClient` / `import mlflow_lite`: "
                f"{self.mark(T_IMPORT_SKINNY)}",
            ]
        )

    def first_call(self) -> str:
        first = self.results["first_call"]
        lite = first["mlflow_lite"]
        rows = []
        for key in FIRST_CALLS:
            if key not in first:
                continue
            fig = first[key]
            rows.append(
                [
                    fig["label"],
                    f"{fig['wall_s']:.3f}",
                    f"{fig['import_s']:.3f}",
                    f"{fig['client_s']:.3f}",
                    f"{fig['call_s']:.3f}",
                    f"{fig['first_call_s']:.3f}",
                    f"{ratio(fig['first_call_s'], lite['first_call_s']):.1f}x",
                    f"{fig['peak_rss_mib']:.1f}",
                    f"{fig['verified']['found']}/{fig['verified']['expected']}",
                ]
            )
        header = [
            "client",
            "process wall (s)",
            "import (s)",
            "client (s)",
            "one log_metric (s)",
            "first call (s)",
            "vs mlflow-lite",
            "peak RSS (MiB)",
            "read back",
        ]
        return "\n".join(
            [
                "First call, in a fresh process against a run created beforehand: raw httpx (`import httpx`, "
                "`httpx.Client(base_url=url)`, one POST to runs/log-metric), mlflow-lite (`import mlflow_lite`, "
                "`TrackingClient(url)`, `log_metric`) and MLflow's client (`from mlflow import MlflowClient`, "
                '`MlflowClient(url)`, `log_metric`). "first call" is the three steps\' own time in the process; '
                "the process wall adds the interpreter's start and exit.",
                "",
                table(header, rows),
                "",
                f"- first call, mlflow_lite / raw httpx (our own target): {self.mark(T_FIRST_HTTPX)}",
                f"- first call, mlflow-skinny {SKINNY_3} / mlflow_lite (our own target): {self.mark(T_FIRST_SKINNY)}",
            ]
        )

    def unbuffered(self) -> str:
        unb = self.results["unbuffered"]
        raw = unb["httpx"]
        rows = []
        for name, label in (
            ("mlflow_lite", "mlflow_lite `TrackingClient.log_metric`"),
            ("httpx", "raw `httpx.Client.post`"),
            ("mlflow_skinny_3", f"mlflow-skinny {SKINNY_3} `MlflowClient.log_metric`"),
            ("mlflow_full", f"MLflow {MLFLOW_VERSION} (full) `MlflowClient.log_metric`"),
        ):
            if name not in unb:
                continue
            fig = unb[name]
            rows.append(
                [
                    label,
                    f"{fig['cpu_us_per_call']:.0f}",
                    f"{ratio(fig['cpu_us_per_call'], raw['cpu_us_per_call']):.2f}x",
                    f"{fig['wall_ms_per_call']:.2f}",
                    f"{ratio(fig['wall_ms_per_call'], raw['wall_ms_per_call']):.2f}x",
                    samples_of(fig, "cpu_us_per_call", ".0f"),
                ]
            )
        header = ["client", "CPU / call (µs)", "CPU vs httpx", "wall / call (ms)", "wall vs httpx", "CPU samples (µs)"]
        return "\n".join(
            [
                f"## 2. Unbuffered `log_metric` ({unb['calls']} calls per round and client; median of "
                f"{unb['rounds']} alternating rounds, MLflow's clients of {unb['repeats']} processes)",
                "",
                table(header, rows),
                "",
                f"- client CPU per call, mlflow_lite / httpx: {self.mark(T_CPU)}",
            ]
        )

    def bulk(self) -> str:
        bulk = self.results["bulk"]
        lb = bulk["mlflow_lite_buffered"]
        rows = [
            self.load_row(f"mlflow_lite, buffered (median of {bulk['repeats']})", bulk, "mlflow_lite_buffered", lb),
            self.load_row(
                f"raw httpx floor ({bulk['httpx_floor']['requests']} log-batch requests)", bulk, "httpx_floor", lb
            ),
        ]
        for name, label in (("mlflow_sync", "synchronous"), ("mlflow_async", "synchronous=False")):
            fig = bulk[name]
            rows.append(
                [
                    f"MLflow {MLFLOW_VERSION} client, {label} ({fig['calls']:,} calls, scaled)",
                    f"{fig['scaled_wall_s']:.2f}",
                    f"{fig['wall_us_per_value']:.1f}",
                    f"{ratio(fig['scaled_wall_s'], lb['wall_s']):.2f}x",
                    "",
                    f"{fig['verified']['found']:,}/{fig['verified']['expected']:,}",
                ]
            )
        return "\n".join(
            [
                f"## 3. Bulk: {bulk['values']:,} values, one `log_metric` call each",
                "",
                table(self.load_header(bulk["values"]), rows),
                "",
                f"- mlflow_lite's caller spent {lb['caller_s']:.2f} s in the `log_metric` loop (the rest was the "
                f"final flush); CPU {lb['cpu_us_per_value']:.1f} µs/value (all threads)",
                f"- vs MLflow synchronous: {self.mark(T_SYNC)}",
                f"- vs MLflow synchronous=False: {self.mark(T_ASYNC)}",
                f"- vs the raw floor: {self.mark(T_FLOOR)}",
            ]
        )

    @staticmethod
    def load_header(values: int) -> list[str]:
        return [
            "client",
            f"wall for {values:,} values (s)",
            "wall / value (µs)",
            "vs mlflow-lite",
            "process peak RSS (MiB)",
            "read back",
        ]

    @staticmethod
    def load_row(label: str, section: dict[str, Any], name: str, lite: dict[str, Any]) -> list[str]:
        fig = section[name]
        return [
            f"{label}; samples {samples_of(fig, 'wall_s', '.1f')} s",
            f"{fig['wall_s']:.2f}",
            f"{fig['wall_us_per_value']:.1f}",
            f"{ratio(fig['wall_s'], lite['wall_s']):.2f}x",
            f"{fig['peak_rss_mib']:.1f}",
            f"{fig['verified']['found']:,}/{fig['verified']['expected']:,} in {fig['verified']['runs']} runs",
        ]

    def scale(self) -> str:
        scale, bulk = self.results["scale"], self.results["bulk"]
        lite = scale["mlflow_lite_buffered"]
        rows = [
            self.load_row("mlflow_lite, buffered", scale, "mlflow_lite_buffered", lite),
            self.load_row(
                f"raw httpx floor ({scale['httpx_floor']['requests']:,} requests)", scale, "httpx_floor", lite
            ),
        ]
        return "\n".join(
            [
                f"## 3b. Scale: {scale['values']:,} values, one `log_metric` call each, in a fresh process "
                f"(median of {scale['repeats']})",
                "",
                table(self.load_header(scale["values"]), rows),
                "",
                f"- vs the raw floor: {self.mark(T_SCALE)}",
                f"- memory: the process logging {scale['values']:,} values peaked at {lite['peak_rss_mib']:.1f} MiB, "
                f"the one logging {bulk['values']:,} at {bulk['mlflow_lite_buffered']['peak_rss_mib']:.1f} MiB: "
                f"{self.mark(T_SCALE_RSS)} (the floor's: {scale['floor_rss_growth_mib']:+.1f} MiB)",
                "- read back: every history in full with `get_metric_history` (one answer per run from a 2.x "
                "server), every step 0..n-1 present once with the value logged",
            ]
        )

    def concurrency(self) -> str:
        conc = self.results["concurrency"]
        values = conc["runs"] * conc["calls_per_run"]
        rows = [
            ["one run after another", f"{conc['sequential_s']:.2f}", f"{values / conc['sequential_s']:.0f}", "1.00x"],
            [
                "all runs at once (asyncio.gather)",
                f"{conc['concurrent_s']:.2f}",
                f"{values / conc['concurrent_s']:.0f}",
                f"{conc['speedup']:.2f}x (samples {samples_of(conc, 'speedup')})",
            ],
        ]
        verified = conc["verified"]
        return "\n".join(
            [
                f"## 4. Concurrency: `AsyncTrackingClient`, {conc['runs']} runs x {conc['calls_per_run']} "
                f"unbuffered `log_metric` calls (median of {conc['repeats']})",
                "",
                table(["mode", "wall (s)", "requests / s", "speed-up"], rows),
                "",
                f"- read back: {verified['found']:,} values in {verified['runs']} runs, every one as logged; the "
                f"server has {self.results['meta']['server_workers']} workers",
            ]
        )

    def targets(self) -> str:
        rows = [
            [row["target"], f"{row['measured']:.2f}", row["goal"], verdict(row["pass"])]
            for row in self.results["targets"]
        ]
        return "## Targets\n\n" + table(["target", "measured", "goal", "result"], rows)

    def readme(self) -> str:
        meta = self.results["meta"]
        return (
            "## README table\n\n"
            f"One run of {'`scripts/bench.py --quick`' if meta['quick'] else '`make bench`'}: "
            f"MLflow {meta['mlflow_server']} server "
            f"(SQLite on {meta['store']}), {meta['cpus']} CPUs, Python {meta['python']}; medians of "
            f"{meta['sizes']['repeats']} to {meta['sizes']['probe_repeats']} interleaved repetitions.\n\n"
            + readme_table(self.results)
        )


def readme_table(results: dict[str, Any]) -> str:
    """The README's Speed table: mlflow-lite, then mlflow-skinny, MLflow's full client and httpx."""
    imp, first, unb = results["import"], results["first_call"], results["unbuffered"]
    bulk, scale, conc = results["bulk"], results["scale"], results["concurrency"]
    columns = ["mlflow_lite", "mlflow_skinny_3", "mlflow_skinny_2", "mlflow_full", "httpx"]
    missing = "—"

    def cell(section: dict[str, Any], key: str, figure: str, show: Callable[[float], str]) -> str:
        if key not in section:
            return missing
        value = section[key][figure]
        text = show(value)
        if key not in {"mlflow_lite", "httpx"}:
            text += f" ({times(ratio(value, section['mlflow_lite'][figure]))})"
        return text

    def row(label: str, section: dict[str, Any], figure: str, show: Callable[[float], str]) -> list[str]:
        return [label, *(cell(section, key, figure, show) for key in columns)]

    def mib(value: float) -> str:
        return f"{value:.0f} MiB"

    def cpu(value: float) -> str:
        return f"{value / 1e3:.2f} ms"

    lb, fl = bulk["mlflow_lite_buffered"], bulk["httpx_floor"]
    sl, sf = scale["mlflow_lite_buffered"], scale["httpx_floor"]
    journal = results["journal"]
    jb, jj = journal["mlflow_lite_buffered"], journal["mlflow_lite_journaled"]
    rows = [
        row("import (`import mlflow_lite` / `from mlflow import MlflowClient`)", imp, "import_s", seconds),
        row("peak memory after the import", imp, "peak_rss_mib", mib),
        row("first call (import, client, one `log_metric`, fresh process)", first, "first_call_s", seconds),
        row("unbuffered `log_metric`, client CPU per call", unb, "cpu_us_per_call", cpu),
        [
            f"{bulk['values']:,} values one call at a time",
            f"{seconds(lb['wall_s'])} (buffered)",
            missing,
            missing,
            f"{seconds(bulk['mlflow_sync']['scaled_wall_s'])} ({times(bulk['speedup_vs_mlflow_sync'])}), "
            f"`synchronous=False` {seconds(bulk['mlflow_async']['scaled_wall_s'])} "
            f"({times(bulk['speedup_vs_mlflow_async'])})",
            f"floor {seconds(fl['wall_s'])} ({bulk['vs_floor']:.2f}x)",
        ],
        [
            f"{scale['values']:,} values one call at a time",
            f"{seconds(sl['wall_s'])} (buffered), peak memory {sl['peak_rss_mib']:.0f} MiB "
            f"({scale['rss_growth_mib']:+.1f} MiB vs {bulk['values']:,} values)",
            missing,
            missing,
            missing,
            f"floor {seconds(sf['wall_s'])} ({scale['vs_floor']:.2f}x)",
        ],
        [
            f"{journal['values']:,} values with a spool journal",
            f"{seconds(jj['wall_s'])} vs {seconds(jb['wall_s'])} without ({journal['wall_ratio']:.2f}x); "
            f"+{journal['caller_us_per_value_added']:.1f} µs per call in the caller, "
            f"{jj['journal_bytes_per_value']:.0f} bytes and {jj['fsyncs'] / journal['values'] * 1000:.1f} fsyncs per "
            "1000 values",
            missing,
            missing,
            missing,
            missing,
        ],
        [
            f"{conc['runs']} runs logged at once (async)",
            f"{conc['speedup']:.1f}x faster than one after another",
            missing,
            missing,
            missing,
            missing,
        ],
    ]
    return table(["measure", *(LABELS[key] if key != "httpx" else "raw httpx" for key in columns)], rows)


# --- chart -------------------------------------------------------------------------------------------------

LITE_COLOR = "#1f77b4"
OTHER_COLOR = "#b0b0b0"
FLOOR_COLOR = "#5a5a5a"


def draw_chart(results: dict[str, Any], path: Path) -> None:
    """Six panels: import time and memory, first call, log_metric CPU, and the 1M bulk (time, memory)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    imp, first, unb, scale, bulk = (results[k] for k in ("import", "first_call", "unbuffered", "scale", "bulk"))
    keys = ["httpx", "mlflow_lite", "mlflow_skinny_3", "mlflow_skinny_2", "mlflow_full"]
    fig, axes = plt.subplots(2, 3, figsize=(16, 9))
    panels: list[tuple[str, dict[str, Any], str, bool]] = [
        ("import: the statement's own time (s, log)", imp, "import_s", True),
        ("import: peak RSS of the process (MiB)", imp, "peak_rss_mib", False),
        ("first call: import + client + one log_metric (s, log)", first, "first_call_s", True),
        ("unbuffered log_metric: client CPU per call (µs)", unb, "cpu_us_per_call", False),
    ]
    for ax, (title, section, figure, log) in zip(axes.flat, panels, strict=False):
        present = [key for key in keys if key in section]
        labels = [chart_label(LABELS[key]) for key in present]
        values = [section[key][figure] for key in present]
        colors = [LITE_COLOR if key == "mlflow_lite" else OTHER_COLOR for key in present]
        bars(ax, title, labels, values, colors, log=log)
    n_bulk, n_scale = f"{bulk['values']:,}", f"{scale['values']:,}"
    lite, floor = scale["mlflow_lite_buffered"], scale["httpx_floor"]
    bars(
        axes[1][1],
        f"{n_scale} values, one log_metric call each: wall (s)",
        ["raw log-batch floor\n(httpx)", "mlflow-lite\nbuffered"],
        [floor["wall_s"], lite["wall_s"]],
        [FLOOR_COLOR, LITE_COLOR],
    )
    labels = [f"mlflow-lite\n{n_bulk}", f"mlflow-lite\n{n_scale}", f"floor\n{n_bulk}", f"floor\n{n_scale}"]
    values = [
        bulk["mlflow_lite_buffered"]["peak_rss_mib"],
        lite["peak_rss_mib"],
        bulk["httpx_floor"]["peak_rss_mib"],
        floor["peak_rss_mib"],
    ]
    bars(
        axes[1][2], "bulk: peak RSS of the logging process (MiB)", labels, values, [LITE_COLOR] * 2 + [FLOOR_COLOR] * 2
    )
    meta = results["meta"]
    fig.suptitle(
        f"mlflow-lite bench: MLflow {meta['mlflow_server']} server, {meta['cpus']} CPUs, Python {meta['python']} "
        f"(medians of {meta['sizes']['repeats']}-{meta['sizes']['probe_repeats']} repetitions)"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def chart_label(label: str) -> str:
    return label.replace(" (full)", "\n(full)").replace("mlflow-skinny ", "skinny\n")


def bars(ax: Any, title: str, labels: list[str], values: list[float], colors: list[str], *, log: bool = False) -> None:
    """One panel: a bar per client, its value written on top."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    positions = range(len(values))
    ax.bar(positions, values, color=colors)
    ax.set_xticks(list(positions), labels, fontsize=8)
    ax.set_title(title, fontsize=10)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(bottom=min(values) / 3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    for x, value in zip(positions, values, strict=True):
        text = f"{value:.3g}" if value < 1000 else f"{value:,.0f}"
        ax.annotate(text, (x, value), ha="center", va="bottom", fontsize=8)


# --- main --------------------------------------------------------------------------------------------------


def load_average() -> str:
    try:
        return "/".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "?"


def server_folder() -> tuple[tempfile.TemporaryDirectory[str], bool]:
    """A temporary folder for the server's store, and whether it is on /dev/shm: a memory file system, so that the
    server-bound figures (the floor above all) are not a measure of the disk's syncs."""
    on_shm = SHM.is_dir() and os.access(SHM, os.W_OK)
    return tempfile.TemporaryDirectory(prefix="mlflow-lite-bench-", dir=SHM if on_shm else None), on_shm


def measure(url: str, clients: dict[str, Client], sizes: Sizes, phases: dict[str, float]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    experiment = f"bench-{uuid.uuid4().hex[:8]}"
    runtime = clients["mlflow_lite"].python
    with TrackingClient(url) as client:
        with phase("[1/7] import", phases):
            results["import"] = bench_import(clients, sizes)
        with phase("[2/7] first call", phases):
            results["first_call"] = bench_first_call(url, client, experiment, clients, sizes)
        with phase("[3/7] unbuffered log_metric (with MLflow's clients, in their own processes)", phases):
            results["unbuffered"], mlflow_bulk = bench_unbuffered(url, client, experiment, clients, sizes)
        with phase(f"[4/7] bulk: {sizes.bulk_values:,} values, buffered mlflow_lite and the raw floor", phases):
            loads = bench_loads(url, client, experiment, runtime, sizes.bulk_values, sizes.repeats, "bulk")
            results["bulk"] = bench_bulk(loads, mlflow_bulk)
        with phase(f"[5/7] journal: {sizes.bulk_values:,} values, buffered mlflow_lite with and without", phases):
            results["journal"] = bench_journal(url, client, experiment, runtime, sizes.bulk_values, sizes.repeats)
        with phase(f"[6/7] concurrency: {sizes.concurrent_runs} runs", phases):
            results["concurrency"] = bench_concurrency(url, experiment, sizes)
        # Last: its millions of rows slow the server's other reads (SQLite answers a short history by walking the
        # metrics' primary key, which starts with the key all runs share), so nothing may come after it.
        with phase(f"[7/7] scale: {sizes.scale_values:,} values, buffered mlflow_lite and the raw floor", phases):
            loads = bench_loads(url, client, experiment, runtime, sizes.scale_values, sizes.repeats, "scale")
            results["scale"] = bench_scale(loads, results["bulk"])
    return results


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
    clients = find_clients(quick=quick, notes=notes)
    if quick:
        notes.append(
            f"--quick: one repetition, small sizes; the scale targets compare {sizes.scale_values:,} values with "
            f"{sizes.bulk_values:,}, not 1,000,000 with 10,000"
        )
    meta["clients"] = {key: {"label": client.label, "python": shown(client.python)} for key, client in clients.items()}
    folder, on_shm = server_folder()
    meta["store"], meta["store_in_memory"] = (str(SHM) if on_shm else "a temporary folder on disk"), on_shm
    with folder as tmp:
        server = MlflowServer(MLFLOW_VERSION, Path(tmp))
        meta["server_workers"] = server.workers
        with phase(f"starting the MLflow {MLFLOW_VERSION} server", phases):
            server.start()
        try:
            results = {"meta": meta, **measure(server.url, clients, sizes, phases)}
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
    parser.add_argument("--quick", action="store_true", help="one repetition, small sizes (for the test suite)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures (JSON)")
    parser.add_argument(
        "--chart", type=Path, default=None, help=f"where to draw the chart (PNG; default in full mode: {DEFAULT_CHART})"
    )
    args = parser.parse_args(argv)
    chart: Path | None = args.chart if args.chart is not None or args.quick else DEFAULT_CHART
    for name in [n for n in os.environ if n.startswith("MLFLOW_")]:
        del os.environ[name]  # the clients here talk to the bench's own server only
    try:
        results = run_all(QUICK if args.quick else FULL, quick=args.quick)
        if chart is not None:
            draw_chart(results, chart)
            results["meta"]["chart"] = str(chart)
    except Exception as exc:  # any failure to measure: report it, keep the JSON honest, exit non-zero
        print(f"bench failed: {exc}", file=sys.stderr)
        args.json.write_text(json.dumps({"complete": False, "error": str(exc)}, indent=2) + "\n")
        return 1
    print(Report(results).render())
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nfigures written to {args.json}" + (f", chart to {chart}" if chart else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

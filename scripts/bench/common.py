"""What every phase of the bench shares: the sizes, the clients under test and their interpreters, the child
processes, medians over repetitions and the read-back of every metric history."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlflow_lite import Metric, TrackingClient
from mlflow_server import ROOT, server_env_dir

MLFLOW_VERSION = "2.22.5"  # the server's, and the full MLflow client's (the server's environment)
SKINNY_3 = "3.17.2"
SKINNY_2 = "2.22.5"
BENCH_ENVS = ROOT / ".bench"  # one virtual environment per mlflow-skinny version (the Makefile's `bench` target)
# `make bench` builds this environment with mlflow-lite and its runtime dependencies only, as a user has it;
# the development environment's httpx would also load its command-line extras (click, rich, pygments).
RUNTIME_PYTHON = ROOT / ".venv-runtime" / "bin" / "python"
KEY = "m"
BATCH = 1000  # metrics per log-batch request: the server's limit
LOG_METRIC = "/api/2.0/mlflow/runs/log-metric"
LOG_BATCH = "/api/2.0/mlflow/runs/log-batch"
CHILD_TIMEOUT = 1800.0  # seconds: a 1,000,000-value load takes 2-4 minutes on a 2-core machine
# A 1,000,000-value history is read back in one answer (2.x does not page it): about a minute of the server's time.
READBACK_TIMEOUT = 900.0


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
    store_file_mib: int  # the S3 store phase's file, up and down (more than one part: obstore's parts are 5 MiB)


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
    store_file_mib=1024,
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
    store_file_mib=8,
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
    runtime = runtime_python(quick=quick, notes=notes)
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


def runtime_python(*, quick: bool, notes: list[str]) -> Path:
    """mlflow-lite's interpreter: `.venv-runtime`; in `--quick` runs without it, the development one (noted)."""
    if RUNTIME_PYTHON.exists():
        return RUNTIME_PYTHON
    if not quick:
        raise MeasurementError("no `.venv-runtime` (mlflow-lite with its runtime dependencies): run `make bench`")
    notes.append(
        "`.venv-runtime` is missing: httpx and mlflow_lite were measured in the development environment, "
        "whose httpx also loads its command-line extras"
    )
    return Path(sys.executable)


def shown(path: Path) -> str:
    """A path as the report names it: relative to the repository (no machine's paths in the JSON)."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every child: none of the caller's MLflow settings, no telemetry; then `extra` (the S3
    store phase's endpoint and keys)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true", PYTHONUNBUFFERED="1")
    env.update(extra or {})
    return env


def run_child(
    python: Path,
    script: Path,
    *args: str,
    what: str,
    timeout: float = CHILD_TIMEOUT,
    extra_env: dict[str, str] | None = None,
) -> tuple[str, float]:
    """Run `python script args...` in a fresh process; (its stdout, its wall time in s)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(python), str(script), *args],
            capture_output=True,
            text=True,
            env=child_env(extra_env),
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


def with_medians(samples: Sequence[dict[str, float]]) -> dict[str, Any]:
    """The median of every figure over the repetitions, and the repetitions themselves (kept in the JSON)."""
    out: dict[str, Any] = {name: statistics.median(sample[name] for sample in samples) for name in samples[0]}
    out["samples"] = list(samples)
    return out


def alternate(names: Sequence[str], repetition: int) -> list[str]:
    """The order of one repetition: reversed every other time, so that drift (a growing store, a burst of load
    from elsewhere) does not always favour the same side."""
    return list(reversed(names)) if repetition % 2 else list(names)


# The child scripts, run as `python children/<name>.py args...` in the interpreter of the client they measure
# (`.venv-runtime`, mlflow-skinny's, MLflow's): so they import nothing of this package, only the standard library,
# what that interpreter has, and their sibling `peak_rss.py` (a script's folder is first on its path).
CHILDREN = Path(__file__).resolve().parent / "children"
# `peak_rss_kib()`, the children's own peak RSS, as source text: for children that are built from a string and
# cannot import it (tests/wrapper/test_production.py's uploader starts with it).
PEAK_RSS = (CHILDREN / "peak_rss.py").read_text()


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


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)

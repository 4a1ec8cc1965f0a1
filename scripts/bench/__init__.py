"""`make bench`: mlflow-lite against raw httpx, mlflow-skinny and MLflow's full client, on one real MLflow server.

    .venv/bin/python scripts/bench [--quick] [--only stores] [--json PATH] [--chart PATH]
    (or `python -m bench ...` with scripts/ on the path)

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
6. the S3 store, with servers of its own (moto's S3 server, and an MLflow server that does not proxy artifacts):
   a 1 GiB file up with `log_artifact` and down with `download_artifacts`, mlflow-lite (obstore) against MLflow's
   client (boto3), each in fresh processes: seconds, MiB/s, peak RSS, the bytes' digest; then each downloads what
   the other uploaded. `--only stores` runs this phase alone (its own servers: no other is started).

Every figure is the median of interleaved repetitions (3; 5 for the fresh-process probes, 9 for the unbuffered
rounds of mlflow-lite and httpx; `--quick`: one), and every sample is kept in the JSON. Every metric history
logged is read back with `get_metric_history` and compared value by value. The scale loads run last: their
millions of rows would slow the server's answers to everything after them.

Prints a markdown report on stdout (PASS/FAIL against the project's targets, then a table for the README),
writes the figures as JSON (`bench-results.json` at the repository root, git-ignored, or `--json PATH`) and a
chart (`docs/bench.png` in full mode, or `--chart PATH`). Missing a target is reported, not an error: the exit
code is non-zero only when a measurement fails (a server that does not start, a child that crashes, an
environment that is missing, a metric history that does not hold what was logged).

The package: a module per phase (imports, first_call, unbuffered, loads for bulk and scale, journal,
concurrency, stores), what they share in common, the targets and the markdown in report, the chart in chart. What runs
in another interpreter (the probes, MLflow's client, the loads) is a script of its own in children/, run as
`python children/<name>.py`: the standard library and what that interpreter has, never this package. Here, the
phases run in order against one server (`measure`, `run_all`, `main`), so that `main` looks up `run_all`,
`Report` and `draw_chart` in this module, where the tests replace them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

import mlflow_lite
from bench.chart import draw_chart
from bench.common import (
    FULL,
    LABELS,
    MLFLOW_VERSION,
    PEAK_RSS,
    QUICK,
    RUNTIME_PYTHON,
    Client,
    MeasurementError,
    Sizes,
    alternate,
    child_env,
    find_clients,
    progress,
    runtime_python,
    shown,
    verify,
    with_medians,
)
from bench.concurrency import bench_concurrency
from bench.first_call import bench_first_call
from bench.imports import bench_import
from bench.journal import bench_journal
from bench.loads import bench_bulk, bench_loads, bench_scale
from bench.report import (
    T_ASYNC,
    T_CPU,
    T_CPU_BUFFERED,
    T_CPU_JOURNALED,
    T_FIRST_HTTPX,
    T_FIRST_SKINNY,
    T_FLOOR,
    T_IMPORT_RSS,
    T_IMPORT_SKINNY,
    T_IMPORT_TIME,
    T_SCALE,
    T_SCALE_RSS,
    T_STORE_RSS,
    T_SYNC,
    Report,
    targets,
)
from bench.stores import bench_stores
from bench.unbuffered import bench_unbuffered
from mlflow_lite import TrackingClient
from mlflow_server import ROOT, MlflowServer

# What tests/scripts/test_bench.py, tests/wrapper/test_production.py and scripts/bench_scale.py use, besides main.
__all__ = [
    "DEFAULT_CHART",
    "PEAK_RSS",
    "RUNTIME_PYTHON",
    "T_ASYNC",
    "T_CPU",
    "T_CPU_BUFFERED",
    "T_CPU_JOURNALED",
    "T_FIRST_HTTPX",
    "T_FIRST_SKINNY",
    "T_FLOOR",
    "T_IMPORT_RSS",
    "T_IMPORT_SKINNY",
    "T_IMPORT_TIME",
    "T_SCALE",
    "T_SCALE_RSS",
    "T_STORE_RSS",
    "T_SYNC",
    "MeasurementError",
    "Report",
    "Sizes",
    "alternate",
    "child_env",
    "draw_chart",
    "find_clients",
    "main",
    "progress",
    "run_all",
    "run_stores",
    "targets",
    "verify",
    "with_medians",
]

DEFAULT_JSON = ROOT / "bench-results.json"
DEFAULT_CHART = ROOT / "docs" / "bench.png"
SHM = Path("/dev/shm")  # noqa: S108 - a private temporary folder (mkdtemp) on the memory file system


# --- the phases, in order, against one server -------------------------------------------------------------------------


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
        with phase("[1/8] import", phases):
            results["import"] = bench_import(clients, sizes)
        with phase("[2/8] first call", phases):
            results["first_call"] = bench_first_call(url, client, experiment, clients, sizes)
        with phase("[3/8] unbuffered log_metric (with MLflow's clients, in their own processes)", phases):
            results["unbuffered"], mlflow_bulk = bench_unbuffered(url, client, experiment, clients, sizes)
        with phase(f"[4/8] bulk: {sizes.bulk_values:,} values, buffered mlflow_lite and the raw floor", phases):
            loads = bench_loads(url, client, experiment, runtime, sizes.bulk_values, sizes.repeats, "bulk")
            results["bulk"] = bench_bulk(loads, mlflow_bulk)
        with phase(f"[5/8] journal: {sizes.bulk_values:,} values, buffered mlflow_lite with and without", phases):
            results["journal"] = bench_journal(url, client, experiment, runtime, sizes.bulk_values, sizes.repeats)
        with phase(f"[6/8] concurrency: {sizes.concurrent_runs} runs", phases):
            results["concurrency"] = bench_concurrency(url, experiment, sizes)
        # Last: its millions of rows slow the server's other reads (SQLite answers a short history by walking the
        # metrics' primary key, which starts with the key all runs share), so nothing may come after it.
        with phase(f"[7/8] scale: {sizes.scale_values:,} values, buffered mlflow_lite and the raw floor", phases):
            loads = bench_loads(url, client, experiment, runtime, sizes.scale_values, sizes.repeats, "scale")
            results["scale"] = bench_scale(loads, results["bulk"])
    return results


def new_meta(sizes: Sizes, *, quick: bool, notes: list[str], phases: dict[str, float]) -> dict[str, Any]:
    return {
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


def run_all(sizes: Sizes, *, quick: bool) -> dict[str, Any]:
    started = time.perf_counter()
    notes: list[str] = []
    phases: dict[str, float] = {}
    meta = new_meta(sizes, quick=quick, notes=notes, phases=phases)
    clients = find_clients(quick=quick, notes=notes)
    if quick:
        notes.append(
            f"--quick: one repetition, small sizes; the scale targets compare {sizes.scale_values:,} values with "
            f"{sizes.bulk_values:,}, not 1,000,000 with 10,000; {stores_quick_note(sizes)}"
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
    # After the bench's server is stopped: this phase starts servers of its own (an S3 store, an MLflow server
    # that does not proxy artifacts), and 1 GiB transfers must not share the machine with another phase.
    with phase(f"[8/8] S3 store: {sizes.store_file_mib:,} MiB up and down, mlflow_lite and MLflow's client", phases):
        results["stores"] = bench_stores(clients["mlflow_lite"].python, sizes)
    results["targets"] = targets(results)
    results["complete"] = True
    meta["load_after"] = load_average()
    meta["elapsed_s"] = time.perf_counter() - started
    return results


def stores_quick_note(sizes: Sizes) -> str:
    return (
        f"the S3 store's file is {sizes.store_file_mib} MiB, not 1 GiB (still in parts: obstore's are 5 MiB), so "
        "its memory target is not the 1 GiB one"
    )


def run_stores(sizes: Sizes, *, quick: bool) -> dict[str, Any]:
    """The S3 store phase alone (`--only stores`), with the same meta and targets as in a whole run."""
    started = time.perf_counter()
    notes: list[str] = [
        "--only stores: the S3 store phase alone (its own moto and MLflow servers), the other phases not run"
    ]
    phases: dict[str, float] = {}
    if quick:
        notes.append(f"--quick: one repetition; {stores_quick_note(sizes)}")
    meta = new_meta(sizes, quick=quick, notes=notes, phases=phases)
    python = runtime_python(quick=quick, notes=notes)
    meta["clients"] = {"mlflow_lite": {"label": LABELS["mlflow_lite"], "python": shown(python)}}
    results: dict[str, Any] = {"meta": meta}
    with phase(f"S3 store: {sizes.store_file_mib:,} MiB up and down, mlflow_lite and MLflow's client", phases):
        results["stores"] = bench_stores(python, sizes)
    results["targets"] = targets(results)
    results["complete"] = True
    meta["load_after"] = load_average()
    meta["elapsed_s"] = time.perf_counter() - started
    return results


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
    parser.add_argument(
        "--only", choices=["stores"], help="run one phase alone: `stores`, the S3 store's (servers of its own)"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures (JSON)")
    parser.add_argument(
        "--chart", type=Path, default=None, help=f"where to draw the chart (PNG; default in full mode: {DEFAULT_CHART})"
    )
    args = parser.parse_args(argv)
    # The chart draws the other phases: a run of the S3 store phase alone has none.
    chart: Path | None = args.chart if args.chart is not None or args.quick or args.only else DEFAULT_CHART
    for name in [n for n in os.environ if n.startswith("MLFLOW_")]:
        del os.environ[name]  # the clients here talk to the bench's own server only
    try:
        run = run_stores if args.only == "stores" else run_all
        results = run(QUICK if args.quick else FULL, quick=args.quick)
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

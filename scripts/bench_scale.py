"""`make bench`, second part: values per second against the number of concurrent writers, on PostgreSQL.

    .venv/bin/python scripts/bench_scale.py [--quick] [--json PATH] [--chart PATH]

One MLflow 2.22.5 server with 4 workers on PostgreSQL (the test bed's `PostgresServer`: the pgserver wheel's
binaries, a temporary folder, fsync off as in the tests), as teams run it in production. For 1, 4, 16 and 32
writers at once, each writer a process of its own in `.venv-runtime`, logging the same number of values:

- mlflow-lite: a buffered run (`start_run(buffered=True)`), one `log_metric` call per value;
- the raw floor: plain httpx in the same process layout, `runs/create`, then log-batch requests of 1000
  metrics (the server's limit), then `runs/update` FINISHED: the least a client can send for the same data.

One writer alone is also measured with the same requests sent up to 10 at once (MLflow's async logging
threads), the first alone (it brings the metric's key: two such requests at once collide at the server): the
most one writer gets from this server, which a buffered run's several requests under way can reach and not pass.

The writers of a round import and build their clients first, say so, and start together at an instant given once
all have, so the figure is the logging alone: all values of the round / (the last writer's end - the shared
start). Each repetition runs every writer count for both clients, alternating which goes first; every figure is
the median of 3 repetitions (`--quick`: one, and smaller loads) and every run is read back value by value. Where
the curve flattens, the server is saturated; mlflow-lite's curve should follow the floor's up to there.

Writes the figures as JSON (`bench-scale-results.json`, git-ignored, or `--json PATH`), a chart
(`docs/bench-scale.png` in full mode, or `--chart PATH`) and a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import figures
from bench import RUNTIME_PYTHON, MeasurementError, child_env, progress, verify

from mlflow_lite import TrackingClient
from mlflow_server import ROOT, MlflowServer, PostgresServer

MLFLOW_VERSION = "2.22.5"
WORKERS = 4
DEFAULT_JSON = ROOT / "bench-scale-results.json"
DEFAULT_CHART = ROOT / "docs" / "bench-scale.png"
CLIENTS = {"mlflow_lite": "mlflow-lite, buffered", "httpx_floor": "raw httpx floor (log-batch of 1000)"}
# One writer only: the server's rate for one writer.
CEILING = "httpx_parallel"
CEILING_LABEL = "raw httpx, up to 10 requests at once"

WRITER = r"""
import json, sys, time
mode, url, experiment_id, values = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def start_together():
    print("ready", flush=True)  # imported, client built: the round starts when every writer is
    time.sleep(max(0.0, float(sys.stdin.readline()) - time.time()))
if mode == "mlflow_lite":
    from mlflow_lite import TrackingClient
    client = TrackingClient(url, buffered=True)
    start_together()
    started = time.time()
    with client.start_run(experiment_id=experiment_id) as run:
        for step in range(values):
            run.log_metric("m", float(step), step=step)
    client.close()
    run_id = run.run_id
else:
    import httpx
    http = httpx.Client(base_url=url, timeout=120)
    start_together()
    started = time.time()
    api = "/api/2.0/mlflow/runs/"
    now = int(started * 1000)
    answer = http.post(api + "create", json={"experiment_id": experiment_id, "start_time": now})
    answer.raise_for_status()
    run_id = answer.json()["run"]["info"]["run_id"]
    def post(first):
        metrics = [
            {"key": "m", "value": float(step), "timestamp": now, "step": step}
            for step in range(first, min(first + 1000, values))
        ]
        http.post(api + "log-batch", json={"run_id": run_id, "metrics": metrics}).raise_for_status()
    if mode == "httpx_floor":
        for first in range(0, values, 1000):
            post(first)
    else:  # httpx_parallel: the first alone (it brings the key), then up to 10 at once
        from concurrent.futures import ThreadPoolExecutor
        post(0)
        with ThreadPoolExecutor(10) as pool:
            list(pool.map(post, range(1000, values, 1000)))
    ended = {"run_id": run_id, "status": "FINISHED", "end_time": int(time.time() * 1000)}
    http.post(api + "update", json=ended).raise_for_status()
    http.close()
print(json.dumps({"run_id": run_id, "started": started, "ended": time.time()}))
"""


def round_of(url: str, client: str, writers: int, values: int, experiment_id: str) -> dict[str, Any]:
    """`writers` processes log `values` each, starting together once all are ready; values/s over the round."""
    processes = [
        subprocess.Popen(
            [str(RUNTIME_PYTHON), "-c", WRITER, client, url, experiment_id, str(values)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(),
            cwd=ROOT,
        )
        for _ in range(writers)
    ]
    # The shared start comes once every writer has imported and built its client: a writer still importing
    # while the others log would take CPU from the round and count it against its client (with a fixed delay of
    # 4.6 s, one of 32 writers once began 1.7 s late on a busy machine).
    for process in processes:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            for other in processes:
                other.kill()
            _, err = process.communicate()
            raise MeasurementError(
                f"a {client} writer failed before the start (exit {process.returncode}):\n{err[-3000:]}"
            )
    start_at = time.time() + 0.1 + 0.005 * writers  # time to tell them all
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(f"{start_at}\n")
        process.stdin.flush()
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=1800)
        if process.returncode != 0:
            raise MeasurementError(f"a {client} writer failed (exit {process.returncode}):\n{err[-3000:]}")
        reports.append(json.loads(out.strip().splitlines()[-1]))
    late = max(report["started"] for report in reports) - start_at
    wall = max(report["ended"] for report in reports) - start_at
    return {
        "wall_s": wall,
        "values_per_s": writers * values / wall,
        "latest_start_s": late,  # how far after the shared instant the last writer began
        "run_ids": [report["run_id"] for report in reports],
    }


def measure(url: str, counts: Sequence[int], values: int, repeats: int) -> dict[str, Any]:
    samples: dict[str, dict[int, list[dict[str, Any]]]] = {c: {n: [] for n in counts} for c in CLIENTS}
    samples[CEILING] = {1: []}
    with TrackingClient(url) as client:
        experiment_id = client.ensure_experiment(f"bench-scale-{uuid.uuid4().hex[:8]}")
        for repetition in range(repeats):
            for writers in counts:
                order = list(CLIENTS) if (repetition + writers) % 2 == 0 else list(reversed(CLIENTS))
                if writers == 1:
                    order.insert(repetition % 3, CEILING)
                for name in order:
                    result = round_of(url, name, writers, values, experiment_id)
                    for run_id in result.pop("run_ids"):
                        verify(client, run_id, "m", values, f"{name}, {writers} writers")
                    samples[name][writers].append(result)
                    progress(
                        f"repetition {repetition + 1}/{repeats}, {writers:>2} writers, {name}: "
                        f"{result['values_per_s']:,.0f} values/s"
                    )
    figures: dict[str, Any] = {}
    for name in CLIENTS:
        figures[name] = {
            str(n): {
                "values_per_s": statistics.median(s["values_per_s"] for s in samples[name][n]),
                "samples": samples[name][n],
            }
            for n in counts
        }
    figures["lite_vs_floor"] = {
        str(n): figures["mlflow_lite"][str(n)]["values_per_s"] / figures["httpx_floor"][str(n)]["values_per_s"]
        for n in counts
    }
    ceiling = statistics.median(s["values_per_s"] for s in samples[CEILING][1])
    figures[CEILING] = {"1": {"values_per_s": ceiling, "samples": samples[CEILING][1]}}
    figures["one_writer"] = {
        "ceiling_vs_floor": ceiling / figures["httpx_floor"]["1"]["values_per_s"],
        "lite_vs_ceiling": figures["mlflow_lite"]["1"]["values_per_s"] / ceiling,
    }
    return figures


def report(results: dict[str, Any]) -> str:
    """The markdown report: the table the Speed page quotes (`figures.scale_table`, one writer of it)."""
    meta = results["meta"]
    return (
        f"## Scaling: values/s against concurrent writers (MLflow {meta['mlflow_server']}, PostgreSQL, "
        f"{meta['server_workers']} workers; {meta['values_per_writer']:,} values per writer; median of "
        f"{meta['repeats']})\n\n"
        + figures.scale_table(figures.summarize_scale(results, figures.today()))
        + "\n\nEvery run read back value by value."
    )


def draw_chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    meta, counts = results["meta"], results["meta"]["writers"]
    fig, ax = plt.subplots(figsize=(8, 5))
    for name, color in (("httpx_floor", "#5a5a5a"), ("mlflow_lite", "#1f77b4")):
        ax.plot(
            counts,
            [results[name][str(n)]["values_per_s"] for n in counts],
            marker="o",
            color=color,
            label=CLIENTS[name],
        )
    ax.plot(
        [1],
        [results[CEILING]["1"]["values_per_s"]],
        marker="*",
        markersize=12,
        linestyle="none",
        color="#2ca02c",
        label=f"{CEILING_LABEL} (one writer)",
    )
    ax.set_xscale("log", base=2)
    ax.set_xticks(counts, [str(n) for n in counts])
    ax.set_ylim(bottom=0)
    ax.set_xlabel("concurrent writers (one process each)")
    ax.set_ylabel("values / s, all writers")
    ax.set_title(
        f"MLflow {meta['mlflow_server']} on PostgreSQL, {meta['server_workers']} workers, {meta['cpus']} CPUs: "
        f"{meta['values_per_writer']:,} values per writer"
    )
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one repetition, small loads (for the test suite)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures (JSON)")
    parser.add_argument("--chart", type=Path, default=None, help=f"the chart (PNG; full mode: {DEFAULT_CHART})")
    args = parser.parse_args(argv)
    chart: Path | None = args.chart if args.chart is not None or args.quick else DEFAULT_CHART
    counts, values, repeats = ([1, 4], 2_000, 1) if args.quick else ([1, 4, 16, 32], 10_000, 3)
    for name in [n for n in os.environ if n.startswith("MLFLOW_")]:
        del os.environ[name]
    meta: dict[str, Any] = {
        "quick": args.quick,
        "mlflow_server": MLFLOW_VERSION,
        "server_workers": WORKERS,
        "writers": counts,
        "values_per_writer": values,
        "repeats": repeats,
        "cpus": os.cpu_count(),
    }
    started = time.perf_counter()
    postgres = PostgresServer()
    try:
        with tempfile.TemporaryDirectory(prefix="mlflow-lite-bench-scale-") as tmp:
            progress("starting PostgreSQL and the MLflow server (its migrations take a minute) ...")
            postgres.start()
            server = MlflowServer(
                MLFLOW_VERSION, Path(tmp), workers=WORKERS, backend_store_uri=postgres.create_database("bench")
            )
            server.start(timeout=300)
            try:
                results = {"meta": meta, **measure(server.url, counts, values, repeats)}
            finally:
                server.stop()
        meta["elapsed_s"] = time.perf_counter() - started
        if chart is not None:
            draw_chart(results, chart)
            meta["chart"] = str(chart.relative_to(ROOT)) if chart.is_relative_to(ROOT) else str(chart)
    except Exception as exc:  # report, keep the JSON honest, exit non-zero
        print(f"bench (scaling) failed: {exc}", file=sys.stderr)
        args.json.write_text(json.dumps({"complete": False, "error": str(exc)}, indent=2) + "\n")
        return 1
    finally:
        postgres.stop()
    results["complete"] = True
    print(report(results))
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

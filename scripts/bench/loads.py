"""Phases 3 and 3b, bulk and scale: values logged one `log_metric` call each, in a buffered mlflow-lite run,
against the raw floor (httpx posting log-batch requests of 1000 metrics); the bulk figures also against MLflow's
client (made by the unbuffered phase's children). Both loads run in fresh child processes, so that each reports
its own peak RSS: a buffered run's memory must not grow with the number of values logged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import (
    BATCH,
    CHILDREN,
    KEY,
    LOG_BATCH,
    alternate,
    last_json_line,
    progress,
    ratio,
    run_child,
    verify_runs,
    with_medians,
)
from mlflow_lite import TrackingClient

# The loads run in fresh children of `.venv-runtime` (argv[1]: a JSON job; the last line printed: the result), so
# that each reports the peak RSS of one process doing one load. Both time the loop only: the run exists already,
# and the connection is open (mlflow-lite's resumed the run; the floor's asked for it).
LOADS = {"mlflow_lite_buffered": CHILDREN / "lite_load.py", "httpx_floor": CHILDREN / "floor_load.py"}


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
    result["cpu_vs_floor"] = ratio(lite["cpu_us_per_value"], floor["cpu_us_per_value"])
    return result


def bench_scale(loads: dict[str, Any], bulk: dict[str, Any]) -> dict[str, Any]:
    result = dict(loads)
    lite, floor = loads["mlflow_lite_buffered"], loads["httpx_floor"]
    result["vs_floor"] = ratio(lite["wall_s"], floor["wall_s"])
    result["rss_growth_mib"] = lite["peak_rss_mib"] - bulk["mlflow_lite_buffered"]["peak_rss_mib"]
    result["floor_rss_growth_mib"] = floor["peak_rss_mib"] - bulk["httpx_floor"]["peak_rss_mib"]
    return result

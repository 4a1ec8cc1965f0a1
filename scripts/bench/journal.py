"""Phase 4, journal: the bulk load's values in a buffered mlflow-lite run with a spool journal (`spool_dir`, on
this machine's temporary folder) against the same without, alternating: per value in the caller and in all, the
journal's bytes per value and its fsyncs (each makes what was logged survive a machine crash)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.common import CHILDREN, KEY, alternate, last_json_line, progress, ratio, run_child, verify_runs, with_medians
from bench.loads import run_load
from mlflow_lite import TrackingClient

# The same load as the bulk phase's mlflow-lite one (lite_load.py) with a spool journal: each call is written to
# the journal before it returns, and the run is delivered from it. The run is the child's own (a journaled run is
# started, not resumed), made before the timing starts. os.fsync is counted (how often the journal is made to
# survive a machine crash).
JOURNAL_LOAD = CHILDREN / "journal_load.py"


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

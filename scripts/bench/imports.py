"""Phase 1a, import: fresh processes run one import statement each (`pass`, `import httpx`, `import mlflow_lite`,
`from mlflow import MlflowClient`) in the interpreter of the client it belongs to: the process's wall time, the
statement's own time and the process's peak RSS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.common import CHILDREN, Client, Sizes, run_child, shown, with_medians

# The child times its own statement; it loads nothing but `time` before it. It knows each of these statements.
IMPORT_PROBE = CHILDREN / "import_probe.py"
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
    stdout, wall = run_child(python, IMPORT_PROBE, statement, what=f"`{statement}` ({python})")
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

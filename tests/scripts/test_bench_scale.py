"""`scripts/bench_scale.py --quick` runs end to end on PostgreSQL and reports every figure.

Only the report's shape is checked (every writer count for both clients, positive figures, every run read
back, the chart drawn): how fast the server saturates is the bench's business, never a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import bench_scale
import pytest
from bench import MeasurementError

from mlflow_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench_scale.py"

# It starts PostgreSQL and a server of its own: it belongs with the production configuration.
pytestmark = [pytest.mark.server, pytest.mark.production, pytest.mark.timeout(900)]


def test_quick_scaling_report(tmp_path: Path) -> None:
    out, chart = tmp_path / "scale.json", tmp_path / "scale.png"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_scale.py"),
            "--quick",
            "--json",
            str(out),
            "--chart",
            str(chart),
        ],
        capture_output=True,
        text=True,
        timeout=840,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    data = json.loads(out.read_text())
    assert data["complete"] is True
    counts = data["meta"]["writers"]
    assert counts == [1, 4]
    for name in bench_scale.CLIENTS:
        for n in counts:
            figure = data[name][str(n)]
            assert figure["values_per_s"] > 0
            assert len(figure["samples"]) == data["meta"]["repeats"]
            assert all(sample["wall_s"] > sample["latest_start_s"] for sample in figure["samples"])
    assert set(data["lite_vs_floor"]) == {str(n) for n in counts}
    ceiling = data[bench_scale.CEILING]["1"]  # one writer only, the same requests up to 10 at once
    assert ceiling["values_per_s"] > 0
    assert len(ceiling["samples"]) == data["meta"]["repeats"]
    assert set(data["one_writer"]) == {"ceiling_vs_floor", "lite_vs_ceiling"}
    assert all(value > 0 for value in data["one_writer"].values())
    header = "| writers | mlflow-lite, buffered (values/s) | raw httpx floor (values/s) | mlflow-lite / floor |"
    assert header in done.stdout
    assert chart.stat().st_size > 10_000


def test_a_failed_measurement_exits_non_zero(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fail(*args: object) -> None:
        raise MeasurementError("no server")

    monkeypatch.setattr(PostgresServer, "start", fail)
    out = tmp_path / "scale.json"
    assert bench_scale.main(["--quick", "--json", str(out)]) == 1
    assert json.loads(out.read_text()) == {"complete": False, "error": "no server"}

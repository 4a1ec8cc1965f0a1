"""`scripts/bench.py --quick` runs end to end against a real server and reports every figure.

Only the shape of the report is checked: every section is there, every figure is a positive number and every
metric history read back complete. Timing targets are the bench's business (printed as PASS/FAIL), never a test's:
a loaded machine must not fail the suite.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import bench
import pytest

from mlflow_lite import Metric
from mlflow_server import server_env_dir

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "bench.py"
# The quick bench takes 1-2 minutes on a quiet 2-core machine, and five times that when other servers load it.
BENCH_TIMEOUT = 840


def positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def assert_positive(section: dict[str, Any], *fields: str, where: str) -> None:
    for field in fields:
        assert positive(section.get(field)), f"{where}.{field} is {section.get(field)!r}, expected a positive number"


def assert_complete(verified: dict[str, Any], where: str) -> None:
    assert verified["complete"] is True, where
    if "expected" in verified:
        assert verified["found"] == verified["expected"] > 0, where


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    if not (server_env_dir("2.22.5") / "bin" / "python").exists():
        pytest.fail("no MLflow 2.22.5 environment: run `make servers`")
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=BENCH_TIMEOUT,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"bench failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(out.read_text())
    return data, done.stdout


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_import_section(report: tuple[dict[str, Any], str]) -> None:
    data, _ = report
    section = data["import"]
    for name in ("baseline", "mlflow_lite", "httpx", "mlflow"):
        assert_positive(section[name], "wall_s", "peak_rss_mib", where=f"import.{name}")
        assert section[name]["import_s"] >= 0
    for name in ("mlflow_lite", "httpx", "mlflow"):
        assert_positive(section[name], "import_s", where=f"import.{name}")
    assert_positive(section, "speedup_wall", "speedup_import", where="import")


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_unbuffered_section(report: tuple[dict[str, Any], str]) -> None:
    data, _ = report
    for name in ("mlflow_lite", "httpx", "mlflow"):
        figures = data["unbuffered"][name]
        assert_positive(figures, "calls", "cpu_us_per_call", "wall_ms_per_call", where=f"unbuffered.{name}")
        assert_complete(figures["verified"], f"unbuffered.{name}")
        assert figures["verified"]["found"] == figures["calls"]


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_bulk_section(report: tuple[dict[str, Any], str]) -> None:
    data, _ = report
    bulk = data["bulk"]
    assert_positive(bulk, "values", "speedup_vs_mlflow_sync", "speedup_vs_mlflow_async", "vs_floor", where="bulk")
    lite, floor = bulk["mlflow_lite_buffered"], bulk["httpx_floor"]
    assert_positive(lite, "wall_s", "cpu_s", "wall_us_per_value", where="bulk.mlflow_lite_buffered")
    assert_positive(floor, "wall_s", "requests", "wall_us_per_value", where="bulk.httpx_floor")
    assert lite["verified"]["found"] == floor["verified"]["found"] == bulk["values"]
    for name in ("mlflow_sync", "mlflow_async"):
        assert_positive(bulk[name], "calls", "wall_s", "wall_us_per_value", "scaled_wall_s", where=f"bulk.{name}")
    for name in ("mlflow_lite_buffered", "httpx_floor", "mlflow_sync", "mlflow_async"):
        assert_complete(bulk[name]["verified"], f"bulk.{name}")
    if lite["mode"] != "buffered":  # a fallback is allowed, but must say so
        assert any("buffered" in note for note in data["meta"]["notes"])


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_concurrency_section(report: tuple[dict[str, Any], str]) -> None:
    data, _ = report
    section = data["concurrency"]
    assert_positive(section, "runs", "calls_per_run", "sequential_s", "concurrent_s", "speedup", where="concurrency")
    assert_complete(section["verified"], "concurrency")
    assert section["verified"]["runs"] == 2 * section["runs"]
    assert section["verified"]["values"] == 2 * section["runs"] * section["calls_per_run"]


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_targets_reported_not_asserted(report: tuple[dict[str, Any], str]) -> None:
    data, stdout = report
    assert data["complete"] is True
    assert data["meta"]["quick"] is True
    assert len(data["targets"]) == 6
    for row in data["targets"]:
        assert isinstance(row["pass"], bool)  # PASS or FAIL is a figure of the report, not of this test
        assert positive(row["measured"]), row
    assert "## Targets" in stdout
    for row in data["targets"]:
        assert row["target"] in stdout


class FakeHistory:
    """Stands in for `TrackingClient` in `verify`: answers a fixed metric history."""

    def __init__(self, steps: list[int]) -> None:
        self.metrics = [Metric(key="m", value=float(s), timestamp=0, step=s) for s in steps]

    def get_metric_history(self, run_id: str, key: str) -> list[Metric]:
        return self.metrics


def test_verify_accepts_a_complete_history() -> None:
    client: Any = FakeHistory([2, 0, 1])
    assert bench.verify(client, "run", "m", 3, "x") == {"expected": 3, "found": 3, "complete": True}


@pytest.mark.parametrize("steps", [[0, 1], [0, 1, 1, 2], [0, 1, 5]], ids=["missing", "duplicate", "wrong"])
def test_verify_fails_loudly_on_incomplete_data(steps: list[int]) -> None:
    client: Any = FakeHistory(steps)
    with pytest.raises(bench.MeasurementError, match="incomplete data"):
        bench.verify(client, "run", "m", 3, "x")


def test_a_failed_measurement_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(sizes: bench.Sizes, *, quick: bool) -> dict[str, Any]:
        raise bench.MeasurementError("buffered mlflow-lite: incomplete data")

    monkeypatch.setattr(bench, "run_all", fail)
    out = tmp_path / "bench.json"
    assert bench.main(["--quick", "--json", str(out)]) == 1
    assert json.loads(out.read_text())["complete"] is False
    assert "incomplete data" in capsys.readouterr().err

"""`python scripts/bench --quick` (the package `make bench` runs) runs end to end against a real server and
reports every figure.

Only the shape of the report is checked: every section is there, every figure is a positive number, every
metric history was read back complete, every target is reported as PASS or FAIL, and the chart is drawn when
asked for. Timing targets are the bench's business (printed as PASS/FAIL), never a test's: a loaded machine must
not fail the suite. mlflow-skinny is measured when `make bench` has installed it; `make test` does not, and then
the report must say it left it out.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bench
import pytest

from mlflow_lite import Metric
from mlflow_lite._stores.cloud import PART_SIZE
from mlflow_server import server_env_dir

ROOT = Path(__file__).resolve().parents[2]
# Run as `make bench` runs it: the package's folder, whose __main__.py starts the bench.
SCRIPT = ROOT / "scripts" / "bench"
# The quick bench takes about a minute on a quiet 2-core machine, and five times that when other servers load it.
BENCH_TIMEOUT = 840
SECTIONS = ("import", "first_call", "unbuffered", "bulk", "journal", "scale", "concurrency", "stores")
# Differences, not amounts: they may be zero or below (mlflow-lite's import peaks lower than httpx's).
DIFFERENCES = {"rss_growth_mib", "floor_rss_growth_mib", "caller_us_per_value_added", "cpu_us_per_value_added"}
ALWAYS = [
    bench.T_IMPORT_TIME,
    bench.T_IMPORT_RSS,
    bench.T_FIRST_HTTPX,
    bench.T_CPU,
    bench.T_SYNC,
    bench.T_ASYNC,
    bench.T_FLOOR,
    bench.T_CPU_BUFFERED,
    bench.T_CPU_JOURNALED,
    bench.T_SCALE,
    bench.T_SCALE_RSS,
    bench.T_STORE_RSS,
]
WITH_SKINNY = [bench.T_IMPORT_SKINNY, bench.T_FIRST_SKINNY]


def positive(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def assert_positive(section: dict[str, Any], *fields: str, where: str) -> None:
    for field in fields:
        assert positive(section.get(field)), f"{where}.{field} is {section.get(field)!r}, expected a positive number"


def assert_complete(verified: dict[str, Any], where: str) -> None:
    assert verified["complete"] is True, where
    assert verified["found"] == verified["expected"] > 0, where


def numbers(node: object, where: str) -> Iterator[tuple[str, float]]:
    """Every number in a section of the JSON, with where it is (booleans are verdicts, not figures)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from numbers(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numbers(value, f"{where}[{i}]")
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield where, node


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, Path]:
    if not (server_env_dir("2.22.5") / "bin" / "python").exists():
        pytest.fail("no MLflow 2.22.5 environment: run `make servers`")
    folder = tmp_path_factory.mktemp("bench")
    out, chart = folder / "bench.json", folder / "bench.png"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(out), "--chart", str(chart)],
        capture_output=True,
        text=True,
        check=False,
        timeout=BENCH_TIMEOUT,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"bench failed (exit {done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    data: dict[str, Any] = json.loads(out.read_text())
    return data, done.stdout, chart


def skinny_measured(data: dict[str, Any]) -> bool:
    return "mlflow_skinny_3" in data["meta"]["clients"]


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_every_figure_is_a_positive_number(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    for section in SECTIONS:
        found = list(numbers(data[section], section))
        assert found, section
        for where, value in found:
            if where.rsplit(".", 1)[-1] in DIFFERENCES:
                assert math.isfinite(value), where
            elif where.startswith("import.baseline.") and "import_s" in where:
                assert value >= 0, where  # `pass` takes next to nothing
            else:
                assert positive(value), f"{where} is {value!r}, expected a positive number"


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_every_sample_is_kept(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    sizes = data["meta"]["sizes"]
    for section in ("import", "first_call"):
        for name, figures in data[section].items():
            if isinstance(figures, dict):
                assert len(figures["samples"]) == sizes["probe_repeats"], f"{section}.{name}"
    for name in ("mlflow_lite", "httpx"):
        assert len(data["unbuffered"][name]["samples"]) == sizes["unbuffered_rounds"], name
    assert len(data["unbuffered"]["mlflow_full"]["samples"]) == sizes["repeats"]
    for section in ("bulk", "scale"):
        for name in ("mlflow_lite_buffered", "httpx_floor"):
            assert len(data[section][name]["samples"]) == sizes["repeats"], f"{section}.{name}"
    assert len(data["concurrency"]["samples"]) == sizes["repeats"]
    for name in ("mlflow_lite_buffered", "mlflow_lite_journaled"):
        assert len(data["journal"][name]["samples"]) == sizes["repeats"], f"journal.{name}"


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_the_journal_figures_are_of_delivered_runs(report: tuple[dict[str, Any], str, Path]) -> None:
    data, stdout, _ = report
    journal = data["journal"]
    for name in ("mlflow_lite_buffered", "mlflow_lite_journaled"):
        assert_complete(journal[name]["verified"], f"journal.{name}")
        assert journal[name]["verified"]["found"] == journal["values"] * journal["repeats"]
    journaled = journal["mlflow_lite_journaled"]
    assert_positive(journaled, "journal_bytes_per_value", "fsyncs", "caller_us_per_value", where="journal")
    assert "values with a spool journal" in stdout


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_import_and_first_call(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    imports, first = data["import"], data["first_call"]
    expected = {"baseline", "httpx", "mlflow_lite", "mlflow_full"}
    if skinny_measured(data):
        expected |= {"mlflow_skinny_3", "mlflow_skinny_2"}
    assert expected <= imports.keys()
    for name in expected:
        assert_positive(imports[name], "wall_s", "peak_rss_mib", where=f"import.{name}")
    assert imports["mlflow_lite"]["statement"] == "import mlflow_lite"
    assert imports["mlflow_lite"]["python"] == ".venv-runtime/bin/python"
    probes = {"httpx", "mlflow_lite"} | ({"mlflow_skinny_3"} if skinny_measured(data) else set())
    assert probes <= first.keys()
    for name in probes:
        assert_positive(first[name], "wall_s", "first_call_s", "call_s", "peak_rss_mib", where=f"first_call.{name}")
        assert_complete(first[name]["verified"], f"first_call.{name}")
        assert first[name]["verified"]["found"] == data["meta"]["sizes"]["probe_repeats"]


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_unbuffered_section(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    names = ["mlflow_lite", "httpx", "mlflow_full"] + (["mlflow_skinny_3"] if skinny_measured(data) else [])
    for name in names:
        figures = data["unbuffered"][name]
        assert_positive(figures, "calls", "cpu_us_per_call", "wall_ms_per_call", where=f"unbuffered.{name}")
        assert_complete(figures["verified"], f"unbuffered.{name}")


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_bulk_and_scale_sections(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    bulk, scale = data["bulk"], data["scale"]
    assert_positive(bulk, "values", "speedup_vs_mlflow_sync", "speedup_vs_mlflow_async", "vs_floor", where="bulk")
    assert_positive(scale, "values", "vs_floor", where="scale")
    assert scale["values"] > bulk["values"]
    for section, figures in (("bulk", bulk), ("scale", scale)):
        for name in ("mlflow_lite_buffered", "httpx_floor"):
            load = figures[name]
            assert_positive(load, "wall_s", "cpu_s", "wall_us_per_value", "peak_rss_mib", where=f"{section}.{name}")
            assert_complete(load["verified"], f"{section}.{name}")
            assert load["verified"]["found"] == figures["values"] * figures["repeats"]
            assert load["verified"]["runs"] == figures["repeats"]
    for name in ("mlflow_sync", "mlflow_async"):
        assert_positive(bulk[name], "calls", "wall_s", "wall_us_per_value", "scaled_wall_s", where=f"bulk.{name}")
        assert_complete(bulk[name]["verified"], f"bulk.{name}")
    assert math.isfinite(scale["rss_growth_mib"])


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_concurrency_section(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, _ = report
    section = data["concurrency"]
    assert_positive(section, "runs", "calls_per_run", "sequential_s", "concurrent_s", "speedup", where="concurrency")
    assert_complete(section["verified"], "concurrency")
    runs = 2 * section["runs"] * section["repeats"]
    assert section["verified"]["runs"] == runs
    assert section["verified"]["found"] == runs * section["calls_per_run"]


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_the_s3_store_section(report: tuple[dict[str, Any], str, Path]) -> None:
    data, stdout, _ = report
    stores, sizes = data["stores"], data["meta"]["sizes"]
    assert stores["file_mib"] == sizes["store_file_mib"]
    # In parts even in --quick: the file is larger than one of obstore's parts.
    assert stores["file_mib"] * 1024 * 1024 > PART_SIZE
    for side in ("mlflow_lite", "mlflow"):
        figures = stores[side]
        assert len(figures["samples"]) == sizes["repeats"], side
        assert figures["downloads_verified"] == sizes["repeats"], side  # every download had the uploaded digest
        for name in ("upload_s", "download_s", "upload_mib_s", "download_mib_s", "upload_peak_rss_mib"):
            assert_positive(figures, name, where=f"stores.{side}")
        assert figures["peak_rss_mib"] >= figures["upload_peak_rss_mib"], side  # a high-water mark only rises
    assert stores["mlflow_lite"]["python"] == ".venv-runtime/bin/python" or any(
        "`.venv-runtime` is missing" in note for note in data["meta"]["notes"]
    )
    assert stores["cross_check"] == {"mlflow_lite_reads_mlflow": True, "mlflow_reads_mlflow_lite": True}
    assert len(stores["sha256"]) == 64
    assert "## 5. S3 store" in stdout
    assert any("not 1 GiB" in note for note in data["meta"]["notes"])


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_targets_reported_not_asserted(report: tuple[dict[str, Any], str, Path]) -> None:
    data, stdout, _ = report
    assert data["complete"] is True
    assert data["meta"]["quick"] is True
    names = [row["target"] for row in data["targets"]]
    assert len(names) == len(set(names))
    assert set(ALWAYS) <= set(names)
    if skinny_measured(data):
        assert set(WITH_SKINNY) <= set(names)
    else:
        assert not set(WITH_SKINNY) & set(names)
        assert any("mlflow-skinny" in note for note in data["meta"]["notes"])
    for row in data["targets"]:
        assert isinstance(row["pass"], bool)  # PASS or FAIL is a figure of the report, not of this test
        assert isinstance(row["measured"], float), row
        assert math.isfinite(row["measured"]), row
    assert "## Targets" in stdout
    for row in data["targets"]:
        assert f"| {row['target']} | " in stdout
    readme = stdout.split("## README table", 1)[1]
    assert "| measure | mlflow-lite | mlflow-skinny 3.17.2 | mlflow-skinny 2.22.5 | MLflow 2.22.5 (full) |" in readme


@pytest.mark.server
@pytest.mark.timeout(BENCH_TIMEOUT + 60)
def test_chart_written_when_asked(report: tuple[dict[str, Any], str, Path]) -> None:
    data, _, chart = report
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert data["meta"]["chart"] == str(chart)


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


def test_medians_keep_every_sample() -> None:
    samples = [{"wall_s": 3.0}, {"wall_s": 1.0}, {"wall_s": 2.0}]
    assert bench.with_medians(samples) == {"wall_s": 2.0, "samples": samples}


def test_repetitions_alternate_their_order() -> None:
    assert [bench.alternate(["a", "b"], r) for r in range(3)] == [["a", "b"], ["b", "a"], ["a", "b"]]


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


def test_the_full_bench_refuses_to_run_without_mlflow_skinny(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Where find_clients reads it: bench.common (the package only re-exports it).
    monkeypatch.setattr("bench.common.BENCH_ENVS", tmp_path / "nothing-here")
    notes: list[str] = []
    with pytest.raises(bench.MeasurementError, match="make bench"):
        bench.find_clients(quick=False, notes=notes)
    clients = bench.find_clients(quick=True, notes=notes)
    assert "mlflow_skinny_3" not in clients
    assert any("mlflow-skinny 3.17.2 is not installed" in note for note in notes)


@pytest.mark.parametrize(
    ("argv", "drawn"),
    [
        (["--quick"], None),
        (["--quick", "--chart", "{tmp}/c.png"], "{tmp}/c.png"),
        ([], str(bench.DEFAULT_CHART)),
    ],
    ids=["quick-without-chart", "quick-with-chart", "full-default-chart"],
)
def test_the_chart_is_drawn_in_full_mode_or_when_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str], drawn: str | None
) -> None:
    charts: list[str] = []

    class Silent:
        def __init__(self, results: dict[str, Any]) -> None:
            pass

        def render(self) -> str:
            return "report"

    monkeypatch.setattr(bench, "run_all", lambda sizes, *, quick: {"meta": {}})
    monkeypatch.setattr(bench, "Report", Silent)
    monkeypatch.setattr(bench, "draw_chart", lambda results, path: charts.append(str(path)))
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    assert bench.main([*argv, "--json", str(tmp_path / "out.json")]) == 0
    assert charts == ([] if drawn is None else [drawn.format(tmp=tmp_path)])


def test_only_stores_runs_the_s3_store_phase_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ran: list[str] = []
    charts: list[str] = []

    def fake(name: str) -> Any:
        def run(sizes: bench.Sizes, *, quick: bool) -> dict[str, Any]:
            ran.append(name)
            return {"meta": {}}

        return run

    class Silent:
        def __init__(self, results: dict[str, Any]) -> None:
            pass

        def render(self) -> str:
            return "report"

    monkeypatch.setattr(bench, "run_all", fake("all"))
    monkeypatch.setattr(bench, "run_stores", fake("stores"))
    monkeypatch.setattr(bench, "Report", Silent)
    monkeypatch.setattr(bench, "draw_chart", lambda results, path: charts.append(str(path)))
    assert bench.main(["--only", "stores", "--json", str(tmp_path / "out.json")]) == 0
    assert ran == ["stores"]
    assert charts == []  # the chart draws the other phases


def test_the_store_target_is_strictly_under_64_mib() -> None:
    def rows(peak: float) -> list[dict[str, Any]]:
        stores = {"mlflow_lite": {"peak_rss_mib": peak}}
        return [row for row in bench.targets({"stores": stores}) if row["target"] == bench.T_STORE_RSS]

    assert [row["pass"] for row in rows(63.9)] == [True]
    assert [row["pass"] for row in rows(64.0)] == [False]

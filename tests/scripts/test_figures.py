"""scripts/figures.py: the bench figures the pages quote, written once (docs/figures/*.json) and rewritten into
the marked sections of README.md and docs/ from there. No server: small JSON fixtures built here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import figures
import pytest

LABELS = {
    "mlflow_lite": "mlflow-lite",
    "mlflow_skinny_3": "mlflow-skinny 3.17.2",
    "mlflow_skinny_2": "mlflow-skinny 2.22.5",
    "mlflow_full": "MLflow 2.22.5 (full)",
    "httpx": "httpx",
}


def client_figures(values: dict[str, float]) -> dict[str, dict[str, float]]:
    return {
        client: {"value": value, "vs_mlflow_lite": value / values["mlflow_lite"]} for client, value in values.items()
    }


def quoted() -> dict[str, Any]:
    """A docs/figures/bench.json of a run without mlflow-skinny 2 (its column must show a dash)."""
    clients = {
        "import_s": client_figures({"mlflow_lite": 0.0123, "mlflow_skinny_3": 2.46, "mlflow_full": 6.15}),
        "import_peak_rss_mib": client_figures({"mlflow_lite": 10.2, "mlflow_skinny_3": 81.6, "mlflow_full": 204}),
        "first_call_s": client_figures({"mlflow_lite": 0.3, "mlflow_skinny_3": 1.8, "mlflow_full": 4.5}),
        "cpu_us_per_call": client_figures({"mlflow_lite": 1000, "mlflow_skinny_3": 2500, "mlflow_full": 2000}),
    }
    for measure, value in (("import_s", 0.2), ("import_peak_rss_mib", 25), ("first_call_s", 0.25)):
        clients[measure]["httpx"] = {"value": value}
    clients["cpu_us_per_call"]["httpx"] = {"value": 900}
    for row in clients.values():
        row["mlflow_lite"] = {"value": row["mlflow_lite"]["value"]}
    return {
        "run": {"what": "make bench", "date": "2030-01-02", "mlflow_server": "2.22.5", "cpus": 4},
        "labels": LABELS,
        "clients": clients,
        "first_call_vs_httpx": {"measured": 1.2, "goal": "1.5x"},
        "failed_targets": [],
        "bulk": {
            "values": 10000,
            "mlflow_lite_s": 1.5,
            "mlflow_sync_s": 90.0,
            "mlflow_sync_vs_lite": 60.0,
            "mlflow_async_s": 45.0,
            "mlflow_async_vs_lite": 30.0,
            "floor_s": 1.25,
            "lite_vs_floor": 1.2,
        },
        "scale": {
            "values": 1000000,
            "mlflow_lite_s": 120.4,
            "peak_rss_mib": 38.2,
            "rss_growth_mib": 0.5,
            "floor_s": 110.2,
            "lite_vs_floor": 1.0926,
        },
        "concurrency": {"runs": 100, "speedup": 2.345},
        "journal": {
            "cpus": 4,
            "values": 10000,
            "journaled_s": 1.2,
            "plain_s": 1.0,
            "wall_ratio": 1.2,
            "caller_us_added": 8.04,
            "cpu_us_added": 12.3,
            "bytes_per_value": 68.4,
            "fsyncs": 3,
            "plain_peak_rss_mib": 36.1,
            "journaled_peak_rss_mib": 40.2,
        },
    }


def scale_quoted() -> dict[str, Any]:
    return {
        "run": {"date": "2030-01-02", "cpus": 4},
        "writers": [1, 4, 16],
        "values_per_writer": 1000,
        "mlflow_lite": {"1": 5000.4, "4": 9000, "16": 9500},
        "httpx_floor": {"1": 4000, "4": 10000, "16": 11000},
        "lite_vs_floor": {"1": 1.25, "4": 0.9, "16": 0.8636},
        "one_writer": {"ceiling": 6000, "ceiling_vs_floor": 1.5, "lite_vs_ceiling": 0.8334},
    }


def stores_results(*, quick: bool = False) -> dict[str, Any]:
    """A bench-results.json of the S3 store phase run alone (`scripts/bench --only stores`)."""

    def side(upload: float, download: float, peak: float) -> dict[str, Any]:
        return {
            "upload_s": upload,
            "download_s": download,
            "upload_mib_s": 1024 / upload,
            "download_mib_s": 1024 / download,
            "peak_rss_mib": peak,
            "samples": [],
        }

    return {
        "meta": {"quick": quick, "mlflow_server": "2.22.5", "mlflow_lite": "0.1.0", "python": "3.11.9", "cpus": 2},
        "complete": True,
        "stores": {
            "file_mib": 1024,
            "repeats": 3,
            "mlflow_client": "MLflow 3.17.2's client",
            "mlflow_lite": side(16.0, 4.0, 54.2),
            "mlflow": side(11.0, 100.0, 262.0),
            "upload_speedup_vs_mlflow": 11.0 / 16.0,
            "download_speedup_vs_mlflow": 25.0,
        },
        "targets": [{"target": figures.STORES_TARGET, "measured": 54.2, "goal": "< 64 MiB", "pass": True}],
    }


def rows_of(markdown: str) -> dict[str, list[str]]:
    """A markdown table's rows by their first cell."""
    rows = [line.strip("|").split(" | ") for line in markdown.splitlines() if line.startswith("| ")]
    return {row[0].strip(): [cell.strip() for cell in row[1:]] for row in rows}


def test_the_speed_table_shows_each_figure_with_its_ratio_and_a_dash_where_nothing_was_measured() -> None:
    text = figures.speed_table(quoted())
    assert text.startswith("One run on a 4-core machine (2030-01-02, MLflow 2.22.5 server):")
    rows = rows_of(text)
    columns = ["mlflow-lite", "mlflow-skinny 3.17.2", "mlflow-skinny 2.22.5", "MLflow 2.22.5 (full)", "raw httpx"]
    assert rows["measure"] == columns
    imports = rows["import (`import mlflow_lite` / `from mlflow import MlflowClient`)"]
    assert imports == ["12 ms", "2.5 s (200x)", "—", "6.2 s (500x)", "200 ms"]
    assert rows["unbuffered `log_metric`, client CPU per call"] == [
        "1.00 ms",
        "2.50 ms (2.5x)",
        "—",
        "2.00 ms (2.0x)",
        "0.90 ms",
    ]
    bulk = rows["10,000 values one call at a time"]
    assert bulk[0] == "1.5 s (buffered)"
    assert bulk[3] == "90.0 s (60x), `synchronous=False` 45.0 s (30x)"
    assert bulk[4] == "floor 1.2 s (1.20x)"
    scale = rows["1,000,000 values one call at a time"]
    assert scale[0] == "120 s (buffered), peak memory 38 MiB (+0.5 MiB vs 10,000 values)"
    assert scale[4] == "floor 110 s (1.09x)"
    assert rows["100 runs logged at once (async)"][0] == "2.3x faster than one after another"


def test_the_readme_table_has_three_clients_and_says_what_was_not_measured() -> None:
    rows = rows_of(figures.compare_table(quoted()))
    assert rows["`import`"] == ["12 ms", "2.5 s (200x)", "6.2 s (500x)"]
    assert rows["peak memory after the import"] == ["10 MiB", "82 MiB (8.0x)", "204 MiB (20x)"]
    assert rows["10,000 values logged one call at a time"] == ["1.5 s (buffered)", "not measured", "90.0 s (60x)"]


def test_the_first_call_sentence_names_the_targets_a_run_missed() -> None:
    passed = figures.first_call(quoted())
    assert "1.20x the time of a raw httpx script's (our target: at most 1.5x)" in passed
    assert "mlflow-skinny 3.17.2's took 6.0x as long" in passed
    assert passed.endswith("Every target `make bench` states passed in this run.")
    missed = {**quoted(), "failed_targets": ["bulk: a", "scale: b"]}
    assert figures.first_call(missed).endswith("this run missed: bulk: a, scale: b.")


def test_the_journal_sentence_says_when_the_peak_memory_differs() -> None:
    text = figures.journal_cost(quoted())
    assert "1.20 s with a journal against 1.00 s without (1.20x)" in text
    assert "8.0 µs more per call" in text
    assert "a peak memory of 40 MiB against 36 MiB" in text
    same = quoted()
    same["journal"]["journaled_peak_rss_mib"] = 35.9
    assert "the same peak memory (36 MiB)" in figures.journal_cost(same)


def test_the_scale_table_and_summary() -> None:
    rows = rows_of(figures.scale_table(scale_quoted()))
    assert rows["1"] == ["5,000", "4,000", "1.25x"]
    assert rows["16"] == ["9,500", "11,000", "0.86x"]
    summary = figures.scale_summary(scale_quoted())
    assert "between 10,000 and 11,000 values/s from 4 to 16 writers" in summary
    assert "86-90% of it" in summary
    one = figures.scale_one_writer(scale_quoted())
    assert "stored 6,000 values/s, 1.50x the one-at-a-time floor" in one
    assert "reached 83% of that" in one


def page_with(*names: str, body: str = "stale") -> str:
    sections = "".join(f"<!-- figures: {name} -->\n{body}\n<!-- /figures -->\n\ntext\n" for name in names)
    return f"# A page\n\n{sections}"


def render_fixture(name: str) -> str:
    source, write = figures.SECTIONS[name]
    if source == figures.STORES_JSON:
        return write(figures.summarize_stores(stores_results(), "2030-01-02"))
    return write(quoted() if source == figures.BENCH_JSON else scale_quoted())


def test_the_stores_table_quotes_both_clients_and_the_memory_target(tmp_path: Path) -> None:
    target = tmp_path / "bench-stores.json"
    source = tmp_path / "results.json"
    source.write_text(json.dumps(stores_results(quick=True)))
    with pytest.raises(SystemExit, match="not a complete full run"):
        figures.record(source, target, figures.summarize_stores)
    source.write_text(json.dumps(stores_results()))
    figures.record(source, target, figures.summarize_stores)
    text = figures.stores_table(json.loads(target.read_text()))
    assert "a 1,024 MiB file up with `log_artifact`" in text
    assert "median of 3" in text
    rows = rows_of(text)
    assert rows["mlflow-lite (obstore)"] == ["16.0 s (64 MiB/s)", "4.0 s (256 MiB/s)", "54 MiB"]
    assert rows["MLflow 3.17.2's client (boto3)"] == ["11.0 s (93 MiB/s)", "100 s (10 MiB/s)", "262 MiB"]
    assert text.endswith("for a 1 GiB file: 54 MiB, PASS.")


def test_rewrite_replaces_only_the_marked_sections_and_is_stable() -> None:
    page = page_with("compare-table", "scale-summary")
    new = figures.rewrite(page, render_fixture)
    assert "stale" not in new
    assert new.startswith("# A page\n\n<!-- figures: compare-table -->\n\n| ")
    assert new.count("\n\ntext\n") == 2
    assert figures.compare_table(quoted()) in new
    assert figures.rewrite(new, render_fixture) == new


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (page_with("no-such-section"), "unknown figures section 'no-such-section'"),
        ("<!-- figures: compare-table -->\nnever ended\n", "has no <!-- /figures -->"),
        ("<!-- figures: compare-table -->\n<!-- figures: scale-table -->\n<!-- /figures -->\n", "has no"),
    ],
)
def test_a_broken_marker_is_an_error(page: str, message: str) -> None:
    with pytest.raises(figures.MarkerError, match=message):
        figures.rewrite(page, render_fixture, "page.md")


def test_stale_pages_lists_the_pages_whose_sections_differ_and_write_pages_fixes_them(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text(page_with("compare-table"))
    (tmp_path / "docs" / "plain.md").write_text("# No figures here\n")
    (tmp_path / "docs" / "speed.md").write_text(figures.rewrite(page_with("speed-table"), render_fixture))
    assert figures.stale_pages(tmp_path, render_fixture) == [tmp_path / "README.md"]
    assert figures.write_pages(tmp_path, render_fixture) == [tmp_path / "README.md"]
    assert figures.stale_pages(tmp_path, render_fixture) == []


def raw_results(*, quick: bool = False, clients: tuple[str, ...] = tuple(LABELS)) -> dict[str, Any]:
    """A bench-results.json of the shape `scripts/bench` writes, only the fields the pages quote."""
    meta = {
        "quick": quick,
        "mlflow_server": "2.22.5",
        "mlflow_lite": "0.1.0",
        "python": "3.11.9",
        "cpus": 2,
        "clients": {client: {"label": LABELS[client]} for client in clients},
    }
    factor = {"mlflow_lite": 1.0, "mlflow_skinny_3": 3.0, "mlflow_skinny_2": 5.0, "mlflow_full": 7.0, "httpx": 0.5}
    load = {"wall_s": 2.0, "peak_rss_mib": 30.0}
    return {
        "meta": meta,
        "complete": True,
        "import": {c: {"import_s": 0.0111 * factor[c], "peak_rss_mib": 10.0 * factor[c]} for c in clients},
        "first_call": {c: {"first_call_s": 0.1 * factor[c]} for c in clients},
        "unbuffered": {c: {"cpu_us_per_call": 1000 * factor[c]} for c in clients},
        "bulk": {
            "values": 10000,
            "mlflow_lite_buffered": load,
            "httpx_floor": {**load, "wall_s": 1.6},
            "mlflow_sync": {"scaled_wall_s": 100.0},
            "mlflow_async": {"scaled_wall_s": 50.0},
            "speedup_vs_mlflow_sync": 50.0,
            "speedup_vs_mlflow_async": 25.0,
            "vs_floor": 1.25,
        },
        "scale": {
            "values": 1000000,
            "mlflow_lite_buffered": load,
            "httpx_floor": load,
            "rss_growth_mib": 0.3,
            "vs_floor": 1.0,
        },
        "concurrency": {"runs": 100, "speedup": 2.0},
        "journal": {
            "values": 10000,
            "mlflow_lite_buffered": load,
            "mlflow_lite_journaled": {**load, "journal_bytes_per_value": 68.0, "fsyncs": 3},
            "wall_ratio": 1.0,
            "caller_us_per_value_added": 7.0,
            "cpu_us_per_value_added": 10.0,
        },
        "targets": [
            {"target": figures.FIRST_CALL_TARGET, "measured": 1.4, "goal": "<= 1.5x", "pass": True},
            {"target": "bulk: something", "measured": 0.9, "goal": ">= 1x", "pass": False},
        ],
    }


def test_summarize_bench_keeps_the_ratios_of_the_unrounded_figures() -> None:
    # A quick run without mlflow-skinny 2 (`make test` does not install it): its column is named, and empty.
    without = tuple(client for client in LABELS if client != "mlflow_skinny_2")
    summary = figures.summarize_bench(raw_results(quick=True, clients=without), "2030-01-02", LABELS)
    imports = summary["clients"]["import_s"]
    assert imports["mlflow_skinny_3"]["vs_mlflow_lite"] == pytest.approx(3.0)
    assert "vs_mlflow_lite" not in imports["httpx"]
    assert "vs_mlflow_lite" not in imports["mlflow_lite"]
    assert "mlflow_skinny_2" not in imports
    assert summary["labels"] == LABELS
    assert summary["first_call_vs_httpx"] == {"measured": 1.4, "goal": "1.5x"}
    assert summary["failed_targets"] == ["bulk: something"]
    assert summary["run"]["date"] == "2030-01-02"
    # What the summary gives, every section can write.
    for name, (source, write) in figures.SECTIONS.items():
        if source == figures.BENCH_JSON:
            assert write(summary), name


def test_record_refuses_a_quick_run_and_writes_a_full_one(tmp_path: Path) -> None:
    quick, full, target = tmp_path / "quick.json", tmp_path / "full.json", tmp_path / "figures" / "bench.json"
    quick.write_text(json.dumps(raw_results(quick=True)))
    with pytest.raises(SystemExit, match="not a complete full run"):
        figures.record(quick, target, figures.summarize_bench)
    assert not target.exists()
    full.write_text(json.dumps(raw_results()))
    figures.record(full, target, figures.summarize_bench)
    assert json.loads(target.read_text())["bulk"]["lite_vs_floor"] == 1.25


def test_the_repository_pages_quote_the_committed_figures() -> None:
    """What `make lint` checks: every marked section of README.md and docs/ is what docs/figures/ gives."""
    assert figures.stale_pages(figures.ROOT, figures.renderer({})) == []


def test_every_section_is_on_a_page() -> None:
    text = "\n".join(page.read_text() for page in figures.pages(figures.ROOT))
    for name in figures.SECTIONS:
        assert f"<!-- figures: {name} -->" in text, name

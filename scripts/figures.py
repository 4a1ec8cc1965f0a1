"""The figures the pages quote from `make bench`, written once: `docs/figures/*.json`, and the pages' marked
sections rewritten from them.

    .venv/bin/python scripts/figures.py            # rewrite the marked sections of README.md and docs/*.md
    .venv/bin/python scripts/figures.py --check    # fail when a marked section differs (`make lint`)
    .venv/bin/python scripts/figures.py --record-bench bench-results.json --record-scale bench-scale-results.json
    .venv/bin/python scripts/figures.py --record-stores bench-results.json   # the S3 store phase's (also alone)

A marked section is the text between `<!-- figures: NAME -->` and `<!-- /figures -->`, each on a line of its own;
NAME is one of `SECTIONS`. Every number a page quotes from the bench sits in one, so no two pages can disagree and
a new run (`--record-*`, which `make bench` runs at its end) changes every page at once.

The committed JSON holds what the pages quote, not the bench's samples: each value with its ratio as the run
computed it (from unrounded figures), so a table written from it says what the run said. `make bench` writes the
full results (`bench-results.json`, `bench-scale-results.json`, git-ignored) beside it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "docs" / "figures"
BENCH_JSON = FIGURES / "bench.json"
SCALE_JSON = FIGURES / "bench-scale.json"
# The S3 store phase's, apart: it is also run alone (`scripts/bench --only stores`), and a whole bench's results
# hold it too.
STORES_JSON = FIGURES / "bench-stores.json"

START = re.compile(r"^<!-- figures: ([a-z0-9-]+) -->$")
END = "<!-- /figures -->"
MISSING = "—"
WIDTH = 115  # the pages' line width
# The clients of the speed table, in its order; the README's comparison shows three of them.
COLUMNS = ("mlflow_lite", "mlflow_skinny_3", "mlflow_skinny_2", "mlflow_full", "httpx")
COMPARED = ("mlflow_lite", "mlflow_skinny_3", "mlflow_full")
# The target of `make bench` (scripts/bench/report.py) whose figure and goal the Speed page quotes.
FIRST_CALL_TARGET = "first call: mlflow_lite / raw httpx (wall)"
# The S3 store phase's memory target (scripts/bench/report.py), which the Artifact stores page quotes.
STORES_TARGET = "S3 store (1 GiB up and down): mlflow_lite client peak RSS (MiB)"
Figures = dict[str, Any]


# --- how a figure is written ------------------------------------------------------------------------------------


def seconds(value: float) -> str:
    """A duration for people: ms under a second, s above."""
    if value < 1:
        return f"{value * 1e3:.0f} ms" if value >= 0.01 else f"{value * 1e3:.1f} ms"
    return f"{value:.1f} s" if value < 100 else f"{value:.0f} s"


def times(value: float) -> str:
    """A ratio for people: one decimal under 10."""
    return f"{value:.1f}x" if value < 10 else f"{value:.0f}x"


def mib(value: float) -> str:
    return f"{value:.0f} MiB"


def cpu_ms(value_us: float) -> str:
    return f"{value_us / 1e3:.2f} ms"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# The per-client measures of the tables: (key in the JSON, the row's label, how its value is shown).
MEASURES: tuple[tuple[str, str, Callable[[float], str]], ...] = (
    ("import_s", "import (`import mlflow_lite` / `from mlflow import MlflowClient`)", seconds),
    ("import_peak_rss_mib", "peak memory after the import", mib),
    ("first_call_s", "first call (import, client, one `log_metric`, fresh process)", seconds),
    ("cpu_us_per_call", "unbuffered `log_metric`, client CPU per call", cpu_ms),
)


def cell(figures: Figures, measure: str, client: str, show: Callable[[float], str]) -> str:
    """A client's figure, with its ratio to mlflow-lite's (MLflow's clients only), or a dash when not measured."""
    row = figures["clients"][measure]
    if client not in row:
        return MISSING
    text = show(row[client]["value"])
    if "vs_mlflow_lite" in row[client]:
        text += f" ({times(row[client]['vs_mlflow_lite'])})"
    return text


# --- the sections -----------------------------------------------------------------------------------------------


def speed_table(figures: Figures) -> str:
    """The Speed page's table: every client of the bench, every measure."""
    bulk, scale, conc = figures["bulk"], figures["scale"], figures["concurrency"]
    rows = [[label, *(cell(figures, key, client, show) for client in COLUMNS)] for key, label, show in MEASURES]
    none = [MISSING] * 3
    rows += [
        [
            f"{bulk['values']:,} values one call at a time",
            f"{seconds(bulk['mlflow_lite_s'])} (buffered)",
            MISSING,
            MISSING,
            f"{seconds(bulk['mlflow_sync_s'])} ({times(bulk['mlflow_sync_vs_lite'])}), "
            f"`synchronous=False` {seconds(bulk['mlflow_async_s'])} ({times(bulk['mlflow_async_vs_lite'])})",
            f"floor {seconds(bulk['floor_s'])} ({bulk['lite_vs_floor']:.2f}x)",
        ],
        [
            f"{scale['values']:,} values one call at a time",
            f"{seconds(scale['mlflow_lite_s'])} (buffered), peak memory {mib(scale['peak_rss_mib'])} "
            f"({scale['rss_growth_mib']:+.1f} MiB vs {bulk['values']:,} values)",
            *none,
            f"floor {seconds(scale['floor_s'])} ({scale['lite_vs_floor']:.2f}x)",
        ],
        [f"{conc['runs']} runs logged at once (async)", f"{conc['speedup']:.1f}x faster than one after another"]
        + [MISSING] * 4,
    ]
    labels = figures["labels"]
    header = ["measure", *(labels[client] if client != "httpx" else "raw httpx" for client in COLUMNS)]
    return f"{run_line(figures)}:\n\n{table(header, rows)}"


def run_line(figures: Figures) -> str:
    run = figures["run"]
    return f"One run on a {run['cpus']}-core machine ({run['date']}, MLflow {run['mlflow_server']} server)"


def compare_table(figures: Figures) -> str:
    """The README's table: mlflow-lite against MLflow's light and full clients."""
    labels, bulk = figures["labels"], figures["bulk"]
    rows = [
        [label if key != "import_s" else "`import`", *(cell(figures, key, client, show) for client in COMPARED)]
        for key, label, show in MEASURES
    ]
    rows.append(
        [
            f"{bulk['values']:,} values logged one call at a time",
            f"{seconds(bulk['mlflow_lite_s'])} (buffered)",
            "not measured",
            f"{seconds(bulk['mlflow_sync_s'])} ({times(bulk['mlflow_sync_vs_lite'])})",
        ]
    )
    return table(["", *(labels[client] for client in COMPARED)], rows)


def first_call(figures: Figures) -> str:
    """The first call against raw httpx's and MLflow's, and whether every target of the run passed."""
    goal = figures["first_call_vs_httpx"]
    skinny = figures["clients"]["first_call_s"].get("mlflow_skinny_3")
    failed = figures["failed_targets"]
    text = (
        f"The first call took {goal['measured']:.2f}x the time of a raw httpx script's "
        f"(our target: at most {goal['goal']})"
    )
    if skinny is not None:
        label = figures["labels"]["mlflow_skinny_3"]
        text += f", and {label}'s took {times(skinny['vs_mlflow_lite'])} as long as mlflow-lite's"
    if failed:
        return text + ". The targets `make bench` states that this run missed: " + ", ".join(failed) + "."
    return text + ". Every target `make bench` states passed in this run."


def buffered_speed(figures: Figures) -> str:
    bulk = figures["bulk"]
    return (
        f"**Speed:** `make bench` measured {bulk['values']:,} buffered values stored in "
        f"{seconds(bulk['mlflow_lite_s'])}, against {seconds(bulk['mlflow_sync_s'])} for MLflow's client logging "
        f"them one call at a time ({times(bulk['mlflow_sync_vs_lite'])}); see [Speed](speed.md)."
    )


def journal_cost(figures: Figures) -> str:
    journal = figures["journal"]
    plain, journaled = journal["plain_peak_rss_mib"], journal["journaled_peak_rss_mib"]
    memory = (
        f"the same peak memory ({mib(plain)})"
        if mib(plain) == mib(journaled)
        else f"a peak memory of {mib(journaled)} against {mib(plain)}"
    )
    return (
        f"On a {journal['cpus']}-core machine, for {journal['values']:,} values: {journal['journaled_s']:.2f} s "
        f"with a journal against {journal['plain_s']:.2f} s without ({journal['wall_ratio']:.2f}x); "
        f"{more_or_less(journal['caller_us_added'], '.1f')} per call in the caller's wall time (a buffered caller "
        f"also waits when its buffer is full); {more_or_less(journal['cpu_us_added'], '.0f')} CPU per value in all "
        f"(the journal's writes, its acknowledgements and fsyncs); {journal['bytes_per_value']:.0f} bytes "
        f"of journal per value; {journal['fsyncs']:.0f} fsyncs for the {journal['values']:,} values; {memory}."
    )


def more_or_less(us: float, spec: str) -> str:
    """A difference in microseconds as words: "3 µs more", "4.4 µs less"."""
    return f"{abs(us):{spec}} µs {'more' if us >= 0 else 'less'}"


def scale_table(scale: Figures) -> str:
    counts = scale["writers"]
    rows = [
        [
            n,
            f"{scale['mlflow_lite'][str(n)]:,.0f}",
            f"{scale['httpx_floor'][str(n)]:,.0f}",
            f"{scale['lite_vs_floor'][str(n)]:.2f}x",
        ]
        for n in counts
    ]
    header = ["writers", "mlflow-lite, buffered (values/s)", "raw httpx floor (values/s)", "mlflow-lite / floor"]
    return table(header, rows)


def scale_summary(scale: Figures) -> str:
    """The floor's range and mlflow-lite's share of it from the second writer count on (where it flattens)."""
    counts = [str(n) for n in scale["writers"][1:]]
    floor = [scale["httpx_floor"][n] for n in counts]
    shares = [scale["lite_vs_floor"][n] * 100 for n in counts]
    first, last = scale["writers"][1], scale["writers"][-1]
    return (
        f"The floor stays between {min(floor):,.0f} and {max(floor):,.0f} values/s from {first} to {last} writers, "
        f"and mlflow-lite reaches {min(shares):.0f}-{max(shares):.0f}% of it."
    )


def scale_one_writer(scale: Figures) -> str:
    """One writer against the most this server takes from one writer (the same requests, up to 10 at once)."""
    one = scale["one_writer"]
    return (
        f"One writer alone: the raw client sending the same requests up to 10 at once (the first alone) stored "
        f"{one['ceiling']:,.0f} values/s, {one['ceiling_vs_floor']:.2f}x the one-at-a-time floor, the most this "
        f"server took from one writer; mlflow-lite's buffered run reached {one['lite_vs_ceiling'] * 100:.0f}% of "
        f"that."
    )


def stores_table(stores: Figures) -> str:
    """The Artifact stores page's table: the S3 store phase, mlflow-lite against MLflow's client."""
    rows = []
    for side, label in (("mlflow_lite", "mlflow-lite (obstore)"), ("mlflow", f"{stores['mlflow_client']} (boto3)")):
        fig = stores[side]
        rows.append(
            [
                label,
                f"{seconds(fig['upload_s'])} ({fig['upload_mib_s']:.0f} MiB/s)",
                f"{seconds(fig['download_s'])} ({fig['download_mib_s']:.0f} MiB/s)",
                mib(fig["peak_rss_mib"]),
            ]
        )
    run, goal = stores["run"], stores["rss_target"]
    intro = (
        f"One run on a {run['cpus']}-core machine ({run['date']}): a {stores['file_mib']:,} MiB file up with "
        f"`log_artifact` and down with `download_artifacts`, each client in fresh processes, median of "
        f"{stores['repeats']}, against moto's S3 server on the same machine (one Python process: the store, not the "
        f"client, sets most of the pace), behind an MLflow {run['mlflow_server']} server started with "
        "`--no-serve-artifacts`"
    )
    verdict = "PASS" if goal["pass"] else "FAIL"
    target = (
        f"The memory target, client peak RSS {goal['goal']} for a 1 GiB file: {goal['measured']:.0f} MiB, {verdict}."
    )
    header = ["client", "upload", "download", "peak memory (whole process)"]
    return f"{textwrap.fill(intro + ':', width=WIDTH)}\n\n{table(header, rows)}\n\n{target}"


def paragraph(write: Callable[[Figures], str]) -> Callable[[Figures], str]:
    """A sentence section, wrapped at the pages' width (a break never inside a word or a link)."""
    return lambda figures: textwrap.fill(write(figures), width=WIDTH, break_long_words=False, break_on_hyphens=False)


# Each section, the JSON it is written from and how.
SECTIONS: dict[str, tuple[Path, Callable[[Figures], str]]] = {
    "speed-table": (BENCH_JSON, speed_table),
    "compare-table": (BENCH_JSON, compare_table),
    "first-call": (BENCH_JSON, paragraph(first_call)),
    "buffered-speed": (BENCH_JSON, paragraph(buffered_speed)),
    "journal-cost": (BENCH_JSON, paragraph(journal_cost)),
    "scale-table": (SCALE_JSON, scale_table),
    "scale-summary": (SCALE_JSON, paragraph(scale_summary)),
    "scale-one-writer": (SCALE_JSON, paragraph(scale_one_writer)),
    "stores-transfer": (STORES_JSON, stores_table),
}


# --- the pages --------------------------------------------------------------------------------------------------


class MarkerError(ValueError):
    """A marked section that cannot be rewritten: an unknown name, or a start without its end."""


def rewrite(text: str, render: Callable[[str], str], where: str = "page") -> str:
    """The page with every marked section's body replaced by `render(name)` (a blank line either side, so that
    the markdown around the markers reads it as blocks of their own)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        found = START.match(lines[i])
        i += 1
        if not found:
            continue
        name = found[1]
        if name not in SECTIONS:
            raise MarkerError(f"{where}:{i}: unknown figures section {name!r} (known: {', '.join(SECTIONS)})")
        end = next((j for j in range(i, len(lines)) if lines[j] == END or START.match(lines[j])), None)
        if end is None or lines[end] != END:
            raise MarkerError(f"{where}:{i}: figures section {name!r} has no {END} before the next one or the end")
        out += ["", render(name), "", END]
        i = end + 1
    return "\n".join(out)


def pages(root: Path) -> list[Path]:
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def renderer(cache: dict[Path, Figures]) -> Callable[[str], str]:
    def render(name: str) -> str:
        source, write = SECTIONS[name]
        if source not in cache:
            cache[source] = json.loads(source.read_text())
        return write(cache[source])

    return render


def stale_pages(root: Path, render: Callable[[str], str]) -> list[Path]:
    """The pages whose marked sections differ from what `render` writes."""
    return [page for page in pages(root) if rewrite(text := page.read_text(), render, str(page)) != text]


def write_pages(root: Path, render: Callable[[str], str]) -> list[Path]:
    changed = []
    for page in pages(root):
        text = page.read_text()
        new = rewrite(text, render, str(page))
        if new != text:
            page.write_text(new)
            changed.append(page)
    return changed


# --- from a run's results ----------------------------------------------------------------------------------------


def today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()


def summarize_bench(results: dict[str, Any], date: str, labels: Mapping[str, str] | None = None) -> Figures:
    """What the pages quote from a `scripts/bench` run's results (`bench-results.json`), ratios from the unrounded
    figures. The columns are named by `labels`, or by the run's clients (a full run has them all)."""
    meta = results["meta"]
    if labels is None:
        labels = {client: found["label"] for client, found in meta["clients"].items()}
    clients: dict[str, dict[str, Any]] = {}
    for key, section, figure in (
        ("import_s", "import", "import_s"),
        ("import_peak_rss_mib", "import", "peak_rss_mib"),
        ("first_call_s", "first_call", "first_call_s"),
        ("cpu_us_per_call", "unbuffered", "cpu_us_per_call"),
    ):
        measured = results[section]
        lite = measured["mlflow_lite"][figure]
        clients[key] = {}
        for client in COLUMNS:
            if client not in measured:
                continue
            value = measured[client][figure]
            clients[key][client] = {"value": value}
            if client not in {"mlflow_lite", "httpx"}:
                clients[key][client]["vs_mlflow_lite"] = value / lite
    bulk, scale, conc, journal = (results[k] for k in ("bulk", "scale", "concurrency", "journal"))
    first = next(row for row in results["targets"] if row["target"] == FIRST_CALL_TARGET)
    plain, journaled = journal["mlflow_lite_buffered"], journal["mlflow_lite_journaled"]
    return {
        "run": {
            "what": "make bench",
            "date": date,
            "mlflow_server": meta["mlflow_server"],
            "mlflow_lite": meta["mlflow_lite"],
            "python": meta["python"],
            "cpus": meta["cpus"],
        },
        "labels": {client: labels[client] for client in COLUMNS},
        "clients": clients,
        "first_call_vs_httpx": {"measured": first["measured"], "goal": first["goal"].removeprefix("<= ")},
        "failed_targets": [row["target"] for row in results["targets"] if not row["pass"]],
        "bulk": {
            "values": bulk["values"],
            "mlflow_lite_s": bulk["mlflow_lite_buffered"]["wall_s"],
            "mlflow_sync_s": bulk["mlflow_sync"]["scaled_wall_s"],
            "mlflow_sync_vs_lite": bulk["speedup_vs_mlflow_sync"],
            "mlflow_async_s": bulk["mlflow_async"]["scaled_wall_s"],
            "mlflow_async_vs_lite": bulk["speedup_vs_mlflow_async"],
            "floor_s": bulk["httpx_floor"]["wall_s"],
            "lite_vs_floor": bulk["vs_floor"],
        },
        "scale": {
            "values": scale["values"],
            "mlflow_lite_s": scale["mlflow_lite_buffered"]["wall_s"],
            "peak_rss_mib": scale["mlflow_lite_buffered"]["peak_rss_mib"],
            "rss_growth_mib": scale["rss_growth_mib"],
            "floor_s": scale["httpx_floor"]["wall_s"],
            "lite_vs_floor": scale["vs_floor"],
        },
        "concurrency": {"runs": conc["runs"], "speedup": conc["speedup"]},
        "journal": {
            "cpus": meta["cpus"],
            "values": journal["values"],
            "journaled_s": journaled["wall_s"],
            "plain_s": plain["wall_s"],
            "wall_ratio": journal["wall_ratio"],
            "caller_us_added": journal["caller_us_per_value_added"],
            "cpu_us_added": journal["cpu_us_per_value_added"],
            "bytes_per_value": journaled["journal_bytes_per_value"],
            "fsyncs": journaled["fsyncs"],
            "plain_peak_rss_mib": plain["peak_rss_mib"],
            "journaled_peak_rss_mib": journaled["peak_rss_mib"],
        },
    }


def summarize_scale(results: dict[str, Any], date: str) -> Figures:
    """What the pages quote from a `scripts/bench_scale.py` run's results (`bench-scale-results.json`)."""
    meta = results["meta"]
    counts = [str(n) for n in meta["writers"]]
    return {
        "run": {
            "what": "make bench (scripts/bench_scale.py)",
            "date": date,
            "mlflow_server": meta["mlflow_server"],
            "server_workers": meta["server_workers"],
            "cpus": meta["cpus"],
        },
        "writers": meta["writers"],
        "values_per_writer": meta["values_per_writer"],
        "mlflow_lite": {n: results["mlflow_lite"][n]["values_per_s"] for n in counts},
        "httpx_floor": {n: results["httpx_floor"][n]["values_per_s"] for n in counts},
        "lite_vs_floor": {n: results["lite_vs_floor"][n] for n in counts},
        "one_writer": {"ceiling": results["httpx_parallel"]["1"]["values_per_s"], **results["one_writer"]},
    }


def summarize_stores(results: dict[str, Any], date: str) -> Figures:
    """What the pages quote from the S3 store phase of a `scripts/bench` run (whole, or `--only stores`)."""
    meta, stores = results["meta"], results["stores"]
    goal = next(row for row in results["targets"] if row["target"] == STORES_TARGET)
    measures = ("upload_s", "download_s", "upload_mib_s", "download_mib_s", "peak_rss_mib")
    return {
        "run": {
            "what": "make bench (the S3 store phase)",
            "date": date,
            "mlflow_server": meta["mlflow_server"],
            "mlflow_lite": meta["mlflow_lite"],
            "python": meta["python"],
            "cpus": meta["cpus"],
        },
        "file_mib": stores["file_mib"],
        "repeats": stores["repeats"],
        "mlflow_client": stores["mlflow_client"],
        "mlflow_lite": {name: stores["mlflow_lite"][name] for name in measures},
        "mlflow": {name: stores["mlflow"][name] for name in measures},
        "upload_speedup_vs_mlflow": stores["upload_speedup_vs_mlflow"],
        "download_speedup_vs_mlflow": stores["download_speedup_vs_mlflow"],
        "rss_target": {"measured": goal["measured"], "goal": goal["goal"], "pass": goal["pass"]},
    }


def record(source: Path, target: Path, summarize: Callable[[dict[str, Any], str], Figures]) -> None:
    """Summarize a full (not `--quick`), complete run's results into the committed JSON."""
    results = json.loads(source.read_text())
    if not results.get("complete") or results["meta"]["quick"]:
        raise SystemExit(f"{source}: not a complete full run (a --quick or failed run is never quoted)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(summarize(results, today()), indent=2) + "\n")
    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(f"figures of {source} written to {shown}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail when a page's marked section is stale")
    parser.add_argument("--record-bench", type=Path, help="a full run's bench-results.json, summarized first")
    parser.add_argument("--record-scale", type=Path, help="a full run's bench-scale-results.json, summarized first")
    parser.add_argument(
        "--record-stores", type=Path, help="a full run's bench-results.json (whole or --only stores): its S3 phase"
    )
    args = parser.parse_args(argv)
    render = renderer({})
    try:
        if args.check:
            stale = stale_pages(ROOT, render)
            for page in stale:
                print(f"{page.relative_to(ROOT)}: its figures differ from docs/figures/", file=sys.stderr)
            if stale:
                print("run `make figures` to rewrite them", file=sys.stderr)
                return 1
            return 0
        if args.record_bench:
            record(args.record_bench, BENCH_JSON, summarize_bench)
        if args.record_scale:
            record(args.record_scale, SCALE_JSON, summarize_scale)
        if args.record_stores:
            record(args.record_stores, STORES_JSON, summarize_stores)
        for page in write_pages(ROOT, render):
            print(f"rewrote the figures of {page.relative_to(ROOT)}", file=sys.stderr)
    except MarkerError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

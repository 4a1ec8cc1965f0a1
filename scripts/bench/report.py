"""The targets (each figure against the project's goal, PASS or FAIL) and the markdown report: a section per phase,
the targets, then the table for the README."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import figures
from figures import table

from bench.common import LABELS, MLFLOW_VERSION, SKINNY_3, ratio
from bench.first_call import FIRST_CALLS
from bench.imports import IMPORT_STATEMENTS
from bench.stores import MLFLOW_CLIENT_VERSION

# Targets: printed next to the figures, never asserted.
T_IMPORT_TIME = "import: mlflow_lite / httpx (statement time)"
T_IMPORT_RSS = "import: mlflow_lite peak RSS minus httpx's (MiB)"
T_IMPORT_SKINNY = "import: mlflow-skinny 3.17.2 / mlflow_lite (statement time)"
T_FIRST_HTTPX = figures.FIRST_CALL_TARGET  # the pages quote it
T_FIRST_SKINNY = "first call: mlflow-skinny 3.17.2 / mlflow_lite (wall)"
T_CPU = "unbuffered: client CPU per call, mlflow_lite / httpx"
T_SYNC = "bulk: MLflow synchronous / buffered mlflow_lite"
T_ASYNC = "bulk: MLflow synchronous=False / buffered mlflow_lite"
T_FLOOR = "bulk: buffered mlflow_lite / raw log-batch floor"
T_CPU_BUFFERED = "bulk: client CPU per value, buffered mlflow_lite / raw log-batch floor"
T_CPU_JOURNALED = "journal: client CPU per value, journaled mlflow_lite / raw log-batch floor (bulk phase)"
T_SCALE = "scale (1M values): buffered mlflow_lite / raw log-batch floor"
T_SCALE_RSS = "scale (1M values): mlflow_lite peak RSS minus 10k values' (MiB)"
T_STORE_RSS = figures.STORES_TARGET  # the Artifact stores page quotes it
IMPORT_VS_HTTPX_MAX = 1.5  # `import mlflow_lite` / `import httpx`, the statements' own time
IMPORT_RSS_OVER_HTTPX_MAX_MIB = 4.0  # peak RSS after `import mlflow_lite` minus after `import httpx`
IMPORT_VS_SKINNY_MIN = 10.0  # `from mlflow import MlflowClient` (skinny 3.17.2) / `import mlflow_lite`
FIRST_CALL_VS_HTTPX_MAX = 1.5  # our own target: import + client + one call, mlflow-lite / raw httpx
FIRST_CALL_VS_SKINNY_MIN = 5.0  # our own target: MLflow's client (skinny 3.17.2) / mlflow-lite
UNBUFFERED_CPU_MAX = 1.1  # mlflow-lite client CPU per call / raw httpx's
BULK_VS_SYNC_MIN = 50.0  # MLflow synchronous / buffered mlflow-lite, same number of values
BULK_VS_ASYNC_MIN = 20.0  # MLflow synchronous=False / buffered mlflow-lite
BULK_VS_FLOOR_MAX = 1.5  # buffered mlflow-lite / raw log-batch floor, 10,000 values
# Client CPU per value (all threads, the final flush included) over the raw floor's, the bulk phase's floor: what
# counts where the client shares CPUs with the server or other writers.
BULK_CPU_VS_FLOOR_MAX = 1.5
JOURNAL_CPU_VS_FLOOR_MAX = 2.5  # with a spool journal: each call also encoded and written before it returns
SCALE_VS_FLOOR_MAX = 1.2  # buffered mlflow-lite / raw log-batch floor, 1,000,000 values
SCALE_RSS_GROWTH_MAX_MIB = 20.0  # peak RSS logging 1,000,000 values minus logging 10,000
STORE_RSS_MAX_MIB = 64.0  # the issue's: a 1 GiB file up and down with the client process's peak RSS under this
# After the store's folder (`/dev/shm`) in the report's header, when it is on a memory file system.
SHM_NOTE = " (a memory file system: no disk syncs in the server-bound figures, the floor above all)"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- targets -----------------------------------------------------------------------------------------------


def target(name: str, measured: float, goal: str, ok: bool) -> dict[str, Any]:
    return {"target": name, "measured": measured, "goal": goal, "pass": ok}


def at_most(name: str, measured: float, limit: float, unit: str = "x") -> dict[str, Any]:
    return target(name, measured, f"<= {limit:g}{unit}", measured <= limit)


def at_least(name: str, measured: float, limit: float) -> dict[str, Any]:
    return target(name, measured, f">= {limit:g}x", measured >= limit)


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target that this run could measure (`--quick` without mlflow-skinny leaves two out; `--only stores`
    measures the S3 store's alone)."""
    rows = client_targets(results) if "import" in results else []
    if "stores" in results:
        peak = results["stores"]["mlflow_lite"]["peak_rss_mib"]
        # "Under" 64 MiB, as the issue says: strictly below.
        rows.append(target(T_STORE_RSS, peak, f"< {STORE_RSS_MAX_MIB:g} MiB", peak < STORE_RSS_MAX_MIB))
    return rows


def client_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    imp, first, unb, bulk, scale = (results[k] for k in ("import", "first_call", "unbuffered", "bulk", "scale"))
    lite_import, httpx_import = imp["mlflow_lite"], imp["httpx"]
    rows = [
        at_most(T_IMPORT_TIME, ratio(lite_import["import_s"], httpx_import["import_s"]), IMPORT_VS_HTTPX_MAX),
        at_most(
            T_IMPORT_RSS,
            lite_import["peak_rss_mib"] - httpx_import["peak_rss_mib"],
            IMPORT_RSS_OVER_HTTPX_MAX_MIB,
            " MiB",
        ),
    ]
    if "mlflow_skinny_3" in imp:
        skinny = ratio(imp["mlflow_skinny_3"]["import_s"], lite_import["import_s"])
        rows.append(at_least(T_IMPORT_SKINNY, skinny, IMPORT_VS_SKINNY_MIN))
    lite_first = first["mlflow_lite"]["first_call_s"]
    rows.append(at_most(T_FIRST_HTTPX, ratio(lite_first, first["httpx"]["first_call_s"]), FIRST_CALL_VS_HTTPX_MAX))
    if "mlflow_skinny_3" in first:
        skinny = ratio(first["mlflow_skinny_3"]["first_call_s"], lite_first)
        rows.append(at_least(T_FIRST_SKINNY, skinny, FIRST_CALL_VS_SKINNY_MIN))
    cpu = ratio(unb["mlflow_lite"]["cpu_us_per_call"], unb["httpx"]["cpu_us_per_call"])
    rows += [
        at_most(T_CPU, cpu, UNBUFFERED_CPU_MAX),
        at_least(T_SYNC, bulk["speedup_vs_mlflow_sync"], BULK_VS_SYNC_MIN),
        at_least(T_ASYNC, bulk["speedup_vs_mlflow_async"], BULK_VS_ASYNC_MIN),
        at_most(T_FLOOR, bulk["vs_floor"], BULK_VS_FLOOR_MAX),
        at_most(T_CPU_BUFFERED, bulk["cpu_vs_floor"], BULK_CPU_VS_FLOOR_MAX),
        at_most(T_CPU_JOURNALED, journal_cpu_vs_floor(results), JOURNAL_CPU_VS_FLOOR_MAX),
        at_most(T_SCALE, scale["vs_floor"], SCALE_VS_FLOOR_MAX),
        at_most(T_SCALE_RSS, scale["rss_growth_mib"], SCALE_RSS_GROWTH_MAX_MIB, " MiB"),
    ]
    return rows


def journal_cpu_vs_floor(results: dict[str, Any]) -> float:
    """Journaled mlflow-lite's client CPU per value (the journal phase) over the raw floor's (the bulk phase: the
    same number of values, in the same run)."""
    floor = results["bulk"]["httpx_floor"]["cpu_us_per_value"]
    return ratio(results["journal"]["mlflow_lite_journaled"]["cpu_us_per_value"], floor)


# --- report ------------------------------------------------------------------------------------------------


def fmt_list(values: Iterable[float], spec: str = ".0f") -> str:
    return "/".join(format(v, spec) for v in values)


def samples_of(figures: dict[str, Any], name: str, spec: str = ".2f") -> str:
    return fmt_list((s[name] for s in figures["samples"]), spec)


class Report:
    """The markdown report, section by section; `mark(target)` is the PASS/FAIL note of one target."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        self.goals = {row["target"]: row for row in results["targets"]}

    def mark(self, name: str) -> str:
        row = self.goals.get(name)
        if row is None:
            return "not measured (see the notes)"
        return f"{row['measured']:.2f} ({row['goal']}): {verdict(row['pass'])}"

    def render(self) -> str:
        whole = "import" in self.results  # else the S3 store phase alone (`--only stores`)
        parts = (
            [
                self.header(),
                self.imports(),
                self.first_call(),
                self.unbuffered(),
                self.bulk(),
                self.scale(),
                self.concurrency(),
            ]
            if whole
            else [self.stores_header()]
        )
        if "stores" in self.results:
            parts.append(self.stores())
        parts.append(self.targets())
        if whole:
            parts.append(self.readme())
        meta = self.results["meta"]
        if meta["notes"]:
            parts.append("\n".join(["Notes:", *(f"- {note}" for note in meta["notes"])]))
        return "\n\n".join(parts)

    def header(self) -> str:
        meta = self.results["meta"]
        return (
            f"# mlflow-lite bench{' (--quick)' if meta['quick'] else ''}\n\n"
            f"MLflow {meta['mlflow_server']} server: {meta['server_workers']} workers, loopback, SQLite store on "
            f"{meta['store']}{SHM_NOTE if meta['store_in_memory'] else ''}. Python {meta['python']}, "
            f"{meta['cpus']} CPUs, load average {meta['load_before']} before / "
            f"{meta['load_after']} after; whole bench {meta['elapsed_s'] / 60:.1f} min. Every figure is the median "
            f"of {meta['sizes']['repeats']} interleaved repetitions ({meta['sizes']['probe_repeats']} fresh "
            f"processes for imports and first calls, {meta['sizes']['unbuffered_rounds']} rounds for the unbuffered "
            "calls of mlflow-lite and httpx); every sample is in the JSON."
        )

    def imports(self) -> str:
        imp = self.results["import"]
        lite = imp["mlflow_lite"]
        rows = []
        for key in ("baseline", *(k for k in IMPORT_STATEMENTS if k != "baseline")):
            if key not in imp:
                continue
            fig = imp[key]
            rows.append(
                [
                    f"`{fig['statement']}`",
                    fig["label"],
                    f"`{fig['python']}`",
                    f"{fig['wall_s']:.3f}",
                    f"{fig['import_s']:.3f}",
                    f"{fig['peak_rss_mib']:.1f}",
                    f"{ratio(fig['import_s'], lite['import_s']):.1f}x" if key != "baseline" else "",
                ]
            )
        header = [
            "statement",
            "client",
            "interpreter",
            "process wall (s)",
            "statement (s)",
            "peak RSS (MiB)",
            "vs mlflow-lite",
        ]
        return "\n".join(
            [
                f"## 1. Import and first call (median of {imp['repeats']} fresh processes each)",
                "",
                table(header, rows),
                "",
                f"- `import mlflow_lite` / `import httpx`, statement time: {self.mark(T_IMPORT_TIME)}",
                f"- peak RSS, `import mlflow_lite` minus `import httpx`: {self.mark(T_IMPORT_RSS)}",
                f"- mlflow-skinny {SKINNY_3}'s `from mlflow import MlflowClient` / `import mlflow_lite`: "
                f"{self.mark(T_IMPORT_SKINNY)}",
            ]
        )

    def first_call(self) -> str:
        first = self.results["first_call"]
        lite = first["mlflow_lite"]
        rows = []
        for key in FIRST_CALLS:
            if key not in first:
                continue
            fig = first[key]
            rows.append(
                [
                    fig["label"],
                    f"{fig['wall_s']:.3f}",
                    f"{fig['import_s']:.3f}",
                    f"{fig['client_s']:.3f}",
                    f"{fig['call_s']:.3f}",
                    f"{fig['first_call_s']:.3f}",
                    f"{ratio(fig['first_call_s'], lite['first_call_s']):.1f}x",
                    f"{fig['peak_rss_mib']:.1f}",
                    f"{fig['verified']['found']}/{fig['verified']['expected']}",
                ]
            )
        header = [
            "client",
            "process wall (s)",
            "import (s)",
            "client (s)",
            "one log_metric (s)",
            "first call (s)",
            "vs mlflow-lite",
            "peak RSS (MiB)",
            "read back",
        ]
        return "\n".join(
            [
                "First call, in a fresh process against a run created beforehand: raw httpx (`import httpx`, "
                "`httpx.Client(base_url=url)`, one POST to runs/log-metric), mlflow-lite (`import mlflow_lite`, "
                "`TrackingClient(url)`, `log_metric`) and MLflow's client (`from mlflow import MlflowClient`, "
                '`MlflowClient(url)`, `log_metric`). "first call" is the three steps\' own time in the process; '
                "the process wall adds the interpreter's start and exit.",
                "",
                table(header, rows),
                "",
                f"- first call, mlflow_lite / raw httpx (our own target): {self.mark(T_FIRST_HTTPX)}",
                f"- first call, mlflow-skinny {SKINNY_3} / mlflow_lite (our own target): {self.mark(T_FIRST_SKINNY)}",
            ]
        )

    def unbuffered(self) -> str:
        unb = self.results["unbuffered"]
        raw = unb["httpx"]
        rows = []
        for name, label in (
            ("mlflow_lite", "mlflow_lite `TrackingClient.log_metric`"),
            ("httpx", "raw `httpx.Client.post`"),
            ("mlflow_skinny_3", f"mlflow-skinny {SKINNY_3} `MlflowClient.log_metric`"),
            ("mlflow_full", f"MLflow {MLFLOW_VERSION} (full) `MlflowClient.log_metric`"),
        ):
            if name not in unb:
                continue
            fig = unb[name]
            rows.append(
                [
                    label,
                    f"{fig['cpu_us_per_call']:.0f}",
                    f"{ratio(fig['cpu_us_per_call'], raw['cpu_us_per_call']):.2f}x",
                    f"{fig['wall_ms_per_call']:.2f}",
                    f"{ratio(fig['wall_ms_per_call'], raw['wall_ms_per_call']):.2f}x",
                    samples_of(fig, "cpu_us_per_call", ".0f"),
                ]
            )
        header = ["client", "CPU / call (µs)", "CPU vs httpx", "wall / call (ms)", "wall vs httpx", "CPU samples (µs)"]
        return "\n".join(
            [
                f"## 2. Unbuffered `log_metric` ({unb['calls']} calls per round and client; median of "
                f"{unb['rounds']} alternating rounds, MLflow's clients of {unb['repeats']} processes)",
                "",
                table(header, rows),
                "",
                f"- client CPU per call, mlflow_lite / httpx: {self.mark(T_CPU)}",
            ]
        )

    def bulk(self) -> str:
        bulk = self.results["bulk"]
        lb = bulk["mlflow_lite_buffered"]
        rows = [
            self.load_row(f"mlflow_lite, buffered (median of {bulk['repeats']})", bulk, "mlflow_lite_buffered", lb),
            self.load_row(
                f"raw httpx floor ({bulk['httpx_floor']['requests']} log-batch requests)", bulk, "httpx_floor", lb
            ),
        ]
        for name, label in (("mlflow_sync", "synchronous"), ("mlflow_async", "synchronous=False")):
            fig = bulk[name]
            rows.append(
                [
                    f"MLflow {MLFLOW_VERSION} client, {label} ({fig['calls']:,} calls, scaled)",
                    f"{fig['scaled_wall_s']:.2f}",
                    f"{fig['wall_us_per_value']:.1f}",
                    f"{ratio(fig['scaled_wall_s'], lb['wall_s']):.2f}x",
                    "",
                    f"{fig['verified']['found']:,}/{fig['verified']['expected']:,}",
                ]
            )
        return "\n".join(
            [
                f"## 3. Bulk: {bulk['values']:,} values, one `log_metric` call each",
                "",
                table(self.load_header(bulk["values"]), rows),
                "",
                f"- mlflow_lite's caller spent {lb['caller_s']:.2f} s in the `log_metric` loop (the rest was the "
                f"final flush); CPU {lb['cpu_us_per_value']:.1f} µs/value (all threads)",
                f"- vs MLflow synchronous: {self.mark(T_SYNC)}",
                f"- vs MLflow synchronous=False: {self.mark(T_ASYNC)}",
                f"- vs the raw floor: {self.mark(T_FLOOR)}",
                f"- client CPU per value vs the raw floor's ({bulk['httpx_floor']['cpu_us_per_value']:.1f} µs): "
                f"{self.mark(T_CPU_BUFFERED)}; with a spool journal (the journal phase, "
                f"{self.results['journal']['mlflow_lite_journaled']['cpu_us_per_value']:.1f} µs): "
                f"{self.mark(T_CPU_JOURNALED)}",
            ]
        )

    @staticmethod
    def load_header(values: int) -> list[str]:
        return [
            "client",
            f"wall for {values:,} values (s)",
            "wall / value (µs)",
            "vs mlflow-lite",
            "process peak RSS (MiB)",
            "read back",
        ]

    @staticmethod
    def load_row(label: str, section: dict[str, Any], name: str, lite: dict[str, Any]) -> list[str]:
        fig = section[name]
        return [
            f"{label}; samples {samples_of(fig, 'wall_s', '.1f')} s",
            f"{fig['wall_s']:.2f}",
            f"{fig['wall_us_per_value']:.1f}",
            f"{ratio(fig['wall_s'], lite['wall_s']):.2f}x",
            f"{fig['peak_rss_mib']:.1f}",
            f"{fig['verified']['found']:,}/{fig['verified']['expected']:,} in {fig['verified']['runs']} runs",
        ]

    def scale(self) -> str:
        scale, bulk = self.results["scale"], self.results["bulk"]
        lite = scale["mlflow_lite_buffered"]
        rows = [
            self.load_row("mlflow_lite, buffered", scale, "mlflow_lite_buffered", lite),
            self.load_row(
                f"raw httpx floor ({scale['httpx_floor']['requests']:,} requests)", scale, "httpx_floor", lite
            ),
        ]
        return "\n".join(
            [
                f"## 3b. Scale: {scale['values']:,} values, one `log_metric` call each, in a fresh process "
                f"(median of {scale['repeats']})",
                "",
                table(self.load_header(scale["values"]), rows),
                "",
                f"- vs the raw floor: {self.mark(T_SCALE)}",
                f"- memory: the process logging {scale['values']:,} values peaked at {lite['peak_rss_mib']:.1f} MiB, "
                f"the one logging {bulk['values']:,} at {bulk['mlflow_lite_buffered']['peak_rss_mib']:.1f} MiB: "
                f"{self.mark(T_SCALE_RSS)} (the floor's: {scale['floor_rss_growth_mib']:+.1f} MiB)",
                "- read back: every history in full with `get_metric_history` (one answer per run from a 2.x "
                "server), every step 0..n-1 present once with the value logged",
            ]
        )

    def concurrency(self) -> str:
        conc = self.results["concurrency"]
        values = conc["runs"] * conc["calls_per_run"]
        rows = [
            ["one run after another", f"{conc['sequential_s']:.2f}", f"{values / conc['sequential_s']:.0f}", "1.00x"],
            [
                "all runs at once (asyncio.gather)",
                f"{conc['concurrent_s']:.2f}",
                f"{values / conc['concurrent_s']:.0f}",
                f"{conc['speedup']:.2f}x (samples {samples_of(conc, 'speedup')})",
            ],
        ]
        verified = conc["verified"]
        return "\n".join(
            [
                f"## 4. Concurrency: `AsyncTrackingClient`, {conc['runs']} runs x {conc['calls_per_run']} "
                f"unbuffered `log_metric` calls (median of {conc['repeats']})",
                "",
                table(["mode", "wall (s)", "requests / s", "speed-up"], rows),
                "",
                f"- read back: {verified['found']:,} values in {verified['runs']} runs, every one as logged; the "
                f"server has {self.results['meta']['server_workers']} workers",
            ]
        )

    def stores_header(self) -> str:
        meta = self.results["meta"]
        return (
            f"# mlflow-lite bench, the S3 store phase alone{' (--quick)' if meta['quick'] else ''}\n\n"
            f"Python {meta['python']}, {meta['cpus']} CPUs, load average {meta['load_before']} before / "
            f"{meta['load_after']} after; {meta['elapsed_s'] / 60:.1f} min. Every figure is the median of "
            f"{meta['sizes']['repeats']} interleaved repetitions; every sample is in the JSON."
        )

    def stores(self) -> str:
        st = self.results["stores"]
        rows = []
        for side, label in (
            ("mlflow_lite", "mlflow-lite (obstore)"),
            ("mlflow", f"MLflow {MLFLOW_CLIENT_VERSION} `MlflowClient` (boto3)"),
        ):
            fig = st[side]
            rows.append(
                [
                    label,
                    f"{fig['upload_s']:.2f} ({samples_of(fig, 'upload_s', '.1f')})",
                    f"{fig['upload_mib_s']:.0f}",
                    f"{fig['download_s']:.2f} ({samples_of(fig, 'download_s', '.1f')})",
                    f"{fig['download_mib_s']:.0f}",
                    f"{fig['upload_peak_rss_mib']:.0f}",
                    f"{fig['peak_rss_mib']:.0f}",
                    f"`{fig['python']}`",
                ]
            )
        header = [
            "client",
            "upload (s; samples)",
            "upload MiB/s",
            "download (s; samples)",
            "download MiB/s",
            "peak RSS after upload (MiB)",
            "peak RSS (MiB)",
            "interpreter",
        ]
        cross = st["cross_check"]
        both = cross["mlflow_lite_reads_mlflow"] and cross["mlflow_reads_mlflow_lite"]
        return "\n".join(
            [
                f"## 5. S3 store: {st['file_mib']:,} MiB up (`log_artifact`) and down (`download_artifacts`), "
                f"each in a fresh process (median of {st['repeats']})",
                "",
                f"{st['server']}. moto is one Python process on this machine, so the figures are of each client with "
                "moto, not with a cloud store: moto answers every ranged GET by copying the whole object and slicing "
                "it, and boto3 downloads a large object in ranged parts (obstore in one streamed GET).",
                "",
                table(header, rows),
                "",
                f"- MLflow's client / mlflow-lite, wall: upload {st['upload_speedup_vs_mlflow']:.2f}x, download "
                f"{st['download_speedup_vs_mlflow']:.2f}x",
                f"- every download is the uploaded file (SHA-256 {st['sha256'][:16]}...); cross-check, untimed: "
                + (
                    "mlflow-lite downloaded what MLflow's client uploaded and the reverse, the same bytes"
                    if both
                    else "not complete"
                ),
                f"- memory: {self.mark(T_STORE_RSS)}",
            ]
        )

    def targets(self) -> str:
        rows = [
            [row["target"], f"{row['measured']:.2f}", row["goal"], verdict(row["pass"])]
            for row in self.results["targets"]
        ]
        return "## Targets\n\n" + table(["target", "measured", "goal", "result"], rows)

    def readme(self) -> str:
        """What the README and docs/ quote from this run, as `make figures` writes it there (`make bench` records
        a full run's figures in docs/figures/ at its end)."""
        quoted = figures.summarize_bench(self.results, figures.today(), LABELS)
        journal = f"{quoted['journal']['values']:,} values with a spool journal (the Offline logging page): "
        return "## README table\n\n" + figures.speed_table(quoted) + "\n\n" + journal + figures.journal_cost(quoted)

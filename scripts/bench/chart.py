"""The chart of `make bench` (`docs/bench.png`): import time and memory, the first call, log_metric's CPU, the
scale load's time and the bulk and scale loads' memory, a bar per client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.common import LABELS

LITE_COLOR = "#1f77b4"
OTHER_COLOR = "#b0b0b0"
FLOOR_COLOR = "#5a5a5a"


def draw_chart(results: dict[str, Any], path: Path) -> None:
    """Six panels: import time and memory, first call, log_metric CPU, and the 1M bulk (time, memory)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    imp, first, unb, scale, bulk = (results[k] for k in ("import", "first_call", "unbuffered", "scale", "bulk"))
    keys = ["httpx", "mlflow_lite", "mlflow_skinny_3", "mlflow_skinny_2", "mlflow_full"]
    fig, axes = plt.subplots(2, 3, figsize=(16, 9))
    panels: list[tuple[str, dict[str, Any], str, bool]] = [
        ("import: the statement's own time (s, log)", imp, "import_s", True),
        ("import: peak RSS of the process (MiB)", imp, "peak_rss_mib", False),
        ("first call: import + client + one log_metric (s, log)", first, "first_call_s", True),
        ("unbuffered log_metric: client CPU per call (µs)", unb, "cpu_us_per_call", False),
    ]
    for ax, (title, section, figure, log) in zip(axes.flat, panels, strict=False):
        present = [key for key in keys if key in section]
        labels = [chart_label(LABELS[key]) for key in present]
        values = [section[key][figure] for key in present]
        colors = [LITE_COLOR if key == "mlflow_lite" else OTHER_COLOR for key in present]
        bars(ax, title, labels, values, colors, log=log)
    n_bulk, n_scale = f"{bulk['values']:,}", f"{scale['values']:,}"
    lite, floor = scale["mlflow_lite_buffered"], scale["httpx_floor"]
    bars(
        axes[1][1],
        f"{n_scale} values, one log_metric call each: wall (s)",
        ["raw log-batch floor\n(httpx)", "mlflow-lite\nbuffered"],
        [floor["wall_s"], lite["wall_s"]],
        [FLOOR_COLOR, LITE_COLOR],
    )
    labels = [f"mlflow-lite\n{n_bulk}", f"mlflow-lite\n{n_scale}", f"floor\n{n_bulk}", f"floor\n{n_scale}"]
    values = [
        bulk["mlflow_lite_buffered"]["peak_rss_mib"],
        lite["peak_rss_mib"],
        bulk["httpx_floor"]["peak_rss_mib"],
        floor["peak_rss_mib"],
    ]
    bars(
        axes[1][2], "bulk: peak RSS of the logging process (MiB)", labels, values, [LITE_COLOR] * 2 + [FLOOR_COLOR] * 2
    )
    meta = results["meta"]
    fig.suptitle(
        f"mlflow-lite bench: MLflow {meta['mlflow_server']} server, {meta['cpus']} CPUs, Python {meta['python']} "
        f"(medians of {meta['sizes']['repeats']}-{meta['sizes']['probe_repeats']} repetitions)"
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def chart_label(label: str) -> str:
    return label.replace(" (full)", "\n(full)").replace("mlflow-skinny ", "skinny\n")


def bars(ax: Any, title: str, labels: list[str], values: list[float], colors: list[str], *, log: bool = False) -> None:
    """One panel: a bar per client, its value written on top."""
    from matplotlib.ticker import FuncFormatter, NullFormatter

    positions = range(len(values))
    ax.bar(positions, values, color=colors)
    ax.set_xticks(list(positions), labels, fontsize=8)
    ax.set_title(title, fontsize=10)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(bottom=min(values) / 3)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
    for x, value in zip(positions, values, strict=True):
        text = f"{value:.3g}" if value < 1000 else f"{value:,.0f}"
        ax.annotate(text, (x, value), ha="center", va="bottom", fontsize=8)

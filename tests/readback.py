"""Typed reads of what a real server stored, for the reliability tests (the generated models' fields are
unions with `Unset` for the type checker; at the wrapper's surface they are plain values)."""

from __future__ import annotations

import math

from mlflow_lite import Run, TrackingClient

__all__ = ["history", "params", "rid", "same_value", "status", "tags"]


def rid(run: Run) -> str:
    return str(run.info.run_id)  # type: ignore[union-attr]


def status(run: Run) -> str:
    return str(run.info.status)  # type: ignore[union-attr]


def params(run: Run) -> dict[str, str]:
    return {str(p.key): str(p.value) for p in run.data.params}  # type: ignore[union-attr]


def tags(run: Run) -> dict[str, str]:
    return {str(t.key): str(t.value) for t in run.data.tags}  # type: ignore[union-attr]


def history(client: TrackingClient, run_id: str, key: str) -> list[tuple[int, int, float]]:
    """(step, timestamp, value) of every stored point, sorted."""
    points = client.get_metric_history(run_id, key)
    return sorted((int(m.step), int(m.timestamp), float(m.value)) for m in points)  # type: ignore[arg-type]


def same_value(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))

"""Reads of what a real server stored, for the reliability tests."""

from __future__ import annotations

import math

from mlflow_lite import Run, TrackingClient

__all__ = ["history", "params", "rid", "same_value", "status", "tags"]


def rid(run: Run) -> str:
    return run.info.run_id


def status(run: Run) -> str:
    return run.info.status


def params(run: Run) -> dict[str, str]:
    return run.data.params


def tags(run: Run) -> dict[str, str]:
    return run.data.tags


def history(client: TrackingClient, run_id: str, key: str) -> list[tuple[int, int, float]]:
    """(step, timestamp, value) of every stored point, sorted."""
    return sorted((m.step, m.timestamp, m.value) for m in client.get_metric_history(run_id, key))


def same_value(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))

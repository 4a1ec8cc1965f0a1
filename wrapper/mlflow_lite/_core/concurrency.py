"""The primitives the background workers wait with, in a sync flavour (here: threads) and an async one
(`_core.async_concurrency`: tasks) of one interface, so that a worker is written once in `_async/` and its sync
twin generated (`scripts/unasync.py` renames `AsyncX` to `X` and `async_x` to `x`).

A worker is a thread in sync code and a task of the running loop in async code; a condition is a
`threading.Condition` or an `asyncio.Condition`, whose `wait` says whether it was woken rather than timed out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["Condition", "Lock", "Worker", "checkpoint", "run_blocking"]

T = TypeVar("T")

# `threading.Condition` has the interface already: `with`, `wait(timeout) -> bool`, `notify_all()`.
Condition = threading.Condition

# A condition's own lock, for a hot path that only needs the lock: `with lock` is a C call, `with condition` a
# Python one around it (half the cost of a buffered `log_metric`'s locking).
Lock = threading.Lock


class Worker:
    """`target` running in a daemon thread (a script's end is not held up by it: the exit hook of
    `_durable.worker` closes what is still open)."""

    def __init__(self, target: Callable[[], None], *, name: str) -> None:
        self._thread = threading.Thread(target=target, name=name, daemon=True)
        self._thread.start()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)


def checkpoint() -> None:
    """Nothing to do: other threads run whenever they can."""


def run_blocking(function: Callable[[], T]) -> T:
    return function()

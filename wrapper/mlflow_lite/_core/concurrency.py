"""The primitives the background workers wait with, in an async and a sync flavour of one interface, so that
a worker is written once in `_async/` and its sync twin generated (`scripts/unasync.py` renames `AsyncX` to
`X` and `async_x` to `x`).

A worker is a thread in sync code and a task of the running loop in async code; a condition is a
`threading.Condition` or an `asyncio.Condition`, whose `wait` says whether it was woken rather than timed out.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = [
    "AsyncCondition",
    "AsyncLock",
    "AsyncWorker",
    "Condition",
    "Lock",
    "Worker",
    "async_checkpoint",
    "async_run_blocking",
    "checkpoint",
    "run_blocking",
]

T = TypeVar("T")


class AsyncCondition(asyncio.Condition):
    """`asyncio.Condition` with the interface of `threading.Condition`: `wait(timeout)` says whether it was
    woken (False: the time ran out)."""

    async def wait(self, timeout: float | None = None) -> bool:  # type: ignore[override]  # noqa: ASYNC109
        if timeout is None:
            return await super().wait()
        try:
            return await asyncio.wait_for(super().wait(), timeout)
        except TimeoutError:
            return False


# `threading.Condition` has the interface already: `with`, `wait(timeout) -> bool`, `notify_all()`.
Condition = threading.Condition

# A condition's own lock, for a hot path that only needs the lock: `with lock` is a C call, `with condition` a
# Python one around it (half the cost of a buffered `log_metric`'s locking).
AsyncLock = asyncio.Lock
Lock = threading.Lock


class AsyncWorker:
    """`target` running as a task of the running event loop."""

    def __init__(self, target: Callable[[], Awaitable[None]], *, name: str) -> None:
        async def run() -> None:
            await target()

        self._task = asyncio.get_running_loop().create_task(run(), name=name)

    def alive(self) -> bool:
        return not self._task.done()

    async def join(self, timeout: float | None = None) -> None:  # noqa: ASYNC109 - the threading interface
        """Wait for the task to end (at most `timeout` seconds: then it goes on by itself)."""
        await asyncio.wait({self._task}, timeout=timeout)
        if self._task.done() and not self._task.cancelled() and self._task.exception() is not None:
            raise self._task.exception()  # type: ignore[misc]


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


async def async_checkpoint() -> None:
    """Let other tasks run (an uncontended asyncio lock never yields)."""
    await asyncio.sleep(0)


def checkpoint() -> None:
    """Nothing to do: other threads run whenever they can."""


async def async_run_blocking(function: Callable[[], T]) -> T:
    """A blocking call (an fsync, say), off the event loop."""
    return await asyncio.to_thread(function)


def run_blocking(function: Callable[[], T]) -> T:
    return function()

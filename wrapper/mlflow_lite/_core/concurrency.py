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
from types import TracebackType
from typing import TypeVar

__all__ = [
    "AsyncCondition",
    "AsyncWorker",
    "Condition",
    "Worker",
    "async_checkpoint",
    "async_run_blocking",
    "checkpoint",
    "run_blocking",
]

T = TypeVar("T")


class AsyncCondition:
    """`asyncio.Condition` whose `wait(timeout)` returns False when the time ran out."""

    def __init__(self) -> None:
        self._cond = asyncio.Condition()

    async def __aenter__(self) -> None:
        await self._cond.acquire()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._cond.release()

    async def wait(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109 - the threading interface
        if timeout is None:
            await self._cond.wait()
            return True
        try:
            await asyncio.wait_for(self._cond.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def notify_all(self) -> None:
        self._cond.notify_all()


class Condition:
    """`threading.Condition`, with the interface of `AsyncCondition`."""

    def __init__(self) -> None:
        self._cond = threading.Condition()

    def __enter__(self) -> None:
        self._cond.acquire()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._cond.release()

    def wait(self, timeout: float | None = None) -> bool:
        return self._cond.wait(timeout)

    def notify_all(self) -> None:
        self._cond.notify_all()


class AsyncWorker:
    """`target` running as a task of the running event loop."""

    def __init__(self, target: Callable[[], Awaitable[None]], *, name: str) -> None:
        async def run() -> None:
            await target()

        self._task = asyncio.get_running_loop().create_task(run(), name=name)

    def alive(self) -> bool:
        return not self._task.done()

    async def join(self) -> None:
        await self._task


class Worker:
    """`target` running in a daemon thread (a script's end is not held up by it: the exit hook of
    `_durable.worker` closes what is still open)."""

    def __init__(self, target: Callable[[], None], *, name: str) -> None:
        self._thread = threading.Thread(target=target, name=name, daemon=True)
        self._thread.start()

    def alive(self) -> bool:
        return self._thread.is_alive()

    def join(self) -> None:
        self._thread.join()


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

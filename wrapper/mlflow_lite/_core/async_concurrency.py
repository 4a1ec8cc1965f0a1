"""The asyncio flavour of `_core.concurrency`'s primitives: the same interface, for the workers of `_async/`
(`scripts/unasync.py` turns `_core.async_concurrency` into `_core.concurrency`, `AsyncX` into `X` and
`async_x` into `x`). A module of its own so that sync code never imports asyncio (several milliseconds of a
process's first run)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

__all__ = ["AsyncCondition", "AsyncLock", "AsyncWorker", "async_checkpoint", "async_run_blocking"]

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


# A condition's own lock, for a hot path that only needs the lock (see `_core.concurrency.Lock`).
AsyncLock = asyncio.Lock


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


async def async_checkpoint() -> None:
    """Let other tasks run (an uncontended asyncio lock never yields)."""
    await asyncio.sleep(0)


async def async_run_blocking(function: Callable[[], T]) -> T:
    """A blocking call (an fsync, say), off the event loop."""
    return await asyncio.to_thread(function)

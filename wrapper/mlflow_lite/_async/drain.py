"""A journaled run's drain: the caller's logging calls are written to the run's journal (never waiting for the
server: the disk is the buffer) and delivered from it by a worker, step by step as `Delivery` says (see
`_durable.delivery`, whose `DrainState` makes every decision here)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from .._core.async_concurrency import AsyncCondition, AsyncLock, AsyncWorker, async_run_blocking
from .._durable.delivery import FLUSH_PATIENCE, DrainState, Journal, Step
from .._errors import MlflowError

# sync only: from .._durable.worker import close_at_exit, closed_before_exit
from .._ops.validate import MetricEntry

if TYPE_CHECKING:
    from .._core.context import Context
    from .._core.effects import Op
    from .._entities import Run

__all__ = ["AsyncDrain"]


class AsyncDrain(DrainState):
    """Delivers a journaled run with `drive` (the client's), from a worker (a task; in `_sync`, a daemon thread)."""

    def __init__(
        self,
        journal: Journal,
        drive: Callable[[Op[Any]], Awaitable[Any]],
        cx: Context,
        *,
        name: str,
        flush_interval: float,
        on_created: Callable[[Run], None],
    ) -> None:
        super().__init__(journal, cx, flush_interval)
        self._drive = drive
        self._on_created = on_created
        # `add`, which runs at every value logged, takes the lock alone (cheaper than through the condition); it
        # is also what keeps the journal's writer to one thread at a time (see `JournalWriter`).
        self._lock = AsyncLock()
        self._cond = AsyncCondition(self._lock)
        self._worker = AsyncWorker(self._loop, name=name)
        # sync only: close_at_exit(self)

    async def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        async with self._lock:  # the condition's lock
            self._admit()
            if self._append(metrics, params, tags):
                self._cond.notify_all()

    async def add_metric(self, entry: MetricEntry) -> None:
        """`add((entry,))`, the short way: one metric value, what most logging calls are."""
        async with self._lock:
            self._admit()
            if self._append_metric(entry):
                self._cond.notify_all()

    async def flush(self) -> None:
        """Deliver what was logged so far; returns early, the values safe in the journal, when the server is
        away (a try failed) or makes no progress for `FLUSH_PATIENCE` seconds; raises a refusal of the
        server's, if any."""
        async with self._cond:
            outages, self._hurry = self._outages, True
            self._cond.notify_all()
            patience = self._patience()
            while self._waiting_for(outages) and self._worker.alive():
                left = patience.left(self._steps_done, time.monotonic())
                if left <= 0:
                    break  # the drain goes on in the background
                await self._cond.wait(left)
            self._raise_error()

    async def end(self, status: str, end_time: int) -> bool:
        """Write the run's end to the journal and deliver everything; whether it was delivered now (False: the
        server is away, and the drain or `sync` delivers it later). Raises `ValuesRefused` when the server
        refused some of the run's values for good (kept in the `.refused` file; the run ends FAILED), even when
        each refusal was raised before: the end is where a caller decides whether the run succeeded."""
        async with self._cond:
            self._mark_end(status, end_time)
        error: MlflowError | None = None
        try:
            await self.flush()
        except MlflowError as exc:
            error = exc
        refused = self._refusals()
        if refused is not None:
            raise refused from error
        if error is not None:
            raise error
        return self._delivery.finished

    async def aclose(self) -> None:
        """Deliver what can be delivered now (nothing more is tried while the server is known to be away), then
        stop (at the client's `close()`, and for sync runs at exit). A request stuck on a server that does not
        answer is not waited for past `FLUSH_PATIENCE`: what it carries stays in the journal."""
        try:
            if not self._backoff:
                await self.flush()
        finally:
            async with self._cond:
                self._closing = True
                self._cond.notify_all()
            await self._worker.join(FLUSH_PATIENCE)
            # sync only: closed_before_exit(self)

    async def _loop(self) -> None:
        try:
            await self._steps()
        except Exception as exc:  # a bug or a full disk: said at the caller's next call, the journal kept
            async with self._cond:
                self._broken(exc)
                self._cond.notify_all()

    async def _steps(self) -> None:
        while True:
            step: Step | None = None
            async with self._cond:
                wait = self._pause(time.monotonic())
                if wait is not None and wait < 0:
                    self._finish()
                    self._cond.notify_all()
                    return
                if wait is not None:
                    self._asleep = True
                    woken = await self._cond.wait(wait)
                    self._asleep = False
                    if not woken:
                        self._timed_out()
                else:
                    step = self._delivery.next_step()
                    if step is None:
                        self._idle()
                        self._cond.notify_all()
                run_id, seq = self._delivery.run_id, self._writer.last_seq
            if self._fsync_due():
                # What the caller logged survives a machine crash from here on (off the event loop).
                await async_run_blocking(self._writer.fsync)
                self._fsynced(seq)
            if step is None:
                continue
            result: Any = None
            error: BaseException | None = None
            try:
                result = await self._drive(step.op(self._step_context(), run_id))
            except Exception as exc:
                error = exc
            async with self._cond:
                self._outcome(step, result, error)
                self._cond.notify_all()
            if step.kind == "create" and error is None:
                self._on_created(result)

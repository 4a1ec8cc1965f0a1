"""Buffered logging: many `log_metric`/`log_param`/`set_tag` calls merged into few log-batch requests.

`LogBuffer` holds the pending entries and cuts them into batches within the server's limits, in order; it does
no I/O. `ThreadSender` (sync runs) and `TaskSender` (async runs) drain it in the background, by size (a full
batch goes at once) and by time (`flush_interval`). Memory is bounded: a caller that gets `max_pending`
entries ahead of the server waits. A failed send is kept and raised at the caller's next call, `flush()` or
`end()`: nothing is dropped silently.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from .._core.settings import DEFAULT_FLUSH_INTERVAL
from .._errors import InvalidParameterValue
from .._ops.validate import (
    MAX_ENTITIES_PER_BATCH,
    MAX_METRICS_PER_BATCH,
    MAX_PARAMS_TAGS_PER_BATCH,
    Batch,
    MetricEntry,
)

__all__ = [
    "DEFAULT_FLUSH_INTERVAL",
    "DEFAULT_MAX_PENDING",
    "LogBuffer",
    "TaskSender",
    "ThreadSender",
    "close_at_exit",
    "closed_before_exit",
    "new_params",
]

DEFAULT_MAX_PENDING = 10_000  # entries: ten full requests ahead of the server at most


class LogBuffer:
    """Pending entries of one run, in the order they were logged."""

    def __init__(self) -> None:
        self._metrics: deque[MetricEntry] = deque()
        self._params: deque[tuple[str, str]] = deque()
        self._tags: deque[tuple[str, str]] = deque()
        self._params_logged: dict[str, str] = {}  # see `new_params`

    def __len__(self) -> int:
        return len(self._metrics) + len(self._params) + len(self._tags)

    def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._params.extend(new_params(self._params_logged, params))
        self._metrics.extend(metrics)
        self._tags.extend(tags)

    def full(self) -> bool:
        """Whether a whole request's worth is waiting."""
        return (
            len(self._metrics) >= MAX_METRICS_PER_BATCH
            or len(self._params) >= MAX_PARAMS_TAGS_PER_BATCH
            or len(self._tags) >= MAX_PARAMS_TAGS_PER_BATCH
            or len(self) >= MAX_ENTITIES_PER_BATCH
        )

    def take(self) -> Batch | None:
        """The oldest entries that fit one log-batch request, or None when empty."""
        if not self:
            return None
        params = [self._params.popleft() for _ in range(min(len(self._params), MAX_PARAMS_TAGS_PER_BATCH))]
        tags = [self._tags.popleft() for _ in range(min(len(self._tags), MAX_PARAMS_TAGS_PER_BATCH))]
        room = min(MAX_METRICS_PER_BATCH, MAX_ENTITIES_PER_BATCH - len(params) - len(tags))
        metrics = [self._metrics.popleft() for _ in range(min(len(self._metrics), room))]
        return Batch(tuple(metrics), tuple(params), tuple(tags))


def new_params(logged: dict[str, str], params: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The params not logged before, now recorded in `logged` (key to value). Params never change in MLflow: a
    second, different value is refused here, at the call that made it, rather than by the server later."""
    params = list(params)
    for key, value in params:
        old = logged.get(key)
        if old is not None and old != value:
            raise InvalidParameterValue(
                f"param {key!r} was logged as {old!r}; MLflow params cannot change (got {value!r})"
            )
    fresh = [(key, value) for key, value in params if key not in logged]
    logged.update(fresh)
    return fresh


class _SenderState:
    """What both senders decide, whatever they wait with: the pending entries, the first failure not yet
    reported, and whether a flush or the end was asked for. Callers hold the sender's condition."""

    def __init__(self, flush_interval: float, max_pending: int) -> None:
        self._buffer = LogBuffer()
        self._flush_interval = flush_interval
        self._max_pending = max_pending
        self._error: BaseException | None = None
        self._in_flight = False
        self._flushing = False
        self._closed = False

    def _raise_error(self) -> None:
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _admit(self) -> None:
        """Before taking more: report a failure, refuse a run that has ended."""
        self._raise_error()
        if self._closed:
            raise InvalidParameterValue("this run has ended; nothing more can be logged to it")

    def _over_limit(self) -> bool:
        # The server is behind: the caller waits rather than the buffer growing without limit.
        return len(self._buffer) >= self._max_pending and self._error is None

    def _busy(self) -> bool:
        """Whether a flush still has to wait: entries pending or a request under way, and nothing failed."""
        return bool(self._buffer or self._in_flight) and self._error is None

    def _finished(self) -> bool:
        return self._closed and not self._buffer

    def _idle(self) -> bool:
        """Whether the sender should wait: nothing to send, or a partial batch that may still fill (it goes
        after the flush interval, at a flush, or at the end)."""
        return not self._buffer or not (self._buffer.full() or self._flushing or self._closed)

    def _next_batch(self) -> Batch | None:
        batch = self._buffer.take()
        self._in_flight = batch is not None
        return batch


class ThreadSender(_SenderState):
    """Drains a `LogBuffer` from a daemon thread, one request at a time (so order holds)."""

    def __init__(
        self,
        send: Callable[[Batch], None],
        *,
        name: str,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        super().__init__(flush_interval, max_pending)
        self._send = send
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()
        close_at_exit(self)

    def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        with self._cond:
            self._admit()
            while self._over_limit():
                self._cond.wait()
            self._raise_error()
            self._buffer.add(metrics, params, tags)
            if self._buffer.full():
                self._cond.notify_all()

    def flush(self) -> None:
        """Send everything logged so far; raise the first failure, if any."""
        with self._cond:
            self._flushing = True
            self._cond.notify_all()
            while self._busy() and self._thread.is_alive():
                self._cond.wait()
            self._flushing = False
            self._raise_error()

    def close(self) -> None:
        """Flush, then stop the thread."""
        try:
            self.flush()
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()
            self._thread.join()
            closed_before_exit(self)

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._finished():
                    return
                if self._idle():
                    self._cond.wait(self._flush_interval)
                batch = self._next_batch()
                if batch is None:
                    continue
                self._cond.notify_all()  # room in the buffer again
            try:
                self._send(batch)
            except BaseException as exc:
                with self._cond:
                    self._error = self._error or exc
            finally:
                with self._cond:
                    self._in_flight = False
                    self._cond.notify_all()


class TaskSender(_SenderState):
    """The asyncio twin of `ThreadSender`: drains the buffer from a task of the running loop."""

    def __init__(
        self,
        send: Callable[[Batch], Awaitable[None]],
        *,
        name: str,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        super().__init__(flush_interval, max_pending)
        self._send = send
        self._cond = asyncio.Condition()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name=name)

    async def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        async with self._cond:
            self._admit()
            while self._over_limit():
                await self._cond.wait()
            self._raise_error()
            self._buffer.add(metrics, params, tags)
            full = self._buffer.full()
            if full:
                self._cond.notify_all()
        if full:
            # An uncontended lock never yields: let the sender start on the full batch now.
            await asyncio.sleep(0)

    async def flush(self) -> None:
        async with self._cond:
            self._flushing = True
            self._cond.notify_all()
            while self._busy() and not self._task.done():
                await self._cond.wait()
            self._flushing = False
            self._raise_error()

    async def close(self) -> None:
        try:
            await self.flush()
        finally:
            async with self._cond:
                self._closed = True
                self._cond.notify_all()
            await self._task

    async def _loop(self) -> None:
        while True:
            async with self._cond:
                if self._finished():
                    return
                if self._idle():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._cond.wait(), self._flush_interval)
                batch = self._next_batch()
                if batch is None:
                    continue
                self._cond.notify_all()
            try:
                await self._send(batch)
            except Exception as exc:
                self._error = self._error or exc
            finally:
                async with self._cond:
                    self._in_flight = False
                    self._cond.notify_all()


class Closable(Protocol):
    def close(self) -> None: ...


# Buffered sync runs still open at interpreter exit are flushed then: values logged just before a script ends
# are sent, as MLflow's own async logging does (journaled runs' drains too, see `_spool`). Async runs end with
# their event loop; `async with` ends them.
_LIVE: weakref.WeakSet[Closable] = weakref.WeakSet()


def close_at_exit(sender: Closable) -> None:
    """Close `sender` at interpreter exit unless it is closed before (then `closed_before_exit`)."""
    _LIVE.add(sender)


def closed_before_exit(sender: Closable) -> None:
    _LIVE.discard(sender)


@atexit.register
def _flush_at_exit() -> None:
    for sender in list(_LIVE):
        try:
            sender.close()
        except Exception as exc:
            import sys

            print(f"mlflow-lite: logging buffered values at exit failed: {exc}", file=sys.stderr)

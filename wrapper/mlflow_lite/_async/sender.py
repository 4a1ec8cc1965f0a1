"""A buffered run's sender: drains the run's `LogBuffer` in the background, by size and by time, with up to
`max_in_flight` requests under way; `flush()` and `close()` wait for it (see `_durable.buffer.SenderState`, which
makes every decision here)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from .._core.async_concurrency import AsyncCondition, AsyncLock, AsyncWorker, async_checkpoint
from .._core.settings import DEFAULT_FLUSH_INTERVAL
from .._durable.buffer import DEFAULT_MAX_PENDING, SenderState

# sync only: from .._durable.worker import close_at_exit, closed_before_exit
from .._ops.validate import Batch, MetricEntry

__all__ = ["AsyncSender"]


class AsyncSender(SenderState):
    """Sends a buffered run's batches with `send`, from a worker (a task; in `_sync`, a daemon thread)."""

    def __init__(
        self,
        send: Callable[[Batch], Awaitable[None]],
        *,
        name: str,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        max_pending: int = DEFAULT_MAX_PENDING,
        max_in_flight: int = 1,
        start_in_flight: int = 1,
    ) -> None:
        super().__init__(flush_interval, max_pending, max_in_flight, start_in_flight)
        self._send = send
        self._name = name
        # `add`, which runs at every value logged, takes the lock alone (cheaper than through the condition).
        self._lock = AsyncLock()
        self._cond = AsyncCondition(self._lock)
        self._worker = AsyncWorker(self._loop, name=name)
        self._helpers: list[AsyncWorker] = []
        # sync only: close_at_exit(self)

    # async only: begin
    # A task of an event loop does not survive a fork: `WorkerState._after_fork` refuses more values.
    # async only: end
    # sync only: def _after_fork(self) -> None:
    # sync only:     """In a forked child: a thread of its own for what the child logs (the parent sends its own)."""
    # sync only:     self._forget_parents_values()
    # sync only:     self._lock = Lock()
    # sync only:     self._cond = Condition(self._lock)
    # sync only:     self._worker = Worker(self._loop, name=self._name)
    # sync only:     self._helpers = []

    async def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        async with self._lock:  # the condition's lock
            if not self._admitted():
                await self._wait_for_room()
            self._buffer.add(metrics, params, tags)
            wake = self._wake()
        if wake:
            await async_checkpoint()  # let the worker start on the full batch now

    async def add_metric(self, entry: MetricEntry) -> None:
        """`add((entry,))`, the short way: one metric value, what most logging calls are. The lock is taken and
        released by hand: `with` would make a bound method of its `__enter__` and of its `__exit__` at every value."""
        lock = self._lock
        await lock.acquire()
        try:
            if not self._admitted():
                await self._wait_for_room()
            if not self._buffer.add_metric(entry):
                return  # most values: no request's worth completed, so no worker to wake (`_wake_for`)
            wake = self._wake()
        finally:
            lock.release()
        if wake:
            await async_checkpoint()

    async def _wait_for_room(self) -> None:
        """A call that may not add at once (`_admitted`): a failure to report, the run over, or the buffer at its
        limit, which the caller waits out (holding the condition's lock)."""
        self._admit()
        while self._over_limit():
            await self._cond.wait()
        self._raise_error()

    def _wake(self) -> bool:
        """After adding: a worker to wake or a helper to start, when the entries call for one (`_wake_for`)."""
        wake = self._wake_for()
        if wake:
            if self._waiting:
                self._cond.notify_all()
            else:
                self._start_helper()
        return wake

    async def flush(self) -> None:
        """Send everything logged so far; raise the first failure, if any."""
        async with self._cond:
            self._flushing = True
            self._cond.notify_all()
            while self._busy() and self._worker.alive():
                await self._cond.wait()
            self._flushing = False
            self._raise_error()

    async def aclose(self) -> None:
        """Flush, then stop the worker (it sends nothing more, even when the flush failed)."""
        try:
            await self.flush()
        finally:
            async with self._cond:
                self._ended = self._stopped = True
                self._cond.notify_all()
            await self._worker.join()
            for helper in self._helpers:
                await helper.join()
            # sync only: closed_before_exit(self)

    async def _loop(self, helper: bool = False) -> None:
        """A worker: the first waits for more to send; a helper leaves when it finds nothing to send now."""
        while True:
            async with self._cond:
                if self._finished() or (helper and self._spare()):
                    if helper:
                        self._hands -= 1
                    return
                if self._idle():
                    self._waiting += 1
                    await self._cond.wait(self._flush_interval)
                    self._waiting -= 1
                going = self._next_batch()
                if going is None:
                    continue
                batch, ticket = going
                if self._more_hands():
                    self._start_helper()
                self._cond.notify_all()  # room in the buffer again
            error: Exception | None = None
            try:
                await self._send(batch)
            except Exception as exc:
                error = exc
            async with self._cond:
                self._sent(batch, ticket, error)
                self._cond.notify_all()

    def _start_helper(self) -> None:
        self._hands += 1
        self._helpers = [worker for worker in self._helpers if worker.alive()]

        async def helper() -> None:
            await self._loop(helper=True)

        self._helpers.append(AsyncWorker(helper, name=f"{self._name}-{self._hands}"))

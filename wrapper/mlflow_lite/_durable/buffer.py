"""Buffered logging: many `log_metric`/`log_param`/`set_tag` calls merged into few log-batch requests.

`LogBuffer` holds the pending entries and cuts them into batches within the server's limits, in order; it does
no I/O. `SenderState` is what a sender decides; the senders themselves (`_async.sender.AsyncSender`, and
`Sender`, generated from it) drain the buffer in the background, by size (a full batch goes at once) and by
time (`flush_interval`). Memory is bounded: a caller that gets `max_pending` entries ahead of the server waits.
A failed send is kept and raised at the caller's next call, `flush()` or `end()`: nothing is dropped silently.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from .._core.settings import DEFAULT_FLUSH_INTERVAL
from .._errors import InvalidParameterValue
from .._ops.validate import (
    MAX_ENTITIES_PER_BATCH,
    MAX_METRICS_PER_BATCH,
    MAX_PARAMS_TAGS_PER_BATCH,
    Batch,
    MetricEntry,
)
from .worker import WorkerState, is_outage

__all__ = ["DEFAULT_FLUSH_INTERVAL", "DEFAULT_MAX_PENDING", "LogBuffer", "SenderState", "new_params"]

DEFAULT_MAX_PENDING = 10_000  # entries: ten full requests ahead of the server at most


class LogBuffer:
    """Pending entries of one run, in the order they were logged."""

    def __init__(self) -> None:
        self._metrics: deque[MetricEntry] = deque()
        self._params: deque[tuple[str, str]] = deque()
        self._tags: deque[tuple[str, str]] = deque()
        self._params_logged: dict[str, str] = {}  # see `new_params`
        self._len = 0  # entries pending: read at every value logged, so kept rather than summed

    def __len__(self) -> int:
        return self._len

    def add(
        self,
        metrics: Iterable[MetricEntry] = (),
        params: Iterable[tuple[str, str]] = (),
        tags: Iterable[tuple[str, str]] = (),
    ) -> None:
        # Most calls log a metric value and nothing else: no work for what they do not log.
        if params:
            self._params.extend(new_params(self._params_logged, params))
        if tags:
            self._tags.extend(tags)
        self._metrics.extend(metrics)
        self._len = len(self._metrics) + len(self._params) + len(self._tags)

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
        self._len -= len(metrics) + len(params) + len(tags)
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


class SenderState(WorkerState):
    """What a sender decides, whatever it waits with: the pending entries, and whether a flush or the end was
    asked for (with the first failure not yet reported, from `WorkerState`). Callers hold the sender's
    condition.

    A batch the server could not take (it was away or overloaded past the retry budget) is kept and goes first
    at the next try, which waits until the caller has been told of the failure (at its next call) and then for
    a flush, the end or a full batch; a batch the server refused is dropped, the caller told, and counted, so
    that the run does not end FINISHED over values it does not have."""

    def __init__(self, flush_interval: float, max_pending: int) -> None:
        super().__init__(flush_interval)
        self._buffer = LogBuffer()
        self._max_pending = max_pending
        self._in_flight = False
        self._flushing = False
        self._unsent: Batch | None = None  # could not be sent (an outage): sent again first
        self._stopped = False  # closed: the worker sends nothing more
        #: Values the server refused for good (each refusal was raised at the caller's next call).
        self.refused = 0

    def _wake_for(self) -> bool:
        """Whether the entries just added should wake the worker: a whole request's worth is waiting, and the
        worker is not sending (after a send it looks at the buffer again by itself). Waking it at every value
        while it sends would cost the caller a notification per value."""
        return not self._in_flight and self._buffer.full()

    def _admitted(self) -> bool:
        """Whether a call may add its entries at once: `_admit` would pass and the buffer has room (one test,
        as it runs at every value logged)."""
        return self._error is None and not self._ended and not self._forked and len(self._buffer) < self._max_pending

    def _over_limit(self) -> bool:
        # The server is behind: the caller waits rather than the buffer growing without limit.
        return len(self._buffer) >= self._max_pending and self._error is None

    def _pending(self) -> bool:
        return bool(self._buffer or self._in_flight or self._unsent)

    def _busy(self) -> bool:
        """Whether a flush still has to wait: entries pending or a request under way, and nothing failed."""
        return self._pending() and self._error is None

    def _finished(self) -> bool:
        return self._stopped or (self._ended and not self._buffer and self._unsent is None)

    def _idle(self) -> bool:
        """Whether the sender should wait: a failure the caller has not been told of yet, nothing to send, or a
        partial batch that may still fill (it goes after the flush interval, at a flush, or at the end)."""
        if self._error is not None:
            return True
        if self._unsent is not None:
            return not (self._flushing or self._ended or self._buffer.full())
        return not self._buffer or not (self._buffer.full() or self._flushing or self._ended)

    def _next_batch(self) -> Batch | None:
        if self._error is not None:  # timed out waiting to be told: not yet
            return None
        batch, self._unsent = (self._unsent, None) if self._unsent is not None else (self._buffer.take(), None)
        self._in_flight = batch is not None
        return batch

    def _sent(self, batch: Batch, exc: Exception | None) -> None:
        """A send is over: kept for the next try (an outage), or counted as refused."""
        self._in_flight = False
        if exc is None:
            return
        self._failed(exc)
        if is_outage(exc):
            self._unsent = batch
        else:
            self.refused += len(batch)

    def _forget_parents_values(self) -> None:
        """In a forked child: what was pending is the parent's (it sends it); the child starts empty."""
        self._buffer = LogBuffer()
        self._in_flight = self._flushing = False
        self._unsent = self._error = None

    def undelivered(self) -> int:
        """Values accepted and not stored: refused by the server, or still unsent."""
        return self.refused + len(self._buffer) + (len(self._unsent) if self._unsent is not None else 0)

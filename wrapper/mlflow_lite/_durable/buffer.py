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
from time import monotonic

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

__all__ = [
    "DEFAULT_FLUSH_INTERVAL",
    "DEFAULT_MAX_PENDING",
    "InFlightLimit",
    "LogBuffer",
    "SenderState",
    "Ticket",
    "new_params",
]

DEFAULT_MAX_PENDING = 10_000  # entries: ten full requests ahead of the server at most

# `LogBuffer.full` counts entries only: a request's worth of metrics is then always a request's worth of entries.
assert MAX_METRICS_PER_BATCH >= MAX_ENTITIES_PER_BATCH


class LogBuffer:
    """Pending entries of one run, in the order they were logged."""

    def __init__(self) -> None:
        # A list, not a deque: a batch takes the oldest up to a thousand at once, and a list gives them up in one
        # slice (most often the whole list, swapped for a new one) where a deque pops them one by one.
        self._metrics: list[MetricEntry] = []
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

    def add_metric(self, entry: MetricEntry) -> bool:
        """`add((entry,))` for one metric value, the hot path of a buffered run; whether this value completes a
        request's worth: the entries pending reach a whole number of requests.

        Not whether the buffer is `full()`: while the server is behind, it stays full for thousands of values, and
        a caller that looked for a worker to wake at each of them spent more on that than on the rest of the call
        (measured: 42,567 looks for 50,000 values). A worker waits only while the buffer is not full, so the
        value that makes it full is always one of these (`add` may jump past a multiple, and wakes one itself);
        a worker that was busy looks at the buffer again after its request (`SenderState._wake_for`)."""
        self._metrics.append(entry)
        self._len += 1
        return self._len % MAX_ENTITIES_PER_BATCH == 0

    def full(self) -> bool:
        """Whether a whole request's worth is waiting. (A request's metrics count among its entities, and may be as
        many as the entities: enough metrics for a request are enough entries.)"""
        return (
            self._len >= MAX_ENTITIES_PER_BATCH
            or len(self._params) >= MAX_PARAMS_TAGS_PER_BATCH
            or len(self._tags) >= MAX_PARAMS_TAGS_PER_BATCH
        )

    def can_take(self, *, tags: bool = True) -> bool:
        """Whether `take(tags=tags)` has anything to give."""
        return bool(self._metrics or self._params or (tags and self._tags))

    def take(self, *, tags: bool = True) -> Batch | None:
        """The oldest entries that fit one log-batch request, or None when empty; without tags when `tags` is
        False (a batch carrying tags is still under way: see `SenderState`)."""
        if not self.can_take(tags=tags):
            return None
        params = [self._params.popleft() for _ in range(min(len(self._params), MAX_PARAMS_TAGS_PER_BATCH))]
        tags_ = [self._tags.popleft() for _ in range(min(len(self._tags), MAX_PARAMS_TAGS_PER_BATCH) if tags else 0)]
        room = min(MAX_METRICS_PER_BATCH, MAX_ENTITIES_PER_BATCH - len(params) - len(tags_))
        metrics = self._metrics
        if len(metrics) <= room:
            self._metrics = []
        else:
            metrics, self._metrics = metrics[:room], metrics[room:]
        self._len -= len(metrics) + len(params) + len(tags_)
        return Batch(tuple(metrics), tuple(params), tuple(tags_))


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


Ticket = tuple[bool, float, float]  # whether a request counts in its round, when it was sent, `_area` then


class InFlightLimit:
    """How many requests a buffered run keeps under way: from one up to `most`, as many as the server takes
    without making them wait.

    Several requests at once let one writer fill a server's workers; but where many writers share the server,
    each one's extra requests only queue there (and in its database's connection pool), and the server then
    stores fewer values per second than with one request each (measured: 16 writers, PostgreSQL with 4 workers,
    0.78x of one-at-a-time with 10 each). So the limit follows TCP Vegas's rule. The fastest answer seen is
    taken as the server's time for a request with nothing queued. A round is the first `limit` requests sent
    after the last decision; once all are answered, they took `seconds` on the mean, with `together` under way
    meanwhile on the mean (each itself too): each waited behind about `together * (1 - fastest / seconds)`
    others. Under one request, the limit grows, if the round used it (at least `limit - 0.5` under way: a
    writer slower than its server keeps what it needs): it doubles until a round first finds a request queued
    (TCP's slow start: a run of 10,000 values is only ten requests, too few to climb one by one), and grows by
    one after that. At three or more (the last requests added nothing: the server was busy without them), it
    shrinks by one; in between, it holds. One and three are Vegas's own bounds. Tighter ones (a half and one)
    held one writer at two or three requests: a server's workers share its CPUs, so its answers slow down with
    each request added before any waits in a queue (4 workers on 2 cores: 2.4x slower with four under way than
    with one, for 1.7x the values per second). Measured on that server with PostgreSQL, medians of 5 rounds: one
    writer 1.63x the sequential floor with these bounds, 1.31x with the tighter ones; 16 and 32 writers
    0.97x and 0.96x the floor, against 0.94x and 0.92x. The round's means, once all of it is answered: a server
    that is not fair (a request sent as another ends may go first, and another wait for several) answers some
    at once and some late. Only requests of half a batch or more count, so that their times compare."""

    __slots__ = (
        "_answered",
        "_area",
        "_doubling",
        "_fastest",
        "_limit",
        "_members",
        "_most",
        "_samples",
        "_seconds",
        "_since",
        "_under_way",
        "_used",
    )

    GROW_BELOW = 1.0  # requests queued at the server, the round's mean: TCP Vegas's alpha and beta
    SHRINK_FROM = 3.0

    def __init__(self, most: int, start: int = 1) -> None:
        self._most = most
        self._limit = min(start, most)
        self._fastest = float("inf")
        self._doubling = True  # until a round finds requests queued
        self._under_way = 0
        self._area = 0.0  # requests under way, summed over time (request-seconds), up to `_since`
        self._since = 0.0
        self._members = 0  # requests sent in this round
        self._answered = 0  # of them
        self._samples = 0  # of those, the ones whose times count
        self._seconds = 0.0  # their times, summed
        self._used = 0.0  # and their mean requests under way

    def now(self) -> int:
        """Requests that may be under way at once now."""
        return self._limit

    @property
    def under_way(self) -> int:
        """Requests sent and not yet answered."""
        return self._under_way

    def _count(self, now: float, step: int) -> None:
        self._area += self._under_way * (now - self._since)
        self._since = now
        self._under_way += step

    def sent(self, now: float) -> Ticket:
        """A request goes, at `now` (monotonic seconds); `answered` takes what this returns."""
        self._count(now, 1)
        member = self._members < self._limit
        self._members += member
        return member, now, self._area

    def answered(self, ticket: Ticket, now: float, entries: int) -> None:
        """The request of `ticket` is over, at `now`: stored, with `entries`, or failed (0)."""
        member, start, area = ticket
        self._count(now, -1)
        seconds = now - start
        full = entries >= MAX_ENTITIES_PER_BATCH // 2 and seconds > 0.0
        if full:
            self._fastest = min(self._fastest, seconds)
        if not member:
            return
        self._answered += 1
        if full:
            self._samples += 1
            self._seconds += seconds
            self._used += (self._area - area) / seconds
        if self._answered < self._limit:
            return
        if self._samples:
            together, seconds = self._used / self._samples, self._seconds / self._samples
            queued = together * (1.0 - self._fastest / seconds)
            if queued < self.GROW_BELOW:
                if together >= self._limit - 0.5:
                    self._limit = min(self._most, self._limit * 2 if self._doubling else self._limit + 1)
            else:
                self._doubling = False
                if queued >= self.SHRINK_FROM:
                    self._limit = max(1, self._limit - 1)
        self._members = self._answered = self._samples = 0
        self._seconds = self._used = 0.0


class SenderState(WorkerState):
    """What a sender decides, whatever it waits with: the pending entries, the requests under way, and whether a
    flush or the end was asked for (with the first failure not yet reported, from `WorkerState`). Callers hold
    the sender's condition.

    Up to `max_in_flight` requests go at once (MLflow's MLFLOW_ASYNC_LOGGING_THREADPOOL_SIZE), as many of them as
    the server takes without queueing them (`InFlightLimit`): one worker always, and helpers while whole batches
    wait, every worker is sending and the limit allows more (started by the caller that fills a batch or by a worker
    that takes one; each leaves when it finds nothing to send, or there are more workers than the limit allows).
    Metrics and params may go in any order: the server orders a metric's history by its step and time, and a param
    is sent once. Tags may not (a later value of a key must win), so one batch carrying tags is under way at a time.
    Nor may two batches that bring the server metric keys it has not stored for the run (`_opens`): such a batch
    goes beside others, but a second one waits, kept, until the first is answered. A flush, and so the run's end,
    waits for every request under way.

    A batch the server could not take (it was away or overloaded past the retry budget) is kept and goes first
    at the next try, which waits until the caller has been told of the failure (at its next call) and then for
    a flush, the end or a full batch; a batch the server refused is dropped, the caller told, and counted, so
    that the run does not end FINISHED over values it does not have."""

    def __init__(
        self, flush_interval: float, max_pending: int, max_in_flight: int = 1, start_in_flight: int = 1
    ) -> None:
        super().__init__(flush_interval)
        self._buffer = LogBuffer()
        self._max_pending = max_pending
        self._max_in_flight = max_in_flight
        self._limit = InFlightLimit(max_in_flight, start_in_flight)  # also counts the requests under way
        self._tags_in_flight = False  # one of them carries tags
        self._opening: Batch | None = None  # the one under way that brings metric keys not stored yet (`_opens`)
        self._stored_keys: set[str] = set()  # metric keys the server has stored for this run (answered batches)
        self._hands = 1  # workers: the first, and the helpers started and not yet gone
        self._waiting = 0  # workers waiting on the condition for something to send
        self._flushing = False
        # Kept, to go first: batches the server could not take (an outage), and one waiting for `_opening`.
        self._unsent: deque[Batch] = deque()
        self._stopped = False  # closed: the workers send nothing more
        #: Values the server refused for good (each refusal was raised at the caller's next call).
        self.refused = 0

    def _wake_for(self) -> bool:
        """Whether the entries just added call for a worker: a whole request's worth is waiting, and a worker
        waits (woken) or one more may start (a helper: `_start_helper`). When every worker sends and no more
        may start, each looks at the buffer again by itself after its request: waking one at every value then
        would cost the caller a notification per value."""
        return (self._waiting > 0 or self._hands < self._limit.now()) and self._buffer.full()

    def _admitted(self) -> bool:
        """Whether a call may add its entries at once: `_admit` would pass and the buffer has room (one test,
        as it runs at every value logged)."""
        return self._error is None and not self._ended and not self._forked and self._buffer._len < self._max_pending

    def _over_limit(self) -> bool:
        # The server is behind: the caller waits rather than the buffer growing without limit.
        return len(self._buffer) >= self._max_pending and self._error is None

    def _pending(self) -> bool:
        return bool(self._buffer or self._limit.under_way or self._unsent)

    def _busy(self) -> bool:
        """Whether a flush still has to wait: a request under way (even after a failure: its outcome decides
        what is kept for the next try, and a run must not end while it still sends), or, while nothing failed,
        entries pending."""
        return bool(self._limit.under_way) or (self._pending() and self._error is None)

    def _finished(self) -> bool:
        return self._stopped or (self._ended and not self._buffer and not self._unsent)

    def _can_take(self) -> bool:
        """Whether there is a batch that may go now (see `_choose`)."""
        kept, take, tags = self._choose()
        return kept is not None or (take and self._buffer.can_take(tags=tags))

    def _choose(self) -> tuple[Batch | None, bool, bool]:
        """What may go now, oldest first: the first kept batch that may; else whether the buffer's next batch may
        (not while a kept batch waits for `_opening`, which would be overtaken), and with its tags (not while a
        batch carrying tags is under way or kept: a key's later value must win)."""
        tags_free = not self._tags_in_flight
        waiting = False
        for batch in self._unsent:
            tags_ok = tags_free
            if batch.tags:
                tags_free = False
                if not tags_ok:
                    continue
            if self._opening is not None and self._opens(batch):
                waiting = True
                continue
            return batch, False, False
        return None, not waiting, tags_free

    def _opens(self, batch: Batch) -> bool:
        """Whether `batch` brings the server a metric key it has not stored for this run. Two such requests under
        way at once collide there: MLflow's SQL store adds a key's latest-value row with its first value, the
        second insert of the row fails, and the server then reads the key's whole history back to find which of
        its values are new (measured on PostgreSQL: 1.2-2.6 s for a request of 0.1 s)."""
        return not self._stored_keys.issuperset([entry[0] for entry in batch.metrics])

    def _idle(self) -> bool:
        """Whether a worker should wait: a failure the caller has not been told of yet, nothing that may go now,
        or a partial batch that may still fill (it goes after the flush interval, at a flush, or at the end)."""
        if self._error is not None or not self._can_take():
            return True
        return not (self._flushing or self._ended or self._buffer.full())

    def _more_hands(self) -> bool:
        """Whether to start a helper: more may go now, every worker is sending, and the limit allows one."""
        return self._hands < self._limit.now() and self._waiting == 0 and not self._idle()

    def _spare(self) -> bool:
        """Whether a helper should leave: nothing for it to send now, or more workers than the limit allows."""
        return self._idle() or self._hands > self._limit.now()

    def _next_batch(self) -> tuple[Batch, Ticket] | None:
        if self._error is not None:  # timed out waiting to be told: not yet
            return None
        batch, take, tags = self._choose()
        if batch is not None:
            self._unsent.remove(batch)
        elif take:
            batch = self._buffer.take(tags=tags)
        if batch is None:
            return None
        if self._opens(batch):
            if self._opening is not None:
                self._unsent.append(batch)  # the newest kept: goes once `_opening` is answered
                return None
            self._opening = batch
        self._tags_in_flight = self._tags_in_flight or bool(batch.tags)
        return batch, self._limit.sent(monotonic())

    def _sent(self, batch: Batch, ticket: Ticket, exc: Exception | None) -> None:
        """A send is over: kept for the next try (an outage), or counted as refused."""
        self._limit.answered(ticket, monotonic(), len(batch) if exc is None else 0)
        if batch.tags:
            self._tags_in_flight = False
        if batch is self._opening:
            self._opening = None
            if exc is None:
                self._stored_keys.update([entry[0] for entry in batch.metrics])
        if exc is None:
            return
        self._failed(exc)
        if is_outage(exc):
            self._unsent.append(batch)
        else:
            self.refused += len(batch)

    def _forget_parents_values(self) -> None:
        """In a forked child: what was pending is the parent's (it sends it); the child starts empty."""
        self._buffer = LogBuffer()
        self._waiting = 0
        self._limit = InFlightLimit(self._max_in_flight)
        self._hands = 1
        self._tags_in_flight = self._flushing = False
        self._opening = None
        self._unsent = deque()
        self._error = None

    def undelivered(self) -> int:
        """Values accepted and not stored: refused by the server, or still unsent."""
        return self.refused + len(self._buffer) + sum(len(batch) for batch in self._unsent)

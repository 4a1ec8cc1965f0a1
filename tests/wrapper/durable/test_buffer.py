"""Buffered logging's promises: order, everything sent on flush/end/exit, bounded memory, failures surfacing."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import unique
from faultproxy import Fault, FaultProxy

from mlflow_lite import AsyncTrackingClient, InvalidParameterValue, ServerError, TrackingClient
from mlflow_lite._async.sender import AsyncSender
from mlflow_lite._durable.buffer import InFlightLimit, LogBuffer
from mlflow_lite._ops.validate import Batch, MetricEntry
from mlflow_lite._sync.sender import Sender
from mlflow_server import MlflowServer


def entries(n: int, start: int = 0) -> list[MetricEntry]:
    return [MetricEntry("m", float(i), 1, i) for i in range(start, start + n)]


def test_buffer_cuts_batches_within_limits_in_order() -> None:
    buffer = LogBuffer()
    buffer.add(entries(2500), [(f"p{i}", "v") for i in range(150)], [(f"t{i}", "v") for i in range(30)])
    assert len(buffer) == 2500 + 150 + 30
    batches = []
    while (batch := buffer.take()) is not None:
        batches.append(batch)
        assert len(buffer) == 2680 - sum(len(b) for b in batches)  # what is left, counted as it goes
    assert [(len(b.metrics), len(b.params), len(b.tags)) for b in batches] == [
        (870, 100, 30),
        (950, 50, 0),
        (680, 0, 0),
    ]
    assert [m.step for b in batches for m in b.metrics] == list(range(2500))


def test_buffer_refuses_a_changed_param_at_the_call() -> None:
    buffer = LogBuffer()
    buffer.add(params=[("alpha", "0.1")])
    buffer.add(params=[("alpha", "0.1")])  # the same value again: sent once
    with pytest.raises(InvalidParameterValue, match="cannot change"):
        buffer.add(params=[("alpha", "0.2")])
    batch = buffer.take()
    assert batch is not None
    assert batch.params == (("alpha", "0.1"),)


class SlowServer:
    """A `send` that takes its time, records what it got, and can be told to fail."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.sent: list[Batch] = []
        self.fail = False
        self.most_pending = 0
        self.arrived = threading.Event()  # set at the first batch sent

    def __call__(self, batch: Batch) -> None:
        time.sleep(self.delay)
        if self.fail:
            raise ServerError("503: busy", status_code=503)
        self.sent.append(batch)
        self.arrived.set()


# How long a test waits for the sender's thread to act before calling it hung: a bound for a hang, not a speed
# check (the thread acts within milliseconds; a loaded machine may hold it back for seconds).
HANG = 120.0


def test_thread_sender_keeps_order_and_sends_on_flush() -> None:
    server = SlowServer()
    sender = Sender(server, name="test", flush_interval=30)
    for i in range(2500):
        sender.add(entries(1, i))
    sender.flush()  # the partial last batch goes now, not after 30 s
    assert [m.step for b in server.sent for m in b.metrics] == list(range(2500))
    sender.close()


def test_thread_sender_sends_partial_batches_after_the_interval() -> None:
    server = SlowServer()
    sender = Sender(server, name="test", flush_interval=0.05)
    sender.add(entries(3))
    assert server.arrived.wait(HANG), "the partial batch was never sent"
    assert len(server.sent) == 1
    sender.close()


def test_thread_sender_memory_is_bounded() -> None:
    """When the server is slower than the caller, the caller waits: the buffer never holds more than
    `max_pending` entries (plus the one call being added)."""
    server = SlowServer(delay=0.02)
    sender = Sender(server, name="test", flush_interval=30, max_pending=2000)
    most = 0
    for i in range(20):
        sender.add(entries(500, i * 500))
        most = max(most, len(sender._buffer))
    sender.close()
    assert most <= 2000
    assert [m.step for b in server.sent for m in b.metrics] == list(range(10_000))


def test_thread_sender_failure_surfaces_at_the_next_call() -> None:
    server = SlowServer()
    server.fail = True
    sender = Sender(server, name="test", flush_interval=30)
    sender.add(entries(1000))  # a full batch: sent at once, and fails
    deadline = time.monotonic() + HANG
    while sender._error is None and time.monotonic() < deadline:  # the thread records the failure
        time.sleep(0.005)
    with pytest.raises(ServerError):
        sender.add(entries(1))  # the next call reports it
    server.fail = False
    sender.close()


def test_thread_sender_failure_surfaces_at_flush() -> None:
    server = SlowServer()
    server.fail = True
    sender = Sender(server, name="test", flush_interval=30)
    sender.add(entries(5))
    with pytest.raises(ServerError):
        sender.flush()
    server.fail = False
    sender.close()  # the batch the server could not take goes now
    assert [m.step for b in server.sent for m in b.metrics] == list(range(5))


def test_a_batch_the_server_could_not_take_goes_with_the_next_flush() -> None:
    """A flush that fails (the server away past the retry budget) keeps its batch: the next flush sends it
    first, and nothing is lost or sent twice."""
    server = SlowServer()
    sender = Sender(server, name="test", flush_interval=30)
    sender.add(entries(50))
    sender.flush()
    server.fail = True
    sender.add(entries(50, 50))
    with pytest.raises(ServerError):
        sender.flush()
    with pytest.raises(ServerError):  # the server is still away: the same batch is tried again, and kept
        sender.flush()
    server.fail = False
    sender.add(entries(50, 100))
    sender.flush()
    sender.close()
    assert [m.step for b in server.sent for m in b.metrics] == list(range(150))
    assert sender.undelivered() == 0


def test_a_batch_the_server_refuses_is_reported_and_counted() -> None:
    refused: list[Batch] = []

    def send(batch: Batch) -> None:
        refused.append(batch)
        raise InvalidParameterValue("400: INVALID_PARAMETER_VALUE")

    sender = Sender(send, name="test", flush_interval=30)
    sender.add(entries(7))
    with pytest.raises(InvalidParameterValue):
        sender.flush()
    sender.close()  # a refusal is not sent again
    assert len(refused) == 1
    assert sender.refused == 7


@pytest.mark.anyio
async def test_task_sender_keeps_order_bounded_and_surfaces_failures() -> None:
    sent: list[Batch] = []
    fail = threading.Event()

    async def send(batch: Batch) -> None:
        await asyncio.sleep(0.001)
        if fail.is_set():
            raise ServerError("503: busy", status_code=503)
        sent.append(batch)

    sender = AsyncSender(send, name="test", flush_interval=30, max_pending=1500)
    most = 0
    for i in range(5000):
        await sender.add(entries(1, i))
        most = max(most, len(sender._buffer))
    await sender.flush()
    assert most <= 1500
    assert [m.step for b in sent for m in b.metrics] == list(range(5000))
    fail.set()
    await sender.add(entries(3, 5000))
    with pytest.raises(ServerError):
        await sender.flush()
    fail.clear()
    await sender.aclose()  # the batch the server could not take goes at the end
    assert [m.step for b in sent for m in b.metrics] == list(range(5003))


class HeldServer:
    """A `send` that holds every request but the first until `hold` of them are under way at once (so that a
    sender that never keeps that many under way hangs, and its test fails at `HANG`), then lets everything
    through. The first brings the run's metric keys, which a sender sends alone (`SenderState._opens`). It
    records the most requests under way at once, the most carrying tags, and the batches in the order they
    arrived."""

    def __init__(self, hold: int) -> None:
        self.hold = hold
        self.cond = threading.Condition()
        self.now = self.most = 0
        self.tags_now = self.most_tags = 0
        self.arrived: list[Batch] = []
        self.released = False
        self.fail = False

    def __call__(self, batch: Batch) -> None:
        with self.cond:
            first = not self.arrived
            self.arrived.append(batch)
            self.now += 1
            self.tags_now += bool(batch.tags)
            self.most, self.most_tags = max(self.most, self.now), max(self.most_tags, self.tags_now)
            if self.now >= self.hold:
                self.released = True
                self.cond.notify_all()
            held = first or self.cond.wait_for(lambda: self.released, HANG)
            self.now -= 1
            self.tags_now -= bool(batch.tags)
            fail = self.fail
        assert held, f"{self.hold} requests were never under way at once (at most {self.most})"
        if fail:
            raise ServerError("503: busy", status_code=503)


def steps(batches: list[Batch]) -> list[int]:
    return sorted(m.step for b in batches for m in b.metrics)


def test_several_batches_go_at_once_within_the_limit() -> None:
    """Ten full batches and four requests allowed from the start: the first goes alone (it brings the metric's
    key), then four at once (the server holds each until four are under way), never five; the flush returns when
    all ten are stored, each value once."""
    server = HeldServer(hold=4)
    sender = Sender(server, name="test", flush_interval=30, max_in_flight=4, start_in_flight=4)
    for i in range(10):
        sender.add(entries(1000, i * 1000))
    sender.flush()
    assert server.most == 4
    assert steps(server.arrived) == list(range(10_000))
    sender.close()
    assert not any(worker.alive() for worker in sender._helpers)  # the helpers are gone with the sender


def rounds(limit: InFlightLimit, seconds: Callable[[int], float], count: int, entries: int = 1000) -> list[int]:
    """`count` rounds of a writer always ahead of its server: as many requests as the limit allows go at once,
    and the server answers them all after `seconds(how many)`; the limit after each round."""
    now, seen = 0.0, []
    for _ in range(count):
        tickets = [limit.sent(now) for _ in range(limit.now())]
        now += seconds(len(tickets))
        for ticket in tickets:
            limit.answered(ticket, now, entries)
        seen.append(limit.now())
    return seen


def test_the_in_flight_limit_follows_what_the_server_takes() -> None:
    """A server with four workers answers as fast with up to four requests under way, and each answer takes as
    long as the requests in its queue beyond that: the limit doubles a round up to four, is held back at the
    first round that finds requests queued (eight at once, each waiting behind another), comes down by one a
    round while three or more wait, and settles at six (two waiting: Vegas keeps one to three queued, so that
    a server whose answers slow down as it fills is still kept busy). Then the server gets busy (other writers
    start), takes one request at a time, a little slower: the limit comes down by one a round, to three, and
    stays there."""
    limit = InFlightLimit(10)
    assert limit.now() == 1
    workers = rounds(limit, lambda together: 0.1 * max(1.0, together / 4), 12)
    assert workers[:5] == [2, 4, 8, 7, 6]
    assert set(workers[-4:]) == {6}
    busy = rounds(limit, lambda together: 0.12 * together, 30)
    assert busy == sorted(busy[:4], reverse=True) + busy[4:]  # down by one a round
    assert set(busy[-20:]) == {3}


def test_the_in_flight_limit_grows_only_while_used() -> None:
    """A writer slower than its server has one request under way at a time: the limit grows once, with it, and
    no further, so that a burst later does not send many at once on a guess. Answers to small requests (a flush
    of a few values) do not count: their time says nothing about a full one's. Nor do failed ones (0)."""
    limit = InFlightLimit(10)
    for i in range(20):
        limit.answered(limit.sent(float(i)), i + 0.1, 1000)
    assert limit.now() == 2
    for size in (10, 0):
        small = InFlightLimit(10)
        assert rounds(small, lambda together: 0.1, 5, entries=size) == [1] * 5


def test_a_sender_keeps_more_under_way_only_where_the_server_takes_them() -> None:
    """Eight requests allowed, 60 full batches: a server with workers to spare (each answer takes 200 ms,
    however many are under way) soon gets four or more at once; a server that takes one request at a time
    (30 ms each) gets at most six, and the limit is at four or less by the end, since more requests there only
    wait (Vegas's rule keeps one to three of them waiting). (Four and three, on a quiet machine; a busy one's
    delays look like room at times. The 200 ms leave room for a busy machine's delays in growing.)"""

    def run(server_lock: threading.Lock | None, seconds: float) -> tuple[int, int]:
        lock = threading.Lock()
        now = most = 0

        def send(batch: Batch) -> None:
            nonlocal now, most
            with lock:
                now += 1
                most = max(most, now)
            with server_lock or contextlib.nullcontext():
                time.sleep(seconds)
            with lock:
                now -= 1

        sender = Sender(send, name="test", flush_interval=30, max_in_flight=8)
        for i in range(60):
            sender.add(entries(1000, i * 1000))
        sender.close()
        return most, sender._limit.now()

    assert run(None, 0.2)[0] >= 4
    most, limit = run(threading.Lock(), 0.03)
    assert most <= 6
    assert limit <= 4


def test_one_batch_of_tags_at_a_time_so_the_last_value_wins() -> None:
    """Tags are sent in the order they were set, one batch carrying tags under way at a time, while batches of
    metrics go beside it: a tag set twice ends with its later value."""
    server = HeldServer(hold=2)
    sender = Sender(server, name="test", flush_interval=30, max_in_flight=4, start_in_flight=4)
    # All in the buffer before the sender looks (one call): the batches are the same whatever the machine's
    # speed, the first carrying tags and metrics, then one of metrics alone beside it, then tags.
    tags = [(key, str(i)) for i in range(2000) for key in ("phase", f"t{i % 7}")]
    sender.add(entries(2000), tags=tags)
    sender.flush()
    sender.close()
    assert server.most >= 2
    assert server.most_tags == 1
    assert [int(value) for b in server.arrived for key, value in b.tags if key == "phase"] == list(range(2000))
    assert steps(server.arrived) == list(range(2000))


def test_batches_bringing_new_metric_keys_go_one_at_a_time() -> None:
    """Two requests that bring the server the same metric key it has not stored yet collide there (MLflow's SQL
    store inserts the key's latest-value row twice, and the loser reads the key's whole history back: seconds
    on PostgreSQL), so a batch with a key not yet stored goes only while no other such batch is under way; a
    batch of stored keys goes beside it. The run's first batch goes alone; once it is answered, its key's next
    batches go together, and so does one bringing a second key beside them."""
    cond = threading.Condition()
    stored: set[str] = set()
    state = {"opening": 0, "most_opening": 0, "now": 0, "most": 0, "hold": 2}
    clashes: list[set[str]] = []
    sent: list[Batch] = []

    def send(batch: Batch) -> None:
        """Holds every request but the run's first until `hold` are under way (a sender that never sends that
        many together hangs, and fails at `HANG`); records the batches bringing keys not stored under way."""
        with cond:
            new = {m.key for m in batch.metrics} - stored
            first = not sent and state["now"] == 0
            state["opening"] += bool(new)
            state["now"] += 1
            if state["opening"] > 1:
                clashes.append(new)
            state["most_opening"] = max(state["most_opening"], state["opening"])
            state["most"] = max(state["most"], state["now"])
            cond.notify_all()
            if first:  # takes its time, as a server's does: long enough for any other batch to be sent beside it
                cond.wait(0.3)
            held = first or cond.wait_for(lambda: state["most"] >= state["hold"], HANG)
            stored.update(new)
            state["opening"] -= bool(new)
            state["now"] -= 1
            sent.append(batch)
        assert held, f"{state['hold']} requests were never under way at once"

    sender = Sender(send, name="test", flush_interval=30, max_in_flight=4, start_in_flight=4)
    sender.add(entries(3000))  # one key: the first batch alone, then the other two together
    sender.flush()
    assert [len(b.metrics) for b in sent[:1]] == [1000]
    assert state["most"] == 2
    state["hold"] = 3
    b_values = [MetricEntry("b", float(i), 1, i) for i in range(1000)]
    sender.add([*entries(2000, 3000), *b_values])  # two batches of "m", then one bringing "b": all three at once
    sender.flush()
    sender.close()
    assert state["most"] == 3
    assert state["most_opening"] == 1
    assert not clashes
    assert steps(sent) == sorted([*range(5000), *range(1000)])
    assert sender.undelivered() == 0


def test_batches_under_way_when_the_server_goes_away_are_all_kept() -> None:
    """Four requests under way fail together (the server away): each batch is kept, the caller told once, and
    the next flush sends them all; nothing is lost or sent twice."""
    server = HeldServer(hold=4)
    sender = Sender(server, name="test", flush_interval=30, max_in_flight=4, start_in_flight=4)
    sender.add(entries(1))  # the metric's key, stored: the next batches may go together
    sender.flush()
    server.fail = True
    for i in range(4):
        sender.add(entries(1000, 1 + i * 1000))
    with pytest.raises(ServerError):
        sender.flush()
    assert sender.undelivered() == 4000  # the flush waited for every request under way, failed or not
    server.fail = False
    server.arrived.clear()
    sender.flush()
    assert steps(server.arrived) == list(range(1, 4001))
    assert sender.undelivered() == 0
    sender.close()


@pytest.mark.anyio
async def test_task_sender_keeps_several_requests_under_way() -> None:
    cond = asyncio.Condition()
    now = most = 0
    sent: list[Batch] = []

    async def send(batch: Batch) -> None:
        nonlocal now, most
        async with cond:
            now += 1
            most = max(most, now)
            cond.notify_all()
            if sent:  # not the first, which brings the metric's key: the sender sends that one alone
                await asyncio.wait_for(cond.wait_for(lambda: most >= 3), HANG)
            now -= 1
            sent.append(batch)

    sender = AsyncSender(send, name="test", flush_interval=30, max_in_flight=3, start_in_flight=3)
    for i in range(6000):
        await sender.add(entries(1, i))
    await sender.aclose()
    assert most == 3
    assert steps(sent) == list(range(6000))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def flaky(server: MlflowServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.url) as running:
        yield running


def test_a_failed_flush_loses_nothing_on_a_real_server(flaky: FaultProxy, client: TrackingClient) -> None:
    """The server answers 500 to a flush's log-batch: `flush()` raises, and the values go with the next flush;
    the run ends FINISHED with every step. When the last try fails too, `end()` raises and the run ends FAILED."""
    tracking = TrackingClient(flaky.url, max_retries=0)
    run = tracking.start_run(unique("failed-flush"), buffered=True)
    for i in range(50):
        run.log_metric("m", float(i), step=i)
    run.flush()
    flaky.add([Fault("status", path="log-batch", status=500)])
    for i in range(50, 100):
        run.log_metric("m", float(i), step=i)
    with pytest.raises(ServerError):
        run.flush()
    run.end()
    assert [m.step for m in client.get_metric_history(run.run_id, "m")] == list(range(100))
    assert client.get_run(run.run_id).info.status == "FINISHED"

    run = tracking.start_run(unique("failed-end"), buffered=True)
    run.log_metric("m", 1.0, step=0)
    flaky.add([Fault("status", path="log-batch", status=500)])
    with pytest.raises(ServerError):
        run.end()
    assert client.get_run(run.run_id).info.status == "FAILED"  # its end says what it holds is not complete
    tracking.close()


def test_buffered_run_on_a_real_server(client: TrackingClient) -> None:
    """Several requests under way (MLflow's default of 10): every value stored once, and a tag set again and
    again ends with its last value."""
    name = unique("buffered")
    with client.start_run(name, buffered=True) as run:
        for i in range(5345):
            run.log_metric("loss", i / 7, step=i)
            if i % 40 == 0:
                run.set_tag("epoch", str(i // 40))
        run.log_param("alpha", 0.5)
        run.set_tag("phase", "train")
        run.log_metrics({"a": 1.0, "b": float("nan")}, step=3)
    history = client.get_metric_history(run.run_id, "loss")
    assert sorted((m.step, m.value) for m in history) == [(i, i / 7) for i in range(5345)]
    got = client.get_run(run.run_id)
    assert got.data.params == {"alpha": "0.5"}
    assert got.data.tags["phase"] == "train"
    assert got.data.tags["epoch"] == str(5344 // 40)


@pytest.mark.anyio
async def test_buffered_async_run_on_a_real_server(server: MlflowServer) -> None:
    async with AsyncTrackingClient(server.url, buffered=True) as aclient:
        async with await aclient.start_run(unique("abuffered")) as run:
            for i in range(1500):
                await run.log_metric("loss", float(i), step=i)
        history = await aclient.get_metric_history(run.run_id, "loss")
    assert [m.step for m in history] == list(range(1500))


def test_buffered_values_are_sent_at_interpreter_exit(server: MlflowServer, tmp_path: Path) -> None:
    """A script that logs buffered values and ends without flush() or end(): the values still arrive."""
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\n"
        "from mlflow_lite import TrackingClient\n"
        "client = TrackingClient(sys.argv[1])\n"
        "run = client.start_run(sys.argv[2], buffered=True)\n"
        "for i in range(1234):\n"
        "    run.log_metric('m', i, step=i)\n"
        "print(run.run_id)\n"
    )
    out = subprocess.run(
        [sys.executable, str(script), server.url, unique("atexit")], capture_output=True, text=True, check=True
    )
    run_id = out.stdout.strip()
    with TrackingClient(server.url) as client:
        assert [m.step for m in client.get_metric_history(run_id, "m")] == list(range(1234))

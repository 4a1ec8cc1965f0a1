"""Delivering a journal (see `journal`): one way, whoever delivers it.

`Delivery` reads a run's journal in order and says what to do next, one step at a time: create the run, send
the next log-batch request, end the run. It does no network I/O: a live run's drain (`_async.drain.AsyncDrain`
and its generated twin `Drain`, deciding with `DrainState`) and `mlflow-lite sync` (`replay`) carry out its
steps with their client and report back, and it writes the acknowledgements. The drains add what a journaled
run needs on top: the caller's calls go to the journal (never waiting for the server: the disk is the buffer),
the server being away is not an error (the journal keeps it; the drain tries again, backing off), and a
refusal the server means is raised at the caller's next call, as for every buffered run.

A refusal is never a deletion. A request that merged several logging calls and is refused is sent again one
call at a time, so that one bad value does not take its neighbours with it; a call refused on its own is copied
to the journal's `.refused` file (`journal.keep_refused`) before the journal records it as rejected, and a run
that had values refused is not ended FINISHED (FAILED instead, as for a buffered run).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from .._core.retry import FIRST_CONTACT_BUDGET, already_stored
from .._errors import ApiError, InvalidParameterValue, ValuesRefused
from .._ops.validate import (
    MAX_ENTITIES_PER_BATCH,
    MAX_METRICS_PER_BATCH,
    MAX_PARAMS_TAGS_PER_BATCH,
    Batch,
    MetricEntry,
)
from .buffer import new_params
from .journal import (
    READ_SIZE,
    JournalLine,
    JournalScan,
    JournalWriter,
    LineReader,
    RecordValues,
    as_batch,
    keep_refused,
    refused_path,
    values_of,
)
from .worker import WorkerState, is_outage

if TYPE_CHECKING:
    from .._core.client_base import ClientBase
    from .._core.context import Context
    from .._core.effects import Op
    from .._entities import Run
    from .._ops.run_start import RunPlan

__all__ = [
    "FLUSH_PATIENCE",
    "OUTAGE_BACKOFF",
    "Delivery",
    "DrainState",
    "Journal",
    "Step",
    "Verdict",
    "first_try",
    "is_outage",
    "offline_run",
    "open_journal",
    "writer_gone_at",
]

logger = logging.getLogger("mlflow_lite")

# How long a flush or the end waits while delivery makes no progress (a server that takes the connection and
# never answers, say): then it returns, the values safe in the journal, and the drain goes on trying.
FLUSH_PATIENCE = FIRST_CONTACT_BUDGET

# Pauses between tries while the server is away (each try has the client's own retries and budget inside).
OUTAGE_BACKOFF = (1.0, 2.0, 5.0, 10.0, 30.0)


class Verdict:
    """What `Delivery.failed` made of a refusal (plain strings, compared by identity of meaning)."""

    DONE = "done"  # not a refusal after all: an earlier try had stored it
    SPLIT = "split"  # several calls' values were refused together: each is sent again alone
    REFUSED = "refused"  # refused for good: kept in the `.refused` file, the rest goes on
    STUCK = "stuck"  # a run that cannot be created or ended: delivery stops, the journal kept


@attrs.frozen
class Step:
    """One thing to do on the server: `kind` is "create", "forget-key", "send" or "end"."""

    kind: str
    plan: RunPlan | None = None
    batch: Batch | None = None
    upto: int = 0  # the last sequence number a "send" covers
    records: tuple[tuple[int, RecordValues], ...] = ()  # a "send"'s log records (sequence number, values), in order
    status: str = ""
    end_time: int = 0
    resent: bool = False  # the first request after a restart: it may have reached the server already

    def op(self, cx: Context, run_id: str | None) -> Op[Any]:
        from .._ops import run_start, runs

        if self.kind == "create":
            assert self.plan is not None
            return run_start.create_planned(cx, self.plan, look_up_first=self.resent, keep_request_id=True)
        assert run_id is not None, "the run is created first"
        if self.kind == "forget-key":
            return run_start.forget_request_id(cx, run_id)
        if self.kind == "send":
            assert self.batch is not None
            return runs.send_batch(cx, run_id, self.batch)
        return runs.set_terminated(cx, run_id, self.status, self.end_time)


class Delivery:
    """What is left to deliver of one journal, in order, and the acknowledgements of what was delivered."""

    def __init__(self, writer: JournalWriter, scan: JournalScan, *, writer_gone_at: int | None = None) -> None:
        """`writer_gone_at`: for `sync`, when the writing process was last seen (its last write), which ends a
        run it did not end itself."""
        self._writer = writer
        self._reader = LineReader(writer.path)
        self._lines: deque[dict[str, Any]] = deque()  # records read from the file, not yet taken
        self._held: tuple[int, RecordValues] | None = None  # a record read that did not fit the last request
        # The records of a refused request, sent again one at a time to find which the server refuses.
        self._singly: deque[tuple[int, RecordValues]] = deque()
        self._unsent: Step | None = None  # the request under way, until the server has it
        self.plan = scan.plan
        self.run_id = scan.run_id
        self.acked = scan.acked
        self.end = scan.end
        self._writer_gone_at = writer_gone_at
        self._restarted = scan.acked > 0 or scan.run_id is not None or writer_gone_at is not None
        # A run created from a plan keeps its creation key until the journal holds its id; then it goes.
        self._forget_key = scan.plan is not None and scan.run_id is not None
        self.damage: list[JournalLine] = list(scan.damage)
        self._damaged_lines = {line.number for line in scan.damage}
        self.delivered_values = 0
        self.refused_values = scan.refused  # refused for good, ever (kept in the `.refused` file)
        self.first_refusal: str | None = None  # the first refusal met by this delivery
        self.finished = False

    # --- what comes next ---

    def next_step(self) -> Step | None:  # noqa: PLR0911 - one return per kind of step, in order
        """The next step, or None when everything written so far is delivered (a live run: wait for more)."""
        if self.finished:
            return None
        if self.run_id is None:
            if self.plan is None:
                raise InvalidParameterValue(f"the journal {self._writer.path.name} names no run to deliver to")
            return Step("create", plan=self.plan, resent=self._restarted)
        if self._forget_key:
            return Step("forget-key")
        if self._unsent is not None:  # a request whose try failed: the same one again, so that order holds
            return attrs.evolve(self._unsent, resent=True)
        records = [self._singly.popleft()] if self._singly else self._next_records()
        if records:
            batch = as_batch(records[0][1]) if len(records) == 1 else _merge(records)
            self._unsent = Step(
                "send", batch=batch, upto=records[-1][0], records=tuple(records), resent=self._restarted
            )
            return self._unsent
        if self.end is not None:
            status = self.end[0]
            if status == "FINISHED" and self.refused_values:
                # Values the run logged are not on the server: it did not finish as logged (as a buffered run).
                logger.warning(
                    "mlflow-lite: the server refused %d values of run %s (kept in %s); the run ends FAILED, not "
                    "FINISHED",
                    self.refused_values,
                    self.run_id,
                    self.refused_path,
                )
                status = "FAILED"
            return Step("end", status=status, end_time=self.end[1])
        if self._writer_gone_at is not None:
            # The process died with its run open: nothing ended it, and it did not fail by an error of its own
            # (that would have ended it FAILED). MLflow calls a run stopped from outside KILLED.
            return Step("end", status="KILLED", end_time=self._writer_gone_at)
        return None

    def setting_up(self) -> bool:
        """Whether the run is still to be created (or its creation key removed): done first, not batched."""
        return self.run_id is None or self._forget_key

    @property
    def refused_path(self) -> str:
        return str(refused_path(self._writer.path))

    def _next_records(self) -> list[tuple[int, RecordValues]]:
        """The next records not yet delivered, as many as one request takes."""
        records: list[tuple[int, RecordValues]] = []
        metrics = params = tags = 0
        while True:
            if self._held is None and not self._lines:
                room = min(MAX_METRICS_PER_BATCH - metrics, MAX_ENTITIES_PER_BATCH - metrics - params - tags)
                metrics += self._recent_values(room, records)
            item = self._held or self._next_record()
            if item is None:
                break
            batch = item[1]
            if isinstance(batch, Batch):
                more_metrics = metrics + len(batch.metrics)
                more_params, more_tags = params + len(batch.params), tags + len(batch.tags)
            else:  # most records: one metric value
                more_metrics, more_params, more_tags = metrics + 1, params, tags
            if (
                more_metrics > MAX_METRICS_PER_BATCH
                or more_params > MAX_PARAMS_TAGS_PER_BATCH
                or more_tags > MAX_PARAMS_TAGS_PER_BATCH
                or more_metrics + more_params + more_tags > MAX_ENTITIES_PER_BATCH
            ):
                self._held = item
                break
            self._held = None
            records.append(item)
            metrics, params, tags = more_metrics, more_params, more_tags
        return records

    def _recent_values(self, room: int, records: list[tuple[int, RecordValues]]) -> int:
        """Up to `room` records of one value each, taken together from the front of what this process logged
        (`JournalWriter.recent`) while they are the file's next lines: a live run's usual case, which
        `_next_record` would take one at a time. Appended to `records`; their number."""
        recent = self._writer.recent
        end = self._reader.position
        while recent and recent[0][0] < end:
            recent.popleft()  # read from the file already
        taken = lines = 0
        while taken < room and recent:
            start, stop, seq, values = recent[0]
            if start != end or isinstance(values, Batch):  # not the next line (the drain's own), or a batch
                break
            recent.popleft()
            end = stop
            lines += 1
            if seq > self.acked:
                records.append((seq, values))
                taken += 1
        if lines:
            self._reader.skip_line(end, lines)
        return taken

    def _next_record(self) -> tuple[int, RecordValues] | None:
        """The next log record not yet delivered; notes an end record on the way."""
        while True:
            if not self._lines:
                recent = self._writer.recent  # what this process logged: taken as it is, not read back
                position = self._reader.position
                while recent and recent[0][0] < position:
                    recent.popleft()  # read from the file already
                if recent and recent[0][0] == position:
                    _, end, seq, batch = recent.popleft()
                    self._reader.skip_line(end)
                    if seq > self.acked:
                        return seq, batch
                    continue
                # The lines before the next recent record (acknowledgements, the run's id, records past the
                # memory's bound), or all there is: at most a read's worth at a time.
                size = min(recent[0][0] - self._reader.offset, READ_SIZE) if recent else READ_SIZE
                records, damage = self._reader.read_records(size if size > 0 else READ_SIZE)
                for line in damage:
                    if line.number not in self._damaged_lines:
                        self._damaged_lines.add(line.number)
                        self.damage.append(line)
                if not records:
                    if damage:
                        continue
                    return None
                self._lines.extend(records)
            record = self._lines.popleft()
            kind = record["t"]
            if kind == "log":
                seq = int(record["s"])
                if seq > self.acked:
                    return seq, values_of(record)
            elif kind == "end":
                self.end = (str(record["status"]), int(record["end_time"]))

    # --- outcomes ---

    def done(self, step: Step, result: Any) -> None:
        """`step` succeeded (with `result`, the created run for "create"): record it."""
        if step.kind == "create":
            run: Run = result
            self.run_id = run.info.run_id
            self._writer.append({"t": "run", "run_id": self.run_id, "experiment_id": run.info.experiment_id})
            self._forget_key = True
        elif step.kind == "forget-key":
            self._forget_key = False
        elif step.kind == "send":
            assert step.batch is not None
            self._unsent = None
            self._writer.append({"t": "ack", "s": step.upto})
            self.acked = step.upto
            self.delivered_values += len(step.batch)
        else:
            self.finished = True
        self._restarted = False

    def interrupted(self) -> None:
        """A try failed without an answer: the next one may repeat what reached the server (and looks first)."""
        self._restarted = True

    def failed(self, step: Step, exc: BaseException) -> str:
        """`step` was refused for good; what delivery does next (a `Verdict`). A request of several logging
        calls is sent again one call at a time (`SPLIT`: the refusal is not the caller's to hear yet); a call
        refused alone is copied to the `.refused` file, then recorded as rejected in the journal, and the rest
        still goes (`REFUSED`); a run that cannot be created or ended stops the delivery, the journal kept
        (`STUCK`)."""
        resent = step.kind == "send" and step.resent and isinstance(exc, ApiError)
        if resent and exc.response is not None and already_stored(exc.response):  # type: ignore[attr-defined]
            self.done(step, None)  # the request before the restart had landed (MLflow 2.x, with a NaN)
            return Verdict.DONE
        if step.kind != "send":
            return Verdict.STUCK
        self._unsent = None
        self._restarted = False
        if len(step.records) > 1:
            self._singly.extend(step.records)
            return Verdict.SPLIT
        assert self.run_id is not None, "a send follows the run's creation"
        assert step.batch is not None
        error = str(exc)[:2000]
        keep_refused(self._writer.path, self.run_id, step.upto, step.batch, error)  # before the journal forgets it
        self._writer.append({"t": "rejected", "s": step.upto, "n": len(step.batch), "error": error})
        self.acked = step.upto
        self.refused_values += len(step.batch)
        self.first_refusal = self.first_refusal or error
        return Verdict.REFUSED

    def close(self) -> None:
        self._reader.close()


@attrs.define
class Journal:
    """A live run's journal: its writer, its delivery, and the plan of its run."""

    writer: JournalWriter
    delivery: Delivery

    @property
    def plan(self) -> RunPlan:
        assert self.delivery.plan is not None, "a live journal starts with its run's plan"
        return self.delivery.plan

    def first_try(self, cx: Context) -> Context:
        """Creating the run at `start_run` waits for the server at most this long: after that the run goes on
        the journal alone, which is what a journal is for."""
        return first_try(cx)

    def first_try_failed(self, exc: Exception) -> Run:
        """The run could not be created at `start_run`: the run the journal holds instead, when the server is
        away; anything else (a bad experiment name, refused credentials) is raised, and the journal removed."""
        if not is_outage(exc):
            self.delivery.close()
            self.writer.close(remove=True)
            raise exc
        self.delivery.interrupted()
        logger.warning(
            "mlflow-lite: the server is away (%s); the run starts on its journal %s and is created when the server "
            "is back (or by `mlflow-lite sync`)",
            exc,
            self.writer.path,
        )
        return offline_run(self.plan)


def _merge(records: list[tuple[int, RecordValues]]) -> Batch:
    metrics: list[MetricEntry] = []
    params: list[tuple[str, str]] = []
    tags: list[tuple[str, str]] = []
    for _, values in records:
        if isinstance(values, Batch):
            metrics.extend(values.metrics)
            params.extend(values.params)
            tags.extend(values.tags)
        else:
            metrics.append(values)
    return Batch(tuple(metrics), tuple(params), tuple(tags))


def first_try(cx: Context) -> Context:
    """`cx` for one try at the server where a journal can go on without it (creating a journaled run, the fluent
    API's `set_experiment` for one): at most `FIRST_CONTACT_BUDGET` seconds, and a single attempt once a call of
    the client has given up on a server that never answered it (waiting the whole budget again for a server
    just found away would only delay the caller: the journal, not the retries, rides out the outage)."""
    policy = attrs.evolve(cx.policy, budget=min(cx.policy.budget, FIRST_CONTACT_BUDGET))
    contact = cx.policy.first_contact
    if contact is not None and contact.gave_up and not contact.answered:
        policy = attrs.evolve(policy, max_retries=0)
    return cx.with_policy(policy)


def open_journal(client: ClientBase, plan: RunPlan) -> Journal:
    """A new journal in the client's spool folder, for the run `plan` describes, bound to the client's server."""
    assert client.spool_dir is not None
    writer = JournalWriter.create(client.spool_dir, client.tracking_uri)
    writer.append(plan.to_record())
    return Journal(writer, Delivery(writer, JournalScan(writer.path, plan=plan)))


def offline_run(plan: RunPlan) -> Run:
    """What a run started while its server is away looks like until the server creates it."""
    from .._entities import Run, RunData, RunInfo

    tags = dict(plan.tags)
    info = RunInfo(
        run_id="",
        experiment_id=plan.experiment_id or "",
        user_id=tags.get("mlflow.user", "unknown"),  # what create_run will send
        status="RUNNING",
        start_time=plan.start_time,
        end_time=None,
        lifecycle_stage="active",
        run_name=plan.run_name or "",
    )
    return Run(run_info=info, run_data=RunData(tags=tags))


# --- live runs -------------------------------------------------------------------------------------------------


@attrs.define
class Patience:
    """A flush's patience: `FLUSH_PATIENCE` seconds from the last step the drain got done."""

    steps: int
    since: float

    def left(self, steps: int, now: float) -> float:
        """Seconds the flush may still wait, given the steps done by now."""
        if steps != self.steps:
            self.steps, self.since = steps, now
        return self.since + FLUSH_PATIENCE - now


class DrainState(WorkerState):
    """What a journaled run's drain decides, whatever it waits with (the drain itself is
    `_async.drain.AsyncDrain`, and `Drain`, generated from it). Callers hold the drain's condition."""

    def __init__(self, journal: Journal, cx: Context, flush_interval: float) -> None:
        super().__init__(flush_interval)
        self._journal = journal
        self._cx = cx
        self._writer = journal.writer
        self._delivery = journal.delivery
        self._params_logged: dict[str, str] = {}
        self._values_logged = 0
        self._fsynced_seq = 0
        self._stopped = False  # a create or an end refused for good: the journal waits for `sync`
        self._steps_done = 0  # steps the server took (progress, for a flush's patience)
        self._hurry = False  # a flush or the end wants the next step now, backoff or not
        self._outages = 0  # failed tries while the server was away, ever
        self._backoff = 0
        self._retry_at = 0.0
        self._warned = journal.delivery.run_id is None  # `start_run` has said that the server is away
        self._closing = False
        self._asleep = False  # the drain waits on its condition: a caller with a request's worth wakes it

    def _step_context(self) -> Context:
        """While the server is away (a try failed, or `start_run` could not create the run) each try is short:
        the journal, not the retries, rides out the outage, and a flush or the end waits for one try at most."""
        away = self._backoff or self._delivery.run_id is None
        return self._journal.first_try(self._cx) if away else self._cx

    @property
    def journal_path(self) -> str:
        return str(self._writer.path)

    def _append(
        self,
        metrics: Iterable[MetricEntry],
        params: Iterable[tuple[str, str]],
        tags: Iterable[tuple[str, str]],
    ) -> bool:
        """Write one logging call to the journal; whether a whole request's worth now waits for the drain, which
        waits itself."""
        # Most calls log one metric value (a tuple, from `log_metric`): nothing copied, no params looked at.
        metrics = metrics if isinstance(metrics, tuple) else list(metrics)
        tags = tags if isinstance(tags, tuple) else list(tags)
        fresh = new_params(self._params_logged, params) if params else []
        try:
            self._writer.log(metrics, fresh, tags)
        except BaseException:  # not in the journal (a full disk): not logged
            for key, _ in fresh:
                del self._params_logged[key]
            raise
        self._values_logged += len(metrics) + len(fresh) + len(tags)
        return self._drain_to_wake()

    def _append_metric(self, entry: MetricEntry) -> bool:
        """`_append((entry,), (), ())`, the short way: one metric value, what most logging calls are."""
        self._writer.log_metric(entry)  # a write that failed (a full disk) raises: not logged
        self._values_logged += 1
        return self._drain_to_wake()

    def _drain_to_wake(self) -> bool:
        """After a call is written: whether a whole request's worth now waits for a drain that waits itself. Only
        a drain that waits needs waking: a busy one looks again by itself once its request is done, and one waiting
        out an outage's back-off would only wait again (`_pause`)."""
        return self._asleep and not self._backoff and self._pending() >= MAX_ENTITIES_PER_BATCH

    def _mark_end(self, status: str, end_time: int) -> None:
        """The run's end, written once, after everything it logged."""
        if not self._ended:
            self._writer.append({"t": "end", "status": status, "end_time": end_time})
            self._ended = True

    def _pending(self) -> int:
        """Values logged here and not yet delivered."""
        return self._values_logged - self._delivery.delivered_values

    def _caught_up(self) -> bool:
        d = self._delivery
        return d.finished or (d.run_id is not None and d.acked >= self._writer.last_seq and not self._ended)

    def _waiting_for(self, outages: int) -> bool:
        """Whether a flush or the end that began when `outages` tries had failed should go on waiting."""
        return not (self._caught_up() or self._delivery.finished) and (
            self._error is None and not self._stopped and self._outages == outages
        )

    def _patience(self) -> Patience:
        return Patience(self._steps_done, time.monotonic())

    def _pause(self, now: float) -> float | None:
        """How long the drain waits before its next step: None for not at all, -1 for never (it is done)."""
        if self._delivery.finished or self._stopped or self._closing:
            return -1
        if self._backoff:  # the server is away: the next try when the back-off is over, or at once when asked
            if self._hurry or now >= self._retry_at:
                return None
            return min(self._retry_at - now, self._flush_interval)  # woken each interval, to fsync what came
        d = self._delivery
        if self._hurry or self._ended or d.setting_up() or self._pending() >= MAX_ENTITIES_PER_BATCH:
            return None
        return self._flush_interval

    def _timed_out(self) -> None:
        """A wait ran out: a partly filled request goes now (it has waited the flush interval)."""
        if self._pending() and not self._backoff:
            self._hurry = True

    def _idle(self) -> None:
        """Everything written so far is delivered."""
        self._hurry = False

    def _outcome(self, step: Step, result: Any, exc: BaseException | None) -> None:
        if exc is None:
            self._delivery.done(step, result)
            self._steps_done += 1
            if self._backoff:
                logger.info("mlflow-lite: the server is back; delivering the journal %s", self._writer.path.name)
            self._backoff, self._warned = 0, False  # a flush's hurry lasts until everything is delivered
            return
        if is_outage(exc):
            self._delivery.interrupted()
            self._outages += 1
            self._hurry = False
            pause = OUTAGE_BACKOFF[min(self._backoff, len(OUTAGE_BACKOFF) - 1)]
            self._backoff += 1
            self._retry_at = time.monotonic() + pause
            if not self._warned:
                self._warned = True
                logger.warning(
                    "mlflow-lite: the server is away (%s); logging goes on into the journal %s, delivered when it "
                    "is back (or by `mlflow-lite sync`)",
                    exc,
                    self._writer.path,
                )
            return
        # A refusal of the server's is kept in the `.refused` file and raised at the caller's next call (the rest
        # goes on); anything else (a closed client, a full disk) stops the drain with the journal kept for `sync`.
        verdict = self._delivery.failed(step, exc) if isinstance(exc, ApiError) else Verdict.STUCK
        if verdict in (Verdict.REFUSED, Verdict.STUCK):
            self._failed(exc)
        if verdict == Verdict.STUCK:
            self._stopped = True

    def _refusals(self) -> ValuesRefused | None:
        """At the run's end: the error that says what the server refused of this run, if anything."""
        d = self._delivery
        if not d.refused_values:
            return None
        return ValuesRefused(
            f"the server refused {d.refused_values} values of this run for good"
            + (f" (first: {d.first_refusal})" if d.first_refusal else "")
            + f"; they are kept in {d.refused_path}, and the run ends FAILED, not FINISHED: `mlflow-lite sync "
            "--retry-refused` sends them again once mended, deleting the file gives them up",
            count=d.refused_values,
            path=d.refused_path,
        )

    def _broken(self, exc: BaseException) -> None:
        """The drain failed by itself (not a request): stop, keep the journal for `sync`, report at the next call."""
        self._failed(exc)
        self._stopped = True
        with contextlib.suppress(Exception):
            self._delivery.close()
            self._writer.close()

    def _fsync_due(self) -> bool:
        return self._writer.last_seq > self._fsynced_seq

    def _fsynced(self, seq: int) -> None:
        self._fsynced_seq = max(self._fsynced_seq, seq)

    def _finish(self) -> None:
        """The drain stops: the journal is removed when its job is done, else released for `sync`. A run never
        ended whose values the server all has is done too: it stays as it is (RUNNING, as without a journal)
        rather than being ended KILLED by a later sync."""
        self._delivery.close()
        done = self._delivery.finished or (self._closing and self._caught_up() and not self._ended)
        self._writer.close(remove=done)


def writer_gone_at(path: os.PathLike[str]) -> int:
    """When a journal was last written (epoch ms): the last sign of life of the process that wrote it."""
    return os.lstat(path).st_mtime_ns // 1_000_000

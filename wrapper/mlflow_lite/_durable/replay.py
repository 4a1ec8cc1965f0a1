"""`mlflow-lite sync`: deliver what dead or offline processes left in a spool folder, each journal exactly once
however often it is interrupted and rerun (see `delivery` for how a journal is read back and acknowledged);
report what the server refused for good (`.refused` files), and with `retry_refused` send it again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .._errors import ApiError, InvalidParameterValue
from .delivery import Delivery, Step, Verdict, is_outage, writer_gone_at
from .journal import (
    SUFFIX,
    JournalBusy,
    JournalRefused,
    JournalWriter,
    RefusedRecord,
    check_spool_dir,
    journal_files,
    read_refused,
    read_server,
    refused_files,
    rewrite_refused,
    scan,
)

if TYPE_CHECKING:
    from .._core.context import Context
    from .._core.effects import Op

__all__ = ["ReplayReport", "replay_spool"]


@attrs.define
class ReplayReport:
    """What `replay_spool` did, journal by journal, for the command line to tell."""

    runs_done: list[str] = attrs.field(factory=list)  # run ids delivered completely
    values: int = 0  # metric values, params and tags delivered
    busy: list[str] = attrs.field(factory=list)  # journals of running processes (or of another sync)
    untrusted: list[str] = attrs.field(factory=list)  # not regular files of this user's, or unreadable: not read
    elsewhere: dict[str, list[str]] = attrs.field(factory=dict)  # server -> its journals, not replayed here
    damaged: list[str] = attrs.field(factory=list)  # one line per damaged journal line
    # Last lines cut short when their process died (see `JournalWriter.seal`): their calls never returned, so
    # nothing is missing that a caller was told is stored. Said, and not counted against `complete`.
    cut: list[str] = attrs.field(factory=list)
    refused: list[str] = attrs.field(factory=list)  # requests the server refused for good
    # `.refused` files still holding values: name -> (values, runs, the first refusal)
    kept: dict[str, tuple[int, int, str]] = attrs.field(factory=dict)
    resent: int = 0  # values of `.refused` files the server took when sent again (`retry_refused`)
    stuck: list[str] = attrs.field(factory=list)  # journals left because a run could not be created or ended
    away: str | None = None  # the server stopped answering: what is left stays for the next sync

    def complete(self) -> bool:
        return not (self.damaged or self.refused or self.kept or self.stuck or self.untrusted or self.away)


def replay_spool(
    drive: Callable[[Op[Any]], Any],
    cx: Context,
    server: str,
    spool_dir: Path,
    *,
    any_server: bool = False,
    retry_refused: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ReplayReport:
    """Deliver every journal in `spool_dir` bound to `server` (or any, with `any_server`) that no live process
    holds, in the order they were written; each exactly once, however often this is interrupted and rerun.
    Then report the `.refused` files bound to it (`kept`), after sending their records again, each alone,
    with `retry_refused` (what the server takes leaves the file; the file goes when it is empty).

    A spool folder someone else can write to raises `InvalidParameterValue` before anything is read; a file named
    like a journal that is not a regular file of this user's is reported (`untrusted`) and never opened."""
    check_spool_dir(spool_dir)
    report = ReplayReport()
    for path in journal_files(spool_dir):
        try:
            bound_to = read_server(path)
        except FileNotFoundError:
            continue  # delivered meanwhile by its own process
        except JournalRefused as exc:
            report.untrusted.append(str(exc))
            continue
        except OSError as exc:
            report.untrusted.append(f"{path.name} cannot be read ({exc.strerror or exc})")
            continue
        if bound_to != server and not any_server:
            report.elsewhere.setdefault(bound_to or "an unknown server (damaged first line)", []).append(path.name)
            continue
        try:
            writer = JournalWriter.adopt(path)
        except (JournalBusy, FileNotFoundError) as exc:
            report.busy.append(str(exc))
            continue
        except JournalRefused as exc:
            report.untrusted.append(str(exc))
            continue
        except OSError as exc:
            report.untrusted.append(f"{path.name} cannot be opened for writing ({exc.strerror or exc})")
            continue
        if not _deliver_one(drive, cx, writer, report, progress):
            return report
    for path in refused_files(spool_dir):
        if not _refused_one(drive, cx, server, path, report, any_server=any_server, retry=retry_refused):
            break
    return report


def _refused_one(
    drive: Callable[[Op[Any]], Any],
    cx: Context,
    server: str,
    path: Path,
    report: ReplayReport,
    *,
    any_server: bool,
    retry: bool,
) -> bool:
    """Report one `.refused` file, after sending its records again with `retry`; False when the server went away."""
    from .._ops import runs

    try:
        holder = JournalWriter.adopt(path)  # its lock: a live run may still be adding to it, or another sync
    except (JournalBusy, FileNotFoundError):
        return True
    except JournalRefused as exc:
        report.untrusted.append(str(exc))
        return True
    try:
        bound_to, records, damage = read_refused(path)
        report.damaged.extend(f"{path.name} line {line.number}: {line.problem}" for line in damage)
        if bound_to != server and not any_server:
            report.elsewhere.setdefault(bound_to or "an unknown server (damaged first line)", []).append(path.name)
            return True
        left: list[RefusedRecord] = []
        away = False
        # While its journal is there, its delivery may still add to the file: it is only read, never rewritten.
        retry = retry and not path.with_suffix(SUFFIX).exists()
        for record in records:
            if not retry or away:
                left.append(record)
                continue
            try:
                drive(runs.send_batch(cx, record.run_id, record.batch))
            except Exception as exc:
                if is_outage(exc):
                    report.away, away = str(exc), True
                elif not isinstance(exc, ApiError):
                    raise
                left.append(record if away else attrs.evolve(record, error=str(exc)[:2000]))
                continue
            report.resent += len(record.batch)
        if retry and len(left) != len(records):
            rewrite_refused(path, bound_to, left)
        if left:
            values = sum(len(record.batch) for record in left)
            report.kept[path.name] = (values, len({r.run_id for r in left}), left[0].error)
        return not away
    finally:
        holder.close()


def _next_step(delivery: Delivery, name: str, report: ReplayReport) -> Step | None:
    try:
        return delivery.next_step()
    except InvalidParameterValue as exc:  # no run to deliver to: its start was damaged
        report.stuck.append(f"{name}: {exc}")
        return None


def _deliver_one(
    drive: Callable[[Op[Any]], Any],
    cx: Context,
    writer: JournalWriter,
    report: ReplayReport,
    progress: Callable[[str, int, int], None] | None,
) -> bool:
    """Deliver one adopted journal; False when the server went away (stop: the rest waits for the next sync)."""
    gone_at = writer_gone_at(writer.path)  # before anything is written to it
    state = scan(writer.path)  # under the lock: another sync may have delivered part of it
    if state.torn is not None:
        report.cut.append(f"{writer.path.name} line {state.torn.number}: {state.torn.problem}")
    writer.seal(state.last_seq, state.torn.torn if state.torn is not None else 0)
    if state.orphaned_at is None:
        # A sync that is interrupted changes the file's time: the first one records its process's last sign of life.
        writer.append({"t": "orphaned", "at": gone_at})
    else:
        gone_at = state.orphaned_at
    delivery = Delivery(writer, state, writer_gone_at=gone_at)
    name = writer.path.name
    total = state.undelivered()
    try:
        while (step := _next_step(delivery, name, report)) is not None:
            try:
                result = drive(step.op(cx, delivery.run_id))
            except Exception as exc:
                if is_outage(exc):
                    report.away = str(exc)
                    return False
                verdict = delivery.failed(step, exc) if isinstance(exc, ApiError) else Verdict.STUCK
                if verdict == Verdict.STUCK:
                    report.stuck.append(f"{name}: {exc}")
                    return True
                if verdict == Verdict.REFUSED:
                    report.refused.append(f"{name}: {exc}")
                continue
            delivery.done(step, result)
            if progress is not None and step.kind == "send":
                progress(name, step.upto - state.acked, total)
    finally:
        report.damaged.extend(f"{name} line {line.number}: {line.problem}" for line in delivery.damage)
        report.values += delivery.delivered_values
        delivery.close()
        if delivery.finished:
            assert delivery.run_id is not None
            report.runs_done.append(delivery.run_id)
            writer.close(remove=not delivery.damage, damaged=bool(delivery.damage))
        else:
            writer.close()
    return True

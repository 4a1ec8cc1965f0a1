"""The spool journal (`_durable.journal`, `_durable.delivery`, `_durable.replay`) and `mlflow-lite sync`: nothing
a journaled run logs is lost, nothing is stored twice, whatever happens to the server, the process or the sync.

Unit tests read and write journals without a server; the rest run on both MLflow versions and read every value
back. "No server at all" is a loopback port nothing listens on; the server "comes back" as a proxy started on
that port in front of a real server (so no server is restarted for it). The outage test kills a real server.
"""

from __future__ import annotations

import json
import logging
import os
import random
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from conftest import unique
from faultproxy import Fault, FaultProxy
from readback import history

from mlflow_lite import AsyncTrackingClient, InvalidParameterValue, Run, TrackingClient
from mlflow_lite._durable.delivery import Delivery
from mlflow_lite._durable.journal import (
    JournalBusy,
    JournalWriter,
    decode_line,
    encode_record,
    journal_files,
    read_lines,
    scan,
)
from mlflow_lite._ops.run_start import RunPlan
from mlflow_server import MlflowServer

# Short budgets: a test's client finds the server away in about a second instead of ten.
# A client that gives up on an absent server after three quick tries (connection refused is immediate; the tries
# bound it, not the budget). The budget stays long: it also caps how long one live answer may take, and a busy
# machine's server takes seconds over a 1,000-value batch (a 1 s budget turned such answers into "offline").
FAST: dict[str, Any] = {"max_retries": 2, "retry_budget": 60.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def nowhere() -> str:
    """A tracking URI with no server behind it (yet)."""
    return f"http://127.0.0.1:{free_port()}"


def sync(uri: str, spool: Path | None, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mlflow-lite sync` in a process of its own, as a user runs it."""
    command = [sys.executable, "-m", "mlflow_lite", "--tracking-uri", uri, "sync", *extra]
    if spool is not None:
        command += ["--spool-dir", str(spool)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def only_run(tracking: TrackingClient, experiment: str) -> Run:
    found = tracking.get_experiment_by_name(experiment)
    assert found is not None, f"no experiment {experiment!r}"
    runs = list(tracking.search_runs(found.experiment_id))
    assert len(runs) == 1, f"{len(runs)} runs in {experiment!r}"
    return runs[0]


def steps_of(tracking: TrackingClient, run_id: str, key: str = "m") -> list[int]:
    return sorted(step for step, _, _ in history(tracking, run_id, key))


def offline_journal(spool: Path, uri: str, experiment: str, values: int, **run: Any) -> Path:
    """A run started, logged and ended while nothing answers at `uri`: what it leaves in the spool."""
    with TrackingClient(uri, spool_dir=spool, **FAST) as tracking:
        handle = tracking.start_run(experiment, **run)
        assert handle.run_id == ""  # not created: the server is away
        for i in range(values):
            handle.log_metric("m", i * 0.5, step=i)
        handle.log_params({"lr": 0.1, "layers": 3})
        handle.set_tag("phase", "offline")
        handle.end()
    (path,) = journal_files(spool)
    return path


@pytest.fixture
def proxy_at() -> Iterator[Any]:
    """Start a proxy to a real server on a given port: the server at that URI "comes back"."""
    started: list[FaultProxy] = []

    def start(uri: str, upstream: str) -> FaultProxy:
        proxy = FaultProxy(upstream, port=int(uri.rsplit(":", 1)[1])).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


# --- the file ------------------------------------------------------------------------------------------------


def test_lines_carry_a_checksum_that_catches_damage() -> None:
    line = encode_record({"t": "log", "s": 1, "m": [["loss", "NaN", 5, 0]]})
    assert line.endswith(b"\n")
    assert decode_line(1, line[:-1]).record == {"t": "log", "s": 1, "m": [["loss", "NaN", 5, 0]]}
    flipped = line[:-3] + bytes([line[-3] ^ 0x01]) + line[-2:]
    assert decode_line(1, flipped[:-1]).problem == "garbled (checksum does not match)"
    assert decode_line(1, b"not a journal line").problem is not None


def test_lines_read_together_are_parsed_together_and_damage_is_still_told_line_by_line(tmp_path: Path) -> None:
    from mlflow_lite._durable.journal import LineReader, decode_records

    records: list[dict[str, Any]] = [{"t": "log", "s": s, "m": [["m", s / 3, 5, s]]} for s in range(1, 6)]
    lines = [encode_record(record).rstrip(b"\n") for record in records]
    assert decode_records(lines) == records
    garbled = lines[2].replace(b'"m"', b'"n"')
    assert decode_records([*lines[:2], garbled, *lines[3:]]) is None
    # Two objects on one line whose checksum holds: not one record per line, so each line is decoded alone.
    body = b'{"t":"ack","s":1},{"t":"ack","s":2}'
    assert decode_records([b"%08x %s" % (zlib.crc32(body), body)]) is None
    path = tmp_path / "x.journal"
    path.write_bytes(b"\n".join([*lines[:2], garbled, *lines[3:]]) + b"\n")
    path.chmod(0o600)
    reader = LineReader(path)
    good, damage = reader.read_records()
    reader.close()
    assert good == records[:2] + records[3:]
    assert [(line.number, line.problem) for line in damage] == [(3, "garbled (checksum does not match)")]
    assert [line.record for line in read_lines(path)] == [*records[:2], None, *records[3:]]


def test_a_line_with_a_bare_nan_token_is_not_a_record() -> None:
    """No writer writes NaN or Infinity bare (values are "NaN" strings); a line that holds one, its checksum
    right, is refused, so that no non-finite float reaches a request (MLflow stores a bare NaN as 0.0)."""
    from mlflow_lite._durable.journal import decode_records

    for token in (b"NaN", b"Infinity", b"-Infinity"):
        body = b'{"t":"log","s":1,"m":[["m",%s,5,0]]}' % token
        line = b"%08x %s" % (zlib.crc32(body), body)
        assert decode_line(1, line).problem == "garbled (not a journal line)"
        assert decode_records([line]) is None


def plan() -> RunPlan:
    return RunPlan("e", None, "r", (("mlflow.user", "u"),), 1_000, "k" * 32)


def test_a_journal_is_private_locked_and_read_back(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    writer = JournalWriter.create(spool, "http://127.0.0.1:5000")
    writer.append(plan().to_record())
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    assert stat.S_IMODE(writer.path.stat().st_mode) == 0o600
    with pytest.raises(JournalBusy):  # its writer holds it
        JournalWriter.adopt(writer.path)
    seq = writer.log([], [("p", "1")], [("t", "x")])
    writer.append({"t": "ack", "s": seq})
    writer.append({"t": "end", "status": "FINISHED", "end_time": 2_000})
    writer.close()
    state = scan(writer.path)
    assert (state.server, state.plan, state.acked, state.last_seq, state.end) == (
        "http://127.0.0.1:5000",
        plan(),
        1,
        1,
        ("FINISHED", 2_000),
    )
    assert not state.damage
    JournalWriter.adopt(writer.path).close()  # free once its writer is gone


def test_one_call_is_one_append_split_into_requests(tmp_path: Path) -> None:
    from mlflow_lite._ops.validate import MetricEntry

    writer = JournalWriter.create(tmp_path, "http://x:1")
    metrics = [MetricEntry("m", float(i), 1, i) for i in range(2_500)]
    assert writer.log(metrics, [], []) == 3  # 1000 + 1000 + 500: each record is one request at most
    writer.close()
    sizes = [
        len(line.record.get("m", ())) for line in read_lines(writer.path) if line.record and line.record["t"] == "log"
    ]
    assert sizes == [1_000, 1_000, 500]


@pytest.mark.parametrize("cut_back", [True, False], ids=["cut-back", "cannot-cut-back"])
def test_a_full_disk_loses_only_the_value_whose_call_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_back: bool
) -> None:
    """A write that the disk cuts short (ENOSPC after half a line) raises at the call; the file goes back to its
    last whole line (or, when it cannot be cut back, the next record starts a line of its own), so every value
    whose call returned is read back and none is glued to a torn line."""
    import errno

    from mlflow_lite._ops.validate import MetricEntry

    writer = JournalWriter.create(tmp_path, "http://x:1")
    writer.log([MetricEntry("m", 0.0, 1, 0)], [], [])
    real_write, real_truncate = os.write, os.ftruncate
    calls = 0

    def full_disk(fd: int, data: bytes | memoryview) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            return real_write(fd, bytes(data)[: len(data) // 2])  # half a line, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    def no_truncate(fd: int, length: int) -> None:
        raise OSError(errno.EIO, "cannot truncate")

    monkeypatch.setattr(os, "write", full_disk)
    if not cut_back:
        monkeypatch.setattr(os, "ftruncate", no_truncate)
    with pytest.raises(OSError, match="No space left"):
        writer.log([MetricEntry("m", 1.0, 1, 1)], [], [])
    monkeypatch.setattr(os, "write", real_write)
    monkeypatch.setattr(os, "ftruncate", real_truncate)
    assert writer.log([MetricEntry("m", 2.0, 1, 2)], [], []) == 2  # the failed call's number is used again
    writer.close()
    state = scan(writer.path)
    steps = [
        m[3] for line in read_lines(writer.path) if line.record and line.record["t"] == "log" for m in line.record["m"]
    ]
    assert steps == [0, 2]
    assert state.last_seq == 2
    assert len(state.damage) == (0 if cut_back else 1)  # the torn half line, reported, glued to nothing


def fake_delivery(tmp_path: Path, *, values: int, gone: bool) -> tuple[Delivery, JournalWriter]:
    from mlflow_lite._ops.validate import MetricEntry

    writer = JournalWriter.create(tmp_path, "http://x:1")
    writer.append(plan().to_record())
    for i in range(values):
        writer.log([MetricEntry("m", float(i), 1, i)], [("p", "1")] if i == 0 else [], [])
    writer.close()
    adopted = JournalWriter.adopt(writer.path)
    state = scan(writer.path)
    adopted.seal(state.last_seq)
    return Delivery(adopted, state, writer_gone_at=123 if gone else None), adopted


class FakeRun:
    class info:
        run_id = "a" * 32
        experiment_id = "1"


def test_delivery_steps_merge_records_and_acks_survive_a_restart(tmp_path: Path) -> None:
    delivery, writer = fake_delivery(tmp_path, values=2_500, gone=True)
    step = delivery.next_step()
    assert step is not None
    assert (step.kind, step.resent) == ("create", True)  # a sync looks for the run an earlier try made
    delivery.done(step, FakeRun)
    kinds = []
    while (step := delivery.next_step()) is not None:
        kinds.append((step.kind, len(step.batch) if step.batch else 0, step.status))
        if step.kind == "send" and step.upto > 1_500:
            break  # interrupted after acknowledging 2 requests
        delivery.done(step, None)
    assert kinds[:3] == [("forget-key", 0, ""), ("send", 1_000, ""), ("send", 1_000, "")]
    delivery.close()
    writer.close()
    # The next sync starts after the acknowledged records and ends the run KILLED: its process died.
    state = scan(writer.path)
    assert (state.run_id, state.acked) == ("a" * 32, 999)  # the first request held the param too
    again = Delivery(JournalWriter.adopt(writer.path), state, writer_gone_at=123)
    steps = []
    while (step := again.next_step()) is not None:
        steps.append(step)
        again.done(step, None)
    assert [s.kind for s in steps] == ["forget-key", "send", "send", "end"]
    assert sum(len(s.batch) for s in steps if s.batch) == 2_500 - 999
    assert (steps[-1].status, steps[-1].end_time) == ("KILLED", 123)


def test_a_request_that_failed_is_tried_again_before_anything_newer(tmp_path: Path) -> None:
    delivery, writer = fake_delivery(tmp_path, values=2_500, gone=False)
    create = delivery.next_step()
    assert create is not None
    delivery.done(create, FakeRun)
    forget = delivery.next_step()
    assert forget is not None
    delivery.done(forget, None)
    first = delivery.next_step()
    assert first is not None
    assert first.batch is not None
    delivery.interrupted()  # the server went away during the try
    again = delivery.next_step()
    assert again is not None
    assert (again.batch, again.upto, again.resent) == (first.batch, first.upto, True)
    delivery.done(again, None)
    after = delivery.next_step()
    assert after is not None
    assert after.batch is not None
    assert after.batch.metrics[0].step == first.batch.metrics[-1].step + 1
    writer.close()


def test_a_live_run_waits_for_more_instead_of_ending(tmp_path: Path) -> None:
    delivery, writer = fake_delivery(tmp_path, values=3, gone=False)
    step = delivery.next_step()
    assert step is not None
    delivery.done(step, FakeRun)
    while (step := delivery.next_step()) is not None:
        assert step.kind != "end"
        delivery.done(step, None)
    writer.close()


def test_a_journal_whose_start_is_damaged_is_reported_and_kept(tmp_path: Path) -> None:
    from mlflow_lite._core.context import Context
    from mlflow_lite._core.retry import RetryPolicy
    from mlflow_lite._durable.replay import replay_spool

    writer = JournalWriter.create(tmp_path, "http://x:1")
    writer.append(plan().to_record())
    writer.log([], [("p", "1")], [])
    writer.close()
    lines = writer.path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"start_time", b"start_tim3")  # the run's start: its checksum fails
    writer.path.write_bytes(b"\n".join(lines))

    def drive(op: object) -> None:
        raise AssertionError("nothing may be sent without a run to send it to")

    policy = RetryPolicy(max_retries=0, backoff_factor=0, backoff_jitter=0, budget=1, timeout=1, connect_timeout=1)
    report = replay_spool(drive, Context(policy), "http://x:1", tmp_path)
    assert report.damaged == [f"{writer.path.name} line 2: garbled (checksum does not match)"]
    assert report.stuck == [f"{writer.path.name}: the journal {writer.path.name} names no run to deliver to"]
    assert not report.complete()
    assert journal_files(tmp_path) == [writer.path]  # kept: nothing of it was delivered


def test_spool_dir_comes_from_the_argument_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert TrackingClient("http://127.0.0.1:5000").spool_dir is None
    monkeypatch.setenv("MLFLOW_LITE_SPOOL_DIR", str(tmp_path / "env"))
    assert TrackingClient("http://127.0.0.1:5000").spool_dir == tmp_path / "env"
    assert TrackingClient("http://127.0.0.1:5000", spool_dir=tmp_path / "arg").spool_dir == tmp_path / "arg"
    (tmp_path / "file").write_text("")
    with pytest.raises(InvalidParameterValue, match="not a folder"):
        TrackingClient("http://127.0.0.1:5000", spool_dir=tmp_path / "file")
    with pytest.raises(InvalidParameterValue, match="buffered=False"):
        TrackingClient("http://127.0.0.1:5000", spool_dir=tmp_path / "arg").start_run("e", buffered=False)


def test_sync_without_a_spool_folder_is_one_line() -> None:
    result = sync("http://127.0.0.1:1", None)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mlflow-lite: no spool folder: give --spool-dir or set MLFLOW_LITE_SPOOL_DIR"
    ]


# --- who may write the spool --------------------------------------------------------------------------------

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
as_root = pytest.mark.skipif(not IS_ROOT, reason="giving a file to another user (chown) needs root")
NOBODY = 65534  # another user's uid (nobody)


def plant(spool: Path, uri: str, run_id: str, experiment_id: str) -> Path:
    """A journal with valid checksums, as someone who can write to the spool could leave it: it ends one of the
    owner's runs FAILED at time 1, changes a metric and injects a tag, with the owner's credentials."""
    journal = spool / "planted.journal"
    records: list[dict[str, Any]] = [
        {"t": "journal", "v": 1, "server": uri, "created": 1},
        {"t": "run", "run_id": run_id, "experiment_id": experiment_id},
        {"t": "log", "s": 1, "m": [["m", 666.0, 1, 0]], "g": [["injected", "yes"]]},
        {"t": "end", "status": "FAILED", "end_time": 1},
    ]
    journal.write_bytes(b"".join(encode_record(record) for record in records))
    return journal


def test_a_run_will_not_journal_into_a_folder_others_can_write(tmp_path: Path) -> None:
    """Whoever can write to the spool folder can plant journals that `sync` delivers with the owner's
    credentials: a folder open to group or others is refused before anything is written to it."""
    spool = tmp_path / "open"
    spool.mkdir()
    spool.chmod(0o777)
    with (
        TrackingClient(nowhere(), spool_dir=spool, **FAST) as tracking,
        pytest.raises(InvalidParameterValue, match=r"writable by others.*chmod 700"),
    ):
        tracking.start_run("e")
    spool.chmod(0o770)
    with pytest.raises(InvalidParameterValue, match="writable by its group"):
        JournalWriter.create(spool, "http://x:1")
    assert os.listdir(spool) == []


@pytest.mark.anyio
async def test_an_async_run_will_not_journal_into_a_folder_others_can_write(tmp_path: Path) -> None:
    spool = tmp_path / "open"
    spool.mkdir()
    spool.chmod(0o757)
    async with AsyncTrackingClient(nowhere(), spool_dir=spool, **FAST) as tracking:
        with pytest.raises(InvalidParameterValue, match="writable by others"):
            await tracking.start_run("e")
    assert os.listdir(spool) == []


@as_root
def test_a_run_will_not_journal_into_another_users_folder(tmp_path: Path) -> None:
    spool = tmp_path / "theirs"
    spool.mkdir(mode=0o700)
    os.chown(spool, NOBODY, NOBODY)
    with pytest.raises(InvalidParameterValue, match=f"owned by another user \\(uid {NOBODY}\\)"):
        JournalWriter.create(spool, "http://x:1")
    assert os.listdir(spool) == []


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_sync_reads_and_writes_regular_journals_only(tmp_path: Path, kind: str) -> None:
    """A `x.journal` that is a symbolic link (its target would be appended to), a FIFO (opening it waits for a
    writer forever) or a folder: reported and skipped, never opened, never a hang or a traceback."""
    spool = tmp_path / "spool"
    spool.mkdir(mode=0o700)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not yours to append to\n")
    odd = spool / "x.journal"
    if kind == "symlink":
        odd.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(odd, 0o600)
    else:
        odd.mkdir()
    # About a second when it works; a FIFO opened for reading blocks forever, so the limit is what fails.
    command = [sys.executable, "-m", "mlflow_lite", "--tracking-uri", nowhere(), "sync", "--any-server"]
    try:
        result = subprocess.run(
            [*command, "--spool-dir", str(spool)], capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"sync hung on a {kind} named x.journal")
    no_traceback(result)
    described = {"symlink": "a symbolic link", "fifo": "a FIFO", "folder": "a folder"}[kind]
    assert f"x.journal is {described}, not a regular file" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1  # something in the spool needs a look
    assert victim.read_bytes() == b"not yours to append to\n"


def test_sync_refuses_a_spool_folder_others_can_write(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    spool.chmod(0o777)
    result = sync(nowhere(), spool)
    no_traceback(result)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "writable by others (mode 0777)" in result.stderr


# --- against real servers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("planted", ["in a folder others can write", "in another user's folder", "by another user"])
def test_sync_delivers_no_journal_someone_else_could_have_planted(
    server: MlflowServer, tmp_path: Path, planted: str
) -> None:
    """The attack: a journal planted in the spool would rewrite one of the owner's finished runs. `sync` refuses
    a folder others can write to or another user owns, and a journal another user owns; the run is untouched."""
    if planted != "in a folder others can write" and not IS_ROOT:
        pytest.skip("giving a file to another user (chown) needs root")
    with TrackingClient(server.url) as tracking:
        experiment_id = tracking.create_experiment(unique("planted"))
        with tracking.start_run(experiment_id=experiment_id) as run:
            run.log_metric("m", 1.0)
        before = tracking.get_run(run.run_id)
    spool = tmp_path / "spool"
    spool.mkdir(mode=0o700)
    journal = plant(spool, server.url, run.run_id, experiment_id)
    if planted == "in a folder others can write":
        spool.chmod(0o777)
    elif planted == "in another user's folder":
        os.chown(spool, NOBODY, NOBODY)
    else:
        os.chown(journal, NOBODY, NOBODY)
    result = sync(server.url, spool)
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    says = {
        "in a folder others can write": "writable by others",
        "in another user's folder": "owned by another user",
        "by another user": f"planted.journal is owned by another user (uid {NOBODY})",
    }[planted]
    assert says in result.stdout + result.stderr
    with TrackingClient(server.url) as tracking:
        after = tracking.get_run(run.run_id)
    assert (after.info.status, after.info.end_time) == (before.info.status, before.info.end_time)
    assert after.data.metrics == before.data.metrics == {"m": 1.0}
    assert "injected" not in after.data.tags
    assert journal.exists()  # left for the owner to look at


def test_a_run_logs_through_an_outage_longer_than_the_retry_budget(
    killable_server: MlflowServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """10,000 values while the server is killed, stays down past the retry budget, and comes back: all arrive,
    once each; no logging call raises, none waits on the server."""
    server, budget = killable_server, 2.0
    caplog.set_level(logging.WARNING, logger="mlflow_lite")
    slowest = 0.0
    with (
        Stalls(tmp_path.with_name(tmp_path.name + "-stalls")) as stalls,  # beside the spool folder
        TrackingClient(server.url, spool_dir=tmp_path, max_retries=3, retry_budget=budget) as tracking,
    ):
        # On a loaded machine the just-started server may take longer than the 2 s budget to create the run: the
        # run then starts on its journal and the drain creates it later, which this test covers as well.
        run = tracking.start_run(unique("outage"))

        def log(i: int) -> None:
            nonlocal slowest
            started = time.perf_counter()
            run.log_metric("m", i * 0.5, step=i)
            slowest = max(slowest, time.perf_counter() - started)

        for i in range(3_000):
            log(i)
        server.kill()
        down_since = time.monotonic()

        def restart() -> None:
            time.sleep(3 * budget)  # down for longer than a call's whole retry budget
            server.start()

        restarter = threading.Thread(target=restart)
        restarter.start()
        i = 3_000
        while restarter.is_alive() and i < 9_000:  # logging goes on while the server is down and restarting
            log(i)
            i += 1
            time.sleep(0.002)
        restarter.join()
        down_for = time.monotonic() - down_since
        while i < 10_000:
            log(i)
            i += 1
        run.end()
        deadline = time.monotonic() + 120
        while Path(str(run.journal)).exists() and time.monotonic() < deadline:
            time.sleep(0.2)  # a drain that was backing off delivers when its next try comes
        assert not Path(str(run.journal)).exists(), "the journal was not delivered within 2 minutes"
        assert run.run_id  # created, at start or by the drain
        assert down_for > budget * 2
        assert any("the server is away" in r.getMessage() for r in caplog.records)
    # Read back with a client of the usual budget: the logging client's 2 s budget is too short for reading
    # 10,000 values from a server just restarted on a loaded machine.
    with TrackingClient(server.url) as check:
        assert steps_of(check, run.run_id) == list(range(10_000))
        assert check.get_run(run.run_id).info.status == "FINISHED"
    print(
        f"down {down_for:.1f} s (budget {budget} s); slowest logging call {slowest * 1000:.1f} ms, slowest "
        f"append beside it {stalls.worst * 1000:.1f} ms"
    )
    # A call that waited on the server would wait out the retry budget; a journaled call takes about 20 us, but a
    # loaded machine can stall it: 2.2 s once, beside two CPU-bound processes and the suite's 1 GiB transfers
    # (writes wait while the kernel flushes). The baseline is measured meanwhile: a thread of this process
    # appending to a file in the same folder, which any such stall holds up as well.
    assert slowest < budget + stalls.worst, f"a logging call waited {slowest:.2f} s: the server's retry budget"


class Stalls:
    """A thread that appends a line to `path` every millisecond while in use: `worst` is the longest one append
    took (its lock, the interpreter's and the file's), the baseline of what the machine stalls such a call by."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._append, daemon=True)

    def _append(self) -> None:
        lock = threading.Lock()
        with self.path.open("ab", buffering=0) as file:
            while not self._stop.wait(0.001):
                started = time.perf_counter()
                with lock:
                    file.write(b"a logging call's worth of bytes, about as many as a journal line\n")
                self.worst = max(self.worst, time.perf_counter() - started)

    def __enter__(self) -> Stalls:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


CHILD = """
import sys, time
from mlflow_lite import TrackingClient
tracking = TrackingClient(sys.argv[1], spool_dir=sys.argv[2], max_retries=2, retry_budget=5)
run = tracking.start_run(sys.argv[3])
run.log_param("lr", "0.1")
print("run", run.run_id, flush=True)
i = 0
while True:
    before = time.time_ns() // 1_000_000
    run.log_metric("m", i * 0.5, step=i)
    if i % 100 == 99:
        print(i, before, flush=True)  # every value up to i has been logged (written after `before`)
    i += 1
"""

# The kernel stamps a file's modification time from its coarse clock, up to one tick (10 ms at the lowest usual
# HZ, 100) behind the clock `time.time_ns()` reads; 20 ms covers that tick and the cut to whole milliseconds.
FILE_CLOCK_SLACK_MS = 20


def test_a_killed_process_run_is_delivered_by_sync_and_ends_killed(server: MlflowServer, tmp_path: Path) -> None:
    """SIGKILL a process mid-run; `mlflow-lite sync` delivers all it logged, and ends its run KILLED: the
    process was stopped from outside before it could end its run (FAILED is for a run whose code raised)."""
    experiment = unique("killed")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, server.url, str(tmp_path), experiment], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    run_id = child.stdout.readline().split()[1]
    logged = alive_at = 0
    while logged < 20_000:
        logged, alive_at = map(int, child.stdout.readline().split())
    child.send_signal(signal.SIGKILL)
    killed_at = time.time_ns() // 1_000_000
    child.wait()
    child.stdout.close()
    (journal,) = journal_files(tmp_path)
    result = sync(server.url, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "delivered 1 run (" in result.stdout
    with TrackingClient(server.url) as tracking:
        stored = steps_of(tracking, run_id)
        assert stored == list(range(len(stored)))  # no gap, no duplicate
        assert len(stored) >= logged + 1  # everything acknowledged before the kill (and what followed it)
        run = tracking.get_run(run_id)
        assert run.info.status == "KILLED"
        assert run.info.end_time is not None
        # Its last sign of life, the journal's last write: after the child last said it was alive, before the kill
        # (bounds from events, not from how fast this machine is).
        assert alive_at - FILE_CLOCK_SLACK_MS <= run.info.end_time <= killed_at
        assert run.data.params == {"lr": "0.1"}
        assert "mlflow_lite.request_id" not in run.data.tags
    assert not journal.exists()


def test_a_run_with_no_server_at_all_appears_complete_after_sync(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    uri, experiment = nowhere(), unique("offline")
    before = int(time.time() * 1000)
    journal = offline_journal(tmp_path, uri, experiment, 2_500, run_name="on-a-plane", tags={"team": "edge"})
    started = scan(journal).plan
    assert started is not None
    assert started.start_time >= before
    proxy_at(uri, server.url)  # the server is back
    result = sync(uri, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"delivered 1 run (2503 values) to {uri}" in result.stdout
    with TrackingClient(server.url) as tracking:
        run = only_run(tracking, experiment)
        assert run.info.run_name == "on-a-plane"
        assert run.info.status == "FINISHED"
        assert run.info.start_time == started.start_time  # when it started, not when it was delivered
        assert run.data.params == {"lr": "0.1", "layers": "3"}
        assert run.data.tags["team"] == "edge"
        assert run.data.tags["phase"] == "offline"
        assert "mlflow.user" in run.data.tags  # the context tags, taken when it started
        assert "mlflow_lite.request_id" not in run.data.tags
        stored = [(step, value) for step, _, value in history(tracking, run.info.run_id, "m")]
        assert stored == [(i, i * 0.5) for i in range(2_500)]
    assert journal_files(tmp_path) == []
    again = sync(uri, tmp_path)  # nothing left: a second sync does nothing
    assert again.returncode == 0
    assert "delivered 0 runs" in again.stdout


def kill_sync_at_a_random_point(command: list[str], journal: Path, rng: random.Random, attempt: int) -> bool:
    """Run a sync and SIGKILL it: on even attempts after a random time (start-up included), on odd ones after it
    has written 1-4 more lines to the journal (acknowledgements: mid-delivery), plus up to 0.15 s (mid-request).
    Whether it was killed (False: it finished first)."""
    size = journal.stat().st_size
    lines = rng.randint(1, 4)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + (rng.uniform(0.05, 1.5) if attempt % 2 == 0 else 60)
    while process.poll() is None and time.monotonic() < deadline:
        try:
            grown = journal.stat().st_size >= size + 30 * lines
        except FileNotFoundError:  # delivered and removed: the sync is finishing
            grown = True
        if attempt % 2 == 1 and grown:
            time.sleep(rng.uniform(0, 0.15))
            break
        time.sleep(0.005)
    if process.poll() is not None:
        return False
    process.send_signal(signal.SIGKILL)
    process.wait()
    return True


def test_sync_killed_at_random_points_still_delivers_exactly_once(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    uri, experiment = nowhere(), unique("interrupted")
    journal = offline_journal(tmp_path, uri, experiment, 15_000)
    proxy_at(uri, server.url)
    seed = random.randrange(1 << 30)  # noqa: S311 - when to interrupt, not cryptography
    rng = random.Random(seed)  # noqa: S311
    command = [sys.executable, "-m", "mlflow_lite", "--tracking-uri", uri, "sync", "--spool-dir", str(tmp_path)]
    kills = mid_delivery = 0
    for attempt in range(60):
        if kill_sync_at_a_random_point(command, journal, rng, attempt):
            kills += 1
            if not journal.exists():
                break  # killed after it removed the delivered journal
            state = scan(journal)
            mid_delivery += 0 < state.acked < state.last_seq
        if not journal.exists():
            break
    assert not journal.exists(), f"still not delivered after 60 syncs (seed {seed})"
    assert mid_delivery > 0, f"no sync was killed in the middle of delivering (seed {seed}): nothing proved"
    with TrackingClient(server.url) as tracking:
        run = only_run(tracking, experiment)
        assert steps_of(tracking, run.info.run_id) == list(range(15_000)), f"seed {seed}"
        assert run.info.status == "FINISHED"
    print(f"seed {seed}: {kills} syncs killed, {mid_delivery} in the middle of delivering")


def test_garbled_and_truncated_lines_are_reported_and_the_rest_delivered(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    uri, experiment = nowhere(), unique("garbled")
    journal = offline_journal(tmp_path, uri, experiment, 100)
    lines = journal.read_bytes().split(b"\n")
    # Line 13 holds step 10 (lines: header, start, then one log record per value); flip a byte in it, and cut
    # the last line (the run's end) in half, as a crash mid-write would.
    assert json.loads(lines[12].split(b" ", 1)[1])["m"][0][3] == 10
    lines[12] = lines[12].replace(b'"m"', b'"n"')
    end = lines[-2]
    damaged = b"\n".join(lines[:-2]) + b"\n" + end[: len(end) // 2]
    journal.write_bytes(damaged)
    proxy_at(uri, server.url)
    result = sync(uri, tmp_path)
    assert result.returncode == 1
    assert "line 13: garbled (checksum does not match)" in result.stdout
    assert "truncated" in result.stdout
    with TrackingClient(server.url) as tracking:
        run = only_run(tracking, experiment)
        assert steps_of(tracking, run.info.run_id) == [i for i in range(100) if i != 10]
        assert run.data.params == {"lr": "0.1", "layers": "3"}
        # The end record was the torn line: the run is ended as its process left it, KILLED.
        assert run.info.status == "KILLED"
    assert journal_files(tmp_path) == []
    assert [p.suffix for p in tmp_path.iterdir()] == [".damaged"]  # kept for a look, owner-only
    assert stat.S_IMODE(next(tmp_path.iterdir()).stat().st_mode) == 0o600


def test_a_last_line_cut_short_by_its_process_death_is_cut_off_and_the_rest_delivered(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    """A process killed inside a write can leave the journal's last line cut short: that call never returned.
    `sync` cuts the partial line off, says so, delivers every whole line and counts the journal delivered."""
    uri, experiment = nowhere(), unique("cut")
    journal = offline_journal(tmp_path, uri, experiment, 100)
    lines = journal.read_bytes().split(b"\n")
    # Lines: header, start, one log record per value, params, tag, end. The process died writing step 99's.
    last = lines[101]
    assert json.loads(last.split(b" ", 1)[1])["m"][0][3] == 99
    journal.write_bytes(b"\n".join(lines[:101]) + b"\n" + last[: len(last) // 2])
    proxy_at(uri, server.url)
    result = sync(uri, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"line 102: truncated ({len(last) // 2} bytes without an end of line)" in result.stdout
    assert "cut short" in result.stdout
    with TrackingClient(server.url) as tracking:
        run = only_run(tracking, experiment)
        assert steps_of(tracking, run.info.run_id) == list(range(99))
        assert run.info.status == "KILLED"  # its end was never written
    assert list(tmp_path.iterdir()) == []  # delivered: no journal left, none kept as damaged
    again = sync(uri, tmp_path)
    assert (again.returncode, "cut short" in again.stdout) == (0, False)


def test_journals_hold_no_secret_and_stay_with_their_server(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    """Token, password and client key stay out of the journal; a journal is replayed to its own server only,
    unless `sync --any-server` says so."""
    key_file = tmp_path / "client.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lite",
         "-keyout", str(key_file), "-out", str(key_file.with_suffix(".crt"))],
        check=True,
        capture_output=True,
    )  # fmt: skip
    key_file.write_text(key_file.with_suffix(".crt").read_text() + key_file.read_text())
    key_lines = [line for line in key_file.read_text().splitlines() if not line.startswith("-----")]
    password, token = "pw-5ecret-Jou4nal", "tok-5ecret-Jou4nal"
    spool = tmp_path / "spool"
    uri, experiment = nowhere(), unique("private")
    host = uri.removeprefix("http://")
    with TrackingClient(f"http://alice:{password}@{host}", spool_dir=spool, client_cert=str(key_file), **FAST) as a:
        run = a.start_run(experiment)
        run.log_metric("m", 1.0)
        run.set_tag("note", "x")
        run.end()
    with TrackingClient(uri, token=token, spool_dir=spool, **FAST) as b:
        run = b.start_run(experiment)
        run.log_metric("m", 2.0)
        run.end()
    journals = journal_files(spool)
    assert len(journals) == 2
    for journal in journals:
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
        text = journal.read_text()
        for secret in (password, token, str(key_file), *key_lines):
            assert secret not in text
        assert scan(journal).server == uri  # the URI without its user info
    assert stat.S_IMODE(spool.stat().st_mode) == 0o700
    # Another server: left alone, and said so.
    elsewhere = sync(server.url, spool)
    assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
    assert f"left alone: 2 journals for {uri}" in elsewhere.stdout
    with TrackingClient(server.url) as tracking:
        assert tracking.get_experiment_by_name(experiment) is None
    # Told explicitly, it replays them there.
    forced = sync(server.url, spool, "--any-server")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "delivered 2 runs" in forced.stdout
    with TrackingClient(server.url) as tracking:
        found = tracking.get_experiment_by_name(experiment)
        assert found is not None
        assert len(list(tracking.search_runs(found.experiment_id))) == 2


def test_sync_leaves_a_running_process_journal_alone(server: MlflowServer, tmp_path: Path) -> None:
    uri = nowhere()
    with TrackingClient(uri, spool_dir=tmp_path, **FAST) as tracking:
        run = tracking.start_run(unique("busy"))
        run.log_metric("m", 1.0)
        result = sync(uri, tmp_path)  # this process still holds the run's journal
        assert result.returncode == 0
        assert "in use by another process" in result.stdout
        run.end()


@pytest.mark.anyio
async def test_async_run_goes_on_offline_and_delivers_when_the_server_appears(
    server: MlflowServer, tmp_path: Path, proxy_at: Any
) -> None:
    uri, experiment = nowhere(), unique("async-offline")
    async with AsyncTrackingClient(uri, spool_dir=tmp_path, **FAST) as tracking:
        run = await tracking.start_run(experiment)
        assert run.run_id == ""
        for i in range(1_500):
            await run.log_metric("m", float(i), step=i)
        proxy_at(uri, server.url)  # the server appears while the run goes on
        for i in range(1_500, 3_000):
            await run.log_metric("m", float(i), step=i)
        with anyio.fail_after(120):
            while not run.run_id:  # noqa: ASYNC110 - the drain creates the run at its next try
                await anyio.sleep(0.1)
            await run.end()
        journal = Path(str(run.journal))
    assert not await anyio.Path(journal).exists()
    with TrackingClient(server.url) as check:
        stored = only_run(check, experiment)
        assert stored.info.run_id == run.run_id
        assert stored.info.status == "FINISHED"
        assert steps_of(check, run.run_id) == list(range(3_000))


def test_a_journaled_run_stores_what_an_unjournaled_one_does(client: TrackingClient, tmp_path: Path) -> None:
    experiment = unique("same")
    with TrackingClient(client.tracking_uri, spool_dir=tmp_path) as journaled:
        for tracking in (client, journaled):
            with tracking.start_run(experiment, run_name="same", tags={"k": "v"}, buffered=True) as run:
                run.log_params({"a": 1})
                run.log_metrics({"x": 1.5, "y": float("nan")}, step=3, timestamp=7)
                run.set_tag("t", "u")
    found = client.get_experiment_by_name(experiment)
    assert found is not None
    plain, journaled_run = sorted(client.search_runs(found.experiment_id), key=lambda r: r.info.start_time)
    assert plain.data.params == journaled_run.data.params
    assert plain.data.tags == journaled_run.data.tags
    for key in ("x", "y"):
        assert str(history(client, plain.info.run_id, key)) == str(history(client, journaled_run.info.run_id, key))
    assert journal_files(tmp_path) == []


def test_os_sees_the_journal_before_the_call_returns(tmp_path: Path) -> None:
    """What makes a SIGKILL safe: the value is in the file (the kernel's) when `log_metric` returns."""
    with TrackingClient(nowhere(), spool_dir=tmp_path, **FAST) as tracking:
        run = tracking.start_run("e")
        run.log_metric("m", 42.0, step=7)
        records = [line.record for line in read_lines(Path(str(run.journal))) if line.record]
        assert records[-1] is not None
        assert records[-1]["m"][0][1] == 42.0
        assert records[-1]["m"][0][3] == 7
        run.end()
    assert os.listdir(tmp_path)  # never delivered: the journal stays for sync


def test_a_flush_waits_for_a_server_that_never_answers_only_so_long(server: MlflowServer, tmp_path: Path) -> None:
    """A server that takes a request and does not answer held a journaled run's flush for the client's whole
    budget (300 s). Now a flush waits while delivery progresses and gives up after `FLUSH_PATIENCE` (10 s)
    without progress: the values are in the journal, and the drain delivers them once the answer comes."""
    from mlflow_lite._durable.delivery import FLUSH_PATIENCE

    stall = 4 * FLUSH_PATIENCE  # the stuck request is answered after this long
    with FaultProxy(server.url) as proxy, TrackingClient(proxy.url, spool_dir=tmp_path) as tracking:
        run = tracking.start_run(unique("stalled"))
        proxy.add([Fault("slow_answer", path="log-batch", seconds=stall)])
        for i in range(100):
            run.log_metric("m", float(i), step=i)
        started = time.monotonic()
        run.flush()  # returns, the values safe in the journal
        waited = time.monotonic() - started
        # A documented multiple of the patience: the wait is the patience itself, plus a loaded machine's delay.
        assert waited < 3 * FLUSH_PATIENCE, f"flush waited {waited:.1f} s"
        run.end()
        deadline = time.monotonic() + stall + 120
        while Path(str(run.journal)).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not Path(str(run.journal)).exists(), "the journal was not delivered"
    with TrackingClient(server.url) as check:
        assert steps_of(check, run.run_id) == list(range(100))
        assert check.get_run(run.run_id).info.status == "FINISHED"


def test_a_log_line_is_what_the_json_encoder_writes(tmp_path: Path) -> None:
    from mlflow_lite._durable.journal import encode_log
    from mlflow_lite._ops.validate import Batch, MetricEntry

    values: list[float | str] = [0.0, -1.5, 1e-300, 1.7976931348623157e308, 1 / 3, "NaN", "-Infinity"]
    for seq, value in enumerate(values, 1):
        for key in ("m", "a/b c:d", "clé ü"):
            batch = Batch((MetricEntry(key, value, 1_700_000_000_123, -(2**63)),))
            assert encode_log(seq, batch) == encode_record(
                {"t": "log", "s": seq, "m": [[key, value, 1_700_000_000_123, -(2**63)]]}
            )
    several = Batch((MetricEntry("m", 1.0, 1, 1), MetricEntry("n", 2.0, 2, 2)), (("p", "v"),), (("t", "w"),))
    assert encode_log(9, several) == encode_record(
        {"t": "log", "s": 9, "m": [["m", 1.0, 1, 1], ["n", 2.0, 2, 2]], "p": [["p", "v"]], "g": [["t", "w"]]}
    )
    line = decode_line(1, encode_log(3, several).rstrip(b"\n"))
    assert line.record is not None
    assert line.record["m"] == [["m", 1.0, 1, 1], ["n", 2.0, 2, 2]]


def live_delivery(tmp_path: Path) -> tuple[Delivery, JournalWriter]:
    writer = JournalWriter.create(tmp_path, "http://x:1")
    writer.append(plan().to_record())
    delivery = Delivery(writer, scan(writer.path))
    create = delivery.next_step()
    assert create is not None
    delivery.done(create, FakeRun)  # appends the run's id: a line the drain reads from the file
    forget = delivery.next_step()
    assert forget is not None
    delivery.done(forget, None)
    return delivery, writer


def delivered_steps(delivery: Delivery) -> list[int]:
    steps: list[int] = []
    while (step := delivery.next_step()) is not None:
        assert step.kind == "send"
        assert step.batch is not None
        steps.extend(m.step for m in step.batch.metrics)
        delivery.done(step, None)  # appends an acknowledgement, read from the file between recent records
    return steps


@pytest.mark.parametrize("recent_bytes", [1 << 20, 2_000])
def test_a_live_drain_delivers_what_was_logged_from_memory_or_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, recent_bytes: int
) -> None:
    """What a live run logs is delivered in order, exactly once, whether the drain takes it from the writer's
    memory or (past the memory's bound, as when the server is away) reads it back from the file."""
    from mlflow_lite._durable import journal
    from mlflow_lite._ops.validate import MetricEntry

    monkeypatch.setattr(journal, "RECENT_BYTES", recent_bytes)
    delivery, writer = live_delivery(tmp_path)
    reads = 0  # lines read back from the file
    real_decode = journal.decode_records

    def counted(lines: list[bytes]) -> Any:
        nonlocal reads
        reads += len(lines)
        return real_decode(lines)

    monkeypatch.setattr(journal, "decode_records", counted)
    logged = 0
    for chunk in (1_500, 1, 700, 2_300):
        for i in range(logged, logged + chunk):
            writer.log((MetricEntry("m", float(i), 1, i),), [], [])
        logged += chunk
        assert delivered_steps(delivery) == list(range(logged - chunk, logged))
    if recent_bytes > 2_000:
        assert reads < logged / 100  # only the acknowledgements and the run's id were read back
    else:
        assert reads > logged // 2  # what went past the bound (most of it) came from the file
    delivery.close()
    writer.close()
    # The file holds every record and acknowledgement: a restart would resend nothing.
    state = scan(writer.path)
    assert (state.last_seq, state.acked) == (logged, logged)


def test_a_record_read_from_the_file_meanwhile_is_not_delivered_twice(tmp_path: Path) -> None:
    """The drain may read a record from the file before the writer has put it in memory: it is delivered once."""
    from mlflow_lite._ops.validate import MetricEntry

    delivery, writer = live_delivery(tmp_path)
    writer.log((MetricEntry("m", 0.0, 1, 0),), [], [])
    kept = writer.recent.copy()
    writer.recent.clear()  # as if the drain read the file before the writer added the record to memory
    assert delivered_steps(delivery) == [0]
    writer.recent.extend(kept)  # now the writer adds it
    writer.log((MetricEntry("m", 1.0, 1, 1),), [], [])
    assert delivered_steps(delivery) == [1]
    delivery.close()
    writer.close()


def test_values_taken_from_memory_together_keep_the_files_line_numbers(tmp_path: Path) -> None:
    """The drain takes a run of one-value records from memory in one go, skipping their lines in the file
    unread: the lines it reads afterwards still carry their numbers in the file, which a damage report names."""
    from mlflow_lite._ops.validate import MetricEntry

    delivery, writer = live_delivery(tmp_path)
    for i in range(300):
        writer.log((MetricEntry("m", float(i), 1, i),), [], [])
    assert delivered_steps(delivery) == list(range(300))
    with writer.path.open("ab") as file:  # a line garbled on disk, after all that
        file.write(b"garbled\n")
    garbled_line = writer.path.read_bytes().count(b"\n")
    assert delivery.next_step() is None
    assert [line.number for line in delivery.damage] == [garbled_line]
    delivery.close()
    writer.close()

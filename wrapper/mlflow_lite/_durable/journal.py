"""The spool journal: one append-only file per run, so that nothing a run logs is lost while its server is away.

A client given a spool folder (`spool_dir=`, or MLFLOW_LITE_SPOOL_DIR) writes every logging call of a run to
the run's journal before the call returns, and a background drain delivers the journal to the server in order
(`delivery`); `mlflow-lite sync` delivers what a dead or offline process left behind. The file is removed once
the server has all of it.

The file is JSON lines, each line `<crc32 as 8 hex digits> <json>`: a torn write (a crash mid-line) or damage
on disk shows as a line without its newline or with a wrong checksum, and is reported, never delivered. The
records:

    {"t": "journal", "v": 1, "server": URI, "created": ms}     first line: the server it is bound to
    {"t": "start", ...RunPlan}                                 the run to create (absent when it existed)
    {"t": "run", "run_id": ID, "experiment_id": ID}            the server's run
    {"t": "log", "s": SEQ, "m": [[k, v, ts, step]], "p": [[k, v]], "g": [[k, v]]}   one request's worth
    {"t": "ack", "s": SEQ}                                     the server has every log record up to SEQ
    {"t": "rejected", "s": SEQ, "n": VALUES, "error": TEXT}    the server refused record SEQ for good: it is
                                                               kept in the run's `.refused` file (below)
    {"t": "end", "status": STATUS, "end_time": ms}             the run was ended by its process
    {"t": "orphaned", "at": ms}                                `sync` found it without its process: the
                                                               time of the process's last write

What the server refuses for good is never deleted with its journal: before the journal says "rejected", the
record is copied to `<journal name>.refused` beside it (`keep_refused`), in the same line format, created
readable by its owner only, first line the same header as the journal's, then
`{"t": "refused", "s": SEQ, "run_id": ID, "error": TEXT, "m": ..., "p": ..., "g": ...}` per refused record. It
outlives the journal: `mlflow-lite sync` reports it, and `sync --retry-refused` sends its records again (each
alone), keeping only those refused again. Deleting it is how one accepts the loss.

Why this shape: an append of one call's lines is one `write()`, which the page cache keeps once it returns
(`fsync`, for a machine that loses power, is the drain's job, once per batch, off the caller's path). A process
killed inside that write may leave its last line cut short (`JournalWriter.seal`): its call never returned.
Acks make replays short; what an ack did not cover is sent again, which MLflow's SQL stores take as a no-op (an
identical metric is stored once, a param or tag with the same value changes nothing).

The writer holds an exclusive `flock` on its file for as long as it lives: `sync` skips a locked file (a live
process still writing its run) and holds the lock itself while replaying, so two syncs never replay one file.
Files are created readable by their owner only, and hold no credential: the URI is written without user info,
and tokens and passwords come from the environment or arguments when the journal is delivered.

Whoever can write to the spool folder can make `sync` send anything to the owner's server with the owner's
credentials, so nothing in it is trusted that someone else could have put there: a folder another user owns or
that its group or others may write to is refused (`check_spool_dir`), and a journal is opened without following
a symbolic link and read or written only once it is found to be a regular file of this user's
(`JournalRefused` otherwise).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import stat
import uuid
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

try:  # POSIX only: journals are locked with flock, read with pread, and removed while still open
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from .._errors import InvalidParameterValue, MlflowError
from .._ops.run_start import RunPlan
from .._ops.validate import (
    COMPACT_JSON,
    MAX_ENTITIES_PER_BATCH,
    MAX_PARAMS_TAGS_PER_BATCH,
    Batch,
    MetricEntry,
    chunk_batch,
    now_ms,
)

__all__ = [
    "FORMAT_VERSION",
    "READ_SIZE",
    "RECENT_BYTES",
    "REFUSED_SUFFIX",
    "SUFFIX",
    "JournalBusy",
    "JournalLine",
    "JournalRefused",
    "JournalScan",
    "JournalWriter",
    "RecordValues",
    "RunPlan",
    "as_batch",
    "check_spool_dir",
    "decode_line",
    "decode_records",
    "encode_log",
    "encode_metric",
    "encode_record",
    "journal_files",
    "keep_refused",
    "read_lines",
    "read_refused",
    "read_server",
    "refused_files",
    "rewrite_refused",
    "scan",
    "spool_dir_problem",
    "values_of",
]

FORMAT_VERSION = 1
SUFFIX = ".journal"
# Kept beside the spool's live journals once `sync` has delivered what a damaged journal still held.
DAMAGED_SUFFIX = ".damaged"
# What the server refused for good, kept after the journal is gone (see the module's docstring).
REFUSED_SUFFIX = ".refused"


class JournalBusy(MlflowError):
    """Another process holds the journal: the process still writing its run, or another `sync`."""


class JournalRefused(MlflowError):
    """A file named like a journal that is not one of this user's regular files (a symbolic link, a FIFO, a
    folder, another user's file): never read nor written."""


# --- who may write the spool -----------------------------------------------------------------------------------

_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NO_BLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check opens without waiting for a writer
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _me() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def spool_dir_problem(spool_dir: Path) -> str | None:
    """Why `spool_dir` may not hold journals (someone else could write to it), or None: it is this user's and
    only this user may write to it, or it does not exist yet (it is created so)."""
    try:
        info = os.stat(spool_dir)  # through a symbolic link: what matters is the folder the journals go to
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    me = _me()
    if me is not None and info.st_uid != me:
        return f"is owned by another user (uid {info.st_uid})"
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o002:
        return f"is writable by others (mode {mode:04o})"
    if mode & 0o020:
        return f"is writable by its group (mode {mode:04o})"
    return None


def check_spool_dir(spool_dir: Path) -> None:
    """Refuse a spool folder someone else can write to: a journal they planted there would be delivered by
    `sync` with this user's credentials (and could end or change this user's runs)."""
    problem = spool_dir_problem(spool_dir)
    if problem is not None:
        fix = "use a folder only you can write to" + (f" (chmod 700 {spool_dir})" if "writable" in problem else "")
        raise InvalidParameterValue(
            f"the spool folder {str(spool_dir)!r} {problem}: journals someone else can put there would be "
            f"delivered with your credentials; {fix}"
        )


def _open_journal(path: Path, flags: int) -> int:
    """A file descriptor on the journal at `path`, once it is found to be a regular file of this user's
    (`JournalRefused` otherwise); never through a symbolic link, never waiting on a FIFO."""
    name = path.name
    swapped = f"{name} was replaced by something other than a regular file while being opened; not read"
    info = os.lstat(path)
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise JournalRefused(f"{name} is {kind}, not a regular file (not read; move it out of the spool)")
    me = _me()
    if me is not None and info.st_uid != me:
        raise JournalRefused(f"{name} is owned by another user (uid {info.st_uid}); not read")
    try:
        fd = os.open(path, flags | _NO_FOLLOW | _NO_BLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise JournalRefused(swapped) from None
        raise
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        raise JournalRefused(swapped)
    return fd


# --- lines -----------------------------------------------------------------------------------------------------


def encode_record(record: dict[str, Any]) -> bytes:
    body = COMPACT_JSON.encode(record).encode()  # no bare NaN token: values are "NaN" strings
    return b"%08x %s\n" % (zlib.crc32(body), body)


def encode_log(seq: int, batch: Batch) -> bytes:
    """The log record `seq` holding `batch`: `encode_record`'s line, byte for byte (tests/wrapper/durable/
    test_journal.py holds it to that)."""
    if len(batch.metrics) == 1 and not batch.params and not batch.tags:
        return encode_metric(seq, batch.metrics[0])
    return encode_record({"t": "log", "s": seq, **entries_of(batch)})


def encode_metric(seq: int, entry: MetricEntry) -> bytes:
    """The log record `seq` holding one metric value, what most calls log. A finite one is written without the
    JSON encoder, which costs more than the rest of the call for so small a record."""
    key, value, timestamp, step = entry
    if type(value) is float:  # finite: NaN and the infinities are strings here (see MetricEntry)
        # float's and int's repr are what the JSON encoder writes for them.
        body = f'{{"t":"log","s":{seq},"m":[[{_json_string(key)},{value!r},{timestamp!r},{step!r}]]}}'.encode()
        return b"%08x %s\n" % (zlib.crc32(body), body)
    return encode_record({"t": "log", "s": seq, "m": (entry,)})


_json_string = json.encoder.encode_basestring  # what the encoder writes a str as, with ensure_ascii=False


def _refuse_constant(token: str) -> float:
    raise ValueError(f"a bare {token} token (the writer spells NaN and the infinities as strings)")


# Reads what a writer wrote. A bare NaN or Infinity is not JSON and no writer writes one (see `COMPACT_JSON`); a line
# holding one is refused like any other line that is not a journal's, so that no such float reaches a request.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


def _loads(data: bytes) -> Any:
    return _DECODER.decode(data.decode())  # UTF-8, as written; anything else is a ValueError too


@attrs.frozen
class JournalLine:
    """One line of a journal: its number (from 1), the record, or what is wrong with it."""

    number: int
    record: dict[str, Any] | None
    problem: str | None = None
    #: For the last line, when it has no newline: its length (a write cut short).
    torn: int = 0


_LOG_PREFIX = b'{"t":"log","s":'


def decode_line(number: int, line: bytes, *, headers_only: bool = False) -> JournalLine:
    """A line's record, or what is wrong with it. With `headers_only`, a log record is checked but not parsed:
    its record is just its kind and sequence number (what a scan needs, several times faster)."""
    crc, _, body = line.partition(b" ")
    try:
        if len(crc) != 8 or int(crc, 16) != zlib.crc32(body):
            return JournalLine(number, None, "garbled (checksum does not match)")
        if headers_only and body.startswith(_LOG_PREFIX):  # the checksum holds, so this is what was written
            return JournalLine(number, {"t": "log", "s": int(body[len(_LOG_PREFIX) : body.index(b",", 15)])})
        record = _loads(body)
    except ValueError:
        return JournalLine(number, None, "garbled (not a journal line)")
    if not isinstance(record, dict) or not isinstance(record.get("t"), str):
        return JournalLine(number, None, "garbled (not a journal record)")
    return JournalLine(number, record)


def decode_records(lines: Sequence[bytes]) -> list[dict[str, Any]] | None:
    """The records of consecutive lines, or None when any of them is damaged (then `decode_line` says which).

    One JSON parse of all of them at once: a parse per line costs several times more, most of it the parser's
    Python around its C core. A line whose checksum holds is one JSON object as a writer wrote it, so the array
    of the lines' bodies holds one record per line (and a count or kind that does not match falls back)."""
    bodies = []
    try:
        for line in lines:
            crc, _, body = line.partition(b" ")
            if len(crc) != 8 or int(crc, 16) != zlib.crc32(body):
                return None
            bodies.append(body)
        records: list[dict[str, Any]] = _loads(b"[" + b",".join(bodies) + b"]")
    except ValueError:
        return None
    if len(records) != len(bodies):
        return None
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("t"), str):
            return None
    return records


READ_SIZE = 1 << 16  # bytes a live drain reads at a time


class LineReader:
    """Reads a journal's complete lines as they are appended, from its own file descriptor."""

    def __init__(self, path: Path, *, headers_only: bool = False) -> None:
        self._fd = _open_journal(path, os.O_RDONLY)
        self._offset = 0
        self._tail = b""
        self._number = 0
        self._headers_only = headers_only

    @property
    def offset(self) -> int:
        """Where the next read starts (after a partial last line, if one was read)."""
        return self._offset

    @property
    def position(self) -> int:
        """Where the next whole line starts: the lines before it are read."""
        return self._offset - len(self._tail)

    def skip_line(self, end: int, lines: int = 1) -> None:
        """Count the `lines` lines from `position` to `end` as read without reading them: their records are known
        already (`JournalWriter.recent`); a partial read of the first is dropped."""
        self._offset, self._tail = end, b""
        self._number += lines

    def _read_lines(self, size: int) -> tuple[int, list[bytes]]:
        """The number of the first line completed since the last call, and those lines (without newlines)."""
        chunk = os.pread(self._fd, size, self._offset)
        self._offset += len(chunk)
        *lines, self._tail = (self._tail + chunk).split(b"\n")
        first = self._number + 1
        self._number += len(lines)
        return first, lines

    def read(self, size: int = READ_SIZE) -> list[JournalLine]:
        """The lines completed since the last call (at most about `size` bytes of them)."""
        first, lines = self._read_lines(size)
        if not self._headers_only:
            records = decode_records(lines)
            if records is not None:
                return [JournalLine(number, record) for number, record in enumerate(records, first)]
        return [decode_line(number, line, headers_only=self._headers_only) for number, line in enumerate(lines, first)]

    def read_records(self, size: int = READ_SIZE) -> tuple[list[dict[str, Any]], list[JournalLine]]:
        """`read` for a live drain, without a line object per record: the records of the lines completed since the
        last call, and the damaged lines among them (in the order they came)."""
        first, lines = self._read_lines(size)
        records = decode_records(lines)
        if records is not None:
            return records, []
        decoded = [decode_line(number, line) for number, line in enumerate(lines, first)]
        return [line.record for line in decoded if line.record is not None], [
            line for line in decoded if line.record is None
        ]

    def torn_tail(self) -> JournalLine | None:
        """A last line without its newline: a write cut short (only meaningful once nobody writes)."""
        if not self._tail:
            return None
        return JournalLine(
            self._number + 1,
            None,
            f"truncated ({len(self._tail)} bytes without an end of line)",
            torn=len(self._tail),
        )

    def close(self) -> None:
        os.close(self._fd)


def read_lines(path: Path, *, headers_only: bool = False) -> Iterator[JournalLine]:
    """Every line of a journal, the torn last one included (as a problem)."""
    reader = LineReader(path, headers_only=headers_only)
    try:
        while lines := reader.read(1 << 20):
            yield from lines
        tail = reader.torn_tail()
        if tail is not None:
            yield tail
    finally:
        reader.close()


# --- what a journal holds --------------------------------------------------------------------------------------


@attrs.define
class JournalScan:
    """A journal read from end to end, without its log records: where it stands."""

    path: Path
    server: str | None = None
    plan: RunPlan | None = None
    run_id: str | None = None
    acked: int = 0  # every log record up to this sequence number is on the server (or refused for good)
    refused: int = 0  # values the server refused for good (kept in the `.refused` file)
    last_seq: int = 0
    end: tuple[str, int] | None = None
    orphaned_at: int | None = None
    damage: list[JournalLine] = attrs.field(factory=list)
    #: The last line, when it has no newline: the write its process's death cut short (see `JournalWriter.seal`).
    torn: JournalLine | None = None

    def undelivered(self) -> int:
        """Log records not yet acknowledged (an estimate when lines are damaged)."""
        return max(0, self.last_seq - self.acked)


_FIRST_LINE_MAX = 1 << 16  # a first line longer than this is no header


def read_server(path: Path) -> str | None:
    """The server a journal is bound to (its first line), or None when that line is damaged; `JournalRefused`
    when `path` is not a regular file of this user's."""
    fd = _open_journal(path, os.O_RDONLY)
    try:
        first = os.pread(fd, _FIRST_LINE_MAX, 0).partition(b"\n")[0]
    finally:
        os.close(fd)
    line = decode_line(1, first)
    if line.record is None or line.record.get("t") != "journal":
        return None
    return str(line.record.get("server"))


def scan(path: Path) -> JournalScan:
    state = JournalScan(path)
    for line in read_lines(path, headers_only=True):
        record = line.record
        if record is None:
            state.damage.append(line)
            continue
        kind = record["t"]
        try:
            if kind == "journal":
                if int(record.get("v", 0)) > FORMAT_VERSION:
                    raise ValueError(f"journal format {record.get('v')} is newer than this mlflow-lite reads")
                state.server = str(record["server"])
            elif kind == "start":
                state.plan = RunPlan.from_record(record)
            elif kind == "run":
                state.run_id = str(record["run_id"])
            elif kind == "log":
                state.last_seq = max(state.last_seq, int(record["s"]))
            elif kind in ("ack", "rejected"):
                state.acked = max(state.acked, int(record["s"]))
                state.refused += int(record.get("n", 1)) if kind == "rejected" else 0
            elif kind == "end":
                state.end = (str(record["status"]), int(record["end_time"]))
            elif kind == "orphaned":
                state.orphaned_at = state.orphaned_at or int(record["at"])
        except (KeyError, TypeError, ValueError) as exc:
            state.damage.append(JournalLine(line.number, None, f"unreadable {kind!r} record ({exc})"))
    if state.damage and state.damage[-1].torn:  # no damage: the write its process's death cut short
        state.torn = state.damage.pop()
    return state


def entries_of(batch: Batch) -> dict[str, Any]:
    """A batch as a record's fields ("m", "p", "g"; empty ones left out). The entries are tuples, which the JSON
    encoder writes as the arrays they stand for (`[key, value, timestamp, step]`, `[key, value]`) as they are."""
    fields: dict[str, Any] = {}
    if batch.metrics:
        fields["m"] = batch.metrics
    if batch.params:
        fields["p"] = batch.params
    if batch.tags:
        fields["g"] = batch.tags
    return fields


# A metric entry from a record's `[key, value, timestamp, step]` as it is, in C (`MetricEntry(...)` is a Python
# call per value): a line whose checksum holds has what the writer wrote, a str key, a float or "NaN"-like value,
# and int timestamp and step, so only the entries' length is checked.
_metric_of: Callable[[list[Any]], MetricEntry] = functools.partial(tuple.__new__, MetricEntry)
_METRIC_FIELDS = {len(MetricEntry._fields)}


#: What one log record holds: one metric value (what most logging calls log, kept without a `Batch` around it,
#: which would cost about as much as the rest of the call), or a batch.
RecordValues = MetricEntry | Batch


def as_batch(values: RecordValues) -> Batch:
    return values if isinstance(values, Batch) else Batch((values,))


def values_of(record: dict[str, Any]) -> RecordValues:
    """`batch_of`, with a record of one metric value and nothing else as that value."""
    metrics = record.get("m")
    if metrics and len(metrics) == 1 and "p" not in record and "g" not in record and len(metrics[0]) in _METRIC_FIELDS:
        return _metric_of(metrics[0])
    return batch_of(record)


def batch_of(record: dict[str, Any]) -> Batch:
    """The log-batch request a log record holds (ValueError when its entries are not so shaped)."""
    metrics, params, tags = record.get("m"), record.get("p"), record.get("g")
    if metrics and set(map(len, metrics)) != _METRIC_FIELDS:
        raise ValueError("a metric entry is not [key, value, timestamp, step]")
    return Batch(
        tuple(map(_metric_of, metrics)) if metrics else (),
        tuple((str(k), str(v)) for k, v in params) if params else (),
        tuple((str(k), str(v)) for k, v in tags) if tags else (),
    )


def journal_files(spool_dir: Path, suffix: str = SUFFIX) -> list[Path]:
    """The journals in a spool folder (or the files with another `suffix`), oldest first."""
    if not spool_dir.is_dir():
        return []
    found = []
    for path in spool_dir.glob(f"*{suffix}"):
        with contextlib.suppress(FileNotFoundError):  # delivered and removed by its process meanwhile
            found.append((path.lstat().st_mtime_ns, path.name, path))  # a link itself: reported, never followed
    return [path for _, _, path in sorted(found)]


# --- writing ---------------------------------------------------------------------------------------------------


def _require_posix() -> None:
    if fcntl is None:  # pragma: no cover - Windows
        raise InvalidParameterValue(
            "the spool journal (spool_dir, MLFLOW_LITE_SPOOL_DIR, mlflow-lite sync) needs a POSIX system (Linux, "
            "macOS): its files are locked with flock; on this system, log without a spool folder"
        )


# How much of what was just logged (in journal bytes) `JournalWriter.recent` keeps for the live drain: the rest
# is read back from the file, so that a server away for long does not make the process grow. 1 MiB is about
# 13,500 single-value calls, about 6 MB of objects: the order of what a buffered run holds (`DEFAULT_MAX_PENDING`).
RECENT_BYTES = 1 << 20


class JournalWriter:
    """Appends to one journal, holding its lock (`flock`). Not locked against threads itself: whoever shares one
    serializes its writes. A live run's logging caller and its drain both append, each holding the drain's
    condition's lock (one lock per logging call, not two); `sync` has one thread. `fsync` alone may run beside a
    write (the drain does so off its lock): it only asks the kernel to flush what the file has.

    `recent` holds the log records written by this process and not yet taken by its drain, as (start offset,
    end offset, sequence number, batch), up to `RECENT_BYTES` of lines: the live drain delivers them from here
    rather than reading back and parsing what was just encoded (`Delivery._next_record`), and reads the file for
    everything else (its own acknowledgements, records past that bound). Appended by the writer after each
    write, taken by the drain from the front."""

    def __init__(self, path: Path, fd: int, next_seq: int = 1) -> None:
        self.path = path
        self._fd = fd
        self._next_seq = next_seq
        self._closed = False
        self._size = os.fstat(fd).st_size  # where the next write starts (one writer, appending)
        self._torn = False  # a failed write left part of a line that could not be cut back
        self.recent: deque[tuple[int, int, int, RecordValues]] = deque()

    @classmethod
    def create(cls, spool_dir: Path, server: str) -> JournalWriter:
        """A new journal for a run logged to `server`, private to this user, locked by this process."""
        _require_posix()
        spool_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        check_spool_dir(spool_dir)  # after mkdir: a folder someone else made meanwhile is refused too
        path = spool_dir / f"{uuid.uuid4().hex}{SUFFIX}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC | _NO_FOLLOW
        fd = os.open(path, flags, 0o600)
        os.fchmod(fd, 0o600)  # whatever the umask says
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        writer = cls(path, fd)
        writer.append({"t": "journal", "v": FORMAT_VERSION, "server": server, "created": now_ms()})
        return writer

    @classmethod
    def adopt(cls, path: Path) -> JournalWriter:
        """Take over a journal whose process is gone (for `sync`); `JournalBusy` while anyone holds it,
        `JournalRefused` when it is not a regular file of this user's."""
        _require_posix()
        fd = _open_journal(path, os.O_RDWR | os.O_APPEND)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalBusy(f"{path.name} is in use by another process (a run still logging, or a sync)") from None
        if not path.exists():  # delivered and removed by whoever held it before us
            os.close(fd)
            raise JournalBusy(f"{path.name} was delivered by another process")
        return cls(path, fd)

    def seal(self, last_seq: int, torn: int = 0) -> None:
        """Before appending to an adopted journal: cut off the `torn` bytes of a last line its writer left without
        a newline, and continue its sequence numbers.

        A killed process can leave such a line: Linux stops a write() between pages when the process gets
        SIGKILL (or the OOM killer's), so a line that crosses a page boundary can be cut there. The call that
        made that write never returned, so nothing its caller was told is stored goes with it; the bytes cannot
        be checked, and left in place they would begin the next record. `sync` says what it cut."""
        self._next_seq = last_seq + 1
        size = os.fstat(self._fd).st_size
        if torn and size >= torn:
            os.ftruncate(self._fd, size - torn)
            size -= torn
        self._size = size
        if size and os.pread(self._fd, 1, size - 1) != b"\n":
            self._write(b"\n")  # not the tail `scan` saw (another sync's append?): kept, as a line of its own

    def append(self, record: dict[str, Any]) -> None:
        self._write(encode_record(record))

    def log(
        self, metrics: Sequence[MetricEntry], params: Sequence[tuple[str, str]], tags: Sequence[tuple[str, str]]
    ) -> int:
        """Append one logging call, as records of one request each, in one write; its last sequence number."""
        first = self._next_seq
        if len(metrics) == 1 and not params and not tags:
            return self.log_metric(metrics[0])
        fits = (
            len(metrics) + len(params) + len(tags) <= MAX_ENTITIES_PER_BATCH
            and max(len(params), len(tags)) <= MAX_PARAMS_TAGS_PER_BATCH
        )
        # A call that fits one request is one record, without cutting (which copies every entry).
        batches = [Batch(tuple(metrics), tuple(params), tuple(tags))] if fits else chunk_batch(metrics, params, tags)
        lines = [encode_log(seq, batch) for seq, batch in enumerate(batches, first)]
        start, whole = self._size, not self._torn
        self._write(b"".join(lines))
        self._next_seq = first + len(lines)
        if whole:
            self._keep_recent(start, first, lines, batches)
        return self._next_seq - 1

    def log_metric(self, entry: MetricEntry) -> int:
        """`log((entry,), (), ())`, the short way: one metric value, one record; its sequence number."""
        seq = self._next_seq
        start, whole = self._size, not self._torn  # after a torn line, the write starts with a newline
        self._write(encode_metric(seq, entry))
        self._next_seq = seq + 1  # only once written: a call that failed left nothing in the journal
        recent = self.recent
        if whole and (not recent or self._size - recent[0][0] <= RECENT_BYTES):  # as `_keep_recent`
            recent.append((start, self._size, seq, entry))
        return seq

    def _keep_recent(self, start: int, seq: int, lines: list[bytes], batches: list[Batch]) -> None:
        recent = self.recent
        oldest = recent[0][0] if recent else start
        if self._size - oldest > RECENT_BYTES:
            return  # the drain is far behind (the server away): it reads these from the file
        for line, batch in zip(lines, batches, strict=True):
            recent.append((start, start + len(line), seq, batch))
            start += len(line)
            seq += 1

    @property
    def last_seq(self) -> int:
        return self._next_seq - 1

    def _write(self, data: bytes) -> None:
        if self._closed:
            raise InvalidParameterValue(f"the journal {self.path.name} is closed")
        if self._torn:
            data = b"\n" + data  # after a torn line that could not be cut back: start a line of its own
        try:
            # A regular file takes it all at once; a full disk raises OSError here, at the caller.
            written = os.write(self._fd, data)
            if written < len(data):
                view = memoryview(data)[written:]
                while view:
                    view = view[os.write(self._fd, view) :]
        except BaseException:
            # A write cut short (a full disk) may have left part of a line: cut the file back to its last whole
            # line, so that the next record does not start inside the torn one (and vanish with it).
            try:
                os.ftruncate(self._fd, self._size)
            except OSError:
                self._torn = True
            raise
        self._size += len(data)
        self._torn = False

    def fsync(self) -> None:
        """Make what was appended survive a machine crash (a process crash needs nothing: the kernel has it)."""
        if not self._closed:
            os.fsync(self._fd)

    def close(self, *, remove: bool = False, damaged: bool = False) -> None:
        """Release the journal; `remove` deletes it (delivered), `damaged` keeps it aside for inspection.
        Deleting before unlocking keeps another `sync` from adopting a delivered file."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(FileNotFoundError):
            if remove:
                self.path.unlink()
            elif damaged:
                self.path.rename(self.path.with_suffix(DAMAGED_SUFFIX))
        os.close(self._fd)


# --- what the server refused -----------------------------------------------------------------------------------


def refused_path(journal: Path) -> Path:
    return journal.with_suffix(REFUSED_SUFFIX)


def refused_files(spool_dir: Path) -> list[Path]:
    """The `.refused` files in a spool folder, oldest first."""
    return journal_files(spool_dir, REFUSED_SUFFIX)


def _create_private(path: Path) -> int:
    """A new file at `path`, readable and writable by its owner only, never through a symbolic link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_CLOEXEC | _NO_FOLLOW
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)  # whatever the umask says
    return fd


def keep_refused(journal: Path, run_id: str, seq: int, batch: Batch, error: str) -> Path:
    """Copy the log record `seq` of `journal`, which the server refused for good, to the journal's `.refused`
    file (created private, with the journal's header, the first time), and make it durable: the journal that
    held it is deleted once delivered, and this is then the only copy. Returns the file's path."""
    path = refused_path(journal)
    try:
        fd = _open_journal(path, os.O_WRONLY | os.O_APPEND)
        header = b""
    except FileNotFoundError:
        fd = _create_private(path)
        server = read_server(journal)
        header = encode_record({"t": "journal", "v": FORMAT_VERSION, "server": server, "created": now_ms()})
    try:
        record = {"t": "refused", "s": seq, "run_id": run_id, "error": error[:2000], **entries_of(batch)}
        data = memoryview(header + encode_record(record))
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


@attrs.frozen
class RefusedRecord:
    """One record of a `.refused` file: the run, the values, and the server's refusal."""

    seq: int
    run_id: str
    error: str
    batch: Batch

    def to_record(self) -> dict[str, Any]:
        return {"t": "refused", "s": self.seq, "run_id": self.run_id, "error": self.error, **entries_of(self.batch)}


def read_refused(path: Path) -> tuple[str | None, list[RefusedRecord], list[JournalLine]]:
    """A `.refused` file's server, records and damaged lines (`JournalRefused` when it is not a regular file of
    this user's)."""
    server: str | None = None
    records: list[RefusedRecord] = []
    damage: list[JournalLine] = []
    for line in read_lines(path):
        record = line.record
        if record is None:
            damage.append(line)
        elif record["t"] == "journal":
            server = str(record.get("server"))
        elif record["t"] == "refused":
            try:
                records.append(
                    RefusedRecord(int(record["s"]), str(record["run_id"]), str(record["error"]), batch_of(record))
                )
            except (KeyError, TypeError, ValueError) as exc:
                damage.append(JournalLine(line.number, None, f"unreadable refused record ({exc})"))
    return server, records, damage


def rewrite_refused(path: Path, server: str | None, left: Sequence[RefusedRecord]) -> None:
    """Replace a `.refused` file by one holding only `left` (removed when nothing is left), atomically: a crash
    leaves the old file or the new one, never a part of either."""
    if not left:
        path.unlink(missing_ok=True)
        return
    fresh = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    fd = _create_private(fresh)
    try:
        lines = [encode_record({"t": "journal", "v": FORMAT_VERSION, "server": server, "created": now_ms()})]
        lines.extend(encode_record(record.to_record()) for record in left)
        data = memoryview(b"".join(lines))
        while data:
            data = data[os.write(fd, data) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        fresh.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(fresh, path)

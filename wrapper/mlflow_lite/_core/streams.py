"""Streamed request and response bodies, so a large artifact never sits in memory whole.

A `Request` may carry a body *factory* (a zero-argument callable returning an iterable of byte chunks) instead of
bytes: an iterator can be read once, and a retry needs the body again, so each attempt calls the factory
(which reopens the file). A `Request` may also carry a `StreamTo`: the driver then streams the answer's body into
that file instead of reading it into memory, keeping what a broken try wrote so that the next asks for the rest.
Both drivers use this module, so their changes stay a few lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path

import attrs
import httpx

__all__ = ["BodyFactory", "StreamTo", "aiter_chunks", "file_chunks", "read_timeout_from_now"]

#: Makes the body of one attempt; called again for each retry.
BodyFactory = Callable[[], Iterable[bytes]]
CHUNK_SIZE = 1024 * 1024
# mkstemp makes files only the owner can read; a downloaded file gets the usual mode instead. Read once, at
# import, because reading the umask means setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)
# `Content-Range: bytes <first>-<last>/<size>` of a 206 answer.
_CONTENT_RANGE = re.compile(r"bytes (?P<first>\d+)-(?P<last>\d+)/(?P<size>\d+)")


def file_chunks(
    path: Path, progress: Callable[[int], None] | None = None, *, start: int = 0, length: int | None = None
) -> BodyFactory:
    """A body factory reading `path` (or `length` bytes of it from `start`: one part of a multipart upload) in
    chunks; `progress` gets the bytes read so far in this attempt."""

    def chunks() -> Iterator[bytes]:
        done = 0
        left = length
        with path.open("rb") as file:
            file.seek(start)
            while chunk := file.read(CHUNK_SIZE if left is None else min(CHUNK_SIZE, left)):
                yield chunk
                done += len(chunk)
                if left is not None:
                    left -= len(chunk)
                if progress is not None:
                    progress(done)

    return chunks


async def aiter_chunks(chunks: Iterable[bytes]) -> AsyncIterator[bytes]:
    """An async body for `httpx.AsyncClient` (which refuses sync iterators): each chunk is read in a worker
    thread, so a slow disk does not stall the event loop."""
    import asyncio  # here: a sync client's first call need not load asyncio (several milliseconds)

    iterator = iter(chunks)
    try:
        while (chunk := await asyncio.to_thread(next, iterator, None)) is not None:
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # closes the file now when the upload fails midway, not at garbage collection


@attrs.define(eq=False)
class StreamTo:
    """Where a download goes: the file at `path`, written through a partial file in the same folder and renamed
    into place once complete, so a failed download never leaves a partial file at `path`. `progress` gets the
    bytes the partial file holds.

    One `StreamTo` serves every try of one download (see `retry.download`): a try that breaks keeps what it
    wrote, and the next try asks for the rest (`resume_headers`). The answer decides what is kept: a 200 is the
    whole file (the partial file starts over), a 206 the bytes after those kept (appended). The rest is asked
    only of a server whose answer named the file's version (`ETag`, else `Last-Modified`), with `If-Range`, so
    a file that changed between tries comes back whole rather than spliced. `discard()` removes the partial
    file of a download given up.
    """

    path: Path
    progress: Callable[[int], None] | None = None
    # Kept between tries: the partial file, the bytes it holds, the version of the answer they came from.
    part: Path | None = attrs.field(default=None, init=False)
    kept: int = attrs.field(default=0, init=False)
    validator: str | None = attrs.field(default=None, init=False)

    def resume_headers(self) -> dict[str, str]:
        """`Range` and `If-Range` for the next try: the bytes after those kept; none when nothing is kept or when
        the answer they came from named no version."""
        if self.kept == 0 or self.validator is None:
            return {}
        return {"Range": f"bytes={self.kept}-", "If-Range": self.validator}

    @contextlib.contextmanager
    def open(self, response: httpx.Response) -> Iterator[Callable[[bytes], None]]:
        """A sink for the chunks of a successful `response`: written from byte 0 for a 200, after the kept bytes
        for a 206 that continues them. A 206 that does not is a broken answer (`httpx.RemoteProtocolError`, so
        the try is retried) and drops the kept bytes: the next try asks for the whole file. A try that breaks
        (`httpx.HTTPError`) keeps what it wrote; any other failure drops it."""
        start = self._start_of(response)
        if self.part is None:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
            os.fchmod(fd, 0o666 & ~_UMASK)
            os.close(fd)
            self.part = Path(name)
        if start == 0:
            self.validator = response.headers.get("ETag") or response.headers.get("Last-Modified")
        try:
            with self.part.open("r+b") as file:
                file.truncate(start)
                file.seek(start)
                self.kept = start

                def write(chunk: bytes) -> None:
                    file.write(chunk)
                    self.kept += len(chunk)
                    if self.progress is not None:
                        self.progress(self.kept)

                yield write
        except httpx.HTTPError:
            raise  # the transfer broke: what arrived stays for the next try
        except BaseException:
            self.discard()
            raise
        self.part.replace(self.path)
        self.part, self.kept, self.validator = None, 0, None

    def _start_of(self, response: httpx.Response) -> int:
        """Where `response`'s body goes in the file: 0 for a 200, the kept bytes' end for a 206 that continues them
        to the end of the file."""
        if response.status_code != 206:
            return 0
        found = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
        if found is None or int(found["first"]) != self.kept or int(found["last"]) + 1 != int(found["size"]):
            asked = self.kept
            self.discard()
            raise httpx.RemoteProtocolError(
                f"the server answered the range {response.headers.get('Content-Range')!r} to a request for bytes "
                f"{asked}- of {self.path.name}",
                request=response.request,
            )
        return self.kept

    def discard(self) -> None:
        """Remove the partial file: the download is given up, or starts over."""
        if self.part is not None:
            self.part.unlink(missing_ok=True)
        self.part, self.kept, self.validator = None, 0, None


def read_timeout_from_now(response: httpx.Response, seconds: float) -> None:
    """Wait at most `seconds` for each read of `response`'s body from now on, whatever read timeout its headers
    were awaited with (a download's first byte may come late; a stall once bytes flow should not wait as long).

    httpx hands the request's `timeout` extension to httpcore, which reads it when the body's first read
    starts: replacing it between the headers and the body sets the body's read timeout (tests/wrapper/ops/
    test_downloads.py holds httpx to this, `make test-lowest` the lowest version the package allows).
    """
    timeouts = dict(response.request.extensions.get("timeout") or {})
    timeouts["read"] = seconds
    response.request.extensions["timeout"] = timeouts

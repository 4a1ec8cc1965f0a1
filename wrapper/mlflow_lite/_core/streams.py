"""Streamed request and response bodies, so a large artifact never sits in memory whole.

A `Request` may carry a body *factory* (a zero-argument callable returning an iterable of byte chunks) instead of
bytes: an iterator can be read once, and a retry needs the body again, so each attempt calls the factory
(which reopens the file). A `Request` may also carry a `StreamTo`: the driver then streams the answer's body into
that file instead of reading it into memory. Both drivers use this module, so their changes stay a few lines.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path

import attrs
import httpx

__all__ = ["BodyFactory", "StreamTo", "aiter_chunks", "file_chunks"]

#: Makes the body of one attempt; called again for each retry.
BodyFactory = Callable[[], Iterable[bytes]]
CHUNK_SIZE = 1024 * 1024
# mkstemp makes files only the owner can read; a downloaded file gets the usual mode instead. Read once, at
# import, because reading the umask means setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


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
    iterator = iter(chunks)
    try:
        while (chunk := await asyncio.to_thread(next, iterator, None)) is not None:
            yield chunk
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # closes the file now when the upload fails midway, not at garbage collection


@attrs.frozen
class StreamTo:
    """Where a download goes: the file at `path`, written through a temporary file in the same folder and
    renamed into place once complete, so a failed or retried download never leaves a partial file.
    `progress` gets the bytes written so far in this attempt."""

    path: Path
    progress: Callable[[int], None] | None = None

    @contextlib.contextmanager
    def open(self, response: httpx.Response) -> Iterator[Callable[[bytes], None]]:
        """A sink for the chunks of a successful `response`."""
        del response  # the length is not needed: `progress` counts bytes written, whatever the encoding
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        done = 0
        try:
            os.fchmod(fd, 0o666 & ~_UMASK)
            with os.fdopen(fd, "wb") as file:

                def write(chunk: bytes) -> None:
                    nonlocal done
                    file.write(chunk)
                    done += len(chunk)
                    if self.progress is not None:
                        self.progress(done)

                yield write
            Path(name).replace(self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

"""A local folder as an artifact store: `file:///shared/mlruns/1/<run_id>/artifacts` or a plain path, as MLflow's
`LocalArtifactRepository` reads and writes it (a key is a path below the root, folders made as needed)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

import attrs

from .._entities import FileInfo
from .._errors import InvalidParameterValue, ResourceDoesNotExist

__all__ = ["LocalStore", "writing"]

_CHUNK = 1024 * 1024
# mkstemp makes files only the owner can read; an artifact gets the usual mode instead, as MLflow's copy gives it.
# Read once, at import, because reading the umask means setting it.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@attrs.frozen
class LocalStore:
    """The folder `root`; every key must resolve inside it (after symbolic links), so a write never leaves it."""

    uri: str
    root: Path

    @classmethod
    def from_uri(cls, uri: str, owner: str) -> LocalStore:
        parts = urlsplit(uri)
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise InvalidParameterValue(f"{owner}: {uri!r} names another host's folder, which is not reachable")
            path = unquote(parts.path)
        else:
            path = uri
        if not path:
            raise InvalidParameterValue(f"{owner} has no artifact location")
        return cls(uri, Path(path).absolute())

    def _path(self, key: str) -> Path:
        """The local path of `key`; refused when it (or a link on its way) leads outside the root."""
        parts = [p for p in key.split("/") if p]
        if any(p in (".", "..") for p in parts) or "\\" in key or "\x00" in key:
            raise InvalidParameterValue(f"artifact path {key!r} would leave the artifact folder {self.uri!r}")
        path = self.root.joinpath(*parts)
        root = os.path.realpath(self.root)
        real = os.path.realpath(path)
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            raise InvalidParameterValue(f"artifact path {key!r} leads outside the artifact folder {self.uri!r}")
        return path

    def put_file(self, key: str, local: Path, size: int, progress: Callable[[int], None] | None) -> None:
        with local.open("rb") as source, writing(self._path(key)) as target:
            _copy(source, target, progress)

    def put_bytes(self, key: str, data: bytes) -> None:
        with writing(self._path(key)) as target:
            target.write(data)

    def list(self, folder: str) -> list[FileInfo]:
        path = self._path(folder)
        if not path.is_dir():
            return []
        entries = []
        with os.scandir(path) as listing:
            for entry in listing:
                key = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir():
                    entries.append(FileInfo(key, True, None))
                else:
                    entries.append(FileInfo(key, False, entry.stat().st_size))
        return sorted(entries, key=lambda e: e.path)

    def get_file(self, key: str, local: Path, progress: Callable[[int], None] | None) -> None:
        path = self._path(key)
        if not path.is_file():
            raise ResourceDoesNotExist(f"no artifact {key!r} in {self.uri!r}")
        with path.open("rb") as source, writing(local) as target:
            _copy(source, target, progress)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[IO[bytes]]:
    """A partial file beside `path`, renamed onto it once written: a reader never sees half a file, and a
    failed write leaves nothing. Every store's downloads are written so."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
        os.chmod(partial, 0o666 & ~_UMASK)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        raise


def _copy(source: IO[bytes], target: IO[bytes], progress: Callable[[int], None] | None) -> None:
    """`source` into `target` a chunk at a time, telling `progress` the bytes copied so far."""
    done = 0
    while chunk := source.read(_CHUNK):
        target.write(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done)

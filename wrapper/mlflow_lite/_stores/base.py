"""The interface every store implements, and the choice of a store by an artifact URI's scheme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from .._entities import FileInfo
from .._errors import InvalidParameterValue

__all__ = ["PROXY_SCHEME", "Store", "store_for"]

PROXY_SCHEME = "mlflow-artifacts"
_CLOUD = {"s3": "s3", "gs": "gcs", "wasbs": "azure", "abfss": "azure"}


class Store(Protocol):
    """An artifact root the client reads and writes itself."""

    @property
    def uri(self) -> str:
        """The root, for messages (never a secret)."""

    def put_file(self, key: str, local: Path, size: int, progress: Callable[[int], None] | None) -> None:
        """Write the file `local` (`size` bytes) at `key`, whole or not at all."""

    def put_bytes(self, key: str, data: bytes) -> None:
        """Write `data` at `key`."""

    def list(self, folder: str) -> list[FileInfo]:
        """The files and folders directly under `folder` ("" is the root) as `FileInfo`s whose paths are relative
        to the root; nothing for a file or a missing folder. Not yet checked: the ops' walk checks them."""

    def get_file(self, key: str, local: Path, progress: Callable[[int], None] | None) -> None:
        """Stream the object at `key` into the file `local`, which appears only once complete."""


def store_for(uri: str | None, owner: str) -> Store | None:
    """The store of an artifact root (`owner` names whose, for messages); None for the server's proxy."""
    text = uri or ""
    scheme = urlsplit(text).scheme
    if scheme == PROXY_SCHEME:
        return None
    if scheme in ("", "file") or (len(scheme) == 1 and text[1:3] in (":/", ":\\")):  # a path, or C:/...
        from .local import LocalStore

        return LocalStore.from_uri(text, owner)
    if scheme in _CLOUD:
        from .cloud import cloud_store

        return cloud_store(text, scheme, _CLOUD[scheme])
    raise InvalidParameterValue(
        f"{owner} stores its artifacts at {uri!r}, a scheme mlflow-lite does not reach: it moves artifacts "
        "through the tracking server's proxy (mlflow-artifacts:), a local folder (file:), s3://, gs://, "
        "wasbs:// and abfss://"
    )

"""Artifact files and folders, as listings return them."""

from __future__ import annotations

from typing import Any

import attrs

from .._core.public import show_as_public
from .base import Entity

__all__ = [
    "FileInfo",
]


@attrs.frozen(repr=False)
class FileInfo(Entity):
    """An artifact file or folder: `path` from the run's artifact root, `file_size` None for folders."""

    path: str
    is_dir: bool
    file_size: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


show_as_public(globals())

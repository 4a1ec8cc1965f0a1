"""Large files for the streaming and multipart tests: written fast, checked by SHA-256."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

__all__ = ["big_file", "sha256_of"]

MIB = 1024 * 1024


def big_file(path: Path, size: int) -> str:
    """`size` bytes of a 1 MiB random block, each copy stamped with its index (fast to write, and no two MiB
    alike, so a part sent twice or out of place shows); returns its SHA-256."""
    block = bytearray(os.urandom(MIB))
    digest = hashlib.sha256()
    with path.open("wb") as file:
        for index in range(size // MIB):
            block[:8] = index.to_bytes(8, "big")
            file.write(block)
            digest.update(block)
        if rest := size % MIB:
            file.write(block[:rest])
            digest.update(block[:rest])
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()

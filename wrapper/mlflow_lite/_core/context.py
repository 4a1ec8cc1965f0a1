"""What every op is given first: a `Context` holds how to retry, what is known of the server's MLflow version,
and how files go up in parts. A client makes one and passes it to every op it runs, so each op has one
calling convention: `op(cx, ...)`."""

from __future__ import annotations

import math

import attrs

from .retry import RetryPolicy
from .server import ServerVersion
from .settings import Settings

__all__ = ["Context", "Multipart"]


@attrs.define
class Multipart:
    """When a file goes up in parts, from the client's settings, and whether this server takes parts: unknown
    until the first large file, False once the server answers that its artifact store cannot (a local
    folder), after which files go up whole without asking again."""

    enabled: bool
    min_size: int
    part_size: int
    supported: bool | None = None

    # S3's limit on the parts of one upload.
    MAX_PARTS = 10_000

    @classmethod
    def from_settings(cls, settings: Settings) -> Multipart:
        return cls(settings.multipart, settings.multipart_min_size, settings.multipart_part_size)

    def wanted(self, size: int) -> bool:
        return self.enabled and self.supported is not False and size >= self.min_size

    def layout(self, size: int) -> tuple[int, int]:
        """(part size, number of parts) for a file of `size` bytes, within S3's 10,000 parts."""
        part_size = max(self.part_size, math.ceil(size / self.MAX_PARTS))
        return part_size, max(1, math.ceil(size / part_size))


@attrs.frozen
class Context:
    """How an op is carried out: `policy` (retries, timeouts, budget), `server` (its version once asked; shared
    by every op of one client, so it is asked once) and `multipart` (when files go up in parts)."""

    policy: RetryPolicy
    server: ServerVersion = attrs.field(factory=ServerVersion)
    multipart: Multipart = attrs.field(factory=lambda: Multipart(enabled=False, min_size=0, part_size=0))

    @classmethod
    def from_settings(cls, settings: Settings) -> Context:
        return cls(RetryPolicy.from_settings(settings), ServerVersion(), Multipart.from_settings(settings))

    def with_policy(self, policy: RetryPolicy) -> Context:
        """The same context with other retries (a shorter first try, say); the server's version stays shared."""
        return attrs.evolve(self, policy=policy)

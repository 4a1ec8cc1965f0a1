"""Requests as values: the protocol between the library's logic and the two clients that carry it out.

The library's logic never performs I/O itself. An operation (`Op`) is a generator that yields *effects*:
`Send` (one HTTP request), `Sleep` (a back-off pause) and `Call` (a blocking call into an artifact store the
server does not proxy), and receives their results. `TrackingClient` runs
an op with `httpx.Client` and `time.sleep`, `AsyncTrackingClient` with `httpx.AsyncClient` and
`asyncio.sleep`: carrying out the effects is the only code that differs between sync and async.

    op = runs.get_run(cx, "0a1b...")          # nothing sent yet (cx: the client's `Context`)
    step = advance(op, None, None)           # Send(request=Request("GET", ".../runs/get", ...), timeout=...)
    step = advance(op, response, None)       # ... until Done(value=Run(...))
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Generator, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs
import httpx

from .._core.streams import BodyFactory, StreamTo, aiter_chunks

__all__ = ["Call", "Done", "Op", "Request", "Send", "Sleep", "advance"]

T = TypeVar("T")


@attrs.frozen
class Request:
    """One request to the MLflow API, usually built from a generated endpoint module's `_get_kwargs`.

    `idempotent` says whether sending it twice is harmless. Creates are not: they are resent only when the
    request cannot have reached the server (see `retry`).
    """

    method: str
    url: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | BodyFactory | None = None
    headers: Mapping[str, str] | None = None
    idempotent: bool = True
    # Set for a download that the client streams into a file instead of reading into memory (see `streams`).
    stream_to: StreamTo | None = None
    # The least seconds to wait for the answer to begin, when the server may work long before its first byte
    # (the artifact proxy copies a file from its store first): the read timeout until then is the larger of
    # this and the client's timeout, and is not cut short by the retry budget (see `RetryPolicy.attempt_timeout`).
    first_byte_timeout: float | None = None
    # A presigned URL on another host (an S3 part): it carries its own authorization, so the client sends it
    # without its credentials and headers, on a connection of its own.
    external: bool = False

    def body(self) -> bytes | Iterable[bytes] | None:
        """The body of one attempt: a streamed body is made afresh each time, since it can be read only once."""
        return self.content() if callable(self.content) else self.content

    def abody(self) -> bytes | AsyncIterable[bytes] | None:
        """`body()` for `httpx.AsyncClient`, which takes only async iterators."""
        body = self.body()
        return body if body is None or isinstance(body, bytes) else aiter_chunks(body)

    @classmethod
    def from_endpoint(cls, kwargs: Mapping[str, Any], *, idempotent: bool = True) -> Request:
        """The request a generated endpoint module describes (its `_get_kwargs(...)`)."""
        return cls(
            method=kwargs["method"].upper(),
            url=kwargs["url"],
            params=kwargs.get("params") or None,
            json=kwargs.get("json"),
            content=kwargs.get("content"),
            headers=kwargs.get("headers"),
            idempotent=idempotent,
        )


@attrs.frozen
class Send:
    """Effect: send `request` with this timeout; the client answers with the `httpx.Response`, or throws the
    `httpx.HTTPError` back into the op. `body_timeout`, when set, is the read timeout of a streamed answer's body
    once its headers have come (they were awaited with `timeout.read`)."""

    request: Request
    timeout: httpx.Timeout
    body_timeout: float | None = None


@attrs.frozen
class Sleep:
    """Effect: pause for `seconds` before trying again."""

    seconds: float


@attrs.frozen
class Call:
    """Effect: run `function()`, a blocking call into an artifact store (`_stores`), and answer with its result
    or throw its exception back into the op. `TrackingClient` calls it; `AsyncTrackingClient` calls it in a
    worker thread, so the event loop is never blocked by a store's transfer."""

    function: Callable[[], Any]


Op = Generator[Send | Sleep | Call, Any, T]


@attrs.frozen
class Done(Generic[T]):
    """The op has finished with `value`."""

    value: T


def advance(op: Op[T], value: Any, error: BaseException | None) -> Send | Sleep | Call | Done[T]:
    """One step of an op, for a client: feed it the last result (or throw the last error into it), and get its
    next effect, or `Done` with its result."""
    try:
        return op.throw(error) if error is not None else op.send(value)
    except StopIteration as stop:
        return Done(stop.value)

"""Requests as values, and the retry policy, shared by the sync and the async client.

The library's logic never performs I/O itself. An operation is a generator that yields *effects*: `Send`
(one HTTP request) and `Sleep` (a back-off pause), and receives their results. `TrackingClient` runs such a
generator with `httpx.Client` and `time.sleep`, `AsyncTrackingClient` with `httpx.AsyncClient` and
`asyncio.sleep`: the two drivers are the only code that differs between sync and async.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import random
import ssl
import time
from collections.abc import AsyncIterable, Callable, Generator, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ._config import Settings
from ._errors import ApiError, TransportError, error_from_response
from ._stream import BodyFactory, StreamTo, aiter_chunks
from ._version import __version__

__all__ = ["Call", "DuplicateCheck", "Op", "RetryPolicy", "Send", "Sleep", "exchange", "exchange_once", "httpx_options"]

T = TypeVar("T")
logger = logging.getLogger("mlflow_lite")

USER_AGENT = f"mlflow-lite/{__version__}"

# Statuses worth another try: rate limiting and a proxy or server that is (briefly) unavailable.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Statuses that say the server did not act on the request, so even a create may be sent again.
REFUSED_STATUSES = frozenset({429, 503})
MAX_BACKOFF = 120.0
# The least time worth one more attempt at the end of the budget.
MIN_LAST_ATTEMPT = 0.5


@attrs.frozen
class Call:
    """One request to the MLflow API, built from a generated endpoint module's `_get_kwargs`.

    `idempotent` says whether sending it twice is harmless. Creates are not: they are resent only when the
    request cannot have reached the server (see `RetryPolicy`).
    """

    method: str
    url: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | BodyFactory | None = None
    headers: Mapping[str, str] | None = None
    idempotent: bool = True
    # Set for a download that the driver streams into a file instead of reading into memory (see `_stream`).
    stream_to: StreamTo | None = None

    def body(self) -> bytes | Iterable[bytes] | None:
        """The body of one attempt: a streamed body is made afresh each time, since it can be read only once."""
        return self.content() if callable(self.content) else self.content

    def abody(self) -> bytes | AsyncIterable[bytes] | None:
        """`body()` for `httpx.AsyncClient`, which takes only async iterators."""
        body = self.body()
        return body if body is None or isinstance(body, bytes) else aiter_chunks(body)

    @classmethod
    def from_kwargs(cls, kwargs: Mapping[str, Any], *, idempotent: bool = True) -> Call:
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
    """Effect: send `call` with this timeout; the driver answers with the `httpx.Response`, or throws the
    `httpx.HTTPError` back into the operation."""

    call: Call
    timeout: httpx.Timeout


@attrs.frozen
class Sleep:
    """Effect: pause for `seconds` before trying again."""

    seconds: float


Op = Generator[Send | Sleep, Any, T]


@attrs.frozen
class Done(Generic[T]):
    """The op has finished with `value`."""

    value: T


def advance(op: Op[T], value: Any, error: BaseException | None) -> Send | Sleep | Done[T]:
    """One step of an op, for a driver: feed it the last result (or throw the last error into it), and get
    its next effect, or `Done` with its result."""
    try:
        return op.throw(error) if error is not None else op.send(value)
    except StopIteration as stop:
        return Done(stop.value)


@attrs.frozen
class RetryPolicy:
    """Bounded, idempotency-aware retries: exponential back-off with jitter, `Retry-After` honoured, and a
    total time budget per call, so a call ends with an error instead of blocking for many minutes."""

    max_retries: int
    backoff_factor: float
    backoff_jitter: float
    budget: float
    timeout: float
    connect_timeout: float
    respect_retry_after: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_retries=settings.max_retries,
            backoff_factor=settings.backoff_factor,
            backoff_jitter=settings.backoff_jitter,
            budget=settings.retry_budget,
            timeout=settings.timeout,
            connect_timeout=settings.connect_timeout,
            respect_retry_after=settings.respect_retry_after,
        )

    def backoff(self, attempt: int) -> float:
        """Pause before retry number `attempt` (1-based): none before the first, as urllib3 does for MLflow,
        then factor * 2^(n-1), capped, plus uniform jitter."""
        base = 0.0 if attempt <= 1 else min(MAX_BACKOFF, self.backoff_factor * 2 ** (attempt - 1))
        return base + random.uniform(0, self.backoff_jitter)  # noqa: S311 - jitter, not cryptography

    def attempt_timeout(self, remaining: float) -> httpx.Timeout:
        total = max(MIN_LAST_ATTEMPT, min(self.timeout, remaining))
        return httpx.Timeout(total, connect=min(self.connect_timeout, total))

    def delay(
        self, *, attempt: int, remaining: float, retryable: bool, retry_after: float | None = None
    ) -> float | None:
        """Seconds to wait before the next attempt, or None to give up.

        The budget is used to the end: a back-off longer than what is left is shortened so that one last
        attempt still fits. A `Retry-After` beyond the budget ends the call at once (the server said when it
        will take requests again, and that is too late), and so does a budget with less than
        `MIN_LAST_ATTEMPT` seconds left.
        """
        if not retryable or attempt > self.max_retries:
            return None
        pause = self.backoff(attempt)
        if retry_after is not None and self.respect_retry_after:
            if retry_after + MIN_LAST_ATTEMPT > remaining:
                return None
            pause = max(pause, retry_after)
        if pause + MIN_LAST_ATTEMPT > remaining:
            pause = remaining - MIN_LAST_ATTEMPT
        return pause if pause >= 0 else None


def retry_after_seconds(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds (a number or an HTTP date), or None when absent or unreadable."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None  # a garbled header is ignored, as urllib3 does, rather than failing the call
        return max(0.0, when.timestamp() - time.time())
    return None if math.isnan(seconds) else max(0.0, seconds)


def may_have_reached_server(exc: httpx.HTTPError) -> bool:
    """False only when the request surely was not sent: no connection was made."""
    return not isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


def is_permanent(exc: httpx.HTTPError) -> bool:
    """Failures that another try cannot mend: a certificate that does not verify, an unsupported scheme."""
    if isinstance(exc, httpx.UnsupportedProtocol):
        return True
    cause: BaseException | None = exc
    for _ in range(10):  # httpx.ConnectError <- httpcore.ConnectError <- ssl.SSLCertVerificationError
        if cause is None:
            break
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def exchange(call: Call, policy: RetryPolicy) -> Generator[Send | Sleep, Any, httpx.Response]:
    """Send `call` until it succeeds, fails for good, or the retries or the time budget run out.

    Returns the successful response; raises `ApiError` (a subclass, by `error_code` then status) or
    `TransportError`. A call that is not idempotent is resent only when the server cannot have acted on it
    (no connection was made, or it answered 429 or 503).
    """
    response = yield from exchange_once(call, policy, None)
    assert response is not None, "without a duplicate check exchange always returns a response"
    return response


DuplicateCheck = Callable[[RetryPolicy], Generator[Send | Sleep, Any, bool]]


def exchange_once(
    call: Call, policy: RetryPolicy, already_done: DuplicateCheck | None
) -> Generator[Send | Sleep, Any, httpx.Response | None]:
    """`exchange` for a request that must take effect at most once (a create), made safe to resend.

    After a failure that leaves it unknown whether the server acted (the connection broke after the request
    went out, a timeout, 502/504 from a proxy, 503), and before resending, `already_done` looks on the server
    for the effect of the earlier attempt (with the budget that is left). When it finds it, this returns None
    and the caller reads the result from what the check found; otherwise the request is sent again.
    Without `already_done` a create is never resent after such a failure: the error is raised instead.
    """
    started = time.monotonic()
    attempt = 0
    check_before_send = False
    may_have_landed = False  # an earlier try of this call may have been carried out
    while True:
        if check_before_send and already_done is not None:
            remaining = policy.budget - (time.monotonic() - started)
            if (yield from already_done(attrs.evolve(policy, budget=max(remaining, 0.1)))):
                return None
        attempt += 1
        remaining = policy.budget - (time.monotonic() - started)
        try:
            response: httpx.Response = yield Send(call, policy.attempt_timeout(remaining))
        except httpx.HTTPError as exc:
            ambiguous = may_have_reached_server(exc)
            retryable = (call.idempotent or not ambiguous or already_done is not None) and not is_permanent(exc)
            remaining = policy.budget - (time.monotonic() - started)
            pause = policy.delay(attempt=attempt, remaining=remaining, retryable=retryable)
            if pause is None:
                url = str(exc.request.url) if _has_request(exc) else call.url
                cause = _describe(exc)
                tries = f" after {attempt} attempts in {time.monotonic() - started:.1f} s" if attempt > 1 else ""
                raise TransportError(
                    f"cannot reach the MLflow server for {call.method} {url}{tries}: {cause}",
                    url=url,
                    cause=cause,
                ) from exc
            check_before_send = check_before_send or (ambiguous and not call.idempotent)
            may_have_landed = may_have_landed or ambiguous
            logger.warning("%s %s failed (%s); retrying in %.1f s", call.method, call.url, _describe(exc), pause)
        else:
            if response.is_success:
                return response
            if may_have_landed and call.idempotent and _already_stored(response):
                logger.warning(
                    "%s %s: the server already has what an earlier try sent (%d, unique constraint); done",
                    call.method,
                    call.url,
                    response.status_code,
                )
                return httpx.Response(200, content=b"{}", request=response.request)
            status = response.status_code
            refused = status in REFUSED_STATUSES
            retryable = status in RETRY_STATUSES and (call.idempotent or refused or already_done is not None)
            remaining = policy.budget - (time.monotonic() - started)
            pause = policy.delay(
                attempt=attempt,
                remaining=remaining,
                retryable=retryable,
                retry_after=retry_after_seconds(response),
            )
            if pause is None:
                raise error_from_response(response, method=call.method, url=str(response.request.url))
            # A 503 may come from a server that failed half-way; only 429 surely means "not done".
            check_before_send = check_before_send or (status != 429 and not call.idempotent)
            may_have_landed = may_have_landed or status != 429
            logger.warning("%s %s answered %d; retrying in %.1f s", call.method, call.url, status, pause)
        yield Sleep(pause)


# What SQL stores answer when a row written by an earlier try is written again (sqlite, postgres, mysql).
_UNIQUE_VIOLATION = ("UNIQUE constraint failed", "duplicate key value violates unique", "Duplicate entry")


def _already_stored(response: httpx.Response) -> bool:
    """A resend refused because its rows are already there: the earlier try, whose answer was lost, took effect.

    MLflow 2.x answers a resent log-batch with NaN metrics this way (400 BAD_REQUEST, IntegrityError): its
    duplicate check compares NaN with the stored 0.0 and misses, so the insert hits the primary key.
    """
    if response.status_code != 400:
        return False
    text = response.content[:4000].decode("utf-8", errors="replace")
    return '"BAD_REQUEST"' in text and any(marker in text for marker in _UNIQUE_VIOLATION)


def _describe(exc: httpx.HTTPError) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when the exception has no request
    except RuntimeError:
        return False
    return True


def parse_json(response: httpx.Response) -> Any:
    """The body of a successful answer as JSON; anything else is an `ApiError`, never a decoding error."""
    if not response.content:
        return {}  # MLflow answers some calls with an empty body behind some proxies
    try:
        return json.loads(response.content)
    except ValueError:
        text = response.content[:200].decode("utf-8", errors="replace")
        raise ApiError(
            f"{response.request.method} {response.request.url} answered {response.status_code} "
            f"with a body that is not JSON: {text!r}",
            status_code=response.status_code,
            response=response,
        ) from None


def parse_model(response: httpx.Response, from_dict: Callable[[Any], T]) -> T:
    """`from_dict` of the generated response model, with a malformed body as an `ApiError`."""
    body = parse_json(response)
    try:
        return from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problem = f"no {exc.args[0]!r} field" if isinstance(exc, KeyError) and exc.args else repr(exc)
        raise ApiError(
            f"{response.request.method} {response.request.url} answered with an unexpected body: {problem}",
            status_code=response.status_code,
            response=response,
        ) from None


def httpx_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client` and `httpx.AsyncClient` alike."""
    headers = {"User-Agent": USER_AGENT, **settings.headers}
    auth: httpx.Auth | None = None
    if settings.username and settings.password:
        auth = httpx.BasicAuth(settings.username, settings.password)
    elif settings.token:
        auth = _BearerAuth(settings.token)
    options: dict[str, Any] = {
        "base_url": settings.tracking_uri,
        "headers": headers,
        "auth": auth,
        "timeout": httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        "verify": _tls(settings),
        # httpx drops the Authorization header when a redirect leaves the origin, so credentials stay home.
        "follow_redirects": True,
    }
    return options


def _tls(settings: Settings) -> ssl.SSLContext | bool:
    """`verify` for httpx: False, True (httpx's default context), or a context with our CA bundle and client
    certificate (httpx 0.28 deprecates passing paths)."""
    if settings.verify is False:
        if settings.client_cert is None:
            return False
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(settings.verify, str):
        context = ssl.create_default_context(cafile=settings.verify)
    elif settings.client_cert is None:
        return True
    else:
        context = ssl.create_default_context()
    if settings.client_cert:
        context.load_cert_chain(settings.client_cert)
    return context


class _BearerAuth(httpx.Auth):
    """`Authorization: Bearer <token>`, kept out of `repr`."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "_BearerAuth(token=***)"

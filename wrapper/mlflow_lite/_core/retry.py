"""Retries: bounded, aware of idempotency, within a time budget per call.

`with_retries(request, policy)` sends a request until it succeeds, fails for good, or the retries or the time
budget run out; `at_most_once(request, policy, already_done)` does the same for a create, which must not take
effect twice. Both are ops (see `effects`). `Attempts` holds one request's way through its tries and makes
each decision, one outcome at a time: pause and try again, look for an earlier try's effect first, or give up
with a typed error.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from typing import TypeVar
from urllib.parse import urlsplit

import attrs
import httpx

from .._core.effects import Op, Request, Send, Sleep
from .._core.settings import Settings
from .._errors import ServerBusy, TransportError, error_from_response

__all__ = [
    "FIRST_CONTACT_BUDGET",
    "AlreadyDone",
    "Attempts",
    "FirstContact",
    "RetryPolicy",
    "already_stored",
    "at_most_once",
    "crashed",
    "download",
    "first_contact_hint",
    "is_permanent",
    "may_have_reached_server",
    "retry_after_seconds",
    "server_trouble",
    "with_retries",
]

T = TypeVar("T")
logger = logging.getLogger("mlflow_lite")

# Statuses worth another try: rate limiting and a proxy or server that is (briefly) unavailable.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Statuses that say the server did not act on the request, so even a create may be sent again.
REFUSED_STATUSES = frozenset({429, 503})
MAX_BACKOFF = 120.0
# The least time worth one more attempt at the end of the budget.
MIN_LAST_ATTEMPT = 0.5
# Seconds a client that has never had an answer from its server keeps trying to connect: a wrong URI or a
# server that is not running should say so at once, not after the full budget meant for outages.
FIRST_CONTACT_BUDGET = 10.0


@attrs.define
class FirstContact:
    """Whether the client's server has ever answered, and the tracking URI it was given and where from (the
    argument, MLFLOW_TRACKING_URI, the default), for the error when it never does."""

    uri: str
    source: str
    answered: bool = False
    #: A call of this client gave up before the server ever answered: it has waited the first-contact budget in
    #: vain once, so a journaled run's next try (see `_durable.delivery.first_try`) is one attempt, not another wait.
    gave_up: bool = False


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
    # Shared by the client's calls (a mutable object in a frozen policy): set at the server's first answer.
    first_contact: FirstContact | None = attrs.field(default=None, eq=False, repr=False)

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
            first_contact=FirstContact(settings.tracking_uri, settings.tracking_uri_source),
        )

    def backoff(self, attempt: int) -> float:
        """Pause before retry number `attempt` (1-based): none before the first, as urllib3 does for MLflow,
        then factor * 2^(n-1), capped, plus uniform jitter."""
        base = 0.0 if attempt <= 1 else min(MAX_BACKOFF, self.backoff_factor * 2 ** (attempt - 1))
        return base + random.uniform(0, self.backoff_jitter)  # noqa: S311 - jitter, not cryptography

    def attempt_timeout(self, remaining: float, first_byte: float | None = None) -> httpx.Timeout:
        """One try's timeouts: the client's, cut to the budget left. With `first_byte` (a request whose answer
        may begin late: `Request.first_byte_timeout`), the read timeout is the larger of the client's timeout and
        `first_byte`, whatever the budget left: the budget bounds retrying failures, not one slow but live answer."""
        total = max(MIN_LAST_ATTEMPT, min(self.timeout, remaining))
        connect = min(self.connect_timeout, total)
        if first_byte is None:
            return httpx.Timeout(total, connect=connect)
        return httpx.Timeout(total, connect=connect, read=max(self.timeout, first_byte))

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
    return any(isinstance(cause, ssl.SSLCertVerificationError) for cause in _causes(exc))


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what caused it: httpx.ConnectError <- httpcore.ConnectError <- ssl.SSLError, socket.gaierror."""
    cause: BaseException | None = exc
    for _ in range(10):
        if cause is None:
            return
        yield cause
        cause = cause.__cause__ or cause.__context__


# What OpenSSL says when the other end answers a TLS hello with something else (plain HTTP, say).
_NOT_TLS = frozenset(
    {"WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "PACKET_LENGTH_TOO_LONG", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"}
)
# getaddrinfo's "no such name" (EAI_NODATA: the name exists without an address), not "try again later".
_NO_SUCH_NAME = frozenset(code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def first_contact_hint(exc: httpx.HTTPError, uri: str) -> tuple[str | None, bool]:
    """For a failure before the server at `uri` ever answered: what probably is wrong, said as its fix (or None),
    and whether trying again is pointless (a host name that does not exist, TLS to a server without it)."""
    parts = urlsplit(uri)
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror) and cause.errno in _NO_SUCH_NAME:
            return f"the host name {parts.hostname!r} does not resolve: is it spelt right?", True
        if isinstance(cause, ssl.SSLError) and getattr(cause, "reason", None) in _NOT_TLS and parts.scheme == "https":
            where = parts.netloc.rpartition("@")[2]
            return f"the server at {where} does not speak TLS: try {'http://' + uri.removeprefix('https://')!r}", True
    if parts.port is None and isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        port = _DEFAULT_PORTS.get(parts.scheme, 80)
        return f"the URI gives no port, so port {port} was tried; MLflow's server listens on 5000 by default", False
    return None, False


#: Looks on the server for the effect of an earlier try of a create (with the policy for the budget left).
AlreadyDone = Callable[[RetryPolicy], Op[bool]]


@attrs.define
class Attempts:
    """One request's way through its tries: how many so far, how much of the time budget is left, and what the
    failures so far say about the next step. Each method takes one outcome and returns one decision."""

    request: Request
    policy: RetryPolicy
    # Whether a look-up can tell if an earlier try of this create took effect (see `at_most_once`).
    can_look_up: bool = False
    started: float = attrs.field(factory=time.monotonic)
    count: int = 0
    # An earlier try of this create may have been carried out: look for its effect before sending again.
    look_up_first: bool = False
    # An earlier try of this request may have been carried out (its answer was lost or said nothing).
    may_have_landed: bool = False

    def remaining(self) -> float:
        return self.policy.budget - (time.monotonic() - self.started)

    def look_up_policy(self) -> RetryPolicy:
        """The policy of a look-up made now: what is left of this call's budget."""
        return attrs.evolve(self.policy, budget=max(self.remaining(), 0.1))

    def next_send(self) -> Send:
        self.count += 1
        first_byte = self.request.first_byte_timeout
        timeout = self.policy.attempt_timeout(self.remaining(), first_byte)
        # Once a late answer has begun, its body is read with the client's timeout (not cut by the budget either).
        return Send(self.request, timeout, body_timeout=None if first_byte is None else self.policy.timeout)

    def made_progress(self) -> None:
        """The try that just failed moved the call forward (a download kept more of its file than ever before):
        count the retries and the budget afresh from now, as for a new call."""
        self.started = time.monotonic()
        self.count = 1

    def after_failure(self, exc: httpx.HTTPError) -> Sleep:
        """No answer came. Try again after a pause, or raise `TransportError`.

        A request that may have reached the server (anything but a failed connection) is resent only when
        sending it twice is harmless, or when a look-up can first find an earlier try's effect.
        """
        ambiguous = may_have_reached_server(exc)
        resendable = self.request.idempotent or not ambiguous or self.can_look_up
        remaining = self.remaining()
        contact = self.policy.first_contact
        never_answered = contact is not None and not contact.answered and not self.request.external
        permanent = is_permanent(exc)
        hint = None
        if never_answered and contact is not None:  # a wrong URI or no server at all: say what to fix
            hint, pointless = first_contact_hint(exc, contact.uri)
            permanent = permanent or pointless
            if not ambiguous:
                remaining = min(remaining, FIRST_CONTACT_BUDGET - (time.monotonic() - self.started))
        pause = self.policy.delay(attempt=self.count, remaining=remaining, retryable=resendable and not permanent)
        if pause is None:
            url = str(exc.request.url) if _has_request(exc) else self.request.url
            cause = _describe(exc) + (f"; {hint}" if hint else "")
            took = f" after {self.count} attempts in {time.monotonic() - self.started:.1f} s" if self.count > 1 else ""
            message = f"cannot reach the MLflow server for {self.request.method} {url}{took}: {cause}"
            if never_answered and contact is not None:
                contact.gave_up = True
                message += (
                    f"; it has never answered this client: is {contact.uri} (the tracking URI, from "
                    f"{contact.source}) right, and is the server running?"
                )
            raise TransportError(message, url=url, cause=cause) from exc
        self.look_up_first = self.look_up_first or (ambiguous and not self.request.idempotent)
        self.may_have_landed = self.may_have_landed or ambiguous
        logger.warning(
            "%s %s failed (%s); retrying in %.1f s", self.request.method, self.request.url, _describe(exc), pause
        )
        return Sleep(pause)

    def after_error_answer(self, response: httpx.Response) -> Sleep:
        """The server answered with an error. Try again after a pause (429, 502, 503, 504, a 500 that is not
        MLflow's own error answer: `crashed`, and any answer whose message is the server's own database trouble:
        `server_trouble`; honouring `Retry-After`), or raise the `ApiError` the answer describes (`ServerBusy` for
        the server's trouble).

        Only 429 and a database that never took the request surely mean "not done": after 502, 503, 504 or a
        lost database connection a create is looked up before it is resent.
        """
        status = response.status_code
        trouble = server_trouble(response)
        not_done = (status in REFUSED_STATUSES and trouble != LOST) or trouble == BUSY
        resendable = self.request.idempotent or not_done or self.can_look_up
        pause = self.policy.delay(
            attempt=self.count,
            remaining=self.remaining(),
            retryable=(status in RETRY_STATUSES or trouble is not None or crashed(response)) and resendable,
            retry_after=retry_after_seconds(response),
        )
        if pause is None:
            url = str(response.request.url)
            kind = ServerBusy if trouble is not None else None
            raise error_from_response(response, method=self.request.method, url=url, kind=kind)
        surely_not_done = status == 429 or trouble == BUSY
        self.look_up_first = self.look_up_first or (not surely_not_done and not self.request.idempotent)
        self.may_have_landed = self.may_have_landed or not surely_not_done
        logger.warning("%s %s answered %d; retrying in %.1f s", self.request.method, self.request.url, status, pause)
        return Sleep(pause)

    def stored_by_an_earlier_try(self, response: httpx.Response) -> bool:
        """Whether an error answer says that what this request writes is already there, from a try whose
        answer was lost: then the request has taken effect."""
        return self.may_have_landed and self.request.idempotent and already_stored(response)


def with_retries(request: Request, policy: RetryPolicy) -> Op[httpx.Response]:
    """Send `request` until it succeeds, fails for good, or the retries or the time budget run out.

    Returns the successful response; raises `ApiError` (a subclass, by `error_code` then status) or
    `TransportError`. A request that is not idempotent is resent only when the server cannot have acted on it
    (no connection was made, or it answered 429 or 503).
    """
    response = yield from at_most_once(request, policy, None)
    assert response is not None, "without a look-up the answer is always a response"
    return response


def at_most_once(request: Request, policy: RetryPolicy, already_done: AlreadyDone | None) -> Op[httpx.Response | None]:
    """`with_retries` for a request that must take effect at most once (a create), made safe to resend.

    After a failure that leaves it unknown whether the server acted (the connection broke after the request
    went out, a timeout, 502/504 from a proxy, 503), and before resending, `already_done` looks on the server
    for the effect of the earlier try. When it finds it, this returns None and the caller reads the result
    from what the look-up found; otherwise the request is sent again. Without `already_done` a create is never
    resent after such a failure: the error is raised instead.
    """
    attempts = Attempts(request, policy, can_look_up=already_done is not None)
    while True:
        if attempts.look_up_first and already_done is not None and (yield from already_done(attempts.look_up_policy())):
            return None
        try:
            response: httpx.Response = yield attempts.next_send()
        except httpx.HTTPError as exc:
            yield attempts.after_failure(exc)
            continue
        if policy.first_contact is not None and not request.external:
            policy.first_contact.answered = True  # outages from now on get the full budget
        if response.is_success:
            return response
        if attempts.stored_by_an_earlier_try(response):
            logger.warning(
                "%s %s: the server already has what an earlier try sent (%d, unique constraint); done",
                request.method,
                request.url,
                response.status_code,
            )
            return httpx.Response(200, content=b"{}", request=response.request)
        yield attempts.after_error_answer(response)


def download(request: Request, policy: RetryPolicy) -> Op[None]:
    """`with_retries` for a GET streamed into `request.stream_to`, resumed where a broken try stopped.

    A try that breaks keeps the bytes it wrote, and the next asks for the rest when the server named the file's
    version (`Range`, `If-Range`; see `StreamTo`): a 206 appends, a 200 starts the file over. A try that keeps
    more of the file than any before it counts the retries and the budget afresh (`Attempts.made_progress`):
    they bound the time spent failing, not a long transfer that moves forward. A 416 (the kept bytes no longer
    fit the file) starts over at once. When the download fails for good, the partial file is removed.
    """
    sink = request.stream_to
    assert sink is not None, "a download streams into a file"
    attempts = Attempts(request, policy)
    furthest = 0
    try:
        while True:
            resume = sink.resume_headers()
            attempts.request = attrs.evolve(request, headers={**(request.headers or {}), **resume})
            try:
                response: httpx.Response = yield attempts.next_send()
            except httpx.HTTPError as exc:
                if sink.kept > furthest:
                    furthest = sink.kept
                    attempts.made_progress()
                yield attempts.after_failure(exc)
                continue
            if policy.first_contact is not None and not request.external:
                policy.first_contact.answered = True
            if response.is_success:
                return
            if response.status_code == 416 and resume:
                logger.warning(
                    "%s %s: the %d bytes kept no longer fit; starting over", request.method, request.url, sink.kept
                )
                sink.discard()
                continue
            yield attempts.after_error_answer(response)
    finally:
        sink.discard()  # nothing left after a success; a partial file after a failure


# The server's own trouble, said in MLflow's error message whatever the status: its SQL store turns a database
# failure into 503 TEMPORARILY_UNAVAILABLE (an OperationalError in its session), 500 INTERNAL_ERROR (the same
# error caught by a store method's own `except Exception`, log-batch's among them) or 400 BAD_REQUEST (any other
# SQLAlchemy error: a full connection pool, a connection found closed). Measured with MLflow 2.22.5 and 3.17.2's
# session wrapper over real failures (tests/wrapper/durable/test_overload.py). Specific texts only: a 400 that
# says nothing of the database is the client's to mend.
BUSY = "busy"  # the database never took the request: nothing was done
LOST = "lost"  # the database connection broke: a commit may have happened
_DB_BUSY = (
    "QueuePool limit of size",  # SQLAlchemy: no free connection in the pool in time (400 BAD_REQUEST)
    "database is locked",  # sqlite: another writer held the file past busy_timeout
    "database table is locked",
    "(psycopg2.OperationalError) connection to server",  # postgres refused or unreachable (libpq >= 14)
    "(psycopg2.OperationalError) could not connect to server",  # the same, older libpq
    "too many clients already",  # postgres max_connections
    "remaining connection slots are reserved",
    "the database system is starting up",
    "the database system is shutting down",
    "the database system is in recovery mode",
    "deadlock detected",  # postgres: the transaction was rolled back
    "could not serialize access",
    "Deadlock found when trying to get lock",  # mysql
    "Lock wait timeout exceeded",
    "Too many connections",
    "Can't connect to MySQL server",
)
_DB_LOST = (
    "server closed the connection unexpectedly",  # postgres went away mid-request
    "terminating connection due to administrator command",
    "SSL connection has been closed unexpectedly",
    "connection already closed",  # psycopg2 InterfaceError (400 BAD_REQUEST)
    "Can't reconnect until invalid transaction is rolled back",  # SQLAlchemy after a lost connection
    "Lost connection to MySQL server",
    "MySQL server has gone away",
)


def server_trouble(response: httpx.Response) -> str | None:
    """`BUSY` or `LOST` when an error answer of MLflow's (a JSON body with an `error_code`) says that its own
    database failed, whatever the status; None for anything else (the request's own fault, or an unknown one)."""
    if response.status_code < 400:
        return None
    text = response.content[:4000].decode("utf-8", errors="replace")
    if '"error_code"' not in text:
        return None
    if any(marker in text for marker in _DB_LOST):
        return LOST
    if any(marker in text for marker in _DB_BUSY):
        return BUSY
    return None


def crashed(response: httpx.Response) -> bool:
    """A 500 that is not one of MLflow's error answers (no `error_code`): its handler raised something MLflow
    does not map to an error (the web framework's "Internal Server Error" page), or something in front of it
    failed. Seen from MLflow 3.17.2 on PostgreSQL with 4 workers, answering one log-batch among many at once on
    a busy machine, right after a full connection pool. MLflow's own client retries every 500. A 500 that
    MLflow did answer itself (`INTERNAL_ERROR` and a message) is its verdict on the request, and is raised."""
    if response.status_code != 500:
        return False
    return '"error_code"' not in response.content[:4000].decode("utf-8", errors="replace")


# What SQL stores answer when a row written by an earlier try is written again (sqlite, postgres, mysql).
_UNIQUE_VIOLATION = ("UNIQUE constraint failed", "duplicate key value violates unique", "Duplicate entry")


def already_stored(response: httpx.Response) -> bool:
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

"""What every background worker of a run shares, the buffered run's sender and the journaled run's drain alike:
the first failure not yet reported (raised at the caller's next call, so nothing fails silently), whether the
run still takes values, and the exit hook that closes sync workers still open when the interpreter ends."""

from __future__ import annotations

import atexit
import sys
import weakref
from typing import Protocol

from .._errors import InvalidParameterValue, RateLimited, ServerError, TransportError

__all__ = ["WorkerState", "close_at_exit", "closed_before_exit", "is_outage"]


def is_outage(exc: BaseException) -> bool:
    """The server is away or overloaded (worth trying again later), rather than refusing what was sent."""
    return isinstance(exc, (TransportError, ServerError, RateLimited))


class WorkerState:
    """A worker's shared state; callers hold the worker's condition."""

    def __init__(self, flush_interval: float) -> None:
        self._flush_interval = flush_interval
        self._error: BaseException | None = None
        self._ended = False  # the run takes no more values

    def _failed(self, exc: BaseException) -> None:
        """Keep the first failure for the caller's next call."""
        self._error = self._error or exc

    def _raise_error(self) -> None:
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _admit(self) -> None:
        """Before taking more: report a failure, refuse a run that has ended."""
        self._raise_error()
        if self._ended:
            raise InvalidParameterValue("this run has ended; nothing more can be logged to it")


class Closable(Protocol):
    def close(self) -> None: ...


# Buffered and journaled sync runs still open at interpreter exit are flushed then: values logged just before a
# script ends are sent, as MLflow's own async logging does. Async runs end with their event loop; `async with`
# ends them.
_LIVE: weakref.WeakSet[Closable] = weakref.WeakSet()


def close_at_exit(worker: Closable) -> None:
    """Close `worker` at interpreter exit unless it is closed before (then `closed_before_exit`)."""
    _LIVE.add(worker)


def closed_before_exit(worker: Closable) -> None:
    _LIVE.discard(worker)


@atexit.register
def _close_at_exit() -> None:
    for worker in list(_LIVE):
        try:
            worker.close()
        except Exception as exc:
            print(f"mlflow-lite: logging buffered values at exit failed: {exc}", file=sys.stderr)

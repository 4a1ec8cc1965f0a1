"""What every background worker of a run shares, the buffered run's sender and the journaled run's drain alike:
the first failure not yet reported (raised at the caller's next call, so nothing fails silently), whether the
run still takes values, the exit hook that closes sync workers still open when the interpreter ends, and what
becomes of a worker in a forked child (its thread or task stayed in the parent)."""

from __future__ import annotations

import atexit
import os
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
        self._forked = False  # this object was copied into a forked child, without its worker
        _WORKERS.add(self)

    def _after_fork(self) -> None:
        """In a forked child: the worker (a thread or a task) stayed in the parent, and so did what it held,
        which the parent delivers. A worker that can start again in the child overrides this; this one refuses
        more values with an error that says why, and is not closed at the child's exit."""
        self._forked = True
        closed_before_exit(self)  # type: ignore[arg-type]

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
        if self._forked:
            raise InvalidParameterValue(
                "this run's background logging stayed in the parent process (this one was forked from it): start "
                "a run in this process to log from it"
            )
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


_WORKERS: weakref.WeakSet[WorkerState] = weakref.WeakSet()


class _ChildExit:
    """Closes the open workers at the exit of a `multiprocessing` child, which skips `atexit`."""

    registered = False

    def __call__(self, _: object) -> None:
        from multiprocessing import util

        util.Finalize(None, _close_at_exit, exitpriority=0)


_CHILD_EXIT = _ChildExit()


def _before_fork() -> None:
    util = sys.modules.get("multiprocessing.util")
    if util is not None and not _CHILD_EXIT.registered:
        # A multiprocessing child runs these hooks after the fork, then its finalizers at exit.
        util.register_after_fork(_CHILD_EXIT, _CHILD_EXIT)
        _CHILD_EXIT.registered = True


def _after_fork_in_child() -> None:
    for worker in list(_WORKERS):
        worker._after_fork()


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)

"""What `TrackingClient` and `AsyncTrackingClient` share: settings, the retry policy, and what a logging call
returns."""

from __future__ import annotations

import os
import weakref
from collections.abc import Mapping
from typing import Any, Self

from .context import Context
from .public import show_as_public
from .settings import DEFAULT_FLUSH_INTERVAL, Settings, read_config_file, spool_dir_from

__all__ = [
    "ClientBase",
    "RunOperations",
    "context_of",
    "keep_inherited",
    "operations",
    "run_status_for",
    "settings_of",
]


class ClientBase:
    """Settings resolution and the pieces of every call that do not depend on sync or async."""

    # How errors name a `tracking_uri` given to the constructor (the fluent API's client is given the URI of
    # `set_tracking_uri()`, and says so).
    _uri_argument = "the tracking_uri argument"

    def __init__(
        self,
        tracking_uri: str | None = None,
        *,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        retry_budget: float | None = None,
        verify: bool | str | None = None,
        client_cert: str | None = None,
        headers: Mapping[str, str] | None = None,
        experiment_name: str | None = None,
        buffered: bool = False,
        flush_interval: float = DEFAULT_FLUSH_INTERVAL,
        spool_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self._settings = Settings.resolve(
            tracking_uri,
            token=token,
            username=username,
            password=password,
            timeout=timeout,
            max_retries=max_retries,
            retry_budget=retry_budget,
            verify=verify,
            client_cert=client_cert,
            headers=headers,
            uri_argument=self._uri_argument,
        )
        # What every op of this client is given: retries, the server's MLflow version (asked the first time a
        # call needs MLflow 3) and whether it takes multipart uploads (see `context`).
        self._cx = Context.from_settings(self._settings)
        #: Whether runs started by this client buffer their logging (each `start_run` may say otherwise).
        self.buffered = buffered
        self.flush_interval = flush_interval
        #: The experiment `start_run()` uses when given none (from `from_config`, or MLFLOW_EXPERIMENT_NAME).
        self.experiment_name = experiment_name or os.environ.get("MLFLOW_EXPERIMENT_NAME") or None
        #: Where runs keep their journal, so that nothing they log is lost while the server is away (see
        #: `_durable.journal`): `spool_dir`, else MLFLOW_LITE_SPOOL_DIR, else None (no journal).
        self.spool_dir = spool_dir_from(spool_dir)
        self._open()
        _CLIENTS.add(self)

    def _open(self) -> None:
        """Create the HTTP client (sync or async): the one thing subclasses add at construction."""
        raise NotImplementedError

    def _reopen_in_child(self) -> None:
        """After a fork, in the child: connections of its own (see `keep_inherited`)."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, path: str | os.PathLike[str], **kwargs: Any) -> Self:
        """A client for the server and experiment named in a `config.txt` (`[main]` with `hostname`, `port`
        and `experiment-name`).

        `MLFLOW_TRACKING_URI`, when set, wins over the file's hostname and port, so one config file serves
        against any server.
        """
        uri, experiment_name = read_config_file(path)
        # Left to the settings when the variable is set, so that an error names the variable, not an argument.
        return cls(None if os.environ.get("MLFLOW_TRACKING_URI") else uri, experiment_name=experiment_name, **kwargs)

    @property
    def tracking_uri(self) -> str:
        """The server this client talks to (credentials taken out, path prefix kept)."""
        return self._settings.tracking_uri

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tracking_uri={self._settings.tracking_uri!r})"


class RunOperations:
    """What MLflow's client returns for a logging call made with `synchronous=False`.

    mlflow-lite accepts that argument for compatibility but sends the call before returning (buffered runs are
    its way of logging in the background), so `wait()` returns at once: the values are already stored.
    """

    def wait(self) -> None:
        """Wait until the logging call is stored (it already is)."""


def operations(synchronous: bool | None) -> RunOperations | None:
    """The return value of a logging call, as MLflow's client gives it: None unless `synchronous=False`."""
    return RunOperations() if synchronous is False else None


def run_status_for(exc_type: type[BaseException] | None) -> str:
    """How a `with` block that ends with `exc_type` ends its run."""
    if exc_type is None:
        return "FINISHED"
    if issubclass(exc_type, KeyboardInterrupt):
        return "KILLED"
    return "FAILED"


# For the package's front doors (the fluent API, the command line); not public.


def settings_of(client: ClientBase) -> Settings:
    """What `client` was made with (credentials included: never print it whole)."""
    return client._settings


def context_of(client: ClientBase) -> Context:
    """What `client` gives every op it runs."""
    return client._cx


# A forked child shares its parent's open connections: a request sent on one by both processes reads the other's
# answer. So after a fork every client of the child opens connections of its own, and the parent's pools are
# kept here, never used and never closed (closing one could end the parent's TLS session).
_CLIENTS: weakref.WeakSet[ClientBase] = weakref.WeakSet()
_INHERITED: list[object] = []


def keep_inherited(pool: object) -> None:
    """Hold a connection pool a forked child inherited, so that it is never closed in the child."""
    _INHERITED.append(pool)


def _after_fork_in_child() -> None:
    for client in list(_CLIENTS):
        client._reopen_in_child()


os.register_at_fork(after_in_child=_after_fork_in_child)


show_as_public(globals())

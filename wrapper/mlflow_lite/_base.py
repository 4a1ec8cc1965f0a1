"""What `TrackingClient` and `AsyncTrackingClient` share: settings, the retry policy, the workflow ops."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Self

from . import _ops as ops
from ._buffer import DEFAULT_FLUSH_INTERVAL
from ._config import Settings, read_config_file
from ._http import Op, RetryPolicy
from ._models import Run

__all__ = ["ClientBase", "run_status_for", "start_run"]


class ClientBase:
    """Settings resolution and the pieces of every call that do not depend on sync or async."""

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
        )
        self._policy = RetryPolicy.from_settings(self._settings)
        #: Whether runs started by this client buffer their logging (each `start_run` may say otherwise).
        self.buffered = buffered
        self.flush_interval = flush_interval
        #: The experiment `start_run()` uses when given none (from `from_config`, or MLFLOW_EXPERIMENT_NAME).
        self.experiment_name = experiment_name or os.environ.get("MLFLOW_EXPERIMENT_NAME") or None
        self._open()

    def _open(self) -> None:
        """Create the HTTP client (sync or async): the one thing subclasses add at construction."""
        raise NotImplementedError

    @classmethod
    def from_config(cls, path: str | os.PathLike[str], **kwargs: Any) -> Self:
        """A client for the server and experiment named in the blog's `config.txt`.

        `MLFLOW_TRACKING_URI`, when set, wins over the file's hostname and port, so one config file serves
        against any server.
        """
        uri, experiment_name = read_config_file(path)
        return cls(os.environ.get("MLFLOW_TRACKING_URI") or uri, experiment_name=experiment_name, **kwargs)

    @property
    def tracking_uri(self) -> str:
        return self._settings.tracking_uri

    def __repr__(self) -> str:
        return f"{type(self).__name__}(tracking_uri={self._settings.tracking_uri!r})"


def start_run(
    policy: RetryPolicy,
    experiment_name: str | None,
    experiment_id: str | None,
    *,
    default_experiment: str | None,
    run_name: str | None,
    tags: object,
) -> Op[Run]:
    """The workflow: find or create the experiment, then create a run in it."""
    if experiment_id is None:
        name = experiment_name or default_experiment
        if name:
            experiment_id = yield from ops.ensure_experiment(policy, name)
        else:
            experiment_id = os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"  # MLflow's "Default" experiment
    return (yield from ops.create_run(policy, experiment_id, run_name=run_name, tags=tags))


def run_status_for(exc_type: type[BaseException] | None) -> str:
    """How a `with` block that ends with `exc_type` ends its run."""
    if exc_type is None:
        return "FINISHED"
    if issubclass(exc_type, KeyboardInterrupt):
        return "KILLED"
    return "FAILED"

"""What `TrackingClient` and `AsyncTrackingClient` share: settings, the retry policy, the workflow ops."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Self

from . import _convert as convert
from . import _ops as ops
from ._buffer import DEFAULT_FLUSH_INTERVAL
from ._config import Settings, read_config_file
from ._context import context_tags
from ._effects import Op
from ._entities import LifecycleStage, Run
from ._errors import InvalidParameterValue, ResourceDoesNotExist
from ._retry import RetryPolicy

__all__ = [
    "ClientBase",
    "RunOperations",
    "operations",
    "resolve_experiment",
    "resume_run",
    "run_status_for",
    "start_run",
]

# What MLflow's run ids look like (uuid4 hex): a name like this is a run id passed where a name belongs.
_RUN_ID = re.compile(r"^[0-9a-f]{32}$")


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
        """A client for the server and experiment named in a `config.txt` (`[main]` with `hostname`, `port`
        and `experiment-name`).

        `MLFLOW_TRACKING_URI`, when set, wins over the file's hostname and port, so one config file serves
        against any server.
        """
        uri, experiment_name = read_config_file(path)
        return cls(os.environ.get("MLFLOW_TRACKING_URI") or uri, experiment_name=experiment_name, **kwargs)

    @property
    def tracking_uri(self) -> str:
        """The server this client talks to (credentials taken out, path prefix kept)."""
        return self._settings.tracking_uri

    def _start_run(
        self,
        experiment_name: str | None,
        experiment_id: str | None,
        run_id: str | None,
        run_name: str | None,
        tags: object,
        description: str | None,
        parent_run_id: str | None,
    ) -> Op[Run]:
        return start_run(
            self._policy,
            experiment_name,
            experiment_id,
            default_experiment=self.experiment_name,
            run_id=run_id,
            run_name=run_name,
            tags=tags,
            description=description,
            parent_run_id=parent_run_id,
            username=self._settings.username,
        )

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


def start_run(
    policy: RetryPolicy,
    experiment_name: str | None,
    experiment_id: str | None,
    *,
    default_experiment: str | None,
    run_id: str | None = None,
    run_name: str | None = None,
    tags: object = None,
    description: str | None = None,
    parent_run_id: str | None = None,
    username: str | None = None,
) -> Op[Run]:
    """The workflow: find or create the experiment, then create a run in it with the context tags MLflow's
    fluent `start_run` sets; or, given `run_id`, resume that run."""
    user_tags = dict(convert.string_entries(tags, "tag", convert.MAX_TAG_VALUE_LENGTH))
    if description is not None:
        if ops.NOTE_TAG in user_tags:
            raise InvalidParameterValue(
                f"description is given both as `description` and as the tag {ops.NOTE_TAG}; give it once"
            )
        user_tags[ops.NOTE_TAG] = convert.string_value(description, "description", convert.MAX_TAG_VALUE_LENGTH)
    if run_id is not None:
        return (yield from resume_run(policy, run_id, experiment_name, experiment_id, run_name, user_tags))
    if parent_run_id is not None:
        parent = yield from ops.get_run(policy, parent_run_id)
        if parent.info.lifecycle_stage == LifecycleStage.DELETED:
            raise InvalidParameterValue(
                f"Cannot start run under parent run with ID {parent_run_id} because it is in the deleted state."
            )
        user_tags[ops.PARENT_RUN_ID_TAG] = parent_run_id
    if run_name is not None:
        user_tags[ops.RUN_NAME_TAG] = run_name
    experiment_id = yield from resolve_experiment(policy, experiment_name or default_experiment, experiment_id)
    all_tags = {**context_tags(username), **user_tags}  # the caller's tags win
    return (yield from ops.create_run(policy, experiment_id, run_name=run_name, tags=all_tags))


def resolve_experiment(policy: RetryPolicy, name: str | None, experiment_id: str | None) -> Op[str]:
    """The experiment a new run goes to: the id given, the named one (created when missing), or
    MLFLOW_EXPERIMENT_ID, or MLflow's "Default" experiment."""
    if experiment_id is not None:
        return str(experiment_id)
    if not name:
        return os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"
    if _RUN_ID.match(name):
        # A run id where a name belongs: resuming was probably meant, and creating an experiment named after a
        # run would hide that mistake.
        existing = yield from ops.get_experiment_by_name(policy, name)
        if existing is None:
            raise InvalidParameterValue(
                f"{name!r} looks like a run id, and no experiment has that name: to resume that run, pass "
                f"run_id={name!r}; to use an experiment with that name, create it first with create_experiment"
            )
    return (yield from ops.ensure_experiment(policy, name))


def resume_run(
    policy: RetryPolicy,
    run_id: str,
    experiment_name: str | None,
    experiment_id: str | None,
    run_name: str | None,
    tags: Mapping[str, str],
) -> Op[Run]:
    """Set an existing run RUNNING again (its end time is kept, as MLflow does), log `tags` to it, and read it."""
    try:
        run = yield from ops.get_run(policy, run_id)
    except ResourceDoesNotExist as exc:
        raise ResourceDoesNotExist(
            f"cannot resume run {run_id!r}: no such run on this server",
            error_code=exc.error_code,
            status_code=exc.status_code,
            response=exc.response,
        ) from exc
    if run.info.lifecycle_stage == LifecycleStage.DELETED:
        raise InvalidParameterValue(f"Cannot start run with ID {run_id} because it is in the deleted state.")
    if experiment_id is not None and str(experiment_id) != run.info.experiment_id:
        raise InvalidParameterValue(
            f"run {run_id} belongs to experiment {run.info.experiment_id}, not to experiment {experiment_id}"
        )
    if experiment_name is not None:
        experiment = yield from ops.get_experiment_by_name(policy, experiment_name)
        if experiment is None or experiment.experiment_id != run.info.experiment_id:
            raise InvalidParameterValue(
                f"run {run_id} belongs to experiment {run.info.experiment_id}, not to {experiment_name!r}"
            )
    yield from ops.update_run(policy, run_id, "RUNNING", run_name)
    if tags:
        yield from ops.log_batch(policy, run_id, tags=tags)
    return (yield from ops.get_run(policy, run_id))


def run_status_for(exc_type: type[BaseException] | None) -> str:
    """How a `with` block that ends with `exc_type` ends its run."""
    if exc_type is None:
        return "FINISHED"
    if issubclass(exc_type, KeyboardInterrupt):
        return "KILLED"
    return "FAILED"

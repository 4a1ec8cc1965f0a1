"""Starting a run as MLflow's fluent `start_run` does: the plan (`RunPlan`: experiment, name, context and
user tags, start time, creation key, everything decided before the server is asked, so that a journal can
create the run later exactly as it would have been), creating it (finding or creating its experiment,
checking its parent), and resuming an existing run."""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .. import _entities as entities
from .._core.context import Context
from .._core.effects import Op
from .._core.lazy import LazyModule
from .._errors import InvalidParameterValue, ResourceDoesNotExist
from .._ops.source_tags import context_tags
from . import validate
from .calls import run_id_of
from .runs import (
    NOTE_TAG,
    PARENT_RUN_ID_TAG,
    REQUEST_ID_TAG,
    RUN_NAME_TAG,
    canonical,
    create_run,
    delete_tag,
    get_run,
    log_batch,
    runs_with_request_id,
    update_run,
)

if TYPE_CHECKING:
    from . import experiments
else:
    # Imported when first used: a run started in an experiment given by id (a sweep's writers, often) never
    # looks an experiment up, so it need not load the experiment ops and their generated models.
    experiments = LazyModule("mlflow_lite._ops.experiments")

__all__ = [
    "RunPlan",
    "create_planned",
    "forget_request_id",
    "plan_run",
    "resolve_experiment",
    "resume_run",
    "run_tags",
    "start_run",
]


# What MLflow's run ids look like (uuid4 hex): a name like this is a run id passed where a name belongs.
_RUN_ID = re.compile(r"^[0-9a-f]{32}$")


@attrs.frozen
class RunPlan:
    """A run to create: everything `start_run` decided before asking the server, so that the run can be created
    later, by a drain or by `sync`, exactly as it would have been at once (its start time included)."""

    experiment_name: str | None
    experiment_id: str | None
    run_name: str | None
    tags: tuple[tuple[str, str], ...]
    start_time: int
    request_id: str
    parent_run_id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"t": "start", **attrs.asdict(self, recurse=False), "tags": [list(tag) for tag in self.tags]}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> RunPlan:
        return cls(
            experiment_name=record.get("experiment_name"),
            experiment_id=record.get("experiment_id"),
            run_name=record.get("run_name"),
            tags=tuple((str(k), str(v)) for k, v in record.get("tags", [])),
            start_time=int(record["start_time"]),
            request_id=str(record["request_id"]),
            parent_run_id=record.get("parent_run_id"),
        )


def start_run(
    cx: Context,
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
) -> Op[entities.Run]:
    """The workflow: find or create the experiment, then create a run in it with the context tags MLflow's
    fluent `start_run` sets; or, given `run_id`, resume that run."""
    if run_id is not None:
        user_tags = run_tags(tags, description)
        return (yield from resume_run(cx, run_id, experiment_name, experiment_id, run_name, user_tags))
    plan = plan_run(
        experiment_name or default_experiment,
        experiment_id,
        run_name=run_name,
        tags=tags,
        description=description,
        parent_run_id=parent_run_id,
        username=username,
    )
    return (yield from create_planned(cx, plan))


def run_tags(tags: object, description: str | None) -> dict[str, str]:
    """The caller's tags of a run, its description as MLflow's note tag among them."""
    user_tags = dict(validate.string_entries(tags, "tag", validate.MAX_TAG_VALUE_LENGTH))
    if description is not None:
        if NOTE_TAG in user_tags:
            raise InvalidParameterValue(
                f"description is given both as `description` and as the tag {NOTE_TAG}; give it once"
            )
        user_tags[NOTE_TAG] = validate.string_value(description, "description", validate.MAX_TAG_VALUE_LENGTH)
    return user_tags


def plan_run(
    experiment_name: str | None,
    experiment_id: str | None,
    *,
    run_name: str | None = None,
    tags: object = None,
    description: str | None = None,
    parent_run_id: str | None = None,
    username: str | None = None,
) -> RunPlan:
    """Everything about a new run that needs no server: its tags (context tags, then the caller's, which win),
    its start time (now) and the key that makes its creation happen at most once."""
    user_tags = run_tags(tags, description)
    if parent_run_id is not None:
        user_tags[PARENT_RUN_ID_TAG] = run_id_of(parent_run_id, "parent_run_id")
    if run_name is not None:
        user_tags[RUN_NAME_TAG] = run_name
    if experiment_id is None and not experiment_name:
        experiment_id = os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"
    return RunPlan(
        experiment_name=experiment_name or None,
        experiment_id=None if experiment_id is None else str(experiment_id),
        run_name=run_name,
        tags=tuple({**context_tags(username), **user_tags}.items()),
        start_time=validate.now_ms(),
        request_id=uuid.uuid4().hex,
        parent_run_id=parent_run_id,
    )


def create_planned(
    cx: Context, plan: RunPlan, *, look_up_first: bool = False, keep_request_id: bool = False
) -> Op[entities.Run]:
    """Create the run `plan` describes (checking its parent, finding or creating its experiment).

    `look_up_first` looks for a run an earlier try made with the plan's key (a journal replayed after a crash);
    `keep_request_id` leaves that key on the run for the caller to remove once it has recorded the run's id.
    """
    if plan.parent_run_id is not None:
        parent = yield from get_run(cx, plan.parent_run_id)
        if parent.info.lifecycle_stage == entities.LifecycleStage.DELETED:
            raise InvalidParameterValue(
                f"Cannot start run under parent run with ID {plan.parent_run_id} because it is in the deleted state."
            )
    experiment_id = yield from resolve_experiment(cx, plan.experiment_name, plan.experiment_id)
    if look_up_first:
        runs = yield from runs_with_request_id(cx, experiment_id, plan.request_id)
        if runs:
            return canonical(runs)
    return (
        yield from create_run(
            cx,
            experiment_id,
            run_name=plan.run_name,
            start_time=plan.start_time,
            tags=dict(plan.tags),
            request_id=plan.request_id,
            keep_request_id=keep_request_id,
        )
    )


def forget_request_id(cx: Context, run_id: str) -> Op[None]:
    """Remove `create_run`'s key from a run (already gone is fine: an earlier try removed it)."""
    with contextlib.suppress(ResourceDoesNotExist):
        yield from delete_tag(cx, run_id, REQUEST_ID_TAG)


def resolve_experiment(cx: Context, name: str | None, experiment_id: str | None) -> Op[str]:
    """The experiment a new run goes to: the id given, the named one (created when missing), or
    MLFLOW_EXPERIMENT_ID, or MLflow's "Default" experiment."""
    if experiment_id is not None:
        return str(experiment_id)
    if not name:
        return os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"
    if _RUN_ID.match(name):
        # A run id where a name belongs: resuming was probably meant, and creating an experiment named after a
        # run would hide that mistake.
        existing = yield from experiments.get_experiment_by_name(cx, name)
        if existing is None:
            raise InvalidParameterValue(
                f"{name!r} looks like a run id, and no experiment has that name: to resume that run, pass "
                f"run_id={name!r}; to use an experiment with that name, create it first with create_experiment"
            )
    return (yield from experiments.ensure_experiment(cx, name))


def resume_run(
    cx: Context,
    run_id: str,
    experiment_name: str | None,
    experiment_id: str | None,
    run_name: str | None,
    tags: Mapping[str, str],
) -> Op[entities.Run]:
    """Set an existing run RUNNING again (its end time is kept, as MLflow does), log `tags` to it, and read it."""
    try:
        run = yield from get_run(cx, run_id)
    except ResourceDoesNotExist as exc:
        raise ResourceDoesNotExist(
            f"cannot resume run {run_id!r}: no such run on this server",
            error_code=exc.error_code,
            status_code=exc.status_code,
            response=exc.response,
        ) from exc
    if run.info.lifecycle_stage == entities.LifecycleStage.DELETED:
        raise InvalidParameterValue(f"Cannot start run with ID {run_id} because it is in the deleted state.")
    if experiment_id is not None and str(experiment_id) != run.info.experiment_id:
        raise InvalidParameterValue(
            f"run {run_id} belongs to experiment {run.info.experiment_id}, not to experiment {experiment_id}"
        )
    if experiment_name is not None:
        experiment = yield from experiments.get_experiment_by_name(cx, experiment_name)
        if experiment is None or experiment.experiment_id != run.info.experiment_id:
            raise InvalidParameterValue(
                f"run {run_id} belongs to experiment {run.info.experiment_id}, not to {experiment_name!r}"
            )
    yield from update_run(cx, run_id, "RUNNING", run_name)
    if tags:
        yield from log_batch(cx, run_id, tags=tags)
    return (yield from get_run(cx, run_id))

"""Experiments: create, read, find or create by name, search pages, delete and restore, rename, tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlflow_rest_api import models as wire
from mlflow_rest_api.types import UNSET

from .. import _entities as entities
from .._core.context import Context
from .._core.effects import Op
from .._core.lazy import LazyModule
from .._core.server import DELETE_EXPERIMENT_TAG, require
from .._errors import ApiError, ExperimentDeleted, ResourceDoesNotExist, TransportError
from . import to_entities, validate
from .calls import ask, tell

if TYPE_CHECKING:
    from mlflow_rest_api.api.experiments import (
        create_experiment as _create_experiment,
        delete_experiment as _delete_experiment,
        delete_experiment_tag as _delete_experiment_tag,
        get_experiment as _get_experiment,
        get_experiment_by_name as _get_experiment_by_name,
        restore_experiment as _restore_experiment,
        set_experiment_tag as _set_experiment_tag,
        update_experiment as _update_experiment,
    )
else:
    # Each endpoint's module is imported when its request is first made (see `_ops.runs`): a run started in an
    # experiment given by id loads none of them.
    _create_experiment = LazyModule("mlflow_rest_api.api.experiments.create_experiment")
    _delete_experiment = LazyModule("mlflow_rest_api.api.experiments.delete_experiment")
    _delete_experiment_tag = LazyModule("mlflow_rest_api.api.experiments.delete_experiment_tag")
    _get_experiment = LazyModule("mlflow_rest_api.api.experiments.get_experiment")
    _get_experiment_by_name = LazyModule("mlflow_rest_api.api.experiments.get_experiment_by_name")
    _restore_experiment = LazyModule("mlflow_rest_api.api.experiments.restore_experiment")
    _set_experiment_tag = LazyModule("mlflow_rest_api.api.experiments.set_experiment_tag")
    _update_experiment = LazyModule("mlflow_rest_api.api.experiments.update_experiment")

__all__ = [
    "create_experiment",
    "delete_experiment",
    "delete_experiment_tag",
    "ensure_experiment",
    "get_experiment",
    "get_experiment_by_name",
    "rename_experiment",
    "restore_experiment",
    "set_experiment_tag",
]

# Duplicate creates come back under different codes depending on server version and database.
_DUPLICATE_CODES = frozenset({"RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS", "BAD_REQUEST"})


def create_experiment(cx: Context, name: str, artifact_location: str | None = None, tags: object = None) -> Op[str]:
    body = wire.CreateExperiment(
        name=validate.validate_experiment_name(name),
        artifact_location=UNSET if artifact_location is None else artifact_location,
        tags=[wire.ExperimentTag(key=k, value=v) for k, v in validate.string_entries(tags, "tag", 5000)] or UNSET,
    )
    # Not idempotent: a resend after a lost answer would meet its own experiment and fail.
    answer = yield from ask(
        cx, _create_experiment._get_kwargs(body=body), wire.CreateExperimentResponse.from_dict, idempotent=False
    )
    return answer.experiment_id


def get_experiment(cx: Context, experiment_id: str) -> Op[entities.Experiment]:
    answer = yield from ask(
        cx, _get_experiment._get_kwargs(experiment_id=str(experiment_id)), wire.GetExperimentResponse.from_dict
    )
    return to_entities.experiment(answer.experiment)


def get_experiment_by_name(cx: Context, name: str) -> Op[entities.Experiment | None]:
    try:
        answer = yield from ask(
            cx,
            _get_experiment_by_name._get_kwargs(experiment_name=name),
            wire.GetExperimentByNameResponse.from_dict,
        )
    except ResourceDoesNotExist:
        return None
    return to_entities.experiment(answer.experiment)


def ensure_experiment(
    cx: Context,
    name: str,
    *,
    artifact_location: str | None = None,
    tags: object = None,
    restore_deleted: bool = False,
) -> Op[str]:
    """The id of the active experiment `name`, created when missing; safe when many callers race."""
    validate.validate_experiment_name(name)
    experiment = yield from get_experiment_by_name(cx, name)
    if experiment is None:
        try:
            return (yield from create_experiment(cx, name, artifact_location, tags))
        except (ApiError, TransportError) as exc:
            # Someone else created it between our look-up and our create, or our own create went through and
            # its answer was lost (a create is not resent blindly): read it back. Any other failure stands.
            duplicate = isinstance(exc, ApiError) and (exc.error_code in _DUPLICATE_CODES or exc.status_code == 409)
            if not (duplicate or isinstance(exc, TransportError)):
                raise
            experiment = yield from get_experiment_by_name(cx, name)
            if experiment is None:
                raise
    if experiment.lifecycle_stage == entities.LifecycleStage.DELETED:
        if not restore_deleted:
            raise ExperimentDeleted(name, experiment.experiment_id)
        yield from restore_experiment(cx, experiment.experiment_id)
    return experiment.experiment_id


def delete_experiment(cx: Context, experiment_id: str) -> Op[None]:
    body = wire.DeleteExperiment(experiment_id=str(experiment_id))
    yield from tell(cx, _delete_experiment._get_kwargs(body=body))


def restore_experiment(cx: Context, experiment_id: str) -> Op[None]:
    body = wire.RestoreExperiment(experiment_id=str(experiment_id))
    yield from tell(cx, _restore_experiment._get_kwargs(body=body))


def delete_experiment_tag(cx: Context, experiment_id: str, key: str) -> Op[None]:
    body = wire.DeleteExperimentTag(experiment_id=experiment_id, key=validate.validate_key(key, "experiment tag"))
    yield from require(cx, DELETE_EXPERIMENT_TAG, "delete_experiment_tag")
    yield from tell(cx, _delete_experiment_tag._get_kwargs(body=body))


def rename_experiment(cx: Context, experiment_id: str, new_name: str) -> Op[None]:
    body = wire.UpdateExperiment(experiment_id=str(experiment_id), new_name=validate.validate_experiment_name(new_name))
    yield from tell(cx, _update_experiment._get_kwargs(body=body))


def set_experiment_tag(cx: Context, experiment_id: str, key: str, value: object) -> Op[None]:
    # Experiment tag values are rejected (not cut) above 5000 characters by 2.22.5; check before sending.
    body = wire.SetExperimentTag(
        experiment_id=str(experiment_id),
        key=validate.validate_key(key, "experiment tag"),
        value=validate.string_value(value, "experiment tag", 5000),
    )
    yield from tell(cx, _set_experiment_tag._get_kwargs(body=body))

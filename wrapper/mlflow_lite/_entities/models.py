"""Models: the registry's registered models and versions, and MLflow 3's logged models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._core.public import show_as_public
from .base import Entity, KeyValue, alias_map, str_list, str_map
from .runs import Metric, metric_list

__all__ = [
    "LoggedModel",
    "LoggedModelParameter",
    "LoggedModelTag",
    "ModelVersion",
    "ModelVersionTag",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
]


@attrs.frozen(repr=False)
class LoggedModelParameter(KeyValue):
    """A param of a logged model (MLflow 3)."""


def _logged_model_params(
    value: Iterable[LoggedModelParameter | Mapping[str, Any]] | None,
) -> list[LoggedModelParameter]:
    if value is None:
        return []
    return [p if isinstance(p, LoggedModelParameter) else LoggedModelParameter.from_dict(p) for p in value]


def _optional_params(
    value: Iterable[LoggedModelParameter | Mapping[str, Any]] | None,
) -> list[LoggedModelParameter] | None:
    return None if value is None else _logged_model_params(value)


def _optional_metrics(value: Iterable[Metric | Mapping[str, Any]] | None) -> list[Metric] | None:
    return None if value is None else metric_list(value)


# --- model registry ----------------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class RegisteredModelTag(KeyValue):
    """A tag of a registered model."""


@attrs.frozen(repr=False)
class ModelVersionTag(KeyValue):
    """A tag of a model version."""


@attrs.frozen(repr=False)
class RegisteredModelAlias(Entity):
    """An alias of a registered model and the version it points at."""

    alias: str
    version: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class ModelVersion(Entity):
    """A version of a registered model. `version` is a string ("1"), as in MLflow; `status` is "READY",
    "PENDING_REGISTRATION" or "FAILED_REGISTRATION"; `current_stage` "None", "Staging", "Production" or
    "Archived"; timestamps in epoch ms."""

    name: str
    version: str
    creation_timestamp: int
    last_updated_timestamp: int
    description: str | None = None
    user_id: str = ""
    current_stage: str = "None"
    source: str = ""
    run_id: str | None = None
    status: str = "READY"
    status_message: str | None = None
    tags: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    run_link: str = ""
    aliases: list[str] = attrs.field(factory=list, converter=str_list)
    #: MLflow 3: the logged model the version was registered from, with its params and metrics (None when the
    #: server does not say, as the open-source server never does).
    model_id: str | None = None
    params: list[LoggedModelParameter] | None = attrs.field(default=None, converter=_optional_params)
    metrics: list[Metric] | None = attrs.field(default=None, converter=_optional_metrics)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _model_versions(value: Iterable[ModelVersion | Mapping[str, Any]] | None) -> list[ModelVersion]:
    if value is None:
        return []
    return [item if isinstance(item, ModelVersion) else ModelVersion.from_dict(item) for item in value]


@attrs.frozen(repr=False)
class RegisteredModel(Entity):
    """A registered model: `aliases` maps each alias to its version, `latest_versions` holds the latest version
    per stage."""

    name: str
    creation_timestamp: int
    last_updated_timestamp: int
    description: str = ""
    latest_versions: list[ModelVersion] = attrs.field(factory=list, converter=_model_versions)
    tags: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    aliases: dict[str, str] = attrs.field(factory=dict, converter=alias_map)
    #: MLflow 3: the deployment job of new versions (Databricks deployment jobs), and its connection state.
    deployment_job_id: str | None = None
    deployment_job_state: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


# --- logged models (MLflow 3) --------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class LoggedModelTag(KeyValue):
    """A tag of a logged model."""


@attrs.frozen(repr=False)
class LoggedModel(Entity):
    """A logged model (MLflow 3): a model as an object of its own, in an experiment, maybe from a run, with its
    tags, params and the metrics linked to it. `status` is "PENDING", "READY", "FAILED" or "UNSPECIFIED"
    (`LoggedModelStatus`); timestamps in epoch ms; `model_uri` is `models:/<model_id>`."""

    experiment_id: str
    model_id: str
    name: str
    artifact_location: str
    creation_timestamp: int
    last_updated_timestamp: int
    model_type: str | None = None
    source_run_id: str | None = None
    status: str = "READY"
    status_message: str | None = None
    tags: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    params: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    metrics: list[Metric] = attrs.field(factory=list, converter=metric_list)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)

    @property
    def model_uri(self) -> str:
        """The URI MLflow's model APIs take for this model."""
        return f"models:/{self.model_id}"


show_as_public(globals())

"""A run and what it holds: its info, data (metrics, params, tags), inputs (datasets, logged models) and
outputs; single metric values. A run's start needs these alone, and loads no other entities."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._core.public import show_as_public
from .base import Entity, KeyValue, metric_map, metrics_key, nan_key, str_map

__all__ = [
    "Dataset",
    "DatasetInput",
    "InputTag",
    "LoggedModelInput",
    "LoggedModelOutput",
    "Metric",
    "MetricWithRunId",
    "Param",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunOutputs",
    "RunTag",
    "metric_list",
]


@attrs.frozen(repr=False)
class Metric(Entity):
    """One value of a metric: `Metric(key, value, timestamp, step)`, timestamp in epoch milliseconds. On MLflow 3
    servers a value may belong to a logged model (`model_id`) and be computed on a dataset (`dataset_name`,
    `dataset_digest`); a logged model's metrics also say which run logged them (`run_id`)."""

    key: str
    value: float = attrs.field(eq=nan_key)
    timestamp: int
    step: int
    model_id: str | None = None
    dataset_name: str | None = None
    dataset_digest: str | None = None
    run_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class MetricWithRunId(Entity):
    """A metric value and the run it belongs to."""

    key: str
    value: float = attrs.field(eq=nan_key)
    timestamp: int
    step: int
    run_id: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def metric_list(value: Iterable[Metric | Mapping[str, Any]] | None) -> list[Metric]:
    if value is None:
        return []
    return [item if isinstance(item, Metric) else Metric.from_dict(item) for item in value]


@attrs.frozen(repr=False)
class Param(KeyValue):
    """A run parameter (its value never changes once logged)."""


@attrs.frozen(repr=False)
class RunTag(KeyValue):
    """A tag of a run."""


@attrs.frozen(repr=False)
class RunInfo(Entity):
    """A run's metadata. `status` is "RUNNING", "SCHEDULED", "FINISHED", "FAILED" or "KILLED";
    `lifecycle_stage` "active" or "deleted"; times in epoch ms, `end_time` None while the run is open."""

    run_id: str
    experiment_id: str
    user_id: str
    status: str
    start_time: int
    end_time: int | None
    lifecycle_stage: str
    artifact_uri: str = ""
    run_name: str = ""
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)

    @property
    def run_uuid(self) -> str:
        """MLflow's deprecated name of `run_id`."""
        return self.run_id


@attrs.frozen(repr=False)
class RunData(Entity):
    """A run's latest metric values, its params and its tags, each a dict by key."""

    metrics: dict[str, float] = attrs.field(factory=dict, converter=metric_map, eq=metrics_key)
    params: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    tags: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class InputTag(KeyValue):
    """A tag of a dataset input, such as `mlflow.data.context`."""


@attrs.frozen(repr=False)
class Dataset(Entity):
    """A dataset a run used: `source` and `schema`/`profile` are JSON texts."""

    name: str
    digest: str
    source_type: str
    source: str
    schema: str | None = None
    profile: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _dataset(value: Dataset | Mapping[str, Any]) -> Dataset:
    return value if isinstance(value, Dataset) else Dataset.from_dict(value)


def _input_tags(value: Iterable[InputTag | Mapping[str, Any]] | None) -> list[InputTag]:
    if value is None:
        return []
    return [tag if isinstance(tag, InputTag) else InputTag.from_dict(tag) for tag in value]


@attrs.frozen(repr=False)
class DatasetInput(Entity):
    """A dataset plus the tags that say how the run used it."""

    dataset: Dataset = attrs.field(converter=_dataset)
    tags: list[InputTag] = attrs.field(factory=list, converter=_input_tags)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _dataset_inputs(value: Iterable[DatasetInput | Mapping[str, Any]] | None) -> list[DatasetInput]:
    if value is None:
        return []
    return [item if isinstance(item, DatasetInput) else DatasetInput.from_dict(item) for item in value]


@attrs.frozen(repr=False)
class LoggedModelInput(Entity):
    """A logged model a run used (MLflow 3)."""

    model_id: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class LoggedModelOutput(Entity):
    """A logged model a run produced, at a step (MLflow 3)."""

    model_id: str
    step: int
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _model_inputs(value: Iterable[LoggedModelInput | Mapping[str, Any]] | None) -> list[LoggedModelInput]:
    if value is None:
        return []
    return [item if isinstance(item, LoggedModelInput) else LoggedModelInput.from_dict(item) for item in value]


def _model_outputs(value: Iterable[LoggedModelOutput | Mapping[str, Any]] | None) -> list[LoggedModelOutput]:
    if value is None:
        return []
    return [item if isinstance(item, LoggedModelOutput) else LoggedModelOutput.from_dict(item) for item in value]


@attrs.frozen(repr=False)
class RunInputs(Entity):
    """A run's inputs: the datasets it used, and (MLflow 3) the logged models it used."""

    dataset_inputs: list[DatasetInput] = attrs.field(factory=list, converter=_dataset_inputs)
    model_inputs: list[LoggedModelInput] = attrs.field(factory=list, converter=_model_inputs)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class RunOutputs(Entity):
    """A run's outputs (MLflow 3): the logged models it produced."""

    model_outputs: list[LoggedModelOutput] = attrs.field(factory=list, converter=_model_outputs)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _run_outputs(value: RunOutputs | Mapping[str, Any] | None) -> RunOutputs | None:
    if value is None:
        return None
    return value if isinstance(value, RunOutputs) else RunOutputs.from_dict(value)


def _run_info(value: RunInfo | Mapping[str, Any]) -> RunInfo:
    return value if isinstance(value, RunInfo) else RunInfo.from_dict(value)


def _run_data(value: RunData | Mapping[str, Any] | None) -> RunData:
    if value is None:
        return RunData()
    return value if isinstance(value, RunData) else RunData.from_dict(value)


def _run_inputs(value: RunInputs | Mapping[str, Any] | None) -> RunInputs:
    if value is None:
        return RunInputs()
    return value if isinstance(value, RunInputs) else RunInputs.from_dict(value)


@attrs.frozen(repr=False)
class Run(Entity):
    """A run: `info` (RunInfo), `data` (RunData), `inputs` (RunInputs) and, from MLflow 3 servers, `outputs`
    (RunOutputs; None from 2.x). The constructor takes MLflow's `Run(run_info, run_data, run_inputs=None,
    run_outputs=None)`."""

    info: RunInfo = attrs.field(converter=_run_info, alias="run_info")
    data: RunData = attrs.field(factory=RunData, converter=_run_data, alias="run_data")
    inputs: RunInputs = attrs.field(factory=RunInputs, converter=_run_inputs, alias="run_inputs")
    outputs: RunOutputs | None = attrs.field(default=None, converter=_run_outputs, alias="run_outputs")
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


show_as_public(globals())

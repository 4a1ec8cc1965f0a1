"""MLflow's entities, as every mlflow-lite method returns them (`mlflow.entities` in MLflow).

Frozen attrs classes with MLflow's names, fields and positional order, typed exactly: a field is `X | None` only
where the server may leave it out. Collections are in MLflow's shapes: `run.data.params` and `experiment.tags`
are dicts, `registered_model.aliases` maps alias to version, `model_version.aliases` is a list.

Every entity compares by value (NaN metric values included), has a short repr that leaves out empty fields,
and turns into plain data with `to_dict()` (MLflow's `to_dictionary()` shape) and back with `from_dict()`.
Fields a newer server sends that this version does not know are kept in `extra`, and `to_dict()` keeps them.

Nothing here does I/O or knows the wire format: `_ops.to_entities` builds these from the generated answer models.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, cast

import attrs

from ._core.public import show_as_public

__all__ = [
    "Dataset",
    "DatasetInput",
    "Experiment",
    "ExperimentTag",
    "FileInfo",
    "InputTag",
    "LifecycleStage",
    "LoggedModel",
    "LoggedModelInput",
    "LoggedModelOutput",
    "LoggedModelParameter",
    "LoggedModelStatus",
    "LoggedModelTag",
    "Metric",
    "MetricWithRunId",
    "ModelVersion",
    "ModelVersionStatus",
    "ModelVersionTag",
    "PagedList",
    "Param",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunOutputs",
    "RunStatus",
    "RunTag",
    "ViewType",
]

T = TypeVar("T")


class _Entity:
    """What every entity shares: `to_dict`/`from_dict`, iteration over (field, value) as MLflow's entities
    allow (`dict(run.info)`), and a repr without empty fields."""

    __slots__ = ()
    extra: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dicts, lists, strings and numbers), nested entities included, in MLflow's shapes."""
        data = {name: _plain(value) for name, value in self}
        data.update(self.extra)
        return data

    to_dictionary = to_dict  # MLflow's name

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The entity `to_dict()` describes; keys it does not know go to `extra`."""
        fields = _fields(cls)
        known = {fields[k].alias or k: v for k, v in data.items() if k in fields and k != "extra"}
        extra = {k: v for k, v in data.items() if k not in fields}
        build: Any = cls
        return build(**known, extra=extra)  # type: ignore[no-any-return]

    from_dictionary = from_dict

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for field in _fields(type(self)).values():
            if field.name != "extra":
                yield field.name, getattr(self, field.name)

    def __repr__(self) -> str:
        shown = []
        for field in _fields(type(self)).values():
            value = getattr(self, field.name)
            if field.name == "extra" or (field.default is not attrs.NOTHING and _is_default(field, value)):
                continue
            shown.append(f"{field.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _fields(cls: type) -> dict[str, attrs.Attribute[Any]]:
    return attrs.fields_dict(cast(Any, cls))


def _is_default(field: attrs.Attribute[Any], value: object) -> bool:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    return bool(value == default)


def _plain(value: object) -> Any:
    if isinstance(value, _Entity):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _nan_key(value: object) -> object:
    """Compare (and hash) NaN as equal to NaN: a metric logged as NaN equals the one read back."""
    return _NAN if isinstance(value, float) and math.isnan(value) else value


def _metrics_key(metrics: Mapping[str, float]) -> object:
    return {key: _nan_key(value) for key, value in metrics.items()}


_NAN = "NaN"


# --- converters: what the constructors accept, as MLflow's constructors accept lists of tag objects -----------


def _str_map(value: Mapping[str, str] | Iterable[Any] | None) -> dict[str, str]:
    """A dict from a mapping, or from objects with `key` and `value` (tag and param entities)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.key: item.value for item in items}


def _metric_map(value: Mapping[str, float] | Iterable[Any] | None) -> dict[str, float]:
    """Latest value per key, from a mapping or from `Metric`s (the last one of a key wins, as in MLflow)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.key: item.value for item in items}


def _alias_map(value: Mapping[str, str] | Iterable[Any] | None) -> dict[str, str]:
    """Alias to version, from a mapping or from `RegisteredModelAlias`es."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.alias: item.version for item in items}


def _str_list(value: Iterable[str] | None) -> list[str]:
    return [] if value is None else list(value)


@attrs.frozen(repr=False)
class _KeyValue(_Entity):
    """A key and its string value: params and every kind of tag. Each kind is its own class, and entities of
    different kinds never compare equal."""

    key: str
    value: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


# --- tracking --------------------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Metric(_Entity):
    """One value of a metric: `Metric(key, value, timestamp, step)`, timestamp in epoch milliseconds. On MLflow 3
    servers a value may belong to a logged model (`model_id`) and be computed on a dataset (`dataset_name`,
    `dataset_digest`); a logged model's metrics also say which run logged them (`run_id`)."""

    key: str
    value: float = attrs.field(eq=_nan_key)
    timestamp: int
    step: int
    model_id: str | None = None
    dataset_name: str | None = None
    dataset_digest: str | None = None
    run_id: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class MetricWithRunId(_Entity):
    """A metric value and the run it belongs to."""

    key: str
    value: float = attrs.field(eq=_nan_key)
    timestamp: int
    step: int
    run_id: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class LoggedModelParameter(_KeyValue):
    """A param of a logged model (MLflow 3)."""


def _logged_model_params(
    value: Iterable[LoggedModelParameter | Mapping[str, Any]] | None,
) -> list[LoggedModelParameter]:
    if value is None:
        return []
    return [p if isinstance(p, LoggedModelParameter) else LoggedModelParameter.from_dict(p) for p in value]


def _metrics(value: Iterable[Metric | Mapping[str, Any]] | None) -> list[Metric]:
    if value is None:
        return []
    return [item if isinstance(item, Metric) else Metric.from_dict(item) for item in value]


def _optional_params(
    value: Iterable[LoggedModelParameter | Mapping[str, Any]] | None,
) -> list[LoggedModelParameter] | None:
    return None if value is None else _logged_model_params(value)


def _optional_metrics(value: Iterable[Metric | Mapping[str, Any]] | None) -> list[Metric] | None:
    return None if value is None else _metrics(value)


@attrs.frozen(repr=False)
class Param(_KeyValue):
    """A run parameter (its value never changes once logged)."""


@attrs.frozen(repr=False)
class RunTag(_KeyValue):
    """A tag of a run."""


@attrs.frozen(repr=False)
class ExperimentTag(_KeyValue):
    """A tag of an experiment."""


@attrs.frozen(repr=False)
class Experiment(_Entity):
    """An experiment. `creation_time` and `last_update_time` (epoch ms) are None for experiments made by
    MLflow before 1.29."""

    experiment_id: str
    name: str
    artifact_location: str
    lifecycle_stage: str
    tags: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    creation_time: int | None = None
    last_update_time: int | None = None
    #: The workspace of the experiment (MLflow 3.14 and later; None from older servers).
    workspace: str | None = None
    #: How long its traces are kept before archival (MLflow 3.13 and later).
    effective_trace_archival_retention: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class RunInfo(_Entity):
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
class RunData(_Entity):
    """A run's latest metric values, its params and its tags, each a dict by key."""

    metrics: dict[str, float] = attrs.field(factory=dict, converter=_metric_map, eq=_metrics_key)
    params: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    tags: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class InputTag(_KeyValue):
    """A tag of a dataset input, such as `mlflow.data.context`."""


@attrs.frozen(repr=False)
class Dataset(_Entity):
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
class DatasetInput(_Entity):
    """A dataset plus the tags that say how the run used it."""

    dataset: Dataset = attrs.field(converter=_dataset)
    tags: list[InputTag] = attrs.field(factory=list, converter=_input_tags)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


def _dataset_inputs(value: Iterable[DatasetInput | Mapping[str, Any]] | None) -> list[DatasetInput]:
    if value is None:
        return []
    return [item if isinstance(item, DatasetInput) else DatasetInput.from_dict(item) for item in value]


@attrs.frozen(repr=False)
class LoggedModelInput(_Entity):
    """A logged model a run used (MLflow 3)."""

    model_id: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class LoggedModelOutput(_Entity):
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
class RunInputs(_Entity):
    """A run's inputs: the datasets it used, and (MLflow 3) the logged models it used."""

    dataset_inputs: list[DatasetInput] = attrs.field(factory=list, converter=_dataset_inputs)
    model_inputs: list[LoggedModelInput] = attrs.field(factory=list, converter=_model_inputs)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class RunOutputs(_Entity):
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
class Run(_Entity):
    """A run: `info` (RunInfo), `data` (RunData), `inputs` (RunInputs) and, from MLflow 3 servers, `outputs`
    (RunOutputs; None from 2.x). The constructor takes MLflow's `Run(run_info, run_data, run_inputs=None,
    run_outputs=None)`."""

    info: RunInfo = attrs.field(converter=_run_info, alias="run_info")
    data: RunData = attrs.field(factory=RunData, converter=_run_data, alias="run_data")
    inputs: RunInputs = attrs.field(factory=RunInputs, converter=_run_inputs, alias="run_inputs")
    outputs: RunOutputs | None = attrs.field(default=None, converter=_run_outputs, alias="run_outputs")
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class FileInfo(_Entity):
    """An artifact file or folder: `path` from the run's artifact root, `file_size` None for folders."""

    path: str
    is_dir: bool
    file_size: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


# --- model registry ----------------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class RegisteredModelTag(_KeyValue):
    """A tag of a registered model."""


@attrs.frozen(repr=False)
class ModelVersionTag(_KeyValue):
    """A tag of a model version."""


@attrs.frozen(repr=False)
class RegisteredModelAlias(_Entity):
    """An alias of a registered model and the version it points at."""

    alias: str
    version: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


@attrs.frozen(repr=False)
class ModelVersion(_Entity):
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
    tags: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    run_link: str = ""
    aliases: list[str] = attrs.field(factory=list, converter=_str_list)
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
class RegisteredModel(_Entity):
    """A registered model: `aliases` maps each alias to its version, `latest_versions` holds the latest version
    per stage."""

    name: str
    creation_timestamp: int
    last_updated_timestamp: int
    description: str = ""
    latest_versions: list[ModelVersion] = attrs.field(factory=list, converter=_model_versions)
    tags: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    aliases: dict[str, str] = attrs.field(factory=dict, converter=_alias_map)
    #: MLflow 3: the deployment job of new versions (Databricks deployment jobs), and its connection state.
    deployment_job_id: str | None = None
    deployment_job_state: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


# --- logged models (MLflow 3) --------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class LoggedModelTag(_KeyValue):
    """A tag of a logged model."""


@attrs.frozen(repr=False)
class LoggedModel(_Entity):
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
    tags: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    params: dict[str, str] = attrs.field(factory=dict, converter=_str_map)
    metrics: list[Metric] = attrs.field(factory=list, converter=_metrics)
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)

    @property
    def model_uri(self) -> str:
        """The URI MLflow's model APIs take for this model."""
        return f"models:/{self.model_id}"


# --- enumerations, as MLflow's: classes of constants ------------------------------------------------------


class ViewType:
    """Which runs or experiments a search returns, by lifecycle stage (MLflow's int constants)."""

    ACTIVE_ONLY: ClassVar[int] = 1
    DELETED_ONLY: ClassVar[int] = 2
    ALL: ClassVar[int] = 3
    _NAMES: ClassVar[dict[int, str]] = {1: "ACTIVE_ONLY", 2: "DELETED_ONLY", 3: "ALL"}

    @classmethod
    def from_string(cls, view_str: str) -> int:
        """The constant for a name ("ACTIVE_ONLY", "active_only", ...)."""
        for number, name in cls._NAMES.items():
            if view_str.upper() == name:
                return number
        raise ValueError(f"could not get valid view type corresponding to string {view_str}")

    @classmethod
    def to_string(cls, view_type: int) -> str:
        """The name of a constant, lowercase as MLflow gives it ("active_only")."""
        try:
            return cls._NAMES[view_type].lower()
        except KeyError:
            raise ValueError(f"could not get valid view type corresponding to {view_type}") from None


class RunStatus:
    """A run's status (MLflow's int constants; entities carry the string, e.g. "FINISHED")."""

    RUNNING: ClassVar[int] = 1
    SCHEDULED: ClassVar[int] = 2
    FINISHED: ClassVar[int] = 3
    FAILED: ClassVar[int] = 4
    KILLED: ClassVar[int] = 5
    _NAMES: ClassVar[dict[int, str]] = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}

    @classmethod
    def from_string(cls, status_str: str) -> int:
        """The constant for a status name ("FINISHED")."""
        for number, name in cls._NAMES.items():
            if status_str == name:
                return number
        raise ValueError(f"could not get run status corresponding to string {status_str}")

    @classmethod
    def to_string(cls, status: int) -> str:
        """The name of a status constant ("FINISHED")."""
        try:
            return cls._NAMES[status]
        except KeyError:
            raise ValueError(f"could not get string corresponding to run status {status}") from None

    @classmethod
    def is_terminated(cls, status: int) -> bool:
        """Whether a status ends a run (FINISHED, FAILED, KILLED)."""
        return status in (cls.FINISHED, cls.FAILED, cls.KILLED)

    @classmethod
    def all_status(cls) -> list[int]:
        """Every status constant."""
        return list(cls._NAMES)


class LifecycleStage:
    """Whether an experiment or run is active or deleted."""

    ACTIVE: ClassVar[str] = "active"
    DELETED: ClassVar[str] = "deleted"


class LoggedModelStatus:
    """Whether a logged model's files are uploaded (MLflow 3's values, as strings)."""

    UNSPECIFIED: ClassVar[str] = "UNSPECIFIED"
    PENDING: ClassVar[str] = "PENDING"
    READY: ClassVar[str] = "READY"
    FAILED: ClassVar[str] = "FAILED"


class ModelVersionStatus:
    """Whether a model version is registered."""

    PENDING_REGISTRATION: ClassVar[str] = "PENDING_REGISTRATION"
    FAILED_REGISTRATION: ClassVar[str] = "FAILED_REGISTRATION"
    READY: ClassVar[str] = "READY"


class PagedList(list[T], Generic[T]):
    """One page of a search: a list, and `token`, the page token of the next page (None on the last page)."""

    def __init__(self, items: Iterable[T] = (), token: str | None = None) -> None:
        super().__init__(items)
        self.token = token

    def __repr__(self) -> str:
        return f"PagedList({list.__repr__(self)}, token={self.token!r})"


show_as_public(globals())

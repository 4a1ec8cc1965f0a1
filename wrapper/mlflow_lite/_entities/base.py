"""What every entity shares (`Entity`: `to_dict`/`from_dict`, iteration, repr; `KeyValue`: params and
tags), the converters their constructors use, and MLflow's classes of constants and `PagedList`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, cast

import attrs

from .._core.public import show_as_public

__all__ = [
    "Entity",
    "KeyValue",
    "LifecycleStage",
    "LoggedModelStatus",
    "ModelVersionStatus",
    "PagedList",
    "RunStatus",
    "ViewType",
    "alias_map",
    "metric_map",
    "metrics_key",
    "nan_key",
    "str_list",
    "str_map",
]

T = TypeVar("T")


class Entity:
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
    if isinstance(value, Entity):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def nan_key(value: object) -> object:
    """Compare (and hash) NaN as equal to NaN: a metric logged as NaN equals the one read back."""
    return _NAN if isinstance(value, float) and math.isnan(value) else value


def metrics_key(metrics: Mapping[str, float]) -> object:
    return {key: nan_key(value) for key, value in metrics.items()}


_NAN = "NaN"


# --- converters: what the constructors accept, as MLflow's constructors accept lists of tag objects -----------


def str_map(value: Mapping[str, str] | Iterable[Any] | None) -> dict[str, str]:
    """A dict from a mapping, or from objects with `key` and `value` (tag and param entities)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.key: item.value for item in items}


def metric_map(value: Mapping[str, float] | Iterable[Any] | None) -> dict[str, float]:
    """Latest value per key, from a mapping or from `Metric`s (the last one of a key wins, as in MLflow)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.key: item.value for item in items}


def alias_map(value: Mapping[str, str] | Iterable[Any] | None) -> dict[str, str]:
    """Alias to version, from a mapping or from `RegisteredModelAlias`es."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    items: Iterable[Any] = value
    return {item.alias: item.version for item in items}


def str_list(value: Iterable[str] | None) -> list[str]:
    return [] if value is None else list(value)


@attrs.frozen(repr=False)
class KeyValue(Entity):
    """A key and its string value: params and every kind of tag. Each kind is its own class, and entities of
    different kinds never compare equal."""

    key: str
    value: str
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


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

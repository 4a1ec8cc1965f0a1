"""The generated attrs models, as the wrapper hands them out.

The generated package marks every absent response field with its `UNSET` sentinel (MLflow leaves out empty
and unset fields). `surface()` replaces it, in place and recursively, with None, or an empty list for list
fields, and turns metric values ("NaN", "Infinity", numbers) into Python floats, so callers never meet the
sentinel nor a string where a number belongs.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from mlflow_rest_api.models import (
    Dataset,
    DatasetInput,
    Experiment,
    ExperimentTag,
    FileInfo,
    InputTag,
    Metric,
    MetricWithRunId,
    ModelVersion,
    ModelVersionTag,
    Param,
    RegisteredModel,
    RegisteredModelAlias,
    RegisteredModelTag,
    Run,
    RunData,
    RunInfo,
    RunInputs,
    RunStatus,
    RunTag,
    ViewType,
)
from mlflow_rest_api.types import Unset

from ._convert import metric_value_from_json

__all__ = [
    "Dataset",
    "DatasetInput",
    "Experiment",
    "ExperimentTag",
    "FileInfo",
    "InputTag",
    "Metric",
    "MetricWithRunId",
    "ModelVersion",
    "ModelVersionTag",
    "Param",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunStatus",
    "RunTag",
    "ViewType",
    "surface",
]

M = TypeVar("M")
_METRIC_TYPES = (Metric, MetricWithRunId)


_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """(name, is a list) for each field of a generated model (annotations are strings there), once per class."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(
            (f.name, str(f.type).startswith("list[")) for f in attrs.fields(cls) if f.name != "additional_properties"
        )
    return fields


def surface(model: M) -> M:
    """Replace `UNSET` by None or [] throughout `model`, and make metric values floats. Returns `model`."""
    _surface(model)
    return model


def _surface(obj: Any) -> None:
    for name, is_list in _fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, Unset):
            setattr(obj, name, [] if is_list else None)
        elif isinstance(value, list):
            for item in value:
                if attrs.has(type(item)):
                    _surface(item)
        elif attrs.has(type(value)):
            _surface(value)
    if isinstance(obj, _METRIC_TYPES) and obj.value is not None:
        obj.value = metric_value_from_json(obj.value)

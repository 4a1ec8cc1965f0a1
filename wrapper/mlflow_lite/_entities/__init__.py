"""MLflow's entities, as every mlflow-lite method returns them (`mlflow.entities` in MLflow).

Frozen attrs classes with MLflow's names, fields and positional order, typed exactly: a field is `X | None` only
where the server may leave it out. Collections are in MLflow's shapes: `run.data.params` and `experiment.tags`
are dicts, `registered_model.aliases` maps alias to version, `model_version.aliases` is a list.

Every entity compares by value (NaN metric values included), has a short repr that leaves out empty fields,
and turns into plain data with `to_dict()` (MLflow's `to_dictionary()` shape) and back with `from_dict()`.
Fields a newer server sends that this version does not know are kept in `extra`, and `to_dict()` keeps them.

One module per family, imported when one of its names is first read: `runs` holds all a run's start needs, so
starting a run loads no other entity class.

Nothing here does I/O or knows the wire format: `_ops.to_entities` builds these from the generated answer models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .artifacts import FileInfo
    from .base import LifecycleStage, LoggedModelStatus, ModelVersionStatus, PagedList, RunStatus, ViewType
    from .experiments import Experiment, ExperimentTag
    from .models import (
        LoggedModel,
        LoggedModelParameter,
        LoggedModelTag,
        ModelVersion,
        ModelVersionTag,
        RegisteredModel,
        RegisteredModelAlias,
        RegisteredModelTag,
    )
    from .runs import (
        Dataset,
        DatasetInput,
        InputTag,
        LoggedModelInput,
        LoggedModelOutput,
        Metric,
        MetricWithRunId,
        Param,
        Run,
        RunData,
        RunInfo,
        RunInputs,
        RunOutputs,
        RunTag,
    )

# Where each entity is defined: a module is imported when one of its names is first read, as in `mlflow_lite`.
_MODULES: dict[str, tuple[str, ...]] = {
    "base": (
        "LifecycleStage",
        "LoggedModelStatus",
        "ModelVersionStatus",
        "PagedList",
        "RunStatus",
        "ViewType",
    ),
    "runs": (
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
    ),
    "experiments": (
        "Experiment",
        "ExperimentTag",
    ),
    "artifacts": ("FileInfo",),
    "models": (
        "LoggedModel",
        "LoggedModelParameter",
        "LoggedModelTag",
        "ModelVersion",
        "ModelVersionTag",
        "RegisteredModel",
        "RegisteredModelAlias",
        "RegisteredModelTag",
    ),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

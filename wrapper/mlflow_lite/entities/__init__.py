"""MLflow's entities, as mlflow-lite returns them: the names of `mlflow.entities`.

    from mlflow_lite.entities import Metric, Param, RunTag, ViewType

The registry's entities are in `mlflow_lite.entities.model_registry`, as in MLflow, and each class is also where
MLflow's module for it has it (`from mlflow_lite.entities.metric import Metric`, `mlflow_lite.entities.run_status`,
...): those modules are read on first use, as attributes too (`mlflow_lite.entities.metric.Metric`).
"""

import importlib
from typing import Any

from .._entities import (
    Dataset,
    DatasetInput,
    Experiment,
    ExperimentTag,
    FileInfo,
    InputTag,
    LifecycleStage,
    LoggedModel,
    LoggedModelInput,
    LoggedModelOutput,
    LoggedModelParameter,
    LoggedModelStatus,
    LoggedModelTag,
    Metric,
    MetricWithRunId,
    Param,
    Run,
    RunData,
    RunInfo,
    RunInputs,
    RunOutputs,
    RunStatus,
    RunTag,
    ViewType,
)

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
    "Param",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunOutputs",
    "RunStatus",
    "RunTag",
    "ViewType",
]

# MLflow's modules of this package (`mlflow.entities.metric`, ...), loaded when first read as attributes.
_SUBMODULES = frozenset(
    {
        "dataset",
        "dataset_input",
        "experiment",
        "experiment_tag",
        "file_info",
        "input_tag",
        "lifecycle_stage",
        "logged_model",
        "logged_model_input",
        "logged_model_output",
        "logged_model_parameter",
        "logged_model_status",
        "logged_model_tag",
        "metric",
        "model_registry",
        "param",
        "run",
        "run_data",
        "run_info",
        "run_inputs",
        "run_outputs",
        "run_status",
        "run_tag",
        "view_type",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

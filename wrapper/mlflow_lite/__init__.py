"""mlflow-lite: a small, fast and dependable client for the MLflow tracking REST API.

    import mlflow_lite as mlflow               # MLflow's fluent API

    mlflow.set_experiment("test3")
    with mlflow.start_run():
        mlflow.log_param("alpha", 0.198)
        mlflow.log_metric("precision", 0.769, step=1)

    from mlflow_lite import TrackingClient     # or a client

    with TrackingClient() as client, client.start_run("test3") as run:
        run.log_params({"alpha": 0.198})
        run.log_metric("precision", 0.769, step=1)

`AsyncTrackingClient` is the same with `async with` and `await`; `MlflowClient` has the signatures of MLflow's
own `MlflowClient`. Every method returns the entities of `mlflow_lite.entities`, in MLflow's shapes.
`mlflow_lite.compat` has `MLflowTrackingRestApi`, a class some REST scripts use. The generated low-level client is the
`mlflow_rest_api` package (`client.api`).
"""

# Nothing is imported until it is used (PEP 562): `import mlflow_lite` costs next to nothing, and the first use
# of a name loads only the modules behind it (a client: httpx; the first call: the generated request and
# answer models it needs). Type checkers see the imports below.
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import artifacts, client, data, entities, exceptions, store, tracking, utils
    from ._async.client import AsyncActiveRun, AsyncTrackingClient, StartingRun
    from ._core.client_base import RunOperations
    from ._entities import (
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
        ModelVersion,
        ModelVersionStatus,
        ModelVersionTag,
        PagedList,
        Param,
        RegisteredModel,
        RegisteredModelAlias,
        RegisteredModelTag,
        Run,
        RunData,
        RunInfo,
        RunInputs,
        RunOutputs,
        RunStatus,
        RunTag,
        ViewType,
    )
    from ._errors import (
        ApiError,
        ClientClosed,
        EndpointNotFound,
        ExperimentDeleted,
        InvalidParameterValue,
        MissingDependency,
        MlflowError,
        PermissionDenied,
        RateLimited,
        ResourceAlreadyExists,
        ResourceDoesNotExist,
        ServerBusy,
        ServerError,
        ServerTooOld,
        TransportError,
        Unauthenticated,
        UnsafeListing,
        ValuesRefused,
    )
    from ._fluent import (
        active_run,
        create_experiment,
        delete_experiment,
        delete_logged_model_tag,
        delete_tag,
        end_run,
        finalize_logged_model,
        get_artifact_uri,
        get_experiment,
        get_experiment_by_name,
        get_logged_model,
        get_parent_run,
        get_run,
        get_tracking_uri,
        initialize_logged_model,
        is_tracking_uri_set,
        last_active_run,
        last_logged_model,
        log_artifact,
        log_artifacts,
        log_dict,
        log_figure,
        log_image,
        log_input,
        log_metric,
        log_metrics,
        log_model_params,
        log_outputs,
        log_param,
        log_params,
        log_table,
        log_text,
        register_model,
        search_experiments,
        search_logged_models,
        search_runs,
        set_experiment,
        set_experiment_tag,
        set_experiment_tags,
        set_logged_model_tags,
        set_tag,
        set_tags,
        set_tracking_uri,
        start_run,
    )
    from ._mlflow_client import MlflowClient
    from ._ops.artifacts import Progress
    from ._sync.client import ActiveRun, TrackingClient
    from .exceptions import MlflowException

# Where each public name is defined.
_MODULES: dict[str, tuple[str, ...]] = {
    "_ops.artifacts": ("Progress",),
    "_async.client": (
        "AsyncActiveRun",
        "AsyncTrackingClient",
        "StartingRun",
    ),
    "_core.client_base": ("RunOperations",),
    "_sync.client": (
        "ActiveRun",
        "TrackingClient",
    ),
    "_entities": (
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
    ),
    "_errors": (
        "ApiError",
        "ClientClosed",
        "EndpointNotFound",
        "ExperimentDeleted",
        "InvalidParameterValue",
        "MissingDependency",
        "MlflowError",
        "PermissionDenied",
        "RateLimited",
        "ResourceAlreadyExists",
        "ResourceDoesNotExist",
        "ServerBusy",
        "ServerError",
        "ServerTooOld",
        "TransportError",
        "Unauthenticated",
        "UnsafeListing",
        "ValuesRefused",
    ),
    "_fluent": (
        "active_run",
        "create_experiment",
        "delete_experiment",
        "delete_logged_model_tag",
        "delete_tag",
        "end_run",
        "finalize_logged_model",
        "get_artifact_uri",
        "get_experiment",
        "get_experiment_by_name",
        "get_logged_model",
        "get_parent_run",
        "get_run",
        "get_tracking_uri",
        "initialize_logged_model",
        "is_tracking_uri_set",
        "last_active_run",
        "last_logged_model",
        "log_artifact",
        "log_artifacts",
        "log_dict",
        "log_figure",
        "log_image",
        "log_input",
        "log_metric",
        "log_metrics",
        "log_model_params",
        "log_outputs",
        "log_param",
        "log_params",
        "log_table",
        "log_text",
        "register_model",
        "search_experiments",
        "search_logged_models",
        "search_runs",
        "set_experiment",
        "set_experiment_tag",
        "set_experiment_tags",
        "set_logged_model_tags",
        "set_tag",
        "set_tags",
        "set_tracking_uri",
        "start_run",
    ),
    "_mlflow_client": ("MlflowClient",),
    "exceptions": ("MlflowException",),  # MLflow's name for `MlflowError`: `from mlflow import MlflowException`
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}
# MLflow's modules, with MLflow's names (`mlflow_lite.entities`, `mlflow_lite.tracking.fluent`, ...): the names of
# theirs that mlflow-lite serves, each loaded on first use.
_SUBMODULES = ("artifacts", "client", "data", "entities", "exceptions", "store", "tracking", "utils")

__all__ = [
    "ActiveRun",
    "ApiError",
    "AsyncActiveRun",
    "AsyncTrackingClient",
    "ClientClosed",
    "Dataset",
    "DatasetInput",
    "EndpointNotFound",
    "Experiment",
    "ExperimentDeleted",
    "ExperimentTag",
    "FileInfo",
    "InputTag",
    "InvalidParameterValue",
    "LifecycleStage",
    "LoggedModel",
    "LoggedModelInput",
    "LoggedModelOutput",
    "LoggedModelParameter",
    "LoggedModelStatus",
    "LoggedModelTag",
    "Metric",
    "MetricWithRunId",
    "MissingDependency",
    "MlflowClient",
    "MlflowError",
    "MlflowException",
    "ModelVersion",
    "ModelVersionStatus",
    "ModelVersionTag",
    "PagedList",
    "Param",
    "PermissionDenied",
    "Progress",
    "RateLimited",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
    "ResourceAlreadyExists",
    "ResourceDoesNotExist",
    "Run",
    "RunData",
    "RunInfo",
    "RunInputs",
    "RunOperations",
    "RunOutputs",
    "RunStatus",
    "RunTag",
    "ServerBusy",
    "ServerError",
    "ServerTooOld",
    "StartingRun",
    "TrackingClient",
    "TransportError",
    "Unauthenticated",
    "UnsafeListing",
    "ValuesRefused",
    "ViewType",
    "__version__",
    "active_run",
    "artifacts",
    "client",
    "create_experiment",
    "data",
    "delete_experiment",
    "delete_logged_model_tag",
    "delete_tag",
    "end_run",
    "entities",
    "exceptions",
    "finalize_logged_model",
    "get_artifact_uri",
    "get_experiment",
    "get_experiment_by_name",
    "get_logged_model",
    "get_parent_run",
    "get_run",
    "get_tracking_uri",
    "initialize_logged_model",
    "is_tracking_uri_set",
    "last_active_run",
    "last_logged_model",
    "log_artifact",
    "log_artifacts",
    "log_dict",
    "log_figure",
    "log_image",
    "log_input",
    "log_metric",
    "log_metrics",
    "log_model_params",
    "log_outputs",
    "log_param",
    "log_params",
    "log_table",
    "log_text",
    "register_model",
    "search_experiments",
    "search_logged_models",
    "search_runs",
    "set_experiment",
    "set_experiment_tag",
    "set_experiment_tags",
    "set_logged_model_tags",
    "set_tag",
    "set_tags",
    "set_tracking_uri",
    "start_run",
    "store",
    "tracking",
    "utils",
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next access is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

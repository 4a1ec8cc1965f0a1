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

# Submodules with MLflow's names: `mlflow_lite.entities`, `mlflow_lite.tracking.MlflowClient`,
# `mlflow_lite.exceptions.MlflowException`. Each only re-exports, so importing them costs nothing.
from . import entities, exceptions, tracking
from ._artifacts import Progress
from ._async_client import AsyncActiveRun, AsyncTrackingClient, StartingRun
from ._base import RunOperations
from ._client import ActiveRun, TrackingClient
from ._entities import (
    Dataset,
    DatasetInput,
    Experiment,
    ExperimentTag,
    FileInfo,
    InputTag,
    LifecycleStage,
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
    RunStatus,
    RunTag,
    ViewType,
)
from ._errors import (
    ApiError,
    ExperimentDeleted,
    InvalidParameterValue,
    MissingDependency,
    MlflowError,
    PermissionDenied,
    RateLimited,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    ServerError,
    TransportError,
    Unauthenticated,
)
from ._fluent import (
    active_run,
    create_experiment,
    delete_experiment,
    delete_tag,
    end_run,
    get_artifact_uri,
    get_experiment,
    get_experiment_by_name,
    get_parent_run,
    get_run,
    get_tracking_uri,
    is_tracking_uri_set,
    last_active_run,
    log_artifact,
    log_artifacts,
    log_dict,
    log_figure,
    log_image,
    log_input,
    log_metric,
    log_metrics,
    log_param,
    log_params,
    log_table,
    log_text,
    register_model,
    search_experiments,
    search_runs,
    set_experiment,
    set_experiment_tag,
    set_experiment_tags,
    set_tag,
    set_tags,
    set_tracking_uri,
    start_run,
)
from ._mlflow_client import MlflowClient
from ._version import __version__

__all__ = [
    "ActiveRun",
    "ApiError",
    "AsyncActiveRun",
    "AsyncTrackingClient",
    "Dataset",
    "DatasetInput",
    "Experiment",
    "ExperimentDeleted",
    "ExperimentTag",
    "FileInfo",
    "InputTag",
    "InvalidParameterValue",
    "LifecycleStage",
    "Metric",
    "MetricWithRunId",
    "MissingDependency",
    "MlflowClient",
    "MlflowError",
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
    "RunStatus",
    "RunTag",
    "ServerError",
    "StartingRun",
    "TrackingClient",
    "TransportError",
    "Unauthenticated",
    "ViewType",
    "__version__",
    "active_run",
    "create_experiment",
    "delete_experiment",
    "delete_tag",
    "end_run",
    "entities",
    "exceptions",
    "get_artifact_uri",
    "get_experiment",
    "get_experiment_by_name",
    "get_parent_run",
    "get_run",
    "get_tracking_uri",
    "is_tracking_uri_set",
    "last_active_run",
    "log_artifact",
    "log_artifacts",
    "log_dict",
    "log_figure",
    "log_image",
    "log_input",
    "log_metric",
    "log_metrics",
    "log_param",
    "log_params",
    "log_table",
    "log_text",
    "register_model",
    "search_experiments",
    "search_runs",
    "set_experiment",
    "set_experiment_tag",
    "set_experiment_tags",
    "set_tag",
    "set_tags",
    "set_tracking_uri",
    "start_run",
    "tracking",
]

# Public names say `mlflow_lite.X` in reprs and tracebacks, not the private module they live in (as httpx does).
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("mlflow_lite."):
        _obj.__module__ = "mlflow_lite"
del _name, _obj

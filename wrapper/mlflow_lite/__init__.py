"""mlflow-lite: a small, fast and dependable client for the MLflow tracking REST API.

    from mlflow_lite import TrackingClient

    with TrackingClient() as client, client.start_run("test3") as run:
        run.log_params({"alpha": 0.198})
        run.log_metric("precision", 0.769, step=1)

`AsyncTrackingClient` is the same with `async with` and `await`; `MlflowClient` has the signatures of MLflow's
own `MlflowClient`. Every method returns the entities of `mlflow_lite.entities`, in MLflow's shapes.
`mlflow_lite.compat` reproduces the blog's `MLflowTrackingRestApi`. The generated low-level client is the
`mlflow_rest_api` package (`client.api`).
"""

from ._artifacts import Progress
from ._async_client import AsyncActiveRun, AsyncTrackingClient, StartingRun
from ._base import RunOperations
from ._client import ActiveRun, MlflowClient, TrackingClient
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
    MlflowError,
    PermissionDenied,
    RateLimited,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    ServerError,
    TransportError,
    Unauthenticated,
)
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
]

# Public names say `mlflow_lite.X` in reprs and tracebacks, not the private module they live in (as httpx does).
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("mlflow_lite."):
        _obj.__module__ = "mlflow_lite"
del _name, _obj

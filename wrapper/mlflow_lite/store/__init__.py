"""MLflow's `mlflow.store` modules whose names mlflow-lite serves: `mlflow_lite.store.entities.PagedList`, the
page `MlflowClient`'s searches return."""

import importlib
from typing import Any

__all__: list[str] = []


def __getattr__(name: str) -> Any:
    if name == "entities":
        return importlib.import_module(f"{__name__}.entities")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

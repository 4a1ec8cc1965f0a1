"""`mlflow.tracking`'s names, where MLflow has them: `from mlflow_lite.tracking import MlflowClient`, and the
tracking and registry URIs' functions. MLflow's modules of this package are here too, with the names we serve:
`mlflow_lite.tracking.fluent` (the fluent API), `mlflow_lite.tracking.client` (`MlflowClient`) and
`mlflow_lite.tracking.context.registry` (`resolve_tags`, the context tags of a new run); each is loaded on
first use, as an attribute too."""

import importlib
from typing import Any

from .._fluent import get_registry_uri, get_tracking_uri, is_tracking_uri_set, set_registry_uri, set_tracking_uri
from .._mlflow_client import MlflowClient

__all__ = [
    "MlflowClient",
    "get_registry_uri",
    "get_tracking_uri",
    "is_tracking_uri_set",
    "set_registry_uri",
    "set_tracking_uri",
]

_SUBMODULES = frozenset({"client", "context", "fluent"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The model registry's entities, as mlflow-lite returns them: the names of `mlflow.entities.model_registry`,
and of its modules (`from mlflow_lite.entities.model_registry.model_version import ModelVersion`)."""

import importlib
from typing import Any

from ..._entities import (
    ModelVersion,
    ModelVersionStatus,
    ModelVersionTag,
    RegisteredModel,
    RegisteredModelAlias,
    RegisteredModelTag,
)

__all__ = [
    "ModelVersion",
    "ModelVersionStatus",
    "ModelVersionTag",
    "RegisteredModel",
    "RegisteredModelAlias",
    "RegisteredModelTag",
]

# MLflow's modules of this package, loaded when first read as attributes.
_SUBMODULES = frozenset(
    {
        "model_version",
        "model_version_status",
        "model_version_tag",
        "registered_model",
        "registered_model_alias",
        "registered_model_tag",
    }
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

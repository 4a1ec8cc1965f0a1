"""The names of `mlflow.entities.model_registry.model_version_tag`, where MLflow has them."""

from ..._entities import ModelVersionTag

__all__ = ["ModelVersionTag"]

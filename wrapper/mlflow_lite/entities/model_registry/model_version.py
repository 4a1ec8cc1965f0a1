"""The names of `mlflow.entities.model_registry.model_version`, where MLflow has them."""

from ..._entities import ModelVersion

__all__ = ["ModelVersion"]

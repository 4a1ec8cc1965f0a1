"""The names of `mlflow.entities.model_registry.model_version_status`, where MLflow has them."""

from ..._entities import ModelVersionStatus

__all__ = ["ModelVersionStatus"]

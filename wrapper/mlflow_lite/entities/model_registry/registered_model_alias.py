"""The names of `mlflow.entities.model_registry.registered_model_alias`, where MLflow has them."""

from ..._entities import RegisteredModelAlias

__all__ = ["RegisteredModelAlias"]

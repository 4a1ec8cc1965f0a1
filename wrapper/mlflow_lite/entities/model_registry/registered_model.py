"""The names of `mlflow.entities.model_registry.registered_model`, where MLflow has them."""

from ..._entities import RegisteredModel

__all__ = ["RegisteredModel"]

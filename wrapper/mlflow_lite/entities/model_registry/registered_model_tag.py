"""The names of `mlflow.entities.model_registry.registered_model_tag`, where MLflow has them."""

from ..._entities import RegisteredModelTag

__all__ = ["RegisteredModelTag"]

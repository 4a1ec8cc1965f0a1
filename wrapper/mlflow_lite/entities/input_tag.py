"""The names of `mlflow.entities.input_tag`, where MLflow has them."""

from .._entities import InputTag

__all__ = ["InputTag"]

"""The names of `mlflow.entities.dataset`, where MLflow has them."""

from .._entities import Dataset

__all__ = ["Dataset"]

"""The names of `mlflow.entities.run`, where MLflow has them."""

from .._entities import Run

__all__ = ["Run"]

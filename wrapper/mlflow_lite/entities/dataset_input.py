"""The names of `mlflow.entities.dataset_input`, where MLflow has them."""

from .._entities import DatasetInput

__all__ = ["DatasetInput"]

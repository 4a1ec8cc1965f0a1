"""The names of `mlflow.entities.run_info`, where MLflow has them."""

from .._entities import RunInfo

__all__ = ["RunInfo"]

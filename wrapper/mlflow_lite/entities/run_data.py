"""The names of `mlflow.entities.run_data`, where MLflow has them."""

from .._entities import RunData

__all__ = ["RunData"]

"""The names of `mlflow.entities.run_status`, where MLflow has them."""

from .._entities import RunStatus

__all__ = ["RunStatus"]

"""The names of `mlflow.entities.run_outputs`, where MLflow has them."""

from .._entities import RunOutputs

__all__ = ["RunOutputs"]

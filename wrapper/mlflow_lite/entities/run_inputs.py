"""The names of `mlflow.entities.run_inputs`, where MLflow has them."""

from .._entities import RunInputs

__all__ = ["RunInputs"]

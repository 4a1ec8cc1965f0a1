"""The names of `mlflow.entities.experiment_tag`, where MLflow has them."""

from .._entities import ExperimentTag

__all__ = ["ExperimentTag"]

"""The names of `mlflow.entities.experiment`, where MLflow has them."""

from .._entities import Experiment

__all__ = ["Experiment"]

"""The names of `mlflow.entities.lifecycle_stage`, where MLflow has them."""

from .._entities import LifecycleStage

__all__ = ["LifecycleStage"]

"""The names of `mlflow.entities.param`, where MLflow has them."""

from .._entities import Param

__all__ = ["Param"]

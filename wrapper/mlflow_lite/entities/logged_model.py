"""The names of `mlflow.entities.logged_model`, where MLflow has them."""

from .._entities import LoggedModel

__all__ = ["LoggedModel"]

"""The names of `mlflow.entities.logged_model_status`, where MLflow has them."""

from .._entities import LoggedModelStatus

__all__ = ["LoggedModelStatus"]

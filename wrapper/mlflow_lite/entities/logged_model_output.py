"""The names of `mlflow.entities.logged_model_output`, where MLflow has them."""

from .._entities import LoggedModelOutput

__all__ = ["LoggedModelOutput"]

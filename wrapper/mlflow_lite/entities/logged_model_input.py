"""The names of `mlflow.entities.logged_model_input`, where MLflow has them."""

from .._entities import LoggedModelInput

__all__ = ["LoggedModelInput"]

"""The names of `mlflow.entities.logged_model_parameter`, where MLflow has them."""

from .._entities import LoggedModelParameter

__all__ = ["LoggedModelParameter"]

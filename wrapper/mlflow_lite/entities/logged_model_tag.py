"""The names of `mlflow.entities.logged_model_tag`, where MLflow has them."""

from .._entities import LoggedModelTag

__all__ = ["LoggedModelTag"]

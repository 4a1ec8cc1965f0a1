"""The names of `mlflow.entities.view_type`, where MLflow has them."""

from .._entities import ViewType

__all__ = ["ViewType"]

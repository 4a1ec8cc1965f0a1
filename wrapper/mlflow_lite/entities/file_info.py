"""The names of `mlflow.entities.file_info`, where MLflow has them."""

from .._entities import FileInfo

__all__ = ["FileInfo"]

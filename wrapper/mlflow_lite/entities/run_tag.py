"""The names of `mlflow.entities.run_tag`, where MLflow has them."""

from .._entities import RunTag

__all__ = ["RunTag"]

"""`mlflow_lite.tracking.MlflowClient`, where MLflow has it (`from mlflow.tracking import MlflowClient`)."""

from ._mlflow_client import MlflowClient

__all__ = ["MlflowClient"]

"""`mlflow.tracking.client`'s name: `from mlflow_lite.tracking.client import MlflowClient`."""

from .._mlflow_client import MlflowClient

__all__ = ["MlflowClient"]

"""`mlflow.client`'s name: `from mlflow_lite.client import MlflowClient`."""

from ._mlflow_client import MlflowClient

__all__ = ["MlflowClient"]

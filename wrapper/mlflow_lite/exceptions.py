"""`mlflow_lite.exceptions.MlflowException`, where MLflow has it: the base of every error mlflow-lite raises
(`mlflow_lite.MlflowError`), so `except MlflowException:` catches what it catches with MLflow."""

from ._errors import MlflowError

MlflowException = MlflowError

__all__ = ["MlflowException"]

"""`mlflow.exceptions`' names, where MLflow has them and mlflow-lite raises them.

`MlflowException` is the base of every error mlflow-lite raises (`mlflow_lite.MlflowError`), so
`except MlflowException:` catches what it catches with MLflow. `RestException` is what MLflow raises when the
server answers with an error: mlflow-lite's `ApiError` (a subclass of `MlflowException`, with `error_code`,
`status_code` and the server's `message`), so `except RestException:` catches the server's refusals and not
the errors found before sending or the server being out of reach, as with MLflow.
"""

from ._errors import ApiError, MlflowError

MlflowException = MlflowError
RestException = ApiError

__all__ = ["MlflowException", "RestException"]

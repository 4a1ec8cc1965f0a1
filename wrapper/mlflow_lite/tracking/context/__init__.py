"""`mlflow.tracking.context`: the context tags a new run gets (who, from which script, at which commit).
`mlflow_lite.tracking.context.registry.resolve_tags(tags)` is MLflow's function of that name; integrations that
make runs with `MlflowClient.create_run` (PyTorch Lightning's `MLFlowLogger`) call it, as MLflow's fluent
`start_run` does."""

from . import registry

__all__ = ["registry"]

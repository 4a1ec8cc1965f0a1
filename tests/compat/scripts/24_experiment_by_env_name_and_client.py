"""The fluent API and the client side by side on one run: the client logs to the active run by its id."""

import mlflow
from mlflow import MlflowClient

client = MlflowClient()
with mlflow.start_run(run_name="mixed") as run:
    client.log_param(run.info.run_id, "from_client", "yes")
    mlflow.log_param("from_fluent", "yes")
    client.set_tag(run.info.run_id, "mixed", "true")
    mlflow.log_metric("m", 1.0, step=0)
    client.log_metric(run.info.run_id, "m", 2.0, step=1)
print("params:", sorted(mlflow.get_run(run.info.run_id).data.params))

"""A run whose block raises ends FAILED; the script goes on."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-failure")
try:
    with mlflow.start_run(run_name="doomed") as run:
        mlflow.log_metric("progress", 0.3)
        raise RuntimeError("diverged")
except RuntimeError as error:
    print("caught:", error)
print("status:", mlflow.get_run(run.info.run_id).info.status)
with mlflow.start_run(run_name="ended-by-hand"):
    mlflow.log_metric("progress", 1.0)
    mlflow.end_run(status="KILLED")
print("second:", mlflow.last_active_run().info.status)

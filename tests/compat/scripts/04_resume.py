"""A run ended, then resumed by run_id and by MLFLOW_RUN_ID, logging more each time."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-resume")
with mlflow.start_run(run_name="resumable") as run:
    mlflow.log_metric("epoch_loss", 0.9, step=0)
run_id = run.info.run_id
with mlflow.start_run(run_id=run_id):
    mlflow.log_metric("epoch_loss", 0.7, step=1)
    print("resumed status:", mlflow.active_run().info.status)
os.environ["MLFLOW_RUN_ID"] = run_id
with mlflow.start_run() as again:
    mlflow.log_metric("epoch_loss", 0.5, step=2)
    print("same run:", again.info.run_id == run_id)
print("env var cleared:", "MLFLOW_RUN_ID" not in os.environ)
print("status:", mlflow.get_run(run_id).info.status)

"""MLFLOW_EXPERIMENT_ID picks the experiment of a run started without one."""

import os

import mlflow
from mlflow import MlflowClient

experiment_id = MlflowClient().create_experiment(os.environ["COMPAT_PREFIX"] + "-by-id")
del os.environ["MLFLOW_EXPERIMENT_NAME"]
os.environ["MLFLOW_EXPERIMENT_ID"] = experiment_id
with mlflow.start_run(run_name="placed-by-id") as run:
    mlflow.log_metric("m", 1)
print("experiment matches:", run.info.experiment_id == experiment_id)

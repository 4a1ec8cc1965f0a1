"""A run started without `with` and never ended: MLflow ends it at interpreter exit."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-open")
mlflow.start_run(run_name="left-open")
mlflow.log_param("mode", "script")
mlflow.log_metric("done", 1)
print("still running:", mlflow.active_run().info.status)

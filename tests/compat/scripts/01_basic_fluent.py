"""The quickstart: an experiment, a named run, params, a metric over steps, a tag."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-basic")
with mlflow.start_run(run_name="first-run") as run:
    mlflow.log_param("alpha", 0.5)
    mlflow.log_param("optimizer", "adam")
    for epoch in range(5):
        mlflow.log_metric("loss", 1.0 / (epoch + 1), step=epoch)
    mlflow.set_tag("team", "ml")
    print("active:", mlflow.active_run().info.run_id == run.info.run_id)
print("status:", mlflow.get_run(run.info.run_id).info.status)
print("params:", sorted(mlflow.get_run(run.info.run_id).data.params.items()))

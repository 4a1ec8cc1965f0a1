"""A test suite's frozen clock: with `time.time` patched, metric timestamps and the runs' start and end times are
the patched time, through the fluent API and through the client."""

import os
from unittest import mock

import mlflow
from mlflow import MlflowClient

FROZEN = 1_600_000_000.25  # 2020-09-13, in seconds

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-clock")
with mock.patch("time.time", return_value=FROZEN):
    with mlflow.start_run(run_name="fluent") as run:
        mlflow.log_metric("loss", 0.5, step=1)
        mlflow.log_metrics({"a": 1.0, "b": 2.0})
    print("fluent start:", mlflow.get_run(run.info.run_id).info.start_time)
    client = MlflowClient()
    created = client.create_run(run.info.experiment_id, run_name="client")
    client.log_metric(created.info.run_id, "m", 3.0)
    client.set_terminated(created.info.run_id)
    print("client start:", created.info.start_time)

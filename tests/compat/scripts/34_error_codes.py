"""Errors as code meets them: `except MlflowException as e` and `e.error_code`, for errors raised before sending
(bad arguments, a deleted experiment, a metric value that cannot be converted), errors the server answers, and a
tracking URI with a wrong path; with `get_http_status_code()` and `serialize_as_json()`."""

import json
import os

import mlflow
import numpy as np
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

prefix = os.environ["COMPAT_PREFIX"]
client = MlflowClient()
deleted = client.create_experiment(prefix + "-deleted")
client.delete_experiment(deleted)
experiment_id = client.create_experiment(prefix + "-errors")
run_id = client.create_run(experiment_id, run_name="errors").info.run_id

CASES = {
    "set_experiment()": mlflow.set_experiment,
    "set_experiment(both)": lambda: mlflow.set_experiment(prefix + "-errors", experiment_id=experiment_id),
    "set_experiment(deleted name)": lambda: mlflow.set_experiment(prefix + "-deleted"),
    "set_experiment(deleted id)": lambda: mlflow.set_experiment(experiment_id=deleted),
    "set_experiment(missing id)": lambda: mlflow.set_experiment(experiment_id="987654321"),
    "start_run(deleted experiment)": lambda: mlflow.start_run(experiment_id=deleted),
    "log_metric(two values)": lambda: client.log_metric(run_id, "m", np.array([1.0, 2.0])),
    "log_metric(no values)": lambda: client.log_metric(run_id, "m", np.array([])),
    "log_metric(None)": lambda: client.log_metric(run_id, "m", None),
    "get_run(missing)": lambda: client.get_run("0" * 32),
    "create_experiment(taken)": lambda: client.create_experiment(prefix + "-errors"),
    "wrong path": lambda: MlflowClient(os.environ["MLFLOW_TRACKING_URI"] + "/mlflow").get_experiment_by_name("x"),
}
for name, call in CASES.items():
    try:
        call()
        print(name, "no error")
    except MlflowException as e:
        body = json.loads(e.serialize_as_json())
        shape = body["error_code"] == e.error_code and body["message"] == e.message
        print(name, e.error_code, e.get_http_status_code(), shape, isinstance(e.message, str))
    finally:
        if mlflow.active_run():
            mlflow.end_run()

"""A run's user: the `mlflow.user` tag when given, the login name for the fluent `start_run` (nested runs too),
"unknown" for a client's `create_run` without that tag; the server's `attributes.user_id` filter finds them."""

import getpass
import os

import mlflow
from mlflow import MlflowClient

experiment = mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-users")
with mlflow.start_run(run_name="fluent") as parent, mlflow.start_run(run_name="nested", nested=True):
    pass
with mlflow.start_run(run_name="fluent-alice", tags={"mlflow.user": "alice"}):
    pass
client = MlflowClient()
client.create_run(experiment.experiment_id, run_name="client")
client.create_run(experiment.experiment_id, run_name="client-alice", tags={"mlflow.user": "alice"})


def users(filter_string):
    runs = client.search_runs([experiment.experiment_id], filter_string, order_by=["attributes.run_name ASC"])
    return [(run.info.run_name, run.info.user_id.replace(getpass.getuser(), "<login>")) for run in runs]


print("all:", users(""))
print("alice:", users("attributes.user_id = 'alice'"))
print("unknown:", users("attributes.user_id = 'unknown'"))
print("returned:", parent.info.user_id == getpass.getuser())

"""A script that dies with a run open: the exit code is 1 and the run is still ended at exit."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-crash")
mlflow.start_run(run_name="crashing")
mlflow.log_metric("before_crash", 42)
raise SystemExit(1)

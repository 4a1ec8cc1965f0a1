"""mlflow.register_model with a run's artifacts (a folder with an MLmodel file, which MLflow 3 looks for): the
registered model is created when missing."""

import os

import mlflow

prefix = os.environ["COMPAT_PREFIX"]
mlflow.set_experiment(prefix + "-register")
with mlflow.start_run(run_name="trainer") as run:
    mlflow.log_text("weights", "model/weights.txt")
    mlflow.log_text("flavors: {}\n", "model/MLmodel")
first = mlflow.register_model(f"runs:/{run.info.run_id}/model", prefix + "-model")
second = mlflow.register_model(f"runs:/{run.info.run_id}/model", prefix + "-model", tags={"kind": "retrain"})
print("versions:", first.version, second.version, second.tags)

"""Dataset inputs of a run, logged through the client with MLflow's entities."""

import json
import os

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Dataset, DatasetInput, InputTag

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-inputs")
with mlflow.start_run(run_name="with-data") as run:
    source = json.dumps({"uri": "s3://bucket/train.csv"})
    train = Dataset("train", "abc123", "s3", source, schema='{"columns": ["a", "b"]}', profile='{"rows": 10}')
    test = Dataset("test", "def456", "local", json.dumps({"path": "test.csv"}))
    MlflowClient().log_inputs(
        run.info.run_id,
        [
            DatasetInput(train, [InputTag("mlflow.data.context", "training")]),
            DatasetInput(test, [InputTag("mlflow.data.context", "testing"), InputTag("owner", "qa")]),
        ],
    )
print("inputs:", sorted(i.dataset.name for i in mlflow.get_run(run.info.run_id).inputs.dataset_inputs))

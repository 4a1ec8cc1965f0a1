"""Datasets from mlflow.data, as MLflow's tutorials log them: a DataFrame with a target column and an array."""

import os

import mlflow
import numpy as np
import pandas as pd

df = pd.DataFrame(
    {
        "age": [34, 51, 29, 42, 38],
        "income": [52000.0, 87500.5, None, 61000.0, 70250.25],
        "city": ["Lyon", "Paris", None, "Nantes", "Lille"],
        "member": [True, False, True, True, False],
        "joined": pd.to_datetime(["2020-01-05", "2019-07-21", None, "2021-03-14", "2022-11-30"]),
        "churned": [0, 1, 0, 0, 1],
    }
)
features = np.array([[0.1, 0.2, 0.3], [1.5, -2.5, 3.25], [4.0, 5.0, 6.0], [7.5, 8.5, 9.5]])

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-datasets")
with mlflow.start_run(run_name="train") as run:
    train = mlflow.data.from_pandas(df, source="data/customers.csv", targets="churned", name="customers")
    mlflow.log_input(train, context="training")
    arrays = mlflow.data.from_numpy(features, source="s3://bucket/features.npy", targets=np.array([0, 1, 0, 1]))
    mlflow.log_input(arrays, context="validation", tags={"owner": "qa"})
    mlflow.log_input(mlflow.data.from_pandas(df.head(2)), context="sample")  # the script is the source
print("digests:", train.digest, arrays.digest, train.name, arrays.name)
print("profile:", train.profile)

"""log_table from a dict and from a DataFrame, twice into the same file (rows are appended)."""

import os

import mlflow
import pandas as pd

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-tables")
with mlflow.start_run(run_name="tables"):
    mlflow.log_table({"question": ["a?", "b?"], "answer": ["yes", "no"], "score": [0.5, 1.0]}, "eval/results.json")
    mlflow.log_table(pd.DataFrame({"question": ["c?"], "answer": ["maybe"], "score": [0.75]}), "eval/results.json")
    mlflow.log_table(pd.DataFrame({"x": [1, 2, 3], "y": [1.5, None, 3.5]}), "other.json")

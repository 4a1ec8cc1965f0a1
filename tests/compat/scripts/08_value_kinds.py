"""Params, metrics and tags of every value kind: ints, floats, bools, strings, lists, dicts, numpy scalars,
NaN and infinities, explicit timestamps and negative steps."""

import math
import os

import mlflow
import numpy as np

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-values")
with mlflow.start_run(run_name="kinds"):
    mlflow.log_params(
        {
            "int": 3,
            "float": 0.1,
            "bool": True,
            "str": "text with spaces and ünïcödé ✓",
            "list": [1, 2, 3],
            "dict": {"a": 1},
            "empty": "",
            "np_int": np.int64(7),
            "np_float": np.float32(0.25),
            "long": "x" * 500,
        }
    )
    mlflow.log_metric("int", 5)
    mlflow.log_metric("bool", True)
    mlflow.log_metric("nan", math.nan)
    mlflow.log_metric("inf", math.inf)
    mlflow.log_metric("ninf", -math.inf)
    mlflow.log_metric("tiny", 1e-300)
    mlflow.log_metric("huge", 1.5e300)
    mlflow.log_metric("np", np.float64(2.5))
    mlflow.log_metric("explicit", 1.0, step=-3, timestamp=1_000)
    mlflow.log_metric("explicit", 2.0, step=7, timestamp=2_000)
    mlflow.log_metrics({"a": 1.0, "b": 2.0}, step=4)
    mlflow.log_metrics({"a": 3.0}, step=5, timestamp=3_000)
    mlflow.set_tag("number", 10)
    mlflow.set_tag("flag", False)
    mlflow.set_tags({"k1": "v1", "k2": 2.5})

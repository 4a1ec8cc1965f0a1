"""Metric values MLflow's client converts to float before sending: numeric strings, bytes, Decimal and Fraction,
numpy scalars, 0-d and one-element arrays, objects with `__float__`; through the fluent API, the client and a
batch of `Metric` entities."""

import os
from decimal import Decimal
from fractions import Fraction

import mlflow
import numpy as np
from mlflow import MlflowClient
from mlflow.entities import Metric


class Ratio:
    def __float__(self):
        return 0.125


VALUES = {
    "str": "0.5",
    "str_exp": " 1e3 ",
    "str_nan": "nan",
    "str_inf": "inf",
    "bytes": b"0.25",
    "decimal": Decimal("0.1"),
    "fraction": Fraction(1, 3),
    "np_float32": np.float32(0.25),
    "np_int": np.int64(7),
    "np_bool": np.bool_(True),
    "np_0d": np.array(0.5),
    "np_one": np.array([[1.5]]),
    "np_str": np.array("2.5"),
    "dunder_float": Ratio(),
}

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-metric-values")
with mlflow.start_run(run_name="fluent") as run:
    for key, value in VALUES.items():
        mlflow.log_metric(key, value, step=1)
    mlflow.log_metrics({f"many_{key}": value for key, value in VALUES.items()}, step=2)
client = MlflowClient()
run_id = client.create_run(run.info.experiment_id, run_name="client").info.run_id
for key, value in VALUES.items():
    client.log_metric(run_id, key, value, timestamp=1000, step=3)
client.log_batch(run_id, metrics=[Metric(f"batch_{key}", value, 2000, 4) for key, value in VALUES.items()])
# (Infinities left out: MLflow's entities read them back as the largest double, mlflow-lite's as inf.)
print(sorted((key, value) for key, value in client.get_run(run_id).data.metrics.items() if abs(value) < 1e308))

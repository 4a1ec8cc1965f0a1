"""A training loop logging many values one call at a time, then a large log_metrics."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-loop")
with mlflow.start_run(run_name="loop"):
    for step in range(300):
        mlflow.log_metric("train_loss", 1 / (step + 1), step=step, timestamp=10_000 + step)
    mlflow.log_metrics({f"feature_{i}": i / 7 for i in range(1200)}, step=1, timestamp=20_000)
    mlflow.log_params({f"hp_{i}": i for i in range(120)})

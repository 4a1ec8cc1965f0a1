"""The blog's `example.py`, on mlflow-lite's compatibility class.

Reads `config.txt` (next to this script, or `--config PATH`); `MLFLOW_TRACKING_URI`, when set, wins over the
file's hostname and port. Prints the blog's console lines.
"""

from __future__ import annotations

import argparse
import configparser
import os
from pathlib import Path

from mlflow_lite.compat import MLflowTrackingRestApi


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", default=str(Path(__file__).with_name("config.txt")))
    args = parser.parse_args()
    config = configparser.ConfigParser()
    config.read(args.config, encoding="utf-8")
    hostname = config["main"]["hostname"]
    port = config["main"]["port"]
    experiment_name = config["main"]["experiment-name"]

    print("MLFlow RestAPI Example.")
    mlflow_rest = MLflowTrackingRestApi(
        hostname, port, experiment_name, tracking_uri=os.environ.get("MLFLOW_TRACKING_URI")
    )

    # Log Parameter
    param = {"key": "alpha", "value": 0.1980}
    status_code = mlflow_rest.log_param(param)
    if status_code == 200:
        print("Successfully logged parameter.")
    else:
        print(f"Logging parameter failed: {status_code}")

    # Set Tag
    tag = {"tag1": 1}
    status_code = mlflow_rest.set_tag(tag)
    if status_code == 200:
        print("Successfully set tag.")
    else:
        print(f"Logging parameter failed: {status_code}")

    # Log Metric
    metric = {"precision": 0.769}
    status_code = mlflow_rest.log_metric(metric)
    if status_code == 200:
        print("Successfully logged parameter")
    else:
        print(f"Logging metric failed: {status_code}")

    # Log Batch
    metrics = {"mse": 2500.00, "rmse": 50.00}
    params = {"learning_rate": 0.01, "n_estimators": 10}
    tags: list[dict[str, str]] = []
    status_code = mlflow_rest.log_batch(metrics, params, tags)
    if status_code == 200:
        print("Successfully logged batch")
    else:
        print(f"Logging batch failed: {status_code}")
    mlflow_rest.client.close()
    return 0 if status_code == 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())

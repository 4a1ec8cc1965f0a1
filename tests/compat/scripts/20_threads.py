"""Each thread has its own active run."""

import os
import threading

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-threads")
results: dict[str, bool] = {}


def work(name: str) -> None:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_param("worker", name)
        mlflow.log_metric("value", len(name))
        results[name] = mlflow.active_run().info.run_id == run.info.run_id


with mlflow.start_run(run_name="main"):
    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    mlflow.log_metric("workers", len(results))
print("each saw its own run:", sorted(results.items()))

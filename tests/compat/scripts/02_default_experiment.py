"""No experiment named in code: MLFLOW_EXPERIMENT_NAME says where, and logging starts the run by itself."""

import mlflow

mlflow.log_param("batch_size", 32)
mlflow.log_metric("accuracy", 0.91)
run = mlflow.active_run()
print("started by logging:", run is not None)
mlflow.end_run()
print("ended:", mlflow.active_run() is None)
print("last:", mlflow.last_active_run().info.status)
mlflow.end_run()  # nothing active: nothing happens

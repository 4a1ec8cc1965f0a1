"""A parent run with nested children, one named by parent_run_id."""

import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-nested")
with mlflow.start_run(run_name="parent") as parent:
    mlflow.log_param("search", "grid")
    for lr in (0.1, 0.01):
        with mlflow.start_run(run_name=f"lr {lr}", nested=True) as child:
            mlflow.log_param("lr", lr)
            mlflow.log_metric("score", lr * 10)
    with mlflow.start_run(run_name="explicit", nested=True, parent_run_id=parent.info.run_id):
        mlflow.log_metric("score", 0.5)
    print("parent of child:", mlflow.get_parent_run(child.info.run_id).info.run_id == parent.info.run_id)
print("parent has no parent:", mlflow.get_parent_run(parent.info.run_id) is None)

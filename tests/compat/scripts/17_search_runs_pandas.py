"""mlflow.search_runs as a DataFrame (MLflow's columns) and as a list."""

import math
import os

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-frames")
for index in range(3):
    with mlflow.start_run(run_name=f"r{index}"):
        mlflow.log_param("index", index)
        if index != 1:
            mlflow.log_metric("score", index * 1.5)
        mlflow.set_tag("parity", "even" if index % 2 == 0 else "odd")
frame = mlflow.search_runs(order_by=["params.index ASC"])
# The git context tags differ by MLflow version (2.x sets the commit only): the stored-data check covers them.
print("columns:", sorted(c for c in frame.columns if not c.startswith("tags.mlflow.source.git")))
print("scores:", [None if math.isnan(s) else s for s in frame["metrics.score"]])
print("params:", list(frame["params.index"]))
print("tags:", list(frame["tags.parity"]))
print("status:", list(frame["status"]), "times:", frame["start_time"].dt.tz, frame["end_time"].dt.tz)
runs = mlflow.search_runs(filter_string="tags.parity = 'even'", output_format="list", order_by=["params.index ASC"])
print("list:", [r.info.run_name for r in runs])
names = mlflow.search_runs(experiment_names=[os.environ["COMPAT_PREFIX"] + "-frames"], output_format="list")
print("by name:", len(names))

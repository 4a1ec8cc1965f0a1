"""MlflowClient: an experiment with tags, a run, log_batch with entity lists, set_terminated."""

import os

from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag

client = MlflowClient()
experiment_id = client.create_experiment(os.environ["COMPAT_PREFIX"] + "-client", tags={"owner": "ci"})
run = client.create_run(experiment_id, start_time=1_000, tags={"source": "client"}, run_name="batch")
run_id = run.info.run_id
client.log_batch(
    run_id,
    metrics=[Metric("m", float(i), 10_000 + i, i) for i in range(1500)],
    params=[Param(f"p{i}", str(i)) for i in range(150)],
    tags=[RunTag("t", "v")],
)
client.log_param(run_id, "single", "one")
client.log_metric(run_id, "single", 1.5, timestamp=5_000, step=3)
client.set_tag(run_id, "stage", "done")
client.set_terminated(run_id, "FINISHED", end_time=2_000)
got = client.get_run(run_id)
print("params:", len(got.data.params), "latest m:", got.data.metrics["m"], "status:", got.info.status)
print("history:", len(client.get_metric_history(run_id, "m")))

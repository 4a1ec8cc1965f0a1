"""A run's life through the client: renamed, tagged and untagged, deleted and restored, terminated."""

import os

from mlflow import MlflowClient

client = MlflowClient()
experiment_id = client.create_experiment(os.environ["COMPAT_PREFIX"] + "-lifecycle")
run = client.create_run(experiment_id, run_name="draft")
run_id = run.info.run_id
client.update_run(run_id, name="final")
client.set_tag(run_id, "a", "1")
client.set_tag(run_id, "b", "2")
client.delete_tag(run_id, "a")
for step in range(3):
    client.log_metric(run_id, "loss", 1 / (step + 1), timestamp=100 + step, step=step)
client.delete_run(run_id)
print("deleted:", client.get_run(run_id).info.lifecycle_stage)
client.restore_run(run_id)
client.set_terminated(run_id, "KILLED")
got = client.get_run(run_id)
print("name:", got.info.run_name, "status:", got.info.status, "tags:", sorted(k for k in got.data.tags if len(k) == 1))
print("history:", [(m.step, m.value) for m in client.get_metric_history(run_id, "loss")])

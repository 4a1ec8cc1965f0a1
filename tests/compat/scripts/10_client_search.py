"""MlflowClient searches, page by page with page tokens."""

import os

from mlflow import MlflowClient
from mlflow.entities import ViewType

client = MlflowClient()
experiment_id = client.create_experiment(os.environ["COMPAT_PREFIX"] + "-search")
for index in range(7):
    run = client.create_run(experiment_id, run_name=f"run-{index}")
    client.log_metric(run.info.run_id, "score", index / 10)
    client.set_terminated(run.info.run_id)
names = []
page = client.search_runs([experiment_id], "metrics.score >= 0.2", ViewType.ACTIVE_ONLY, 2, ["metrics.score DESC"])
while True:
    names += [r.info.run_name for r in page]
    if not page.token:
        break
    page = client.search_runs(
        [experiment_id], "metrics.score >= 0.2", ViewType.ACTIVE_ONLY, 2, ["metrics.score DESC"], page.token
    )
print("found:", names)
client.delete_run(page[0].info.run_id)
print("deleted:", len(client.search_runs([experiment_id], run_view_type=ViewType.DELETED_ONLY)))
print("all:", len(client.search_runs([experiment_id], run_view_type=ViewType.ALL)))
experiments = client.search_experiments(filter_string=f"name = '{os.environ['COMPAT_PREFIX']}-search'")
print("experiments:", [e.name.replace(os.environ["COMPAT_PREFIX"], "<prefix>") for e in experiments])

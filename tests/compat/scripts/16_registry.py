"""The model registry: a model from a run's artifacts, versions, tags, aliases, stages, descriptions."""

import os

import mlflow
from mlflow import MlflowClient

prefix = os.environ["COMPAT_PREFIX"]
mlflow.set_experiment(prefix + "-registry")
with mlflow.start_run(run_name="trainer") as run:
    mlflow.log_text("weights", "model/weights.txt")
client = MlflowClient()
name = prefix + "-churn"
client.create_registered_model(name, tags={"team": "growth"}, description="churn model")
v1 = client.create_model_version(name, f"runs:/{run.info.run_id}/model", run.info.run_id, tags={"k": "v"})
v2 = client.create_model_version(name, f"runs:/{run.info.run_id}/model", run.info.run_id, description="second")
client.set_registered_model_alias(name, "champion", v1.version)
client.set_registered_model_alias(name, "challenger", v2.version)
client.set_model_version_tag(name, v2.version, "validated", "true")
client.update_model_version(name, v1.version, description="first")
client.transition_model_version_stage(name, v2.version, "Staging")
client.set_registered_model_tag(name, "tier", "gold")
client.update_registered_model(name, description="the churn model")
print("champion:", client.get_model_version_by_alias(name, "champion").version)
print("aliases:", sorted(client.get_registered_model(name).aliases.items()))
print("staging:", [v.version for v in client.get_latest_versions(name, ["Staging"])])

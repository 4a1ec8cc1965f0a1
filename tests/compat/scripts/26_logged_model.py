"""MLflow 3's logged models: one made by a run, with params, tags, files and metrics linked to it and to a
dataset; the run's outputs; a search; model versions registered from it, by its URI and by the run's.
(MLflow 3 servers only.)"""

import os
import tempfile
from pathlib import Path

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Dataset, LoggedModelInput, LoggedModelOutput

prefix = os.environ["COMPAT_PREFIX"]
experiment = mlflow.set_experiment(prefix + "-models")
client = MlflowClient()
evaluation = Dataset(name="eval", digest="e1", source_type="local", source='{"uri": "eval.csv"}')
with mlflow.start_run(run_name="trainer") as run:
    model = mlflow.initialize_logged_model(
        name="classifier", params={"alpha": 0.5}, tags={"team": "ml"}, model_type="sklearn"
    )
    mlflow.log_model_params({"depth": 3}, model_id=model.model_id)
    mlflow.log_metric("accuracy", 0.91, step=1, timestamp=1000, model_id=model.model_id)
    mlflow.log_metric("loss", 0.2, step=1, timestamp=1000, model_id=model.model_id, dataset=evaluation)
    client.log_metric(
        run.info.run_id, "f1", 0.8, 1000, 1, model_id=model.model_id, dataset_name="eval", dataset_digest="e1"
    )
    mlflow.log_outputs([LoggedModelOutput(model.model_id, 1)])
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "MLmodel").write_text("flavors: {}\n")
        (Path(folder) / "code").mkdir()
        (Path(folder) / "code" / "model.py").write_text("print('model')\n")
        client.log_model_artifacts(model.model_id, folder)
    mlflow.set_logged_model_tags(model.model_id, {"stage": "dev", "temp": "x"})
    mlflow.delete_logged_model_tag(model.model_id, "temp")
    final = mlflow.finalize_logged_model(model.model_id, "READY")

baseline = client.create_logged_model(experiment.experiment_id, name="baseline", params={"alpha": 1})
client.finalize_logged_model(baseline.model_id, "FAILED")
with mlflow.start_run(run_name="evaluator") as evaluator:
    mlflow.log_input(model=LoggedModelInput(model.model_id))

found = mlflow.search_logged_models(filter_string="metrics.accuracy > 0.5", output_format="list")
print("found:", [(m.name, str(m.status), sorted(m.params.items())) for m in found])
ordered = client.search_logged_models([experiment.experiment_id], order_by=[{"field_name": "name", "ascending": True}])
print("ordered:", [m.name for m in ordered], ordered.token)
print("files:", [(f.path, f.is_dir) for f in client.list_logged_model_artifacts(model.model_id)])
print("last:", mlflow.last_logged_model().name)
print("metrics:", sorted((m.key, m.value, m.dataset_name) for m in client.get_logged_model(model.model_id).metrics))

name = prefix + "-classifier"
client.create_registered_model(name)
version = client.create_model_version(name, final.model_uri, model_id=final.model_id)
print("version:", version.version, version.source == final.model_uri, version.run_id == run.info.run_id)
# register_model with the run's URI and the model's name finds the logged model (the run has no files there).
registered = mlflow.register_model(f"runs:/{run.info.run_id}/classifier", name)
print("registered:", registered.version, registered.source == final.model_uri)

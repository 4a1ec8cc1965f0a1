"""mlflow.artifacts: download, list and read artifacts by runs:/, models:/<name>/<version>, models:/<name>@<alias>
and mlflow-artifacts:/ URIs, and the arguments MLflow refuses."""

import os
import tempfile
from pathlib import Path

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException


def tree(folder):
    """The files below `folder`, with their contents, sorted."""
    root = Path(folder)
    if root.is_file():
        return [(root.name, root.read_text())]
    return sorted((str(p.relative_to(root)), p.read_text()) for p in root.rglob("*") if p.is_file())


def names(infos):
    return sorted((info.path, info.is_dir, info.file_size) for info in infos)


prefix = os.environ["COMPAT_PREFIX"]
mlflow.set_experiment(prefix + "-artifacts-module")
with mlflow.start_run(run_name="writer") as run:
    mlflow.log_text("weights", "model/weights.txt")
    mlflow.log_text("flavors: {}\n", "model/MLmodel")
    mlflow.log_text("deep", "model/data/deep.txt")
    mlflow.log_dict({"layers": [64, 32], "dropout": 0.1}, "config/model.json")
    mlflow.log_text("not json", "config/broken.json")
    artifact_uri = run.info.artifact_uri
run_id = run.info.run_id

client = MlflowClient()
name = prefix + "-model"
client.create_registered_model(name)
version = client.create_model_version(name, f"runs:/{run_id}/model", run_id).version
client.set_registered_model_alias(name, "champion", version)

print("text:", mlflow.artifacts.load_text(f"runs:/{run_id}/model/weights.txt"))
print("dict:", mlflow.artifacts.load_dict(f"runs:/{run_id}/config/model.json"))
print("dict by artifact uri:", mlflow.artifacts.load_dict(artifact_uri + "/config/model.json"))
print("text by alias:", mlflow.artifacts.load_text(f"models:/{name}@champion/weights.txt"))
print("text by version:", mlflow.artifacts.load_text(f"models:/{name}/{version}/data/deep.txt"))

print("list run root:", names(mlflow.artifacts.list_artifacts(run_id=run_id)))
print("list run folder:", names(mlflow.artifacts.list_artifacts(run_id=run_id, artifact_path="model")))
print("list runs uri:", names(mlflow.artifacts.list_artifacts(f"runs:/{run_id}/model/data")))
print("list model:", names(mlflow.artifacts.list_artifacts(f"models:/{name}/{version}")))
print("list proxy uri:", names(mlflow.artifacts.list_artifacts(artifact_uri + "/config")))
print("list missing:", mlflow.artifacts.list_artifacts(f"runs:/{run_id}/nothing/here"))

with tempfile.TemporaryDirectory() as tmp:
    for label, kwargs in [
        ("run folder", {"run_id": run_id, "artifact_path": "model", "dst_path": tmp + "/a"}),
        ("whole run", {"run_id": run_id, "dst_path": tmp + "/b"}),
        ("runs uri file", {"artifact_uri": f"runs:/{run_id}/model/data/deep.txt", "dst_path": tmp + "/c"}),
        ("model version", {"artifact_uri": f"models:/{name}/{version}", "dst_path": tmp + "/d/new"}),
        ("model alias path", {"artifact_uri": f"models:/{name}@champion/data", "dst_path": tmp + "/e"}),
        ("proxy uri", {"artifact_uri": artifact_uri + "/config", "dst_path": tmp + "/f"}),
    ]:
        local = mlflow.artifacts.download_artifacts(**kwargs)
        print(label + ":", os.path.relpath(local, tmp), tree(local))
    no_dst = mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model/weights.txt")
    print("no dst_path:", os.path.basename(no_dst), Path(no_dst).read_text())

for label, call in [
    ("neither", mlflow.artifacts.download_artifacts),
    ("both", lambda: mlflow.artifacts.download_artifacts(f"runs:/{run_id}/model", run_id=run_id)),
    ("uri and path", lambda: mlflow.artifacts.list_artifacts(f"runs:/{run_id}", artifact_path="model")),
    ("list neither", mlflow.artifacts.list_artifacts),
    ("not json", lambda: mlflow.artifacts.load_dict(f"runs:/{run_id}/config/broken.json")),
]:
    try:
        call()
        print(label + ": no error")
    except MlflowException as exc:
        print(label + ":", type(exc).__name__ in ("MlflowException", "InvalidParameterValue"), exc.message)

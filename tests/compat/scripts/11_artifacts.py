"""Artifacts: files, folders, text, dicts as JSON and YAML, nested artifact paths."""

import os
import tempfile
from pathlib import Path

import mlflow

mlflow.set_experiment(os.environ["COMPAT_PREFIX"] + "-artifacts")
with tempfile.TemporaryDirectory() as tmp, mlflow.start_run(run_name="files"):
    folder = Path(tmp, "outputs")
    (folder / "nested").mkdir(parents=True)
    (folder / "a.txt").write_text("alpha\n")
    (folder / "nested" / "b.bin").write_bytes(bytes(range(256)) * 10)
    (folder / "empty.txt").write_text("")
    single = Path(tmp, "model.pkl")
    single.write_bytes(b"\x80\x04not really a pickle")
    mlflow.log_artifact(str(single))
    mlflow.log_artifact(str(single), artifact_path="models/v1")
    mlflow.log_artifacts(str(folder), artifact_path="outputs")
    mlflow.log_artifacts(str(folder))
    mlflow.log_text("hello, artifacts ✓\n", "notes/readme.txt")
    mlflow.log_dict({"layers": [64, 32], "activation": "relu", "dropout": 0.1}, "config/model.json")
    mlflow.log_dict({"layers": [64, 32], "activation": "relu", "nested": {"x": True}}, "config/model.yaml")
    print("artifact uri ends with:", mlflow.get_artifact_uri("config").split("/artifacts")[-1])

"""Against MLflow 2.22.5 and 3.17.2 started with `--no-serve-artifacts`: runs whose artifacts are in S3 (moto, the
server's default root) or in a `file://` folder (an experiment's own location), written and read by mlflow-lite
and by MLflow's own client (run in the server's environment), each reading what the other wrote."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import StorePool, unique

import mlflow_lite
from mlflow_lite import TrackingClient
from mlflow_server import MlflowServer, server_env_dir

# MLflow's own client, given a run: lists the run's artifacts, downloads them all, and logs its own files beside.
MLFLOW_SCRIPT = """
import json, sys
from mlflow import MlflowClient
run_id, out, upload = sys.argv[1:4]
client = MlflowClient()
files = []
def walk(path):
    for info in client.list_artifacts(run_id, path):
        if info.is_dir:
            walk(info.path)
        else:
            files.append([info.path, info.file_size])
walk(None)
local = client.download_artifacts(run_id, "", out) if files else None
client.log_artifacts(run_id, upload, "from-mlflow")
client.log_text(run_id, "written by mlflow", "from-mlflow/note.txt")
print(json.dumps({"files": files, "local": local}))
"""


@pytest.fixture
def env(store_pool: StorePool, store_server: MlflowServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name, value in store_pool.env.items():
        monkeypatch.setenv(name, value)
    return store_pool.env


def _tree(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    (source / "sub" / "deeper").mkdir(parents=True)
    (source / "a.txt").write_text("alpha", encoding="utf-8")
    (source / "sub" / "b.bin").write_bytes(os.urandom(70_000))
    (source / "sub" / "deeper" / "c.json").write_text('{"c": 1}', encoding="utf-8")
    return source


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _mlflow(server: MlflowServer, env: dict[str, str], run_id: str, out: Path, upload: Path) -> dict[str, Any]:
    out.mkdir()
    python = server_env_dir(server.version) / "bin" / "python"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    environment.update(env, MLFLOW_TRACKING_URI=server.url, MLFLOW_DISABLE_TELEMETRY="true")
    done = subprocess.run(
        [str(python), "-c", MLFLOW_SCRIPT, run_id, str(out), str(upload)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("kind", ["s3", "file"])
def test_either_client_reads_what_the_other_wrote(
    kind: str, store_server: MlflowServer, env: dict[str, str], tmp_path: Path
) -> None:
    source = _tree(tmp_path)
    location = (tmp_path / "store").as_uri() if kind == "file" else None
    with TrackingClient(store_server.url) as client:
        experiment_id = client.create_experiment(unique(f"stores-{kind}"), artifact_location=location)
        run = client.create_run(experiment_id)
        run_id = run.info.run_id
        assert run.info.artifact_uri.startswith("s3://" if kind == "s3" else "file://")
        client.log_artifacts(run_id, source, "tree")
        client.log_artifact(run_id, source / "a.txt")
        client.log_text(run_id, "written by lite", "notes/lite.txt")
        client.log_dict(run_id, {"k": [1, 2]}, "notes/d.json")
        listed = client.list_artifacts(run_id, recursive=True)
        lite_files = sorted([f.path, f.file_size] for f in listed)

        # MLflow's client lists the same files, with the same sizes, and downloads the same bytes.
        upload = tmp_path / "mlflow-source"
        (upload / "x").mkdir(parents=True)
        (upload / "x" / "m.bin").write_bytes(os.urandom(50_000))
        theirs = _mlflow(store_server, env, run_id, tmp_path / "mlflow-out", upload)
        assert sorted(theirs["files"]) == lite_files
        assert _files(Path(theirs["local"])) == {
            **{f"tree/{k}": v for k, v in _files(source).items()},
            "a.txt": b"alpha",
            "notes/lite.txt": b"written by lite",
            "notes/d.json": json.dumps({"k": [1, 2]}, indent=2).encode(),
        }

        # mlflow-lite downloads what MLflow's client uploaded.
        (tmp_path / "lite-out").mkdir()
        got = Path(client.download_artifacts(run_id, "from-mlflow", str(tmp_path / "lite-out")))
        assert _files(got) == {"x/m.bin": (upload / "x" / "m.bin").read_bytes(), "note.txt": b"written by mlflow"}
        uri = f"runs:/{run_id}/from-mlflow/note.txt"
        note = mlflow_lite.artifacts.download_artifacts(
            uri, dst_path=str(tmp_path / "n"), tracking_uri=store_server.url
        )
        assert Path(note).read_text(encoding="utf-8") == "written by mlflow"


def test_a_model_version_whose_source_is_in_the_store_downloads(
    store_server: MlflowServer, env: dict[str, str], tmp_path: Path
) -> None:
    with TrackingClient(store_server.url) as client:
        experiment_id = client.create_experiment(unique("stores-model"))
        run = client.create_run(experiment_id)
        (tmp_path / "model").mkdir()
        (tmp_path / "model" / "weights.bin").write_bytes(b"w" * 1000)
        client.log_artifacts(run.info.run_id, tmp_path / "model", "model")
        name = unique("stores-model")
        client.create_registered_model(name)
        client.create_model_version(name, f"{run.info.artifact_uri}/model", run.info.run_id)
        local = mlflow_lite.artifacts.download_artifacts(
            f"models:/{name}/1", dst_path=str(tmp_path / "out"), tracking_uri=store_server.url
        )
    assert (Path(local) / "weights.bin").read_bytes() == b"w" * 1000


def test_a_logged_models_artifacts_go_to_the_store(
    store_server: MlflowServer, env: dict[str, str], tmp_path: Path
) -> None:
    if store_server.version.startswith("2."):
        pytest.skip("logged models are MLflow 3's")
    with TrackingClient(store_server.url) as client:
        experiment_id = client.create_experiment(unique("stores-logged"), artifact_location=(tmp_path / "s").as_uri())
        model = client.create_logged_model(experiment_id, name="m")
        assert model.artifact_location.startswith("file://")
        (tmp_path / "m").mkdir()
        (tmp_path / "m" / "MLmodel").write_text("flavors: {}\n", encoding="utf-8")
        client.log_model_artifacts(model.model_id, tmp_path / "m")
        listed = client.list_logged_model_artifacts(model.model_id)
        assert [(f.path, f.file_size) for f in listed] == [("MLmodel", (tmp_path / "m" / "MLmodel").stat().st_size)]
        local = mlflow_lite.artifacts.download_artifacts(
            f"models:/{model.model_id}", dst_path=str(tmp_path / "out"), tracking_uri=store_server.url
        )
    assert (Path(local) / "MLmodel").read_text(encoding="utf-8") == "flavors: {}\n"

"""`mlflow_lite.artifacts`, MLflow's `mlflow.artifacts`: its signatures against MLflow's own, the arguments it
refuses before anything is sent, the stores it does not reach, and Pillow as an optional library. What it
downloads, lists and reads from real servers is checked by the compat script `28_artifacts_module.py`, through
MLflow and through mlflow-lite on both server versions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from oracle import SIGNATURES, run_mlflow, signature_problems
from pytest_httpx import HTTPXMock

import mlflow_lite
from mlflow_lite import artifacts
from mlflow_server import VERSIONS

NAMES = ["download_artifacts", "list_artifacts", "load_text", "load_dict", "load_image"]
URL = "http://127.0.0.1:5999"


@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_signatures_are_mlflows(version: str) -> None:
    setup = f"import mlflow.artifacts as OWNER\nSKIP_SELF = False\nNAMES = {NAMES!r}\n"
    theirs: dict[str, list[list[Any]]] = run_mlflow(version, setup + SIGNATURES, "http://127.0.0.1:9")
    assert set(theirs) == set(NAMES)
    problems = []
    for name, params in theirs.items():
        problems += signature_problems(name, getattr(artifacts, name), params, skip_self=False, not_taken=set())
    assert problems == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (artifacts.download_artifacts, "Exactly one of `run_id` or `artifact_uri` must be specified"),
        (
            lambda: artifacts.download_artifacts("runs:/r/x", run_id="r"),
            "Exactly one of `run_id` or `artifact_uri` must be specified",
        ),
        (
            lambda: artifacts.download_artifacts("runs:/r/x", artifact_path="x"),
            "`artifact_path` cannot be specified if `artifact_uri` is specified",
        ),
        (artifacts.list_artifacts, "Exactly one of `run_id` or `artifact_uri` must be specified"),
        (
            lambda: artifacts.list_artifacts("runs:/r", artifact_path="x"),
            "`artifact_path` cannot be specified if `artifact_uri` is specified",
        ),
    ],
)
def test_arguments_mlflow_refuses_are_refused_before_sending(call: Any, message: str, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(mlflow_lite.InvalidParameterValue, match="^" + message.replace("`", ".")):
        call()
    assert httpx_mock.get_requests() == []


@pytest.mark.parametrize("uri", ["https://host/api/2.0/x", "dbfs:/x", "hdfs://host/x"])
def test_a_store_no_client_reaches_is_a_typed_error_before_sending(uri: str, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(mlflow_lite.InvalidParameterValue, match="does not reach"):
        artifacts.download_artifacts(uri, tracking_uri=URL)
    with pytest.raises(mlflow_lite.InvalidParameterValue, match="does not reach"):
        artifacts.list_artifacts(uri, tracking_uri=URL)
    with pytest.raises(mlflow_lite.InvalidParameterValue, match="does not reach"):
        artifacts.load_text(uri)  # the fluent API's client
    assert httpx_mock.get_requests() == []


def test_a_local_folder_is_read_by_the_client_without_asking_the_server(tmp_path: Path, httpx_mock: HTTPXMock) -> None:
    (tmp_path / "store" / "d").mkdir(parents=True)
    (tmp_path / "store" / "d" / "a.txt").write_text("hello", encoding="utf-8")
    uri = (tmp_path / "store").as_uri()
    assert artifacts.load_text(uri + "/d/a.txt") == "hello"
    listed = artifacts.list_artifacts(uri + "/d", tracking_uri=URL)
    assert [(f.path, f.is_dir, f.file_size) for f in listed] == [("d/a.txt", False, 5)]
    local = artifacts.download_artifacts(str(tmp_path / "store"), dst_path=str(tmp_path / "out"), tracking_uri=URL)
    assert (Path(local) / "d" / "a.txt").read_text(encoding="utf-8") == "hello"
    assert httpx_mock.get_requests() == []


def test_a_registry_uri_naming_another_server_is_refused(httpx_mock: HTTPXMock) -> None:
    with pytest.raises(mlflow_lite.InvalidParameterValue, match="registry_uri"):
        artifacts.download_artifacts("runs:/r/x", tracking_uri=URL, registry_uri="http://elsewhere:5000")
    assert httpx_mock.get_requests() == []


def test_load_image_without_pillow_names_the_extra(monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock) -> None:
    monkeypatch.setitem(sys.modules, "PIL", None)  # `import PIL` now raises ImportError
    with pytest.raises(mlflow_lite.MissingDependency, match=r"mlflow-lite\[pillow\]") as raised:
        artifacts.load_image("runs:/r/image.png")
    assert isinstance(raised.value, ImportError)
    assert httpx_mock.get_requests() == []


def test_a_models_uri_that_names_no_model_is_refused(httpx_mock: HTTPXMock) -> None:
    for uri in ("models:/", "models:/churn", "models://profile@databricks/churn/1"):
        with pytest.raises(mlflow_lite.InvalidParameterValue):
            artifacts.list_artifacts(uri, tracking_uri=URL)
    assert httpx_mock.get_requests() == []

"""The cloud stores (obstore): MLflow's variables, the missing extra, secrets kept out of sight, a hostile
listing refused, and against moto's S3 (behind the fault proxy): MLflow's key layout, parts, faults retried and no
multipart upload left behind."""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import StorePool, unique
from faultproxy import Fault, FaultProxy
from pytest_httpx import HTTPXMock

import mlflow_lite
from mlflow_lite import InvalidParameterValue, MissingDependency, TrackingClient, UnsafeListing
from mlflow_lite._core.client_base import context_of
from mlflow_lite._core.effects import Op
from mlflow_lite._entities import FileInfo
from mlflow_lite._ops import artifacts
from mlflow_lite._stores import store_for
from mlflow_lite._stores.cloud import PART_SIZE, CloudStore, azure_options, gcs_options, s3_options
from mlflow_lite._sync.client import run_op

URL = "http://127.0.0.1:5999"
SECRET = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs="  # base64, as an Azure account key is


def _run(uri: str) -> dict[str, Any]:
    info = {
        "run_id": "r1",
        "run_uuid": "r1",
        "run_name": "n",
        "experiment_id": "1",
        "user_id": "u",
        "status": "RUNNING",
        "start_time": 1,
        "artifact_uri": uri,
        "lifecycle_stage": "active",
    }
    return {"run": {"info": info, "data": {}, "inputs": {}, "outputs": {}}}


# --- settings ------------------------------------------------------------------------------------------------


def test_mlflow_s3_variables_become_obstore_settings(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),  # no AWS profile here (test_aws.py has them)
        "MLFLOW_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "MLFLOW_S3_IGNORE_TLS": "true",
        "MLFLOW_S3_UPLOAD_EXTRA_ARGS": '{"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "k1"}',
    }
    config, client = s3_options(env)
    assert config == {
        "endpoint": "http://127.0.0.1:9000",
        "region": "us-east-1",
        "server_side_encryption": "aws:kms",
        "sse_kms_key_id": "k1",
    }
    assert client == {"allow_http": True, "allow_invalid_certificates": True}
    # obstore reads the AWS_* ones itself
    assert s3_options({"HOME": str(tmp_path), "AWS_DEFAULT_REGION": "eu-west-3"}) == ({}, {})


@pytest.mark.parametrize("value", ['{"ACL": "public-read"}', "not json", "[1]"])
def test_upload_extra_args_not_carried_out_are_refused(value: str) -> None:
    with pytest.raises(InvalidParameterValue, match="MLFLOW_S3_UPLOAD_EXTRA_ARGS"):
        s3_options({"MLFLOW_S3_UPLOAD_EXTRA_ARGS": value})


def test_azure_connection_string_and_account_key() -> None:
    connection = (
        "DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/dev;"
    )
    config, client = azure_options("acct", {"AZURE_STORAGE_CONNECTION_STRING": connection})
    assert config == {"account_name": "dev", "account_key": "a2V5", "endpoint": "http://127.0.0.1:10000/dev"}
    assert client == {"allow_http": True}
    config, _ = azure_options("acct", {"AZURE_STORAGE_ACCESS_KEY": "a2V5"})
    assert config == {"account_name": "acct", "account_key": "a2V5"}


@pytest.mark.parametrize(
    "uri",
    [
        "s3://bucket/1/r/artifacts",
        "gs://bucket/1/r/artifacts",
        "wasbs://container@acct.blob.core.windows.net/1/r/artifacts",
        "abfss://container@acct.dfs.core.windows.net/1/r/artifacts",
    ],
)
def test_each_cloud_scheme_makes_a_store_whose_repr_holds_no_secret(uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_SECRET_ACCESS_KEY", "AZURE_STORAGE_ACCESS_KEY"):
        monkeypatch.setenv(name, SECRET)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    store = store_for(uri, "run r")
    assert isinstance(store, CloudStore)
    assert store.uri == uri
    assert SECRET not in repr(store)
    assert SECRET not in str(artifacts.Location("x", store))


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        ("GenericError", mlflow_lite.StoreError),
        ("PermissionDeniedError", mlflow_lite.PermissionDenied),
        ("UnauthenticatedError", mlflow_lite.Unauthenticated),
        ("NotFoundError", mlflow_lite.ResourceDoesNotExist),
    ],
)
def test_a_store_failure_is_one_of_the_public_errors(raised: str, expected: type[Exception]) -> None:
    from obstore import exceptions

    store = CloudStore("s3://bucket/1/r1/artifacts", object())

    def failing(*args: object, **kwargs: object) -> None:
        raise getattr(exceptions, raised)("the store's answer")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("obstore.put", failing)
        with pytest.raises(expected, match="s3://bucket/1/r1/artifacts") as caught:
            store.put_bytes("a.txt", b"x")
    assert isinstance(caught.value, mlflow_lite.MlflowError)
    # The store's own failures are StoreError, caught as such: not a server's answer (ApiError).
    assert isinstance(caught.value, mlflow_lite.StoreError) == (expected is mlflow_lite.StoreError)


def test_an_azure_uri_without_its_account_is_refused() -> None:
    with pytest.raises(InvalidParameterValue, match="Azure URI"):
        store_for("wasbs://container/path", "run r")


# --- the missing extra -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("uri", "extra"), [("s3://b/x", "s3"), ("gs://b/x", "gcs"), ("abfss://c@a.dfs.x/y", "azure")])
def test_a_missing_extra_is_named_before_the_store_is_asked(
    uri: str, extra: str, monkeypatch: pytest.MonkeyPatch, httpx_mock: HTTPXMock, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "obstore", None)  # `import obstore` now raises ImportError
    monkeypatch.setitem(sys.modules, "obstore.store", None)
    httpx_mock.add_response(json=_run(uri), is_reusable=True)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    with TrackingClient(URL) as client:
        with pytest.raises(MissingDependency, match=re.escape(f"mlflow-lite[{extra}]")) as raised:
            client.log_artifact("r1", tmp_path / "a.txt")
        assert raised.value.module == "obstore"
    assert [request.url.path for request in httpx_mock.get_requests()] == ["/api/2.0/mlflow/runs/get"]


# --- downloads stay below dst_path ----------------------------------------------------------------------------


class _Hostile:
    """A store whose listing points outside its folder."""

    uri = "s3://bucket/root"

    def __init__(self, listed: list[FileInfo]) -> None:
        self.listed = listed
        self.got: list[str] = []

    def put_file(self, key: str, local: Path, size: int, progress: Any) -> None:
        raise AssertionError("no upload")

    def put_bytes(self, key: str, data: bytes) -> None:
        raise AssertionError("no upload")

    def list(self, folder: str) -> list[FileInfo]:
        return self.listed

    def get_file(self, key: str, local: Path, progress: Any) -> None:
        self.got.append(key)
        local.write_bytes(b"x")


@pytest.mark.parametrize("path", ["../evil", "/etc/evil", "a/../../evil", "other/x"])
def test_a_store_listing_that_leaves_its_folder_is_refused(path: str, tmp_path: Path) -> None:
    store = _Hostile([FileInfo(path, False, 1)])
    (tmp_path / "dst").mkdir()
    with TrackingClient(URL) as client, pytest.raises(UnsafeListing):
        run_op(
            client, artifacts.download_proxied(context_of(client), artifacts.Location("", store), "a", tmp_path / "dst")
        )
    assert store.got == []
    assert list((tmp_path / "dst").iterdir()) == []


# --- against moto's S3 ------------------------------------------------------------------------------------------


@pytest.fixture
def s3(store_pool: StorePool, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FaultProxy, str]]:
    """The stores' S3 (moto behind the fault proxy) and a new bucket, MLflow's variables set to reach it."""
    proxy = store_pool.start_s3()
    for name, value in store_pool.env.items():
        monkeypatch.setenv(name, value)
    bucket = store_pool.s3.create_bucket(unique("b").lower())
    yield proxy, bucket
    proxy.clear()


def _in_progress(proxy: FaultProxy, bucket: str) -> list[str]:
    """The bucket's multipart uploads neither completed nor aborted."""
    with urllib.request.urlopen(f"{proxy.url}/{bucket.removeprefix('s3://')}?uploads", timeout=30) as answer:  # noqa: S310
        return re.findall(r"<UploadId>([^<]+)</UploadId>", answer.read().decode())


def _keys(proxy: FaultProxy, bucket: str) -> list[str]:
    with urllib.request.urlopen(f"{proxy.url}/{bucket.removeprefix('s3://')}?list-type=2", timeout=30) as answer:  # noqa: S310
        return re.findall(r"<Key>([^<]+)</Key>", answer.read().decode())


def _big(tmp_path: Path) -> Path:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(2 * PART_SIZE + 12345))  # three parts
    return local


def _upload(bucket: str, local: Path, folder: str = "dir") -> artifacts.Location:
    location = artifacts.Location("", store_for(f"{bucket}/1/r1/artifacts", "run r1"))
    with TrackingClient(URL) as client:
        run_op(client, artifacts.upload_one(_given(location), context_of(client), local, folder, None))
    return location


def _given(location: artifacts.Location) -> Op[artifacts.Location]:
    return location
    yield  # a generator: an op that sends nothing


def test_s3_keys_parts_and_round_trip(s3: tuple[FaultProxy, str], tmp_path: Path) -> None:
    proxy, bucket = s3
    local = _big(tmp_path)
    location = _upload(bucket, local)
    assert _keys(proxy, bucket) == ["1/r1/artifacts/dir/big.bin"]  # MLflow's layout: <root>/<artifact_path>/<name>
    name = bucket.removeprefix("s3://")
    puts = [path for method, path, _ in proxy.received if method == "PUT" and f"/{name}/" in path]
    assert sum(1 for path in puts if "partNumber=" in path) == 3
    (tmp_path / "out").mkdir()
    with TrackingClient(URL) as client:
        listed = run_op(client, artifacts.list_proxied(context_of(client), location, "dir"))
        assert [(e.path, e.is_dir, e.file_size) for e in listed] == [("dir/big.bin", False, local.stat().st_size)]
        got = run_op(client, artifacts.download_proxied(context_of(client), location, "", tmp_path / "out"))
    assert (Path(got) / "dir" / "big.bin").read_bytes() == local.read_bytes()
    assert _in_progress(proxy, bucket) == []


def test_s3_slow_down_and_a_dropped_part_are_retried_alone(s3: tuple[FaultProxy, str], tmp_path: Path) -> None:
    proxy, bucket = s3
    local = _big(tmp_path)
    slow_down = b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
    proxy.add(
        [Fault("status", path="partNumber=2", status=503, body=slow_down), Fault("drop_before", path="partNumber=3")]
    )
    _upload(bucket, local)
    assert sorted(kind for kind, _, _ in proxy.injected) == ["drop_before", "status"]
    name = bucket.removeprefix("s3://")
    parts = [
        path for method, path, _ in proxy.received if method == "PUT" and f"/{name}/" in path and "partNumber=" in path
    ]
    assert sorted(re.findall(r"partNumber=(\d)", "".join(parts))) == ["1", "2", "2", "3", "3"]  # each failed part again
    assert _in_progress(proxy, bucket) == []
    proxy.add([Fault("truncate", path="big.bin"), Fault("drop_before", path="big.bin")])
    (tmp_path / "out").mkdir()
    store = store_for(f"{bucket}/1/r1/artifacts", "run r1")
    assert store is not None
    store.get_file("dir/big.bin", tmp_path / "out" / "big.bin", None)
    assert (tmp_path / "out" / "big.bin").read_bytes() == local.read_bytes()
    assert proxy.pending == []  # both faults met, and the bytes are whole


def test_s3_a_part_refused_for_good_aborts_the_upload(s3: tuple[FaultProxy, str], tmp_path: Path) -> None:
    proxy, bucket = s3
    local = _big(tmp_path)
    denied = b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
    proxy.add([Fault("status", path="partNumber=2", status=403, body=denied)])
    with pytest.raises(mlflow_lite.MlflowError):
        _upload(bucket, local)
    assert _keys(proxy, bucket) == []
    assert _in_progress(proxy, bucket) == []


@pytest.mark.parametrize(
    ("host", "url", "allow_http"),
    [
        ("http://127.0.0.1:4443/", "http://127.0.0.1:4443", True),
        ("localhost:4443", "http://localhost:4443", True),  # as Go's clients take it
        ("https://gcs.internal", "https://gcs.internal", False),
    ],
)
def test_a_gcs_emulator_host_is_reached_without_oauth(host: str, url: str, allow_http: bool) -> None:
    config, client = gcs_options({"STORAGE_EMULATOR_HOST": host})
    account = json.loads(config["service_account_key"])
    assert (account["gcs_base_url"], account["disable_oauth"]) == (url, True)
    assert client == {"allow_http": allow_http}
    assert gcs_options({}) == ({}, {})  # obstore's own chain


def test_s3_with_the_keys_in_an_aws_profile_only(
    s3: tuple[FaultProxy, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # moto accepts any keys, but a request must be signed with some: with no key variables and no profile, obstore
    # would fall back to the instance's credentials (none here). The keys and region are in the profile alone.
    proxy, bucket = s3
    key, secret = "AKIAPROFILEONLY", "profile-secret-that-must-not-leak"
    (tmp_path / "credentials").write_text(f"[bench]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n")
    (tmp_path / "config").write_text("[profile bench]\nregion = us-east-1\n")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_PROFILE", "bench")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    local = tmp_path / "small.txt"
    local.write_text("signed with the profile's keys")
    location = _upload(bucket, local)
    assert secret not in repr(location)
    assert _keys(proxy, bucket) == ["1/r1/artifacts/dir/small.txt"]
    assert location.store is not None
    location.store.get_file("dir/small.txt", tmp_path / "back.txt", None)
    assert (tmp_path / "back.txt").read_text() == "signed with the profile's keys"

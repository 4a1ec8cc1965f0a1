"""Google Cloud Storage and Azure Blob Storage at the store level, each behind the fault proxy: Azure against Azurite
(Microsoft's emulator, from npm: it checks shared-key signatures), GCS against `FakeGCS`, a fake at the HTTP level
(no GCS emulator from the package index answers obstore, see `fakegcs`). MLflow's key layout, parts, a folder,
listings, downloads, faults retried, a part refused for good, a missing object and hostile listings."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import unique
from fakegcs import FakeGCS
from faultproxy import Fault, FaultProxy

import mlflow_lite
from mlflow_lite import ResourceDoesNotExist, TrackingClient, UnsafeListing
from mlflow_lite._core.client_base import context_of
from mlflow_lite._core.effects import Op
from mlflow_lite._ops import artifacts
from mlflow_lite._stores import store_for
from mlflow_lite._stores.cloud import PART_SIZE, CloudStore
from mlflow_lite._sync.client import run_op
from mlflow_server import AZURITE_ACCOUNT, AZURITE_KEY, AzureServer

URL = "http://127.0.0.1:5999"  # no tracking server is asked: the ops below are given their store


@dataclass(frozen=True)
class Cloud:
    """One bucket (or container) reached through `proxy`: `root` its URI, `keys` every key in it, `open_uploads`
    the multipart uploads neither completed nor aborted (Azure has none: its uncommitted blocks expire alone),
    `part` a substring of the path of every request that sends one part, `scope` of every request to this bucket
    (Azurite's proxy serves the whole session), `plant` writes an object straight into the bucket."""

    root: str
    proxy: FaultProxy
    keys: Callable[[], list[str]]
    open_uploads: Callable[[], list[str]]
    part: str
    scope: str
    plant: Callable[[str, bytes], None]


@pytest.fixture
def gcs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cloud]:
    with FakeGCS("bucket") as fake, FaultProxy(fake.url) as proxy:
        monkeypatch.setenv("STORAGE_EMULATOR_HOST", proxy.url)  # Google's variable, which MLflow's client honours
        objects, uploads = lambda: sorted(fake.objects), lambda: sorted(fake.uploads)
        yield Cloud("gs://bucket", proxy, objects, uploads, "partNumber=", "/bucket/", fake.objects.__setitem__)


@pytest.fixture
def azure(azurite: tuple[AzureServer, FaultProxy], monkeypatch: pytest.MonkeyPatch) -> Iterator[Cloud]:
    import obstore
    from obstore.store import AzureStore

    server, proxy = azurite
    container = unique("c").lower().replace("_", "-")
    root = server.create_container(container)
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", server.connection_string(f"{proxy.url}/{AZURITE_ACCOUNT}"))
    # The container as Azurite lists it, straight (not through the proxy, nor through the code under test).
    direct = AzureStore(
        container,
        config={"account_name": AZURITE_ACCOUNT, "account_key": AZURITE_KEY, "endpoint": server.url},
        client_options={"allow_http": True},
    )

    def keys() -> list[str]:
        return sorted(str(o["path"]) for batch in obstore.list(direct) for o in batch)

    def plant(key: str, data: bytes) -> None:
        obstore.put(direct, key, data)

    yield Cloud(root, proxy, keys, list, "comp=block&", f"/{container}/", plant)
    proxy.clear()


@pytest.fixture(params=["gcs", "azure"])
def cloud(request: pytest.FixtureRequest) -> Cloud:
    value: Cloud = request.getfixturevalue(request.param)
    return value


def _location(cloud: Cloud) -> artifacts.Location:
    store = store_for(f"{cloud.root}/1/r1/artifacts", "run r1")
    assert isinstance(store, CloudStore)
    return artifacts.Location("", store)


def _given(location: artifacts.Location) -> Op[artifacts.Location]:
    return location
    yield  # a generator: an op that sends nothing


def _upload(cloud: Cloud, local: Path, folder: str = "dir") -> artifacts.Location:
    location = _location(cloud)
    upload = artifacts.upload_tree if local.is_dir() else artifacts.upload_one
    with TrackingClient(URL) as client:
        run_op(client, upload(_given(location), context_of(client), local, folder, None))
    return location


def _download(location: artifacts.Location, path: str, dst: Path) -> Path:
    dst.mkdir()
    with TrackingClient(URL) as client:
        return Path(run_op(client, artifacts.download_proxied(context_of(client), location, path, dst)))


def _list(location: artifacts.Location, path: str) -> list[tuple[str, bool, int | None]]:
    with TrackingClient(URL) as client:
        listed = run_op(client, artifacts.list_proxied(context_of(client), location, path))
    return [(e.path, e.is_dir, e.file_size) for e in listed]


def _big(tmp_path: Path) -> Path:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(2 * PART_SIZE + 12345))  # three parts
    return local


def _parts_sent(cloud: Cloud) -> int:
    return sum(
        1 for method, path, _ in cloud.proxy.received if method == "PUT" and cloud.scope in path and cloud.part in path
    )


def test_a_large_file_goes_up_in_parts_under_mlflows_key_and_comes_back(cloud: Cloud, tmp_path: Path) -> None:
    local = _big(tmp_path)
    location = _upload(cloud, local)
    assert cloud.keys() == ["1/r1/artifacts/dir/big.bin"]  # MLflow's layout: <root>/<artifact_path>/<name>
    assert _parts_sent(cloud) == 3
    assert cloud.open_uploads() == []
    assert _list(location, "") == [("dir", True, None)]
    assert _list(location, "dir") == [("dir/big.bin", False, local.stat().st_size)]
    got = _download(location, "dir/big.bin", tmp_path / "out")
    assert got.read_bytes() == local.read_bytes()


def test_a_folder_goes_up_and_comes_back_whole(cloud: Cloud, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "sub" / "deeper").mkdir(parents=True)
    files = {"a.txt": b"alpha", "sub/b.bin": os.urandom(70_000), "sub/deeper/c.json": b'{"c": 1}'}
    for rel, data in files.items():
        (source / rel).write_bytes(data)
    location = _upload(cloud, source, "tree")
    assert cloud.keys() == sorted(f"1/r1/artifacts/tree/{rel}" for rel in files)
    assert _parts_sent(cloud) == 0  # small files go up in one request each
    assert _list(location, "tree") == [("tree/a.txt", False, 5), ("tree/sub", True, None)]
    got = _download(location, "tree", tmp_path / "out")
    assert {p.relative_to(got).as_posix(): p.read_bytes() for p in got.rglob("*") if p.is_file()} == files


def test_a_failed_part_is_sent_again_alone_and_a_broken_download_is_taken_up(cloud: Cloud, tmp_path: Path) -> None:
    local = _big(tmp_path)
    cloud.proxy.add([Fault("status", path=cloud.part, status=503), Fault("drop_before", path=cloud.part)])
    location = _upload(cloud, local)
    assert sorted(kind for kind, _, path in cloud.proxy.injected if cloud.scope in path) == ["drop_before", "status"]
    assert _parts_sent(cloud) == 5  # three parts, two of them twice
    assert cloud.keys() == ["1/r1/artifacts/dir/big.bin"]
    assert cloud.open_uploads() == []
    cloud.proxy.add([Fault("truncate"), Fault("drop_before")])
    assert location.store is not None
    location.store.get_file("dir/big.bin", tmp_path / "big.out", None)
    assert (tmp_path / "big.out").read_bytes() == local.read_bytes()
    assert cloud.proxy.pending == []  # both faults met, and the bytes are whole


def test_a_part_refused_for_good_leaves_no_object(cloud: Cloud, tmp_path: Path) -> None:
    cloud.proxy.add([Fault("status", path=cloud.part, status=403)])
    with pytest.raises(mlflow_lite.MlflowError):
        _upload(cloud, _big(tmp_path))
    assert cloud.keys() == []
    assert cloud.open_uploads() == []


def test_a_missing_object_is_named(cloud: Cloud, tmp_path: Path) -> None:
    store = _location(cloud).store
    assert store is not None
    with pytest.raises(ResourceDoesNotExist, match=r"nothing\.txt"):
        store.get_file("nothing.txt", tmp_path / "nothing.txt", None)
    assert list(tmp_path.iterdir()) == []  # no partial file left beside


def test_azure_credentials_refused_are_named_without_the_key(
    azure: Cloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = os.environ["AZURE_STORAGE_CONNECTION_STRING"]
    wrong = "d3Jvbmcta2V5LXRoYXQtbXVzdC1ub3QtbGVhaw=="
    monkeypatch.setenv("AZURE_STORAGE_CONNECTION_STRING", connection.replace(_field(connection, "AccountKey"), wrong))
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    with pytest.raises(mlflow_lite.PermissionDenied, match="refused") as raised:  # Azure answers a bad signature 403
        _upload(azure, tmp_path / "a.txt")
    assert wrong not in str(raised.value)
    assert azure.keys() == []


def _field(connection: str, name: str) -> str:
    return dict(item.split("=", 1) for item in connection.split(";") if "=" in item)[name]


@pytest.mark.parametrize(
    ("key", "refused"),
    [
        ("1/r1/artifacts/dir/../../../evil", mlflow_lite.MlflowError),  # obstore refuses the listing itself
        ("1/r1/artifacts/dir/a\\..\\..\\..\\evil", UnsafeListing),  # a name obstore takes; the walk refuses it
        ("1/r1/artifacts/dir//evil", mlflow_lite.MlflowError),
    ],
)
def test_a_hostile_gcs_listing_writes_nothing(
    key: str, refused: type[Exception], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tempfile.mkdtemp(dir=tmp_path))  # a relative path that escaped would land here
    with FakeGCS("bucket") as fake:
        # obstore's own way to an emulator (a service-account file), beside Google's variable the fixture uses
        monkeypatch.setenv("GOOGLE_SERVICE_ACCOUNT", str(fake.service_account_file(tmp_path)))
        fake.objects[key] = b"evil"
        location = artifacts.Location("", store_for("gs://bucket/1/r1/artifacts", "run r1"))
        with pytest.raises(refused):
            _download(location, "dir", tmp_path / "dst")
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "fake-gcs-service-account.json"]
    assert written == []


def test_a_hostile_azure_listing_writes_nothing(azure: Cloud, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tempfile.mkdtemp(dir=tmp_path))  # a relative path that escaped would land here
    # Azure (and Azurite) store a name's backslashes as slashes: this one is listed as `dir/a/../../../evil`, which
    # obstore refuses to parse, so the download stops before writing anything.
    azure.plant("1/r1/artifacts/dir/a\\..\\..\\..\\evil", b"evil")
    with pytest.raises(mlflow_lite.MlflowError, match="invalid path"):
        _download(_location(azure), "dir", tmp_path / "dst")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []

"""The local-folder store (`file://` and plain paths): keys land where MLflow's client puts them, nothing leaves
the root, and a write or a download appears whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlflow_lite import InvalidParameterValue, ResourceDoesNotExist, TrackingClient
from mlflow_lite._core.client_base import context_of
from mlflow_lite._core.effects import Op
from mlflow_lite._ops import artifacts
from mlflow_lite._stores import store_for
from mlflow_lite._stores.local import LocalStore
from mlflow_lite._sync.client import run_op


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    (tmp_path / "root").mkdir()
    made = store_for((tmp_path / "root").as_uri(), "run r")
    assert isinstance(made, LocalStore)
    return made


@pytest.mark.parametrize("uri", ["file:///data/x", "file://localhost/data/x", "/data/x", "file:/data/x"])
def test_file_uris_and_paths_name_the_folder(uri: str) -> None:
    made = store_for(uri, "run r")
    assert isinstance(made, LocalStore)
    assert made.root == Path("/data/x")


def test_a_file_uri_of_another_host_is_refused() -> None:
    with pytest.raises(InvalidParameterValue, match="another host"):
        store_for("file://elsewhere/data/x", "run r")


@pytest.mark.parametrize("key", ["../x", "a/../../x", "a/./b", "a\\b"])
def test_a_key_that_could_leave_the_root_is_refused(store: LocalStore, tmp_path: Path, key: str) -> None:
    with pytest.raises(InvalidParameterValue, match="artifact folder"):
        store.put_bytes(key, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["root"]


def test_a_link_out_of_the_root_is_not_followed(store: LocalStore, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    os.symlink(tmp_path / "outside", store.root / "link")
    with pytest.raises(InvalidParameterValue, match="outside the artifact folder"):
        store.put_bytes("link/x", b"x")
    assert list((tmp_path / "outside").iterdir()) == []


def test_the_ops_refuse_dot_dot_and_absolute_paths_before_the_store(store: LocalStore, tmp_path: Path) -> None:
    for bad in ("../x", "/etc"):
        with pytest.raises(InvalidParameterValue):
            artifacts.relative_path(bad)


def test_put_list_and_get(store: LocalStore, tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(b"abc" * 1000)
    seen: list[int] = []
    store.put_file("dir/a.bin", source, 3000, seen.append)
    store.put_bytes("b.txt", b"hi")
    assert seen[-1] == 3000
    assert (store.root / "dir" / "a.bin").read_bytes() == source.read_bytes()
    assert [(e.path, e.is_dir, e.file_size) for e in store.list("")] == [("b.txt", False, 2), ("dir", True, None)]
    assert [(e.path, e.is_dir, e.file_size) for e in store.list("dir")] == [("dir/a.bin", False, 3000)]
    assert store.list("b.txt") == []
    assert store.list("missing") == []
    (tmp_path / "out").mkdir()
    store.get_file("dir/a.bin", tmp_path / "out" / "a.bin", None)
    assert (tmp_path / "out" / "a.bin").read_bytes() == source.read_bytes()
    with pytest.raises(ResourceDoesNotExist):
        store.get_file("missing", tmp_path / "out" / "m", None)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.bin"]  # no partial file left


def test_a_failed_write_leaves_nothing(store: LocalStore, tmp_path: Path) -> None:
    source = tmp_path / "a.bin"
    source.write_bytes(b"x" * 10)

    def fail(done: int) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        store.put_file("a.bin", source, 10, fail)
    assert list(store.root.iterdir()) == []


def test_a_run_on_a_local_folder_is_written_where_mlflow_writes_it(tmp_path: Path) -> None:
    """Through the client's ops: `log_artifact(path, "dir")` puts `<root>/dir/<name>`, `log_artifacts` keeps the
    tree, `log_text` writes the named file, as MLflow's `LocalArtifactRepository` does; downloads come back
    below `dst_path` only."""
    root = tmp_path / "root"
    local = tmp_path / "in"
    (local / "sub").mkdir(parents=True)
    (local / "sub" / "x.txt").write_text("x", encoding="utf-8")
    (local / "y.txt").write_text("y", encoding="utf-8")
    location = artifacts.Location("", store_for(root.as_uri(), "run r"))

    def given(value: artifacts.Location) -> Op[artifacts.Location]:
        return value
        yield  # a generator: an op that sends nothing

    with TrackingClient("http://127.0.0.1:9") as client:  # nothing is sent: the store is local
        cx = context_of(client)
        run_op(client, artifacts.upload_one(given(location), cx, local / "y.txt", "dir", None))
        run_op(client, artifacts.upload_tree(given(location), cx, local, "tree", None))
        found = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        assert found == ["dir/y.txt", "tree/sub/x.txt", "tree/y.txt"]
        (tmp_path / "out").mkdir()
        got = run_op(client, artifacts.download_proxied(cx, location, "tree", tmp_path / "out"))
        assert Path(got) == tmp_path / "out" / "tree"
        assert (tmp_path / "out" / "tree" / "sub" / "x.txt").read_text(encoding="utf-8") == "x"

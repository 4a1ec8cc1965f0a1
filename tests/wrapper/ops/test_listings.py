"""Hostile artifact listings (issue 26, item 6): a listing decides which folders are listed next, so one that
holds itself (`a` listing `a/a`, then `a/a/a`, ...), points back to a parent, repeats a path or leaves its folder
must end in `UnsafeListing` after a bounded number of requests, never in a loop or a `RecursionError`; and a
legitimate tree as deep as the bound still downloads.

Each scenario is a function from the folder asked for to the entries the mocked server lists there (pytest-httpx),
run with both clients.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import answers
import httpx
import pytest
from pytest_httpx import HTTPXMock

from mlflow_lite import ApiError, AsyncTrackingClient, FileInfo, TrackingClient, UnsafeListing
from mlflow_lite._ops import artifacts

BASE = "http://mlflow.test:5000"
ROOT = "mlflow-artifacts:/1/r1/artifacts"
LIST = f"{BASE}/api/2.0/mlflow/artifacts/list"
FILES = f"{BASE}/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/"

Entries = list[dict[str, Any]]
Listing = Callable[[str], Entries]

KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


def folder(path: str) -> dict[str, Any]:
    return {"path": path, "is_dir": True}


def file(path: str, size: int = 1) -> dict[str, Any]:
    return {"path": path, "is_dir": False, "file_size": size}


def serve(httpx_mock: HTTPXMock, listing: Listing) -> None:
    """A server whose `artifacts/list` answers `listing(path)` and whose proxy sends each file's path as its bytes."""
    httpx_mock.add_response(
        url=f"{BASE}/api/2.0/mlflow/runs/get?run_id=r1", json={"run": answers.run()}, is_optional=True
    )

    def answer_list(request: httpx.Request) -> httpx.Response:
        assert request.url.params["run_id"] == "r1"
        return httpx.Response(200, json={"root_uri": ROOT, "files": listing(request.url.params.get("path", ""))})

    def answer_file(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=request.url.path.removeprefix(FILES.removeprefix(BASE)).encode())

    httpx_mock.add_callback(answer_list, url=re.compile(re.escape(LIST) + r"\?.*"), is_reusable=True)
    httpx_mock.add_callback(answer_file, url=re.compile(re.escape(FILES) + ".*"), is_reusable=True, is_optional=True)


def listed(httpx_mock: HTTPXMock) -> list[str]:
    """The folders the client asked the server to list, in order."""
    return [r.url.params.get("path", "") for r in httpx_mock.get_requests() if str(r.url).startswith(LIST)]


def downloaded(httpx_mock: HTTPXMock) -> list[str]:
    return [str(r.url).removeprefix(FILES) for r in httpx_mock.get_requests() if str(r.url).startswith(FILES)]


async def download(kind: str, path: str | None, dst: Path) -> str:
    if kind == "sync":
        with TrackingClient(BASE, max_retries=0) as client:
            return client.download_artifacts("r1", path, dst)
    async with AsyncTrackingClient(BASE, max_retries=0) as aclient:
        return await aclient.download_artifacts("r1", path, dst)


async def list_all(kind: str, path: str | None) -> list[FileInfo]:
    if kind == "sync":
        with TrackingClient(BASE, max_retries=0) as client:
            return client.list_artifacts("r1", path, recursive=True)
    async with AsyncTrackingClient(BASE, max_retries=0) as aclient:
        return await aclient.list_artifacts("r1", path, recursive=True)


def depth(path: str) -> int:
    return len(path.split("/")) if path else 0


def chain(path: str) -> Entries:
    """`a` holds `a/a`, which holds `a/a/a`, ... without end."""
    return [folder(f"{path}/a")]


def contents(dst: Path) -> list[str]:
    """Every file below `dst` (and the folders around them)."""
    return sorted(p.relative_to(dst).as_posix() for p in dst.rglob("*") if p.is_file() or any(p.iterdir()))


# --- the bounds -------------------------------------------------------------------------------------------------


def test_the_bounds_are_the_documented_ones() -> None:
    """MAX_DEPTH is above the deepest tree MLflow's own client downloads (its walk recurses: 973 levels, and a
    RecursionError at 974) and above what an object store's 1024-byte key holds (512 levels)."""
    assert (artifacts.MAX_DEPTH, artifacts.MAX_FOLDERS, artifacts.MAX_ENTRIES) == (1000, 10_000, 1_000_000)
    assert issubclass(UnsafeListing, ApiError)


# --- listings that never end ------------------------------------------------------------------------------------


@pytest.mark.anyio
@KINDS
async def test_a_folder_that_holds_itself_is_refused_at_the_depth_bound(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str
) -> None:
    """`a`, `a/a`, `a/a/a`, ...: one listing per level down to MAX_DEPTH, then `UnsafeListing` (was: about 1000
    listings, then a bare RecursionError). Nothing is downloaded or written."""
    serve(httpx_mock, chain)
    with pytest.raises(UnsafeListing) as caught:
        await download(kind, "a", tmp_path)
    folders = listed(httpx_mock)
    assert len(folders) == artifacts.MAX_DEPTH  # a, a/a, ..., MAX_DEPTH levels
    assert folders[:3] == ["a", "a/a", "a/a/a"]
    assert depth(folders[-1]) == artifacts.MAX_DEPTH
    message = str(caught.value)
    assert message.startswith("run r1: the artifact listing of 'a/a/a/a/a")
    assert f"more than {artifacts.MAX_DEPTH} levels deep" in message
    assert f"({2 * artifacts.MAX_DEPTH + 1} characters, {artifacts.MAX_DEPTH + 1} levels)" in message
    assert len(message) < 1000  # the path is shown cut, not 2000 characters of it
    assert downloaded(httpx_mock) == []
    assert contents(tmp_path) == []


@pytest.mark.anyio
@KINDS
async def test_a_recursive_listing_that_holds_itself_is_refused(
    httpx_mock: HTTPXMock, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same walk as a download's (with a lower bound, to keep the test short)."""
    monkeypatch.setattr(artifacts, "MAX_DEPTH", 40)
    serve(httpx_mock, chain)
    with pytest.raises(UnsafeListing, match="more than 40 levels deep"):
        await list_all(kind, "a")
    assert len(listed(httpx_mock)) == 40


@pytest.mark.anyio
@KINDS
async def test_a_finite_chain_deeper_than_the_bound_is_refused(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str
) -> None:
    """A real-looking tree, one folder per level from the root and a file at MAX_DEPTH + 1 levels: refused at the
    listing of the deepest folder, before any download."""
    bottom = artifacts.MAX_DEPTH

    def too_deep(path: str) -> Entries:
        below = f"{path}/d" if path else "d"
        return [folder(below)] if depth(path) < bottom else [file(f"{path}/model.bin")]

    serve(httpx_mock, too_deep)
    with pytest.raises(UnsafeListing, match=rf"/model\.bin' \({2 * bottom + 9} characters, {bottom + 1} levels\)"):
        await download(kind, None, tmp_path)
    assert len(listed(httpx_mock)) == bottom + 1  # the root and each folder down to MAX_DEPTH levels
    assert downloaded(httpx_mock) == []
    assert contents(tmp_path) == []


@pytest.mark.anyio
@KINDS
async def test_a_tree_as_deep_as_the_bound_downloads(httpx_mock: HTTPXMock, tmp_path: Path, kind: str) -> None:
    """A file MAX_DEPTH levels deep (999 folders, one listing each) downloads, with both clients: the walk and the
    folders it makes are loops, not recursions (before, both exceeded Python's recursion limit)."""
    bottom = artifacts.MAX_DEPTH
    deepest = "/".join(["d"] * (bottom - 1) + ["f.txt"])

    def deep(path: str) -> Entries:
        below = f"{path}/d" if path else "d"
        return [folder(below)] if depth(path) < bottom - 1 else [file(f"{path}/f.txt")]

    serve(httpx_mock, deep)
    try:
        assert await download(kind, None, tmp_path) == str(tmp_path)
        assert len(listed(httpx_mock)) == bottom  # the root and the 999 folders
        assert downloaded(httpx_mock) == [deepest]
        assert tmp_path.joinpath(*deepest.split("/")).read_text() == deepest
    finally:
        remove_deep(tmp_path / "d")


def remove_deep(top: Path) -> None:
    """Remove a one-folder-per-level tree bottom up, in a loop: pytest's clean-up of old runs' folders
    (shutil.rmtree) recurses once per level and fails with RecursionError on a tree 1000 levels deep, which
    ended later test runs on the same machine before they printed their summary."""
    chain = [top]
    while chain[-1].is_dir() and (below := list(chain[-1].iterdir())):
        chain.append(below[0])
    for path in reversed(chain):
        if path.is_dir():
            path.rmdir()
        elif path.exists():
            path.unlink()


# --- listings that loop back, repeat or leave their folder --------------------------------------------------------


def parent_cycle(path: str) -> Entries:
    return {"a": [folder("a/b")], "a/b": [file("a/b/x.txt"), folder("a")]}[path]


def grandparent_cycle(path: str) -> Entries:
    return {"a": [folder("a/b")], "a/b": [folder("a/b/c")], "a/b/c": [folder("a/b")]}[path]


def sibling(path: str) -> Entries:
    return {"a": [folder("a/b")], "a/b": [folder("a/c")]}[path]


def prefix_sibling(path: str) -> Entries:
    """`a/bc` starts with `a/b` but is not inside it."""
    return {"a": [folder("a/b")], "a/b": [folder("a/bc")]}[path]


def repeated_in_one_listing(path: str) -> Entries:
    return {"a": [folder("a/b"), folder("a/b")], "a/b": []}[path]


def repeated_below(path: str) -> Entries:
    """`a` lists its grandchild `a/b/c`, and `a/b` lists it again."""
    return {"a": [folder("a/b"), file("a/b/c")], "a/b": [file("a/b/c")]}[path]


def repeated_once_normalised(path: str) -> Entries:
    return {"a": [file("a/x.txt"), file("a/./x.txt")]}[path]


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize(
    ("listing", "listed_folders", "message"),
    [
        (parent_cycle, ["a", "a/b"], "of 'a/b' is refused: the server listed 'a' there, which is not inside"),
        (
            grandparent_cycle,
            ["a", "a/b", "a/b/c"],
            "of 'a/b/c' is refused: the server listed 'a/b' there, which is not",
        ),
        (sibling, ["a", "a/b"], "of 'a/b' is refused: the server listed 'a/c' there, which is not inside it"),
        (prefix_sibling, ["a", "a/b"], "of 'a/b' is refused: the server listed 'a/bc' there, which is not inside"),
        (repeated_in_one_listing, ["a"], "of 'a' is refused: the server listed 'a/b' there, which it had listed"),
        (repeated_below, ["a", "a/b"], "of 'a/b' is refused: the server listed 'a/b/c' there, which it had listed"),
        (repeated_once_normalised, ["a"], "of 'a' is refused: the server listed 'a/./x.txt' there, which it had"),
    ],
    ids=lambda v: v.__name__ if callable(v) else "",
)
async def test_a_listing_that_loops_back_or_repeats_is_refused(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str, listing: Listing, listed_folders: list[str], message: str
) -> None:
    serve(httpx_mock, listing)
    with pytest.raises(UnsafeListing) as caught:
        await download(kind, "a", tmp_path)
    assert str(caught.value).startswith(f"run r1: the artifact listing {message}")
    assert str(caught.value).endswith("; nothing more is listed or downloaded")
    assert listed(httpx_mock) == listed_folders
    assert downloaded(httpx_mock) == []
    assert contents(tmp_path) == []


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize(
    ("entry", "why"),
    [
        (file("a/../../../outside.txt"), "must not contain '..'"),
        (folder("a/b/../../.."), "must not contain '..'"),
        (file("/etc/passwd"), "must be relative to the run's artifact root"),
        (file("C:/outside.txt"), "must be relative to the run's artifact root"),
        (file("a\\..\\..\\outside.txt"), "must use '/' as separator"),
        (file("a/x\x00.txt"), "must use '/' as separator"),
        ({"path": None, "is_dir": False}, "an entry whose path is None, not a string"),
    ],
    ids=["dotdot", "dotdot-folder", "absolute", "drive", "backslash", "nul", "no-path"],
)
async def test_a_listed_path_that_leaves_the_destination_is_refused(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str, entry: dict[str, Any], why: str
) -> None:
    """Nothing is written, inside `dst_path` or out of it, and no file is fetched: the listing is refused first."""
    serve(httpx_mock, lambda path: [file("a/ok.txt"), entry])
    dst = tmp_path / "dst"
    dst.mkdir()
    with pytest.raises(UnsafeListing) as caught:
        await download(kind, "a", dst)
    assert str(caught.value).startswith("run r1: the artifact listing of 'a' is refused: the server listed ")
    assert why in str(caught.value)
    assert listed(httpx_mock) == ["a"]
    assert downloaded(httpx_mock) == []
    assert contents(tmp_path) == []  # no file anywhere, in dst_path or out of it


# --- too many ----------------------------------------------------------------------------------------------------


@pytest.mark.anyio
@KINDS
async def test_a_walk_lists_at_most_max_folders(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A root of ever more empty folders: the walk stops before its (MAX_FOLDERS + 1)-th listing."""
    monkeypatch.setattr(artifacts, "MAX_FOLDERS", 25)
    serve(httpx_mock, lambda path: [folder(f"f{i}") for i in range(100)] if not path else [])
    with pytest.raises(UnsafeListing) as caught:
        await download(kind, None, tmp_path)
    assert str(caught.value) == (
        "run r1: the artifact listing of 'f24' is refused: the walk from '' (the run's root) has listed 25 "
        "folders, the most one download or recursive listing lists (take a larger tree one sub-folder at a time); "
        "nothing more is listed or downloaded"
    )
    assert listed(httpx_mock) == ["", *(f"f{i}" for i in range(24))]
    assert downloaded(httpx_mock) == []


@pytest.mark.anyio
@KINDS
async def test_a_walk_holds_at_most_max_entries(
    httpx_mock: HTTPXMock, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The root lists 100 files and `b`, `b` 100 more: past 150 in all, `b`'s listing is refused."""
    monkeypatch.setattr(artifacts, "MAX_ENTRIES", 150)

    def crowded(path: str) -> Entries:
        if not path:
            return [*(file(f"{i}.txt") for i in range(100)), folder("b")]
        return [file(f"{path}/{i}.txt") for i in range(100)]

    serve(httpx_mock, crowded)
    with pytest.raises(
        UnsafeListing, match="listing of 'b' is refused: the server listed 100 entries there, which makes"
    ):
        await download(kind, None, tmp_path)
    assert listed(httpx_mock) == ["", "b"]
    assert downloaded(httpx_mock) == []


# --- what real servers list --------------------------------------------------------------------------------------


def quirky_tree(path: str) -> Entries:
    """A legitimate tree as a store may list it: folder `a/b` lists itself (MLflow's client skips such an entry),
    `a/e` is empty, and `a/b/./y.txt` is `a/b/y.txt` written loosely."""
    return {
        "a": [file("a/x.txt"), folder("a/b"), folder("a/e")],
        "a/b": [folder("a/b"), file("a/b/./y.txt"), folder("a/b/c")],
        "a/b/c": [file("a/b/c/z.txt")],
        "a/e": [],
    }[path]


@pytest.mark.anyio
@KINDS
async def test_a_legitimate_tree_downloads_whole(httpx_mock: HTTPXMock, tmp_path: Path, kind: str) -> None:
    serve(httpx_mock, quirky_tree)
    assert await download(kind, "a", tmp_path) == str(tmp_path / "a")
    assert listed(httpx_mock) == ["a", "a/b", "a/b/c", "a/e"]
    assert downloaded(httpx_mock) == ["a/x.txt", "a/b/y.txt", "a/b/c/z.txt"]
    assert contents(tmp_path) == ["a", "a/b", "a/b/c", "a/b/c/z.txt", "a/b/y.txt", "a/x.txt"]
    assert (tmp_path / "a/b/c/z.txt").read_text() == "a/b/c/z.txt"


@pytest.mark.anyio
@KINDS
async def test_a_recursive_listing_gives_every_file_in_listing_order(httpx_mock: HTTPXMock, kind: str) -> None:
    serve(httpx_mock, quirky_tree)
    files = await list_all(kind, "a")
    assert [(f.path, f.is_dir) for f in files] == [("a/x.txt", False), ("a/b/y.txt", False), ("a/b/c/z.txt", False)]

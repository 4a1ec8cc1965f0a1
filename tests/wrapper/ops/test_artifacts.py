"""Artifacts and datasets (issue 6): path safety and bad input without a server, then round trips through the
real servers' mlflow-artifacts proxy with both clients, including a streamed 200 MB file under a memory bound."""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import answers
import httpx
import pytest
import yaml
from bigfiles import big_file, sha256_of
from conftest import unique
from either_client import Either, wait
from pytest_httpx import HTTPXMock

from mlflow_lite import (
    ApiError,
    AsyncTrackingClient,
    Dataset,
    DatasetInput,
    InputTag,
    InvalidParameterValue,
    MissingDependency,
    ResourceDoesNotExist,
    ServerError,
    TrackingClient,
)
from mlflow_lite._core.context import Context, Multipart
from mlflow_lite._core.effects import Op, Request, Send, Sleep
from mlflow_lite._core.retry import RetryPolicy
from mlflow_lite._core.settings import Settings
from mlflow_lite._ops import artifacts, inputs as input_ops
from mlflow_server import MlflowServer

# --- path safety and bad input (no server) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["../x", "a/../../b", "a/..", "/etc/passwd", "a\\b", "..\\x", "C:/x", "c:x", "x\x00y", 3]
)
def test_escaping_artifact_paths_are_refused(path: object) -> None:
    with pytest.raises(InvalidParameterValue):
        artifacts.relative_path(path)
    with pytest.raises(InvalidParameterValue):
        artifacts.file_path(path)


@pytest.mark.parametrize(("path", "clean"), [("a/b", "a/b"), ("./a//b/", "a/b"), (None, ""), ("", ""), (".", "")])
def test_artifact_paths_are_normalised(path: str | None, clean: str) -> None:
    assert artifacts.relative_path(path) == clean


@pytest.mark.parametrize("path", ["", ".", "dir/", None])
def test_artifact_file_must_name_a_file(path: str | None) -> None:
    with pytest.raises(InvalidParameterValue):
        artifacts.file_path(path)


def test_server_listing_that_escapes_is_refused() -> None:
    with pytest.raises(InvalidParameterValue, match="listed"):
        artifacts.file_path("../../home/x", "path the server listed")


def _bad_calls(tmp: Path) -> list[tuple[str, Callable[[Any], Any]]]:
    """Calls that must fail before any request: each names what it checks."""
    folder = tmp / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "f.txt").write_text("x")
    file = folder / "f.txt"
    return [
        ("does not exist", lambda c: c.log_artifact("r1", tmp / "missing.bin")),
        ("is a folder", lambda c: c.log_artifact("r1", folder)),
        ("does not exist", lambda c: c.log_artifacts("r1", tmp / "missing")),
        ("is a file", lambda c: c.log_artifacts("r1", file)),
        ("'..'", lambda c: c.log_artifact("r1", file, "../up")),
        ("relative", lambda c: c.log_artifacts("r1", folder, "/abs")),
        ("backslash", lambda c: c.log_text("r1", "t", "a\\b.txt")),
        ("names a folder", lambda c: c.log_text("r1", "t", "dir/")),
        ("must be a str", lambda c: c.log_text("r1", b"bytes", "a.txt")),
        ("JSON", lambda c: c.log_dict("r1", CIRCULAR, "a.json")),
        ("is a file", lambda c: c.download_artifacts("r1", "a.txt", file)),
        ("does not exist", lambda c: c.download_artifacts("r1", "a.txt", tmp / "nowhere")),
        ("'..'", lambda c: c.download_artifacts("r1", "../a.txt", folder)),
        ("'..'", lambda c: c.list_artifacts("r1", "a/../..")),
        (
            "digest",
            lambda c: c.log_inputs("r1", [{"name": "d", "digest": "x" * 37, "source_type": "s", "source": "s"}]),
        ),
        ("name is required", lambda c: c.log_inputs("r1", [{"digest": "d", "source_type": "s", "source": "s"}])),
        ("input tag", lambda c: c.log_inputs("r1", [_dataset(tags={"k" * 256: "v"})])),
        ("unknown dataset input fields", lambda c: c.log_inputs("r1", [{"dataset": _dataset(), "extra": 1}])),
    ]


CIRCULAR: dict[str, Any] = {}
CIRCULAR["self"] = CIRCULAR  # no JSON for this, even with MLflow's `default=str`


def _dataset(**extra: Any) -> dict[str, Any]:
    return {"name": "train", "digest": "abc123", "source_type": "local", "source": "file:///data.csv", **extra}


@pytest.fixture
def offline() -> Iterator[TrackingClient]:
    """A client whose every request would fail with TransportError: an InvalidParameterValue proves the check
    came before sending."""
    with TrackingClient("http://127.0.0.1:9", max_retries=0, retry_budget=2) as client:
        yield client


def test_bad_input_is_refused_before_sending(offline: TrackingClient, tmp_path: Path) -> None:
    for what, bad in _bad_calls(tmp_path):
        with pytest.raises(InvalidParameterValue, match=what) as caught:
            bad(offline)
        assert caught.value.status_code is None


@pytest.mark.anyio
async def test_bad_input_is_refused_before_sending_async(tmp_path: Path) -> None:
    async with AsyncTrackingClient("http://127.0.0.1:9", max_retries=0, retry_budget=2) as client:
        for what, bad in _bad_calls(tmp_path):
            with pytest.raises(InvalidParameterValue, match=what):
                await bad(client)


def test_dataset_inputs_accept_entities_and_dicts() -> None:
    model = DatasetInput(
        dataset=Dataset(name="a", digest="d1", source_type="local", source="s"),
        tags=[InputTag(key="mlflow.data.context", value="train")],
    )
    inputs = input_ops.dataset_inputs(
        [model, _dataset(tags={"k": "v"}), {"dataset": _dataset(name="c"), "tags": [("k", "v")]}]
    )
    assert [i.dataset.name for i in inputs] == ["a", "train", "c"]
    assert [[(t.key, t.value) for t in i.tags or []] for i in inputs] == [
        [("mlflow.data.context", "train")],
        [("k", "v")],
        [("k", "v")],
    ]


def _policy() -> RetryPolicy:
    return RetryPolicy(max_retries=3, backoff_factor=0, backoff_jitter=0, budget=30, timeout=10, connect_timeout=5)


def _run_fake(op: Op[Any], answer: Callable[[Request, bytes], httpx.Response]) -> list[tuple[str, str, bytes]]:
    """Drive an op without a server: `answer` plays the server; returns (method, url, body) per request."""
    seen: list[tuple[str, str, bytes]] = []
    value: Any = None
    while True:
        try:
            effect = op.send(value)
        except StopIteration:
            return seen
        if isinstance(effect, Sleep):
            value = None
            continue
        assert isinstance(effect, Send)
        request = effect.request
        body = request.body() if request.json is None else json.dumps(request.json).encode()
        data = body if isinstance(body, bytes) else b"".join(body) if body is not None else b""
        seen.append((request.method, request.url, data))
        value = answer(request, data)
        value.request = httpx.Request(request.method, request.url if request.external else "http://test" + request.url)


def test_a_file_goes_up_as_one_streamed_put_resent_whole(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(3 * 1024 * 1024 + 5))
    puts = iter([503, 200])  # the first PUT fails: the retry must send the whole file again

    def server(request: Request, body: bytes) -> httpx.Response:
        return httpx.Response(next(puts), json={})

    seen = _run_fake(
        artifacts.upload_file(
            Context(_policy()),
            artifacts.Location("1/r/artifacts/big.bin"),
            local,
            local.stat().st_size,
            artifacts.Tally(None, None),
        ),
        server,
    )
    assert [(m, u) for m, u, _ in seen] == [
        ("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/big.bin"),
        ("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/big.bin"),
    ]
    assert seen[0][2] == seen[1][2] == local.read_bytes()


MPU = "/api/2.0/mlflow-artifacts/mpu"
S3 = "http://s3.test/bucket/1/r/artifacts/big.bin"
MIB = 1024 * 1024


def _multipart(**kwargs: Any) -> Multipart:
    return Multipart(enabled=True, min_size=kwargs.pop("min_size", 8 * MIB), part_size=5 * MIB, **kwargs)


def _store(parts: int, fail: dict[int, list[int]] | None = None) -> Callable[[Request, bytes], httpx.Response]:
    """A server whose store takes parts: `fail[n]` lists the statuses part n answers before it succeeds."""
    fail = {n: list(statuses) for n, statuses in (fail or {}).items()}

    def answer(request: Request, body: bytes) -> httpx.Response:
        if request.url.startswith(MPU + "/create/"):
            credentials = [
                {"url": f"{S3}?partNumber={n}&uploadId=u1", "part_number": n, "headers": {"x-amz-meta": "m"}}
                for n in range(parts, 0, -1)  # in any order: the client sorts them
            ]
            return httpx.Response(200, json={"upload_id": "u1", "credentials": credentials})
        if request.url.startswith(S3):
            number = int(request.url.split("partNumber=")[1].split("&")[0])
            if fail.get(number):
                return httpx.Response(fail[number].pop(0), text="slow down")
            return httpx.Response(200, headers={"ETag": f'"etag-{number}"'})
        return httpx.Response(200, json={})

    return answer


def _upload(local: Path, multipart: Multipart, answer: Callable[[Request, bytes], httpx.Response]) -> Any:
    op = artifacts.upload_file(
        Context(_policy(), multipart=multipart),
        artifacts.Location("1/r/artifacts/big.bin"),
        local,
        local.stat().st_size,
        artifacts.Tally(None, None),
    )
    return _run_fake(op, answer)


def test_a_large_file_goes_up_in_parts_each_retried_on_its_own(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    data = os.urandom(12 * MIB + 7)
    local.write_bytes(data)
    multipart = _multipart()
    seen = _upload(local, multipart, _store(3, fail={2: [503, 503]}))
    assert [(m, u.split("?")[0]) for m, u, _ in seen] == [
        ("POST", MPU + "/create/1/r/artifacts"),
        ("PUT", S3),
        ("PUT", S3),  # part 2 fails twice and is sent again alone
        ("PUT", S3),
        ("PUT", S3),
        ("PUT", S3),
        ("POST", MPU + "/complete/1/r/artifacts"),
    ]
    assert json.loads(seen[0][2]) == {"path": "big.bin", "num_parts": 3}
    bodies = [body for _, url, body in seen if url.startswith(S3)]
    assert bodies == [data[: 5 * MIB], *[data[5 * MIB : 10 * MIB]] * 3, data[10 * MIB :]]
    assert json.loads(seen[-1][2]) == {
        "path": "big.bin",
        "upload_id": "u1",
        "parts": [
            {"part_number": n, "etag": f'"etag-{n}"', "url": f"{S3}?partNumber={n}&uploadId=u1"} for n in (1, 2, 3)
        ],
    }
    assert multipart.supported is True


def test_a_part_failing_for_good_aborts_the_upload(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(12 * MIB))
    with pytest.raises(ServerError):
        _upload(local, _multipart(), _store(3, fail={2: [503] * 10}))


def test_abort_is_sent_when_a_part_fails(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(12 * MIB))
    seen: list[tuple[str, str]] = []
    store = _store(3, fail={2: [403]})  # a refused part is not retried

    def answer(request: Request, body: bytes) -> httpx.Response:
        seen.append((request.method, request.url.split("?")[0]))
        return store(request, body)

    with pytest.raises(ApiError):
        _upload(local, _multipart(), answer)
    assert seen[-1] == ("POST", MPU + "/abort/1/r/artifacts")
    assert not any(url.startswith(MPU + "/complete") for _, url in seen)


def test_a_server_without_parts_gets_the_file_whole_and_is_not_asked_again(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(9 * MIB))

    def answer(request: Request, body: bytes) -> httpx.Response:
        if "/mpu/" in request.url:
            return httpx.Response(501, json={"error_code": "NOT_IMPLEMENTED", "message": "local store"})
        return httpx.Response(200, json={})

    multipart = _multipart()
    first = _upload(local, multipart, answer)
    assert [m for m, _, _ in first] == ["POST", "PUT"]
    assert first[1][2] == local.read_bytes()
    assert multipart.supported is False
    again = _upload(local, multipart, answer)
    assert [m for m, _, _ in again] == ["PUT"]


def test_small_files_and_disabled_multipart_go_up_whole(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(9 * MIB))
    store = _store(2)
    assert [m for m, _, _ in _upload(local, _multipart(min_size=10 * MIB), store)] == ["PUT"]
    off = Multipart(enabled=False, min_size=0, part_size=5 * MIB)
    assert [m for m, _, _ in _upload(local, off, store)] == ["PUT"]


def test_parts_that_do_not_match_the_request_are_refused(tmp_path: Path) -> None:
    local = tmp_path / "big.bin"
    local.write_bytes(os.urandom(12 * MIB))
    seen = []
    store = _store(2)  # 2 part URLs for a 3-part upload

    def answer(request: Request, body: bytes) -> httpx.Response:
        seen.append(request.url.split("?")[0])
        return store(request, body)

    with pytest.raises(ApiError, match="2 part URLs for the 3 parts"):
        _upload(local, _multipart(), answer)
    assert seen[-1] == MPU + "/abort/1/r/artifacts"


@pytest.mark.parametrize(
    ("size", "layout"),
    [
        (5 * MIB, (5 * MIB, 1)),
        (5 * MIB + 1, (5 * MIB, 2)),
        (50_000 * MIB, (5 * MIB, 10_000)),
        (50_000 * MIB + 1, (5 * MIB + 1, 10_000)),  # within S3's 10,000 parts: larger parts
    ],
)
def test_part_layout(size: int, layout: tuple[int, int]) -> None:
    assert _multipart().layout(size) == layout


def test_multipart_settings_from_mlflow_variables() -> None:
    settings = Settings.resolve(
        environ={
            "MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD": "false",
            "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE": "1000",
            "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE": str(6 * MIB),
        }
    )
    assert Multipart.from_settings(settings) == Multipart(enabled=False, min_size=1000, part_size=6 * MIB)
    with pytest.raises(InvalidParameterValue, match="part size"):
        Settings.resolve(environ={"MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE": "1024"})


# --- real servers, both clients --------------------------------------------------------------------------


async def _new_run(either: Either) -> str:
    """A run in a new experiment (the fixture servers give new experiments an mlflow-artifacts: location)."""
    experiment_id = await wait(either.create_experiment(unique("artifacts")))
    run = await wait(either.create_run(experiment_id))
    return str(run.info.run_id)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.anyio
@pytest.mark.contract
async def test_folder_tree_round_trip(either: Either, tmp_path: Path) -> None:
    src = tmp_path / "src"
    for rel, data in {"top.txt": b"top", "a/b/c.bin": os.urandom(3000), "a/d.txt": b"d", "e/f.txt": b""}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    run_id = await _new_run(either)
    calls: list[tuple[int, int | None]] = []
    await wait(either.log_artifacts(run_id, src, "tree", progress=lambda done, total: calls.append((done, total))))
    assert calls[-1] == (3004, 3004)

    top = await wait(either.list_artifacts(run_id))
    assert [(f.path, f.is_dir) for f in top] == [("tree", True)]
    inside = await wait(either.list_artifacts(run_id, "tree"))
    assert sorted(f.path for f in inside) == ["tree/a", "tree/e", "tree/top.txt"]
    everything = await wait(either.list_artifacts(run_id, "tree", recursive=True))
    assert sorted((f.path, f.file_size) for f in everything) == [
        ("tree/a/b/c.bin", 3000),
        ("tree/a/d.txt", 1),
        ("tree/e/f.txt", None),  # MLflow leaves out a zero size
        ("tree/top.txt", 3),
    ]

    dst = tmp_path / "dst"
    dst.mkdir()
    got = await wait(either.download_artifacts(run_id, "tree", dst))
    assert got == str(dst / "tree")
    assert _tree(Path(got)) == _tree(src)
    one = await wait(either.download_artifacts(run_id, "tree/a/b/c.bin", dst / "tree"))
    assert one == str(dst / "tree" / "tree" / "a" / "b" / "c.bin")
    assert _tree(Path(one).parent) == {"c.bin": (src / "a/b/c.bin").read_bytes()}
    everything_dir = await wait(either.download_artifacts(run_id))  # the whole run, into a new temporary folder
    assert _tree(Path(everything_dir)) == {f"tree/{k}": v for k, v in _tree(src).items()}


@pytest.mark.anyio
@pytest.mark.contract
async def test_run_handle_text_dict_and_file(either: Either, tmp_path: Path) -> None:
    run = await wait(either.start_run(unique("handle")))
    (tmp_path / "model.pkl").write_bytes(b"\x00\x01weights")
    await wait(run.log_artifact(tmp_path / "model.pkl", "model"))
    await wait(run.log_text("héllo\n", "notes/readme.md"))
    await wait(run.log_dict({"a": 1, "b": [1, 2]}, "config.json"))
    await wait(run.log_dict({"b": 1, "a": {"when": datetime.date(2026, 1, 2)}}, "config.yaml"))
    await wait(run.log_dict({"when": datetime.date(2026, 1, 2)}, "dates.json"))
    await wait(run.end())
    dst = tmp_path / "out"
    dst.mkdir()
    got = Path(await wait(either.download_artifacts(run.run_id, None, dst)))
    assert (got / "model" / "model.pkl").read_bytes() == b"\x00\x01weights"
    assert (got / "notes" / "readme.md").read_text("utf-8") == "héllo\n"
    assert json.loads((got / "config.json").read_text()) == {"a": 1, "b": [1, 2]}
    # As MLflow writes them: YAML from PyYAML (sorted keys), and JSON with `str()` for what JSON cannot hold.
    assert (got / "config.yaml").read_text() == "a:\n  when: 2026-01-02\nb: 1\n"
    assert json.loads((got / "dates.json").read_text()) == {"when": "2026-01-02"}


@pytest.mark.anyio
@pytest.mark.contract
async def test_missing_artifacts_and_wrong_kinds(either: Either, tmp_path: Path) -> None:
    run_id = await _new_run(either)
    await wait(either.log_text(run_id, "x", "d/f.txt"))
    # 2.22.5 would answer a missing file with a 500, 3.17.2 with a 404: the client says the same on both.
    with pytest.raises(ResourceDoesNotExist, match=r"no artifact 'd/nope\.txt'"):
        await wait(either.download_artifacts(run_id, "d/nope.txt", tmp_path))
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.download_artifacts(run_id, "nope/deeper", tmp_path))
    assert await wait(either.list_artifacts(run_id, "nope")) == []


@pytest.mark.anyio
async def test_an_artifact_location_outside_the_proxy_is_written_by_the_client(either: Either, tmp_path: Path) -> None:
    """A `file://` experiment on a proxying server: the client writes and reads the folder itself (the async
    client in a worker thread), as MLflow's does; see tests/wrapper/stores for the other stores."""
    store = tmp_path / "store"
    experiment_id = await wait(either.create_experiment(unique("local-store"), artifact_location=store.as_uri()))
    run = await wait(either.create_run(experiment_id))
    run_id = run.info.run_id
    await wait(either.log_text(run_id, "x", "d/a.txt"))
    assert (store / run_id / "artifacts" / "d" / "a.txt").read_text(encoding="utf-8") == "x"
    listed = await wait(either.list_artifacts(run_id, recursive=True))
    assert [(f.path, f.file_size) for f in listed] == [("d/a.txt", 1)]
    (tmp_path / "out").mkdir()
    local = await wait(either.download_artifacts(run_id, "d", tmp_path / "out"))
    assert (Path(local) / "a.txt").read_text(encoding="utf-8") == "x"


@pytest.mark.anyio
@pytest.mark.contract
async def test_log_inputs(either: Either) -> None:
    run_id = await _new_run(either)
    model = DatasetInput(
        dataset=Dataset(name="eval", digest="e1", source_type="local", source="file:///e.csv", schema='{"a": 1}'),
        tags=[InputTag(key="mlflow.data.context", value="eval")],
    )
    await wait(either.log_inputs(run_id, [_dataset(tags={"mlflow.data.context": "train"}), model]))
    await wait(either.log_inputs(run_id, [model]))  # again: the server keeps one input per dataset
    run = await wait(either.get_run(run_id))
    inputs = run.inputs.dataset_inputs
    assert sorted((i.dataset.name, i.dataset.digest, [(t.key, t.value) for t in i.tags]) for i in inputs) == [
        ("eval", "e1", [("mlflow.data.context", "eval")]),
        ("train", "abc123", [("mlflow.data.context", "train")]),
    ]


# --- 200 MB, streamed both ways ----------------------------------------------------------------------------

BIG = 200 * 1024 * 1024
# 2.22.5's artifact proxy (Flask under gunicorn) moves about 3 MB/s here, so 200 MB would take over a minute
# each way on it; 3.17.2's streams 200 MB in seconds. The 200 MB round trip runs on 3.17.2, and 2.22.5 gets
# the same streamed round trip at 32 MB (still far above the memory bound, so streaming is what keeps it flat).
SMALLER = 32 * 1024 * 1024
MEMORY_BOUND = 50 * 1024 * 1024


@pytest.mark.anyio
async def test_streamed_round_trip_200_mb(either: Either, server: MlflowServer, tmp_path: Path) -> None:
    size = BIG if server.version.startswith("3.") else SMALLER
    source = tmp_path / "big.bin"
    expected = big_file(source, size)
    run_id = await _new_run(either)
    seen: list[tuple[int, int | None]] = []

    tracemalloc.start()
    try:
        started = time.monotonic()
        await wait(
            either.log_artifact(run_id, source, "blobs", progress=lambda done, total: seen.append((done, total)))
        )
        uploaded = time.monotonic()
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        dst = tmp_path / "dst"
        dst.mkdir()
        got = Path(await wait(either.download_artifacts(run_id, "blobs/big.bin", dst)))
        downloaded = time.monotonic()
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    print(
        f"\n{size // 2**20} MiB {type(either).__name__}: "
        f"upload {uploaded - started:.1f} s, peak {upload_peak / 2**20:.1f} MiB; "
        f"download {downloaded - uploaded:.1f} s, peak {download_peak / 2**20:.1f} MiB"
    )
    assert upload_peak < MEMORY_BOUND
    assert download_peak < MEMORY_BOUND
    assert seen[-1] == (size, size)
    assert len(seen) > 10  # called as the bytes go, not once at the end
    assert sha256_of(got) == expected


def test_log_dict_to_yaml_without_pyyaml_writes_what_mlflow_writes(
    httpx_mock: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without PyYAML (not a dependency) a .yaml file of JSON-like data holds the YAML MLflow's PyYAML call
    writes; data only PyYAML can write is refused, naming the extra, before anything is sent."""
    data = {"lr": 0.01, "layers": [64, 32], "name": "it's", "nested": {"on": "yes", "none": None}}
    expected = yaml.dump(data, indent=2, default_flow_style=False)  # MLflow's call
    monkeypatch.setitem(sys.modules, "yaml", None)
    httpx_mock.add_response(
        url="http://mlflow.test:5000/api/2.0/mlflow/runs/get?run_id=r1", json={"run": answers.run()}
    )
    httpx_mock.add_response(method="PUT")
    with TrackingClient("http://mlflow.test:5000") as client:
        client.log_dict("r1", data, "conf.yaml")
        with pytest.raises(MissingDependency, match=r"mlflow-lite\[yaml\]") as caught:
            client.log_dict("r1", {"when": datetime.date(2026, 1, 2)}, "dates.yaml")
    assert caught.value.module == "yaml"
    put = httpx_mock.get_requests()[-1]
    assert put.url.path.endswith("/1/r1/artifacts/conf.yaml")
    assert put.content == expected.encode()
    assert expected.startswith("layers:\n- 64\n- 32\nlr: 0.01\n")
    assert len(httpx_mock.get_requests()) == 2

"""Downloads that wait for a late first byte and resume where a broken try stopped.

MLflow's artifact proxy copies a file whole from its store before it sends the first byte, so a download's first
byte waits `size / PROXY_COPY_RATE` at least (not cut by the retry budget); a try that breaks keeps its bytes and
the next asks for the rest (`Range`) when the server answers ranges, else the file comes again whole.

Three layers: the retry op driven by hand against a fake file server (the bytes and headers of every try); both
clients through pytest-httpx and a raw socket server (the driver's headers and read timeouts); and the real
servers behind `FaultProxy`, a first byte held past the client's timeout and an answer cut in half.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import answers
import attrs
import httpx
import pytest
from bigfiles import big_file, sha256_of
from conftest import unique
from faultproxy import Fault, FaultProxy
from pytest_httpx import HTTPXMock, IteratorStream

from mlflow_lite import AsyncTrackingClient, ServerError, TrackingClient, TransportError
from mlflow_lite._core.effects import Call, Done, Op, Request, Send, Sleep, advance
from mlflow_lite._core.retry import MIN_LAST_ATTEMPT, RetryPolicy, download
from mlflow_lite._core.streams import StreamTo, read_timeout_from_now
from mlflow_lite._ops import artifacts
from mlflow_server import MlflowServer

MIB = 1024 * 1024


def policy(**changes: Any) -> RetryPolicy:
    base = RetryPolicy(max_retries=3, backoff_factor=0, backoff_jitter=0, budget=30, timeout=10, connect_timeout=5)
    return attrs.evolve(base, **changes)


# --- the first byte's timeout --------------------------------------------------------------------------------


def test_first_byte_timeout_grows_with_the_size() -> None:
    assert artifacts.PROXY_COPY_RATE == 2 * MIB
    assert artifacts.first_byte_timeout(1024 * MIB) == 512.0
    assert artifacts.first_byte_timeout(16 * MIB) == 8.0
    assert artifacts.first_byte_timeout(None) is None  # MLflow lists no size for an empty file
    assert artifacts.first_byte_timeout(0) is None


def test_the_first_byte_is_waited_for_whatever_the_budget_left() -> None:
    """The read timeout of a download is the larger of the client's timeout and the first byte's, even with the
    budget nearly spent; connecting still fits the budget, and other requests are as before."""
    p = policy(timeout=120.0, connect_timeout=10.0)
    late = p.attempt_timeout(remaining=3.0, first_byte=256.0)
    assert (late.read, late.connect, late.write) == (256.0, 3.0, 3.0)
    small = p.attempt_timeout(remaining=3.0, first_byte=4.0)
    assert small.read == 120.0  # never less than the client's timeout
    assert p.attempt_timeout(remaining=3.0) == httpx.Timeout(3.0, connect=3.0)
    assert p.attempt_timeout(remaining=0.0) == httpx.Timeout(MIN_LAST_ATTEMPT, connect=MIN_LAST_ATTEMPT)
    assert p.attempt_timeout(remaining=500.0) == httpx.Timeout(120.0, connect=10.0)


# --- the retry op, driven by hand against a fake file server -------------------------------------------------


@attrs.define
class FileServer:
    """Serves `data` to a download op as the driver would, try by try: a 206 for a `Range` when `ranges` (and the
    `If-Range` names `etag`), else a 200 with the whole file. `cuts[n]` breaks try n after that many body bytes
    (None: the whole answer). `tries` records (Range header, status, body bytes sent) per try; `sends` the
    effects."""

    data: bytes
    ranges: bool = True
    etag: str | None = '"v1"'
    cuts: list[int | None] = attrs.Factory(list)
    statuses: list[int] = attrs.Factory(list)  # error answers before any body
    content_range: Callable[[int, int], str] | None = None  # a wrong Content-Range, for the broken server
    before: Callable[[FileServer], None] | None = None  # called at each try, before it is answered
    tries: list[tuple[str | None, int, int]] = attrs.Factory(list)
    sends: list[Send] = attrs.Factory(list)

    def answer(self, send: Send) -> httpx.Response:
        """Carry out one `Send`: stream the body into the request's `StreamTo`, raising as a broken try would."""
        self.sends.append(send)
        if self.before is not None:
            self.before(self)
        request = send.request
        headers = dict(request.headers or {})
        asked = headers.get("Range")
        http_request = httpx.Request("GET", "http://test" + request.url, headers=headers)
        if self.statuses:
            status = self.statuses.pop(0)
            self.tries.append((asked, status, 0))
            return httpx.Response(status, text="no", request=http_request)
        start = 0
        if asked is not None and self.ranges and headers.get("If-Range") == self.etag:
            found = re.fullmatch(r"bytes=(\d+)-", asked)
            assert found is not None
            start = int(found[1])
            if start >= len(self.data):
                self.tries.append((asked, 416, 0))
                return httpx.Response(416, headers={"Content-Range": f"bytes */{len(self.data)}"}, request=http_request)
        body = self.data[start:]
        answer_headers = {"Content-Length": str(len(body))}
        if self.etag is not None:
            answer_headers["ETag"] = self.etag
        status = 206 if start else 200
        if start:
            make = self.content_range or (lambda first, size: f"bytes {first}-{size - 1}/{size}")
            answer_headers["Content-Range"] = make(start, len(self.data))
        response = httpx.Response(status, headers=answer_headers, request=http_request)
        cut = self.cuts.pop(0) if self.cuts else None
        sent = 0
        try:
            assert request.stream_to is not None
            with request.stream_to.open(response) as write:
                for offset in range(0, len(body) if cut is None else cut, 1000):
                    chunk = body[offset : min(offset + 1000, len(body) if cut is None else cut)]
                    write(chunk)
                    sent += len(chunk)
                if cut is not None:
                    raise httpx.RemoteProtocolError("peer closed connection", request=http_request)
        finally:
            self.tries.append((asked, status, sent))
        return response


def drive(op: Op[Any], server: FileServer) -> Any:
    """What a client's `_drive` does, with `server` in place of httpx."""
    value: Any = None
    error: BaseException | None = None
    while not isinstance(effect := advance(op, value, error), Done):
        value, error = None, None
        assert not isinstance(effect, Call), effect  # no store here: the proxy only
        if isinstance(effect, Sleep):
            continue
        try:
            value = server.answer(effect)
        except httpx.HTTPError as exc:
            error = exc
    return effect.value


def fetch(tmp_path: Path, server: FileServer, p: RetryPolicy | None = None) -> tuple[Path, list[int]]:
    target = tmp_path / "model.bin"
    progress: list[int] = []
    request = Request("GET", "/f", stream_to=StreamTo(target, progress.append), first_byte_timeout=50.0)
    drive(download(request, p or policy()), server)
    return target, progress


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


DATA = os.urandom(10_000)


def test_a_broken_try_resumes_with_a_range_and_nothing_is_sent_twice(tmp_path: Path) -> None:
    server = FileServer(DATA, cuts=[3000, 4000])
    target, progress = fetch(tmp_path, server)
    assert target.read_bytes() == DATA
    assert server.tries == [(None, 200, 3000), ("bytes=3000-", 206, 4000), ("bytes=7000-", 206, 3000)]
    assert sum(sent for _, _, sent in server.tries) == len(DATA)
    assert [dict(s.request.headers or {}).get("If-Range") for s in server.sends] == [None, '"v1"', '"v1"']
    assert progress[-1] == len(DATA)
    assert progress == sorted(progress)  # counts the whole file kept: never back to 0
    assert leftovers(tmp_path) == []


def test_a_server_without_ranges_sends_the_file_again_whole(tmp_path: Path) -> None:
    """An answer that names no version (2.22.5's proxy, 3.17.2's in front of S3) is not asked for a range: the
    next try gets the whole file, and the partial file starts over."""
    server = FileServer(DATA, etag=None, cuts=[6000])
    target, _ = fetch(tmp_path, server)
    assert target.read_bytes() == DATA
    assert server.tries == [(None, 200, 6000), (None, 200, len(DATA))]


def test_a_range_answered_with_the_whole_file_starts_over(tmp_path: Path) -> None:
    server = FileServer(DATA, ranges=False, cuts=[6000])
    target, _ = fetch(tmp_path, server)
    assert target.read_bytes() == DATA
    assert server.tries == [(None, 200, 6000), ("bytes=6000-", 200, len(DATA))]


def test_a_file_changed_between_tries_comes_back_whole_not_spliced(tmp_path: Path) -> None:
    new = os.urandom(8000)

    def changed_after_the_first_try(server: FileServer) -> None:
        if server.tries:
            server.data, server.etag = new, '"v2"'

    server = FileServer(DATA, cuts=[6000], before=changed_after_the_first_try)
    target, _ = fetch(tmp_path, server)
    assert target.read_bytes() == new
    assert server.tries == [(None, 200, 6000), ("bytes=6000-", 200, 8000)]  # If-Range "v1" no longer matches


def test_a_range_that_does_not_continue_the_file_is_a_broken_try(tmp_path: Path) -> None:
    server = FileServer(DATA, cuts=[6000], content_range=lambda first, size: f"bytes {first - 10}-{size - 1}/{size}")
    target, _ = fetch(tmp_path, server)
    assert target.read_bytes() == DATA
    # The wrong 206 is refused before a byte is written; the kept bytes go, and the next try asks for all.
    assert server.tries == [(None, 200, 6000), ("bytes=6000-", 206, 0), (None, 200, len(DATA))]
    assert leftovers(tmp_path) == []


def test_a_range_past_the_end_starts_over_at_once(tmp_path: Path) -> None:
    server = FileServer(DATA, cuts=[len(DATA)])  # every byte came, then the connection broke
    target, _ = fetch(tmp_path, server, policy(max_retries=1))
    assert target.read_bytes() == DATA
    assert server.tries == [(None, 200, len(DATA)), (f"bytes={len(DATA)}-", 416, 0), (None, 200, len(DATA))]


def test_every_try_that_moves_forward_counts_the_retries_afresh(tmp_path: Path) -> None:
    """With one retry allowed, six breaks still end in the whole file, since each try keeps more than the last;
    a server that breaks at the same place every time (no ranges) is given up after the retries."""
    server = FileServer(DATA, cuts=[1000] * 6)
    target, _ = fetch(tmp_path, server, policy(max_retries=1))
    assert target.read_bytes() == DATA
    assert len(server.tries) == 7

    stuck = FileServer(DATA, etag=None, cuts=[1000] * 6)
    (tmp_path / "stuck").mkdir()
    with pytest.raises(TransportError, match="RemoteProtocolError"):
        fetch(tmp_path / "stuck", stuck, policy(max_retries=1))
    assert leftovers(tmp_path / "stuck") == []
    assert not (tmp_path / "stuck" / "model.bin").exists()
    assert len(stuck.tries) == 2


def test_the_budget_bounds_failing_not_a_transfer_that_moves_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each try takes 'longer' than the whole budget, and each keeps more of the file: the download completes."""
    clock = [time.monotonic()]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])

    def slow(server: FileServer) -> None:
        clock[0] += 60.0  # each try takes twice the budget of 30 s

    server = FileServer(DATA, cuts=[2000, 2000, 2000], before=slow)
    target, _ = fetch(tmp_path, server, policy(budget=30.0))
    assert target.read_bytes() == DATA
    assert len(server.tries) == 4


def test_a_download_given_up_leaves_no_partial_file(tmp_path: Path) -> None:

    def then_500(server: FileServer) -> None:
        if server.tries:
            server.statuses = [500]

    server = FileServer(DATA, cuts=[3000], before=then_500)
    with pytest.raises(ServerError):
        fetch(tmp_path, server)
    assert not (tmp_path / "model.bin").exists()
    assert leftovers(tmp_path) == []


def test_the_timeouts_of_each_try(tmp_path: Path) -> None:
    """Every try of a download waits `max(timeout, first byte)` for the answer to begin and the client's timeout
    between body reads; a request that is not a download gets neither."""
    server = FileServer(DATA, cuts=[3000])
    fetch(tmp_path, server, policy(timeout=10.0, budget=1.0))
    assert [(s.timeout.read, s.body_timeout) for s in server.sends] == [(50.0, 10.0), (50.0, 10.0)]
    plain = policy().attempt_timeout(30.0)
    assert plain.read == 10.0


# --- the clients' drivers: headers, the partial file, read timeouts ----------------------------------------------

BASE = "http://mlflow.test:5000"
ROOT = "mlflow-artifacts:/1/r1/artifacts"
PROXIED = f"{BASE}/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/m/w.bin"


def _breaks_after(data: bytes) -> Iterator[bytes]:
    yield data
    raise httpx.ReadError("connection reset")


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_both_clients_resume_with_a_range(httpx_mock: HTTPXMock, tmp_path: Path, kind: str) -> None:
    data = os.urandom(3 * MIB + 11)
    httpx_mock.add_response(url=f"{BASE}/api/2.0/mlflow/runs/get?run_id=r1", json={"run": answers.run()})
    # As MLflow lists it: nothing under the file's own path, the file in its folder's listing.
    listing = {"root_uri": ROOT, "files": [{"path": "m/w.bin", "is_dir": False, "file_size": len(data)}]}
    httpx_mock.add_response(
        url=f"{BASE}/api/2.0/mlflow/artifacts/list?run_id=r1&path=m%2Fw.bin", json={"root_uri": ROOT}
    )
    httpx_mock.add_response(url=f"{BASE}/api/2.0/mlflow/artifacts/list?run_id=r1&path=m", json=listing)
    seen: list[tuple[str | None, str | None, float | None]] = []

    def serve(request: httpx.Request) -> httpx.Response:
        timeout = dict(request.extensions.get("timeout") or {})
        seen.append((request.headers.get("Range"), request.headers.get("If-Range"), timeout.get("read")))
        if len(seen) == 1:
            headers = {"ETag": '"e1"', "Content-Length": str(len(data))}
            return httpx.Response(200, headers=headers, stream=IteratorStream(_breaks_after(data[:MIB])))
        headers = {"ETag": '"e1"', "Content-Range": f"bytes {MIB}-{len(data) - 1}/{len(data)}"}
        return httpx.Response(206, headers=headers, content=data[MIB:])

    httpx_mock.add_callback(serve, url=PROXIED, is_reusable=True)
    dst = tmp_path / "dst"
    dst.mkdir()
    if kind == "sync":
        with TrackingClient(BASE, timeout=5.0) as client:
            got = client.download_artifacts("r1", "m/w.bin", dst)
    else:
        async with AsyncTrackingClient(BASE, timeout=5.0) as aclient:
            got = await aclient.download_artifacts("r1", "m/w.bin", dst)
    assert Path(got).read_bytes() == data  # noqa: ASYNC240 - a test's check
    first_byte = max(5.0, len(data) / artifacts.PROXY_COPY_RATE)
    assert seen == [(None, None, first_byte), (f"bytes={MIB}-", '"e1"', first_byte)]
    # Once the headers came, the driver set the body's read timeout back to the client's.
    gets = [r for r in httpx_mock.get_requests() if r.url == PROXIED]
    assert [r.extensions["timeout"]["read"] for r in gets] == [5.0, 5.0]
    assert sorted(p.name for p in (dst / "m").iterdir()) == ["w.bin"]


@attrs.define
class LateServer:
    """A raw HTTP server on loopback: the headers after `header_delay` seconds, one body chunk, then silence
    (until `stop`), so a body read can only end by its timeout."""

    header_delay: float
    stop: threading.Event = attrs.Factory(threading.Event)
    sock: socket.socket = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/f"

    def _serve(self) -> None:
        connection, _ = self.sock.accept()
        with connection:
            connection.recv(65536)
            time.sleep(self.header_delay)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 10)
            self.stop.wait(120)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


# The headers come after HEADER_DELAY, longer than the body's read timeout: they are awaited with the long one.
# The body then stalls for good: its read must end by the short timeout, far (LONG / 2) before the long one.
HEADER_DELAY, SHORT, LONG = 2.0, 1.0, 60.0


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_body_is_read_with_its_own_timeout_after_a_late_first_byte(kind: str) -> None:
    """httpx reads the `timeout` extension when the body's first read starts (what `read_timeout_from_now`
    relies on): checked on the httpx this runs with (`make test-lowest` runs it on the lowest allowed too)."""
    server = LateServer(HEADER_DELAY)
    timeout = httpx.Timeout(LONG, connect=10.0)
    try:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            await (
                _read_async(server.url, timeout) if kind == "async" else asyncio.to_thread(_read, server.url, timeout)
            )
        assert time.monotonic() - started < LONG / 2
    finally:
        server.close()


def _read(url: str, limits: httpx.Timeout) -> None:
    with httpx.Client() as http, http.stream("GET", url, timeout=limits) as response:
        read_timeout_from_now(response, SHORT)
        for _ in response.iter_bytes():
            pass


async def _read_async(url: str, limits: httpx.Timeout) -> None:
    async with httpx.AsyncClient() as http, http.stream("GET", url, timeout=limits) as response:
        read_timeout_from_now(response, SHORT)
        async for _ in response.aiter_bytes():
            pass


# --- real servers, through the fault proxy ---------------------------------------------------------------------

DOWNLOAD = "/api/2.0/mlflow-artifacts/artifacts/"
# The client's timeout for the faulty downloads, and the fault proxy's hold on the first byte: a multiple of it.
CLIENT_TIMEOUT = 2.0
HOLD = 3 * CLIENT_TIMEOUT
# The first byte's wait those tests give a file of SIZE (by setting the copy rate): well past HOLD.
FIRST_BYTE = 10 * CLIENT_TIMEOUT
SIZE = 2 * MIB


@pytest.fixture
def proxy(server: MlflowServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.url) as running:
        yield running


def _uploaded(server: MlflowServer, tmp_path: Path, size: int) -> tuple[str, str]:
    """A run holding `m/w.bin` of `size` bytes, uploaded straight to the server; (run id, its SHA-256)."""
    source = tmp_path / "w.bin"
    expected = big_file(source, size)
    with TrackingClient(server.url, retry_budget=120) as client:
        run_id = client.create_run(client.ensure_experiment(unique("downloads"))).info.run_id
        client.log_artifact(run_id, source, "m")
    return run_id, expected


def _ranged(server: MlflowServer) -> bool:
    """What the servers answer to `Range` on the proxy's download route: 3.17.2 serving a local folder sends a
    206 (Starlette's FileResponse, with an ETag); 2.22.5, and 3.17.2 in front of S3, ignore it (a 200, chunked,
    with no ETag)."""
    return server.version.startswith("3.") and server.artifacts_destination is None


@pytest.mark.contract
def test_a_first_byte_held_past_the_timeout_is_waited_for(
    server: MlflowServer, proxy: FaultProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy holds the first byte 3 times the client's timeout: the download waits for it (one GET, no
    retry) and gets the exact bytes, as it would for a server copying a large file from its store."""
    run_id, expected = _uploaded(server, tmp_path, SIZE)
    monkeypatch.setattr(artifacts, "PROXY_COPY_RATE", SIZE / FIRST_BYTE)
    proxy.add([Fault("slow_answer", path=DOWNLOAD, seconds=HOLD)])
    (tmp_path / "back").mkdir()
    with TrackingClient(proxy.url, timeout=CLIENT_TIMEOUT, retry_budget=120) as client:
        got = Path(client.download_artifacts(run_id, "m/w.bin", tmp_path / "back"))
    assert sha256_of(got) == expected
    assert [kind for kind, _, _ in proxy.injected] == ["slow_answer"]
    # One GET: a second would have come while the first was held (a held one is not in `exchanges` yet).
    assert [(method, rng) for method, path, rng in proxy.received if DOWNLOAD in path] == [("GET", None)]
    gets = [a for a in proxy.settled() if a.method == "GET" and DOWNLOAD in a.path]
    assert [(a.range, a.status, a.sent) for a in gets] == [(None, 200, SIZE)]


@pytest.mark.contract
def test_a_cut_download_resumes_where_ranges_are_answered(
    server: MlflowServer, proxy: FaultProxy, tmp_path: Path
) -> None:
    """The proxy cuts the download's answer in half: the next try asks for the second half where the server
    answers ranges (nothing sent twice), and gets the whole file again where it does not."""
    run_id, expected = _uploaded(server, tmp_path, SIZE)
    proxy.add([Fault("truncate", path=DOWNLOAD)])
    (tmp_path / "back").mkdir()
    with TrackingClient(proxy.url, retry_budget=120) as client:
        got = Path(client.download_artifacts(run_id, "m/w.bin", tmp_path / "back"))
    assert sha256_of(got) == expected
    gets = [(a.range, a.status, a.sent) for a in proxy.settled() if a.method == "GET" and DOWNLOAD in a.path]
    if _ranged(server):
        assert gets == [(None, 200, SIZE // 2), (f"bytes={SIZE // 2}-", 206, SIZE // 2)]
    else:
        assert gets == [(None, 200, SIZE // 2), (None, 200, SIZE)]  # half of it sent twice
    resent = sum(sent for _, _, sent in gets) - SIZE
    print(f"\nMLflow {server.version}: {resent} bytes sent again of {SIZE}")
    assert sorted(p.name for p in (tmp_path / "back" / "m").iterdir()) == ["w.bin"]


# --- the production configuration: the proxy's own copy from S3 -------------------------------------------------

# The proxy copies this much from S3 (moto) before its first byte: 0.5 s on an idle 2-core machine, up to 18 s
# at the slowest rate measured on a busy one (3.6 MiB/s); the client waits up to COPY_SIZE / PROXY_COPY_RATE
# (32 s) for it.
COPY_SIZE = 64 * MIB


def test_the_proxys_copy_from_s3_is_waited_for(
    pg_server: MlflowServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With a timeout of half the copy's time (measured first, with a plain GET), the download waits through
    the server's copy from S3 instead of timing out and starting the copy again on every try (what the 1 GiB
    round trip met on a busy machine)."""
    run_id, expected = _uploaded(pg_server, tmp_path, COPY_SIZE)
    with TrackingClient(pg_server.url) as client:
        root = artifacts.proxy_root(client.get_run(run_id).info.artifact_uri, "run")
    with httpx.Client(base_url=pg_server.url, timeout=600) as http:
        started = time.monotonic()
        with http.stream("GET", artifacts.proxy_url(f"{root}/m/w.bin")) as answer:
            baseline = time.monotonic() - started
            assert answer.status_code == 200
    # Half the copy (at least 0.1 s, at most 1 s: the run and listing calls of the download use it too).
    timeout = max(0.1, min(1.0, baseline / 2))
    (tmp_path / "back").mkdir()
    with caplog.at_level("WARNING", logger="mlflow_lite"), TrackingClient(pg_server.url, timeout=timeout) as client:
        got = Path(client.download_artifacts(run_id, "m/w.bin", tmp_path / "back"))
    assert sha256_of(got) == expected
    assert [r.getMessage() for r in caplog.records if DOWNLOAD in r.getMessage()] == []  # no retry of the GET
    print(
        f"\nMLflow {pg_server.version}, S3: {COPY_SIZE // MIB} MiB copied in {baseline:.2f} s, timeout {timeout:.2f} s"
    )

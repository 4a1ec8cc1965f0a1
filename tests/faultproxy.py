"""A fault-injecting HTTP/1.1 reverse proxy on loopback, in pure stdlib, for the reliability tests.

`FaultProxy(upstream_url)` forwards every request to a real MLflow server, except those a script of `Fault`s
picks: each request takes the first scripted fault whose `path` matches it (all paths when `path` is None),
and that fault is used up. Kinds:

- `drop_before`: close the connection (with a reset) without forwarding: the server never sees the request.
- `drop_after`: forward, let the server answer, then reset the connection: the request was committed but its
  answer is lost.
- `status`: answer `status` (503, 429, 502, ...) with a short plain-text body (or `body`, as JSON: a server's
  own error answer) and, when given, `Retry-After`, without forwarding.
- `delay`: wait `seconds`, then forward and answer normally (the client may have timed out by then).
- `slow_answer`: forward at once, then wait `seconds` before answering (committed, answer late).
- `truncate`: forward, then send the headers with the full `Content-Length` but only half of the body.
- `ok`: forward and answer normally (spaces faults out, so that one request does not meet them all).

`injected` lists (kind, method, path) of every fault used; `forwarded` counts requests that reached the server;
`received` lists (method, path, `Range` header) of every request as it arrives; `exchanges` an `Exchange` for
every request once the proxy is done with it, answered or not (the status and the body bytes sent: 0 when the
client had gone before the answer), so a request still held by `delay` or `slow_answer` is in `received` only.
A client can have read a whole answer before the proxy's thread records it: `settled()` waits for every request
received to be done with, and returns the exchanges.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

__all__ = ["Exchange", "Fault", "FaultProxy"]

KINDS = frozenset({"ok", "drop_before", "drop_after", "status", "delay", "slow_answer", "truncate"})
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host"}
)


@dataclass(frozen=True)
class Fault:
    kind: str
    path: str | None = None  # a substring of the request path; None matches every request
    status: int = 503
    retry_after: str | None = None
    seconds: float = 0.0
    body: bytes | None = None  # for `status`: this JSON body instead of the plain-text one

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}")


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    range: str | None  # the request's Range header
    status: int  # of the answer sent or tried (0: none, a dropped connection)
    sent: int  # body bytes sent: half the body for a `truncate`, 0 when the client had gone


class FaultProxy:
    def __init__(self, upstream: str, *, port: int = 0) -> None:
        parts = urlsplit(upstream)
        assert parts.hostname in ("127.0.0.1", "localhost"), "the proxy only forwards to loopback"
        self.upstream = (parts.hostname, parts.port or 80)
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)  # notified as each exchange is recorded
        self._script: list[Fault] = []
        self.injected: list[tuple[str, str, str]] = []
        self.forwarded = 0
        self.received: list[tuple[str, str, str | None]] = []
        self.exchanges: list[Exchange] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, faults: Iterable[Fault]) -> None:
        with self._lock:
            self._script.extend(faults)

    @property
    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._script)

    def clear(self) -> list[Fault]:
        """Drop the faults not used yet, and return them."""
        with self._lock:
            left, self._script = self._script, []
            return left

    def settled(self, timeout: float = 30.0) -> list[Exchange]:
        """The exchanges, once every request received is done with (raises if one is still held after `timeout`)."""
        with self._done:
            if not self._done.wait_for(lambda: len(self.exchanges) == len(self.received), timeout):
                raise AssertionError(f"{len(self.received) - len(self.exchanges)} requests still held")
            return list(self.exchanges)

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._script):
                if fault.path is None or fault.path in path:
                    del self._script[index]
                    self.injected.append((fault.kind, method, path))
                    return fault
            return None

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _handler_for(proxy: FaultProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # What the request being handled was answered: for `FaultProxy.exchanges`.
        _status = 0
        _sent = 0

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: pytest shows stderr of failing tests

        def _reset(self) -> None:
            """Close with RST: the client sees a broken connection, not a clean end."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

        def _forward(self, body: bytes) -> tuple[int, str, list[tuple[str, str]], bytes]:
            # Content-Length is set below: a client's `content-length` kept beside it would be sent twice, which
            # Node.js servers (Azurite) refuse with a 400.
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP | {"content-length"}}
            headers["Host"] = f"{proxy.upstream[0]}:{proxy.upstream[1]}"
            headers["Content-Length"] = str(len(body))
            upstream = http.client.HTTPConnection(*proxy.upstream, timeout=120)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                with proxy._lock:
                    proxy.forwarded += 1
                return answer.status, answer.reason, answer.getheaders(), data
            finally:
                upstream.close()

        def _answer(
            self, status: int, reason: str, headers: list[tuple[str, str]], data: bytes, *, cut: bool = False
        ) -> None:
            """Send an answer; with `cut`, only the first half of its body, then close the connection."""
            self.send_response_only(status, reason)
            # A HEAD answer has no body but tells the length of the one a GET would have (S3 clients use it).
            head = self.command == "HEAD"
            for key, value in headers:
                if key.lower() not in _HOP_BY_HOP and (head or key.lower() != "content-length"):
                    self.send_header(key, value)
            if not head:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self._status = status
            body = data[: len(data) // 2] if cut else data
            self.wfile.write(body)
            self.wfile.flush()
            self._sent = 0 if head else len(body)
            if cut:
                self.close_connection = True

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            fault = proxy.take(self.command, self.path)
            with proxy._lock:
                proxy.received.append((self.command, self.path, self.headers.get("Range")))
            self._status, self._sent = 0, 0
            try:
                self._exchange(fault, body)
            finally:
                exchange = Exchange(self.command, self.path, self.headers.get("Range"), self._status, self._sent)
                with proxy._done:
                    proxy.exchanges.append(exchange)
                    proxy._done.notify_all()

        def _exchange(self, fault: Fault | None, body: bytes) -> None:
            try:
                if fault is None or fault.kind == "ok":
                    self._answer(*self._forward(body))
                elif fault.kind == "drop_before":
                    self._reset()
                elif fault.kind == "drop_after":
                    self._forward(body)
                    self._reset()
                elif fault.kind == "status":
                    text = f"fault proxy: {fault.status}\n".encode() if fault.body is None else fault.body
                    headers = [("Content-Type", "text/plain" if fault.body is None else "application/json")]
                    if fault.retry_after is not None:
                        headers.append(("Retry-After", fault.retry_after))
                    self._answer(fault.status, "Injected", headers, text)
                elif fault.kind == "delay":
                    time.sleep(fault.seconds)
                    self._answer(*self._forward(body))
                elif fault.kind == "slow_answer":
                    answer = self._forward(body)
                    time.sleep(fault.seconds)
                    self._answer(*answer)
                elif fault.kind == "truncate":
                    self._answer(*self._forward(body), cut=True)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (a timeout): nothing to answer
            except OSError:
                # The server is down: answer as a gateway would.
                self._answer(502, "Bad Gateway", [("Content-Type", "text/plain")], b"fault proxy: upstream down\n")

        do_GET = do_HEAD = do_POST = do_PATCH = do_DELETE = do_PUT = _handle

    return Handler

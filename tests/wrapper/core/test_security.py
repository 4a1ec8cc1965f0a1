"""Credentials and TLS: the right credentials work, wrong ones raise `Unauthenticated`, a user without
permission gets `PermissionDenied`; secrets never show in a repr, str, error or log line; TLS is verified by
default; credentials do not follow a redirect to another host."""

from __future__ import annotations

import base64
import json
import logging
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import answers
import httpx
import pytest
from conftest import unique

from mlflow_lite import (
    AsyncTrackingClient,
    InvalidParameterValue,
    MlflowError,
    PermissionDenied,
    TrackingClient,
    TransportError,
    Unauthenticated,
)
from mlflow_lite._core.settings import Settings
from mlflow_server import MlflowServer

ADMIN, ADMIN_PASSWORD = "admin", "password1234"
USER, USER_PASSWORD = "bob-lite", "B0b-secret-Passw0rd!"
TOKEN = "tok-9f8e7d6c5b4a-secret"
EXPERIMENT = {"experiment": answers.experiment("1", "tls")}


def secrets() -> list[str]:
    basic = base64.b64encode(f"{ADMIN}:{ADMIN_PASSWORD}".encode()).decode()
    basic_user = base64.b64encode(f"{USER}:{USER_PASSWORD}".encode()).decode()
    return [ADMIN_PASSWORD, USER_PASSWORD, TOKEN, basic, basic_user]


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        for secret in secrets():
            assert secret not in str(text), f"a secret leaked into {text!r:.200}"


# --- the basic-auth server ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def second_user(auth_server: MlflowServer) -> str:
    """A second user, made through the auth API as admin (raw httpx)."""
    with httpx.Client(base_url=auth_server.url, auth=(ADMIN, ADMIN_PASSWORD), timeout=60) as raw:
        answer = raw.post("/api/2.0/mlflow/users/create", json={"username": USER, "password": USER_PASSWORD})
        assert answer.status_code == 200, answer.text
    return USER


def deny(auth_server: MlflowServer, experiment_id: str, username: str) -> None:
    with httpx.Client(base_url=auth_server.url, auth=(ADMIN, ADMIN_PASSWORD), timeout=60) as raw:
        answer = raw.post(
            "/api/2.0/mlflow/experiments/permissions/create",
            json={"experiment_id": experiment_id, "username": username, "permission": "NO_PERMISSIONS"},
        )
        assert answer.status_code == 200, answer.text


def test_right_credentials_work_wrong_ones_do_not(
    auth_server: MlflowServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    with TrackingClient(auth_server.url, username=ADMIN, password=ADMIN_PASSWORD, max_retries=1) as admin:
        experiment_id = admin.create_experiment(unique("auth"))
        with admin.start_run(experiment_id=experiment_id) as run:
            run.log_metric("m", 1.0)
        assert_no_secret(repr(admin), repr(admin._settings), str(admin._settings), repr(run))
    errors: list[MlflowError] = []
    attempts: list[dict[str, Any]] = [
        {"username": ADMIN, "password": "wrong-" + ADMIN_PASSWORD},
        {"username": "nobody", "password": ADMIN_PASSWORD},
        {"token": TOKEN},
        {},
    ]
    for kwargs in attempts:
        with TrackingClient(auth_server.url, max_retries=1, **kwargs) as wrong:
            with pytest.raises(Unauthenticated) as info:
                wrong.get_experiment(experiment_id)
            assert info.value.status_code == 401
            assert auth_server.url in str(info.value)
            errors.append(info.value)
            assert_no_secret(repr(wrong), repr(wrong._settings))
    # credentials in the URI work too, and do not show
    uri = auth_server.url.replace("http://", f"http://{ADMIN}:{ADMIN_PASSWORD}@")
    with TrackingClient(uri) as from_uri:
        assert from_uri.get_experiment(experiment_id).experiment_id == experiment_id
        assert_no_secret(repr(from_uri), from_uri.tracking_uri)
    out = capsys.readouterr()
    assert_no_secret(caplog.text, out.out, out.err, *map(str, errors), *map(repr, errors))
    assert_no_secret(*(repr(e.response.request.headers) for e in errors if hasattr(e, "response") and e.response))


def test_a_user_without_permission_gets_permission_denied(
    auth_server: MlflowServer, second_user: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with TrackingClient(auth_server.url, username=ADMIN, password=ADMIN_PASSWORD) as admin:
        closed = admin.create_experiment(unique("closed"))
        open_ = admin.create_experiment(unique("open"))
        run_id = admin.create_run(closed).info.run_id
    deny(auth_server, closed, second_user)
    with TrackingClient(auth_server.url, username=second_user, password=USER_PASSWORD, max_retries=1) as bob:
        assert bob.get_experiment(open_).experiment_id == open_  # default permission: READ
        for attempt in (
            lambda: bob.get_experiment(closed),
            lambda: bob.get_run(run_id),
            lambda: bob.log_metric(run_id, "m", 1.0),
            lambda: bob.create_run(closed),
            lambda: bob.create_run(open_),  # READ only: creating a run needs EDIT
        ):
            with pytest.raises(PermissionDenied) as info:
                attempt()
            assert info.value.status_code == 403
            assert_no_secret(str(info.value), repr(info.value))
    assert_no_secret(caplog.text)


@pytest.mark.anyio
async def test_async_client_with_credentials(auth_server: MlflowServer) -> None:
    async with AsyncTrackingClient(auth_server.url, username=ADMIN, password=ADMIN_PASSWORD) as admin:
        experiment_id = await admin.create_experiment(unique("auth-async"))
        assert (await admin.get_experiment(experiment_id)).experiment_id == experiment_id
    async with AsyncTrackingClient(auth_server.url, username=ADMIN, password="nope", max_retries=0) as wrong:
        with pytest.raises(Unauthenticated):
            await wrong.get_experiment(experiment_id)


def test_secrets_stay_out_of_reprs_errors_and_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a server: a failing call that retries (and so logs), with every way to pass secrets."""
    from mlflow_server import free_port

    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0")
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
    dead = f"http://127.0.0.1:{free_port()}"
    reprs: list[str] = []
    for kwargs in [
        {"username": ADMIN, "password": ADMIN_PASSWORD},
        {"token": TOKEN},
        {},  # the token from the environment
        {"headers": {"Authorization": f"Bearer {TOKEN}"}},
    ]:
        with TrackingClient(dead, max_retries=2, retry_budget=2, **kwargs) as tracking:  # type: ignore[arg-type]
            with pytest.raises(TransportError) as info:
                tracking.get_experiment("1")
            reprs += [repr(tracking), str(tracking), repr(tracking._settings), repr(tracking._http.auth)]
            reprs += [str(info.value), repr(info.value), repr(info.value.__cause__)]
    with TrackingClient(dead.replace("http://", f"http://{ADMIN}:{ADMIN_PASSWORD}@")) as from_uri:
        reprs.append(repr(from_uri))
    with pytest.raises(InvalidParameterValue) as bad_uri:
        Settings.resolve(f"ftp://{ADMIN}:{ADMIN_PASSWORD}@127.0.0.1/")
    reprs.append(str(bad_uri.value))
    assert "retrying" in caplog.text  # there was something to search
    out = capsys.readouterr()
    assert_no_secret(caplog.text, out.out, out.err, *reprs)


# --- TLS ---------------------------------------------------------------------------------------------------


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(EXPERIMENT).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A self-signed HTTPS endpoint on loopback answering like MLflow's experiments/get."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    server.server_close()


def test_tls_is_verified_by_default(tls_server: tuple[str, Path]) -> None:
    url, _ = tls_server
    with TrackingClient(url, retry_budget=30) as tracking, pytest.raises(TransportError) as info:
        tracking.get_experiment("1")
    message = str(info.value)
    assert "CERTIFICATE_VERIFY_FAILED" in message or "certificate verify failed" in message
    assert url in message
    assert "attempts" not in message  # a certificate that does not verify is not tried again


def test_server_cert_path_makes_tls_work(tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    url, cert = tls_server
    monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", str(cert))
    with TrackingClient(url) as tracking:
        assert tracking.get_experiment("1").name == "tls"


def test_insecure_tls_makes_it_work(tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = tls_server
    monkeypatch.setenv("MLFLOW_TRACKING_INSECURE_TLS", "true")
    with TrackingClient(url) as tracking:
        assert tracking.get_experiment("1").name == "tls"


@pytest.mark.anyio
async def test_tls_settings_apply_to_the_async_client(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, cert = tls_server
    async with AsyncTrackingClient(url, retry_budget=30) as tracking:
        with pytest.raises(TransportError, match=r"(?i)certificate verify failed"):
            await tracking.get_experiment("1")
    monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", str(cert))
    async with AsyncTrackingClient(url) as tracking:
        assert (await tracking.get_experiment("1")).name == "tls"


def test_insecure_and_cert_path_together_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_INSECURE_TLS", "true")
    monkeypatch.setenv("MLFLOW_TRACKING_SERVER_CERT_PATH", "/nonexistent.pem")
    with pytest.raises(InvalidParameterValue, match="mutually exclusive"):
        TrackingClient("https://127.0.0.1:1")


# --- redirects, on real sockets ----------------------------------------------------------------------------


def test_credentials_are_not_sent_to_another_host_on_redirect() -> None:
    seen: list[dict[str, str]] = []

    class Elsewhere(_Answer):
        def do_GET(self) -> None:
            seen.append(dict(self.headers.items()))
            super().do_GET()

    other = ThreadingHTTPServer(("127.0.0.2", 0), Elsewhere)
    target = f"http://127.0.0.2:{other.server_address[1]}"

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(dict(self.headers.items()))
            self.send_response(302)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    origin = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    for server in (other, origin):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for kwargs in ({"username": ADMIN, "password": ADMIN_PASSWORD}, {"token": TOKEN}):
            seen.clear()
            with TrackingClient(f"http://127.0.0.1:{origin.server_address[1]}", **kwargs) as tracking:  # type: ignore[arg-type]
                assert tracking.get_experiment("1").name == "tls"
            assert len(seen) == 2
            assert "Authorization" in seen[0]
            assert "Authorization" not in seen[1]
            assert_no_secret(json.dumps(seen[1]))
    finally:
        for server in (other, origin):
            server.shutdown()
            server.server_close()


API_KEY = "key-7c1d-secret-header"


@pytest.fixture
def redirecting() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """A server on 127.0.0.1 that answers 307 to the same request on 127.0.0.2 (another origin), or to its own
    `/same` path first (the same origin); what each request carried, as (host, headers)."""
    seen: list[tuple[str, dict[str, str]]] = []

    class Elsewhere(_Answer):
        def do_GET(self) -> None:
            seen.append(("127.0.0.2", dict(self.headers.items())))
            super().do_GET()

    other = ThreadingHTTPServer(("127.0.0.2", 0), Elsewhere)
    target = f"http://127.0.0.2:{other.server_address[1]}"

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(("127.0.0.1", dict(self.headers.items())))
            self.send_response(307)
            if self.path.startswith("/same"):
                self.send_header("Location", target + self.path.removeprefix("/same"))
            else:
                self.send_header("Location", "/same" + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    origin = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    for server in (other, origin):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{origin.server_address[1]}", seen
    for server in (other, origin):
        server.shutdown()
        server.server_close()


@pytest.mark.anyio
@pytest.mark.parametrize("client_class", [TrackingClient, AsyncTrackingClient])
async def test_headers_the_caller_gives_are_not_sent_to_another_host_on_redirect(
    redirecting: tuple[str, list[tuple[str, dict[str, str]]]], client_class: type[Any]
) -> None:
    """`headers={"X-Api-Key": ...}` are credentials as much as `Authorization`: kept on a redirect within the
    server's origin, dropped on one to another origin (httpx drops only `Authorization`)."""
    url, seen = redirecting
    options: dict[str, Any] = {"token": TOKEN, "headers": {"X-Api-Key": API_KEY, "X-Team": "ml"}}
    if client_class is TrackingClient:
        with TrackingClient(url, **options) as tracking:
            assert tracking.get_experiment("1").name == "tls"
    else:
        async with AsyncTrackingClient(url, **options) as atracking:
            assert (await atracking.get_experiment("1")).name == "tls"
    assert [host for host, _ in seen] == ["127.0.0.1", "127.0.0.1", "127.0.0.2"]
    for _, headers in seen[:2]:  # the server's own origin, before and after a redirect within it
        assert (headers.get("X-Api-Key"), headers.get("X-Team")) == (API_KEY, "ml")
        assert headers.get("Authorization") == f"Bearer {TOKEN}"
    elsewhere = seen[2][1]
    assert "X-Api-Key" not in elsewhere
    assert "X-Team" not in elsewhere
    assert "Authorization" not in elsewhere
    assert API_KEY not in json.dumps(elsewhere)
    assert elsewhere["User-Agent"].startswith("mlflow-lite/")

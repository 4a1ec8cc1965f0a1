"""The one fixture module that owns the real MLflow servers.

Servers start once per session, side by side, on first use: MLflow 2.22.5 and 3.17.2 from their own virtual
environments (`make servers`), SQLite in a temporary folder, a free loopback port each. A test asks for
`server` to run on both, or for `server2` / `server3` for one. Tests that use a server get the `server`
marker, so `pytest -m "not server"` runs the unit tests alone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from mlflow_lite import AsyncTrackingClient, TrackingClient
from mlflow_server import VERSIONS, MlflowServer, server_env_dir

# Fixtures other modules define, registered for every test: `either` (a sync, then an async client).
pytest_plugins = ["either_client"]

V2, V3 = VERSIONS
SERVER_FIXTURES = {"server", "server2", "server3", "auth_server", "client", "aclient", "client2", "client3"}


class ServerPool:
    """Starts every version's server at the first request for any of them (they take ~20 s each, so in
    parallel), and stops them at the end of the session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.servers: dict[str, MlflowServer] = {}

    def get(self, version: str) -> MlflowServer:
        if not self.servers:
            for name in VERSIONS:
                if not (server_env_dir(name) / "bin" / "mlflow").exists():
                    pytest.fail(f"no MLflow {name} environment: run `make servers`")
                self.servers[name] = MlflowServer(name, self.root / name)
                self.servers[name].launch()
            for started in self.servers.values():
                started.wait_ready()
        return self.servers[version]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


@pytest.fixture(scope="session")
def server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    pool = ServerPool(tmp_path_factory.mktemp("mlflow-servers"))
    yield pool
    pool.stop()


@pytest.fixture(params=VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def server(request: pytest.FixtureRequest, server_pool: ServerPool) -> MlflowServer:
    """Each real server in turn: a test using it runs once per MLflow version."""
    version: str = request.param
    return server_pool.get(version)


@pytest.fixture
def server2(server_pool: ServerPool) -> MlflowServer:
    return server_pool.get(V2)


@pytest.fixture
def server3(server_pool: ServerPool) -> MlflowServer:
    return server_pool.get(V3)


@pytest.fixture(scope="session")
def auth_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MlflowServer]:
    """MLflow 2.22.5 running its basic-auth app (admin user `admin` / `password1234`, MLflow's defaults)."""
    root = tmp_path_factory.mktemp("mlflow-auth")
    (root / "basic_auth.ini").write_text(
        "[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///"
        f"{root / 'auth.db'}\nadmin_username = admin\nadmin_password = password1234\n"
        "authorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
    )
    # One worker: with two, both run the auth database's migration at start-up on a new auth.db, one of them
    # fails on the race, and gunicorn then shuts the whole server down ("Worker failed to boot").
    server = MlflowServer(
        V2, root, app_name="basic-auth", workers=1, env={"MLFLOW_AUTH_CONFIG_PATH": str(root / "basic_auth.ini")}
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture
def client(server: MlflowServer) -> Iterator[TrackingClient]:
    with TrackingClient(server.url, max_retries=2, retry_budget=30) as tracking:
        yield tracking


@pytest.fixture
def client2(server2: MlflowServer) -> Iterator[TrackingClient]:
    with TrackingClient(server2.url, max_retries=2, retry_budget=30) as tracking:
        yield tracking


@pytest.fixture
def client3(server3: MlflowServer) -> Iterator[TrackingClient]:
    with TrackingClient(server3.url, max_retries=2, retry_budget=30) as tracking:
        yield tracking


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def aclient(server: MlflowServer) -> AsyncIterator[AsyncTrackingClient]:
    async with AsyncTrackingClient(server.url, max_retries=2, retry_budget=30) as tracking:
        yield tracking


@pytest.fixture(autouse=True)
def _clean_mlflow_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's MLflow settings; tests that need some set them."""
    import os

    for name in list(os.environ):
        if name.startswith("MLFLOW_"):
            monkeypatch.delenv(name)


def unique(prefix: str) -> str:
    """A name no other test (or earlier session on the same server) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)

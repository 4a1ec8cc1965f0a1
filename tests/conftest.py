"""The one fixture module that owns the real MLflow servers.

Servers start once per session, side by side, on first use: MLflow 2.22.5 and 3.17.2 from their own virtual
environments (`make servers`), SQLite in a temporary folder, a free loopback port each. A test asks for
`server` to run on both, or for `server2` / `server3` for one. Tests that use a server get the `server`
marker, so `pytest -m "not server"` runs the unit tests alone.

The production configuration (`ProductionPool`): both versions again, on PostgreSQL with 4 workers each and
with their artifacts in an S3 store (moto, reached through a `FaultProxy`, so tests can fail S3 requests), all
started by the test bed on free loopback ports. A test marked `contract` runs on it too (its `server` takes
four values), and `pg_server` asks for it alone; such tests get the `production` marker, so
`pytest -m production` runs them alone.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from faultproxy import FaultProxy

from mlflow_lite import AsyncTrackingClient, TrackingClient
from mlflow_server import S3_ENV, VERSIONS, MlflowServer, PostgresServer, S3Server, server_env_dir

# Fixtures other modules define, registered for every test: `either` (a sync, then an async client).
pytest_plugins = ["either_client"]

V2, V3 = VERSIONS
# The production configuration's servers, by the name a test's `server` takes.
PRODUCTION = {f"{version}-pg": version for version in VERSIONS}
SERVER_FIXTURES = {"server", "server2", "server3", "auth_server", "client", "aclient", "client2", "client3"}
SERVER_FIXTURES |= {"pg_server", "killable_server"}


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


class ProductionPool:
    """PostgreSQL, an S3 store behind a fault proxy, and both MLflow versions on them with 4 workers each: all
    started at the first request (about a minute, the servers side by side), stopped at the end."""

    WORKERS = 4

    def __init__(self, root: Path) -> None:
        self.root = root
        self.servers: dict[str, MlflowServer] = {}
        self.postgres = PostgresServer()
        self.s3 = S3Server()
        self.s3_proxy: FaultProxy | None = None
        self.failed: Exception | None = None

    def get(self, version: str) -> MlflowServer:
        if self.failed is not None:  # once: every later test reports the first failure instead of a retry's
            raise RuntimeError(f"the production configuration did not start: {self.failed}")
        if not self.servers:
            try:
                self._start()
            except Exception as exc:
                self.failed = exc
                raise
        return self.servers[version]

    def _start(self) -> None:
        self.postgres.start()
        self.s3.start()
        # The servers reach S3 through the proxy, so the presigned URLs they hand out go through it too.
        self.s3_proxy = FaultProxy(self.s3.url).start()
        for version in VERSIONS:
            name = "mlflow_" + version.replace(".", "_")
            server = MlflowServer(
                version,
                self.root / version,
                workers=self.WORKERS,
                backend_store_uri=self.postgres.create_database(name),
                artifacts_destination=self.s3.create_bucket(name.replace("_", "-")) + "/artifacts",
                env={**S3_ENV, "MLFLOW_S3_ENDPOINT_URL": self.s3_proxy.url},
            )
            server.launch()
            self.servers[version] = server
        for server in self.servers.values():
            server.wait_ready(timeout=300)

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        if self.s3_proxy is not None:
            self.s3_proxy.stop()
        self.s3.stop()
        self.postgres.stop()


@pytest.fixture(scope="session")
def server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    pool = ServerPool(tmp_path_factory.mktemp("mlflow-servers"))
    yield pool
    pool.stop()


@pytest.fixture(scope="session")
def production_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProductionPool]:
    pool = ProductionPool(tmp_path_factory.mktemp("mlflow-production"))
    yield pool
    pool.stop()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`server` takes each version; for a test marked `contract`, each version on PostgreSQL and S3 too."""
    if "server" in metafunc.fixturenames:
        names = list(VERSIONS)
        if metafunc.definition.get_closest_marker("contract"):
            names += list(PRODUCTION)
        metafunc.parametrize("server", names, indirect=True, ids=[f"mlflow-{name}" for name in names])


@pytest.fixture
def server(request: pytest.FixtureRequest, server_pool: ServerPool) -> MlflowServer:
    """Each real server in turn: a test using it runs once per MLflow version (and per configuration)."""
    name: str = request.param
    if name in PRODUCTION:
        production: ProductionPool = request.getfixturevalue("production_pool")
        return production.get(PRODUCTION[name])
    return server_pool.get(name)


@pytest.fixture(params=VERSIONS, ids=[f"mlflow-{v}-pg" for v in VERSIONS])
def pg_server(request: pytest.FixtureRequest, production_pool: ProductionPool) -> MlflowServer:
    """Each version in the production configuration (PostgreSQL, 4 workers, S3 artifacts)."""
    version: str = request.param
    return production_pool.get(version)


@pytest.fixture(scope="session")
def killable_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, MlflowServer]]:
    """Servers of their own (one worker, SQLite) for tests that kill a server and start it again, so that the
    other tests' servers never go away."""
    pool: dict[str, MlflowServer] = {}
    yield pool
    for started in pool.values():
        started.stop()


@pytest.fixture(params=VERSIONS, ids=[f"mlflow-{v}-killable" for v in VERSIONS])
def killable_server(
    request: pytest.FixtureRequest, killable_pool: dict[str, MlflowServer], tmp_path_factory: pytest.TempPathFactory
) -> MlflowServer:
    """Each version's killable server, running (started again when an earlier test left it down)."""
    version: str = request.param
    if version not in killable_pool:
        killable_pool[version] = MlflowServer(version, tmp_path_factory.mktemp(f"killable-{version}"), workers=1)
    server = killable_pool[version]
    if not server.running:
        server.start()
    return server


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
        callspec = getattr(item, "callspec", None)
        if "pg_server" in getattr(item, "fixturenames", ()) or (
            callspec is not None and callspec.params.get("server") in PRODUCTION
        ):
            item.add_marker(pytest.mark.production)

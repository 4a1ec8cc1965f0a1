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

The stores configuration (`StorePool`, `store_server`): both versions with `--no-serve-artifacts`, their
artifacts in an S3 bucket (moto behind a `FaultProxy`) or, per experiment, in a `file://` folder, which the
clients write themselves; started only by the tests that ask for it. `azurite` is Azure's storage emulator
alone (no MLflow server, so no `server` marker), behind a `FaultProxy`, for the stores' Azure tests.

Under pytest-xdist (`make test` runs `-n`), the shared servers are still started once per run, not once per
worker: the first worker that needs them starts them under a file lock and writes their ports to a file in the
run's temporary folder, the other workers attach to them, and the controller stops them at the end (a worker
that finishes early must not take them away from the others). Tests that need a server of their own kind (the
production configuration, the killable and basic-auth servers, a module's private servers) are kept on one
worker each by an `xdist_group` (`--dist loadgroup`), so those servers too start once.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from faultproxy import FaultProxy

from mlflow_lite import AsyncTrackingClient, TrackingClient
from mlflow_server import S3_ENV, VERSIONS, AzureServer, MlflowServer, PostgresServer, S3Server, server_env_dir

# Fixtures other modules define, registered for every test: `either` (a sync, then an async client).
pytest_plugins = ["either_client"]

V2, V3 = VERSIONS
# The production configuration's servers, by the name a test's `server` takes.
PRODUCTION = {f"{version}-pg": version for version in VERSIONS}
SERVER_FIXTURES = {"server", "server2", "server3", "auth_server", "client", "aclient", "client2", "client3"}
SERVER_FIXTURES |= {"pg_server", "killable_server", "store_server", "store_pool"}


# --- servers shared by the xdist workers of one run -----------------------------------------------------------

SHARED = "shared-servers"  # the folder, in the run's temporary folder, of the servers the workers share


def xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` across processes (the workers of one run)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _owned_by_the_controller(folder: Path, server: MlflowServer) -> None:
    """Note a shared server's process (its own session: it ends with its workers) for the controller to stop."""
    with (folder / "pids").open("a") as pids:
        pids.write(f"{server.pid}\n")


# The shared servers this worker started: the controller stops them, after every worker has finished.
HANDED_OVER: list[MlflowServer] = []


def stop_shared_servers(folder: Path) -> None:
    """The controller's end of the run: stop every shared server's process group (SIGTERM, then SIGKILL)."""
    pids_file = folder / "pids"
    if not pids_file.exists():
        return
    pids = [int(line) for line in pids_file.read_text().split()]
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    deadline = time.monotonic() + 20
    for pid in pids:
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            with suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    pids_file.unlink()


class ServerPool:
    """Starts every version's server at the first request for any of them (they take ~20 s each, so in
    parallel), and stops them at the end of the session. With `shared` (a folder every xdist worker of the run
    sees), the first worker starts them and the others attach; the controller stops them."""

    def __init__(self, root: Path, shared: Path | None = None) -> None:
        self.root = root
        self.shared = shared
        self.servers: dict[str, MlflowServer] = {}

    def get(self, version: str) -> MlflowServer:
        if not self.servers:
            if self.shared is None:
                self._start(self.root)
            else:
                self._attach_or_start(self.shared)
        return self.servers[version]

    def _start(self, root: Path) -> None:
        for name in VERSIONS:
            if not (server_env_dir(name) / "bin" / "mlflow").exists():
                pytest.fail(f"no MLflow {name} environment: run `make servers`")
            self.servers[name] = MlflowServer(name, root / name)
            self.servers[name].launch()
        for started in self.servers.values():
            started.wait_ready()

    def _attach_or_start(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        state = folder / "servers.json"
        with _locked(folder / "servers.lock"):
            if not state.exists():
                try:
                    self._start(folder)
                finally:
                    for server in self.servers.values():
                        if server.pid is not None:
                            _owned_by_the_controller(folder, server)
                ports = {name: server.port for name, server in self.servers.items()}
                state.write_text(json.dumps(ports))
                # The controller's now (kept referenced, so that no "still running" warning fires): attach like
                # every other worker.
                HANDED_OVER.extend(self.servers.values())
                self.servers = {}
            ports = json.loads(state.read_text())
        for name, port in ports.items():
            self.servers[name] = MlflowServer(name, folder / name, port=port)

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()  # an attached server has no process here: the controller stops it


class ProductionPool:
    """PostgreSQL, an S3 store behind a fault proxy, and both MLflow versions on them with 4 workers each: all
    started at the first request (about a minute, the servers side by side), stopped at the end. With
    `one_version` (an xdist worker: each version's production tests are a group of their own, see
    `xdist_group`), only the version asked for starts, so two workers run the two versions side by side, each
    with PostgreSQL and S3 of its own (they start in seconds)."""

    WORKERS = 4

    def __init__(self, root: Path, *, one_version: bool = False) -> None:
        self.root = root
        self.one_version = one_version
        self.servers: dict[str, MlflowServer] = {}
        self.postgres = PostgresServer()
        # A ranged GET costs moto the range, not the whole object (see `MOTO_SERVER`): MLflow's proxy fetches the
        # 1 GiB artifact in 128 ranges of 8 MiB, each a read of 1 GiB in moto as shipped.
        self.s3 = S3Server(cheap_ranges=True)
        self.s3_proxy: FaultProxy | None = None
        self.failed: Exception | None = None

    def get(self, version: str) -> MlflowServer:
        if self.failed is not None:  # once: every later test reports the first failure instead of a retry's
            raise RuntimeError(f"the production configuration did not start: {self.failed}")
        if version not in self.servers:
            try:
                self._start([version] if self.one_version else list(VERSIONS))
            except Exception as exc:
                self.failed = exc
                raise
        return self.servers[version]

    def _start(self, versions: list[str]) -> None:
        if self.s3_proxy is None:
            self.postgres.start()
            self.s3.start()
            # The servers reach S3 through the proxy, so the presigned URLs they hand out go through it too.
            self.s3_proxy = FaultProxy(self.s3.url).start()
        started = []
        for version in versions:
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
            started.append(server)
        for server in started:
            server.wait_ready()

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        if self.s3_proxy is not None:
            self.s3_proxy.stop()
        self.s3.stop()
        self.postgres.stop()


@pytest.fixture(scope="session")
def server_pool(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    # An xdist worker's temporary folder is `<the run's>/<worker id>`: the run's folder is the one they share.
    shared = tmp_path_factory.getbasetemp().parent / SHARED if xdist_worker(request.config) else None
    pool = ServerPool(tmp_path_factory.mktemp("mlflow-servers"), shared)
    yield pool
    pool.stop()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The xdist controller (which runs no test) stops the servers its workers shared, once all have finished."""
    config = session.config
    if not xdist_worker(config) and config.pluginmanager.hasplugin("dsession"):
        stop_shared_servers(config._tmp_path_factory.getbasetemp() / SHARED)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def production_pool(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ProductionPool]:
    pool = ProductionPool(tmp_path_factory.mktemp("mlflow-production"), one_version=xdist_worker(request.config))
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


class StorePool:
    """The servers that do not proxy artifacts (`--no-serve-artifacts`), one per version, started on first use: new
    experiments' artifacts go to an S3 bucket (moto, reached through a `FaultProxy` by the server and the clients
    alike, so tests can fail S3 requests), and an experiment created with a `file://` location keeps them in a
    folder the clients write. `env` is what a client needs to reach the store (MLflow's variables)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.servers: dict[str, MlflowServer] = {}
        self.s3 = S3Server(cheap_ranges=True)  # as the production configuration's (see there)
        self.s3_proxy: FaultProxy | None = None

    @property
    def env(self) -> dict[str, str]:
        assert self.s3_proxy is not None
        return {**S3_ENV, "MLFLOW_S3_ENDPOINT_URL": self.s3_proxy.url}

    def start_s3(self) -> FaultProxy:
        """moto and the fault proxy in front of it (once), without the MLflow servers."""
        if self.s3_proxy is None:
            self.s3.start()
            self.s3_proxy = FaultProxy(self.s3.url).start()
        return self.s3_proxy

    def get(self, version: str) -> MlflowServer:
        self.start_s3()
        if version not in self.servers:
            name = "stores-" + version.replace(".", "-")
            server = MlflowServer(
                version,
                self.root / version,
                serve_artifacts=False,
                artifacts_destination=self.s3.create_bucket(name) + "/artifacts",
                env=self.env,
            )
            server.start()
            self.servers[version] = server
        return self.servers[version]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        if self.s3_proxy is not None:
            self.s3_proxy.stop()
        self.s3.stop()


@pytest.fixture(scope="session")
def store_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StorePool]:
    pool = StorePool(tmp_path_factory.mktemp("mlflow-stores"))
    yield pool
    pool.stop()


@pytest.fixture(scope="session")
def azurite() -> Iterator[tuple[AzureServer, FaultProxy]]:
    """Azurite's Blob service (no MLflow server) and a fault proxy in front of it, for the stores' Azure tests."""
    server = AzureServer()
    server.start()
    proxy = FaultProxy(server.url.rsplit("/", 1)[0]).start()
    yield server, proxy
    proxy.stop()
    server.stop()


@pytest.fixture(params=VERSIONS, ids=[f"mlflow-{v}-stores" for v in VERSIONS])
def store_server(request: pytest.FixtureRequest, store_pool: StorePool) -> MlflowServer:
    """Each version's server that does not proxy artifacts, in turn (see `StorePool`)."""
    return store_pool.get(request.param)


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


# Session-scoped fixtures that every worker may hold at no cost, or that the workers share (`server_pool`).
CHEAP_OR_SHARED = {"server_pool", "anyio_backend", "tmp_path_factory", "worker_id", "testrun_uid"}


def xdist_group(item: pytest.Item) -> str | None:
    """The worker group of a test that needs a costly fixture no other worker may start again: the production
    configuration (per version), the killable servers, the basic-auth server (session-scoped, one of each per
    run), and a module's own fixtures (module-scoped: its private servers, a report made once) per parameter.
    None: any worker may run it."""
    info = getattr(item, "_fixtureinfo", None)
    callspec = getattr(item, "callspec", None)
    params = callspec.params if callspec is not None else {}
    if params.get("server") in PRODUCTION:
        return f"production-{PRODUCTION[params['server']]}"
    if "pg_server" in params:
        return f"production-{params['pg_server']}"
    if info is None:
        return None
    names: list[str] = item.fixturenames  # type: ignore[attr-defined]
    for name in names:
        definitions = info.name2fixturedefs.get(name)
        if not definitions or name in CHEAP_OR_SHARED:
            continue
        scope = definitions[-1].scope
        if scope == "session":
            return name
        if scope in ("module", "package", "class"):
            # No "]" in a group's name: xdist takes what follows the last "@" after the last "]" as the group.
            module = item.nodeid.split("::")[0].removeprefix("tests/").removesuffix(".py")
            return f"{module}:{name}={params.get(name, '')}"
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own, which reads the groups (and before -m reads the markers)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
        callspec = getattr(item, "callspec", None)
        if "pg_server" in getattr(item, "fixturenames", ()) or (
            callspec is not None and callspec.params.get("server") in PRODUCTION
        ):
            item.add_marker(pytest.mark.production)
        if xdist_worker(config) and (group := xdist_group(item)) is not None:
            item.add_marker(pytest.mark.xdist_group(group))
            _name_the_group(item, group)
    if xdist_worker(config):
        items.sort(key=_handed_out)  # stable: within a rank, as collected


# The groups that take longest, handed out first, one to each worker (in one run of `make test` on 2 cores, the
# 1 GiB round trip alone took 4 minutes of the 3.17.2 production group, and each version's compat scripts 3.6
# minutes before the group's first test). xdist hands out work in the order collected when `make test` turns off
# its own reordering, which goes by the number of tests in a group and says nothing of how long it takes. So the
# longest groups start at once, the other groups next, and the short single tests fill in around them.
LONGEST_FIRST: tuple[str, ...] = (
    f"production-{V3}",
    f"compat/test_compat:both={V2}",
    f"compat/test_compat:both={V3}",
    f"production-{V2}",
)


def _handed_out(item: pytest.Item) -> int:
    """Where a test comes in the order xdist hands out work: the longest groups, other groups, single tests."""
    group = next((marker.args[0] for marker in item.iter_markers("xdist_group")), None)
    if group is None:
        return len(LONGEST_FIRST) + 1
    return next((i for i, name in enumerate(LONGEST_FIRST) if group.startswith(name)), len(LONGEST_FIRST))


def _name_the_group(item: pytest.Item, group: str) -> None:
    """`--dist loadgroup` schedules by the test's id, `<id>@<group>`, which xdist's worker writes from the marker
    into `_nodeid`; pytest 9.2 keeps the id in `_id` instead, so xdist 3.8.0's write is lost and every group
    falls apart into single tests. The id is written here, the way xdist means it to be."""
    if hasattr(item, "_id") and not item.nodeid.endswith(f"@{group}"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(f"{item.nodeid}@{group}")

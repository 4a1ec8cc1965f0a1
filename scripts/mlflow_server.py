"""Start and stop a real `mlflow server` on loopback, from one of the project's server environments, and the
production parts behind it: PostgreSQL and an S3-compatible artifact store.

The tests' fixture module, `make demo` and `make bench` all start servers through `MlflowServer`, so a server
is launched one way everywhere: its own virtual environment (`.servers/mlflow-<version>`, built by the
Makefile), SQLite in a folder of the caller's choosing (or a PostgreSQL database), a free loopback port,
telemetry off, and a wait on `/health` that shows the server's log when it fails to come up.

`PostgresServer` runs the PostgreSQL binaries of the `pgserver` wheel (`.servers/postgres`) on a free TCP
port with its data in a temporary folder; `S3Server` runs moto's standalone S3 server (`.servers/moto`);
`AzureServer` runs Azurite's Blob service (`.servers/azurite`, from npm), for the stores' Azure tests. All are
started and stopped by the caller: no system service is assumed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import urllib.request
from email.utils import formatdate
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVERS = ROOT / ".servers"
VERSIONS = ("2.22.5", "3.17.2")
# How long a server may take to start before it is called broken: an MLflow server takes about 20 s on a quiet
# 2-core machine, PostgreSQL and moto a few seconds; 600 s is 30 times the slowest of them, room for a machine
# loaded many times over (starts of 3-4 minutes were seen with several other suites running beside this one).
START_TIMEOUT = 600.0


def server_env_dir(version: str) -> Path:
    """The virtual environment that holds MLflow `version` (see the Makefile's `servers` target)."""
    return SERVERS / f"mlflow-{version}"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerStartError(RuntimeError):
    """The server did not answer `/health` in time; the message carries the end of its log."""


class MlflowServer:
    """One `mlflow server` process with its store in `root` (kept across `stop()`/`start()`)."""

    def __init__(
        self,
        version: str,
        root: Path,
        *,
        port: int | None = None,
        app_name: str | None = None,
        serve_artifacts: bool = True,
        workers: int = 2,
        env: dict[str, str] | None = None,
        backend_store_uri: str | None = None,
        artifacts_destination: str | None = None,
    ) -> None:
        self.version = version
        self.root = root
        self.port = port or free_port()
        self.app_name = app_name
        self.serve_artifacts = serve_artifacts
        self.workers = workers
        self.extra_env = env or {}
        # SQLite in `root` unless given (a PostgreSQL URI); local artifacts in `root` unless given (s3://...).
        self.backend_store_uri = backend_store_uri
        self.artifacts_destination = artifacts_destination
        self.log_path = root / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.root / "mlflow.db"

    def command(self) -> list[str]:
        cmd = [
            str(server_env_dir(self.version) / "bin" / "mlflow"),
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--backend-store-uri",
            self.backend_store_uri or f"sqlite:///{self.db_path}",
            "--workers",
            str(self.workers),
        ]
        if self.serve_artifacts:
            cmd += ["--artifacts-destination", self.artifacts_destination or str(self.root / "artifacts")]
        else:
            # The clients write the store themselves: `artifacts_destination` is the root of new experiments.
            root = self.artifacts_destination or str(self.root / "artifacts")
            cmd += ["--no-serve-artifacts", "--default-artifact-root", root]
        if self.app_name:
            cmd += ["--app-name", self.app_name]
        if self.version.startswith("2."):
            # gunicorn's timeout kills a sync worker that has not finished its request by then, even one in the
            # middle of a large artifact transfer: the default 30 s cuts any large file, and 300 s cut the 1 GiB
            # download through the S3 proxy on a busy machine (copying it from the store alone took ~280 s there).
            cmd += ["--gunicorn-opts", "--timeout 900"]
        else:
            # uvicorn's supervisor kills a worker that does not answer its health check within 5 s (the default)
            # and starts another: on a loaded machine a worker still importing MLflow misses that, and the server
            # restarts its workers in a loop and never answers (seen with other suites beside this one). A
            # 300 s bound for a hung worker, not a speed check.
            cmd += ["--uvicorn-opts", "--timeout-worker-healthcheck 300"]
        return cmd

    def environment(self) -> dict[str, str]:
        # The server must not see the caller's tracking settings, and 3.x must not try to send telemetry
        # (this machine has no internet: it would only slow things down).
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env.update(
            MLFLOW_DISABLE_TELEMETRY="true",
            DO_NOT_TRACK="true",
            # 3.x starts a job runner beside each server (a Huey consumer and periodic tasks, polling the store)
            # for features the tracking API does not use; on a 2-core machine running many servers, its polling
            # is CPU the tests need.
            MLFLOW_SERVER_ENABLE_JOB_EXECUTION="false",
            # Read by the basic-auth app (2.22.5 refuses to start it without a secret key).
            MLFLOW_FLASK_SERVER_SECRET_KEY="mlflow-lite-tests",  # noqa: S106 - a loopback test server's key
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the server and wait until `/health` answers."""
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the process without waiting for it (see `wait_ready`): servers start side by side."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._seed_database()
        log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            self.command(),
            cwd=self.root,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own process group, so that stop() also ends gunicorn's or uvicorn's workers.
            start_new_session=True,
        )
        log.close()

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until `/health` answers; on failure stop the process and raise with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise ServerStartError(f"mlflow {self.version} did not start on {self.url}; end of its log:\n{self.log_tail()}")

    def _seed_database(self) -> None:
        # Creating the schema takes most of a server's start-up (dozens of migrations). A template made once
        # per server environment by `prepare_template` is copied instead when the store is new.
        template = server_env_dir(self.version) / "template.db"
        if self.backend_store_uri is None and not self.db_path.exists() and template.exists():
            shutil.copyfile(template, self.db_path)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        process, self._process = self._process, None
        _stop(process)

    @property
    def pid(self) -> int | None:
        """The server's process id (its process group's too), while this object runs it."""
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """End the server at once (SIGKILL), as an outage would."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def __enter__(self) -> MlflowServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# --- PostgreSQL and S3 ---------------------------------------------------------------------------------------

POSTGRES_ENV = SERVERS / "postgres"
MOTO_ENV = SERVERS / "moto"
AZURITE_ENV = SERVERS / "azurite"
# PostgreSQL refuses to run as root; run as root (a container, CI), the server runs as this system user.
POSTGRES_SYSTEM_USER = "mlflow-lite-pg"
# Credentials moto accepts (it checks none); the MLflow servers and the tests use them for the S3 store.
S3_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
# Azurite's one account and its key: Azure's published development-storage account, the same in every Azurite.
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def _as(user: str | None) -> dict[str, Any]:
    """`subprocess` options to run as `user` with its own group and no other: with root's groups kept, a folder
    that lets others traverse it but not its group (a `mktemp -d` checkout, mode 701 once opened) stays shut."""
    if user is None:
        return {}
    return {"user": user, "group": pwd.getpwnam(user).pw_gid, "extra_groups": []}


def _spawn(
    command: list[str], log_path: Path, what: str, port: int, timeout: float, **options: Any
) -> subprocess.Popen[bytes]:
    """Start a server process in a session of its own, its output appended to `log_path`, and wait for its port."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True, **options
        )
    _wait_for_port(port, process, what, log_path, timeout)
    return process


def _wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    raise ServerStartError(f"{what} did not start on port {port}; end of its log:\n{text[-3000:]}")


def _stop(process: subprocess.Popen[bytes] | None, sig: int = signal.SIGTERM) -> None:
    """End a server's whole session (its workers too): `sig`, then SIGKILL after 20 s."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


class PostgresServer:
    """A PostgreSQL server (the `pgserver` wheel's binaries) on a free loopback port, data in a temporary
    folder, trust authentication for the `postgres` user (loopback only), fsync off (a test bed: speed over
    durability, which is the database's business, not the client's)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="mlflow-lite-pg-"))
        self.data = self.base / "data"
        self.log_path = self.base / "postgres.log"
        self._process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def binaries() -> Path:
        found = sorted(POSTGRES_ENV.glob("lib/python3*/site-packages/pgserver/pginstall/bin"))
        if not found:
            raise ServerStartError("no PostgreSQL binaries: run `make servers`")
        return found[0]

    def _user(self) -> str | None:
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(POSTGRES_SYSTEM_USER)
        except KeyError:
            added = subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", POSTGRES_SYSTEM_USER],
                check=False,
                capture_output=True,
            )
            if added.returncode != 0:  # another process (a test worker) may have added it meanwhile: fine
                try:
                    pwd.getpwnam(POSTGRES_SYSTEM_USER)
                except KeyError:
                    added.check_returncode()
        # That user must reach the binaries and its data folder: let every folder above them be traversed
        # (execute only, never read), as a temporary checkout (mode 700) would otherwise forbid.
        for folder in (self.binaries(), self.base):
            for parent in (folder, *folder.parents):
                mode = parent.stat().st_mode
                if not mode & stat.S_IXOTH:
                    parent.chmod(mode | stat.S_IXOTH)
        return POSTGRES_SYSTEM_USER

    def start(self, timeout: float = START_TIMEOUT) -> None:
        user = self._user()
        self.data.mkdir()
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(self.data, entry.pw_uid, entry.pw_gid)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        binaries = self.binaries()
        subprocess.run(
            [str(binaries / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres", "--encoding=UTF8"],
            check=True,
            capture_output=True,
            **_as(user),
        )
        listen = ["-h", "127.0.0.1", "-p", str(self.port), "-k", str(self.base)]
        settings = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "max_connections=300"]
        command = [str(binaries / "postgres"), "-D", str(self.data), *listen, *settings]
        started = time.monotonic()
        self._process = _spawn(command, self.log_path, "PostgreSQL", self.port, timeout, **_as(user))
        # Its port opens before it takes connections ("the database system is starting up": a psql run then
        # fails), which a loaded machine makes last: wait until pg_isready says it accepts them.
        deadline = started + timeout
        while True:
            ready = subprocess.run(
                [str(binaries / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False
            )
            if ready.returncode == 0:
                return
            if time.monotonic() > deadline or self._process.poll() is not None:
                text = self.log_path.read_text(errors="replace")
                raise ServerStartError(f"PostgreSQL does not take connections; end of its log:\n{text[-3000:]}")
            time.sleep(0.1)

    def create_database(self, name: str) -> str:
        """Create a database and return its SQLAlchemy URI (MLflow's servers use psycopg2)."""
        connect = ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
        done = subprocess.run(
            [str(self.binaries() / "psql"), *connect, "-c", f'CREATE DATABASE "{name}"'],
            check=False,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ServerStartError(f"PostgreSQL did not create the database {name!r}: {done.stderr.strip()}")
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        _stop(self._process, signal.SIGINT)  # PostgreSQL's fast shutdown
        self._process = None
        shutil.rmtree(self.base, ignore_errors=True)


# moto's standalone S3 server (`moto.server.main`, what `moto_server` runs) with one change to what an answer costs
# moto, none to what it answers: test-bed plumbing, for `S3Server(cheap_ranges=True)`. moto answers a ranged GET
# by reading the whole object from its temporary file (under the object's lock: one such read at a time) and
# slicing the range out of it. MLflow's server fetches an artifact it proxies from S3 with boto3's transfer
# manager, in ranges of 8 MiB, 10 at a time (neither reads a setting for that: MLflow passes boto3 no
# TransferConfig, and boto3's reads no environment variable or config file): for the production tests' 1 GiB
# artifact, 128 GETs that each made moto read and hold 1 GiB. Here moto keeps the bytes of the last object it read
# until that object is written again, so a range costs moto its own size; MLflow still makes the same 128 ranged
# GETs and gets the same bytes. Written for moto 5.2.5 (the Makefile pins it): a moto whose `FakeKey.value` is no
# longer a property fails at start, with the reason in its log.
MOTO_SERVER = r"""
import sys, threading
from moto.s3.models import FakeKey
from moto.server import main

whole = FakeKey.value
assert isinstance(whole, property) and whole.fset is not None, "moto's FakeKey.value is no longer a property"
lock = threading.Lock()  # held over a read and the keeping of its bytes, so that no write comes between them
last = {}  # the object read last ("key") and its bytes ("data"): one object at most

def read(key):
    with lock:
        if last.get("key") is not key:
            last.clear()  # the previous object's bytes go before the next object's are read
            last.update(key=key, data=whole.fget(key))
        return last["data"]

def write(key, value):
    with lock:
        if last.get("key") is key:
            last.clear()
        whole.fset(key, value)

FakeKey.value = property(read, write)
sys.exit(main())
"""


class S3Server:
    """moto's standalone S3 server on a free loopback port: the S3 protocol (presigned URLs and multipart
    uploads included) in one process, objects spooled to temporary files. It does not check signatures or
    permissions, nor does it behave like S3 under load: it proves the protocol, not a cloud store.

    With `cheap_ranges` (the tests' servers), moto runs with `MOTO_SERVER`'s change: a ranged GET of a large object
    no longer reads the whole object. The bench runs moto as shipped, whose cost its S3 figures state."""

    def __init__(self, *, cheap_ranges: bool = False) -> None:
        self.cheap_ranges = cheap_ranges
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="mlflow-lite-s3-"))
        self.log_path = self.base / "moto.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = START_TIMEOUT) -> None:
        server = (
            [str(MOTO_ENV / "bin" / "python"), "-c", MOTO_SERVER]
            if self.cheap_ranges
            else [str(MOTO_ENV / "bin" / "moto_server")]
        )
        command = [*server, "-H", "127.0.0.1", "-p", str(self.port)]
        env = {**os.environ, **S3_ENV, "TMPDIR": str(self.base)}
        self._process = _spawn(command, self.log_path, "moto's S3 server", self.port, timeout, env=env)

    def create_bucket(self, name: str) -> str:
        """Create a bucket (a plain PUT: moto checks no signature) and return its `s3://` URI."""
        request = urllib.request.Request(f"{self.url}/{name}", method="PUT")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200, answer.status
        return f"s3://{name}"

    def stop(self) -> None:
        _stop(self._process)
        self._process = None
        shutil.rmtree(self.base, ignore_errors=True)


class AzureServer:
    """Azurite's Blob service (Microsoft's Azure Storage emulator, from npm) on a free loopback port, in memory. It
    checks shared-key signatures as Azure does, so the client's signing is proven too; it does not behave like Azure
    under load."""

    def __init__(self) -> None:
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="mlflow-lite-azurite-"))
        self.log_path = self.base / "azurite.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The account's Blob endpoint (Azurite puts the account in the path)."""
        return f"http://127.0.0.1:{self.port}/{AZURITE_ACCOUNT}"

    def connection_string(self, endpoint: str | None = None) -> str:
        """MLflow's `AZURE_STORAGE_CONNECTION_STRING` for the account at `endpoint` (this server, or a proxy)."""
        return (
            f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};AccountKey={AZURITE_KEY};"
            f"BlobEndpoint={endpoint or self.url};"
        )

    def start(self, timeout: float = START_TIMEOUT) -> None:
        command = [
            str(AZURITE_ENV / "node_modules" / ".bin" / "azurite-blob"),
            *("--blobHost", "127.0.0.1", "--blobPort", str(self.port)),
            *("--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck"),
        ]
        self._process = _spawn(command, self.log_path, "Azurite", self.port, timeout, cwd=self.base)

    def create_container(self, name: str) -> str:
        """Create a container (signed with the account's key, as Azurite requires) and return its `wasbs://` URI."""
        headers = {"x-ms-date": formatdate(usegmt=True), "x-ms-version": "2021-08-06"}
        canonical = "".join(f"{key}:{value}\n" for key, value in sorted(headers.items()))
        # Shared-key signing: the verb, eleven empty standard headers, the x-ms- ones, then the resource (the
        # account twice: once as the account, once as Azurite's path).
        text = f"PUT\n{chr(10) * 11}{canonical}/{AZURITE_ACCOUNT}/{AZURITE_ACCOUNT}/{name}\nrestype:container"
        digest = hmac.new(base64.b64decode(AZURITE_KEY), text.encode(), hashlib.sha256).digest()
        headers["Authorization"] = f"SharedKey {AZURITE_ACCOUNT}:{base64.b64encode(digest).decode()}"
        request = urllib.request.Request(
            f"{self.url}/{name}?restype=container", method="PUT", headers={**headers, "Content-Length": "0"}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 201, answer.status
        return f"wasbs://{name}@{AZURITE_ACCOUNT}.blob.core.windows.net"

    def stop(self) -> None:
        _stop(self._process)
        self._process = None
        shutil.rmtree(self.base, ignore_errors=True)


def prepare_template(version: str) -> None:
    """Create `.servers/mlflow-<version>/template.db`, an empty store with every migration applied."""
    env_dir = server_env_dir(version)
    template = env_dir / "template.db"
    if template.exists():
        return
    partial = env_dir / "template.db.partial"
    partial.unlink(missing_ok=True)
    code = (
        "import sys\n"
        "from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore\n"
        "from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as Registry\n"
        "uri = 'sqlite:///' + sys.argv[1]\n"
        # The root a server serving artifacts uses, so the Default experiment's runs can store artifacts too.
        "SqlAlchemyStore(uri, 'mlflow-artifacts:/')\n"
        "Registry(uri)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["MLFLOW_DISABLE_TELEMETRY"] = "true"
    subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", code, str(partial)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    partial.replace(template)


if __name__ == "__main__":
    import sys

    for name in sys.argv[1:] or VERSIONS:
        prepare_template(name)

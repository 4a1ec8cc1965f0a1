"""Start and stop a real `mlflow server` on loopback, from one of the project's server environments.

The tests' fixture module, `make demo` and `make bench` all start servers through `MlflowServer`, so a server
is launched one way everywhere: its own virtual environment (`.servers/mlflow-<version>`, built by the
Makefile), SQLite in a folder of the caller's choosing, a free loopback port, telemetry off, and a wait on
`/health` that shows the server's log when it fails to come up.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
SERVERS = ROOT / ".servers"
VERSIONS = ("2.22.5", "3.17.2")


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
    ) -> None:
        self.version = version
        self.root = root
        self.port = port or free_port()
        self.app_name = app_name
        self.serve_artifacts = serve_artifacts
        self.workers = workers
        self.extra_env = env or {}
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
            f"sqlite:///{self.db_path}",
            "--workers",
            str(self.workers),
        ]
        if self.serve_artifacts:
            cmd += ["--artifacts-destination", str(self.root / "artifacts")]
        else:
            cmd += ["--no-serve-artifacts", "--default-artifact-root", str(self.root / "artifacts")]
        if self.app_name:
            cmd += ["--app-name", self.app_name]
        if self.version.startswith("2."):
            # gunicorn's default 30 s worker timeout kills a worker in the middle of a large artifact transfer.
            cmd += ["--gunicorn-opts", "--timeout 300"]
        return cmd

    def environment(self) -> dict[str, str]:
        # The server must not see the caller's tracking settings, and 3.x must not try to send telemetry
        # (this machine has no internet: it would only slow things down).
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env.update(
            MLFLOW_DISABLE_TELEMETRY="true",
            DO_NOT_TRACK="true",
            # Read by the basic-auth app (2.22.5 refuses to start it without a secret key).
            MLFLOW_FLASK_SERVER_SECRET_KEY="mlflow-lite-tests",  # noqa: S106 - a loopback test server's key
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 180.0) -> None:
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

    def wait_ready(self, timeout: float = 180.0) -> None:
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
        if not self.db_path.exists() and template.exists():
            shutil.copyfile(template, self.db_path)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

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

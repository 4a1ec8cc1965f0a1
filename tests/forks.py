"""Runs Python code as a fresh `python -c CODE` or `python script.py` would, in children forked from one
process that has imported the library already: MLflow's `mlflow`, or mlflow-lite. The import is most of a short
script's CPU (2-3 s for MLflow), and the suite runs a few hundred: the oracle's calls (`oracle.py`) and the
compat scripts (`compat/`), each script with both libraries. Standard library only, since the process runs in the
MLflow server environments too.

    python forks.py mlflow|lite

Jobs come on stdin, one JSON object per line, and each is answered by a line on stdout, its exit code. A job has
`code` (run as `python -c` would) or `script` (a path, run as `python script.py` would), `env` (the whole
environment), `cwd`, and `stdout` and `stderr` (files for its output). The child ends with the interpreter's exit
handlers, as a fresh process does (MLflow ends a run left open there). With `lite`, the code's MLflow imports
are mlflow-lite's: the one-line change a user makes, `import mlflow` becoming `import mlflow_lite as mlflow` and
`from mlflow.x import y` becoming `from mlflow_lite.x import y`.

`ForkServer` is the other end, for the tests: one process per library and Python, started at its first job, one
job at a time.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
import types
from collections.abc import Mapping
from pathlib import Path

IMPORT = re.compile(r"^(\s*)import mlflow(\s*(#.*)?)$", re.MULTILINE)
FROM = re.compile(r"^(\s*)from mlflow(\.[\w.]+)? import ", re.MULTILINE)


def swap_imports(source: str) -> str:
    source = IMPORT.sub(r"\1import mlflow_lite as mlflow\2", source)
    return FROM.sub(lambda m: f"{m.group(1)}from mlflow_lite{m.group(2) or ''} import ", source)


def run_job(which: str, job: dict[str, str]) -> int:
    """Runs in the forked child: `job` as a fresh process would, its exit code. Its `__main__` is a new module,
    not this one, whose names a script must not see."""
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    os.environ.clear()
    os.environ.update(job["env"])  # type: ignore[arg-type]
    os.chdir(job["cwd"])
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(os.open(job["stdout"], os.O_WRONLY | os.O_TRUNC), 1)
    os.dup2(os.open(job["stderr"], os.O_WRONLY | os.O_TRUNC), 2)
    if "script" in job:
        name = job["script"]
        with open(name, encoding="utf-8") as file:
            source = file.read()
        sys.argv = [name]
        main.__file__ = os.path.abspath(name)
    else:
        name, source = "<string>", job["code"]
        sys.argv = ["-c"]
    if which == "lite":
        source = swap_imports(source)
    code = 1
    try:
        exec(compile(source, name, "exec"), vars(main))  # noqa: S102
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    atexit._run_exitfuncs()  # as the interpreter does when a script ends
    return code


def serve(which: str) -> None:
    if which == "mlflow":
        import mlflow  # type: ignore[import-not-found]  # noqa: F401 - imported once, before the forks
    else:
        # mlflow-lite's public names load when first used, and a child's imports are lost with it.
        import mlflow_lite

        for name in mlflow_lite.__all__:
            getattr(mlflow_lite, name)
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run_job(which, job)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


class ForkServer:
    """One fork server process (`python forks.py which` with `python`), started at its first job."""

    def __init__(self, python: Path, which: str, env: dict[str, str]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=f"forks-{which}-"))
        self.process = subprocess.Popen(
            [str(python), __file__, which],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=self.folder,
            start_new_session=True,  # its group is killed with it: a child stuck past a timeout too
        )
        self.jobs = 0
        self.lock = threading.Lock()

    def run(self, job: Mapping[str, object], timeout: float) -> tuple[int, str, str]:
        """The exit code, output and error output of `job` (without its `stdout` and `stderr`: they are made
        here) run in a child. On a timeout the server is stopped, and the next job starts another."""
        with self.lock:
            self.jobs += 1
            stdout, stderr = self.folder / f"{self.jobs}.stdout", self.folder / f"{self.jobs}.stderr"
            stdout.touch()
            stderr.touch()
            jobs, answers = self.process.stdin, self.process.stdout
            assert jobs is not None
            assert answers is not None
            jobs.write(json.dumps({**job, "stdout": str(stdout), "stderr": str(stderr)}).encode() + b"\n")
            jobs.flush()
            ready, _, _ = select.select([answers], [], [], timeout)
            answer = answers.readline() if ready else b""
            if not answer:
                self.stop()
                raise subprocess.TimeoutExpired([str(self.process.args)], timeout, stderr=stderr.read_bytes())
            return int(answer), stdout.read_text(), stderr.read_text()

    def stop(self) -> None:
        for key, server in list(_SERVERS.items()):
            if server is self:
                del _SERVERS[key]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVERS: dict[tuple[Path, str], ForkServer] = {}


def fork_server(python: Path, which: str) -> ForkServer:
    """The running fork server for `which` with `python`, or a new one. Its environment is the tests' without
    MLflow's variables (each job brings its own), telemetry off: MLflow reads its variables when it uses them, not
    at import."""
    server = _SERVERS.get((python, which))
    if server is None or server.process.poll() is not None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env.update(MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
        server = _SERVERS[(python, which)] = ForkServer(python, which, env)
    return server


@atexit.register
def _stop_servers() -> None:
    for server in list(_SERVERS.values()):
        server.stop()


if __name__ == "__main__":
    serve(sys.argv[1])

"""MLflow itself as the oracle: run code with the `mlflow` package of a server environment (the client's own
environment never has it) and read back what it printed as JSON.

MLflow's entities become plain data the way MLflow's own `to_dictionary()` makes them: an entity is the dict of
its properties, recursively (`plain` below, run inside the server environment).
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

from mlflow_server import server_env_dir

__all__ = ["PLAIN", "mlflow_python", "run_mlflow"]

# Defines `plain(obj)` inside the oracle's process: MLflow entities to JSON-able data.
PLAIN = textwrap.dedent(
    """
    import json
    from mlflow.entities._mlflow_object import _MlflowObject

    def plain(obj):
        if isinstance(obj, _MlflowObject):
            return {key: plain(value) for key, value in obj}
        if isinstance(obj, dict):
            return {key: plain(value) for key, value in obj.items()}
        if isinstance(obj, (list, tuple)) or type(obj).__name__.startswith("Repeated"):  # protobuf lists too
            return [plain(item) for item in obj]
        if hasattr(obj, "to_dictionary"):
            return plain(obj.to_dictionary())
        if obj is not None and not isinstance(obj, (str, int, float, bool)):
            return str(obj)
        return obj
    """
)


def mlflow_python(version: str) -> Path:
    return server_env_dir(version) / "bin" / "python"


def run_mlflow(
    version: str,
    code: str,
    tracking_uri: str,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 180,
) -> Any:
    """Run `code` (which may call `plain` and must `print(json.dumps(...))` as its last line of output) with
    MLflow `version`, against `tracking_uri`. Returns the parsed JSON."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    environment.update(MLFLOW_TRACKING_URI=tracking_uri, MLFLOW_DISABLE_TELEMETRY="true", DO_NOT_TRACK="true")
    environment.update(env or {})
    done = subprocess.run(
        [str(mlflow_python(version)), "-c", PLAIN + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"MLflow {version} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])

"""`make demo`: the blog's workflow (`scripts/example.py`) against a real MLflow server.

With `MLFLOW_TRACKING_URI` set, it runs against that server and starts none. Otherwise it starts an embedded
MLflow 2.22.5 server on a free loopback port, with its store in `.demo/` (git-ignored, kept between runs, so
a second `make demo` finds the experiment already there), runs the example, and stops the server.
"""

from __future__ import annotations

import os
import subprocess
import sys

from mlflow_server import ROOT, MlflowServer

EXAMPLE = ROOT / "scripts" / "example.py"


def run_example(tracking_uri: str) -> int:
    env = {**os.environ, "MLFLOW_TRACKING_URI": tracking_uri}
    return subprocess.call([sys.executable, str(EXAMPLE)], env=env)


def main() -> int:
    uri = os.environ.get("MLFLOW_TRACKING_URI")
    if uri:
        print(f"Using the MLflow server at {uri} (MLFLOW_TRACKING_URI).")
        return run_example(uri)
    server = MlflowServer("2.22.5", ROOT / ".demo", workers=1)
    print(f"Starting an embedded MLflow 2.22.5 server at {server.url} (store: .demo/) ...", flush=True)
    with server:
        code = run_example(server.url)
    print("Stopped the embedded server.")
    return code


if __name__ == "__main__":
    raise SystemExit(main())

"""MLflow itself as the oracle: run code with the `mlflow` package of a server environment (the client's own
environment never has it) and read back what it printed as JSON.

MLflow's entities become plain data the way MLflow's own `to_dictionary()` makes them: an entity is the dict of
its properties, recursively (`plain` below, run inside the server environment).

Each call runs as `python -c CODE` would, in a child forked from one process per MLflow version (and pytest
worker) that has imported `mlflow` already (`forks.py`).
"""

from __future__ import annotations

import inspect
import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from forks import fork_server

from mlflow_server import server_env_dir

__all__ = ["PLAIN", "mlflow_python", "mlflow_signatures", "run_mlflow", "signature_problems"]

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
    job = {"code": PLAIN + textwrap.dedent(code), "env": environment, "cwd": str(cwd or Path.cwd())}
    status, stdout, stderr = fork_server(mlflow_python(version), "mlflow").run(job, timeout)
    if status != 0:
        raise AssertionError(f"MLflow {version} failed:\n{stderr[-4000:]}")
    return json.loads(stdout.strip().splitlines()[-1])


# Prints {name: [[parameter, kind, has a default, repr(default)], ...]} for `NAMES` in `OWNER` (without `self`).
SIGNATURES = """
import inspect

def describe(function, skip_self):
    params = list(inspect.signature(function).parameters.values())[1 if skip_self else 0:]
    return [[p.name, p.kind.name, p.default is not inspect.Parameter.empty, repr(p.default)] for p in params]

print(json.dumps({name: describe(getattr(OWNER, name), SKIP_SELF) for name in NAMES if hasattr(OWNER, name)}))
"""


def mlflow_signatures(version: str, owner: str, names: list[str] | None = None) -> dict[str, list[list[Any]]]:
    """The signatures of MLflow `version`'s `owner` ("MlflowClient": its public methods and `__init__`;
    "mlflow": the module's functions `names`), as `SIGNATURES` prints them."""
    if owner == "MlflowClient":
        setup = (
            "from mlflow import MlflowClient as OWNER\nSKIP_SELF = True\nNAMES = [n for n, m in vars(OWNER).items() "
            "if callable(m) and (not n.startswith('_') or n == '__init__')]\n"
        )
    else:
        setup = f"import mlflow as OWNER\nSKIP_SELF = False\nNAMES = {names!r}\n"
    result: dict[str, list[list[Any]]] = run_mlflow(version, setup + SIGNATURES, "http://127.0.0.1:9")
    return result


def signature_problems(
    name: str, ours: Callable[..., Any], theirs: list[list[Any]], *, skip_self: bool, not_taken: set[str]
) -> list[str]:
    """How `ours` would refuse or misread a call MLflow's `name` accepts: parameter names, positions, kinds and
    defaults. Parameters in `not_taken` are left out on purpose (the caller says why)."""
    problems = []
    mine = list(inspect.signature(ours).parameters.values())[1 if skip_self else 0 :]
    by_name = {p.name: p for p in mine}
    for position, (param, kind, has_default, default) in enumerate(theirs):
        if param in not_taken:
            continue
        got = by_name.get(param)
        if got is None:
            problems.append(f"{name}({param}): not taken")
            continue
        positional = got.kind == got.POSITIONAL_OR_KEYWORD
        if kind == "POSITIONAL_OR_KEYWORD" and (mine.index(got) != position or not positional):
            problems.append(f"{name}({param}): at {mine.index(got)} ({got.kind.name}), MLflow's is at {position}")
        if kind == "KEYWORD_ONLY" and got.kind not in (got.KEYWORD_ONLY, got.POSITIONAL_OR_KEYWORD):
            problems.append(f"{name}({param}): not a keyword")
        if has_default and got.default is inspect.Parameter.empty:
            problems.append(f"{name}({param}): required here, optional in MLflow")
        elif has_default and not _same_default(got.default, default):
            problems.append(f"{name}({param}): default {got.default!r}, MLflow's {default}")
    # What mlflow-lite adds must not break MLflow's calls: extra parameters come after, with defaults.
    known = {p[0] for p in theirs}
    for extra in mine[len(theirs) :]:
        if extra.name not in known and extra.default is inspect.Parameter.empty and extra.kind != extra.VAR_KEYWORD:
            problems.append(f"{name}({extra.name}): an extra parameter without a default")
    return problems


def _same_default(ours: Any, theirs_repr: str) -> bool:
    # MLflow's `view_type=ViewType.ACTIVE_ONLY` is the int 1, which mlflow-lite's is too.
    return theirs_repr == repr(ours) or (theirs_repr.isdigit() and ours == int(theirs_repr))

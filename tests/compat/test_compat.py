"""The same script through both: every ordinary MLflow script in `scripts/` runs twice against one real server,
once with `mlflow` from the server's environment and once with `mlflow_lite` swapped in for the import
(`forks.py`), on both server versions. What the server stores afterwards (experiments, runs, statuses,
params, tags with the context tags, metric histories, dataset inputs, artifact trees and bytes, registered
models and versions) is read back over plain REST (`stored.py`) and must be identical, and so must each
script's exit code and printed output, apart from the differences listed in `ALLOWED` with their reason.

Each script gets `COMPAT_PREFIX` in its environment: it names its experiments and models with it, so the two
runs of a script write to different names and each one's stored state can be read back on its own. Scripts
that name no experiment get `MLFLOW_EXPERIMENT_NAME` set to one with the prefix.
"""

from __future__ import annotations

import os
import re
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from compat.stored import stored
from conftest import ServerPool
from forks import fork_server
from oracle import mlflow_python

from mlflow_server import VERSIONS, MlflowServer

pytestmark = pytest.mark.server

HERE = Path(__file__).resolve().parent
SCRIPTS = sorted(p.name for p in (HERE / "scripts").glob("*.py"))

# Differences allowed between what MLflow and mlflow-lite store, by server version: (path pattern, reason).
# A path is a "/"-joined location in the stored data, e.g. "experiments/0/runs/1/tags/mlflow.source.git.branch".
ALLOWED: dict[str, list[tuple[str, str]]] = {
    "2.22.5": [
        (
            "tags/mlflow.source.git.branch",
            "MLflow 2.x's client sets only the commit of the context's git tags; mlflow-lite sets the branch and "
            "the remote URL too, as MLflow 3.x does",
        ),
        ("tags/mlflow.source.git.repoURL", "as above: set by MLflow 3.x and mlflow-lite, not by MLflow 2.x"),
        (
            "IMAGE_SERIES_NAMES",
            "an image series' file names: MLflow 2.x's client separates their parts with '%' and puts '#' for a "
            "'/' in the key, 3.x with '+' and '~' ('%' breaks URLs); mlflow-lite writes 3.x's names, which the "
            "2.22.5 UI reads too (it accepts both separators)",
        ),
    ],
    "3.17.2": [],
}


# Scripts that do not run on a server version, and why.
NOT_ON = {
    "3.17.2": {},
    "2.22.5": {"26_logged_model.py": "logged models are MLflow 3's: a 2.x server has none (ServerTooOld)"},
}


def script_env(server: MlflowServer, prefix: str) -> dict[str, str]:
    return {
        "MLFLOW_TRACKING_URI": server.url,
        "MLFLOW_EXPERIMENT_NAME": f"{prefix}-default",
        "COMPAT_PREFIX": prefix,
        "MLFLOW_DISABLE_TELEMETRY": "true",
        "DO_NOT_TRACK": "true",
        "MPLBACKEND": "Agg",
    }


def run_all(which: str, python: Path, server: MlflowServer, scripts: list[str]) -> dict[str, dict[str, Any]]:
    """The scripts, one after the other, in children of one fork server (`forks.py`): per script its prefix,
    exit code and output."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    results: dict[str, dict[str, Any]] = {}
    for script in scripts:
        prefix = f"compat-{which}-{uuid.uuid4().hex[:8]}-{Path(script).stem}"
        job = {"script": f"scripts/{script}", "cwd": str(HERE), "env": {**base, **script_env(server, prefix)}}
        code, stdout, stderr = fork_server(python, which).run(job, timeout=600)
        results[script] = {"prefix": prefix, "code": code, "stdout": stdout, "stderr": stderr}
    return results


@pytest.fixture(scope="module", params=VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def both(
    request: pytest.FixtureRequest, server_pool: ServerPool
) -> Iterator[tuple[MlflowServer, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]]:
    """The scripts run with MLflow and with mlflow-lite (side by side) against one server of each version: those
    whose tests were selected (all of them in a whole run; `-k 27_` runs one script)."""
    server = server_pool.get(request.param)
    selected = set()
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if item.path == Path(__file__) and "script" in params:
            selected.add(params["script"])
    scripts = [script for script in SCRIPTS if script in selected]
    with ThreadPoolExecutor(2) as pool:
        theirs = pool.submit(run_all, "mlflow", mlflow_python(server.version), server, scripts)
        ours = pool.submit(run_all, "lite", Path(sys.executable), server, scripts)
        yield server, theirs.result(), ours.result()


SERIES_FILE = re.compile(
    r"images/(?P<key>.+?)[%+]step[%+](?P<step>-?\d+)[%+]timestamp[%+][^%+]+[%+][0-9a-z<>-]+"
    r"(?P<compressed>[%+]compressed)?\.(?P<ext>\w+)"
)


def canonical_series_names(state: Any) -> Any:
    """Image series file names in one form, whichever MLflow version wrote them (see ALLOWED)."""
    if isinstance(state, dict):
        return {key: canonical_series_names(value) for key, value in state.items()}
    if isinstance(state, list):
        return [canonical_series_names(item) for item in state]
    if isinstance(state, tuple) and state and isinstance(state[0], str):
        name = SERIES_FILE.sub(
            lambda m: (
                f"images/{m['key'].replace('#', '~')}+step+{m['step']}"
                f"{'+compressed' if m['compressed'] else ''}.{m['ext']}"
            ),
            state[0],
        )
        return (name, *state[1:])
    return state


def differences(ours: Any, theirs: Any, path: str, allowed: list[tuple[str, str]]) -> list[str]:
    """Where the two stored states differ, except where `allowed` says why they may."""
    if any(path.endswith(pattern) for pattern, _ in allowed):
        return []
    if isinstance(ours, dict) and isinstance(theirs, dict):
        found = []
        for key in sorted(ours.keys() | theirs.keys(), key=str):
            where = f"{path}/{key}"
            if key not in ours or key not in theirs:
                if not any(where.endswith(pattern) for pattern, _ in allowed):
                    side = "mlflow-lite only" if key in ours else "MLflow only"
                    found.append(f"{where}: {side}: {ours.get(key, theirs.get(key))!r}")
                continue
            found += differences(ours[key], theirs[key], where, allowed)
        return found
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        found = []
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            found += differences(a, b, f"{path}/{index}", allowed)
        return found
    return [] if ours == theirs else [f"{path}: mlflow-lite {ours!r} != MLflow {theirs!r}"]


# MLflow prints a link to the run and to the experiment in its UI when a run ends (stdout, MLflow 2.10 and later);
# mlflow-lite prints nothing: what a library writes to stdout belongs to its caller.
UI_LINKS = ("🏃 View run ", "🧪 View experiment ")


def normalized_output(text: str, prefix: str) -> str:
    lines = [line for line in text.replace(prefix, "<prefix>").splitlines() if not line.startswith(UI_LINKS)]
    return "\n".join(lines)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_same_as_mlflow(
    script: str, both: tuple[MlflowServer, dict[str, dict[str, Any]], dict[str, dict[str, Any]]]
) -> None:
    server, theirs_all, ours_all = both
    if script in NOT_ON[server.version]:
        pytest.skip(NOT_ON[server.version][script])
    theirs, ours = theirs_all[script], ours_all[script]
    assert theirs["code"] == ours["code"], f"exit codes differ\nMLflow:\n{theirs['stderr']}\nlite:\n{ours['stderr']}"
    assert normalized_output(ours["stdout"], ours["prefix"]) == normalized_output(theirs["stdout"], theirs["prefix"])
    with ThreadPoolExecutor(2) as pool:
        reading = pool.submit(stored, server.url, theirs["prefix"], server.db_path)
        stored_ours = stored(server.url, ours["prefix"], server.db_path)
        stored_theirs = reading.result()
    assert stored_theirs["experiments"] or stored_theirs["models"], f"{script} stored nothing with MLflow"
    allowed = ALLOWED[server.version]
    if any(pattern == "IMAGE_SERIES_NAMES" for pattern, _ in allowed):
        stored_ours, stored_theirs = canonical_series_names(stored_ours), canonical_series_names(stored_theirs)
    found = differences(stored_ours, stored_theirs, "", allowed)
    assert found == [], "\n".join(found)

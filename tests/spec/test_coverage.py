"""The spec covers MLflow 2.22.5's real route table: every /api/ route is an operation or a listed exclusion.

The route table comes from `from mlflow.server import app` in the 2.22.5 server environment (a subprocess: no
server is started, the Flask app's `url_map` is enough). Rules are compared after normalising both sides:
OpenAPI `{name}` becomes Flask `<name>`, and converters are dropped (`<path:name>` becomes `<name>`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from mlflow_server import VERSIONS, server_env_dir

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "mlflow.yaml"
EXCLUDED = ROOT / "openapi" / "excluded-routes.txt"
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
Route = tuple[str, str]  # (METHOD, normalised rule)

ROUTE_TABLE = """
import json
from mlflow.server import app
routes = []
for rule in app.url_map.iter_rules():
    if rule.rule.startswith("/api/"):
        routes.append([rule.rule, sorted(set(rule.methods or ()) - {"HEAD", "OPTIONS"})])
print(json.dumps(routes))
"""


def normalise(rule: str) -> str:
    """Drop Flask converters (`<path:x>` -> `<x>`) and turn OpenAPI templates into Flask ones (`{x}` -> `<x>`).

    Only identifier-like `{x}` is an OpenAPI template: 2.22.5 registers a rule with a literal
    `{assessment.trace_id}` in it, which stays as it is.
    """
    rule = re.sub(r"<(?:[a-zA-Z_][a-zA-Z0-9_]*(?:\([^)]*\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>", r"<\1>", rule)
    return re.sub(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}", r"<\1>", rule)


@pytest.fixture(scope="module")
def server_routes() -> set[Route]:
    python = server_env_dir(VERSIONS[0]) / "bin" / "python"
    if not python.exists():
        pytest.fail(f"no MLflow {VERSIONS[0]} environment: run `make servers`")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["MLFLOW_DISABLE_TELEMETRY"] = "true"
    result = subprocess.run(
        [str(python), "-c", ROUTE_TABLE], capture_output=True, text=True, env=env, check=False, timeout=300
    )
    assert result.returncode == 0, f"reading the route table failed:\n{result.stderr[-3000:]}"
    table: list[tuple[str, list[str]]] = json.loads(result.stdout.strip().splitlines()[-1])
    routes = {(method, normalise(rule)) for rule, methods in table for method in methods}
    assert len(routes) > 50, routes  # 2.22.5 has 66 /api/ rules: a near-empty table means the import went wrong
    return routes


@pytest.fixture(scope="module")
def spec_routes() -> set[Route]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {
        (method.upper(), normalise(path))
        for path, item in spec["paths"].items()
        for method in HTTP_METHODS
        if method in item
    }


def read_exclusions() -> list[tuple[int, str, str, str]]:
    """`(line number, METHOD, normalised rule, reason)` for every exclusion line (reason may be empty)."""
    exclusions = []
    for number, raw in enumerate(EXCLUDED.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        route, _, reason = line.partition("#")
        parts = route.split()
        assert len(parts) == 2, f"{EXCLUDED.name}:{number}: expected `METHOD RULE  # reason`, got {raw!r}"
        exclusions.append((number, parts[0].upper(), normalise(parts[1]), reason.strip()))
    return exclusions


def describe(routes: set[Route]) -> str:
    return "\n".join(f"  {method} {rule}" for method, rule in sorted(routes, key=lambda r: (r[1], r[0])))


@pytest.mark.server  # reads the route table from the MLflow 2.22.5 environment (no server started)
def test_every_server_route_is_in_the_spec_or_excluded(server_routes: set[Route], spec_routes: set[Route]) -> None:
    excluded = {(method, rule) for _, method, rule, _ in read_exclusions()}
    missing = server_routes - spec_routes - excluded
    assert not missing, (
        f"MLflow {VERSIONS[0]} routes neither in openapi/mlflow.yaml nor in {EXCLUDED.name}:\n{describe(missing)}"
    )


@pytest.mark.server  # reads the route table from the MLflow 2.22.5 environment (no server started)
def test_every_spec_operation_is_a_server_route(server_routes: set[Route], spec_routes: set[Route]) -> None:
    unknown = spec_routes - server_routes
    assert not unknown, (
        f"operations of openapi/mlflow.yaml that MLflow {VERSIONS[0]} does not have:\n{describe(unknown)}"
    )


@pytest.mark.server  # reads the route table from the MLflow 2.22.5 environment (no server started)
def test_every_exclusion_is_a_server_route(server_routes: set[Route]) -> None:
    stale = {(method, rule) for _, method, rule, _ in read_exclusions()} - server_routes
    assert not stale, f"{EXCLUDED.name} lists routes MLflow {VERSIONS[0]} does not have:\n{describe(stale)}"


def test_every_exclusion_has_a_reason() -> None:
    exclusions = read_exclusions()
    assert exclusions, f"{EXCLUDED.name} lists no route"
    without = [f"  line {number}: {method} {rule}" for number, method, rule, reason in exclusions if not reason]
    assert not without, f"{EXCLUDED.name} lines without a `# reason`:\n" + "\n".join(without)


def test_no_exclusion_is_in_the_spec(spec_routes: set[Route]) -> None:
    both = {(method, rule) for _, method, rule, _ in read_exclusions()} & spec_routes
    assert not both, f"routes both in openapi/mlflow.yaml and in {EXCLUDED.name}:\n{describe(both)}"


def test_exclusions_are_unique() -> None:
    routes = [(method, rule) for _, method, rule, _ in read_exclusions()]
    repeated = {route for route in routes if routes.count(route) > 1}
    assert not repeated, f"{EXCLUDED.name} lists routes more than once:\n{describe(repeated)}"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            "/api/2.0/mlflow-artifacts/artifacts/<path:artifact_path>",
            "/api/2.0/mlflow-artifacts/artifacts/<artifact_path>",
        ),
        ("/api/2.0/mlflow-artifacts/artifacts/{artifact_path}", "/api/2.0/mlflow-artifacts/artifacts/<artifact_path>"),
        ("/api/2.0/mlflow/traces/<request_id>/info", "/api/2.0/mlflow/traces/<request_id>/info"),
        ("/x/<int(min=1):n>", "/x/<n>"),
        (
            "/api/2.0/mlflow/traces/{assessment.trace_id}/assessments",
            "/api/2.0/mlflow/traces/{assessment.trace_id}/assessments",
        ),
    ],
)
def test_normalise(rule: str, expected: str) -> None:
    assert normalise(rule) == expected

"""The spec covers MLflow 2.22.5's and 3.17.2's real route tables: every /api/ route of each is an operation or
a listed exclusion of that version, and every operation is a route of each version it claims.

The route tables come from `from mlflow.server import app` in each server environment (a subprocess: no server
is started, the Flask app's `url_map` is enough). Rules are compared after normalising both sides: OpenAPI
`{name}` becomes Flask `<name>`, and converters are dropped (`<path:name>` becomes `<name>`). An operation
marked `x-mlflow-since: '3.x'` must be a 3.17.2 route and must not be a 2.22.5 one; every other operation must
be both.
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


def read_server_routes(version: str) -> set[Route]:
    python = server_env_dir(version) / "bin" / "python"
    if not python.exists():
        pytest.fail(f"no MLflow {version} environment: run `make servers`")
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


@pytest.fixture(scope="module", params=VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


_ROUTES: dict[str, set[Route]] = {}


@pytest.fixture
def server_routes(version: str) -> set[Route]:
    if version not in _ROUTES:
        _ROUTES[version] = read_server_routes(version)
    return _ROUTES[version]


def spec_operations() -> dict[Route, str | None]:
    """Every operation, and the MLflow version that added it (`x-mlflow-since`; None: there since 2.x)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {
        (method.upper(), normalise(path)): item[method].get("x-mlflow-since")
        for path, item in spec["paths"].items()
        for method in HTTP_METHODS
        if method in item
    }


@pytest.fixture(scope="module")
def spec_routes() -> set[Route]:
    return set(spec_operations())


def expected_routes(version: str) -> set[Route]:
    """The operations a server of `version` must have: all but those added after it."""
    major = int(version.split(".", maxsplit=1)[0])
    return {route for route, since in spec_operations().items() if since is None or int(since.split(".")[0]) <= major}


def read_exclusions(version: str | None = None) -> list[tuple[int, str, str, str]]:
    """`(line number, METHOD, normalised rule, reason)` for every exclusion line of `version`'s section (of every
    section when None); the reason may be empty."""
    exclusions = []
    section = None
    for number, raw in enumerate(EXCLUDED.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            assert section in VERSIONS, f"{EXCLUDED.name}:{number}: unknown version section {line}"
            continue
        if not line or line.startswith("#"):
            continue
        assert section is not None, f"{EXCLUDED.name}:{number}: a route before any [version] line"
        if version is not None and section != version:
            continue
        route, _, reason = line.partition("#")
        parts = route.split()
        assert len(parts) == 2, f"{EXCLUDED.name}:{number}: expected `METHOD RULE  # reason`, got {raw!r}"
        exclusions.append((number, parts[0].upper(), normalise(parts[1]), reason.strip()))
    return exclusions


def describe(routes: set[Route]) -> str:
    return "\n".join(f"  {method} {rule}" for method, rule in sorted(routes, key=lambda r: (r[1], r[0])))


@pytest.mark.server  # reads the route table from the server environment (no server started)
def test_every_server_route_is_in_the_spec_or_excluded(
    version: str, server_routes: set[Route], spec_routes: set[Route]
) -> None:
    excluded = {(method, rule) for _, method, rule, _ in read_exclusions(version)}
    missing = server_routes - spec_routes - excluded
    assert not missing, (
        f"MLflow {version} routes neither in openapi/mlflow.yaml nor in {EXCLUDED.name}:\n{describe(missing)}"
    )


@pytest.mark.server
def test_every_spec_operation_is_a_route_of_the_versions_it_claims(version: str, server_routes: set[Route]) -> None:
    expected = expected_routes(version)
    unknown = expected - server_routes
    assert not unknown, f"operations of openapi/mlflow.yaml that MLflow {version} does not have:\n{describe(unknown)}"
    # And the `x-mlflow-since` marks are right: an operation marked as newer is not a route of an older server.
    too_new = set(spec_operations()) - expected
    mismarked = too_new & server_routes
    assert not mismarked, f"marked x-mlflow-since after {version}, yet {version} has them:\n{describe(mismarked)}"


@pytest.mark.server
def test_every_exclusion_is_a_server_route(version: str, server_routes: set[Route]) -> None:
    stale = {(method, rule) for _, method, rule, _ in read_exclusions(version)} - server_routes
    assert not stale, f"{EXCLUDED.name} lists routes MLflow {version} does not have:\n{describe(stale)}"


def test_every_exclusion_has_a_reason() -> None:
    exclusions = read_exclusions()
    assert exclusions, f"{EXCLUDED.name} lists no route"
    without = [f"  line {number}: {method} {rule}" for number, method, rule, reason in exclusions if not reason]
    assert not without, f"{EXCLUDED.name} lines without a `# reason`:\n" + "\n".join(without)


def test_no_exclusion_is_in_the_spec(spec_routes: set[Route]) -> None:
    both = {(method, rule) for _, method, rule, _ in read_exclusions()} & spec_routes
    assert not both, f"routes both in openapi/mlflow.yaml and in {EXCLUDED.name}:\n{describe(both)}"


@pytest.mark.parametrize("version", VERSIONS)
def test_exclusions_are_unique(version: str) -> None:
    routes = [(method, rule) for _, method, rule, _ in read_exclusions(version)]
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

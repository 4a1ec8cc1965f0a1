"""Schemathesis against real MLflow 2.22.5 and 3.17.2 servers: the answers conform to openapi/mlflow.yaml,
including every response field the spec marks as required.

Every operation of the spec is one test (schemathesis 4.32.5's pytest integration, `schema.parametrize()`):
schemathesis's coverage phase (the spec's boundary values, valid requests only) and then `MAX_EXAMPLES`
Hypothesis-fuzzed cases per operation, valid and invalid ones (no shrinking, derandomized, no example database).
Each request is sent to the server and its answer goes through three checks:

* ``status_code_conformance``: the status code is documented (200, or `default` for errors);
* ``content_type_conformance``: the Content-Type is documented (application/json; the artifact download's
  `*/*`);
* ``response_schema_conformance``: the JSON body matches the documented schema (the ErrorResponse for errors).

``not_a_server_error`` is not run: MLflow answers some malformed input with a crash. The answers that are left
unchecked, and why (each one is also marked where it is filtered, in ``unchecked_reason``):

* HTTP 500 with Flask's HTML "Internal Server Error" page: an unhandled exception in MLflow (the checks would
  only report the HTML content type). Seen for negative input on most POST/PATCH/DELETE operations (a JSON
  body that is not an object, a field of the wrong type), and for valid input on `runs/log-model`
  (`model_json` that is JSON but not an object, e.g. ``"0"``) and on `registered-models/search` and
  `model-versions/search` (a `page_token` that is not one the server issued).
* HTTP 404 (Werkzeug's HTML "Not Found") or 308 (a redirect) for an `artifact_path` that holds a newline or
  starts with `/`, on the mlflow-artifacts operations: Flask's `<path:...>` converter does not match a newline,
  and a leading slash makes a double slash that Werkzeug redirects away. The spec's `pattern` on
  `artifact_path` rules these out, so only negative (deliberately invalid) cases send them.
* HTTP 400 with gunicorn's HTML "Request Line is too large" page: a query string above gunicorn's 4094-byte
  request line limit (negative input for `get-history-bulk-interval`: more than 100 long `run_ids`). The
  request never reaches MLflow.

Nothing else is turned off: no operation is excluded, and no check is disabled for any operation. To keep the
run at about 900 requests per server (1-2 minutes each on two cores), the coverage phase makes neither invalid
requests (60% of all requests, and they only exercise the error answer again, which the fuzzed invalid
requests check too) nor probes with methods an operation does not have (`unexpected-methods = []`: the three
checks skip those answers anyway). The stateful phase is off (it is not part of the pytest integration).

The servers are fresh ones for this module only, not the shared `server2`/`server3`: the generated requests
rename, delete and tag whatever they can reach, starting with the Default experiment ("0"), which would break
the other tests' assumptions about a server they share. Against 3.17.2 this checks the 2.x surface the spec
describes; fields 3.x adds are additional properties, which the schemas allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import Case, Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mlflow_server import VERSIONS, MlflowServer, server_env_dir

pytestmark = pytest.mark.server

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "mlflow.yaml"

MAX_EXAMPLES = 10
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]

CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {
            # Positive only: the negative boundary cases were 60% of all requests (~1500 of 2400) and only
            # exercise the error answer again, which the fuzzed negative cases check too.
            "coverage": {"unexpected-methods": [], "generation": {"mode": "positive"}},
            "stateful": {"enabled": False},
        },
    }
)
# An explicit config: a schemathesis.toml found above the working directory must not change the run.
schema = schemathesis.openapi.from_path(SPEC, config=CONFIG)


@pytest.fixture(scope="module", params=VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def conformance_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MlflowServer]:
    """A fresh server of each version that only this module writes to (see the module docstring)."""
    version: str = request.param
    if not (server_env_dir(version) / "bin" / "mlflow").exists():
        pytest.fail(f"no MLflow {version} environment: run `make servers`")
    server = MlflowServer(version, tmp_path_factory.mktemp("mlflow-conformance"))
    server.start()
    yield server
    server.stop()


def unchecked_reason(case: Case[Any], response: Response) -> str | None:
    """Why an answer is left unchecked, or None when the three checks apply (see the module docstring)."""
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith("text/html"):
        return None
    artifact_path = (case.path_parameters or {}).get("artifact_path")
    sent_path = str(response.request.url).split("?", 1)[0].upper()
    if (
        response.status_code in {308, 404}
        and isinstance(artifact_path, str)
        and ("\n" in artifact_path or artifact_path.startswith("/") or "%0A" in sent_path)
    ):
        # Spec mismatch (reported): Flask's `<path:artifact_path>` never matches a newline (routing 404) and
        # a leading slash gives a double slash that Werkzeug redirects (308), yet the spec allows any string.
        return "artifact path Flask cannot route"
    if response.status_code == 500:
        # MLflow crashed: Flask's HTML error page. Not a spec matter (not_a_server_error is not required).
        return "server error (HTML 500)"
    if response.status_code == 400 and "Request Line is too large" in response.text:
        # gunicorn refused the request line before MLflow saw it.
        return "gunicorn request line limit"
    return None


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_conformance(case: Case[Any], conformance_server: MlflowServer) -> None:
    since = case.operation.definition.raw.get("x-mlflow-since")
    if since is not None and int(since.split(".")[0]) > int(conformance_server.version.split(".")[0]):
        pytest.skip(f"added in MLflow {since}, after {conformance_server.version}")
    response = case.call(base_url=conformance_server.url, timeout=30)
    if unchecked_reason(case, response) is not None:
        return
    case.validate_response(response, checks=CHECKS)

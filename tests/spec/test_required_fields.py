"""The response fields the spec marks `required` are sent by both real servers, every time.

Each operation whose answer holds a `required` field is called on MLflow 2.22.5 and 3.17.2 with the barest
objects the API allows (no tags, no description, no run name, no source run, an empty folder) and with full
ones, over plain httpx; every answer is validated against the operation's 200 schema (required fields
included). The test fails when an operation of that kind is added to the spec without being called here.
The schemathesis run (`test_conformance.py`) checks the same schemas against fuzzed requests on 2.22.5.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from conftest import unique

from mlflow_server import MlflowServer

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "mlflow.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())


def operations() -> dict[str, tuple[str, str, dict[str, Any]]]:
    """operationId -> (method, path, 200 JSON schema) for every operation."""
    found = {}
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is not None:
                found[operation["operationId"]] = (method.upper(), path, schema)
    return found


def since() -> dict[str, tuple[int, ...]]:
    """operationId -> the MLflow version that added it (2.0 for the 2.x surface)."""
    return {
        operation["operationId"]: tuple(int(p) for p in str(operation.get("x-mlflow-since", "2.0")).split("."))
        for item in SPEC["paths"].values()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    }


OPERATIONS = operations()
SINCE = since()


def has_required(schema: dict[str, Any], seen: frozenset[str] = frozenset()) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return name not in seen and has_required(SPEC["components"]["schemas"][name], seen | {name})
    if schema.get("required"):
        return True
    subs = [*schema.get("properties", {}).values(), schema.get("items") or {}, *schema.get("oneOf", [])]
    return any(has_required(sub, seen) for sub in subs if sub)


WITH_REQUIRED = {op for op, (_, _, schema) in OPERATIONS.items() if has_required(schema)}


def validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    # The spec's `$ref`s point into the document ("#/components/..."): validate with the schema placed at the
    # root of the whole spec, where they resolve (JSON Schema ignores the spec's other keys).
    return jsonschema.Draft4Validator({**SPEC, **schema})


class Checked:
    """Calls operations by id over httpx and validates each answer; remembers which were checked."""

    def __init__(self, server: MlflowServer) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=60)
        self.checked: set[str] = set()

    def __call__(self, operation: str, **arguments: Any) -> Any:
        method, path, schema = OPERATIONS[operation]
        if "{" in path:
            path = path.format(**arguments.pop("path"))
        if method == "GET":
            response = self.http.request(method, path, params=arguments)
        else:
            response = self.http.request(method, path, json=arguments)
        assert response.status_code == 200, f"{operation}: {response.status_code} {response.text[:300]}"
        body = response.json()
        errors = sorted(validator(schema).iter_errors(body), key=str)
        assert not errors, f"{operation} answered {body!r}:\n" + "\n".join(e.message for e in errors)
        self.checked.add(operation)
        return body


@pytest.fixture
def checked(server: MlflowServer) -> Iterator[Checked]:
    calls = Checked(server)
    yield calls
    calls.http.close()


def test_required_fields_are_always_sent(checked: Checked, server: MlflowServer) -> None:
    call = checked
    version = tuple(int(p) for p in server.version.split("."))
    bare = call("create_experiment", name=unique("bare"))["experiment_id"]
    full = call(
        "create_experiment",
        name=unique("full"),
        tags=[{"key": "k", "value": "v"}],
        artifact_location=f"mlflow-artifacts:/{unique('elsewhere')}",
    )["experiment_id"]
    for experiment_id in (bare, full, "0"):
        name = call("get_experiment", experiment_id=experiment_id)["experiment"]["name"]
        call("get_experiment_by_name", experiment_name=name)
    call("search_experiments", max_results=1000, view_type="ALL")
    call("search_experiments_get", max_results=5)

    bare_run = call("create_run", experiment_id=bare)["run"]["info"]["run_id"]  # no name, time, user or tags
    full_run = call(
        "create_run",
        experiment_id=full,
        run_name="full",
        start_time=5,
        user_id="u",
        tags=[{"key": "t", "value": "v"}, {"key": "empty", "value": ""}],
    )["run"]["info"]["run_id"]
    call("update_run", run_id=bare_run)  # no field to change
    call("update_run", run_id=full_run, status="FINISHED", end_time=9, run_name="renamed")
    for run_id in (bare_run, full_run):
        call("get_run", run_id=run_id)
        call("get_metric_history", run_id=run_id, metric_key="none")
        call("list_artifacts", run_id=run_id)
    checked.http.post(
        "/api/2.0/mlflow/runs/log-batch",
        json={
            "run_id": full_run,
            "metrics": [{"key": "m", "value": "NaN", "timestamp": 1}],
            "params": [{"key": "p"}],  # no value: stored as ""
        },
    ).raise_for_status()
    checked.http.post(
        "/api/2.0/mlflow/runs/log-inputs",
        json={
            "run_id": full_run,
            "datasets": [{"dataset": {"name": "d", "digest": "1", "source_type": "l", "source": "{}"}}],
        },
    ).raise_for_status()
    call("get_metric_history", run_id=full_run, metric_key="m")
    artifact_uri = call("get_run", run_id=full_run)["run"]["info"]["artifact_uri"]
    call("search_runs", experiment_ids=[bare, full], run_view_type="ALL", max_results=10)
    root = artifact_uri.removeprefix("mlflow-artifacts:/")
    checked.http.put(f"/api/2.0/mlflow-artifacts/artifacts/{root}/dir/f.txt", content=b"x").raise_for_status()
    call("list_artifacts", run_id=full_run)
    call("list_artifacts", run_id=full_run, path="dir")
    call("list_artifacts_proxy", path=root)

    bare_model = call("create_registered_model", name=unique("bare"))["registered_model"]["name"]
    full_model = call(
        "create_registered_model", name=unique("full"), tags=[{"key": "k", "value": "v"}], description="d"
    )["registered_model"]["name"]
    source = f"runs:/{full_run}/dir"
    call("create_model_version", name=bare_model, source="s3://bucket/model")  # no run, tags or description
    call(
        "create_model_version",
        name=full_model,
        source=source,
        run_id=full_run,
        tags=[{"key": "k", "value": "v"}],
        description="d",
        run_link="http://x",
    )
    checked.http.post(
        "/api/2.0/mlflow/registered-models/alias", json={"name": full_model, "alias": "champ", "version": "1"}
    ).raise_for_status()
    for model in (bare_model, full_model):
        call("get_registered_model", name=model)
        call("get_model_version", name=model, version="1")
        call("update_model_version", name=model, version="1", description="changed")
        call(
            "transition_model_version_stage", name=model, version="1", stage="Staging", archive_existing_versions=False
        )
        call("get_model_version_download_uri", name=model, version="1")
        call("get_latest_versions", name=model)
        call("get_latest_versions_get", name=model)
        call("search_model_versions", filter=f"name = '{model}'")
    call("get_model_version_by_alias", name=full_model, alias="champ")
    call("update_registered_model", name=bare_model, description="now")
    call("search_registered_models", max_results=100)
    call("rename_registered_model", name=bare_model, new_name=bare_model + "-renamed")

    if version >= (3, 0):  # logged models: bare (an experiment only) and full
        bare_lm = call("create_logged_model", experiment_id=bare)["model"]["info"]["model_id"]
        full_lm = call(
            "create_logged_model",
            experiment_id=full,
            name="full",
            model_type="t",
            source_run_id=full_run,
            params=[{"key": "p", "value": "1"}],
            tags=[{"key": "k", "value": "v"}],
        )["model"]
        checked.http.post(
            "/api/2.0/mlflow/runs/log-metric",
            json={"run_id": full_run, "key": "m", "value": 1, "timestamp": 1, "model_id": full_lm["info"]["model_id"]},
        ).raise_for_status()
        full_root = full_lm["info"]["artifact_uri"].removeprefix("mlflow-artifacts:/")
        checked.http.put(f"/api/2.0/mlflow-artifacts/artifacts/{full_root}/MLmodel", content=b"x").raise_for_status()
        for model_id in (bare_lm, full_lm["info"]["model_id"]):
            call("get_logged_model", path={"model_id": model_id})
            call("list_logged_model_artifacts", path={"model_id": model_id})
            call("finalize_logged_model", path={"model_id": model_id}, model_id=model_id, status="LOGGED_MODEL_READY")
        call("search_logged_models", experiment_ids=[bare, full])

    expected = {op for op in WITH_REQUIRED if SINCE[op] <= version}
    assert expected - checked.checked == set(), "operations with required answer fields left unchecked"


def test_a_missing_required_field_is_seen() -> None:
    _, _, schema = OPERATIONS["get_run"]
    complete = {
        "run": {
            "info": {
                "run_id": "r",
                "run_uuid": "r",
                "run_name": "n",
                "experiment_id": "1",
                "user_id": "",
                "status": "RUNNING",
                "start_time": 0,
                "artifact_uri": "a",
                "lifecycle_stage": "active",
            },
            "data": {},
            "inputs": {},
        }
    }
    assert list(validator(schema).iter_errors(complete)) == []
    del complete["run"]["info"]["user_id"]
    assert [e.message for e in validator(schema).iter_errors(complete)] == ["'user_id' is a required property"]

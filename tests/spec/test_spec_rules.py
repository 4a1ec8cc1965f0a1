"""`scripts/check_spec.py` passes the real spec and catches each rule's violation in a small broken spec."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import check_spec
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "mlflow.yaml"
SCRIPT = ROOT / "scripts" / "check_spec.py"

Spec = dict[str, Any]


# A hang, not a slow machine: the checker takes about 3 s on a quiet 2-core machine (`make check-spec`: 2.8 s);
# 120 s timed out with several suites loading the machine, so 100 times the baseline.
CHECKER_HANG = 300


def run_checker(path: Path) -> subprocess.CompletedProcess[str]:
    """The checker exactly as `make check-spec` runs it."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False, timeout=CHECKER_HANG
    )


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`check_spec.main()` in-process (a subprocess per broken spec would cost seconds each): exit code, output."""
    monkeypatch.setattr(sys, "argv", ["check_spec.py", *args])
    code = check_spec.main()
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def minimal_spec() -> Spec:
    """A valid spec with two operations, which every broken spec below starts from."""
    ok = {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/api/2.0/mlflow/experiments/get": {
                "get": {
                    "operationId": "get_experiment",
                    "tags": ["experiments"],
                    "parameters": [
                        {"name": "experiment_id", "in": "query", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": copy.deepcopy(ok),
                }
            },
            "/api/2.0/mlflow/experiments/create": {
                "post": {
                    "operationId": "create_experiment",
                    "tags": ["experiments"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/E"}}},
                    },
                    "responses": copy.deepcopy(ok),
                }
            },
        },
        "components": {"schemas": {"E": {"type": "object", "properties": {"name": {"type": "string"}}}}},
    }


def _get(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/api/2.0/mlflow/experiments/get"]["get"]
    return operation


def _post(spec: Spec) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"]["/api/2.0/mlflow/experiments/create"]["post"]
    return operation


def duplicate_operation_id(spec: Spec) -> None:
    _post(spec)["operationId"] = "get_experiment"


def get_with_body(spec: Spec) -> None:
    _get(spec)["requestBody"] = copy.deepcopy(_post(spec)["requestBody"])


def pattern_response(spec: Spec) -> None:
    _get(spec)["responses"]["4XX"] = {"description": "client error"}


def untagged(spec: Spec) -> None:
    del _post(spec)["tags"]


def two_tags(spec: Spec) -> None:
    _post(spec)["tags"] = ["experiments", "runs"]


def missing_operation_id(spec: Spec) -> None:
    del _get(spec)["operationId"]


def dangling_ref(spec: Spec) -> None:
    _get(spec)["responses"]["200"]["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Nope"}


BROKEN: dict[str, tuple[Callable[[Spec], None], str]] = {
    "duplicate-operation-id": (duplicate_operation_id, "operationId 'get_experiment' repeats"),
    "get-with-request-body": (get_with_body, "GET with a requestBody"),
    "4XX-response": (pattern_response, "response code '4XX' is a pattern"),
    "untagged-operation": (untagged, "needs exactly one tag, has 0"),
    "two-tags": (two_tags, "needs exactly one tag, has 2"),
    "missing-operation-id": (missing_operation_id, "missing operationId"),
    "dangling-ref": (dangling_ref, "does not resolve"),
}


def test_real_spec_passes() -> None:
    result = run_checker(SPEC)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_real_spec_has_no_rule_problems() -> None:
    loaded = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert check_spec.check_schema(loaded) == []
    assert check_spec.check_rules(loaded) == []


def test_minimal_spec_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The base of the broken specs is itself valid, so each failure below comes from its one defect."""
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump(minimal_spec()), encoding="utf-8")
    code, output = run_main(monkeypatch, capsys, str(path))
    assert code == 0, output


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_spec_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    breaker, expected = BROKEN[name]
    spec = minimal_spec()
    breaker(spec)
    problems = check_spec.check_rules(spec)
    assert any(expected in problem for problem in problems), problems
    if name == "dangling-ref":
        # openapi-spec-validator raises (referencing.Unresolvable) on a dangling $ref before the checker's own
        # message is printed, so main() would crash with a traceback: the rule is checked via check_rules only.
        return
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    code, output = run_main(monkeypatch, capsys, str(path))
    assert code == 1, output
    assert expected in output


def test_broken_spec_fails_on_the_command_line(tmp_path: Path) -> None:
    """One broken spec through the real command line: exit code 1 and the message on stderr."""
    spec = minimal_spec()
    duplicate_operation_id(spec)
    path = tmp_path / "duplicate.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    result = run_checker(path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "operationId 'get_experiment' repeats" in result.stderr


def test_schema_validation_error_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """openapi-spec-validator's findings count too: an operation without `responses` is invalid OpenAPI."""
    spec = minimal_spec()
    del _get(spec)["responses"]
    path = tmp_path / "invalid.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    code, output = run_main(monkeypatch, capsys, str(path))
    assert code == 1, output
    assert "validator:" in output


def test_not_openapi_30_fails() -> None:
    spec = minimal_spec()
    spec["openapi"] = "3.1.0"
    assert check_spec.check_schema(spec) == ["openapi: expected a 3.0.x version, got '3.1.0'"]


def test_bad_usage_exits_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_main(monkeypatch, capsys)
    assert code == 2
    assert "usage" in output

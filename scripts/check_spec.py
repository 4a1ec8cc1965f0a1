"""Validate the hand-written OpenAPI spec and check the project's own rules.

Usage: ``python scripts/check_spec.py openapi/mlflow.yaml``

Checks, on top of openapi-spec-validator (OpenAPI 3.0):

* every operation has an ``operationId``, and all of them are unique (the generator
  silently overwrites an endpoint whose ``operationId`` repeats);
* every operation has exactly one tag (it becomes the generated module folder);
* no GET operation has a ``requestBody`` (MLflow reads GET parameters from the query
  string);
* no response status code is a pattern such as ``4XX`` (the generator drops those);
* every ``$ref`` resolves inside the document.

Exits 0 when the spec passes, 1 with one message per problem otherwise, 2 on bad usage.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator

if TYPE_CHECKING:
    from collections.abc import Iterator

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
STATUS_CODE = re.compile(r"^[1-5][0-9][0-9]$")
Operation = tuple[str, str, dict[str, object]]


def _operations(spec: dict[str, object]) -> Iterator[Operation]:
    """Yield ``(METHOD, path, operation)`` for every operation of the spec."""
    paths = spec.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method.upper(), str(path), operation


def _refs(node: object, where: str = "#") -> Iterator[tuple[str, str]]:
    """Yield ``(location, ref)`` for every ``$ref`` found anywhere in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield where, value
            else:
                token = str(key).replace("~", "~0").replace("/", "~1")
                yield from _refs(value, f"{where}/{token}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{where}/{index}")


def _resolve(spec: dict[str, object], ref: str) -> bool:
    """Tell whether a local JSON pointer (``#/components/schemas/Run``) resolves."""
    if not ref.startswith("#/"):
        return False
    node: object = spec
    for raw in ref[2:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def check_rules(spec: dict[str, object]) -> list[str]:
    """Return one message per violation of the project's own rules."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for method, path, operation in _operations(spec):
        where = f"{method} {path}"
        operation_id = operation.get("operationId")
        if not isinstance(operation_id, str) or not operation_id:
            problems.append(f"{where}: missing operationId")
        elif operation_id in seen:
            first = seen[operation_id]
            problems.append(f"{where}: operationId {operation_id!r} repeats ({first})")
        else:
            seen[operation_id] = where
        tags = operation.get("tags")
        if not isinstance(tags, list) or len(tags) != 1:
            count = len(tags) if isinstance(tags, list) else 0
            problems.append(f"{where}: needs exactly one tag, has {count}")
        if method == "GET" and "requestBody" in operation:
            problems.append(f"{where}: GET with a requestBody (use query parameters)")
        responses = operation.get("responses")
        if isinstance(responses, dict):
            for code in responses:
                text = str(code)
                if text != "default" and not STATUS_CODE.match(text):
                    problems.append(f"{where}: response code {text!r} is a pattern")
    problems.extend(
        f"{location}: $ref {ref!r} does not resolve" for location, ref in _refs(spec) if not _resolve(spec, ref)
    )
    return problems


def check_schema(spec: dict[str, object]) -> list[str]:
    """Return one message per openapi-spec-validator error (OpenAPI 3.0.x only)."""
    version = spec.get("openapi")
    if not isinstance(version, str) or not version.startswith("3.0."):
        return [f"openapi: expected a 3.0.x version, got {version!r}"]
    problems: list[str] = []
    for error in OpenAPIV30SpecValidator(spec).iter_errors():
        location = "/".join(str(part) for part in error.absolute_path)
        problems.append(f"validator: {location or '(root)'}: {error.message}")
    return problems


def main() -> int:
    """Check the spec named on the command line and report every problem."""
    if len(sys.argv) != 2:
        sys.stderr.write("usage: python scripts/check_spec.py SPEC.yaml\n")
        return 2
    path = Path(sys.argv[1])
    try:
        loaded: object = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        sys.stderr.write(f"{path}: cannot read: {exc}\n")
        return 1
    if not isinstance(loaded, dict):
        sys.stderr.write(f"{path}: not a YAML mapping\n")
        return 1
    spec: dict[str, object] = loaded
    problems = check_schema(spec)
    problems.extend(check_rules(spec))
    for problem in problems:
        sys.stderr.write(f"{path}: {problem}\n")
    if problems:
        sys.stderr.write(f"{path}: {len(problems)} problem(s)\n")
        return 1
    sys.stdout.write(f"{path}: OK ({sum(1 for _ in _operations(spec))} operations)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The package's layers, as its folders show them, and imports that flow one way: `_stores` (artifact stores the
client reaches itself, importing no other layer) and `_core` (protocol) below
`_ops` (the only importer of the generated package) below `_durable` below `_async` and `_sync` (the clients)
below the front doors at the top (`__init__`, fluent API, `MlflowClient`, command line, compat, entities).
`_errors`, `_entities` and `_version` are the vocabulary every layer shares. Read from the source (AST), so a
lazy import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mlflow_lite

PACKAGE = Path(mlflow_lite.__file__).parent
SHARED = {"_errors", "_entities", "_version"}
# What each layer may import from the package, besides itself and the shared vocabulary.
BELOW = {
    "_core": set(),
    "_stores": set(),
    "_ops": {"_core", "_stores"},
    "_durable": {"_core", "_ops"},
    "_async": {"_core", "_ops", "_durable"},
    "_sync": {"_core", "_ops", "_durable"},
}


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module, names) of every `import` and `from ... import` in a module of the package."""
    relative = path.relative_to(PACKAGE).with_suffix("").parts
    package = ["mlflow_lite", *relative[:-1]]  # what a relative import starts from (an __init__'s own package too)
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((module, [alias.name for alias in node.names]))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "mlflow_lite" else None


def modules_in(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).glob("*.py"))


@pytest.mark.parametrize("layer", sorted(BELOW))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    allowed = {layer, *BELOW[layer], *SHARED}
    wrong = []
    for path in modules_in(layer):
        for module, names in imports_of(path):
            target = layer_of(module)
            # `from .. import _entities` names its modules; `from .._ops import runs` its layer.
            targets = set(names) if module == "mlflow_lite" else {target} if target else set()
            wrong += [f"{path.name} imports {module} {names}" for t in targets if t not in allowed]
    assert wrong == []


def test_only_the_ops_import_the_generated_package() -> None:
    importers = {
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        for module, _ in imports_of(path)
        if module.split(".")[0] == "mlflow_rest_api"
    }
    assert importers
    assert {importer.split("/")[0] for importer in importers} == {"_ops"}


def test_no_core_module_makes_an_http_client() -> None:
    for path in modules_in("_core"):
        source = path.read_text(encoding="utf-8")
        assert "httpx.Client(" not in source, path.name
        assert "httpx.AsyncClient(" not in source, path.name


def test_nothing_outside_a_layer_uses_its_private_names() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        home = path.relative_to(PACKAGE).parts[0]
        for module, names in imports_of(path):
            layer = layer_of(module)
            if layer in BELOW and layer != home:
                wrong += [f"{path.relative_to(PACKAGE)}: {module}.{name}" for name in names if name.startswith("_")]
    assert wrong == []


def test_sync_files_are_generated_from_async_ones() -> None:
    async_files = {path.name for path in modules_in("_async")}
    sync_files = {path.name for path in modules_in("_sync")}
    assert async_files == sync_files
    for name in sync_files - {"__init__.py"}:
        first = (PACKAGE / "_sync" / name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"# Generated from _async/{name} by scripts/unasync.py"), name

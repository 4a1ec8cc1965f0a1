"""The documentation's examples, run: every ```python block in docs/*.md, as a script of its own, against each
real MLflow server, with MLFLOW_TRACKING_URI pointing at it. A block followed by "prints" and a ```text block
must print exactly that text. The API reference must cover every public name."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mlflow_lite
from mlflow_server import MlflowServer

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, str, str | None]]:
    """(id, code, expected output or None) for every ```python block in the docs, in page order."""
    found: list[tuple[str, str, str | None]] = []
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        blocks = list(FENCE.finditer(text))
        for index, block in enumerate(blocks):
            if block.group(1) != "python":
                continue
            expected = None
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            between = text[block.end() : following.start()] if following else ""
            if following is not None and following.group(1) == "text" and between.strip() == "prints":
                expected = following.group(2)
            line = text.count("\n", 0, block.start()) + 1
            found.append((f"{page.name}:{line}", block.group(2), expected))
    return found


EXAMPLES = examples()


def test_the_docs_have_examples_and_each_is_found() -> None:
    assert len(EXAMPLES) >= 10
    pages = {example_id.split(":")[0] for example_id, _, _ in EXAMPLES}
    assert {"quickstart.md", "configuration.md", "errors.md", "buffered-logging.md"} <= pages
    assert any(expected for _, _, expected in EXAMPLES)  # at least one output is checked word for word


def test_the_api_reference_covers_every_public_name() -> None:
    documented = set(re.findall(r"^::: mlflow_lite\.(\w+)$", (DOCS / "api.md").read_text(), re.MULTILINE))
    public = set(mlflow_lite.__all__) - {"__version__"}
    assert public - documented == set(), "names in mlflow_lite.__all__ missing from docs/api.md"
    assert documented - public == set(), "docs/api.md documents names that are not public"


@pytest.mark.parametrize(("code", "expected"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_doc_example_runs(code: str, expected: str | None, server: MlflowServer, tmp_path: Path) -> None:
    env = {**os.environ, "MLFLOW_TRACKING_URI": server.url}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"the example failed:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if expected is not None:
        assert result.stdout == expected

"""The documentation's examples, run: every ```python block in README.md and docs/*.md, as a script of its own,
against each real MLflow server, with MLFLOW_TRACKING_URI pointing at it. A block followed by "prints" and a
```text block must print exactly that text. The API reference must cover every public name.

A block may carry a marker, an HTML comment on the line just before its fence, that this test reads:

- `<!-- docs-test: continues -->`: the block continues the previous Python block of the page (its names are
  defined there), so it runs as that block's script followed by its own code;
- `<!-- docs-test: mlflow 3 -->`: the block needs an MLflow 3 server, and runs only against those;
- `<!-- docs-test: skip: <why> -->`: the block is not run, for the reason given (which must be given).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mlflow_lite
from mlflow_server import MlflowServer

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
MARKER = re.compile(r"<!-- docs-test: (continues|mlflow 3|skip: \S.*?) -->")


class Example:
    """One ```python block as it runs: its code (with the blocks it continues), its expected output, marks."""

    def __init__(self, example_id: str, code: str, expected: str | None, marker: str | None) -> None:
        self.id = example_id
        self.code = code
        self.expected = expected
        self.marker = marker


def examples() -> list[Example]:
    """Every ```python block of the README and the docs, in page order."""
    found: list[Example] = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        blocks = list(FENCE.finditer(text))
        previous: Example | None = None
        for index, block in enumerate(blocks):
            if block.group(1) != "python":
                continue
            line = text.count("\n", 0, block.start()) + 1
            example_id = f"{page.name}:{line}"
            line_before = (text[: block.start()].splitlines() or [""])[-1].strip()
            marked = MARKER.fullmatch(line_before)
            marker = marked.group(1) if marked else None
            code = block.group(2)
            if marker == "continues":
                assert previous is not None, f"{example_id} continues no earlier Python block"
                code = previous.code + "\n" + code
                marker = previous.marker if previous.marker == "mlflow 3" else None
            expected = None
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            between = text[block.end() : following.start()] if following else ""
            if following is not None and following.group(1) == "text" and between.strip() == "prints":
                expected = following.group(2)
            previous = Example(example_id, code, expected, marker)
            found.append(previous)
    return found


EXAMPLES = examples()


def test_the_docs_have_examples_and_each_is_found() -> None:
    assert len(EXAMPLES) >= 10
    pages = {example.id.split(":")[0] for example in EXAMPLES}
    assert {"README.md", "quickstart.md", "configuration.md", "errors.md", "buffered-logging.md"} <= pages
    assert any(example.expected for example in EXAMPLES)  # at least one output is checked word for word


def test_every_marker_is_one_the_test_reads() -> None:
    """A misspelt marker would silently run (or not skip) its block: every `docs-test` comment must parse."""
    for page in PAGES:
        for line in page.read_text(encoding="utf-8").splitlines():
            if "docs-test" in line and line.lstrip().startswith("<!--"):
                assert MARKER.fullmatch(line.strip()), f"{page.name}: unreadable marker {line!r}"


def test_the_api_reference_covers_every_public_name() -> None:
    """The reference is split by area (docs/api-*.md, listed by docs/api.md); together they cover `__all__`."""
    pages = sorted(DOCS.glob("api-*.md"))
    index = (DOCS / "api.md").read_text(encoding="utf-8")
    assert [page.name for page in pages if f"({page.name})" not in index] == [], "pages docs/api.md does not link"
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    documented = set(re.findall(r"^::: mlflow_lite\.(\w+)$", text, re.MULTILINE))
    public = set(mlflow_lite.__all__) - {"__version__"}
    assert public - documented == set(), "names in mlflow_lite.__all__ missing from docs/api-*.md"
    assert documented - public == set(), "docs/api-*.md document names that are not public"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_doc_example_runs(example: Example, server: MlflowServer, tmp_path: Path) -> None:
    if example.marker is not None and example.marker.startswith("skip"):
        pytest.skip(example.marker)
    if example.marker == "mlflow 3" and server.version.startswith("2."):
        pytest.skip("the example needs an MLflow 3 server")
    env = {**os.environ, "MLFLOW_TRACKING_URI": server.url}
    result = subprocess.run(
        [sys.executable, "-c", example.code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"the example failed:\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if example.expected is not None:
        assert result.stdout == example.expected

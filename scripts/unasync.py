"""Generate the synchronous client from the asynchronous one: `wrapper/mlflow_lite/_async_client.py` is the
source; `wrapper/mlflow_lite/_client.py` is made from it by plain token substitutions, as httpcore makes its
sync code (no new runtime dependency, nothing but `re`).

    python scripts/unasync.py           # write _client.py
    python scripts/unasync.py --check   # fail when _client.py differs from what the source gives (make lint)

The substitutions work line by line, in order (`SUBSTITUTIONS`). Three markers in the source handle what is
not a mere token:

* a line ending in `# sync: <code>` becomes `<code>` (with the line's indentation) in the sync file;
* a comment `# sync only: <line>` becomes `<line>` there (docstrings that differ, say);
* lines between `# async only: begin` and `# async only: end` are left out of it.

Then ruff sorts the imports, drops those the sync code does not use, and formats the file, with the project's
settings.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "wrapper" / "mlflow_lite" / "_async_client.py"
TARGET = ROOT / "wrapper" / "mlflow_lite" / "_client.py"

RUFF = Path(sys.executable).with_name("ruff")

# (pattern, replacement), applied in this order to every line.
SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\bAsync([A-Z]\w*)", r"\1"),  # AsyncTrackingClient, AsyncActiveRun, AsyncIterator, httpx.AsyncClient, ...
    (r"\bset_async_httpx_client\b", "set_httpx_client"),
    (r"\bTaskSender\b", "ThreadSender"),
    (r"\bTaskDrain\b", "ThreadDrain"),
    (r"\baclose\b", "close"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baread\b", "read"),
    (r"\babody\(\)", "body()"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"^import asyncio$", "import time"),
    # Words of the docstrings.
    (r"\basyncio twin of\b", "blocking twin of"),
    (r"\basync iterators\b", "iterators"),
    (r"\bawaitable\b", "blocking"),
]
COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in SUBSTITUTIONS]
SYNC_LINE = re.compile(r"^(?P<indent>\s*)(?P<code>.*?)\s*# sync: (?P<sync>.*)$")
SYNC_ONLY = re.compile(r"^(?P<indent>\s*)# sync only: ?(?P<line>.*)$")


def unasync(source: str) -> str:
    lines = []
    skipping = False
    for line in source.splitlines():
        marker = line.strip()
        if marker == "# async only: begin":
            skipping = True
            continue
        if marker == "# async only: end":
            skipping = False
            continue
        if skipping:
            continue
        only = SYNC_ONLY.match(line)
        if only is not None:
            lines.append((only["indent"] + only["line"]).rstrip())
            continue
        sync = SYNC_LINE.match(line)
        if sync is not None:
            lines.append(sync["indent"] + sync["sync"])
            continue
        for pattern, replacement in COMPILED:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return tidy("\n".join(lines) + "\n")


def tidy(source: str) -> str:
    """The generated code as ruff leaves it with the project's settings: its fixes made (imports sorted, unused
    ones gone, `yield from` where the async code loops), formatted."""
    for command in (["check", "--fix", "--quiet", "--exit-zero"], ["format"]):
        source = subprocess.run(
            [str(RUFF), *command, "--stdin-filename", str(TARGET), "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the sync file is out of date")
    check = parser.parse_args().check
    wanted = unasync(SOURCE.read_text(encoding="utf-8"))
    if not check:
        TARGET.write_text(wanted, encoding="utf-8")
        return 0
    current = TARGET.read_text(encoding="utf-8")
    if current == wanted:
        print(f"{TARGET.relative_to(ROOT)} is in sync with {SOURCE.relative_to(ROOT)}")
        return 0
    diff = difflib.unified_diff(
        wanted.splitlines(), current.splitlines(), "generated from the async source", str(TARGET), lineterm=""
    )
    print("\n".join(list(diff)[:80]))
    print(f"{TARGET.relative_to(ROOT)} is out of sync with {SOURCE.relative_to(ROOT)}: run `make unasync`")
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Generate the synchronous code from the asynchronous code: every module of `wrapper/mlflow_lite/_async/` is
the source of the module of the same name in `wrapper/mlflow_lite/_sync/`, made by plain token substitutions,
as httpcore makes its sync code (no new runtime dependency, nothing but `re`).

    python scripts/unasync.py           # write _sync/
    python scripts/unasync.py --check   # fail when a file of _sync/ differs from what its source gives, when
                                        # one has no source, or when one lacks its generated header (make lint)

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
SOURCE = ROOT / "wrapper" / "mlflow_lite" / "_async"
TARGET = ROOT / "wrapper" / "mlflow_lite" / "_sync"
# The first line of every generated file: what marks it generated (a hand edit of it fails `--check`).
HEADER = "# Generated from _async/{name} by scripts/unasync.py: do not edit; edit the async file, then `make unasync`."

RUFF = Path(sys.executable).with_name("ruff")

# (pattern, replacement), applied in this order to every line.
SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\bAsync([A-Z]\w*)", r"\1"),  # AsyncTrackingClient, AsyncActiveRun, AsyncIterator, httpx.AsyncClient, ...
    (r"\bset_async_httpx_client\b", "set_httpx_client"),
    # async_checkpoint, async_run_blocking, and the module `_core.async_concurrency` itself
    (r"\basync_(\w+)", r"\1"),
    (r"\bAwaitable\[([^\[\]]*)\]", r"\1"),  # Callable[[Batch], Awaitable[None]]
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


def unasync(source: str, name: str) -> str:
    lines = [HEADER.format(name=name)]
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
    return tidy("\n".join(lines) + "\n", TARGET / name)


def tidy(source: str, target: Path) -> str:
    """The generated code as ruff leaves it with the project's settings: its fixes made (imports sorted, unused
    ones gone, `yield from` where the async code loops), formatted."""
    for command in (["check", "--fix", "--quiet", "--exit-zero"], ["format"]):
        source = subprocess.run(
            [str(RUFF), *command, "--stdin-filename", str(target), "-"],
            input=source,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return source


def wanted_files() -> dict[Path, str]:
    """Every file `_sync/` should hold, with its text."""
    return {
        TARGET / path.name: unasync(path.read_text(encoding="utf-8"), path.name)
        for path in sorted(SOURCE.glob("*.py"))
        if path.name != "__init__.py"
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the sync files are out of date")
    check = parser.parse_args().check
    wanted = wanted_files()
    if not check:
        for target, text in wanted.items():
            target.write_text(text, encoding="utf-8")
        return 0
    stale = 0
    for target in sorted(TARGET.glob("*.py")):
        if target.name != "__init__.py" and target not in wanted:
            print(f"{target.relative_to(ROOT)} has no source in {SOURCE.relative_to(ROOT)}: remove it")
            stale += 1
    for target, text in wanted.items():
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current == text:
            continue
        diff = difflib.unified_diff(
            text.splitlines(), current.splitlines(), "generated from the async source", str(target), lineterm=""
        )
        print("\n".join(list(diff)[:80]))
        print(f"{target.relative_to(ROOT)} is out of sync with its source in {SOURCE.relative_to(ROOT)}")
        stale += 1
    if stale:
        print("run `make unasync`")
        return 1
    print(f"{TARGET.relative_to(ROOT)}/ is in sync with {SOURCE.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

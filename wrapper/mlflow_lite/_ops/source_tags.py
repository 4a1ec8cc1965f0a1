"""The context tags MLflow's fluent `start_run` puts on a new run: who started it, from which script, at which
git commit. Read the way MLflow reads them (`mlflow.tracking.context`), without GitPython: the checkout's
files are read directly.

    mlflow.user               MLFLOW_TRACKING_USERNAME when set, else the login name
    mlflow.source.name        sys.argv[0], as the script was started
    mlflow.source.type        LOCAL
    mlflow.source.git.commit  HEAD of the checkout holding the script, when there is one
    mlflow.source.git.branch  its branch (not when HEAD is detached)
    mlflow.source.git.repoURL the URL of its first remote, without user info, query or fragment
    (any tags)                the JSON object in MLFLOW_RUN_CONTEXT

Tags the caller gives win over these. A remote's URL often holds a credential (`https://bob:ghp_...@github.com/...`,
`?private_token=...`): it is sent, and journaled, without user info (as MLflow 3.17.2's client strips it) and,
unlike MLflow, without its query and fragment too.
"""

from __future__ import annotations

import configparser
import functools
import getpass
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .._errors import InvalidParameterValue

__all__ = [
    "GIT_BRANCH",
    "GIT_COMMIT",
    "GIT_REPO_URL",
    "SOURCE_NAME",
    "SOURCE_TYPE",
    "USER",
    "context_tags",
    "git_info",
    "without_credentials",
]

USER = "mlflow.user"
SOURCE_NAME = "mlflow.source.name"
SOURCE_TYPE = "mlflow.source.type"
GIT_COMMIT = "mlflow.source.git.commit"
GIT_BRANCH = "mlflow.source.git.branch"
GIT_REPO_URL = "mlflow.source.git.repoURL"


def context_tags(username: str | None = None) -> dict[str, str]:
    """The tags for a run started now by this process; `username` is the tracking username, if any."""
    main_file = sys.argv[0] if sys.argv and sys.argv[0] else None
    tags = {
        USER: username or _login_name(),
        SOURCE_NAME: main_file or "<console>",
        SOURCE_TYPE: "LOCAL",
    }
    if main_file is not None:
        tags.update(git_info(main_file))
    tags.update(_environment_context())
    return tags


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor in the password database (some containers)
        return "unknown"


def _environment_context() -> dict[str, str]:
    raw = os.environ.get("MLFLOW_RUN_CONTEXT")
    if not raw:
        return {}
    try:
        tags = json.loads(raw)
    except ValueError:
        raise InvalidParameterValue("MLFLOW_RUN_CONTEXT must be a JSON object of tags") from None
    if not isinstance(tags, dict):
        raise InvalidParameterValue("MLFLOW_RUN_CONTEXT must be a JSON object of tags")
    return {str(key): str(value) for key, value in tags.items()}


@functools.cache
def git_info(main_file: str) -> dict[str, str]:
    """Commit, branch and first remote's URL of the git checkout holding `main_file` (empty when none).

    Read once per script, as MLflow caches it. Unlike MLflow, a script in a git-ignored folder still gets the
    commit (telling ignored paths apart needs git itself).
    """
    start = Path(main_file)
    try:
        if start.is_file():
            start = start.resolve().parent
        elif start.is_dir():
            start = start.resolve()
        else:
            return {}  # `python -c`, an interactive session: no script, so no checkout (as in MLflow)
        git_dir = _find_git_dir(start)
        if git_dir is None:
            return {}
        commit, branch = _head(git_dir)
    except (OSError, ValueError):
        return {}
    if commit is None:
        return {}
    info = {GIT_COMMIT: commit}
    if branch is not None:
        info[GIT_BRANCH] = branch
    url = _first_remote_url(_common_dir(git_dir))
    if url is not None:
        info[GIT_REPO_URL] = url
    return info


def _find_git_dir(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
            text = dot_git.read_text(encoding="utf-8").strip()
            if text.startswith("gitdir:"):
                return (folder / text.removeprefix("gitdir:").strip()).resolve()
    return None


def _common_dir(git_dir: Path) -> Path:
    """Where refs and config live: a worktree's git dir names it in `commondir`."""
    common = git_dir / "commondir"
    if common.is_file():
        return (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
    return git_dir


def _head(git_dir: Path) -> tuple[str | None, str | None]:
    """(commit, branch) of HEAD; branch None when detached, commit None in a repository with no commits."""
    head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
    if not head.startswith("ref:"):
        return (head if _is_sha(head) else None), None
    ref = head.removeprefix("ref:").strip()
    branch = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None
    return _resolve_ref(_common_dir(git_dir), git_dir, ref), branch


def _resolve_ref(common: Path, git_dir: Path, ref: str) -> str | None:
    for base in (git_dir, common):
        loose = base / ref
        if loose.is_file():
            value = loose.read_text(encoding="utf-8").strip()
            return value if _is_sha(value) else None
    packed = common / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1] == ref and _is_sha(parts[0]):
                return parts[0]
    return None


def _first_remote_url(common: Path) -> str | None:
    """The URL of the first `[remote "..."]` section of the repository's own config, as GitPython lists them."""
    config = common / "config"
    if not config.is_file():
        return None
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        parser.read(config, encoding="utf-8")
    except configparser.Error:
        return None
    for section in parser.sections():
        if section.startswith('remote "') and parser.has_option(section, "url"):
            return without_credentials(_git_value(parser.get(section, "url")))
    return None


def _git_value(raw: str) -> str:
    """A value as git reads it: double quotes removed, backslash escapes undone, a `#` or `;` comment cut off
    (git quotes a URL that holds `#` or `;`, which configparser leaves as written)."""
    out: list[str] = []
    quoted = False
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            out.append({"n": "\n", "t": "\t", "b": "\b"}.get(escaped, escaped))
        elif char == '"':
            quoted = not quoted
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
    return "".join(out).strip()


def without_credentials(url: str) -> str | None:
    """A remote's URL as it may leave this machine: without user info (`bob:token@`) and without query and
    fragment (where some hosts take tokens); None for a URL too broken to tell its parts apart. A URL with no
    scheme (`git@github.com:team/repo.git`, scp-like, whose user is no secret) or no host (a local path) is kept."""
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken [IPv6] host: rather no tag than one that may hold a secret
        return None
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _is_sha(value: str) -> bool:
    return len(value) in (40, 64) and all(c in "0123456789abcdef" for c in value)

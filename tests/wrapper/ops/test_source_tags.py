"""Context tags: read from git checkouts without git, and the same as MLflow's fluent `start_run` sets for the
same script, checked against MLflow 3.17.2 (which sets commit, branch and remote URL; 2.x sets the commit)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import unique
from oracle import mlflow_python

from mlflow_lite import TrackingClient
from mlflow_lite._ops import source_tags as context
from mlflow_server import MlflowServer

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="the tests build checkouts with the git command")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def checkout(root: Path, remote: str | None = "https://example.com/team/repo.git") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    if remote:
        git(root, "remote", "add", "origin", remote)
    (root / "src").mkdir()
    (root / "src" / "train.py").write_text("print('hi')\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    return root


@needs_git
def test_commit_branch_and_remote(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo")
    info = context.git_info(str(root / "src" / "train.py"))
    assert info == {
        context.GIT_COMMIT: git(root, "rev-parse", "HEAD"),
        context.GIT_BRANCH: "main",
        context.GIT_REPO_URL: "https://example.com/team/repo.git",
    }


@needs_git
def test_detached_head_packed_refs_and_worktrees(tmp_path: Path) -> None:
    root = checkout(tmp_path / "repo", remote=None)
    head = git(root, "rev-parse", "HEAD")
    git(root, "pack-refs", "--all")  # the branch now lives in packed-refs only
    assert context.git_info(str(root / "src" / "train.py")) == {context.GIT_COMMIT: head, context.GIT_BRANCH: "main"}
    git(root, "worktree", "add", "-q", "-b", "other", str(tmp_path / "wt"))
    assert context.git_info(str(tmp_path / "wt" / "src" / "train.py")) == {
        context.GIT_COMMIT: head,
        context.GIT_BRANCH: "other",
    }
    git(root, "checkout", "-q", "--detach")
    (root / "src" / "other.py").write_text("")  # a new path: the cache is per script
    assert context.git_info(str(root / "src" / "other.py")) == {context.GIT_COMMIT: head}


@needs_git
def test_no_checkout_no_commit_no_git_tags(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "s.py").write_text("")
    assert context.git_info(str(plain / "s.py")) == {}
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q")
    (empty / "s.py").write_text("")
    assert context.git_info(str(empty / "s.py")) == {}  # a repository without commits
    assert context.git_info("-c") == {}  # `python -c`: no script


TOKEN = "ghp_5ecretT0kenInTheRemote"


@needs_git
@pytest.mark.parametrize(
    ("remote", "sent"),
    [
        (f"https://bob:{TOKEN}@github.com/team/repo.git", "https://github.com/team/repo.git"),
        (f"https://{TOKEN}@github.com/team/repo.git", "https://github.com/team/repo.git"),
        (
            f"https://oauth2:{TOKEN}@gitlab.example.com:8443/team/repo.git",
            "https://gitlab.example.com:8443/team/repo.git",
        ),
        (f"https://gitlab.example.com/team/repo.git?private_token={TOKEN}", "https://gitlab.example.com/team/repo.git"),
        (f"https://bob:{TOKEN}@example.com/repo.git?token={TOKEN}#{TOKEN}", "https://example.com/repo.git"),
        (f"ssh://git:{TOKEN}@example.com:22/team/repo.git", "ssh://example.com:22/team/repo.git"),
        ("git@github.com:team/repo.git", "git@github.com:team/repo.git"),  # scp-like: no password, kept (as MLflow)
        ("https://github.com/team/repo.git", "https://github.com/team/repo.git"),
    ],
)
def test_credentials_in_the_remote_url_are_not_sent(tmp_path: Path, remote: str, sent: str) -> None:
    """A token in `origin`'s URL (`https://bob:ghp_...@github.com/...`) stays on this machine: user info and any
    query are taken out of the tag, as MLflow 3.17.2's client takes out the user info."""
    root = checkout(tmp_path / "repo", remote=remote)
    assert context.git_info(str(root / "src" / "train.py"))[context.GIT_REPO_URL] == sent


@needs_git
def test_the_journal_holds_no_token_from_the_remote_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run started on its journal (no server) writes its tags there: the remote URL without its token."""
    from mlflow_lite._durable.journal import journal_files, scan
    from mlflow_server import free_port

    root = checkout(tmp_path / "repo", remote=f"https://bob:{TOKEN}@github.com/team/repo.git?t={TOKEN}")
    monkeypatch.setattr(sys, "argv", [str(root / "src" / "train.py")])
    spool = tmp_path / "spool"
    with TrackingClient(f"http://127.0.0.1:{free_port()}", spool_dir=spool, max_retries=1, retry_budget=1) as client:
        run = client.start_run("e")
        assert run.run_id == ""  # on its journal alone
        run.end()
    (journal,) = journal_files(spool)
    assert TOKEN not in journal.read_text()
    plan = scan(journal).plan
    assert plan is not None
    assert dict(plan.tags)[context.GIT_REPO_URL] == "https://github.com/team/repo.git"


def test_user_source_and_run_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/opt/jobs/nightly.py"])
    monkeypatch.setenv("MLFLOW_RUN_CONTEXT", json.dumps({"ci.job": "42"}))
    tags = context.context_tags("alice")
    assert tags[context.USER] == "alice"
    assert (tags[context.SOURCE_NAME], tags[context.SOURCE_TYPE]) == ("/opt/jobs/nightly.py", "LOCAL")
    assert tags["ci.job"] == "42"
    monkeypatch.setattr(sys, "argv", [""])
    assert context.context_tags(None)[context.SOURCE_NAME] == "<console>"


SCRIPT = """\
import json, sys
if sys.argv[1] == "mlflow":
    import mlflow
    with mlflow.start_run(experiment_id=sys.argv[2], tags={"mine": "1", "mlflow.user": "override"}) as run:
        pass
    run_id = run.info.run_id
else:
    import mlflow_lite
    with mlflow_lite.TrackingClient() as client:
        with client.start_run(experiment_id=sys.argv[2], tags={"mine": "1", "mlflow.user": "override"}) as run:
            pass
        run_id = run.run_id
print(json.dumps(run_id))
"""


@needs_git
@pytest.mark.parametrize(
    "remote", ["https://example.com/team/repo.git", f"https://bob:{TOKEN}@example.com/team/repo.git"]
)
def test_the_same_tags_as_mlflows_fluent_start_run(server3: MlflowServer, tmp_path: Path, remote: str) -> None:
    """One script in one checkout, started once with MLflow 3.17.2 and once with mlflow-lite: the same tags (a
    token in the remote's URL taken out by both)."""
    root = checkout(tmp_path / "repo", remote=remote)
    script = root / "src" / "job.py"
    script.write_text(SCRIPT)
    env = {"MLFLOW_TRACKING_URI": server3.url, "MLFLOW_DISABLE_TELEMETRY": "true", "PATH": "/usr/bin:/bin"}
    with TrackingClient(server3.url) as client:
        experiment_id = client.create_experiment(unique("context"))
        tags = {}
        for which, python in (("mlflow", mlflow_python(server3.version)), ("lite", Path(sys.executable))):
            done = subprocess.run(
                [str(python), "src/job.py", which, experiment_id],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr[-2000:]
            run_id = json.loads(done.stdout.strip().splitlines()[-1])
            tags[which] = client.get_run(run_id).data.tags
    mlflow_tags, lite_tags = tags["mlflow"], tags["lite"]
    mlflow_tags.pop("mlflow.runName")  # each run gets its own generated name
    lite_tags.pop("mlflow.runName")
    assert lite_tags == mlflow_tags
    assert lite_tags["mlflow.user"] == "override"  # the caller's tags win
    assert lite_tags["mlflow.source.name"] == "src/job.py"
    assert lite_tags[context.GIT_COMMIT] == git(root, "rev-parse", "HEAD")
    assert lite_tags[context.GIT_REPO_URL] == "https://example.com/team/repo.git"

"""`mlflow-lite`, the command line: bad input and unreachable servers give one line and a non-zero exit; the
commands against both real servers; the installed console script."""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import unique

from mlflow_lite import TrackingClient
from mlflow_lite._cli import _parser, main
from mlflow_server import MlflowServer, free_port


def cli(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command through its real entry point, `python -m mlflow_lite`, in a process of its own."""
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mlflow_lite", *argv],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's own exits (bad arguments, --help, --version)
        status = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


# --- no server --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "required: COMMAND"),
        (["runs", "list"], "required: EXPERIMENT"),
        (["runs", "list", "e", "--max", "0"], "expected 1 or more"),
        (["runs", "frobnicate"], "invalid choice: 'frobnicate'"),
        (["log", "metric", "r", "k", "fast"], "a metric value is a number, got 'fast'"),
        (["log", "metric", "r", "k", "1", "--step", "one"], "invalid int value: 'one'"),
        (["--tracking-uri"], "expected one argument"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], says: str) -> None:
    status, out, err = run_cli(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("mlflow-lite: "), err
    assert says in err, err


@pytest.mark.parametrize(
    ("uri", "says"),
    [
        ("http://h:notaport", "'http://h:notaport' from --tracking-uri"),
        ("ftp://h", "'ftp://h'"),
        ("   ", "--tracking-uri is empty"),
    ],
)
def test_a_bad_uri_is_one_line(capsys: pytest.CaptureFixture[str], uri: str, says: str) -> None:
    status, out, err = run_cli(capsys, "--tracking-uri", uri, "experiments", "list")
    assert (status, out) == (1, "")
    assert err.count("\n") == 1, err
    assert says in err, err


@pytest.mark.parametrize("where", ["MLFLOW_TRACKING_URI", "--tracking-uri"])
def test_a_password_with_a_slash_never_shows(where: str) -> None:
    """`http://alice:S3cr/et@host`: the `/` ends the host part, so the password cannot be read back; the error
    says to percent-encode it and shows none of it."""
    uri = "http://alice:Zq7/Xw9@127.0.0.1:5000"
    if where == "MLFLOW_TRACKING_URI":
        done = cli("experiments", "list", env={"MLFLOW_TRACKING_URI": uri})
    else:
        done = cli("--tracking-uri", uri, "experiments", "list")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert where in done.stderr
    assert "percent-encode" in done.stderr
    assert "http://alice:***@127.0.0.1:5000" in done.stderr
    assert "Zq7" not in done.stderr
    assert "Xw9" not in done.stderr


def test_an_unreachable_server_is_one_line_naming_the_uri_and_its_source(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", url)
    status, out, err = run_cli(capsys, "runs", "get", "abc")
    assert (status, out) == (1, "")
    assert (
        err
        == f"mlflow-lite: cannot reach {url} (from MLFLOW_TRACKING_URI): ConnectError: [Errno 111] Connection refused\n"
    )


@pytest.mark.parametrize(("environ", "tries"), [({}, 3), ({"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"}, 1)])
def test_a_command_retries_as_often_as_the_environment_says(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    tries: int,
) -> None:
    """Two retries by default (a command should not hang), `MLFLOW_HTTP_REQUEST_MAX_RETRIES` when it is set."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    url = f"http://127.0.0.1:{free_port()}"
    status, _, err = run_cli(capsys, "-v", "--tracking-uri", url, "runs", "get", "abc")
    assert status == 1
    assert "cannot reach" in err
    retried = [record for record in caplog.records if "retrying in" in record.getMessage()]
    assert len(retried) == tries - 1


@pytest.mark.parametrize(("environ", "budget"), [({}, 10.0), ({"MLFLOW_LITE_RETRY_BUDGET": "120"}, 120.0)])
def test_a_command_retries_for_as_long_as_the_environment_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], budget: float
) -> None:
    """About 10 s by default, `MLFLOW_LITE_RETRY_BUDGET` when it is set (a sync to a busy server may need more)."""
    import mlflow_lite._cli

    made: list[TrackingClient] = []

    class Recorded(TrackingClient):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(mlflow_lite._cli, "TrackingClient", Recorded)
    status, _, err = run_cli(capsys, "--tracking-uri", f"http://127.0.0.1:{free_port()}", "runs", "get", "abc")
    assert (status, "cannot reach" in err) == (1, True)
    assert [client._settings.retry_budget for client in made] == [budget]


def test_doctor_on_an_unreachable_server(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    status, out, _ = run_cli(capsys, "--tracking-uri", url, "doctor", "--json")
    findings = json.loads(out)
    assert status == 1
    assert findings["reachable"] is False
    assert findings["ok"] is False
    assert (findings["tracking_uri"], findings["from"]) == (url, "--tracking-uri")


def test_doctor_says_when_the_spool_folder_is_open_to_others(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    spool.chmod(0o777)
    url = f"http://127.0.0.1:{free_port()}"
    done = cli("--tracking-uri", url, "doctor", "--json", env={"MLFLOW_LITE_SPOOL_DIR": str(spool)})
    findings = json.loads(done.stdout)
    assert findings["spool"] == {
        "dir": str(spool),
        "from": "MLFLOW_LITE_SPOOL_DIR",
        "problem": "is writable by others (mode 0777)",
        "journals": 0,
    }
    assert findings["ok"] is False
    done = cli("--tracking-uri", url, "doctor", env={"MLFLOW_LITE_SPOOL_DIR": str(spool)})
    assert done.returncode == 1
    assert f"spool          {spool} (from MLFLOW_LITE_SPOOL_DIR): refused: it is writable by others" in done.stdout
    spool.chmod(0o700)
    (spool / "a.journal").write_text("")
    done = cli("--tracking-uri", url, "doctor", "--json", env={"MLFLOW_LITE_SPOOL_DIR": str(spool)})
    assert json.loads(done.stdout)["spool"]["problem"] is None
    assert json.loads(done.stdout)["spool"]["journals"] == 1
    done = cli("--tracking-uri", url, "doctor", "--json", env={"MLFLOW_LITE_SPOOL_DIR": ""})
    assert json.loads(done.stdout)["spool"] is None


# --- the edges a new user meets, through the real entry point ---------------------------------------------


def test_sync_with_a_spool_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    url = f"http://127.0.0.1:{free_port()}"
    done = cli("--tracking-uri", url, "sync", "--spool-dir", str(missing))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"mlflow-lite: no such folder: {missing} (from --spool-dir)\n"
    done = cli("--tracking-uri", url, "sync", env={"MLFLOW_LITE_SPOOL_DIR": str(missing)})
    assert done.returncode == 2
    assert done.stderr == f"mlflow-lite: no such folder: {missing} (from MLFLOW_LITE_SPOOL_DIR)\n"
    assert not missing.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["doctor", "--json", "--tracking-uri", "{url}"],
        ["doctor", "--tracking-uri={url}", "--json", "-v"],
        ["runs", "get", "abc", "--tracking-uri", "{url}"],
        ["runs", "list", "e", "--tracking-uri", "{url}", "--max", "3"],
        ["experiments", "list", "--tracking-uri", "{url}"],
        ["log", "metric", "r", "k", "1", "--tracking-uri", "{url}"],
        ["sync", "--tracking-uri", "{url}", "--spool-dir", "{spool}"],
        ["--tracking-uri", "http://127.0.0.1:9", "runs", "get", "abc", "--tracking-uri", "{url}"],  # the last wins
    ],
)
def test_the_tracking_uri_is_taken_after_any_command(tmp_path: Path, argv: list[str]) -> None:
    """`mlflow-lite sync --tracking-uri URL`, as the docs' examples will be typed: accepted on every command."""
    url = f"http://127.0.0.1:{free_port()}"
    spool = tmp_path / "spool"
    spool.mkdir(mode=0o700)
    # No retries: what is checked is where the URI came from; waiting out the first-contact retries (5 s a
    # command) is the next test's business.
    done = cli(*(arg.format(url=url, spool=spool) for arg in argv), env={"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"})
    assert "unrecognized arguments" not in done.stderr, done.stderr
    if argv[0] == "doctor":
        findings = json.loads(done.stdout)
        assert (findings["tracking_uri"], findings["from"]) == (url, "--tracking-uri")
    elif argv[0] == "sync":
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"delivered 0 runs (0 values) to {url}\n"
    else:
        assert done.stderr == f"mlflow-lite: cannot reach {url} (from --tracking-uri): " + (
            "ConnectError: [Errno 111] Connection refused\n"
        )


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["runs", "list", "e", "--bogus"], "mlflow-lite runs list"),
        (["sync", "--spool-folder", "x"], "mlflow-lite sync"),
        (["doctor", "extra"], "mlflow-lite doctor"),
        (["log", "param", "r", "k", "v", "w"], "mlflow-lite log param"),
    ],
)
def test_unrecognized_arguments_point_at_the_commands_own_help(argv: list[str], command: str) -> None:
    done = cli(*argv)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "unrecognized arguments" in done.stderr
    assert done.stderr.endswith(f"(see `{command} --help`)\n"), done.stderr


def test_experiments_list_takes_max(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run_cli(capsys, "experiments", "list", "--max", "0")
    assert status == 2
    assert "expected 1 or more" in err, err


def documented() -> str:
    return (Path(__file__).parents[2] / "docs" / "command-line.md").read_text(encoding="utf-8")


def leaf_commands() -> dict[str, argparse.ArgumentParser]:
    """Every command the parser knows ("runs list", "doctor", ...) and its parser."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            found[" ".join(path)] = parser
        for action in actions:
            for name, child in action.choices.items():
                walk(child, [*path, name])

    walk(_parser(), [])
    return found


def test_every_command_and_option_is_in_the_docs() -> None:
    """Each command's line in docs/command-line.md names every option it takes (`doctor --json` was missing)."""
    lines = documented().splitlines()
    for command, parser in leaf_commands().items():
        line = next((line for line in lines if line.startswith(f"mlflow-lite {command}")), None)
        assert line is not None, f"no line for `mlflow-lite {command}` in docs/command-line.md"
        for action in parser._actions:
            options = [o for o in action.option_strings if o.startswith("--") and o not in ("--help",)]
            if options and action.dest not in ("tracking_uri", "verbose"):
                assert options[0] in line, f"`mlflow-lite {command}` does not show {options[0]}: {line}"


def test_doctor_json_fields_are_documented() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    findings = json.loads(cli("--tracking-uri", url, "doctor", "--json").stdout)
    text = documented()
    reachable = ["health", "latency_ms", "clock_skew_s", "server_version", "auth", "artifact_proxy"]
    for key in [*findings, *reachable]:
        assert f"`{key}`" in text, f"doctor --json's {key!r} is not in docs/command-line.md"


# --- real servers -----------------------------------------------------------------------------------------


def test_log_then_read_back(server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    name = unique("cli")
    with TrackingClient(server.url) as client:
        run_id = client.create_run(client.ensure_experiment(name), run_name="from-cli").info.run_id
    uri = ["--tracking-uri", server.url]
    assert run_cli(capsys, *uri, "log", "metric", run_id, "loss", "0.25", "--step", "3")[0] == 0
    assert run_cli(capsys, *uri, "log", "metric", run_id, "nan", "nan")[0] == 0
    assert run_cli(capsys, *uri, "log", "param", run_id, "alpha", "0.5")[0] == 0
    assert run_cli(capsys, *uri, "log", "tag", run_id, "team", "ml")[0] == 0

    status, out, _ = run_cli(capsys, *uri, "runs", "get", run_id, "--json")
    assert status == 0
    data = json.loads(out)["data"]
    assert data["params"] == {"alpha": "0.5"}
    assert data["metrics"]["loss"] == 0.25
    assert math.isnan(data["metrics"]["nan"])
    assert data["tags"]["team"] == "ml"
    status, out, _ = run_cli(capsys, *uri, "runs", "get", run_id)
    assert status == 0
    assert "  alpha = 0.5" in out
    assert "  loss = 0.25" in out
    assert "from-cli" in out
    with TrackingClient(server.url) as client:
        (loss,) = client.get_metric_history(run_id, "loss")
    assert (loss.value, loss.step) == (0.25, 3)

    status, out, _ = run_cli(capsys, *uri, "runs", "list", name)
    assert status == 0
    assert out.startswith(f"{run_id}\tRUNNING\t")
    assert out.rstrip().endswith("from-cli")
    status, out, _ = run_cli(capsys, *uri, "runs", "list", name, "--json")
    assert [r["info"]["run_id"] for r in json.loads(out)] == [run_id]
    status, out, _ = run_cli(capsys, *uri, "experiments", "list", "--json")
    assert status == 0
    assert name in [e["name"] for e in json.loads(out)]
    status, out, _ = run_cli(capsys, *uri, "experiments", "list")
    assert f"\t{name}\n" in out


def test_missing_things_are_one_line(server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    uri = ["--tracking-uri", server.url]
    status, out, err = run_cli(capsys, *uri, "runs", "list", unique("nothing"))
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert "no experiment named" in err
    status, out, err = run_cli(capsys, *uri, "runs", "get", "0" * 32)
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert "RESOURCE_DOES_NOT_EXIST" in err


def test_doctor(server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--tracking-uri", server.url, "doctor", "--json")
    findings = json.loads(out)
    assert status == 0
    assert findings["ok"] is True
    assert findings["server_version"] == server.version
    assert (findings["auth"], findings["artifact_proxy"], findings["credentials"]) == ("ok", "on", "none")
    assert abs(findings["clock_skew_s"]) < 5  # the same machine's clock, to the second
    status, out, _ = run_cli(capsys, "--tracking-uri", server.url, "doctor")
    assert status == 0
    assert f"MLflow {server.version}" in out
    assert "artifact proxy on" in out


def test_doctor_sees_refused_credentials(auth_server: MlflowServer, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run_cli(capsys, "--tracking-uri", auth_server.url, "doctor", "--json")
    findings = json.loads(out)
    assert status == 1
    assert findings["reachable"] is True
    assert findings["auth"].startswith("refused")


def test_counts_read_as_english_and_experiments_list_takes_max(server: MlflowServer, tmp_path: Path) -> None:
    """ "delivered 1 run", "1 journal"; `experiments list --max N` lists N."""
    nowhere = f"http://127.0.0.1:{free_port()}"
    spool = tmp_path / "spool"
    with TrackingClient(nowhere, spool_dir=spool, max_retries=1, retry_budget=1) as offline:
        run = offline.start_run(unique("cli-sync"))
        run.log_metric("m", 1.0)
        run.end()
    done = cli("--tracking-uri", server.url, "sync", "--spool-dir", str(spool))
    assert f"left alone: 1 journal for {nowhere} (--any-server replays them here)" in done.stdout, done.stdout
    done = cli("sync", "--tracking-uri", server.url, "--spool-dir", str(spool), "--any-server")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"delivered 1 run (1 value) to {server.url}\n"), done.stdout
    for _ in range(2):
        with TrackingClient(server.url) as client:
            client.create_experiment(unique("cli-max"))
    done = cli("experiments", "list", "--max", "2", "--json", "--tracking-uri", server.url)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 2


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "mlflow-lite"
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("mlflow-lite ")
    bad = subprocess.run([str(script), "runs"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr

"""Settings resolution: arguments, then MLflow's environment variables, then defaults."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from mlflow_lite import AsyncTrackingClient, InvalidParameterValue, MlflowError, TrackingClient
from mlflow_lite._core.settings import Settings, read_config_file


def test_defaults() -> None:
    settings = Settings.resolve(environ={})
    assert settings.tracking_uri == "http://127.0.0.1:5000"
    assert (settings.max_retries, settings.backoff_factor, settings.timeout) == (7, 2.0, 120.0)
    assert settings.verify is True


def test_environment_variables(tmp_path: Path) -> None:
    (tmp_path / "ca.pem").write_text("ca")
    (tmp_path / "client.pem").write_text("client")
    env = {
        "MLFLOW_TRACKING_URI": "https://mlflow.example/prefix/",
        "MLFLOW_TRACKING_TOKEN": "tok",
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3",
        "MLFLOW_HTTP_REQUEST_TIMEOUT": "9",
        "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.5",
        "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0",
        "MLFLOW_TRACKING_SERVER_CERT_PATH": str(tmp_path / "ca.pem"),
        "MLFLOW_TRACKING_CLIENT_CERT_PATH": str(tmp_path / "client.pem"),
    }
    settings = Settings.resolve(environ=env)
    assert settings.tracking_uri == "https://mlflow.example/prefix"
    assert settings.token == "tok"
    assert (settings.max_retries, settings.timeout, settings.backoff_factor, settings.backoff_jitter) == (
        3,
        9.0,
        0.5,
        0.0,
    )
    assert (settings.verify, settings.client_cert) == (str(tmp_path / "ca.pem"), str(tmp_path / "client.pem"))


def test_arguments_win_over_environment() -> None:
    env = {"MLFLOW_TRACKING_URI": "http://env:1", "MLFLOW_HTTP_REQUEST_TIMEOUT": "9"}
    settings = Settings.resolve("http://arg:2", timeout=3, environ=env)
    assert (settings.tracking_uri, settings.timeout) == ("http://arg:2", 3.0)


def test_basic_credentials_win_over_token() -> None:
    env = {"MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p", "MLFLOW_TRACKING_TOKEN": "t"}
    settings = Settings.resolve(environ=env)
    assert (settings.username, settings.password, settings.token) == ("u", "p", None)


def test_credentials_in_the_uri_are_taken_out_of_it() -> None:
    settings = Settings.resolve("http://user:s%40cret@host:5000/x", environ={})
    assert (settings.tracking_uri, settings.username, settings.password) == ("http://host:5000/x", "user", "s@cret")


def test_insecure_tls() -> None:
    assert Settings.resolve(environ={"MLFLOW_TRACKING_INSECURE_TLS": "true"}).verify is False
    with pytest.raises(InvalidParameterValue, match="mutually exclusive"):
        Settings.resolve(environ={"MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_TRACKING_SERVER_CERT_PATH": "x"})


@pytest.mark.parametrize(
    "env",
    [
        {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "many"},
        {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "11"},
        {"MLFLOW_TRACKING_INSECURE_TLS": "maybe"},
        {"MLFLOW_TRACKING_URI": "file:///tmp/mlruns"},
        {"MLFLOW_TRACKING_URI": "databricks"},
        {"MLFLOW_TRACKING_USERNAME": "only-a-user"},
    ],
)
def test_bad_settings_are_clear_errors(env: dict[str, str]) -> None:
    with pytest.raises(InvalidParameterValue):
        Settings.resolve(environ=env)


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings.resolve("http://u:hunter2@h", headers={"X-Api-Key": "k3y"}, environ={})
    assert "hunter2" not in repr(settings)
    assert "k3y" not in repr(settings)
    client = TrackingClient("http://h", token="s3cret-token")
    assert "s3cret-token" not in repr(client)
    assert "s3cret-token" not in repr(client._http.auth)
    client.close()


def test_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.txt"
    config.write_text("[main]\nhostname=10.1.2.3\nport=8889\nexperiment-name=test3\n")
    assert read_config_file(config) == ("http://10.1.2.3:8889", "test3")
    client = TrackingClient.from_config(config)
    assert (client.tracking_uri, client.experiment_name) == ("http://10.1.2.3:8889", "test3")
    client.close()


def test_config_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameterValue, match="cannot read"):
        read_config_file(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("[other]\n")
    with pytest.raises(InvalidParameterValue, match=r"\[main\]"):
        read_config_file(bad)


# --- errors at the edges: every wrong way to make a client -----------------------------------------------------
#
# Each row: an id, the client's arguments, the environment, and what the message must name: the bad value and
# where it came from (the argument, the environment variable, or the config file). Both clients run every row.
# "{tmp}" in an argument or variable is replaced by a temporary folder holding `dir/`, `ca.pem` and `client.pem`.

EDGE_CASES: list[tuple[str, dict[str, Any], dict[str, str], list[str]]] = [
    # the tracking URI, as an argument
    ("port-not-a-number", {"tracking_uri": "http://host:notaport"}, {}, ["notaport", "tracking_uri argument"]),
    ("port-too-big", {"tracking_uri": "http://h:99999"}, {}, ["99999", "tracking_uri argument", "65535"]),
    ("port-zero", {"tracking_uri": "http://h:0"}, {}, ["http://h:0", "tracking_uri argument"]),
    ("port-negative", {"tracking_uri": "http://h:-1"}, {}, ["-1", "tracking_uri argument"]),
    ("port-with-space", {"tracking_uri": "http://h: 80"}, {}, ["h: 80", "tracking_uri argument"]),
    ("empty-uri", {"tracking_uri": ""}, {}, ["tracking_uri argument", "empty"]),
    ("whitespace-uri", {"tracking_uri": "   "}, {}, ["tracking_uri argument", "empty"]),
    ("uri-not-a-string", {"tracking_uri": 5000}, {}, ["tracking_uri argument", "5000", "int"]),
    ("no-scheme-host-port", {"tracking_uri": "localhost:5000"}, {}, ["localhost:5000", "http://localhost:5000"]),
    ("no-scheme-ip-port", {"tracking_uri": "127.0.0.1:5000"}, {}, ["127.0.0.1:5000", "http://127.0.0.1:5000"]),
    ("ftp-scheme", {"tracking_uri": "ftp://h/x"}, {}, ["ftp://h/x", "'ftp'", "tracking_uri argument"]),
    ("file-scheme", {"tracking_uri": "file:///tmp/mlruns"}, {}, ["file:///tmp/mlruns", "local store"]),
    ("databricks", {"tracking_uri": "databricks"}, {}, ["databricks", "no scheme"]),
    ("sqlite-scheme", {"tracking_uri": "sqlite:///mlflow.db"}, {}, ["sqlite:///mlflow.db", "'sqlite'"]),
    ("no-host", {"tracking_uri": "http://"}, {}, ["'http://'", "no host"]),
    ("port-but-no-host", {"tracking_uri": "http://:5000"}, {}, ["http://:5000", "no host"]),
    ("space-in-host", {"tracking_uri": "http://my host:5000"}, {}, ["my host", "space"]),
    ("newline-in-uri", {"tracking_uri": "http://h\n:5000"}, {}, ["tracking_uri argument", "control character"]),
    ("broken-ipv6", {"tracking_uri": "http://[::1:5000"}, {}, ["[::1:5000", "IPv6"]),
    ("query-in-uri", {"tracking_uri": "http://h:5000/?token=x"}, {}, ["token=x", "query"]),
    ("password-masked", {"tracking_uri": "http://u:hunter2@h:bad"}, {}, ["u:***@h:bad", "tracking_uri argument"]),
    # the tracking URI, from the environment
    ("env-port-not-a-number", {}, {"MLFLOW_TRACKING_URI": "http://host:notaport"}, ["notaport", "MLFLOW_TRACKING_URI"]),
    ("env-port-too-big", {}, {"MLFLOW_TRACKING_URI": "http://h:70000"}, ["70000", "MLFLOW_TRACKING_URI"]),
    ("env-blank-uri", {}, {"MLFLOW_TRACKING_URI": "  "}, ["MLFLOW_TRACKING_URI", "blank"]),
    ("env-unknown-scheme", {}, {"MLFLOW_TRACKING_URI": "grpc://h:1"}, ["grpc://h:1", "MLFLOW_TRACKING_URI"]),
    # numbers
    ("negative-timeout", {"timeout": -1}, {}, ["-1", "timeout argument"]),
    ("zero-timeout", {"timeout": 0}, {}, ["0", "timeout argument"]),
    ("nan-timeout", {"timeout": float("nan")}, {}, ["nan", "timeout argument"]),
    ("timeout-as-text", {"timeout": "10"}, {}, ["'10'", "timeout argument", "str"]),
    ("timeout-as-bool", {"timeout": True}, {}, ["True", "timeout argument"]),
    ("env-timeout-text", {}, {"MLFLOW_HTTP_REQUEST_TIMEOUT": "soon"}, ["soon", "MLFLOW_HTTP_REQUEST_TIMEOUT"]),
    ("env-timeout-negative", {}, {"MLFLOW_HTTP_REQUEST_TIMEOUT": "-5"}, ["-5", "MLFLOW_HTTP_REQUEST_TIMEOUT"]),
    ("env-timeout-inf", {}, {"MLFLOW_HTTP_REQUEST_TIMEOUT": "inf"}, ["inf", "MLFLOW_HTTP_REQUEST_TIMEOUT"]),
    ("retries-as-text", {"max_retries": "3"}, {}, ["'3'", "max_retries argument", "str"]),
    ("retries-fractional", {"max_retries": 2.5}, {}, ["2.5", "max_retries argument", "whole number"]),
    ("retries-negative", {"max_retries": -1}, {}, ["-1", "max_retries argument"]),
    ("retries-too-many", {"max_retries": 11}, {}, ["11", "max_retries argument", "10"]),
    ("env-retries-text", {}, {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "many"}, ["many", "MLFLOW_HTTP_REQUEST_MAX_RETRIES"]),
    ("env-retries-fraction", {}, {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1.5"}, ["1.5", "MAX_RETRIES", "whole number"]),
    ("env-retries-too-many", {}, {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "20"}, ["20", "MLFLOW_HTTP_REQUEST_MAX_RETRIES"]),
    ("env-backoff-too-big", {}, {"MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "500"}, ["500", "BACKOFF_FACTOR"]),
    ("env-jitter-negative", {}, {"MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "-1"}, ["-1", "BACKOFF_JITTER"]),
    ("budget-negative", {"retry_budget": -3}, {}, ["-3", "retry_budget argument"]),
    ("env-budget-zero", {}, {"MLFLOW_LITE_RETRY_BUDGET": "0"}, ["0", "MLFLOW_LITE_RETRY_BUDGET"]),
    # TLS
    ("missing-ca-file", {"verify": "{tmp}/missing.pem"}, {}, ["missing.pem", "verify argument", "does not exist"]),
    ("ca-is-a-directory", {"verify": "{tmp}/dir"}, {}, ["dir", "verify argument", "directory"]),
    ("empty-ca-path", {"verify": ""}, {}, ["verify argument", "empty path"]),
    ("verify-not-bool-or-path", {"verify": 1}, {}, ["verify argument", "1"]),
    ("env-missing-ca", {}, {"MLFLOW_TRACKING_SERVER_CERT_PATH": "{tmp}/nope.pem"}, ["nope.pem", "SERVER_CERT_PATH"]),
    ("missing-client-cert", {"client_cert": "{tmp}/no-client.pem"}, {}, ["no-client.pem", "client_cert argument"]),
    ("env-missing-client-cert", {}, {"MLFLOW_TRACKING_CLIENT_CERT_PATH": "{tmp}/c.pem"}, ["c.pem", "CLIENT_CERT_PATH"]),
    ("insecure-not-a-bool", {}, {"MLFLOW_TRACKING_INSECURE_TLS": "maybe"}, ["maybe", "MLFLOW_TRACKING_INSECURE_TLS"]),
    (
        "insecure-and-ca",
        {},
        {"MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_TRACKING_SERVER_CERT_PATH": "{tmp}/ca.pem"},
        ["MLFLOW_TRACKING_INSECURE_TLS", "MLFLOW_TRACKING_SERVER_CERT_PATH"],
    ),
    # credentials and headers
    ("user-without-password", {"username": "u"}, {}, ["username argument", "password"]),
    ("user-in-uri-only", {"tracking_uri": "http://u@h"}, {}, ["a username from the tracking URI"]),
    ("env-password-only", {}, {"MLFLOW_TRACKING_PASSWORD": "p"}, ["password", "MLFLOW_TRACKING_PASSWORD"]),
    ("token-not-a-string", {"token": 42}, {}, ["token argument", "int"]),
    ("headers-not-a-mapping", {"headers": ["X-A: 1"]}, {}, ["headers argument", "list"]),
    ("header-value-not-a-string", {"headers": {"X-A": 1}}, {}, ["headers argument", "'X-A'"]),
    ("header-name-with-space", {"headers": {"X A": "1"}}, {}, ["headers argument", "'X A'"]),
    ("header-value-newline", {"headers": {"X-A": "1\r\nX-B: 2"}}, {}, ["headers argument", "'X-A'", "line break"]),
]


def _fill(value: Any, tmp: Path) -> Any:
    return value.replace("{tmp}", str(tmp)) if isinstance(value, str) else value


@pytest.fixture
def tls_files(tmp_path: Path) -> Path:
    (tmp_path / "dir").mkdir()
    (tmp_path / "ca.pem").write_text("not checked here: the TLS context reads it")
    (tmp_path / "client.pem").write_text("not checked here either")
    return tmp_path


def test_the_edge_table_is_large() -> None:
    assert len(EDGE_CASES) >= 30
    assert len({case[0] for case in EDGE_CASES}) == len(EDGE_CASES)


@pytest.mark.parametrize("client_class", [TrackingClient, AsyncTrackingClient])
@pytest.mark.parametrize(
    ("arguments", "environ", "named"), [case[1:] for case in EDGE_CASES], ids=[c[0] for c in EDGE_CASES]
)
def test_a_client_made_wrongly_raises_an_mlflow_error_naming_value_and_source(
    client_class: type[TrackingClient | AsyncTrackingClient],
    arguments: dict[str, Any],
    environ: Mapping[str, str],
    named: list[str],
    tls_files: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [name for name in __import__("os").environ if name.startswith(("MLFLOW_", "MLFLOW_LITE_"))]:
        monkeypatch.delenv(name)
    for name, value in environ.items():
        monkeypatch.setenv(name, _fill(value, tls_files))
    kwargs = {name: _fill(value, tls_files) for name, value in arguments.items()}
    with pytest.raises(MlflowError) as caught:
        client_class(**kwargs)
    error = caught.value
    assert isinstance(error, InvalidParameterValue)  # an MlflowError and a ValueError, as the docs say
    assert error.status_code is None  # found before anything was sent
    message = str(error)
    for part in named:
        assert part in message, f"{part!r} not in {message!r}"
    assert "hunter2" not in message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[other]\nhostname=h\n", [r"\[main\]"]),
        ("hostname=h\nport=5000\n", ["not an INI file", "MissingSectionHeader|no section headers|section header"]),
        ("[main]\nport=99999\n", ["port", "99999", "65535"]),
        ("[main]\nport=http\n", ["port", "'http'"]),
        ("[main]\nhostname=\n", ["hostname", "''"]),
        ("[main]\nhostname=http://h\n", ["hostname", "http://h"]),
        ("[main]\nhostname=a b\n", ["hostname", "'a b'"]),
        ("[main]\nport=1\nport=2\n", ["not an INI file", "port"]),
    ],
    ids=["no-main", "no-section", "port-too-big", "port-text", "empty-host", "url-as-host", "space-in-host", "twice"],
)
@pytest.mark.parametrize("client_class", [TrackingClient, AsyncTrackingClient])
def test_a_bad_config_file_names_itself(
    client_class: type[TrackingClient | AsyncTrackingClient],
    text: str,
    named: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    config = tmp_path / "config.txt"
    config.write_text(text)
    with pytest.raises(InvalidParameterValue) as caught:
        client_class.from_config(config)
    message = str(caught.value)
    assert str(config) in message
    for pattern in named:
        assert re.search(pattern, message), f"{pattern!r} not in {message!r}"


def test_an_undecodable_or_missing_config_file(tmp_path: Path) -> None:
    binary = tmp_path / "config.bin"
    binary.write_bytes(b"[main]\nhostname=\xff\xfe\n")
    with pytest.raises(InvalidParameterValue, match=r"config\.bin"):
        read_config_file(binary)
    with pytest.raises(InvalidParameterValue, match="cannot read"):
        read_config_file(tmp_path)  # a directory


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("HTTP://Host:5000/", "http://host:5000"),
        ("  http://h:80  ", "http://h:80"),
        ("http://[::1]:5000", "http://[::1]:5000"),
        ("https://h:05000/mlflow/", "https://h:5000/mlflow"),
        ("http://h", "http://h"),
    ],
)
def test_good_uris_still_work(uri: str, expected: str) -> None:
    assert Settings.resolve(uri, environ={}).tracking_uri == expected


def test_an_empty_environment_variable_counts_as_unset() -> None:
    assert Settings.resolve(environ={"MLFLOW_TRACKING_URI": ""}).tracking_uri == "http://127.0.0.1:5000"
    assert Settings.resolve(environ={"MLFLOW_TRACKING_SERVER_CERT_PATH": ""}).verify is True


def test_numbers_given_as_numbers_still_work() -> None:
    settings = Settings.resolve(timeout=5, max_retries=0, retry_budget=1.5, environ={})
    assert (settings.timeout, settings.max_retries, settings.retry_budget) == (5.0, 0, 1.5)


def test_a_bad_uri_from_the_environment_names_the_variable_with_a_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.txt"
    config.write_text("[main]\nhostname = 127.0.0.1\nport = 5000\nexperiment-name = e\n")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://host:notaport")
    with pytest.raises(InvalidParameterValue, match="MLFLOW_TRACKING_URI") as caught:
        TrackingClient.from_config(config)
    assert "argument" not in str(caught.value)


def test_a_file_that_holds_no_certificate(tmp_path: Path) -> None:
    bogus = tmp_path / "bundle.pem"
    bogus.write_text("not a certificate\n")
    with pytest.raises(InvalidParameterValue, match=r"CA bundle .*bundle\.pem.*no usable certificate"):
        TrackingClient("http://127.0.0.1:5000", verify=str(bogus))
    with pytest.raises(InvalidParameterValue, match=r"client certificate .*bundle\.pem.*no usable certificate"):
        TrackingClient("http://127.0.0.1:5000", client_cert=str(bogus))


# A password whose parts must never show; `/`, `?` and `#` end a URI's host part, so unencoded they cut it short.
SECRET = ("Zq7", "Xw9")


@pytest.mark.parametrize("separator", ["/", "?", "#", "/?#", ":/", "@/"])
@pytest.mark.parametrize(
    "template",
    [
        "http://alice:{}@127.0.0.1:5000",
        "https://alice:{}@mlflow.example.com/prefix",
        "http://alice:{}@127.0.0.1:99999",
        "ftp://alice:{}@127.0.0.1",
        "alice:{}@127.0.0.1:5000",
        "http://alice:{}@127.0.0.1 :5000",
    ],
)
def test_a_password_never_shows_in_an_error_whatever_it_holds(template: str, separator: str) -> None:
    uri = template.format(separator.join(SECRET))
    for client_class in (TrackingClient, AsyncTrackingClient):
        with pytest.raises(InvalidParameterValue) as info:
            client_class(uri)
        message = str(info.value)
        for part in SECRET:
            assert part not in message, message
        assert "alice:***@" in message, message
    with pytest.raises(InvalidParameterValue) as info:
        Settings.resolve(None, environ={"MLFLOW_TRACKING_URI": uri})
    assert "MLFLOW_TRACKING_URI" in str(info.value)
    assert all(part not in str(info.value) for part in SECRET), str(info.value)


@pytest.mark.parametrize("separator", ["/", "?", "#"])
def test_a_password_that_makes_the_uri_ambiguous_says_to_percent_encode(separator: str) -> None:
    password = separator.join(SECRET)
    with pytest.raises(InvalidParameterValue, match=r"percent-encode.*%2F.*%3F.*%23"):
        Settings.resolve(f"http://alice:{password}@127.0.0.1:5000", environ={})
    encoded = {"/": "%2F", "?": "%3F", "#": "%23"}[separator].join(SECRET)
    settings = Settings.resolve(f"http://alice:{encoded}@127.0.0.1:5000", environ={})
    assert (settings.tracking_uri, settings.username, settings.password) == ("http://127.0.0.1:5000", "alice", password)

"""Settings resolution: arguments, then MLflow's environment variables, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlflow_lite import InvalidParameterValue, TrackingClient
from mlflow_lite._config import Settings, read_config_file


def test_defaults() -> None:
    settings = Settings.resolve(environ={})
    assert settings.tracking_uri == "http://127.0.0.1:5000"
    assert (settings.max_retries, settings.backoff_factor, settings.timeout) == (7, 2.0, 120.0)
    assert settings.verify is True


def test_environment_variables() -> None:
    env = {
        "MLFLOW_TRACKING_URI": "https://mlflow.example/prefix/",
        "MLFLOW_TRACKING_TOKEN": "tok",
        "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "3",
        "MLFLOW_HTTP_REQUEST_TIMEOUT": "9",
        "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.5",
        "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0",
        "MLFLOW_TRACKING_SERVER_CERT_PATH": "ca.pem",
        "MLFLOW_TRACKING_CLIENT_CERT_PATH": "client.pem",
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
    assert (settings.verify, settings.client_cert) == ("ca.pem", "client.pem")


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

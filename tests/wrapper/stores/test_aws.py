"""An AWS profile's static keys and region (`_stores.aws`), read from temporary shared files with the precedence
boto3 gives them: the key variables first, a profile's assume-role, web identity and SSO before its keys, the
credentials file before the config file. No network: the store made is never asked anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlflow_lite import InvalidParameterValue
from mlflow_lite._stores import store_for
from mlflow_lite._stores.aws import profile_settings
from mlflow_lite._stores.cloud import s3_options

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # a secret in the shape AWS gives them
TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN"

CREDENTIALS = f"""
[default]
aws_access_key_id = DEFAULTKEY
aws_secret_access_key = default-{SECRET}

[work]
aws_access_key_id = WORKKEY
aws_secret_access_key = {SECRET}
aws_session_token = {TOKEN}

[both]
aws_access_key_id = FROMCREDENTIALS
aws_secret_access_key = credentials-{SECRET}

[half]
aws_access_key_id = HALFKEY
"""

CONFIG = f"""
[default]
region = eu-west-1

[profile work]
region = ap-south-1

[profile config-only]
region = us-west-2
aws_access_key_id = CONFIGKEY
aws_secret_access_key = config-{SECRET}

[profile both]
aws_access_key_id = FROMCONFIG
aws_secret_access_key = config-{SECRET}

[profile region-only]
region = ca-central-1

[profile role]
role_arn = arn:aws:iam::123456789012:role/r
source_profile = work

[profile sso]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = r

[profile process]
credential_process = /usr/bin/false

[profile login]
login_session = arn:aws:iam::123456789012:user/u

[profile web]
role_arn = arn:aws:iam::123456789012:role/r
web_identity_token_file = /var/run/token
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    """The shared files, named by MLflow's (boto3's) variables; HOME elsewhere so that no real file is read."""
    (tmp_path / "credentials").write_text(CREDENTIALS)
    (tmp_path / "config").write_text(CONFIG)
    return {
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "HOME": str(tmp_path / "home"),
    }


def test_a_named_profile_gives_its_keys_token_and_region(files: dict[str, str]) -> None:
    assert profile_settings({**files, "AWS_PROFILE": "work"}) == {
        "access_key_id": "WORKKEY",
        "secret_access_key": SECRET,
        "session_token": TOKEN,
        "region": "ap-south-1",
    }


def test_without_a_name_the_default_profile_is_read(files: dict[str, str]) -> None:
    settings = profile_settings(files)
    assert (settings["access_key_id"], settings["region"]) == ("DEFAULTKEY", "eu-west-1")
    # AWS_DEFAULT_PROFILE is read before AWS_PROFILE, as botocore reads them.
    chosen = profile_settings({**files, "AWS_DEFAULT_PROFILE": "both", "AWS_PROFILE": "work"})
    assert chosen["access_key_id"] == "FROMCREDENTIALS"


def test_the_key_variables_come_before_any_profile(files: dict[str, str]) -> None:
    env = {**files, "AWS_PROFILE": "work", "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "env"}
    assert profile_settings(env) == {"region": "ap-south-1"}  # obstore reads the variables; the region stays
    # Even a profile that would be refused: the variables are asked first.
    assert profile_settings({**env, "AWS_PROFILE": "role"}) == {}


def test_aws_default_region_comes_before_the_profiles_and_aws_region_does_not(files: dict[str, str]) -> None:
    env = {**files, "AWS_PROFILE": "work"}
    assert "region" not in profile_settings({**env, "AWS_DEFAULT_REGION": "us-east-2"})
    assert profile_settings({**env, "AWS_REGION": "us-east-2"})["region"] == "ap-south-1"  # as boto3 has it
    config, _ = s3_options({**env, "AWS_DEFAULT_REGION": "us-east-2"})
    assert "region" not in config  # obstore reads AWS_DEFAULT_REGION itself


def test_keys_from_the_config_file_and_the_credentials_file_first(files: dict[str, str]) -> None:
    settings = profile_settings({**files, "AWS_PROFILE": "config-only"})
    assert (settings["access_key_id"], settings["region"]) == ("CONFIGKEY", "us-west-2")
    assert profile_settings({**files, "AWS_PROFILE": "both"})["access_key_id"] == "FROMCREDENTIALS"


def test_the_profile_becomes_obstore_settings(files: dict[str, str]) -> None:
    config, _ = s3_options({**files, "AWS_PROFILE": "region-only"})
    assert config == {"region": "ca-central-1"}  # a profile's region replaces boto3's us-east-1 default
    config, _ = s3_options({**files, "AWS_PROFILE": "work", "MLFLOW_S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert config["access_key_id"] == "WORKKEY"
    assert config["endpoint"] == "http://127.0.0.1:9000"


def test_no_profile_and_no_files_give_nothing(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path)}
    assert profile_settings(env) == {}
    assert s3_options(env) == ({"region": "us-east-1"}, {})


def test_a_named_profile_that_is_nowhere_is_refused(files: dict[str, str]) -> None:
    with pytest.raises(InvalidParameterValue, match=r"'nope' \(AWS_PROFILE\) is in neither"):
        profile_settings({**files, "AWS_PROFILE": "nope"})


@pytest.mark.parametrize(
    ("profile", "named"),
    [
        ("role", "assume-role (role_arn)"),
        ("sso", "SSO"),
        ("process", "credential_process"),
        ("login", "a console login (login_session)"),
        ("web", "web identity (web_identity_token_file)"),
    ],
)
def test_credentials_this_client_cannot_get_are_refused_by_name(
    files: dict[str, str], profile: str, named: str
) -> None:
    with pytest.raises(InvalidParameterValue, match="does not run") as raised:
        profile_settings({**files, "AWS_PROFILE": profile})
    assert named in str(raised.value)
    assert f"--profile {profile}" in str(raised.value)  # how to export its keys instead


def test_web_identity_from_the_variables_comes_before_the_profiles_keys(files: dict[str, str]) -> None:
    env = {**files, "AWS_PROFILE": "work", "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token"}
    assert profile_settings(env) == {"region": "ap-south-1"}  # obstore runs web identity


def test_half_a_key_pair_is_refused_without_showing_it(files: dict[str, str]) -> None:
    with pytest.raises(InvalidParameterValue, match="needs both") as raised:
        profile_settings({**files, "AWS_PROFILE": "half"})
    assert "HALFKEY" not in str(raised.value)


def test_a_broken_file_is_named_without_its_content(files: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.write_text(f"aws_secret_access_key = {SECRET}\n")  # a key before any section
    with pytest.raises(InvalidParameterValue, match="not an AWS configuration file") as raised:
        profile_settings({**files, "AWS_SHARED_CREDENTIALS_FILE": str(broken)})
    assert SECRET not in str(raised.value)


def test_the_profiles_secrets_are_in_no_repr(files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {**files, "AWS_PROFILE": "work"}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    store = store_for("s3://bucket/1/r/artifacts", "run r")
    assert store is not None
    for text in (repr(store), str(store)):
        assert SECRET not in text
        assert TOKEN not in text


def test_the_files_are_read_when_a_store_is_made_not_before(
    files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**files, "AWS_PROFILE": "nope"}.items():
        monkeypatch.setenv(name, value)
    # A missing profile is found at the first S3 store, not before: a file store never reads the files.
    assert store_for((Path(files["HOME"]) / "artifacts").as_uri(), "run r") is not None
    with pytest.raises(InvalidParameterValue, match="'nope'"):
        store_for("s3://bucket/1/r/artifacts", "run r")

"""An AWS profile's static keys and region, read from the shared files as boto3 reads them: obstore reads the
`AWS_*` variables, web identity, container and instance credentials itself, but not `~/.aws/credentials` or
`~/.aws/config`, which MLflow's client (boto3) does.

The order is botocore's, each source asked in turn until one gives credentials: the key variables
(`AWS_ACCESS_KEY_ID`, ...; obstore reads them), a profile's assume-role (`role_arn`), web identity
(`AWS_WEB_IDENTITY_TOKEN_FILE`; obstore runs it), a profile's SSO, the profile's keys in the credentials file, its
console login (`login_session`) or `credential_process`, its keys in the config file; then the container's and the
instance's credentials (obstore). This module reads the profile's static keys; a profile whose credentials come
from assume-role, its own web identity, SSO, a console login or a process is refused, naming which: those need
boto3's machinery (STS, the SSO token cache, running a command), which this client does not carry. The region:
`AWS_DEFAULT_REGION`, else the profile's `region` (boto3 does not read `AWS_REGION`).

Read when an S3 store is made, never at import, from `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` (by
default `~/.aws/credentials` and `~/.aws/config`). The profile is `AWS_DEFAULT_PROFILE` or `AWS_PROFILE` (botocore
reads them in that order), else `default`. No key ever appears in a message: only the names of settings and files.
"""

from __future__ import annotations

import configparser
from collections.abc import Mapping
from pathlib import Path

from .._errors import InvalidParameterValue

__all__ = ["profile_settings"]

# What a profile may name instead of static keys (each refused, named), besides assume-role and web identity.
_SSO = ("sso_session", "sso_start_url", "sso_account_id", "sso_role_name")
_AFTER_FILE_KEYS = {"login_session": "a console login (login_session)", "credential_process": "credential_process"}
_KEYS = {
    "aws_access_key_id": "access_key_id",
    "aws_secret_access_key": "secret_access_key",
    "aws_session_token": "session_token",
}


def profile_settings(env: Mapping[str, str]) -> dict[str, str]:
    """obstore's S3 settings from the AWS profile in force (`access_key_id`, `secret_access_key`, `session_token`,
    `region`), as many as it gives and the environment does not override; {} when there is no profile."""
    named = env.get("AWS_DEFAULT_PROFILE") or env.get("AWS_PROFILE")
    profile = named or "default"
    credentials_file = _path(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
    config_file = _path(env, "AWS_CONFIG_FILE", "config")
    in_credentials = _section(credentials_file, [profile])
    in_config = _section(config_file, [f"profile {profile}"] + (["default"] if profile == "default" else []))
    if in_credentials is None and in_config is None:
        if named:  # boto3 refuses a profile it cannot find (ProfileNotFound), before any request
            variable = "AWS_DEFAULT_PROFILE" if env.get("AWS_DEFAULT_PROFILE") else "AWS_PROFILE"
            raise InvalidParameterValue(
                f"the AWS profile {profile!r} ({variable}) is in neither {credentials_file} nor {config_file}"
            )
        return {}
    in_credentials, in_config = in_credentials or {}, in_config or {}
    settings: dict[str, str] = {}
    if not env.get("AWS_DEFAULT_REGION") and in_config.get("region"):
        settings["region"] = in_config["region"]
    if env.get("AWS_ACCESS_KEY_ID") or env.get("AWS_SECRET_ACCESS_KEY"):
        return settings  # the variables come first; obstore reads them
    merged = {**in_config, **in_credentials}  # botocore's view of the profile: the credentials file wins
    if "role_arn" in merged and "web_identity_token_file" not in merged:
        raise _unsupported(profile, "assume-role (role_arn)")
    if env.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
        return settings  # web identity from the variables, before the profile's keys; obstore runs it
    if "web_identity_token_file" in merged:
        raise _unsupported(profile, "web identity (web_identity_token_file)")
    if any(name in merged for name in _SSO):
        raise _unsupported(profile, "SSO (sso_*)")
    keys = _keys(profile, in_credentials, credentials_file)
    if not keys:
        for name, way in _AFTER_FILE_KEYS.items():
            if name in merged:
                raise _unsupported(profile, way)
        keys = _keys(profile, in_config, config_file)
    return {**settings, **keys}


def _path(env: Mapping[str, str], variable: str, name: str) -> Path:
    given = env.get(variable)
    if given:
        return Path(given).expanduser()
    home = env.get("HOME")
    return (Path(home) if home else Path.home()) / ".aws" / name


def _section(path: Path, names: list[str]) -> dict[str, str] | None:
    """The first of `names` among the sections of the INI file at `path`; None when neither is (or no file)."""
    parser = configparser.RawConfigParser()  # raw: a secret may hold a `%`
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        # The parser's message quotes the offending line, which may hold a key: name the file only.
        raise InvalidParameterValue(f"{path} is not an AWS configuration file ({type(exc).__name__})") from None
    for name in names:
        if parser.has_section(name):
            return {key: value.strip() for key, value in parser.items(name)}
    return None


def _keys(profile: str, section: dict[str, str], path: Path) -> dict[str, str]:
    found = {setting: section[key] for key, setting in _KEYS.items() if section.get(key)}
    if not found:
        return {}
    if "access_key_id" not in found or "secret_access_key" not in found:
        raise InvalidParameterValue(
            f"the AWS profile {profile!r} in {path} needs both aws_access_key_id and aws_secret_access_key"
        )
    return found


def _unsupported(profile: str, way: str) -> InvalidParameterValue:
    return InvalidParameterValue(
        f"the AWS profile {profile!r} gets its credentials by {way}, which mlflow-lite does not run (it reads a "
        "profile's static keys only): export the keys instead, e.g. `eval $(aws configure export-credentials "
        f"--profile {profile} --format env)`"
    )

"""Settings: explicit arguments first, then MLflow's environment variables, then MLflow's defaults.

Resolved once per client into a frozen `Settings`; nothing reads the environment per call.
"""

from __future__ import annotations

import configparser
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs

from ._errors import InvalidParameterValue

__all__ = ["DEFAULT_FLUSH_INTERVAL", "DEFAULT_TRACKING_URI", "Settings", "flag", "read_config_file"]

DEFAULT_TRACKING_URI = "http://127.0.0.1:5000"
DEFAULT_FLUSH_INTERVAL = 1.0  # seconds: how stale a buffered run's partly filled batch may get

# MLflow's defaults (mlflow/environment_variables.py), except the total budget, which MLflow lacks: its
# policy can block one call for about 20 minutes (8 attempts of 120 s plus 244 s of sleep).
DEFAULT_TIMEOUT = 120.0
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 7
DEFAULT_BACKOFF_FACTOR = 2.0
DEFAULT_BACKOFF_JITTER = 1.0
DEFAULT_RETRY_BUDGET = 300.0
MAX_RETRIES_LIMIT = 10  # MLflow raises above this too
MAX_BACKOFF_FACTOR = 120.0

N = TypeVar("N", int, float)

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


@attrs.frozen
class Settings:
    """Everything a client needs to talk to one server. Secrets are left out of `repr`."""

    tracking_uri: str
    username: str | None = attrs.field(default=None, repr=False)
    password: str | None = attrs.field(default=None, repr=False)
    token: str | None = attrs.field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    backoff_factor: float = DEFAULT_BACKOFF_FACTOR
    backoff_jitter: float = DEFAULT_BACKOFF_JITTER
    retry_budget: float = DEFAULT_RETRY_BUDGET
    respect_retry_after: bool = True
    verify: bool | str = True
    client_cert: str | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)

    @classmethod
    def resolve(
        cls,
        tracking_uri: str | None = None,
        *,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        retry_budget: float | None = None,
        verify: bool | str | None = None,
        client_cert: str | None = None,
        headers: Mapping[str, str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        env = os.environ if environ is None else environ
        uri = tracking_uri or env.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI
        uri, uri_user, uri_password = _split_uri(uri)
        username = username or env.get("MLFLOW_TRACKING_USERNAME") or uri_user
        password = password or env.get("MLFLOW_TRACKING_PASSWORD") or uri_password
        token = token or env.get("MLFLOW_TRACKING_TOKEN") or None
        if username and password:
            token = None  # as in MLflow: basic credentials win over a token
        elif username or password:
            raise InvalidParameterValue("basic auth needs both a username and a password")

        if verify is None:
            insecure = flag(env, "MLFLOW_TRACKING_INSECURE_TLS")
            cert_path = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None
            if insecure and cert_path:
                raise InvalidParameterValue(
                    "MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are mutually exclusive"
                )
            verify = False if insecure else (cert_path or True)
        client_cert = client_cert or env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH") or None

        max_retries = _number(env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", max_retries, DEFAULT_MAX_RETRIES, int)
        if not 0 <= max_retries <= MAX_RETRIES_LIMIT:
            raise InvalidParameterValue(f"max_retries must be between 0 and {MAX_RETRIES_LIMIT}")
        backoff_factor = _number(env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", None, DEFAULT_BACKOFF_FACTOR, float)
        if not 0 <= backoff_factor <= MAX_BACKOFF_FACTOR:  # NaN fails this too
            raise InvalidParameterValue(f"backoff factor must be between 0 and {MAX_BACKOFF_FACTOR}")
        backoff_jitter = _number(env, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", None, DEFAULT_BACKOFF_JITTER, float)
        timeout = _number(env, "MLFLOW_HTTP_REQUEST_TIMEOUT", timeout, DEFAULT_TIMEOUT, float)
        retry_budget = _number(env, "MLFLOW_LITE_RETRY_BUDGET", retry_budget, DEFAULT_RETRY_BUDGET, float)
        # `not x > 0` also catches NaN, which every comparison would let through.
        if not 0 <= backoff_jitter < math.inf:
            raise InvalidParameterValue("backoff jitter must be a finite number of seconds, 0 or more")
        if not 0 < timeout < math.inf:
            raise InvalidParameterValue("timeout must be a finite number of seconds above 0")
        if not 0 < retry_budget < math.inf:
            raise InvalidParameterValue("retry budget must be a finite number of seconds above 0")
        return cls(
            tracking_uri=uri,
            username=username,
            password=password,
            token=token,
            timeout=timeout,
            connect_timeout=min(DEFAULT_CONNECT_TIMEOUT, timeout),
            max_retries=max_retries,
            backoff_factor=backoff_factor,
            backoff_jitter=backoff_jitter,
            retry_budget=retry_budget,
            respect_retry_after=flag(env, "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER", default=True),
            verify=verify,
            client_cert=client_cert,
            headers=dict(headers or {}),
        )


def _split_uri(uri: str) -> tuple[str, str | None, str | None]:
    """Check the tracking URI and take credentials out of it (`http://user:pw@host` works as in requests)."""
    parts = urlsplit(uri.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidParameterValue(
            f"tracking URI must be an http:// or https:// URL of an MLflow server, got {_redact(uri)!r}"
        )
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    # A path prefix (a server behind a reverse proxy at https://host/mlflow) is kept; /api/2.0/... goes after it.
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return clean, user, password


def _redact(uri: str) -> str:
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    return uri.replace(f":{parts.password}@", ":***@")


def flag(env: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidParameterValue(f"{name} must be true or false, got {raw!r}")


def _number(env: Mapping[str, str], name: str, explicit: N | None, default: N, kind: type[N]) -> N:
    if explicit is not None:
        return kind(explicit)
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return kind(raw)
    except ValueError:
        raise InvalidParameterValue(f"{name} must be a number, got {raw!r}") from None


def read_config_file(path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """A `config.txt`: `[main]` with `hostname`, `port` and `experiment-name`.

    Returns the tracking URI and the experiment name (None when the file has none).
    """
    parser = configparser.ConfigParser()
    file = Path(path)
    if not parser.read(file, encoding="utf-8"):
        raise InvalidParameterValue(f"cannot read config file {str(file)!r}")
    if not parser.has_section("main"):
        raise InvalidParameterValue(f"config file {str(file)!r} has no [main] section")
    main = parser["main"]
    host = main.get("hostname", "127.0.0.1").strip()
    port = main.get("port", "5000").strip()
    if not port.isdigit():
        raise InvalidParameterValue(f"port in {str(file)!r} must be a number, got {port!r}")
    name = main.get("experiment-name")
    return f"http://{host}:{port}", (name.strip() if name else None)

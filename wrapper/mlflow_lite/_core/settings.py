"""Settings: explicit arguments first, then MLflow's environment variables, then MLflow's defaults.

Resolved once per client into a frozen `Settings`; nothing reads the environment per call. Every value is
checked here, when the client is made: a bad one raises `InvalidParameterValue` (an `MlflowError` and a
`ValueError`) whose message names the value and where it came from (the argument, the environment variable or
the config file), never a bare `ValueError` from the standard library, and never a quiet fallback to a default.
"""

from __future__ import annotations

import configparser
import math
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import attrs

from .._errors import InvalidParameterValue

__all__ = ["DEFAULT_FLUSH_INTERVAL", "DEFAULT_TRACKING_URI", "Settings", "flag", "read_config_file", "spool_dir_from"]

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
# Multipart uploads (MLflow's MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE and _CHUNK_SIZE defaults).
DEFAULT_MULTIPART_MIN_SIZE = 500 * 1024**2
DEFAULT_MULTIPART_PART_SIZE = 100 * 1024**2
MIN_PART_SIZE = 5 * 1024**2  # S3's smallest part (all but the last)
MAX_BACKOFF_FACTOR = 120.0
# The most requests a buffered run keeps under way at once (MLflow's MLFLOW_ASYNC_LOGGING_THREADPOOL_SIZE and its
# default); how many it does is learned from the server's answers (`_durable.buffer.InFlightLimit`).
DEFAULT_LOGGING_THREADS = 10

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
    #: Large files go up in parts where the server offers it; MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=false says
    #: never (MLflow's own client uses parts only when that variable says true).
    multipart: bool = True
    multipart_min_size: int = DEFAULT_MULTIPART_MIN_SIZE
    multipart_part_size: int = DEFAULT_MULTIPART_PART_SIZE
    #: The most requests a buffered run keeps under way at once (MLFLOW_ASYNC_LOGGING_THREADPOOL_SIZE).
    logging_threads: int = DEFAULT_LOGGING_THREADS
    #: Where `tracking_uri` came from: the argument, MLFLOW_TRACKING_URI or the default (for error messages).
    tracking_uri_source: str = "the tracking_uri argument"

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
        uri_argument: str = "the tracking_uri argument",
    ) -> Settings:
        """`uri_argument`: how errors name where a `tracking_uri` given here came from (the fluent API's client is
        given the URI of `set_tracking_uri()`)."""
        env = os.environ if environ is None else environ
        raw_uri, uri_source = _tracking_uri(tracking_uri, env, uri_argument)
        uri, uri_user, uri_password = _split_uri(raw_uri, uri_source)
        for name, value in (("token", token), ("username", username), ("password", password)):
            if value is not None and not isinstance(value, str):
                raise InvalidParameterValue(f"the {name} argument must be a string, got a {type(value).__name__}")
        username, user_source = _first(("username", username), ("MLFLOW_TRACKING_USERNAME", env), ("", uri_user))
        password, password_source = _first(
            ("password", password), ("MLFLOW_TRACKING_PASSWORD", env), ("", uri_password)
        )
        token = token or env.get("MLFLOW_TRACKING_TOKEN") or None
        if username and password:
            token = None  # as in MLflow: basic credentials win over a token
        elif username or password:
            given = f"a username from {user_source}" if username else f"a password from {password_source}"
            raise InvalidParameterValue(f"basic auth needs both a username and a password, got only {given}")

        verify, client_cert = _tls(verify, client_cert, env)
        headers = _headers(headers)

        # Each check says which value is wrong and where it came from; `not a <= x` also catches NaN, which
        # every comparison lets through.
        max_retries, source = _sourced_number(
            env, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "max_retries", max_retries, DEFAULT_MAX_RETRIES, int
        )
        if not 0 <= max_retries <= MAX_RETRIES_LIMIT:
            raise InvalidParameterValue(
                f"max retries must be between 0 and {MAX_RETRIES_LIMIT}, got {max_retries!r} from {source}"
            )
        backoff_factor, source = _sourced_number(
            env, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", None, None, DEFAULT_BACKOFF_FACTOR, float
        )
        if not 0 <= backoff_factor <= MAX_BACKOFF_FACTOR:
            raise InvalidParameterValue(
                f"backoff factor must be between 0 and {MAX_BACKOFF_FACTOR}, got {backoff_factor!r} from {source}"
            )
        backoff_jitter, source = _sourced_number(
            env, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", None, None, DEFAULT_BACKOFF_JITTER, float
        )
        if not 0 <= backoff_jitter < math.inf:
            raise InvalidParameterValue(
                f"backoff jitter must be a finite number of seconds, 0 or more, got {backoff_jitter!r} from {source}"
            )
        timeout, source = _sourced_number(
            env, "MLFLOW_HTTP_REQUEST_TIMEOUT", "timeout", timeout, DEFAULT_TIMEOUT, float
        )
        if not 0 < timeout < math.inf:
            raise InvalidParameterValue(
                f"timeout must be a finite number of seconds above 0, got {timeout!r} from {source}"
            )
        retry_budget, source = _sourced_number(
            env, "MLFLOW_LITE_RETRY_BUDGET", "retry_budget", retry_budget, DEFAULT_RETRY_BUDGET, float
        )
        if not 0 < retry_budget < math.inf:
            raise InvalidParameterValue(
                f"retry budget must be a finite number of seconds above 0, got {retry_budget!r} from {source}"
            )
        min_size = _number(env, "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE", None, DEFAULT_MULTIPART_MIN_SIZE, int)
        part_size = _number(env, "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE", None, DEFAULT_MULTIPART_PART_SIZE, int)
        if min_size < 0 or part_size < MIN_PART_SIZE:
            raise InvalidParameterValue(
                f"multipart sizes: the minimum file size must be 0 or more and the part size at least {MIN_PART_SIZE} "
                "bytes (S3's smallest part)"
            )
        logging_threads, source = _sourced_number(
            env, "MLFLOW_ASYNC_LOGGING_THREADPOOL_SIZE", None, None, DEFAULT_LOGGING_THREADS, int
        )
        if logging_threads < 1:
            raise InvalidParameterValue(f"{source} must be 1 or more, got {logging_threads!r}")
        return cls(
            tracking_uri=uri,
            tracking_uri_source=uri_source,
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
            headers=headers,
            multipart=flag(env, "MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD", default=True),
            multipart_min_size=min_size,
            multipart_part_size=part_size,
            logging_threads=logging_threads,
        )


_SCHEMES = ("http", "https")
_STORES = ("file", "sqlite", "databricks", "databricks-uc", "uc", "postgresql", "mysql", "mssql")
# A host name or an IPv4 address (IPv6 addresses are checked by urlsplit inside their brackets).
_HOST = re.compile(r"[A-Za-z0-9._~%!$&'()*+,;=-]+")


def _tracking_uri(explicit: object, env: Mapping[str, str], argument: str) -> tuple[str, str]:
    """The tracking URI and where it came from: the argument, else MLFLOW_TRACKING_URI, else the default.

    An empty or blank argument is an error, not a request for the default (pass None for that). An empty
    MLFLOW_TRACKING_URI counts as unset, as `VAR= command` means in a shell; a blank one is an error.
    """
    if explicit is not None:
        if not isinstance(explicit, str):
            raise InvalidParameterValue(
                f"{argument} must be a string such as 'http://127.0.0.1:5000', "
                f"got a {type(explicit).__name__}: {explicit!r}"
            )
        if not explicit.strip():
            raise InvalidParameterValue(
                f"{argument} is empty ({explicit!r}): pass an http(s) URL, or None for "
                f"MLFLOW_TRACKING_URI or the default {DEFAULT_TRACKING_URI}"
            )
        return explicit, argument
    raw = env.get("MLFLOW_TRACKING_URI")
    if raw:
        if not raw.strip():
            raise InvalidParameterValue(f"MLFLOW_TRACKING_URI is blank ({raw!r}): unset it or give an http(s) URL")
        return raw, "MLFLOW_TRACKING_URI"
    return DEFAULT_TRACKING_URI, "the default"


def _first(
    argument: tuple[str, str | None], variable: tuple[str, Mapping[str, str]], in_uri: tuple[str, str | None]
) -> tuple[str | None, str]:
    """A credential and where it came from: the argument, else the environment variable, else the URI."""
    if argument[1]:
        return argument[1], f"the {argument[0]} argument"
    if value := variable[1].get(variable[0]):
        return value, variable[0]
    return in_uri[1], "the tracking URI"


def _split_uri(uri: str, source: str = "the tracking URI") -> tuple[str, str | None, str | None]:
    """Check the tracking URI and take credentials out of it (`http://user:pw@host` works as in requests).

    Errors name the URI (its password masked) and `source`, where it came from.
    """
    text = uri.strip()
    shown = _redact(text)

    def bad(why: str) -> InvalidParameterValue:
        return InvalidParameterValue(f"tracking URI {shown!r} from {source}: {why}")

    if any(char.isspace() or not char.isprintable() for char in text):
        raise bad("it contains a space or a control character")
    _, has_scheme, rest = text.partition("://")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0] if has_scheme else ""
    if has_scheme and "@" not in authority and "@" in rest[len(authority) :]:
        # `http://alice:S3cr/et@host`: the `/` ends the host part, so `alice:S3cr` reads as host and port.
        raise bad(
            "an '@' comes after the first '/', '?' or '#', which end the host part: a user name or password that "
            "holds them must percent-encode them ('/' as %2F, '?' as %3F, '#' as %23)"
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:  # a port that is no number or out of range, a broken [IPv6] address
        raise bad(f"{error} (a port is a number from 1 to 65535)") from None
    if parts.scheme not in _SCHEMES:
        hint = ""
        if not parts.netloc and re.fullmatch(r"[\w.-]+:\d+(/.*)?", text):
            hint = f"; did you mean 'http://{shown}'?"
        elif parts.scheme in _STORES or text.split(":")[0].lower() in _STORES:
            hint = "; mlflow-lite talks to a tracking server over HTTP, not to a local store or Databricks"
        scheme = f"the scheme {parts.scheme!r}" if parts.scheme else "no scheme"
        raise bad(f"it has {scheme}; an MLflow tracking URI here is an http:// or https:// URL{hint}")
    if not parts.hostname:
        raise bad("it has no host name")
    if not parts.hostname.startswith("[") and ":" not in parts.hostname and not _HOST.fullmatch(parts.hostname):
        raise bad(f"the host name {parts.hostname!r} is not valid")
    if port == 0:
        raise bad("port 0 is not a server's port (a port is a number from 1 to 65535)")
    if parts.query or parts.fragment:
        raise bad("a tracking URI has no query (?...) or fragment (#...); give the server's base URL")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port:
        netloc += f":{port}"
    # A path prefix (a server behind a reverse proxy at https://host/mlflow) is kept; /api/2.0/... goes after it.
    clean = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    return clean, user, password


def _redact(uri: str) -> str:
    """`uri` with the password in its user info masked (`http://alice:***@host`; a user name alone, which may be
    a token, as `http://***@host`), whatever the password holds.

    The user info is read as everything between `scheme://` (or the start) and the last `@`, not as urlsplit
    reads it: a password with an unencoded `/`, `?` or `#` ends urlsplit's host part early, and would show.
    A URI whose path holds an `@` is masked more than it needs, never less.
    """
    scheme_end = uri.find("://")
    start = scheme_end + 3 if scheme_end >= 0 else 0
    at = uri.rfind("@")
    if at < start:
        return uri
    user, colon, _ = uri[start:at].partition(":")
    if not colon:  # a user name alone may be a token (`https://<token>@host`, as git hosts take them)
        return f"{uri[:start]}***{uri[at:]}"
    return f"{uri[:start]}{user}:***{uri[at:]}"


def _tls(verify: object, client_cert: object, env: Mapping[str, str]) -> tuple[bool | str, str | None]:
    """`verify` (True, False or a CA bundle's path) and the client certificate's path, from the arguments or
    MLflow's variables; a path must name an existing file."""
    if verify is None:
        insecure = flag(env, "MLFLOW_TRACKING_INSECURE_TLS")
        cert_path = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH") or None
        if insecure and cert_path:
            raise InvalidParameterValue(
                "MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH are mutually exclusive"
            )
        checked: bool | str = _file(cert_path, "MLFLOW_TRACKING_SERVER_CERT_PATH") or not insecure
    elif isinstance(verify, bool):
        checked = verify
    elif isinstance(verify, str):
        checked = _file(verify, "the verify argument") or True
    else:
        raise InvalidParameterValue(
            f"the verify argument must be True, False or the path of a CA bundle, got {verify!r}"
        )
    if client_cert is None:
        return checked, _file(env.get("MLFLOW_TRACKING_CLIENT_CERT_PATH"), "MLFLOW_TRACKING_CLIENT_CERT_PATH")
    if not isinstance(client_cert, str):
        raise InvalidParameterValue(
            f"the client_cert argument must be the path of a certificate file, got {client_cert!r}"
        )
    return checked, _file(client_cert, "the client_cert argument")


def _file(path: str | None, source: str) -> str | None:
    """A certificate or CA bundle path, which must name an existing file; None stays None. `source` is the
    argument ("the verify argument") or the environment variable, for which "" means unset."""
    if path is None or (path == "" and not source.startswith("the ")):
        return None
    if not path.strip():
        raise InvalidParameterValue(f"{source} is an empty path; give the path of a PEM file")
    file = Path(path).expanduser()
    if not file.is_file():
        what = "is a directory" if file.is_dir() else "does not exist"
        raise InvalidParameterValue(f"{source} names {path!r}, which {what}; give the path of a PEM file")
    return str(file)


def _headers(headers: object) -> dict[str, str]:
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        raise InvalidParameterValue(
            f"the headers argument must be a mapping of names to values, got a {type(headers).__name__}"
        )
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InvalidParameterValue(f"the headers argument must map strings to strings, got {name!r}: ...")
        if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
            raise InvalidParameterValue(f"the headers argument has a header name that is not valid: {name!r}")
        if "\r" in value or "\n" in value:
            raise InvalidParameterValue(f"the headers argument's value for {name!r} contains a line break")
    return dict(headers)


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
    return _sourced_number(env, name, None, explicit, default, kind)[0]


def _sourced_number(
    env: Mapping[str, str], name: str, argument: str | None, explicit: object, default: N, kind: type[N]
) -> tuple[N, str]:
    """The value from the argument (named `argument`), else the environment variable `name`, else `default`;
    and where it came from, for error messages. An argument must already be a number (an int for counts):
    text, a bool or a fractional count is refused rather than converted."""
    if explicit is not None:
        source = f"the {argument} argument"
        ok = (int,) if kind is int else (int, float)
        if isinstance(explicit, bool) or not isinstance(explicit, ok):
            wanted = "a whole number" if kind is int else "a number"
            raise InvalidParameterValue(f"{source} must be {wanted}, got a {type(explicit).__name__}: {explicit!r}")
        return kind(explicit), source
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default, "the default"
    try:
        return kind(raw), name
    except ValueError:
        wanted = "a whole number" if kind is int else "a number"
        raise InvalidParameterValue(f"{name} must be {wanted}, got {raw!r}") from None


def spool_dir_from(value: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The spool folder: the argument, else MLFLOW_LITE_SPOOL_DIR, else None (no journal)."""
    env = os.environ if environ is None else environ
    raw: object = value if value is not None else env.get("MLFLOW_LITE_SPOOL_DIR") or None
    if raw is None:
        return None
    source = "the spool_dir argument" if value is not None else "MLFLOW_LITE_SPOOL_DIR"
    if not isinstance(raw, (str, os.PathLike)) or not str(raw).strip():
        raise InvalidParameterValue(f"{source} must be a folder path, got {raw!r}")
    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise InvalidParameterValue(f"{source} is {str(path)!r}, which is not a folder")
    return path


def read_config_file(path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """A `config.txt`: `[main]` with `hostname`, `port` and `experiment-name`.

    Returns the tracking URI and the experiment name (None when the file has none). A file that cannot be
    read or parsed, has no `[main]`, or holds a bad host or port raises `InvalidParameterValue` naming the file.
    """
    parser = configparser.ConfigParser()
    file = Path(path)
    where = f"config file {str(file)!r}"
    try:
        found = parser.read(file, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InvalidParameterValue(f"{where} is not an INI file with a [main] section: {first_line}") from None
    if not found:
        raise InvalidParameterValue(f"cannot read {where}: it does not exist or is not a readable file")
    if not parser.has_section("main"):
        raise InvalidParameterValue(f"{where} has no [main] section (with hostname, port and experiment-name)")
    main = parser["main"]
    host = main.get("hostname", "127.0.0.1").strip()
    port = main.get("port", "5000").strip()
    if not host or "://" in host or not _HOST.fullmatch(host.strip("[]")):
        raise InvalidParameterValue(f"hostname in {where} must be a host name or address, got {host!r}")
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        raise InvalidParameterValue(f"port in {where} must be a number from 1 to 65535, got {port!r}")
    name = main.get("experiment-name")
    return f"http://{host}:{int(port)}", (name.strip() if name else None)

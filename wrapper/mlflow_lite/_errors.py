"""Every error mlflow-lite raises, in one tree.

    MlflowError
    ├── ApiError                    the server answered with an error status
    │   ├── InvalidParameterValue   also a ValueError; raised before sending, too (status_code None)
    │   ├── ResourceDoesNotExist    also a LookupError
    │   ├── EndpointNotFound        404 that is not MLflow's: no such endpoint at this URL (check the URI's path)
    │   ├── ResourceAlreadyExists
    │   ├── Unauthenticated         401
    │   ├── PermissionDenied        403
    │   ├── RateLimited             429 (after retries)
    │   ├── ServerError             5xx (after retries)
    │   │   └── ServerBusy          the server's database failed, whatever the status (MLflow answers a full
    │   │                           connection pool 400 BAD_REQUEST); after retries
    │   └── UnsafeListing           an artifact listing that leaves its folder, repeats a path, or is absurdly
    │                               deep or large: refused before it is followed
    ├── TransportError              the server could not be reached or did not answer in time
    ├── StoreError                  an artifact store the client reaches itself (S3, GCS, Azure) failed, after
    │                               retries (a refusal of access or credentials is PermissionDenied or
    │                               Unauthenticated, a missing object ResourceDoesNotExist)
    ├── ValuesRefused               at a journaled run's end: values the server refused for good, kept on disk
    ├── ExperimentDeleted           `ensure_experiment` found the name held by a deleted experiment
    ├── ServerTooOld                the call needs a newer MLflow server than this one (found before sending)
    ├── MissingDependency           also an ImportError: a call needs an optional library (names the extra)
    └── ClientClosed                also a RuntimeError: a call on a client after its `close()`

An `ApiError` is chosen by the body's `error_code` first and by the HTTP status second, so a server behind a
proxy that answers with HTML or plain text (or MLflow 3's artifact routes, with FastAPI's `{"detail": ...}`)
still gives the right class. Messages never contain credentials:
they are built from the method, the URL (user info stripped) and the server's own message.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from ._core.public import show_as_public

__all__ = [
    "ApiError",
    "ClientClosed",
    "EndpointNotFound",
    "ExperimentDeleted",
    "InvalidParameterValue",
    "MissingDependency",
    "MlflowError",
    "PermissionDenied",
    "RateLimited",
    "ResourceAlreadyExists",
    "ResourceDoesNotExist",
    "ServerBusy",
    "ServerError",
    "ServerTooOld",
    "StoreError",
    "TransportError",
    "Unauthenticated",
    "UnsafeListing",
    "ValuesRefused",
    "error_from_response",
]


# MLflow's HTTP status for each of its error codes (what `get_http_status_code()` answers; 500 for the rest).
_HTTP_STATUS: dict[str, int] = {
    "INTERNAL_ERROR": 500,
    "INVALID_STATE": 500,
    "DATA_LOSS": 500,
    "NOT_IMPLEMENTED": 501,
    "TEMPORARILY_UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
    "REQUEST_LIMIT_EXCEEDED": 429,
    "CANCELLED": 499,
    "RESOURCE_EXHAUSTED": 429,
    "ABORTED": 409,
    "RESOURCE_CONFLICT": 409,
    "ALREADY_EXISTS": 409,
    "NOT_FOUND": 404,
    "ENDPOINT_NOT_FOUND": 404,
    "RESOURCE_DOES_NOT_EXIST": 404,
    "PERMISSION_DENIED": 403,
    "CUSTOMER_UNAUTHORIZED": 401,
    "UNAUTHENTICATED": 401,
    "BAD_REQUEST": 400,
    "RESOURCE_ALREADY_EXISTS": 400,
    "INVALID_PARAMETER_VALUE": 400,
}
# MLflow's client names an answer without an error code of its own by its status, this way.
_CODE_OF_STATUS: dict[int, str] = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "ENDPOINT_NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    503: "TEMPORARILY_UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class MlflowError(Exception):
    """Base of every error this library raises; `mlflow_lite.exceptions.MlflowException` too.

    As MLflow's `MlflowException`: `error_code` is MLflow's code for the situation (`"INVALID_PARAMETER_VALUE"`,
    `"RESOURCE_DOES_NOT_EXIST"`, ...; each class has its default, and the server's own code wins), `message`
    the text, `get_http_status_code()` the HTTP status MLflow gives that code, `json_kwargs` extra fields, and
    `serialize_as_json()` the JSON of all that (MLflow 2.x's shape: `error_code`, `message`, then the extras).
    """

    default_error_code = "INTERNAL_ERROR"

    def __init__(self, message: object = "", *args: object, error_code: str | None = None) -> None:
        super().__init__(message, *args)
        self.message = str(message)
        self.error_code: str = error_code or self.default_error_code
        self.json_kwargs: dict[str, Any] = {}

    def get_http_status_code(self) -> int:
        """The HTTP status MLflow gives this error's `error_code` (400, 404, ...; 500 for a code it does not map)."""
        return _HTTP_STATUS.get(self.error_code, 500)

    def serialize_as_json(self) -> str:
        """The error as MLflow's JSON error body: `error_code`, `message` and the `json_kwargs`."""
        return json.dumps({"error_code": self.error_code, "message": self.message, **self.json_kwargs})


class ApiError(MlflowError):
    """The server answered with an error.

    `status_code` is the HTTP status (None when the error was found before sending), `error_code` MLflow's
    code (`"RESOURCE_DOES_NOT_EXIST"`, ...; an open set of strings: the server's, else what MLflow's client
    says for the status, else the class's),
    `message` the server's text and `response` the `httpx.Response`, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        error_code: str | None = None,
        status_code: int | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message, error_code=error_code)
        self.status_code = status_code
        self.response = response

    def __str__(self) -> str:
        # An answer's status and code lead its message; an error found before sending is its message alone.
        prefix = f"{self.status_code} {self.error_code}" if self.status_code is not None else ""
        return f"{prefix}: {self.message}" if prefix else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"error_code={self.error_code!r}, message={self.message!r})"
        )


class InvalidParameterValue(ApiError, ValueError):
    """The server rejected a value, or mlflow-lite found it invalid before sending (`status_code` None)."""

    default_error_code = "INVALID_PARAMETER_VALUE"


class ResourceDoesNotExist(ApiError, LookupError):
    """The experiment, run, model or version does not exist."""

    default_error_code = "RESOURCE_DOES_NOT_EXIST"


class EndpointNotFound(ApiError):
    """404 from something that is not an MLflow tracking endpoint: no such route at this URL. Typically the
    tracking URI's path is wrong (`http://host/mlflow` for a server mounted at `/`, or the reverse), or a proxy
    answered. Not a `ResourceDoesNotExist`: nothing was looked up, so "not found" would be a wrong answer
    (`get_experiment_by_name` raises it instead of returning None, as MLflow's client does). `error_code` is
    MLflow's for this case, `ENDPOINT_NOT_FOUND`."""

    default_error_code = "ENDPOINT_NOT_FOUND"


class ResourceAlreadyExists(ApiError):
    """A create met an existing name (MLflow answers 400 here, not 409)."""

    default_error_code = "RESOURCE_ALREADY_EXISTS"


class Unauthenticated(ApiError):
    """401: missing or wrong credentials."""

    default_error_code = "UNAUTHENTICATED"


class PermissionDenied(ApiError):
    """403: the credentials are valid but may not do this."""

    default_error_code = "PERMISSION_DENIED"


class RateLimited(ApiError):
    """429: still rate limited after the retries ran out."""

    default_error_code = "REQUEST_LIMIT_EXCEEDED"


class ServerError(ApiError):
    """5xx: the server failed, and kept failing through the retries."""


class ServerBusy(ServerError):
    """The server's own database failed (a full connection pool, a locked sqlite file, a lost or refused
    connection), and kept failing through the retries. MLflow answers some of these 400 BAD_REQUEST or 500
    INTERNAL_ERROR (`status_code` and `error_code` say which): the request was not at fault, and sending it
    again later can succeed, so a journaled run keeps it in its journal instead of counting it refused."""


class UnsafeListing(ApiError):
    """The server answered an artifact listing that mlflow-lite refuses to follow: an entry outside the folder
    listed (a parent, an absolute path, a `..`), a path listed twice, a path deeper than
    `MAX_DEPTH` levels, or more folders or entries than a walk takes (`MAX_FOLDERS`, `MAX_ENTRIES`, in
    `mlflow_lite._ops.artifacts`). Such a listing loops, or never ends, instead of describing files: it comes
    from a broken or hostile server, or from something in between. Raised before anything more is sent or
    written; the message names the run, the folder listed and what the server listed there."""


class TransportError(MlflowError):
    """The server could not be reached, or did not answer in time, after retries. `url` and `cause` say where
    and why; `__cause__` holds the underlying `httpx` exception."""

    def __init__(self, message: str, *, url: str, cause: str) -> None:
        super().__init__(message)
        self.url = url
        self.cause = cause


class StoreError(MlflowError):
    """An artifact store the client writes and reads itself (S3, Google Cloud Storage, Azure: a run whose
    artifacts the server does not proxy) failed after its retries: the store's answer or the connection. The
    message names the store's root and the key, never a credential. Access refused, credentials refused and a
    missing object are `PermissionDenied`, `Unauthenticated` and `ResourceDoesNotExist` instead."""


class ValuesRefused(MlflowError):
    """Raised by a journaled run's `end()` when the server refused some of its values for good (each refusal
    was also raised at the caller's next call). Nothing was deleted: `path` is the `.refused` file that keeps
    them (`count` values), which `mlflow-lite sync --retry-refused` sends again; the run was ended FAILED."""

    def __init__(self, message: str, *, count: int, path: str) -> None:
        super().__init__(message)
        self.count = count
        self.path = path


class ExperimentDeleted(MlflowError):
    """`ensure_experiment` found the name held by a deleted experiment (MLflow keeps the name until
    `mlflow gc` removes it for good)."""

    default_error_code = "INVALID_PARAMETER_VALUE"  # MLflow's `set_experiment` on a deleted experiment

    def __init__(self, name: str, experiment_id: str) -> None:
        super().__init__(
            f"experiment {name!r} (id {experiment_id}) is deleted; restore it with "
            f"restore_experiment({experiment_id!r}) or ensure_experiment(..., restore_deleted=True), "
            "or remove it for good with `mlflow gc` on the server"
        )
        self.name = name
        self.experiment_id = experiment_id


class ServerTooOld(MlflowError):
    """The call needs a newer MLflow server: logged models, run outputs and metrics linked to a model or a
    dataset need MLflow 3, for example. Raised before anything is sent, instead of the 404 page or the silently
    dropped field an older server would answer with. `needed` and `server_version` are versions ("3.0",
    "2.22.5")."""

    default_error_code = "ENDPOINT_NOT_FOUND"  # what MLflow's client gets: the old server's 404 page

    def __init__(self, what: str, *, needed: str, server_version: str) -> None:
        super().__init__(f"{what} needs an MLflow server {needed} or later; this server runs MLflow {server_version}")
        self.what = what
        self.needed = needed
        self.server_version = server_version


class MissingDependency(MlflowError, ImportError):
    """A call needs an optional library that is not installed (pandas for tables and DataFrames, Pillow and
    numpy for images from arrays); the message names the extra that installs it. `module` is its name."""

    def __init__(self, message: str, *, module: str | None = None) -> None:
        super().__init__(message)
        self.module = module


class ClientClosed(MlflowError, RuntimeError):
    """A call on a client after its `close()` (`aclose()`): nothing is sent. Also a `RuntimeError`, which is
    what httpx raises for a closed connection pool."""


_BY_ERROR_CODE: dict[str, type[ApiError]] = {
    "INVALID_PARAMETER_VALUE": InvalidParameterValue,
    "BAD_REQUEST": InvalidParameterValue,
    "MALFORMED_REQUEST": InvalidParameterValue,
    "RESOURCE_DOES_NOT_EXIST": ResourceDoesNotExist,
    "NOT_FOUND": ResourceDoesNotExist,
    "ENDPOINT_NOT_FOUND": EndpointNotFound,
    "RESOURCE_ALREADY_EXISTS": ResourceAlreadyExists,
    "ALREADY_EXISTS": ResourceAlreadyExists,
    "UNAUTHENTICATED": Unauthenticated,
    "CUSTOMER_UNAUTHORIZED": Unauthenticated,
    "PERMISSION_DENIED": PermissionDenied,
    "REQUEST_LIMIT_EXCEEDED": RateLimited,
    "RESOURCE_EXHAUSTED": RateLimited,
    "INTERNAL_ERROR": ServerError,
    "TEMPORARILY_UNAVAILABLE": ServerError,
    "INVALID_STATE": ServerError,
    "DATA_LOSS": ServerError,
    "NOT_IMPLEMENTED": ServerError,
    "DEADLINE_EXCEEDED": ServerError,
}

_BY_STATUS: dict[int, type[ApiError]] = {
    400: InvalidParameterValue,
    401: Unauthenticated,
    403: PermissionDenied,
    404: EndpointNotFound,  # MLflow's own "not found" is a JSON error with its code; anything else is a wrong URL
    429: RateLimited,
}

# Enough of an HTML or text body to say what went wrong, without pasting a whole page into a message.
_MAX_TEXT = 300


def error_from_response(
    response: httpx.Response, *, method: str, url: str, kind: type[ApiError] | None = None
) -> ApiError:
    """The `ApiError` for an error response, whatever its body: MLflow's JSON, HTML, text or nothing; of class
    `kind` when the caller knows better than the status and code (`ServerBusy`)."""
    error_code: str | None = None
    message: str | None = None
    try:
        body: Any = json.loads(response.content)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code, text = body.get("error_code"), body.get("message")
        error_code = code if isinstance(code, str) else None
        message = text if isinstance(text, str) else None
        # MLflow 3's artifact routes (FastAPI) answer `{"detail": "..."}`, or a list of problems for a 422.
        detail = body.get("detail")
        if message is None and detail is not None:
            message = detail if isinstance(detail, str) else _summarise(json.dumps(detail), "")
    if message is None:
        text = response.content.decode("utf-8", errors="replace").strip()
        message = _summarise(text, response.headers.get("content-type", ""))
    status = response.status_code
    cls = kind or _BY_ERROR_CODE.get(error_code or "") or _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else ApiError
    error_code = error_code or _CODE_OF_STATUS.get(status, "INTERNAL_ERROR")
    if cls is EndpointNotFound:
        message = (
            f"no such endpoint at this URL (the 404 is not an MLflow tracking server's answer): check the "
            f"tracking URI's path: {message}"
        )
    return cls(
        f"{method} {url} failed: {message}",
        error_code=error_code,
        status_code=status,
        response=response,
    )


def _summarise(text: str, content_type: str) -> str:
    if not text:
        return "(empty body)"
    if "html" in content_type or text.lstrip().startswith("<"):
        # Flask's error pages put the useful line in <title> and <p>; tags themselves are noise.
        title = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
        para = re.search(r"<p>(.*?)</p>", text, re.S | re.I)
        text = " - ".join(m.group(1).strip() for m in (title, para) if m) or re.sub(r"<[^>]+>", " ", text)
        text = " ".join(text.split())
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


show_as_public(globals())

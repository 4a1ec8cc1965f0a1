"""Sending a generated endpoint's request and reading its answer: the one path every op's request takes
(`ask`, `tell`), the reading of a successful answer into a generated model (`parse_model`), and the coercion of
arguments every op family shares (view types, run statuses, run ids, experiment id lists)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from mlflow_rest_api import Client as GeneratedClient
from mlflow_rest_api.models import (
    EmptyResponse,
    RunStatus as WireRunStatus,
    ViewType as WireViewType,
)

from .._core.context import Context
from .._core.effects import Op, Request
from .._core.lazy import LazyModule
from .._core.retry import with_retries
from .._errors import ApiError, InvalidParameterValue

if TYPE_CHECKING:
    from .. import _entities as entities
else:
    entities = LazyModule("mlflow_lite._entities")  # for two names' tables: not loaded by a first call that logs

__all__ = [
    "GeneratedClient",
    "ask",
    "experiment_id_list",
    "parse_json",
    "parse_model",
    "run_id_of",
    "tell",
    "wire_run_status",
    "wire_view_type",
]

T = TypeVar("T")


def ask(
    cx: Context,
    kwargs: Mapping[str, Any],
    from_dict: Callable[[Any], T],
    *,
    idempotent: bool = True,
) -> Op[T]:
    """Send the request a generated endpoint describes (`kwargs`, from its `_get_kwargs`), with retries, and
    parse the answer into the generated model `from_dict` belongs to."""
    response = yield from with_retries(Request.from_endpoint(kwargs, idempotent=idempotent), cx.policy)
    return parse_model(response, from_dict)


def tell(cx: Context, kwargs: Mapping[str, Any], *, idempotent: bool = True) -> Op[None]:
    """`ask` for a request whose answer carries nothing (`{}`)."""
    yield from ask(cx, kwargs, EmptyResponse.from_dict, idempotent=idempotent)


def wire_view_type(value: object, what: str = "view_type") -> WireViewType:
    """A view type for the wire, from MLflow's int constants (`ViewType.ALL`) or a name ("ALL", "active_only")."""
    names = entities.ViewType._NAMES
    if isinstance(value, WireViewType):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in names:
        return WireViewType(names[value])
    if isinstance(value, str) and value.upper() in names.values():
        return WireViewType(value.upper())
    raise InvalidParameterValue(
        f"unknown {what} {value!r}; use ViewType.ACTIVE_ONLY, ViewType.DELETED_ONLY or ViewType.ALL"
    )


def wire_run_status(value: object) -> WireRunStatus:
    """A run status for the wire, from its name ("FINISHED") or MLflow's int constant (`RunStatus.FINISHED`)."""
    names = entities.RunStatus._NAMES
    if isinstance(value, WireRunStatus):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in names:
        return WireRunStatus(names[value])
    if isinstance(value, str) and value in names.values():
        return WireRunStatus(value)
    raise InvalidParameterValue(f"unknown run status {value!r}; use one of {', '.join(names.values())}")


def run_id_of(value: object, what: str = "run_id") -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterValue(f"{what} must be a non-empty string, got {value!r}")
    return value


def experiment_id_list(experiment_ids: object) -> list[str]:
    """Experiment ids as strings; one id alone (a string or an int) is a list of one."""
    if isinstance(experiment_ids, (str, int)) and not isinstance(experiment_ids, bool):
        return [str(experiment_ids)]
    if not isinstance(experiment_ids, Iterable):
        raise InvalidParameterValue(f"experiment_ids must be a list of experiment ids, got {experiment_ids!r}")
    return [str(e) for e in experiment_ids]


def parse_json(response: httpx.Response) -> Any:
    """The body of a successful answer as JSON; anything else is an `ApiError`, never a decoding error."""
    if not response.content:
        return {}  # MLflow answers some calls with an empty body behind some proxies
    try:
        return json.loads(response.content)
    except ValueError:
        text = response.content[:200].decode("utf-8", errors="replace")
        raise ApiError(
            f"{response.request.method} {response.request.url} answered {response.status_code} "
            f"with a body that is not JSON: {text!r}",
            status_code=response.status_code,
            response=response,
        ) from None


def parse_model(response: httpx.Response, from_dict: Callable[[Any], T]) -> T:
    """`from_dict` of the generated response model, with a malformed body as an `ApiError`."""
    body = parse_json(response)
    try:
        return from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problem = f"no {exc.args[0]!r} field" if isinstance(exc, KeyError) and exc.args else repr(exc)
        raise ApiError(
            f"{response.request.method} {response.request.url} answered with an unexpected body: {problem}",
            status_code=response.status_code,
            response=response,
        ) from None

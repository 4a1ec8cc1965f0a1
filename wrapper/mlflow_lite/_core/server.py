"""What a client learns about its server: which MLflow it runs, asked once, only when a call needs a newer
server than 2.x.

An MLflow 2.x server answers a logged-model route with a 404 page and silently drops the 3.x fields it does
not know (a metric's `model_id`, say: the metric is stored, its link to the model is lost). So a call that
needs MLflow 3 asks first (`GET /version`, plain text such as "2.22.5"), once per client, and a server that is
too old gets `ServerTooOld` before anything is sent. A server that does not say (a proxy that hides the route,
a hosted service) is trusted, and its own answer decides.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from .._errors import ApiError, ServerTooOld
from .effects import Op, Request
from .public import show_as_public
from .retry import with_retries

if TYPE_CHECKING:
    from .context import Context

__all__ = ["DELETE_EXPERIMENT_TAG", "MLFLOW_3", "ServerVersion", "at_least", "require"]

# The server versions that added what the wrapper uses (the spec marks each with `x-mlflow-since`).
MLFLOW_3 = "3.0"  # logged models, run outputs, metrics linked to models and datasets
DELETE_EXPERIMENT_TAG = "3.2"


@attrs.define
class ServerVersion:
    """The server's version as it says it ("3.17.2"), once asked; "" when it does not say."""

    text: str | None = None

    def release(self) -> tuple[int, ...] | None:
        return _release(self.text or "")


def require(cx: Context, needed: str, what: str) -> Op[None]:
    """Raise `ServerTooOld` when the server runs an MLflow older than `needed`; ask it first if not known yet."""
    if not (yield from at_least(cx, needed)):
        raise ServerTooOld(what, needed=needed, server_version=cx.server.text or "")


def at_least(cx: Context, needed: str) -> Op[bool]:
    """Whether the server runs MLflow `needed` or later (True when it does not say); asked once per client."""
    server = cx.server
    if server.text is None:
        try:
            response = yield from with_retries(Request("GET", "/version"), cx.policy)
            text = response.text.strip()
        except ApiError:
            text = ""
        # An HTML page (a proxy's, a UI's) is no version: keep only an answer that looks like one.
        server.text = text if _release(text) is not None else ""
    have, least = server.release(), _release(needed)
    return have is None or least is None or have >= least


_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?")


def _release(text: str) -> tuple[int, ...] | None:
    match = _VERSION.match(text)
    return None if match is None else tuple(int(part or 0) for part in match.groups())


show_as_public(globals())

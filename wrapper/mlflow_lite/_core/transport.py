"""The httpx configuration both clients share: base URL, credentials, TLS, timeouts, User-Agent."""

from __future__ import annotations

import ssl
from collections.abc import Generator
from typing import Any

import httpx

from .._core.settings import Settings
from .._errors import InvalidParameterValue
from .._version import __version__

__all__ = ["USER_AGENT", "external_options", "httpx_options"]

USER_AGENT = f"mlflow-lite/{__version__}"


def httpx_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client` and `httpx.AsyncClient` alike."""
    headers = {"User-Agent": USER_AGENT, **settings.headers}
    auth: httpx.Auth | None = None
    if settings.username and settings.password:
        auth = httpx.BasicAuth(settings.username, settings.password)
    elif settings.token:
        auth = _BearerAuth(settings.token)
    options: dict[str, Any] = {
        "base_url": settings.tracking_uri,
        "headers": headers,
        "auth": auth,
        "timeout": httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        "verify": _tls(settings),
        # httpx drops the Authorization header when a redirect leaves the origin, so credentials stay home.
        "follow_redirects": True,
    }
    return options


def external_options(settings: Settings) -> dict[str, Any]:
    """`httpx_options` for presigned URLs on another host (artifact store parts): the same timeouts, the system's
    certificate store, and none of the tracking server's credentials, headers or certificates."""
    return {
        "headers": {"User-Agent": USER_AGENT},
        "timeout": httpx.Timeout(settings.timeout, connect=settings.connect_timeout),
        "follow_redirects": False,
    }


def _tls(settings: Settings) -> ssl.SSLContext | bool:
    """`verify` for httpx: False, True (httpx's default context), or a context with our CA bundle and client
    certificate (httpx 0.28 deprecates passing paths)."""
    if settings.verify is False:
        if settings.client_cert is None:
            return False
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(settings.verify, str):
        try:
            context = ssl.create_default_context(cafile=settings.verify)
        except ssl.SSLError as exc:  # the file exists (checked with the settings) but holds no certificate
            raise InvalidParameterValue(
                f"the CA bundle {settings.verify!r} holds no usable certificate: {exc}"
            ) from None
    elif settings.client_cert is None:
        return True
    else:
        context = ssl.create_default_context()
    if settings.client_cert:
        try:
            context.load_cert_chain(settings.client_cert)
        except ssl.SSLError as exc:
            raise InvalidParameterValue(
                f"the client certificate {settings.client_cert!r} holds no usable certificate and key: {exc}"
            ) from None
    return context


class _BearerAuth(httpx.Auth):
    """`Authorization: Bearer <token>`, kept out of `repr`."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "_BearerAuth(token=***)"

"""The httpx configuration both clients share: base URL, credentials, TLS, timeouts, User-Agent, and what a
redirect may carry.

Redirects are followed, but credentials stay with the tracking server's origin (scheme, host and port): httpx
drops `Authorization` on a redirect to another origin, and `_HeaderGuard` drops every header the caller gave
(`headers=`: an API key, a proxy's token) there too, on every request of the redirect chain."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Generator
from typing import Any

import httpx

from .._core.settings import Settings
from .._errors import InvalidParameterValue
from .._version import __version__

__all__ = ["USER_AGENT", "async_httpx_options", "external_options", "httpx_options"]

USER_AGENT = f"mlflow-lite/{__version__}"


def httpx_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `httpx.Client`."""
    return _options(settings, _HeaderGuard(settings).check)


def async_httpx_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `httpx.AsyncClient` (whose event hooks are coroutines)."""
    return _options(settings, _HeaderGuard(settings).acheck)


def _options(settings: Settings, guard: Callable[[httpx.Request], Any]) -> dict[str, Any]:
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
        # httpx drops the Authorization header when a redirect leaves the origin, the guard the caller's headers.
        "follow_redirects": True,
        "event_hooks": {"request": [guard]} if settings.headers else {},
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


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


class _HeaderGuard:
    """A request hook that takes the caller's headers off any request that leaves the tracking server's origin
    (httpx runs request hooks on every request of a redirect chain). As httpx does for `Authorization`, an
    upgrade from http to https on the same host, default ports, counts as the same origin."""

    def __init__(self, settings: Settings) -> None:
        self._home = _origin(httpx.URL(settings.tracking_uri))
        self._names = tuple(settings.headers)

    def _at_home(self, url: httpx.URL) -> bool:
        origin = _origin(url)
        if origin == self._home:
            return True
        scheme, host, port = self._home
        return (scheme, port) == ("http", 80) and origin == ("https", host, 443)

    def check(self, request: httpx.Request) -> None:
        if self._at_home(request.url):
            return
        for name in self._names:
            request.headers.pop(name, None)
        request.headers.setdefault("User-Agent", USER_AGENT)  # when the caller's own was taken off

    async def acheck(self, request: httpx.Request) -> None:
        self.check(request)


class _BearerAuth(httpx.Auth):
    """`Authorization: Bearer <token>`, kept out of `repr`."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "_BearerAuth(token=***)"

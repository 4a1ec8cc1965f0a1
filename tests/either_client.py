"""One scenario for both clients: the fixture `either` is a `TrackingClient`, then an `AsyncTrackingClient`, and
`wait()` / `collect()` make their answers alike, so a test is written once and runs for each. `conftest.py`
registers this module as a plugin, so every test can ask for `either`."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterable
from typing import Any, TypeVar

import pytest

from mlflow_lite import AsyncTrackingClient, TrackingClient
from mlflow_server import MlflowServer

T = TypeVar("T")
Either = TrackingClient | AsyncTrackingClient


async def wait(value: Any) -> Any:
    """The result of a sync call, or of an async one once awaited."""
    return await value if inspect.isawaitable(value) else value


async def collect(items: Iterable[T] | AsyncIterator[T]) -> list[T]:
    if isinstance(items, AsyncIterator):
        return [item async for item in items]
    return list(items)


@pytest.fixture(params=["sync", "async"], name="either")
async def either_fixture(request: pytest.FixtureRequest, server: MlflowServer) -> AsyncIterator[Either]:
    """A `TrackingClient`, then an `AsyncTrackingClient`, on the same server."""
    if request.param == "sync":
        with TrackingClient(server.url, max_retries=2, retry_budget=30) as sync_client:
            yield sync_client
    else:
        async with AsyncTrackingClient(server.url, max_retries=2, retry_budget=30) as async_client:
            yield async_client

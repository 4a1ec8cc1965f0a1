"""`mlflow.tracking.context.registry.resolve_tags`: the context tags of a run started now, with `tags` on top."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..._core.client_base import settings_of
from ..._fluent import client
from ..._ops.source_tags import context_tags

__all__ = ["resolve_tags"]


def resolve_tags(tags: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The tags MLflow's fluent `start_run` puts on a new run (`mlflow.user`, `mlflow.source.name`,
    `mlflow.source.type`, the git commit, branch and remote URL, and MLFLOW_RUN_CONTEXT's tags), updated with
    `tags`: what `MlflowClient.create_run(experiment_id, tags=resolve_tags(tags))` needs to look like a fluent run.
    The user is the tracking username of the fluent API's client when one is set, as for `start_run`."""
    return {**context_tags(settings_of(client()).username), **(tags or {})}

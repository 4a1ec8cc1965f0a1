"""Experiments and their tags."""

from __future__ import annotations

from typing import Any

import attrs

from .._core.public import show_as_public
from .base import Entity, KeyValue, str_map

__all__ = [
    "Experiment",
    "ExperimentTag",
]


@attrs.frozen(repr=False)
class ExperimentTag(KeyValue):
    """A tag of an experiment."""


@attrs.frozen(repr=False)
class Experiment(Entity):
    """An experiment. `creation_time` and `last_update_time` (epoch ms) are None for experiments made by
    MLflow before 1.29."""

    experiment_id: str
    name: str
    artifact_location: str
    lifecycle_stage: str
    tags: dict[str, str] = attrs.field(factory=dict, converter=str_map)
    creation_time: int | None = None
    last_update_time: int | None = None
    #: The workspace of the experiment (MLflow 3.14 and later; None from older servers).
    workspace: str | None = None
    #: How long its traces are kept before archival (MLflow 3.13 and later).
    effective_trace_archival_retention: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, eq=False, repr=False, kw_only=True)


show_as_public(globals())

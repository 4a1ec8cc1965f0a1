from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment_tag import ExperimentTag


T = TypeVar("T", bound="Experiment")


@_attrs_define
class Experiment:
    """An experiment.

    Attributes:
        experiment_id (str):
        name (str):
        artifact_location (str):
        lifecycle_stage (str): "active" or "deleted".
        last_update_time (int | Unset): Epoch milliseconds.
        creation_time (int | Unset): Epoch milliseconds.
        tags (list[ExperimentTag] | Unset):
        workspace (str | Unset): The workspace the experiment belongs to ("default" without workspaces). MLflow 3.14 and
            later.
        effective_trace_archival_retention (str | Unset): How long the experiment's traces are kept before archival.
            MLflow 3.13 and later, and only from a server configured for trace archival (tracing is outside this spec).
    """

    experiment_id: str
    name: str
    artifact_location: str
    lifecycle_stage: str
    last_update_time: int | Unset = UNSET
    creation_time: int | Unset = UNSET
    tags: list[ExperimentTag] | Unset = UNSET
    workspace: str | Unset = UNSET
    effective_trace_archival_retention: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_id = self.experiment_id

        name = self.name

        artifact_location = self.artifact_location

        lifecycle_stage = self.lifecycle_stage

        last_update_time = self.last_update_time

        creation_time = self.creation_time

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        workspace = self.workspace

        effective_trace_archival_retention = self.effective_trace_archival_retention

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "experiment_id": experiment_id,
                "name": name,
                "artifact_location": artifact_location,
                "lifecycle_stage": lifecycle_stage,
            }
        )
        if last_update_time is not UNSET:
            field_dict["last_update_time"] = last_update_time
        if creation_time is not UNSET:
            field_dict["creation_time"] = creation_time
        if tags is not UNSET:
            field_dict["tags"] = tags
        if workspace is not UNSET:
            field_dict["workspace"] = workspace
        if effective_trace_archival_retention is not UNSET:
            field_dict["effective_trace_archival_retention"] = effective_trace_archival_retention

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.experiment_tag import ExperimentTag

        d = dict(src_dict)
        experiment_id = d.pop("experiment_id")

        name = d.pop("name")

        artifact_location = d.pop("artifact_location")

        lifecycle_stage = d.pop("lifecycle_stage")

        last_update_time = d.pop("last_update_time", UNSET)

        creation_time = d.pop("creation_time", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[ExperimentTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ExperimentTag.from_dict(tags_item_data)

                tags.append(tags_item)

        workspace = d.pop("workspace", UNSET)

        effective_trace_archival_retention = d.pop("effective_trace_archival_retention", UNSET)

        experiment = cls(
            experiment_id=experiment_id,
            name=name,
            artifact_location=artifact_location,
            lifecycle_stage=lifecycle_stage,
            last_update_time=last_update_time,
            creation_time=creation_time,
            tags=tags,
            workspace=workspace,
            effective_trace_archival_retention=effective_trace_archival_retention,
        )

        experiment.additional_properties = d
        return experiment

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

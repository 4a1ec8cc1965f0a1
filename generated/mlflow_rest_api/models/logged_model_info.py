from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.logged_model_status import LoggedModelStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logged_model_registration_info import LoggedModelRegistrationInfo
    from ..models.logged_model_tag import LoggedModelTag


T = TypeVar("T", bound="LoggedModelInfo")


@_attrs_define
class LoggedModelInfo:
    """A logged model's metadata.

    Attributes:
        model_id (str):
        experiment_id (str):
        name (str):
        creation_timestamp_ms (int): Epoch milliseconds.
        last_updated_timestamp_ms (int): Epoch milliseconds.
        artifact_uri (str):
        status (LoggedModelStatus): Whether a logged model's files are uploaded. MLflow 3.0 and later.
        creator_id (int | Unset): Who created the model (a numeric user id). Only Databricks sends it.
        model_type (str | Unset):
        source_run_id (str | Unset):
        status_message (str | Unset):
        tags (list[LoggedModelTag] | Unset):
        registrations (list[LoggedModelRegistrationInfo] | Unset): The model versions made from this model. Only
            Databricks sends it; the open-source server records them in the tag `mlflow.modelVersions` instead.
    """

    model_id: str
    experiment_id: str
    name: str
    creation_timestamp_ms: int
    last_updated_timestamp_ms: int
    artifact_uri: str
    status: LoggedModelStatus
    creator_id: int | Unset = UNSET
    model_type: str | Unset = UNSET
    source_run_id: str | Unset = UNSET
    status_message: str | Unset = UNSET
    tags: list[LoggedModelTag] | Unset = UNSET
    registrations: list[LoggedModelRegistrationInfo] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_id = self.model_id

        experiment_id = self.experiment_id

        name = self.name

        creation_timestamp_ms = self.creation_timestamp_ms

        last_updated_timestamp_ms = self.last_updated_timestamp_ms

        artifact_uri = self.artifact_uri

        status = self.status.value

        creator_id = self.creator_id

        model_type = self.model_type

        source_run_id = self.source_run_id

        status_message = self.status_message

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        registrations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.registrations, Unset):
            registrations = []
            for registrations_item_data in self.registrations:
                registrations_item = registrations_item_data.to_dict()
                registrations.append(registrations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_id": model_id,
                "experiment_id": experiment_id,
                "name": name,
                "creation_timestamp_ms": creation_timestamp_ms,
                "last_updated_timestamp_ms": last_updated_timestamp_ms,
                "artifact_uri": artifact_uri,
                "status": status,
            }
        )
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id
        if model_type is not UNSET:
            field_dict["model_type"] = model_type
        if source_run_id is not UNSET:
            field_dict["source_run_id"] = source_run_id
        if status_message is not UNSET:
            field_dict["status_message"] = status_message
        if tags is not UNSET:
            field_dict["tags"] = tags
        if registrations is not UNSET:
            field_dict["registrations"] = registrations

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.logged_model_registration_info import LoggedModelRegistrationInfo
        from ..models.logged_model_tag import LoggedModelTag

        d = dict(src_dict)
        model_id = d.pop("model_id")

        experiment_id = d.pop("experiment_id")

        name = d.pop("name")

        creation_timestamp_ms = d.pop("creation_timestamp_ms")

        last_updated_timestamp_ms = d.pop("last_updated_timestamp_ms")

        artifact_uri = d.pop("artifact_uri")

        status = LoggedModelStatus(d.pop("status"))

        creator_id = d.pop("creator_id", UNSET)

        model_type = d.pop("model_type", UNSET)

        source_run_id = d.pop("source_run_id", UNSET)

        status_message = d.pop("status_message", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[LoggedModelTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = LoggedModelTag.from_dict(tags_item_data)

                tags.append(tags_item)

        _registrations = d.pop("registrations", UNSET)
        registrations: list[LoggedModelRegistrationInfo] | Unset = UNSET
        if _registrations is not UNSET:
            registrations = []
            for registrations_item_data in _registrations:
                registrations_item = LoggedModelRegistrationInfo.from_dict(registrations_item_data)

                registrations.append(registrations_item)

        logged_model_info = cls(
            model_id=model_id,
            experiment_id=experiment_id,
            name=name,
            creation_timestamp_ms=creation_timestamp_ms,
            last_updated_timestamp_ms=last_updated_timestamp_ms,
            artifact_uri=artifact_uri,
            status=status,
            creator_id=creator_id,
            model_type=model_type,
            source_run_id=source_run_id,
            status_message=status_message,
            tags=tags,
            registrations=registrations,
        )

        logged_model_info.additional_properties = d
        return logged_model_info

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

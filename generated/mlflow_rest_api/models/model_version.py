from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_version_status import ModelVersionStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_version_tag import ModelVersionTag


T = TypeVar("T", bound="ModelVersion")


@_attrs_define
class ModelVersion:
    """A version of a registered model.

    Attributes:
        name (str):
        version (str): The version number as a string, e.g. "1".
        creation_timestamp (int): Epoch milliseconds.
        last_updated_timestamp (int): Epoch milliseconds.
        current_stage (str): "None", "Staging", "Production" or "Archived".
        source (str):
        status (ModelVersionStatus): Registration status of a model version.
        user_id (str | Unset):
        description (str | Unset):
        run_id (str | Unset):
        status_message (str | Unset):
        tags (list[ModelVersionTag] | Unset):
        run_link (str | Unset):
        aliases (list[str] | Unset):
    """

    name: str
    version: str
    creation_timestamp: int
    last_updated_timestamp: int
    current_stage: str
    source: str
    status: ModelVersionStatus
    user_id: str | Unset = UNSET
    description: str | Unset = UNSET
    run_id: str | Unset = UNSET
    status_message: str | Unset = UNSET
    tags: list[ModelVersionTag] | Unset = UNSET
    run_link: str | Unset = UNSET
    aliases: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        creation_timestamp = self.creation_timestamp

        last_updated_timestamp = self.last_updated_timestamp

        current_stage = self.current_stage

        source = self.source

        status = self.status.value

        user_id = self.user_id

        description = self.description

        run_id = self.run_id

        status_message = self.status_message

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        run_link = self.run_link

        aliases: list[str] | Unset = UNSET
        if not isinstance(self.aliases, Unset):
            aliases = self.aliases

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "creation_timestamp": creation_timestamp,
                "last_updated_timestamp": last_updated_timestamp,
                "current_stage": current_stage,
                "source": source,
                "status": status,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if description is not UNSET:
            field_dict["description"] = description
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if status_message is not UNSET:
            field_dict["status_message"] = status_message
        if tags is not UNSET:
            field_dict["tags"] = tags
        if run_link is not UNSET:
            field_dict["run_link"] = run_link
        if aliases is not UNSET:
            field_dict["aliases"] = aliases

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_version_tag import ModelVersionTag

        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        creation_timestamp = d.pop("creation_timestamp")

        last_updated_timestamp = d.pop("last_updated_timestamp")

        current_stage = d.pop("current_stage")

        source = d.pop("source")

        status = ModelVersionStatus(d.pop("status"))

        user_id = d.pop("user_id", UNSET)

        description = d.pop("description", UNSET)

        run_id = d.pop("run_id", UNSET)

        status_message = d.pop("status_message", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[ModelVersionTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = ModelVersionTag.from_dict(tags_item_data)

                tags.append(tags_item)

        run_link = d.pop("run_link", UNSET)

        aliases = cast(list[str], d.pop("aliases", UNSET))

        model_version = cls(
            name=name,
            version=version,
            creation_timestamp=creation_timestamp,
            last_updated_timestamp=last_updated_timestamp,
            current_stage=current_stage,
            source=source,
            status=status,
            user_id=user_id,
            description=description,
            run_id=run_id,
            status_message=status_message,
            tags=tags,
            run_link=run_link,
            aliases=aliases,
        )

        model_version.additional_properties = d
        return model_version

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

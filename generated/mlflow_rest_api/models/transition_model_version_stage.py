from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TransitionModelVersionStage")


@_attrs_define
class TransitionModelVersionStage:
    """
    Attributes:
        name (str):
        version (str):
        stage (str): "None", "Staging", "Production" or "Archived" (case-insensitive).
        archive_existing_versions (bool | Unset): Archive the other versions in the target stage (a JSON boolean).
    """

    name: str
    version: str
    stage: str
    archive_existing_versions: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        version = self.version

        stage = self.stage

        archive_existing_versions = self.archive_existing_versions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "version": version,
                "stage": stage,
            }
        )
        if archive_existing_versions is not UNSET:
            field_dict["archive_existing_versions"] = archive_existing_versions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        version = d.pop("version")

        stage = d.pop("stage")

        archive_existing_versions = d.pop("archive_existing_versions", UNSET)

        transition_model_version_stage = cls(
            name=name,
            version=version,
            stage=stage,
            archive_existing_versions=archive_existing_versions,
        )

        transition_model_version_stage.additional_properties = d
        return transition_model_version_stage

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

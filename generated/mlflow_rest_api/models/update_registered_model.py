from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateRegisteredModel")


@_attrs_define
class UpdateRegisteredModel:
    """
    Attributes:
        name (str):
        description (str | Unset):
        deployment_job_id (str | Unset): The deployment job run for new versions (Databricks Unity Catalog). In the
            protocol since MLflow 3.0, but the open-source server ignores it (2.x and 3.x alike): nothing is stored.
    """

    name: str
    description: str | Unset = UNSET
    deployment_job_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        deployment_job_id = self.deployment_job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if deployment_job_id is not UNSET:
            field_dict["deployment_job_id"] = deployment_job_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        deployment_job_id = d.pop("deployment_job_id", UNSET)

        update_registered_model = cls(
            name=name,
            description=description,
            deployment_job_id=deployment_job_id,
        )

        update_registered_model.additional_properties = d
        return update_registered_model

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

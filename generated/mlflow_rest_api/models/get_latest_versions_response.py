from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_version import ModelVersion


T = TypeVar("T", bound="GetLatestVersionsResponse")


@_attrs_define
class GetLatestVersionsResponse:
    """
    Attributes:
        model_versions (list[ModelVersion] | Unset):
    """

    model_versions: list[ModelVersion] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.model_versions, Unset):
            model_versions = []
            for model_versions_item_data in self.model_versions:
                model_versions_item = model_versions_item_data.to_dict()
                model_versions.append(model_versions_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model_versions is not UNSET:
            field_dict["model_versions"] = model_versions

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_version import ModelVersion

        d = dict(src_dict)
        _model_versions = d.pop("model_versions", UNSET)
        model_versions: list[ModelVersion] | Unset = UNSET
        if _model_versions is not UNSET:
            model_versions = []
            for model_versions_item_data in _model_versions:
                model_versions_item = ModelVersion.from_dict(model_versions_item_data)

                model_versions.append(model_versions_item)

        get_latest_versions_response = cls(
            model_versions=model_versions,
        )

        get_latest_versions_response.additional_properties = d
        return get_latest_versions_response

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

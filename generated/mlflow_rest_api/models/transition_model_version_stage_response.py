from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_version import ModelVersion


T = TypeVar("T", bound="TransitionModelVersionStageResponse")


@_attrs_define
class TransitionModelVersionStageResponse:
    """
    Attributes:
        model_version (ModelVersion): A version of a registered model.
    """

    model_version: ModelVersion
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_version = self.model_version.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_version": model_version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_version import ModelVersion

        d = dict(src_dict)
        model_version = ModelVersion.from_dict(d.pop("model_version"))

        transition_model_version_stage_response = cls(
            model_version=model_version,
        )

        transition_model_version_stage_response.additional_properties = d
        return transition_model_version_stage_response

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

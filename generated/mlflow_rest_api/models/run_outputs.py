from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_output import ModelOutput


T = TypeVar("T", bound="RunOutputs")


@_attrs_define
class RunOutputs:
    """Outputs of a run. MLflow 3.0 and later.

    Attributes:
        model_outputs (list[ModelOutput] | Unset):
    """

    model_outputs: list[ModelOutput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_outputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.model_outputs, Unset):
            model_outputs = []
            for model_outputs_item_data in self.model_outputs:
                model_outputs_item = model_outputs_item_data.to_dict()
                model_outputs.append(model_outputs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model_outputs is not UNSET:
            field_dict["model_outputs"] = model_outputs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_output import ModelOutput

        d = dict(src_dict)
        _model_outputs = d.pop("model_outputs", UNSET)
        model_outputs: list[ModelOutput] | Unset = UNSET
        if _model_outputs is not UNSET:
            model_outputs = []
            for model_outputs_item_data in _model_outputs:
                model_outputs_item = ModelOutput.from_dict(model_outputs_item_data)

                model_outputs.append(model_outputs_item)

        run_outputs = cls(
            model_outputs=model_outputs,
        )

        run_outputs.additional_properties = d
        return run_outputs

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

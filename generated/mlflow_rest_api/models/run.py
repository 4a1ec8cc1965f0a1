from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.run_data import RunData
    from ..models.run_info import RunInfo
    from ..models.run_inputs import RunInputs


T = TypeVar("T", bound="Run")


@_attrs_define
class Run:
    """A run.

    Attributes:
        info (RunInfo): Metadata of a run.
        data (RunData): Latest metrics, params and tags of a run.
        inputs (RunInputs): Inputs of a run.
    """

    info: RunInfo
    data: RunData
    inputs: RunInputs
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        info = self.info.to_dict()

        data = self.data.to_dict()

        inputs = self.inputs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "info": info,
                "data": data,
                "inputs": inputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.run_data import RunData
        from ..models.run_info import RunInfo
        from ..models.run_inputs import RunInputs

        d = dict(src_dict)
        info = RunInfo.from_dict(d.pop("info"))

        data = RunData.from_dict(d.pop("data"))

        inputs = RunInputs.from_dict(d.pop("inputs"))

        run = cls(
            info=info,
            data=data,
            inputs=inputs,
        )

        run.additional_properties = d
        return run

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

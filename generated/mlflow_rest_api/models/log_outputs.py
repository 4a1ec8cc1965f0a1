from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_output import ModelOutput


T = TypeVar("T", bound="LogOutputs")


@_attrs_define
class LogOutputs:
    """
    Attributes:
        run_id (str):
        models (list[ModelOutput]):
    """

    run_id: str
    models: list[ModelOutput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        models = []
        for models_item_data in self.models:
            models_item = models_item_data.to_dict()
            models.append(models_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "models": models,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.model_output import ModelOutput

        d = dict(src_dict)
        run_id = d.pop("run_id")

        models = []
        _models = d.pop("models")
        for models_item_data in _models:
            models_item = ModelOutput.from_dict(models_item_data)

            models.append(models_item)

        log_outputs = cls(
            run_id=run_id,
            models=models,
        )

        log_outputs.additional_properties = d
        return log_outputs

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dataset_input import DatasetInput
    from ..models.model_input import ModelInput


T = TypeVar("T", bound="RunInputs")


@_attrs_define
class RunInputs:
    """Inputs of a run.

    Attributes:
        dataset_inputs (list[DatasetInput] | Unset):
        model_inputs (list[ModelInput] | Unset): Logged models the run used. MLflow 3.0 and later; get-run answers them,
            search-runs leaves them out (3.17.2).
    """

    dataset_inputs: list[DatasetInput] | Unset = UNSET
    model_inputs: list[ModelInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dataset_inputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.dataset_inputs, Unset):
            dataset_inputs = []
            for dataset_inputs_item_data in self.dataset_inputs:
                dataset_inputs_item = dataset_inputs_item_data.to_dict()
                dataset_inputs.append(dataset_inputs_item)

        model_inputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.model_inputs, Unset):
            model_inputs = []
            for model_inputs_item_data in self.model_inputs:
                model_inputs_item = model_inputs_item_data.to_dict()
                model_inputs.append(model_inputs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if dataset_inputs is not UNSET:
            field_dict["dataset_inputs"] = dataset_inputs
        if model_inputs is not UNSET:
            field_dict["model_inputs"] = model_inputs

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_input import DatasetInput
        from ..models.model_input import ModelInput

        d = dict(src_dict)
        _dataset_inputs = d.pop("dataset_inputs", UNSET)
        dataset_inputs: list[DatasetInput] | Unset = UNSET
        if _dataset_inputs is not UNSET:
            dataset_inputs = []
            for dataset_inputs_item_data in _dataset_inputs:
                dataset_inputs_item = DatasetInput.from_dict(dataset_inputs_item_data)

                dataset_inputs.append(dataset_inputs_item)

        _model_inputs = d.pop("model_inputs", UNSET)
        model_inputs: list[ModelInput] | Unset = UNSET
        if _model_inputs is not UNSET:
            model_inputs = []
            for model_inputs_item_data in _model_inputs:
                model_inputs_item = ModelInput.from_dict(model_inputs_item_data)

                model_inputs.append(model_inputs_item)

        run_inputs = cls(
            dataset_inputs=dataset_inputs,
            model_inputs=model_inputs,
        )

        run_inputs.additional_properties = d
        return run_inputs

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.dataset_input import DatasetInput
    from ..models.model_input import ModelInput


T = TypeVar("T", bound="LogInputs")


@_attrs_define
class LogInputs:
    """
    Attributes:
        run_id (str):
        datasets (list[DatasetInput] | Unset):
        models (list[ModelInput] | Unset): Logged models the run used. MLflow 3.0 and later; get-run answers them,
            search-runs leaves them out (3.17.2).
    """

    run_id: str
    datasets: list[DatasetInput] | Unset = UNSET
    models: list[ModelInput] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        datasets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.datasets, Unset):
            datasets = []
            for datasets_item_data in self.datasets:
                datasets_item = datasets_item_data.to_dict()
                datasets.append(datasets_item)

        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
            }
        )
        if datasets is not UNSET:
            field_dict["datasets"] = datasets
        if models is not UNSET:
            field_dict["models"] = models

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.dataset_input import DatasetInput
        from ..models.model_input import ModelInput

        d = dict(src_dict)
        run_id = d.pop("run_id")

        _datasets = d.pop("datasets", UNSET)
        datasets: list[DatasetInput] | Unset = UNSET
        if _datasets is not UNSET:
            datasets = []
            for datasets_item_data in _datasets:
                datasets_item = DatasetInput.from_dict(datasets_item_data)

                datasets.append(datasets_item)

        _models = d.pop("models", UNSET)
        models: list[ModelInput] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                models_item = ModelInput.from_dict(models_item_data)

                models.append(models_item)

        log_inputs = cls(
            run_id=run_id,
            datasets=datasets,
            models=models,
        )

        log_inputs.additional_properties = d
        return log_inputs

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

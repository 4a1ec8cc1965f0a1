from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logged_model_parameter import LoggedModelParameter


T = TypeVar("T", bound="LogLoggedModelParams")


@_attrs_define
class LogLoggedModelParams:
    """
    Attributes:
        model_id (str):
        params (list[LoggedModelParameter] | Unset):
    """

    model_id: str
    params: list[LoggedModelParameter] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_id = self.model_id

        params: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = []
            for params_item_data in self.params:
                params_item = params_item_data.to_dict()
                params.append(params_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_id": model_id,
            }
        )
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.logged_model_parameter import LoggedModelParameter

        d = dict(src_dict)
        model_id = d.pop("model_id")

        _params = d.pop("params", UNSET)
        params: list[LoggedModelParameter] | Unset = UNSET
        if _params is not UNSET:
            params = []
            for params_item_data in _params:
                params_item = LoggedModelParameter.from_dict(params_item_data)

                params.append(params_item)

        log_logged_model_params = cls(
            model_id=model_id,
            params=params,
        )

        log_logged_model_params.additional_properties = d
        return log_logged_model_params

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

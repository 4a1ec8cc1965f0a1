from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.logged_model_data import LoggedModelData
    from ..models.logged_model_info import LoggedModelInfo


T = TypeVar("T", bound="LoggedModel")


@_attrs_define
class LoggedModel:
    """A logged model. MLflow 3.0 and later.

    Attributes:
        info (LoggedModelInfo): A logged model's metadata.
        data (LoggedModelData): A logged model's params and the metrics linked to it.
    """

    info: LoggedModelInfo
    data: LoggedModelData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        info = self.info.to_dict()

        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "info": info,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.logged_model_data import LoggedModelData
        from ..models.logged_model_info import LoggedModelInfo

        d = dict(src_dict)
        info = LoggedModelInfo.from_dict(d.pop("info"))

        data = LoggedModelData.from_dict(d.pop("data"))

        logged_model = cls(
            info=info,
            data=data,
        )

        logged_model.additional_properties = d
        return logged_model

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

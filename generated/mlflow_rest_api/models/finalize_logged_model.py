from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.logged_model_status import LoggedModelStatus

T = TypeVar("T", bound="FinalizeLoggedModel")


@_attrs_define
class FinalizeLoggedModel:
    """
    Attributes:
        model_id (str):
        status (LoggedModelStatus): Whether a logged model's files are uploaded. MLflow 3.0 and later.
    """

    model_id: str
    status: LoggedModelStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_id = self.model_id

        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_id": model_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        model_id = d.pop("model_id")

        status = LoggedModelStatus(d.pop("status"))

        finalize_logged_model = cls(
            model_id=model_id,
            status=status,
        )

        finalize_logged_model.additional_properties = d
        return finalize_logged_model

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

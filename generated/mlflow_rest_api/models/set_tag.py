from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SetTag")


@_attrs_define
class SetTag:
    """
    Attributes:
        run_id (str):
        key (str): At most 250 characters.
        run_uuid (str | Unset): Deprecated alias of run_id, kept for old clients. Send run_id: this spec, and mlflow-
            lite, require it and never send run_uuid alone.
        value (str | Unset): At most 8000 characters (longer values are truncated by the server by default).
    """

    run_id: str
    key: str
    run_uuid: str | Unset = UNSET
    value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        key = self.key

        run_uuid = self.run_uuid

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "key": key,
            }
        )
        if run_uuid is not UNSET:
            field_dict["run_uuid"] = run_uuid
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        key = d.pop("key")

        run_uuid = d.pop("run_uuid", UNSET)

        value = d.pop("value", UNSET)

        set_tag = cls(
            run_id=run_id,
            key=key,
            run_uuid=run_uuid,
            value=value,
        )

        set_tag.additional_properties = d
        return set_tag

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatePresignedUploadUrl")


@_attrs_define
class CreatePresignedUploadUrl:
    """
    Attributes:
        path (str):
        run_id (str | Unset):
        model_id (str | Unset): Instead of run_id, for a logged model's artifacts. MLflow 3.17 and later.
        expiration (int | Unset): Seconds the URL stays valid (900 when absent).
    """

    path: str
    run_id: str | Unset = UNSET
    model_id: str | Unset = UNSET
    expiration: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        run_id = self.run_id

        model_id = self.model_id

        expiration = self.expiration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
            }
        )
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if model_id is not UNSET:
            field_dict["model_id"] = model_id
        if expiration is not UNSET:
            field_dict["expiration"] = expiration

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        path = d.pop("path")

        run_id = d.pop("run_id", UNSET)

        model_id = d.pop("model_id", UNSET)

        expiration = d.pop("expiration", UNSET)

        create_presigned_upload_url = cls(
            path=path,
            run_id=run_id,
            model_id=model_id,
            expiration=expiration,
        )

        create_presigned_upload_url.additional_properties = d
        return create_presigned_upload_url

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

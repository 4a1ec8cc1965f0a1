from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.multipart_upload_part import MultipartUploadPart


T = TypeVar("T", bound="CompleteMultipartUpload")


@_attrs_define
class CompleteMultipartUpload:
    """
    Attributes:
        path (str):
        parts (list[MultipartUploadPart]):
        upload_id (str | Unset):
    """

    path: str
    parts: list[MultipartUploadPart]
    upload_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        parts = []
        for parts_item_data in self.parts:
            parts_item = parts_item_data.to_dict()
            parts.append(parts_item)

        upload_id = self.upload_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "parts": parts,
            }
        )
        if upload_id is not UNSET:
            field_dict["upload_id"] = upload_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.multipart_upload_part import MultipartUploadPart

        d = dict(src_dict)
        path = d.pop("path")

        parts = []
        _parts = d.pop("parts")
        for parts_item_data in _parts:
            parts_item = MultipartUploadPart.from_dict(parts_item_data)

            parts.append(parts_item)

        upload_id = d.pop("upload_id", UNSET)

        complete_multipart_upload = cls(
            path=path,
            parts=parts,
            upload_id=upload_id,
        )

        complete_multipart_upload.additional_properties = d
        return complete_multipart_upload

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

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.presigned_headers import PresignedHeaders


T = TypeVar("T", bound="CreatePresignedDownloadUrlResponse")


@_attrs_define
class CreatePresignedDownloadUrlResponse:
    """
    Attributes:
        presigned_url (str | Unset):
        headers (PresignedHeaders | Unset): Headers to send with the presigned request.
        file_size (int | Unset):
    """

    presigned_url: str | Unset = UNSET
    headers: PresignedHeaders | Unset = UNSET
    file_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        presigned_url = self.presigned_url

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        file_size = self.file_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if presigned_url is not UNSET:
            field_dict["presigned_url"] = presigned_url
        if headers is not UNSET:
            field_dict["headers"] = headers
        if file_size is not UNSET:
            field_dict["file_size"] = file_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.presigned_headers import PresignedHeaders

        d = dict(src_dict)
        presigned_url = d.pop("presigned_url", UNSET)

        _headers = d.pop("headers", UNSET)
        headers: PresignedHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = PresignedHeaders.from_dict(_headers)

        file_size = d.pop("file_size", UNSET)

        create_presigned_download_url_response = cls(
            presigned_url=presigned_url,
            headers=headers,
            file_size=file_size,
        )

        create_presigned_download_url_response.additional_properties = d
        return create_presigned_download_url_response

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

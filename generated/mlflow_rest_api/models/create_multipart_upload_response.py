from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.multipart_upload_credential import MultipartUploadCredential


T = TypeVar("T", bound="CreateMultipartUploadResponse")


@_attrs_define
class CreateMultipartUploadResponse:
    """
    Attributes:
        upload_id (str | Unset):
        credentials (list[MultipartUploadCredential] | Unset):
    """

    upload_id: str | Unset = UNSET
    credentials: list[MultipartUploadCredential] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        upload_id = self.upload_id

        credentials: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.credentials, Unset):
            credentials = []
            for credentials_item_data in self.credentials:
                credentials_item = credentials_item_data.to_dict()
                credentials.append(credentials_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if upload_id is not UNSET:
            field_dict["upload_id"] = upload_id
        if credentials is not UNSET:
            field_dict["credentials"] = credentials

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.multipart_upload_credential import MultipartUploadCredential

        d = dict(src_dict)
        upload_id = d.pop("upload_id", UNSET)

        _credentials = d.pop("credentials", UNSET)
        credentials: list[MultipartUploadCredential] | Unset = UNSET
        if _credentials is not UNSET:
            credentials = []
            for credentials_item_data in _credentials:
                credentials_item = MultipartUploadCredential.from_dict(credentials_item_data)

                credentials.append(credentials_item)

        create_multipart_upload_response = cls(
            upload_id=upload_id,
            credentials=credentials,
        )

        create_multipart_upload_response.additional_properties = d
        return create_multipart_upload_response

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

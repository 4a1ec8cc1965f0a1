from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_info import FileInfo


T = TypeVar("T", bound="ListLoggedModelArtifactsResponse")


@_attrs_define
class ListLoggedModelArtifactsResponse:
    """
    Attributes:
        root_uri (str):
        files (list[FileInfo] | Unset):
        next_page_token (str | Unset):
    """

    root_uri: str
    files: list[FileInfo] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        root_uri = self.root_uri

        files: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.files, Unset):
            files = []
            for files_item_data in self.files:
                files_item = files_item_data.to_dict()
                files.append(files_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "root_uri": root_uri,
            }
        )
        if files is not UNSET:
            field_dict["files"] = files
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.file_info import FileInfo

        d = dict(src_dict)
        root_uri = d.pop("root_uri")

        _files = d.pop("files", UNSET)
        files: list[FileInfo] | Unset = UNSET
        if _files is not UNSET:
            files = []
            for files_item_data in _files:
                files_item = FileInfo.from_dict(files_item_data)

                files.append(files_item)

        next_page_token = d.pop("next_page_token", UNSET)

        list_logged_model_artifacts_response = cls(
            root_uri=root_uri,
            files=files,
            next_page_token=next_page_token,
        )

        list_logged_model_artifacts_response.additional_properties = d
        return list_logged_model_artifacts_response

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Dataset")


@_attrs_define
class Dataset:
    """A dataset used by a run.

    Attributes:
        name (str | Unset): At most 500 characters.
        digest (str | Unset): At most 36 characters.
        source_type (str | Unset): e.g. "local", "s3", "http", "code".
        source (str | Unset): JSON-encoded source description, at most 65535 characters.
        schema (str | Unset): JSON-encoded schema, at most 1048575 characters.
        profile (str | Unset): JSON-encoded profile, at most 16777215 characters.
    """

    name: str | Unset = UNSET
    digest: str | Unset = UNSET
    source_type: str | Unset = UNSET
    source: str | Unset = UNSET
    schema: str | Unset = UNSET
    profile: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        digest = self.digest

        source_type = self.source_type

        source = self.source

        schema = self.schema

        profile = self.profile

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if digest is not UNSET:
            field_dict["digest"] = digest
        if source_type is not UNSET:
            field_dict["source_type"] = source_type
        if source is not UNSET:
            field_dict["source"] = source
        if schema is not UNSET:
            field_dict["schema"] = schema
        if profile is not UNSET:
            field_dict["profile"] = profile

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        digest = d.pop("digest", UNSET)

        source_type = d.pop("source_type", UNSET)

        source = d.pop("source", UNSET)

        schema = d.pop("schema", UNSET)

        profile = d.pop("profile", UNSET)

        dataset = cls(
            name=name,
            digest=digest,
            source_type=source_type,
            source=source,
            schema=schema,
            profile=profile,
        )

        dataset.additional_properties = d
        return dataset

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

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
        name (str): At most 500 characters.
        digest (str): At most 36 characters.
        source_type (str): e.g. "local", "s3", "http", "code".
        source (str): JSON-encoded source description, at most 65535 characters.
        schema (str | Unset): JSON-encoded schema, at most 1048575 characters.
        profile (str | Unset): JSON-encoded profile, at most 16777215 characters.
    """

    name: str
    digest: str
    source_type: str
    source: str
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
        field_dict.update(
            {
                "name": name,
                "digest": digest,
                "source_type": source_type,
                "source": source,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema
        if profile is not UNSET:
            field_dict["profile"] = profile

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        digest = d.pop("digest")

        source_type = d.pop("source_type")

        source = d.pop("source")

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

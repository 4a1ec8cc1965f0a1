from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.view_type import ViewType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchExperiments")


@_attrs_define
class SearchExperiments:
    """
    Attributes:
        max_results (int): Page size, 1..50000. Required in practice (the server answers 400 without it).
        page_token (str | Unset): next_page_token of the previous page.
        filter_ (str | Unset): Filter expression, e.g. `name LIKE 'exp%' AND tags.team = 'x'`.
        order_by (list[str] | Unset): e.g. `["last_update_time DESC"]`.
        view_type (ViewType | Unset): Which lifecycle stages a search returns.
    """

    max_results: int
    page_token: str | Unset = UNSET
    filter_: str | Unset = UNSET
    order_by: list[str] | Unset = UNSET
    view_type: ViewType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        max_results = self.max_results

        page_token = self.page_token

        filter_ = self.filter_

        order_by: list[str] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by

        view_type: str | Unset = UNSET
        if not isinstance(self.view_type, Unset):
            view_type = self.view_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "max_results": max_results,
            }
        )
        if page_token is not UNSET:
            field_dict["page_token"] = page_token
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if view_type is not UNSET:
            field_dict["view_type"] = view_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        max_results = d.pop("max_results")

        page_token = d.pop("page_token", UNSET)

        filter_ = d.pop("filter", UNSET)

        order_by = cast(list[str], d.pop("order_by", UNSET))

        _view_type = d.pop("view_type", UNSET)
        view_type: ViewType | Unset
        if isinstance(_view_type, Unset):
            view_type = UNSET
        else:
            view_type = ViewType(_view_type)

        search_experiments = cls(
            max_results=max_results,
            page_token=page_token,
            filter_=filter_,
            order_by=order_by,
            view_type=view_type,
        )

        search_experiments.additional_properties = d
        return search_experiments

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

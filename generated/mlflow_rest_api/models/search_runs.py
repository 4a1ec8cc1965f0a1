from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.view_type import ViewType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchRuns")


@_attrs_define
class SearchRuns:
    """
    Attributes:
        experiment_ids (list[str] | Unset):
        filter_ (str | Unset): Filter expression, e.g. `metrics.rmse < 1 and params.alpha = '0.1'`.
        run_view_type (ViewType | Unset): Which lifecycle stages a search returns.
        max_results (int | Unset): Page size, 1..50000 (default 1000).
        order_by (list[str] | Unset): e.g. `["metrics.rmse ASC", "start_time DESC"]`.
        page_token (str | Unset):
    """

    experiment_ids: list[str] | Unset = UNSET
    filter_: str | Unset = UNSET
    run_view_type: ViewType | Unset = UNSET
    max_results: int | Unset = UNSET
    order_by: list[str] | Unset = UNSET
    page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_ids: list[str] | Unset = UNSET
        if not isinstance(self.experiment_ids, Unset):
            experiment_ids = self.experiment_ids

        filter_ = self.filter_

        run_view_type: str | Unset = UNSET
        if not isinstance(self.run_view_type, Unset):
            run_view_type = self.run_view_type.value

        max_results = self.max_results

        order_by: list[str] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = self.order_by

        page_token = self.page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiment_ids is not UNSET:
            field_dict["experiment_ids"] = experiment_ids
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if run_view_type is not UNSET:
            field_dict["run_view_type"] = run_view_type
        if max_results is not UNSET:
            field_dict["max_results"] = max_results
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if page_token is not UNSET:
            field_dict["page_token"] = page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        experiment_ids = cast(list[str], d.pop("experiment_ids", UNSET))

        filter_ = d.pop("filter", UNSET)

        _run_view_type = d.pop("run_view_type", UNSET)
        run_view_type: ViewType | Unset
        if isinstance(_run_view_type, Unset):
            run_view_type = UNSET
        else:
            run_view_type = ViewType(_run_view_type)

        max_results = d.pop("max_results", UNSET)

        order_by = cast(list[str], d.pop("order_by", UNSET))

        page_token = d.pop("page_token", UNSET)

        search_runs = cls(
            experiment_ids=experiment_ids,
            filter_=filter_,
            run_view_type=run_view_type,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
        )

        search_runs.additional_properties = d
        return search_runs

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

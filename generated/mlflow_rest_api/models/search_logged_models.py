from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_logged_models_dataset import SearchLoggedModelsDataset
    from ..models.search_logged_models_order_by import SearchLoggedModelsOrderBy


T = TypeVar("T", bound="SearchLoggedModels")


@_attrs_define
class SearchLoggedModels:
    """
    Attributes:
        experiment_ids (list[str]):
        filter_ (str | Unset):
        datasets (list[SearchLoggedModelsDataset] | Unset):
        max_results (int | Unset):
        order_by (list[SearchLoggedModelsOrderBy] | Unset):
        page_token (str | Unset):
    """

    experiment_ids: list[str]
    filter_: str | Unset = UNSET
    datasets: list[SearchLoggedModelsDataset] | Unset = UNSET
    max_results: int | Unset = UNSET
    order_by: list[SearchLoggedModelsOrderBy] | Unset = UNSET
    page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiment_ids = self.experiment_ids

        filter_ = self.filter_

        datasets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.datasets, Unset):
            datasets = []
            for datasets_item_data in self.datasets:
                datasets_item = datasets_item_data.to_dict()
                datasets.append(datasets_item)

        max_results = self.max_results

        order_by: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.order_by, Unset):
            order_by = []
            for order_by_item_data in self.order_by:
                order_by_item = order_by_item_data.to_dict()
                order_by.append(order_by_item)

        page_token = self.page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "experiment_ids": experiment_ids,
            }
        )
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if datasets is not UNSET:
            field_dict["datasets"] = datasets
        if max_results is not UNSET:
            field_dict["max_results"] = max_results
        if order_by is not UNSET:
            field_dict["order_by"] = order_by
        if page_token is not UNSET:
            field_dict["page_token"] = page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.search_logged_models_dataset import SearchLoggedModelsDataset
        from ..models.search_logged_models_order_by import SearchLoggedModelsOrderBy

        d = dict(src_dict)
        experiment_ids = cast(list[str], d.pop("experiment_ids"))

        filter_ = d.pop("filter", UNSET)

        _datasets = d.pop("datasets", UNSET)
        datasets: list[SearchLoggedModelsDataset] | Unset = UNSET
        if _datasets is not UNSET:
            datasets = []
            for datasets_item_data in _datasets:
                datasets_item = SearchLoggedModelsDataset.from_dict(datasets_item_data)

                datasets.append(datasets_item)

        max_results = d.pop("max_results", UNSET)

        _order_by = d.pop("order_by", UNSET)
        order_by: list[SearchLoggedModelsOrderBy] | Unset = UNSET
        if _order_by is not UNSET:
            order_by = []
            for order_by_item_data in _order_by:
                order_by_item = SearchLoggedModelsOrderBy.from_dict(order_by_item_data)

                order_by.append(order_by_item)

        page_token = d.pop("page_token", UNSET)

        search_logged_models = cls(
            experiment_ids=experiment_ids,
            filter_=filter_,
            datasets=datasets,
            max_results=max_results,
            order_by=order_by,
            page_token=page_token,
        )

        search_logged_models.additional_properties = d
        return search_logged_models

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

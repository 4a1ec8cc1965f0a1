from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.experiment import Experiment


T = TypeVar("T", bound="SearchExperimentsResponse")


@_attrs_define
class SearchExperimentsResponse:
    """
    Attributes:
        experiments (list[Experiment] | Unset):
        next_page_token (str | Unset): Absent on the last page.
    """

    experiments: list[Experiment] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        experiments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.experiments, Unset):
            experiments = []
            for experiments_item_data in self.experiments:
                experiments_item = experiments_item_data.to_dict()
                experiments.append(experiments_item)

        next_page_token = self.next_page_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if experiments is not UNSET:
            field_dict["experiments"] = experiments
        if next_page_token is not UNSET:
            field_dict["next_page_token"] = next_page_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.experiment import Experiment

        d = dict(src_dict)
        _experiments = d.pop("experiments", UNSET)
        experiments: list[Experiment] | Unset = UNSET
        if _experiments is not UNSET:
            experiments = []
            for experiments_item_data in _experiments:
                experiments_item = Experiment.from_dict(experiments_item_data)

                experiments.append(experiments_item)

        next_page_token = d.pop("next_page_token", UNSET)

        search_experiments_response = cls(
            experiments=experiments,
            next_page_token=next_page_token,
        )

        search_experiments_response.additional_properties = d
        return search_experiments_response

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

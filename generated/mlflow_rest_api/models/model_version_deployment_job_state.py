from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelVersionDeploymentJobState")


@_attrs_define
class ModelVersionDeploymentJobState:
    """Where a model version's deployment job stands (Databricks deployment jobs).

    Attributes:
        job_id (str | Unset):
        run_id (str | Unset):
        job_state (str | Unset):
        run_state (str | Unset):
        current_task_name (str | Unset):
    """

    job_id: str | Unset = UNSET
    run_id: str | Unset = UNSET
    job_state: str | Unset = UNSET
    run_state: str | Unset = UNSET
    current_task_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = self.job_id

        run_id = self.run_id

        job_state = self.job_state

        run_state = self.run_state

        current_task_name = self.current_task_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if job_id is not UNSET:
            field_dict["job_id"] = job_id
        if run_id is not UNSET:
            field_dict["run_id"] = run_id
        if job_state is not UNSET:
            field_dict["job_state"] = job_state
        if run_state is not UNSET:
            field_dict["run_state"] = run_state
        if current_task_name is not UNSET:
            field_dict["current_task_name"] = current_task_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_id = d.pop("job_id", UNSET)

        run_id = d.pop("run_id", UNSET)

        job_state = d.pop("job_state", UNSET)

        run_state = d.pop("run_state", UNSET)

        current_task_name = d.pop("current_task_name", UNSET)

        model_version_deployment_job_state = cls(
            job_id=job_id,
            run_id=run_id,
            job_state=job_state,
            run_state=run_state,
            current_task_name=current_task_name,
        )

        model_version_deployment_job_state.additional_properties = d
        return model_version_deployment_job_state

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

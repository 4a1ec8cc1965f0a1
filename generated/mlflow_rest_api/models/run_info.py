from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status import RunStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="RunInfo")


@_attrs_define
class RunInfo:
    """Metadata of a run.

    Attributes:
        run_id (str):
        run_uuid (str): Deprecated duplicate of run_id.
        run_name (str):
        experiment_id (str):
        user_id (str):
        status (RunStatus): Status of a run.
        start_time (int): Epoch milliseconds.
        artifact_uri (str):
        lifecycle_stage (str): "active" or "deleted".
        end_time (int | Unset): Epoch milliseconds.
    """

    run_id: str
    run_uuid: str
    run_name: str
    experiment_id: str
    user_id: str
    status: RunStatus
    start_time: int
    artifact_uri: str
    lifecycle_stage: str
    end_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        run_uuid = self.run_uuid

        run_name = self.run_name

        experiment_id = self.experiment_id

        user_id = self.user_id

        status = self.status.value

        start_time = self.start_time

        artifact_uri = self.artifact_uri

        lifecycle_stage = self.lifecycle_stage

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "run_uuid": run_uuid,
                "run_name": run_name,
                "experiment_id": experiment_id,
                "user_id": user_id,
                "status": status,
                "start_time": start_time,
                "artifact_uri": artifact_uri,
                "lifecycle_stage": lifecycle_stage,
            }
        )
        if end_time is not UNSET:
            field_dict["end_time"] = end_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        run_uuid = d.pop("run_uuid")

        run_name = d.pop("run_name")

        experiment_id = d.pop("experiment_id")

        user_id = d.pop("user_id")

        status = RunStatus(d.pop("status"))

        start_time = d.pop("start_time")

        artifact_uri = d.pop("artifact_uri")

        lifecycle_stage = d.pop("lifecycle_stage")

        end_time = d.pop("end_time", UNSET)

        run_info = cls(
            run_id=run_id,
            run_uuid=run_uuid,
            run_name=run_name,
            experiment_id=experiment_id,
            user_id=user_id,
            status=status,
            start_time=start_time,
            artifact_uri=artifact_uri,
            lifecycle_stage=lifecycle_stage,
            end_time=end_time,
        )

        run_info.additional_properties = d
        return run_info

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.run_status import RunStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateRun")


@_attrs_define
class UpdateRun:
    """
    Attributes:
        run_id (str):
        run_uuid (str | Unset): Deprecated alias of run_id, kept for old clients. Send run_id: this spec, and mlflow-
            lite, require it and never send run_uuid alone.
        status (RunStatus | Unset): Status of a run.
        end_time (int | Unset): Epoch milliseconds.
        run_name (str | Unset):
    """

    run_id: str
    run_uuid: str | Unset = UNSET
    status: RunStatus | Unset = UNSET
    end_time: int | Unset = UNSET
    run_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        run_uuid = self.run_uuid

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        end_time = self.end_time

        run_name = self.run_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
            }
        )
        if run_uuid is not UNSET:
            field_dict["run_uuid"] = run_uuid
        if status is not UNSET:
            field_dict["status"] = status
        if end_time is not UNSET:
            field_dict["end_time"] = end_time
        if run_name is not UNSET:
            field_dict["run_name"] = run_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        run_uuid = d.pop("run_uuid", UNSET)

        _status = d.pop("status", UNSET)
        status: RunStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = RunStatus(_status)

        end_time = d.pop("end_time", UNSET)

        run_name = d.pop("run_name", UNSET)

        update_run = cls(
            run_id=run_id,
            run_uuid=run_uuid,
            status=status,
            end_time=end_time,
            run_name=run_name,
        )

        update_run.additional_properties = d
        return update_run

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LogMetric")


@_attrs_define
class LogMetric:
    """
    Attributes:
        run_id (str):
        key (str): At most 250 characters.
        value (float | str): A double. Protobuf JSON writes NaN and ±infinity as the strings "NaN", "Infinity" and
            "-Infinity" (SQL-backed servers clamp ±infinity to ±1.7976931348623157e308 on write); send those strings, never
            bare NaN/Infinity tokens.
        timestamp (int): Epoch milliseconds.
        run_uuid (str | Unset): Deprecated alias of run_id, kept for old clients. Send run_id: this spec, and mlflow-
            lite, require it and never send run_uuid alone.
        step (int | Unset): Training step (default 0).
        dataset_name (str | Unset): The dataset the value was computed on. MLflow 3.0 and later.
        dataset_digest (str | Unset): The digest of that dataset. MLflow 3.0 and later.
        model_id (str | Unset): The logged model the value belongs to. MLflow 3.0 and later.
    """

    run_id: str
    key: str
    value: float | str
    timestamp: int
    run_uuid: str | Unset = UNSET
    step: int | Unset = UNSET
    dataset_name: str | Unset = UNSET
    dataset_digest: str | Unset = UNSET
    model_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_id = self.run_id

        key = self.key

        value: float | str
        value = self.value

        timestamp = self.timestamp

        run_uuid = self.run_uuid

        step = self.step

        dataset_name = self.dataset_name

        dataset_digest = self.dataset_digest

        model_id = self.model_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "run_id": run_id,
                "key": key,
                "value": value,
                "timestamp": timestamp,
            }
        )
        if run_uuid is not UNSET:
            field_dict["run_uuid"] = run_uuid
        if step is not UNSET:
            field_dict["step"] = step
        if dataset_name is not UNSET:
            field_dict["dataset_name"] = dataset_name
        if dataset_digest is not UNSET:
            field_dict["dataset_digest"] = dataset_digest
        if model_id is not UNSET:
            field_dict["model_id"] = model_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        run_id = d.pop("run_id")

        key = d.pop("key")

        def _parse_value(data: object) -> float | str:
            return cast(float | str, data)

        value = _parse_value(d.pop("value"))

        timestamp = d.pop("timestamp")

        run_uuid = d.pop("run_uuid", UNSET)

        step = d.pop("step", UNSET)

        dataset_name = d.pop("dataset_name", UNSET)

        dataset_digest = d.pop("dataset_digest", UNSET)

        model_id = d.pop("model_id", UNSET)

        log_metric = cls(
            run_id=run_id,
            key=key,
            value=value,
            timestamp=timestamp,
            run_uuid=run_uuid,
            step=step,
            dataset_name=dataset_name,
            dataset_digest=dataset_digest,
            model_id=model_id,
        )

        log_metric.additional_properties = d
        return log_metric

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Metric")


@_attrs_define
class Metric:
    """One metric data point.

    Attributes:
        key (str): Metric name, at most 250 characters. Allowed characters: alphanumerics, `_`, `-`, `.`, `/`, space and
            (2.16+) `:`.
        value (float | str): A double. Protobuf JSON writes NaN and ±infinity as the strings "NaN", "Infinity" and
            "-Infinity" (SQL-backed servers clamp ±infinity to ±1.7976931348623157e308 on write); send those strings, never
            bare NaN/Infinity tokens.
        timestamp (int): When the value was recorded, in epoch milliseconds.
        step (int | Unset): Training step (may be negative). Defaults to 0.
        dataset_name (str | Unset): The dataset the value was computed on. MLflow 3.0 and later.
        dataset_digest (str | Unset): The digest of that dataset. MLflow 3.0 and later.
        model_id (str | Unset): The logged model the value belongs to. MLflow 3.0 and later.
        run_id (str | Unset): The run that logged the value (in a logged model's metrics). MLflow 3.0 and later.
    """

    key: str
    value: float | str
    timestamp: int
    step: int | Unset = UNSET
    dataset_name: str | Unset = UNSET
    dataset_digest: str | Unset = UNSET
    model_id: str | Unset = UNSET
    run_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        key = self.key

        value: float | str
        value = self.value

        timestamp = self.timestamp

        step = self.step

        dataset_name = self.dataset_name

        dataset_digest = self.dataset_digest

        model_id = self.model_id

        run_id = self.run_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "key": key,
                "value": value,
                "timestamp": timestamp,
            }
        )
        if step is not UNSET:
            field_dict["step"] = step
        if dataset_name is not UNSET:
            field_dict["dataset_name"] = dataset_name
        if dataset_digest is not UNSET:
            field_dict["dataset_digest"] = dataset_digest
        if model_id is not UNSET:
            field_dict["model_id"] = model_id
        if run_id is not UNSET:
            field_dict["run_id"] = run_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        key = d.pop("key")

        def _parse_value(data: object) -> float | str:
            return cast(float | str, data)

        value = _parse_value(d.pop("value"))

        timestamp = d.pop("timestamp")

        step = d.pop("step", UNSET)

        dataset_name = d.pop("dataset_name", UNSET)

        dataset_digest = d.pop("dataset_digest", UNSET)

        model_id = d.pop("model_id", UNSET)

        run_id = d.pop("run_id", UNSET)

        metric = cls(
            key=key,
            value=value,
            timestamp=timestamp,
            step=step,
            dataset_name=dataset_name,
            dataset_digest=dataset_digest,
            model_id=model_id,
            run_id=run_id,
        )

        metric.additional_properties = d
        return metric

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

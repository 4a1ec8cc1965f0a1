"""Conversions and batch splitting, without a server."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from mlflow_lite import InvalidParameterValue, Metric, Param
from mlflow_lite._ops.validate import (
    MetricEntry,
    chunk_batch,
    metric_entries,
    metric_entry,
    metric_value_from_json,
    metric_value_to_json,
    string_entries,
)


class Floaty:
    def __float__(self) -> float:
        return 0.125


class Item:
    """`.item()` alone is not enough: MLflow takes `.item()` of numpy arrays and torch tensors only."""

    def item(self) -> float:
        return 0.75


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (0.769, 0.769),
        (3, 3.0),
        (True, 1.0),
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
        (-0.0, -0.0),
        (10**300, 1e300),
        # converted as MLflow's client converts them (float(), or the one element of an array)
        ("0.769", 0.769),
        (" 1e3 ", 1000.0),
        ("nan", "NaN"),
        ("-inf", "-Infinity"),
        (b"0.5", 0.5),
        (Decimal("0.1"), 0.1),
        (Fraction(1, 4), 0.25),
        (np.float32(0.25), 0.25),
        (np.int64(7), 7.0),
        (np.array(0.5), 0.5),
        (np.array([[1.5]]), 1.5),
        (np.array("0.5"), 0.5),
        (Floaty(), 0.125),
    ],
)
def test_metric_values_to_json(value: object, wire: float | str) -> None:
    assert metric_value_to_json(value) == wire
    assert type(metric_value_to_json(value)) is type(wire)


@pytest.mark.parametrize(
    "value",
    ["abc", "", None, b"x", 1j, [1.0], {"a": 1}, 10**400, np.array([1.0, 2.0]), np.array([]), Item()],
)
def test_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(InvalidParameterValue) as info:
        metric_value_to_json(value)
    assert (info.value.error_code, info.value.get_http_status_code()) == ("INVALID_PARAMETER_VALUE", 400)


@pytest.mark.parametrize(
    ("wire", "value"), [("NaN", math.nan), ("Infinity", math.inf), ("-Infinity", -math.inf), (1, 1.0)]
)
def test_metric_values_from_json(wire: object, value: float) -> None:
    got = metric_value_from_json(wire)
    assert type(got) is float
    assert got == value or (math.isnan(got) and math.isnan(value))


SHAPES: list[tuple[str, Any]] = [
    ("mapping", {"alpha": 0.198, "beta": 2}),
    ("sequence of pairs", [("alpha", 0.198), ("beta", 2)]),
    ("sequence of key/value dicts", [{"key": "alpha", "value": 0.198}, {"key": "beta", "value": 2}]),
    ("generated models", [Param(key="alpha", value="0.198"), Param(key="beta", value="2")]),
]


@pytest.mark.parametrize(("shape", "entries"), SHAPES, ids=[s for s, _ in SHAPES])
def test_every_shape_of_params(shape: str, entries: object) -> None:
    assert string_entries(entries, "param", 6000) == [("alpha", "0.198"), ("beta", "2")]


def test_one_key_value_dict_is_one_entry() -> None:
    # The blog's form: {"key": "alpha", "value": 0.198} is one param, not two named "key" and "value".
    assert string_entries({"key": "alpha", "value": 0.198}, "param", 6000) == [("alpha", "0.198")]


def test_values_become_strings_as_mlflow_does() -> None:
    assert string_entries({"a": 1, "b": 0.1, "c": True, "d": [1, 2]}, "tag", 8000) == [
        ("a", "1"),
        ("b", "0.1"),
        ("c", "True"),
        ("d", "[1, 2]"),
    ]


def test_metric_entries_fix_timestamp_and_step() -> None:
    entries = metric_entries({"a": 1, "b": float("nan")}, timestamp=5, step=7)
    assert entries == [MetricEntry("a", 1.0, 5, 7), MetricEntry("b", "NaN", 5, 7)]
    models = metric_entries([Metric(key="m", value=2.0, timestamp=9, step=3)])
    assert models == [MetricEntry("m", 2.0, 9, 3)]
    (now,) = metric_entries({"x": 1})
    assert now.step == 0
    assert now.timestamp > 1_700_000_000_000


def test_same_param_twice_same_value_is_sent_once() -> None:
    assert string_entries([("a", 1), ("a", "1")], "param", 6000) == [("a", "1")]


def test_same_param_twice_different_values_is_refused() -> None:
    with pytest.raises(InvalidParameterValue, match="cannot change"):
        string_entries([("a", 1), ("a", 2)], "param", 6000)


def test_repeated_tag_keeps_the_last_value() -> None:
    assert string_entries([("a", 1), ("b", 2), ("a", 3)], "tag", 8000) == [("b", "2"), ("a", "3")]


def _counts(batches: list[Any]) -> list[tuple[int, int, int]]:
    return [(len(b.metrics), len(b.params), len(b.tags)) for b in batches]


def _metrics(n: int) -> list[MetricEntry]:
    return [MetricEntry("m", float(i), 1, i) for i in range(n)]


def _pairs(n: int) -> list[tuple[str, str]]:
    return [(f"k{i}", str(i)) for i in range(n)]


@pytest.mark.parametrize(
    ("metrics", "params", "tags", "expected"),
    [
        (1000, 0, 0, [(1000, 0, 0)]),
        (1001, 0, 0, [(1000, 0, 0), (1, 0, 0)]),
        (0, 100, 0, [(0, 100, 0)]),
        (0, 101, 0, [(0, 100, 0), (0, 1, 0)]),
        (0, 0, 101, [(0, 0, 100), (0, 0, 1)]),
        (1000, 100, 100, [(800, 100, 100), (200, 0, 0)]),
        (2500, 250, 0, [(900, 100, 0), (900, 100, 0), (700, 50, 0)]),
        (0, 0, 0, []),
    ],
)
def test_chunks_stay_within_the_server_limits(
    metrics: int, params: int, tags: int, expected: list[tuple[int, int, int]]
) -> None:
    batches = chunk_batch(_metrics(metrics), _pairs(params), _pairs(tags))
    assert _counts(batches) == expected
    assert [m.step for b in batches for m in b.metrics] == list(range(metrics))  # order kept
    assert [k for b in batches for k, _ in b.params] == [k for k, _ in _pairs(params)]


OBJECT = object()


@pytest.mark.parametrize(
    ("key", "value", "step", "timestamp"),
    [
        ("m", 0.5, 3, 17),
        ("m", 0.5, None, 17),
        ("a/b c:d", -0.0, -(2**63), 0),
        ("m", 1e308, 2**63 - 1, 2**63 - 1),
        ("m", float("nan"), 1, 5),
        ("m", float("inf"), 1, 5),
        ("m", float("-inf"), 1, 5),
        ("m", 7, 1, 5),
        ("m", True, 1, 5),
        ("m", "0.25", 1, 5),
        ("m", Decimal("0.1"), 1, 5),
        ("m", np.float32(0.5), np.int64(4), np.int64(5)),
        ("m", np.array([2.5]), 4.0, 5.0),
        ("m", 1.0, True, 5),
        ("m", 1.0, 0.5, 5),
        ("m", 1.0, 2**63, 5),
        ("m", 1.0, 1, -1),
        ("m", 1.0, "1", 5),
        ("m", None, 1, 5),
        ("m", OBJECT, 1, 5),
        ("m", 10**400, 1, 5),
        ("", 1.0, 1, 5),
        ("../m", 1.0, 1, 5),
        ("m\n", 1.0, 1, 5),
        ("m!", 1.0, 1, 5),
        (3, 1.0, 1, 5),
        (["m"], 1.0, 1, 5),
        ("k" * 251, 1.0, 1, 5),
        ("bad key", OBJECT, 0.5, -1),  # several faults: the first found is the one `metric_entries` reports
    ],
)
def test_one_value_is_checked_as_a_batch_of_one(key: Any, value: Any, step: Any, timestamp: Any) -> None:
    """`metric_entry`, a buffered run's short way for one value, makes what `metric_entries` makes, or raises
    what it raises, whether the key was seen before or not."""
    for _ in range(2):  # the second time, a valid key is a known one
        error: InvalidParameterValue | None = None
        try:
            expected: Any = metric_entries([(key, value)], timestamp=timestamp, step=step)
        except InvalidParameterValue as exc:
            error = exc
        if error is not None:
            with pytest.raises(InvalidParameterValue) as raised:
                metric_entry(key, value, step, timestamp)
            assert str(raised.value) == str(error)
        else:
            assert [metric_entry(key, value, step, timestamp)] == expected
            assert type(expected[0].step) is int
            assert type(expected[0].timestamp) is int


def test_one_value_without_a_timestamp_is_stamped_now(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(time, "time", lambda: 1_700_000_000.1234)  # as MLflow's tests patch it
    assert metric_entry("m", 1.0) == MetricEntry("m", 1.0, 1_700_000_000_123, 0)

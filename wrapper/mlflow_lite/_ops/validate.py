"""Conversions between what callers pass and what MLflow's JSON needs: mappings, pairs and entities to
key/value entries, Python numbers to MLflow's metric values and int64 fields.

Everything here checks input the server would reject or, worse, accept wrongly: a bare NaN token is stored as
0.0 with a 200, a fractional step zeroes the fields after it, an over-long param or tag value is cut silently.
Such input raises `InvalidParameterValue` here, before any request is sent.
"""

from __future__ import annotations

import json
import math
import numbers
import posixpath
import re
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from .._errors import InvalidParameterValue

__all__ = [
    "COMPACT_JSON",
    "MAX_ENTITIES_PER_BATCH",
    "MAX_EXPERIMENT_NAME_LENGTH",
    "MAX_KEY_LENGTH",
    "MAX_METRICS_PER_BATCH",
    "MAX_PARAMS_TAGS_PER_BATCH",
    "MAX_PARAM_VALUE_LENGTH",
    "MAX_TAG_VALUE_LENGTH",
    "Batch",
    "MetricEntry",
    "chunk_batch",
    "int64",
    "metric_entries",
    "metric_entry",
    "metric_value_from_json",
    "metric_value_to_json",
    "now_ms",
    "pairs",
    "string_entries",
    "string_value",
    "validate_experiment_name",
    "validate_key",
]

# Server limits (mlflow/utils/validation.py, identical in 2.22.5 and 3.17.2).
MAX_KEY_LENGTH = 250
MAX_PARAM_VALUE_LENGTH = 6000
MAX_TAG_VALUE_LENGTH = 8000
MAX_EXPERIMENT_NAME_LENGTH = 500
MAX_METRICS_PER_BATCH = 1000
MAX_PARAMS_TAGS_PER_BATCH = 100
MAX_ENTITIES_PER_BATCH = 1000
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

# Keys: alphanumerics, `_ - . / :` and space (the colon since MLflow 2.16), and a normalised relative path.
_KEY_CHARS = re.compile(r"^[/\w.\- :]*$")


def now_ms() -> int:
    """The current time in epoch milliseconds, from the clock MLflow reads (`time.time()`, looked up at each call),
    so a test suite that patches `time.time` sees its own time in metrics and run times, as with MLflow."""
    return int(time.time() * 1000)


# One encoder for the JSON the client writes itself (log-batch bodies, journal lines): compact, UTF-8, and never a
# bare NaN token (MLflow stores one as 0.0; metric values are spelled "NaN" here, see MetricEntry). One object,
# since json.dumps makes a new encoder per call when given separators.
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class MetricEntry(NamedTuple):
    """One metric value ready for the wire: `value` is a float or one of "NaN", "Infinity", "-Infinity".

    A named tuple rather than an attrs class: one is made per value logged, and a tuple is the cheapest immutable
    value to make; the JSON encoder also writes it as the journal's `[key, value, timestamp, step]` as it is."""

    key: str
    value: float | str
    timestamp: int
    step: int


@attrs.frozen
class Batch:
    """One log-batch request's worth of entries, within the server's limits."""

    metrics: tuple[MetricEntry, ...] = ()
    params: tuple[tuple[str, str], ...] = ()
    tags: tuple[tuple[str, str], ...] = ()

    def __len__(self) -> int:
        return len(self.metrics) + len(self.params) + len(self.tags)


def validate_key(key: object, what: str) -> str:
    if not isinstance(key, str):
        raise InvalidParameterValue(f"{what} key must be a string, got {type(key).__name__}: {key!r}")
    if not key:
        raise InvalidParameterValue(f"{what} key must not be empty")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidParameterValue(f"{what} key is {len(key)} characters long; MLflow allows {MAX_KEY_LENGTH}")
    if not _KEY_CHARS.fullmatch(key):  # not match(): its `$` also matches before a final newline
        raise InvalidParameterValue(
            f"invalid {what} key {key!r}: MLflow allows only alphanumerics, underscores, dashes, periods, "
            "spaces, colons and slashes"
        )
    if key.startswith(("/", "..")) or key == "." or posixpath.normpath(key) != key:
        raise InvalidParameterValue(
            f"invalid {what} key {key!r}: it must be a relative path without '..', '//', './' or a trailing '/'"
        )
    return key


def string_value(value: object, what: str, limit: int) -> str:
    """A param or tag value as MLflow's client sends it (`str(value)`), checked against the server's limit.

    None and bytes are refused: `str()` would store the text "None" or "b'...'", which is never what was meant.
    """
    if value is None or isinstance(value, (bytes, bytearray, memoryview)):
        raise InvalidParameterValue(f"{what} value must not be {type(value).__name__}")
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        # The server would store the first `limit` characters and answer 200.
        raise InvalidParameterValue(f"{what} value is {len(text)} characters long; MLflow keeps only {limit}")
    return text


def metric_value_to_json(value: object) -> float | str:
    """A metric value as MLflow's JSON needs it: NaN and infinities as the protobuf-JSON strings.

    Converted as MLflow's client converts it before sending: a numpy array or torch tensor of one element by its
    `.item()`, then anything `float()` takes (ints, bools, numeric strings such as "0.5", Decimal, numpy scalars,
    objects with `__float__`). What it cannot convert is refused here, before sending, with MLflow's code
    (`INVALID_PARAMETER_VALUE`).
    """
    if value is None:  # MLflow sends it, and the server refuses it with this message
        raise InvalidParameterValue("Missing value for required parameter 'value' (a metric value is a number)")
    value = _one_element(value)
    try:
        number = float(value)  # type: ignore[arg-type]  # whatever float() takes, as MLflow
    except OverflowError:
        raise InvalidParameterValue(f"metric value {value!r} does not fit a double") from None
    except (TypeError, ValueError):
        raise InvalidParameterValue(
            f"metric value must be a number or a numeric string, got {type(value).__name__}: {value!r}"
        ) from None
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _one_element(value: object) -> object:
    """The element of a one-element numpy array or torch tensor (0-d included), as MLflow takes it. Only when
    the caller has imported the library: looking it up never imports it."""
    numpy, torch = sys.modules.get("numpy"), sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        value = value.detach().cpu()
    elif numpy is None or not isinstance(value, numpy.ndarray):
        return value
    try:
        return value.item()  # type: ignore[attr-defined]
    except Exception as exc:  # an array of several values, or none
        raise InvalidParameterValue(f"Failed to convert metric value to float: {exc}") from None


def metric_value_from_json(value: object) -> float:
    """What the server sends back as a Python float ("NaN", "Infinity" and "-Infinity" included).

    SQL stores keep an infinity as the largest double (`sanitize_metric_value`); it is read back as the
    infinity it was, so a value logged as `inf` reads as `inf` whatever the server's store.
    """
    if isinstance(value, str):
        number = float(value)  # float() reads "NaN", "Infinity" and "-Infinity"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        raise InvalidParameterValue(f"unexpected metric value from the server: {value!r}")
    if abs(number) == sys.float_info.max:
        return math.copysign(math.inf, number)
    return number


def int64(value: object, what: str, *, minimum: int = INT64_MIN) -> int:
    """An int64 field (timestamp, step): whole numbers only; a fraction would make the server zero the fields
    after it and still answer 200."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidParameterValue(f"{what} must be an integer, got {type(value).__name__}: {value!r}")
    if not isinstance(value, numbers.Integral):
        number = float(value)
        if not number.is_integer():
            raise InvalidParameterValue(f"{what} must be a whole number, got {value!r}")
        value = int(number)
    result = int(value)
    if not minimum <= result <= INT64_MAX:
        raise InvalidParameterValue(f"{what} {result} is out of range ({minimum}..{INT64_MAX})")
    return result


def validate_experiment_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidParameterValue(f"experiment name must be a non-empty string, got {name!r}")
    if len(name) > MAX_EXPERIMENT_NAME_LENGTH:
        raise InvalidParameterValue(
            f"experiment name is {len(name)} characters long; MLflow allows {MAX_EXPERIMENT_NAME_LENGTH}"
        )
    return name


def pairs(entries: object, what: str) -> Iterator[tuple[Any, Any, Mapping[str, Any]]]:
    """(key, value, extra fields) for every accepted input shape.

    Shapes: a mapping `{"alpha": 0.198}`; one `{"key": ..., "value": ...}` dict; a sequence of such dicts or
    of `(key, value)` pairs; objects with `key` and `value` attributes (the generated models).
    """
    if entries is None:
        return
    if isinstance(entries, Mapping):
        if "key" in entries and "value" in entries and set(entries) <= {"key", "value", "timestamp", "step"}:
            yield entries["key"], entries["value"], entries
        else:
            for key, value in entries.items():
                yield key, value, {}
        return
    if isinstance(entries, (str, bytes)) or not isinstance(entries, Iterable):
        raise InvalidParameterValue(f"{what}s must be a mapping or a sequence of entries, got {entries!r}")
    for entry in entries:
        if isinstance(entry, Mapping):
            if "key" not in entry or "value" not in entry:
                raise InvalidParameterValue(f"a {what} entry needs 'key' and 'value', got {entry!r}")
            yield entry["key"], entry["value"], entry
        elif isinstance(entry, Sequence) and not isinstance(entry, (str, bytes)) and len(entry) == 2:
            yield entry[0], entry[1], {}
        elif hasattr(entry, "key") and hasattr(entry, "value"):
            extra = {f: getattr(entry, f) for f in ("timestamp", "step") if isinstance(getattr(entry, f, None), int)}
            yield entry.key, entry.value, extra
        else:
            raise InvalidParameterValue(f"cannot read a {what} entry from {entry!r}")


def string_entries(entries: object, what: str, limit: int) -> list[tuple[str, str]]:
    """Params or tags as (key, value) strings, validated, one entry per key.

    Params are immutable in MLflow, so one key with two different values is an error; the same value twice is
    sent once (the server refuses duplicate keys in a batch even when the values agree). For tags the last
    value wins, as it would on the server.
    """
    result: dict[str, str] = {}
    for key, value, _ in pairs(entries, what):
        key = validate_key(key, what)
        text = string_value(value, what, limit)
        if what == "param" and key in result and result[key] != text:
            raise InvalidParameterValue(
                f"param {key!r} is given twice with different values ({result[key]!r} and {text!r}); "
                "MLflow params cannot change"
            )
        result.pop(key, None)  # a repeated tag moves to where its last value stands
        result[key] = text
    return list(result.items())


# Metric keys found valid already: a run logs a few keys many times, and checking one costs more than the rest of
# a value's checks. Bounded, so that a caller logging ever new keys does not grow it without limit.
_VALID_METRIC_KEYS: set[str] = set()
_VALID_METRIC_KEYS_MAX = 10_000
_FLOAT_MAX = sys.float_info.max


def metric_entry(key: object, value: object, step: object = None, timestamp: object = None) -> MetricEntry:
    """One `log_metric` value: what `metric_entries({key: value}, timestamp=..., step=...)` makes (the same
    checks, in the same order, with the same errors), for a fraction of the cost. The common shapes (a known
    key, a finite float, an int step) take the short way; anything else the general one."""
    ts = int(time.time() * 1000) if timestamp is None else int64(timestamp, "timestamp", minimum=0)  # now_ms()
    if step is None:
        step = 0
    elif type(step) is not int or not INT64_MIN <= step <= INT64_MAX:
        step = int64(step, "step")
    if type(key) is not str or key not in _VALID_METRIC_KEYS:
        key = validate_key(key, "metric")
        if type(key) is str and len(_VALID_METRIC_KEYS) < _VALID_METRIC_KEYS_MAX:
            _VALID_METRIC_KEYS.add(key)
    # A NaN fails both comparisons, an infinity one: they take the general way, which spells them for JSON.
    if type(value) is not float or not -_FLOAT_MAX <= value <= _FLOAT_MAX:
        value = metric_value_to_json(value)
    return _new_tuple(MetricEntry, (key, value, ts, step))  # each checked above


# A named tuple's own constructor is a Python function around this: called directly on the hot path.
_new_tuple = tuple.__new__


def metric_entries(entries: object, *, timestamp: int | None = None, step: int | None = None) -> list[MetricEntry]:
    """Metrics with their value, timestamp (default: now, fixed here, not at sending) and step (default 0)."""
    default_ts = now_ms() if timestamp is None else int64(timestamp, "timestamp", minimum=0)
    default_step = 0 if step is None else int64(step, "step")
    result = []
    for key, value, extra in pairs(entries, "metric"):
        ts = extra.get("timestamp")
        st = extra.get("step")
        result.append(
            MetricEntry(
                key=validate_key(key, "metric"),
                value=metric_value_to_json(value),
                timestamp=default_ts if ts is None else int64(ts, "timestamp", minimum=0),
                step=default_step if st is None else int64(st, "step"),
            )
        )
    return result


def chunk_batch(
    metrics: Sequence[MetricEntry],
    params: Sequence[tuple[str, str]],
    tags: Sequence[tuple[str, str]],
) -> list[Batch]:
    """Split into requests within the server's limits, keeping the order of each kind.

    As MLflow's client does it: params and tags go in 100s, and each request is topped up with metrics to
    1000 entries; the metrics left over go in requests of 1000.
    """
    batches: list[Batch] = []
    m = p = t = 0
    while p < len(params) or t < len(tags):
        ps = params[p : p + MAX_PARAMS_TAGS_PER_BATCH]
        ts = tags[t : t + MAX_PARAMS_TAGS_PER_BATCH]
        room = MAX_ENTITIES_PER_BATCH - len(ps) - len(ts)
        ms = metrics[m : m + room]
        batches.append(Batch(tuple(ms), tuple(ps), tuple(ts)))
        p, t, m = p + len(ps), t + len(ts), m + len(ms)
    while m < len(metrics):
        batches.append(Batch(tuple(metrics[m : m + MAX_METRICS_PER_BATCH])))
        m += MAX_METRICS_PER_BATCH
    return batches

"""`yaml_text.dump` (log_dict's YAML without PyYAML) against PyYAML itself: the same characters as MLflow's
`yaml.dump(d, indent=2, default_flow_style=False)` for hand-picked data and for thousands of generated documents
built from the pieces YAML's rules turn on (indicators, quotes, line breaks, non-ASCII, words that read as
booleans, numbers, dates or null, lines long enough to fold, keys long enough to need `?`)."""

from __future__ import annotations

import collections
import datetime
import itertools
import random
import re
from typing import Any

import pytest
import yaml

from mlflow_lite._ops import yaml_text


def mlflow_yaml(data: Any) -> str:
    """What MLflow's log_dict writes to a .yaml file (both 2.22.5 and 3.17.2 make this call)."""
    return yaml.dump(data, indent=2, default_flow_style=False)


PICKED: list[Any] = [
    {"lr": 0.01, "epochs": 10, "name": "resnet", "augment": True, "seed": None},
    {"model": {"layers": [64, 32], "activation": "relu", "dropout": 0.1}, "tags": [], "extra": {}},
    {"matrix": [[1, 2], [3, 4]], "records": [{"a": 1, "b": [True, None]}, {}], "empty": [[], {}]},
    {"yes": "no", "on": "off", "null": "~", "n": "1.5", "hex": "0x1F", "date": "2001-12-14", "time": "12:30:45"},
    {"quote": "it's", "dq": 'say "hi"', "colon": "a: b", "hash": "a #b", "dash": "- x", "lead": " x", "trail": "x "},
    {"unicode": "héllo wörld ✓ 😀", "nbsp": "a\xa0b", "ctrl": "a\x00b\x1bc", "bom": "\ufeffx", "nel": "a\x85b"},
    {"text": "line one\nline two\n\nafter a blank\n", "crlf": "a\r\nb", "tab": "a\tb", "spaces": "a \n b"},
    {"long": " ".join(f"word{i}" for i in range(40)), "longquoted": "'" + "x y " * 40, "u": "é " * 60},
    {"k" * 122: 1, "k" * 123: 2, "": "empty key", "multi\nline key": 3},
    {3: "three", 2.5: "two and a half", True: "bool key", None: "none key"},
    {"b": 1, 2: "mixed keys cannot be sorted: insertion order"},
    {"floats": [1e17, 1e-7, -0.0, float("inf"), float("-inf"), float("nan"), 123456789012345678.0, 0.1 + 0.2]},
    {"ints": [0, -1, 10**40, -(10**40)]},
    "a plain root",
    "",
    [1, "two", None],
    42,
    None,
    {},
    [],
]


@pytest.mark.parametrize("data", PICKED, ids=range(len(PICKED)))
def test_picked_data_is_written_as_pyyaml_writes_it(data: Any) -> None:
    assert yaml_text.dump(data) == mlflow_yaml(data)


# --- generated documents -----------------------------------------------------------------------------------

PIECES = [
    *[" ", "  ", "\n", "\n\n", "\r", "\t", "\x00", "\x85", "\u2028", "\xa0", "\ufeff", "é", "✓", "😀"],
    *["'", '"', "\\", ":", ": ", "#", " #", "-", "- ", "?", "? ", "[", "]", "{", "}", ",", "&", "*", "!", "|"],
    *[">", "%", "@", "`", "---", "...", "~", "<<", "="],
    *["yes", "On", "NO", "null", "1", "+1", "012", "0o7", "1_000", "0x1F", "1.5", ".5", "1e5", ".inf", ".NaN"],
    *["190:20:30", "2001-12-14", "2001-12-14 21:59:43.10 -5"],
    *["a", "word", "longerword", "x" * 30],
]


def _text(r: random.Random) -> str:
    if r.random() < 0.2:
        return r.choice(PIECES)
    return "".join(r.choice(PIECES) for _ in range(r.choice([0, 1, 2, 3, 5, 10, 30, 60])))


def _scalar(r: random.Random) -> Any:
    kind = r.random()
    if kind < 0.55:
        return _text(r)
    if kind < 0.65:
        return r.choice([r.randint(-10, 10), r.randint(-(10**30), 10**30)])
    if kind < 0.8:
        floats = [r.random(), r.uniform(-1e20, 1e20), 1e17, 1e-7, float("inf"), float("-inf"), float("nan"), -0.0]
        return r.choice(floats)
    if kind < 0.9:
        return r.random() < 0.5
    return None


def _key(r: random.Random) -> Any:
    kind = r.random()
    if kind < 0.8:
        return _text(r)
    if kind < 0.85:
        return "k" * r.choice([120, 121, 122, 123, 124, 130])  # around the 128 characters of a simple key
    return _scalar(r)


def _value(r: random.Random, depth: int) -> Any:
    kind = r.random()
    if depth > 3 or kind < 0.5:
        return _scalar(r)
    if kind < 0.75:
        return [_value(r, depth + 1) for _ in range(r.choice([0, 1, 2, 4]))]
    return _mapping(r, depth + 1)


def _mapping(r: random.Random, depth: int) -> dict[Any, Any]:
    keys = _key if r.random() < 0.2 else _text
    return {keys(r): _value(r, depth) for _ in range(r.choice([0, 1, 2, 3, 6]))}


def generated(count: int, seed: int) -> list[Any]:
    r = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    return [_mapping(r, 0) if r.random() < 0.9 else _value(r, 0) for _ in range(count)]


def test_generated_documents_are_written_as_pyyaml_writes_them() -> None:
    documents = generated(2000, seed=23)
    expected = [mlflow_yaml(d) for d in documents]
    wrong = [(d, got, want) for d, want in zip(documents, expected, strict=True) if (got := yaml_text.dump(d)) != want]
    assert wrong[:3] == []
    # The documents reach every rule: each kind of output below shows up many times.
    seen: collections.Counter[str] = collections.Counter()
    for text in expected:
        lines = text.splitlines()
        seen["single-quoted"] += "'" in text
        seen["double-quoted"] += '"' in text
        seen["folded with a backslash"] += "\\\n" in text
        seen["folded at a space"] += any(len(a) > 80 and b.startswith(" ") for a, b in itertools.pairwise(lines))
        seen["complex key"] += any(line.lstrip().startswith("? ") for line in lines)
        seen["sequence under a key"] += re.search(r":\n *- ", text) is not None
        seen["open-ended root"] += text.endswith("\n...\n")
        seen["escaped non-ASCII"] += "\\x" in text or "\\u" in text or "\\U" in text
    assert min(seen.values()) >= 30, seen
    assert len(seen) == 8


# --- what it leaves to PyYAML ------------------------------------------------------------------------------


class Sub(dict[str, int]):
    pass


SHARED = [1, 2]
RECURSIVE: dict[str, Any] = {}
RECURSIVE["self"] = RECURSIVE


@pytest.mark.parametrize(
    "data",
    [
        {"t": (1, 2)},
        {"s": {1, 2}},
        {"b": b"bytes"},
        {"d": datetime.date(2026, 1, 2)},
        {"sub": Sub(a=1)},
        collections.OrderedDict(a=1),
        {"a": SHARED, "b": SHARED},
        RECURSIVE,
        {(1, 2): "tuple key"},
    ],
    ids=["tuple", "set", "bytes", "date", "dict subclass", "OrderedDict", "shared list", "recursive", "tuple key"],
)
def test_what_is_not_json_like_is_left_to_pyyaml(data: Any) -> None:
    """PyYAML writes these with tags (`!!python/tuple`), anchors (`&id001`) or its own formats: not covered."""
    assert yaml_text.dump(data) is None

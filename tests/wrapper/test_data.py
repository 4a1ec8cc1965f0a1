"""`mlflow_lite.data` against `mlflow.data` itself: for the same DataFrames and arrays, MLflow 2.22.5 and 3.17.2
(in their server environments) and mlflow-lite give the same name, digest, source, schema and profile, so a
dataset logged by either is the same stored dataset. Then what mlflow-lite refuses, and without pandas."""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import pandas as pd
import pytest
from oracle import run_mlflow

import mlflow_lite
from mlflow_lite import InvalidParameterValue, MissingDependency
from mlflow_lite._entities import Dataset
from mlflow_server import VERSIONS

# Run in both libraries' processes: `frames()` and `arrays()` yield (label, keyword arguments).
CASES = textwrap.dedent(
    """
    import datetime
    import numpy as np
    import pandas as pd

    def frames():
        n = 6
        yield "mixed", dict(df=pd.DataFrame({
            "i": [1, 2, 3, 4, 5, 6], "f": [0.5, 1.5, float("nan"), 3.0, -2.0, 1e10],
            "s": ["a", "b", None, "d", "é", ""], "s2": list("uvwxyz"), "b": [True, False, True, True, False, False],
            "t": pd.to_datetime(["2024-01-01", "2024-01-02", None, "2024-01-04", "2024-01-05", "2024-01-06"]),
            "label": [0, 1, 0, 1, 1, 0]}), targets="label", name="train", source="data/train.csv")
        yield "sized", dict(df=pd.DataFrame({
            "i8": np.arange(n, dtype="int8"), "i16": np.arange(n, dtype="int16"), "i32": np.arange(n, dtype="int32"),
            "u8": np.arange(n, dtype="uint8"), "u32": np.arange(n, dtype="uint32"),
            "f16": np.arange(n, dtype="float16"), "f32": np.array([1, 2, np.nan, 4, 5, 6], dtype="float32")}),
            source="s3://bucket/k.parquet")
        yield "nullable", dict(df=pd.DataFrame({
            "I": pd.array([1, None, 3, 4, 5, 6], dtype="Int64"),
            "B": pd.array([True, None, False, True, True, True], dtype="boolean"),
            "F": pd.array([1.5, 2.5, None, 1, 2, 3], dtype="Float64"),
            "S": pd.array(["a", None, "c", "d", "e", "f"], dtype="string")}),
            source="https://example.com/d.csv", predictions="F")
        yield "objects", dict(df=pd.DataFrame({
            "ints_obj": pd.Series([1, 2, 3, 4, 5, 6], dtype=object), "bytes": [b"a", b"b", b"c", b"d", None, b"f"],
            "dates": [datetime.date(2024, 1, d) for d in range(1, 7)],
            "dts": [datetime.datetime(2024, 1, d, 5) for d in range(1, 7)],
            "bools_none": [True, None, False, True, True, True],
            "nulls": pd.Series([None] * n, dtype=object),
            "tz": pd.date_range("2024-01-01", periods=n, tz="UTC")}), source="/abs/path/data.csv")
        yield "no schema", dict(df=pd.DataFrame({"u64": np.arange(n, dtype="uint64")}), source="gs://b/k")
        yield "mixed objects", dict(df=pd.DataFrame({"m": ["a", 1, "b", 2.5, None, "c"]}), source="x.csv")
        yield "category", dict(df=pd.DataFrame({"c": pd.Categorical(["a", "b", "a", "c", "b", "a"])}), source="x.csv")
        yield "int names", dict(df=pd.DataFrame(np.arange(12.0).reshape(6, 2)), source="file:///tmp/x.csv")
        yield "empty", dict(df=pd.DataFrame({"a": pd.Series([], dtype="int64"), "s": pd.Series([], dtype=object)}),
                            source="x.csv")
        yield "past the digest's rows", dict(
            df=pd.DataFrame({"x": np.arange(25000) * 0.5, "s": [f"r{i}" for i in range(25000)]}), source="hdfs://h/x")
        yield "index", dict(df=pd.DataFrame({"x": [1, 2, 3]}, index=["a", "b", "c"]), source="wasbs://c@a/x")

    def arrays():
        yield "2d", dict(features=np.arange(12, dtype=float).reshape(4, 3), source="data/x.npy", name="arr")
        yield "targets", dict(features=np.arange(12, dtype="float32").reshape(4, 3), targets=np.array([0, 1, 0, 1]),
                              source="s3://b/x.npy")
        yield "1d int", dict(features=np.arange(5, dtype="int32"), source="x")
        yield "3d", dict(features=np.zeros((2, 3, 4)), source="x")
        yield "str", dict(features=np.array(["a", "bb", "ccc"]), source="x")
        yield "bytes", dict(features=np.array([b"a", b"bb"]), source="x")
        yield "bool", dict(features=np.array([[True, False], [False, True]]), source="x")
        yield "dicts", dict(features={"b": np.arange(6.0).reshape(3, 2), "a": np.arange(3)},
                            targets={"y": np.array([1, 0, 1])}, source="x")
        yield "past the digest's values", dict(features=np.arange(30000.0).reshape(10000, 3), source="x")
        yield "object", dict(features=np.array([1, "a", None], dtype=object), source="x")
        yield "datetime", dict(features=np.array(["2024-01-01", "2024-01-02"], dtype="datetime64[D]"), source="x")

    def all_datasets(data):
        out = {}
        for label, kwargs in frames():
            out["pandas " + label] = data.from_pandas(**kwargs).to_dict()
        for label, kwargs in arrays():
            out["numpy " + label] = data.from_numpy(**kwargs).to_dict()
        return out
    """
)


def ours() -> dict[str, Any]:
    space: dict[str, Any] = {}
    exec(CASES, space)  # noqa: S102 - the same case code runs in MLflow's process
    result: dict[str, Any] = space["all_datasets"](mlflow_lite.data)
    return result


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS)
def test_the_same_datasets_as_mlflow(version: str) -> None:
    code = CASES + "\nimport warnings\nwarnings.simplefilter('ignore')\nimport mlflow.data\n"
    theirs = run_mlflow(version, code + "print(json.dumps(all_datasets(mlflow.data)))", "http://127.0.0.1:9")
    mine = ours()
    assert list(mine) == list(theirs)
    pandas_major = int(pd.__version__.split(".")[0])
    for label, dataset in mine.items():
        expected = theirs[label]
        if label == "pandas no schema" and version == "2.22.5" and pandas_major >= 3:
            # pandas 3 hashes an unsigned column differently from the pandas 2.3 of MLflow 2.22.5's environment:
            # the digest follows the pandas installed, with either library.
            expected = {**expected, "digest": dataset["digest"]}
        assert dataset == expected, label
    # The cases reach every part: nullable and sized types, no schema, tensors with names, several sources.
    assert json.loads(mine["pandas no schema"]["schema"] or "null") is None
    assert {d["source_type"] for d in mine.values()} >= {"local", "s3", "http", "gs", "hdfs", "wasbs"}


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS)
def test_without_a_source_the_script_is_the_source(version: str, tmp_path: Any) -> None:
    """No `source`: the context tags of the running script (user, script name, type), as MLflow resolves them."""
    script = "import json, sys\nimport pandas as pd\nimport {lib} as mlflow\n" + (
        "print(json.dumps(mlflow.data.from_pandas(pd.DataFrame({{'a': [1]}})).to_dict()))"
    )
    (tmp_path / "theirs.py").write_text(script.format(lib="mlflow"))
    theirs = run_mlflow(
        version, "import runpy, sys\nsys.argv = ['theirs.py']\nrunpy.run_path('theirs.py')", "http://x", cwd=tmp_path
    )
    space: dict[str, Any] = {}
    argv = sys.argv
    try:
        sys.argv = ["theirs.py"]
        exec(script.format(lib="mlflow_lite").replace("print(", "result = ("), space)  # noqa: S102
    finally:
        sys.argv = argv
    mine = json.loads(space["result"])
    assert mine == theirs
    assert mine["source_type"] == "code"
    assert json.loads(mine["source"])["tags"]["mlflow.source.name"] == "theirs.py"


def test_a_dataset_is_what_log_input_logs() -> None:
    dataset = mlflow_lite.data.from_pandas(pd.DataFrame({"a": [1, 2]}), source="s3://b/k", name="d")
    entity = dataset._to_mlflow_entity()
    assert isinstance(entity, Dataset)
    assert (entity.name, entity.digest, entity.source_type) == ("d", dataset.digest, "s3")
    assert json.loads(dataset.to_json()) == dataset.to_dict()
    assert dataset.profile == {"num_rows": 2, "num_elements": 2}
    assert dataset.schema == {"mlflow_colspec": [{"type": "long", "name": "a", "required": True}]}


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda d: d.from_pandas(pd.DataFrame({"a": [1]}), source="x", targets="y"), "no targets column 'y'"),
        (lambda d: d.from_pandas(pd.DataFrame({"a": [1]}), source="x", predictions="p"), "no predictions"),
        (lambda d: d.from_pandas({"a": [1]}, source="x"), "must be a pandas DataFrame"),
        (lambda d: d.from_pandas(pd.DataFrame({"a": [1]}), source="runs:/abc/x"), "no dataset source"),
        (lambda d: d.from_pandas(pd.DataFrame({"a": [1]}), source=3), "must be a path"),
        (lambda d: d.from_pandas(pd.DataFrame({"a": [[1, 2]]}), source="x"), "cannot infer MLflow's schema"),
    ],
    ids=["targets", "predictions", "not a frame", "unknown scheme", "not a path", "list values"],
)
def test_bad_input_is_refused(call: Any, match: str) -> None:
    with pytest.raises(InvalidParameterValue, match=match):
        call(mlflow_lite.data)


def test_without_pandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependency, match=r"mlflow-lite\[pandas\]") as caught:
        mlflow_lite.data.from_pandas(object(), source="x")
    assert caught.value.module == "pandas"

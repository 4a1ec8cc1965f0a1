"""MLflow's `mlflow.data` constructors: `from_pandas` and `from_numpy` build the dataset `log_input` logs, with the
name, digest, source, schema and profile MLflow computes for the same data, so a dataset logged by either library
is the same stored dataset (the same digest: the UI and searches treat it as the same data).

    import mlflow_lite as mlflow

    dataset = mlflow.data.from_pandas(df, source="data/train.csv", targets="label", name="train")
    with mlflow.start_run():
        mlflow.log_input(dataset, context="training")

pandas (and numpy) are optional: imported by these calls only, `MissingDependency` naming the extra when absent.

What is stored, as MLflow 2.22 and 3.x compute it:
- digest: the first 8 hex digits of an MD5 over pandas' `hash_pandas_object` of the first 10,000 rows of the
  string and numeric columns, the row count and the column names (arrays: `hash_array` of the first 10,000
  flattened values, and the shape);
- source: where the data came from, by the string given: a local path or `file:` URI (`local`, `{"uri": ...}`),
  `http(s)` (`http`, `{"url": ...}`), an object store's URI (`s3`, `gs`, `wasbs`, `abfss`, `hdfs`, ...: `{"uri":
  ...}`); without one, the script's context tags (`code`, `{"tags": {...}}`, the tags a run gets);
- schema: MLflow's column specs (`{"mlflow_colspec": [{"type": "long", "name": "a", "required": true}, ...]}`;
  `required` is false when the column holds a null) or tensor specs for arrays; none where MLflow infers none
  (unsigned 64-bit or timedelta columns, columns mixing types);
- profile: `{"num_rows": ..., "num_elements": ...}`, or the arrays' shape, size and bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import json
import math
import os
from collections.abc import Mapping
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import attrs

from ._entities import Dataset as DatasetEntity
from ._errors import InvalidParameterValue, MissingDependency
from ._ops.source_tags import context_tags

__all__ = ["DatasetSource", "NumpyDataset", "PandasDataset", "from_numpy", "from_pandas"]

MAX_ROWS = 10_000  # rows (values, for arrays) the digest reads, as MLflow's
# URI schemes with a dataset source of their own type in MLflow (its artifact stores' schemes).
_STORE_SCHEMES = {"s3", "r2", "b2", "gs", "wasbs", "abfss", "hdfs", "viewfs", "ftp", "sftp"}
_LOCAL_HOSTS = ("", ".", "localhost", "127.0.0.1")


def _require(module: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(
            f"{what} needs {module}, which is not installed: pip install 'mlflow-lite[{module}]'", module=module
        ) from None


# --- sources ------------------------------------------------------------------------------------------------


def _as_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    return dict(value)


@attrs.frozen
class DatasetSource:
    """Where a dataset came from: its type (`local`, `http`, `s3`, `code`, ...) and its description, as MLflow
    stores them (`to_json()` is the dataset's `source`)."""

    source_type: str
    fields: dict[str, Any] = attrs.field(converter=_as_dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.fields)

    def to_json(self) -> str:
        return json.dumps(self.fields)

    def _get_source_type(self) -> str:
        return self.source_type


def resolve_source(source: object) -> DatasetSource:
    """The source MLflow resolves for `source`: a path, a URI, a `DatasetSource`, or MLflow's own source object
    (anything with `to_json()` and `_get_source_type()`); None for the script that runs (its context tags)."""
    if source is None:
        return DatasetSource("code", {"tags": context_tags(os.environ.get("MLFLOW_TRACKING_USERNAME") or None)})
    if isinstance(source, DatasetSource):
        return source
    to_json, source_type = getattr(source, "to_json", None), getattr(source, "_get_source_type", None)
    if callable(to_json) and callable(source_type):
        return DatasetSource(str(source_type()), json.loads(to_json()))
    if not isinstance(source, (str, os.PathLike)):
        raise InvalidParameterValue(f"source must be a path, a URI or a DatasetSource, got {type(source).__name__}")
    text = os.fspath(source)
    if not isinstance(text, str):
        raise InvalidParameterValue("source must be a str path, not bytes")
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "" or (scheme == "file" and (parts.hostname or "") in _LOCAL_HOSTS):
        return DatasetSource("local", {"uri": text})
    if scheme in ("http", "https"):
        return DatasetSource("http", {"url": text})
    if scheme in _STORE_SCHEMES:
        return DatasetSource(scheme, {"uri": text})
    raise InvalidParameterValue(
        f"no dataset source for {text!r}: give a local path, an http(s) URL or an object store's URI "
        f"({', '.join(sorted(_STORE_SCHEMES))})"
    )


# --- digests ------------------------------------------------------------------------------------------------


def _md5_8(parts: list[Any]) -> str:
    md5 = hashlib.md5(usedforsecurity=False)  # a fingerprint MLflow defines, not a security measure
    for part in parts:
        md5.update(part)
    return md5.hexdigest()[:8]


def pandas_digest(df: Any) -> str:
    """MLflow's digest of a DataFrame: its string columns (every value a `str`) and numeric columns, first rows
    only, hashed with pandas (index included), then the row count and every column's name."""
    np, pd = _require("numpy", "a dataset's digest"), _require("pandas", "a dataset's digest")
    head = df.head(MAX_ROWS)
    all_str = [all(type(value) is str for value in df.iloc[:, at]) for at in range(df.shape[1])]
    strings = head.columns[all_str]
    numbers = head.select_dtypes(include=[np.number]).columns
    hashed = pd.util.hash_pandas_object(head[strings.union(numbers)]).values
    return _md5_8([hashed, np.int64(len(df)), *(str(column).encode() for column in df.columns)])


def numpy_digest(features: Any, targets: Any = None) -> str:
    """MLflow's digest of arrays (or of dicts of arrays, by sorted key): the first values of each, flattened,
    hashed with pandas (their count, for values pandas cannot hash), then each dimension."""
    np, pd = _require("numpy", "a dataset's digest"), _require("pandas", "a dataset's digest")
    parts: list[Any] = []
    for item in (features, targets):
        if item is None:
            continue
        arrays = [item[key] for key in sorted(item)] if isinstance(item, dict) else [item]
        for array in arrays:
            values = array.flatten()[:MAX_ROWS]
            try:
                parts.append(pd.util.hash_array(values))
            except TypeError:
                parts.append(np.int64(values.size))
            parts.extend(np.int64(size) for size in array.shape)
    if not parts:
        raise InvalidParameterValue("a dataset's digest needs at least one array")
    return _md5_8(parts)


# --- schemas ------------------------------------------------------------------------------------------------


class _NoSchema(Exception):
    """MLflow infers no schema for this data (it stores none)."""


def _dtype_type(dtype: Any) -> str:
    """MLflow's column type for a numpy or pandas dtype, by kind and size."""
    kind, size = getattr(dtype, "kind", None), getattr(dtype, "itemsize", 0)
    if kind == "b":
        return "boolean"
    if kind in ("i", "u") and (size < 4 or (kind == "i" and size == 4)):
        return "integer"
    if kind in ("i", "u") and (size < 8 or (kind == "i" and size == 8)):
        return "long"
    if kind == "f" and size <= 4:
        return "float"
    if kind == "f" and size <= 8:
        return "double"
    types = {"U": "string", "S": "binary", "M": "datetime"}
    if kind in types:
        return types[kind]
    raise _NoSchema(f"dtype {dtype}")  # uint64, float128, timedelta, complex...


def _is_null(value: Any) -> bool:
    pd = _require("pandas", "a dataset's schema")
    if isinstance(value, float):
        return math.isnan(value)
    return value is None or value is pd.NA or value is pd.NaT


def _value_type(value: Any) -> str:
    """MLflow's type for one value of an object column (exact types, as MLflow's table)."""
    np = _require("numpy", "a dataset's schema")
    exact = {
        bool: "boolean",
        np.bool_: "boolean",
        int: "long",
        np.int64: "long",
        np.int32: "integer",
        float: "double",
        np.float64: "double",
        np.float32: "float",
        str: "string",
        np.str_: "string",
        object: "string",
        bytes: "binary",
        np.bytes_: "binary",
        bytearray: "binary",
    }
    if type(value) in exact:
        return exact[type(value)]
    if isinstance(value, (datetime.date, np.datetime64)):
        return "datetime"
    raise InvalidParameterValue(
        f"mlflow-lite cannot infer MLflow's schema for a column holding {type(value).__name__} values "
        "(lists, dicts, arrays and objects are MLflow's Array and Object types): log a "
        "mlflow_lite.entities.Dataset with the schema you want instead"
    )


def _column_type(column: Any) -> str:
    pd = _require("pandas", "a dataset's schema")
    if column.dtype.kind == "O":
        column = column.infer_objects()
    if column.dtype.kind != "O":
        return _dtype_type(column.dtype)
    values = column.to_list()
    found = {_value_type(value) for value in values if not _is_null(value)}
    if values and not found:
        return "any"  # only nulls: MLflow's Any type
    if len(found) == 1:
        return found.pop()
    # No value, or values of several types: MLflow falls back to strings when pandas calls the column one, else
    # infers no schema.
    if pd.api.types.is_string_dtype(column):
        return "string"
    raise _NoSchema(f"column {column.name!r} holds {sorted(found)}")


def pandas_schema(df: Any) -> str | None:
    """The schema MLflow stores for a DataFrame (`{"mlflow_colspec": [...]}`), or None where it infers none."""
    try:
        specs = []
        for at, name in enumerate(df.columns):
            column = df.iloc[:, at]
            specs.append({"type": _column_type(column), "name": name, "required": not any(_is_null(v) for v in column)})
    except _NoSchema:
        return None
    return json.dumps({"mlflow_colspec": specs})


def _tensor_specs(data: Any) -> str:
    np = _require("numpy", "a dataset's schema")
    named = data.items() if isinstance(data, dict) else [(None, data)]
    specs = []
    for name, array in named:
        if not isinstance(array, np.ndarray):
            raise InvalidParameterValue(f"features and targets must be numpy arrays, got {type(array).__name__}")
        if array.ndim == 0:
            raise _NoSchema("a 0-d array has no rows")
        # Strings and bytes without their length, as MLflow writes them ("str", "bytes").
        dtype = {"U": np.dtype(str), "S": np.dtype(bytes)}.get(array.dtype.char, array.dtype)
        spec = {"type": "tensor", "tensor-spec": {"dtype": dtype.name, "shape": [-1, *array.shape[1:]]}}
        specs.append(spec if name is None else {"name": name, **spec})
    return json.dumps(specs)


def numpy_schema(features: Any, targets: Any = None) -> str | None:
    """The schema MLflow stores for arrays (`{"mlflow_tensorspec": {"features": ..., "targets": ...}}`)."""
    try:
        tensors = {"features": _tensor_specs(features), "targets": None if targets is None else _tensor_specs(targets)}
    except _NoSchema:
        return None
    return json.dumps({"mlflow_tensorspec": tensors})


# --- datasets -----------------------------------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Dataset:
    """What every dataset has: MLflow's `name`, `digest`, `source`, `profile` (a dict) and `schema`,
    `to_dict()` and `to_json()` (what MLflow stores: source, schema and profile as JSON texts), and the entity
    `log_input` logs. `schema` is the stored schema's JSON, parsed (MLflow gives its `Schema` class)."""

    name: str
    digest: str
    source: DatasetSource
    profile: dict[str, Any]
    schema_json: str | None

    @property
    def schema(self) -> Any:
        return None if self.schema_json is None else json.loads(self.schema_json)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "name": self.name,
            "digest": self.digest,
            "source": self.source.to_json(),
            "source_type": self.source.source_type,
            "schema": self.schema_json,
            "profile": json.dumps(self.profile),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    def _to_mlflow_entity(self) -> DatasetEntity:
        entry = self.to_dict()
        return DatasetEntity(
            self.name, self.digest, self.source.source_type, self.source.to_json(), entry["schema"], entry["profile"]
        )


@attrs.frozen(eq=False)
class PandasDataset(_Dataset):
    """A DataFrame as a dataset (`from_pandas`); `df`, `targets` and `predictions` are what was given."""

    df: Any = attrs.field(kw_only=True)
    targets: str | None = attrs.field(default=None, kw_only=True)
    predictions: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen(eq=False)
class NumpyDataset(_Dataset):
    """Arrays (or dicts of arrays) as a dataset (`from_numpy`)."""

    features: Any = attrs.field(kw_only=True)
    targets: Any = attrs.field(default=None, kw_only=True)


def from_pandas(
    df: Any,
    source: object = None,
    targets: str | None = None,
    name: str | None = None,
    digest: str | None = None,
    predictions: str | None = None,
) -> PandasDataset:
    """MLflow's `mlflow.data.from_pandas`: a dataset of `df` for `log_input`. `source` is a path or URI the data
    came from (the running script when None); `targets` and `predictions` name columns of `df`."""
    pd = _require("pandas", "from_pandas")
    if not isinstance(df, pd.DataFrame):
        raise InvalidParameterValue(f"df must be a pandas DataFrame, got {type(df).__name__}")
    for role, column in (("targets", targets), ("predictions", predictions)):
        if column is not None and column not in df.columns:
            raise InvalidParameterValue(f"the DataFrame has no {role} column {column!r}")
    resolved = resolve_source(source)
    return PandasDataset(
        name if name is not None else "dataset",
        digest or pandas_digest(df),
        resolved,
        {"num_rows": len(df), "num_elements": int(df.size)},
        pandas_schema(df),
        df=df,
        targets=targets,
        predictions=predictions,
    )


def from_numpy(
    features: Any,
    source: object = None,
    targets: Any = None,
    name: str | None = None,
    digest: str | None = None,
) -> NumpyDataset:
    """MLflow's `mlflow.data.from_numpy`: a dataset of `features` (an array, or a dict of named arrays) and
    optional `targets` for `log_input`. `source` is a path or URI the data came from (the running script when
    None)."""
    _require("numpy", "from_numpy")
    resolved = resolve_source(source)
    schema = numpy_schema(features, targets)
    profile = {**_array_profile("features", features), **_array_profile("targets", targets)}
    return NumpyDataset(
        name if name is not None else "dataset",
        digest or numpy_digest(features, targets),
        resolved,
        profile,
        schema,
        features=features,
        targets=targets,
    )


def _array_profile(role: str, data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    profile: dict[str, Any] = {}
    for attribute in ("shape", "size", "nbytes"):
        if isinstance(data, dict):
            profile[f"{role}_{attribute}"] = {key: getattr(array, attribute) for key, array in data.items()}
        else:
            profile[f"{role}_{attribute}"] = getattr(data, attribute)
    return profile

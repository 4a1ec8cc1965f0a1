"""A run's inputs (`log_inputs`): datasets, with their tags and MLflow's size limits checked before anything
is sent, and (MLflow 3) logged models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mlflow_rest_api import models as wire
from mlflow_rest_api.api.runs import log_inputs as _log_inputs
from mlflow_rest_api.types import UNSET

from .._core.context import Context
from .._core.effects import Op
from .._core.server import MLFLOW_3, require
from .._entities import Dataset, DatasetInput, InputTag, LoggedModelInput
from .._errors import InvalidParameterValue
from .calls import run_id_of, tell

__all__ = ["dataset_inputs", "log_inputs", "model_inputs"]

# Dataset limits of MLflow's server (`mlflow/utils/validation.py`, the same in 2.22.5 and 3.17.2).
MAX_DATASETS_PER_REQUEST = 1000
DATASET_LIMITS = {"name": 500, "digest": 36, "source_type": 65535, "source": 65535, "schema": 1048575}
DATASET_LIMITS["profile"] = 16777215
DATASET_REQUIRED = ("name", "digest", "source_type", "source")
MAX_INPUT_TAG_KEY = 255
MAX_INPUT_TAG_VALUE = 500


def dataset_inputs(datasets: object) -> list[wire.DatasetInput]:
    """Dataset inputs for the wire, from `DatasetInput`/`Dataset` entities or dicts, checked against the
    server's limits.

    A dict is either `{"dataset": {...}, "tags": ...}` or the dataset's own fields with an optional `"tags"`;
    tags are a mapping or a sequence of `InputTag`s, `{"key", "value"}` dicts or pairs.
    """
    if isinstance(datasets, (DatasetInput, Dataset, Mapping)):
        datasets = [datasets]
    if not isinstance(datasets, Sequence) or isinstance(datasets, (str, bytes)):
        raise InvalidParameterValue(f"datasets must be a list of DatasetInput or dicts, got {type(datasets).__name__}")
    return [_checked(_dataset_input(item)) for item in datasets]


def _dataset_input(item: object) -> DatasetInput:
    if isinstance(item, DatasetInput):
        return item
    if isinstance(item, Dataset):
        return DatasetInput(item)
    if not isinstance(item, Mapping):
        raise InvalidParameterValue(f"a dataset input must be a DatasetInput or a dict, got {type(item).__name__}")
    fields = dict(item)
    tags = _input_tags(fields.pop("tags", None))
    dataset = fields.pop("dataset", None)
    if dataset is None:
        dataset, fields = fields, {}
    if fields:
        raise InvalidParameterValue(f"unknown dataset input fields {sorted(fields)}")
    if isinstance(dataset, Mapping):
        unknown = set(dataset) - {"name", "digest", "source_type", "source", "schema", "profile"}
        if unknown:
            raise InvalidParameterValue(f"unknown dataset fields {sorted(unknown)}")
        missing = [name for name in DATASET_REQUIRED if name not in dataset]
        if missing:
            raise InvalidParameterValue(f"dataset {', '.join(missing)} is required")
        dataset = Dataset(**dataset)
    if not isinstance(dataset, Dataset):
        raise InvalidParameterValue(f"dataset must be a Dataset or a dict, got {type(dataset).__name__}")
    return DatasetInput(dataset, tags)


def _checked(item: DatasetInput) -> wire.DatasetInput:
    dataset = item.dataset
    for name, limit in DATASET_LIMITS.items():
        value = getattr(dataset, name)
        if value is None and name not in DATASET_REQUIRED:
            continue
        if not isinstance(value, str) or (name in DATASET_REQUIRED and not value):
            raise InvalidParameterValue(f"dataset {name} must be a non-empty string, got {value!r}")
        if len(value) > limit:
            raise InvalidParameterValue(f"dataset {name} is {len(value)} characters long; MLflow allows {limit}")
    for tag in item.tags:
        if not isinstance(tag.key, str) or not tag.key or not isinstance(tag.value, str):
            raise InvalidParameterValue(f"input tag needs a string key and value, got {tag.key!r}: {tag.value!r}")
        if len(tag.key) > MAX_INPUT_TAG_KEY or len(tag.value) > MAX_INPUT_TAG_VALUE:
            raise InvalidParameterValue(
                f"input tag {tag.key[:50]!r} is too long: MLflow allows keys of {MAX_INPUT_TAG_KEY} and values "
                f"of {MAX_INPUT_TAG_VALUE} characters"
            )
    return wire.DatasetInput(
        dataset=wire.Dataset(
            name=dataset.name,
            digest=dataset.digest,
            source_type=dataset.source_type,
            source=dataset.source,
            schema=UNSET if dataset.schema is None else dataset.schema,
            profile=UNSET if dataset.profile is None else dataset.profile,
        ),
        tags=[wire.InputTag(key=tag.key, value=tag.value) for tag in item.tags] or UNSET,
    )


def _input_tags(tags: object) -> list[InputTag]:
    if tags is None:
        return []
    if isinstance(tags, Mapping):
        return [InputTag(key=k, value=str(v)) for k, v in tags.items()]
    if not isinstance(tags, Sequence) or isinstance(tags, (str, bytes)):
        raise InvalidParameterValue(f"input tags must be a mapping or a list, got {type(tags).__name__}")
    result = []
    for tag in tags:
        if isinstance(tag, InputTag):
            result.append(tag)
        elif isinstance(tag, Mapping) and set(tag) == {"key", "value"}:
            result.append(InputTag(key=tag["key"], value=tag["value"]))
        elif isinstance(tag, (tuple, list)) and len(tag) == 2:
            result.append(InputTag(key=tag[0], value=tag[1]))
        else:
            raise InvalidParameterValue(f"cannot read an input tag from {tag!r}")
    return result


def model_inputs(models: object) -> list[wire.ModelInput]:
    """The logged models of `log_inputs(models=...)` (MLflow 3): `LoggedModelInput`s, dicts or model ids."""
    if models is None:
        return []
    if isinstance(models, (str, bytes, Mapping)) or not isinstance(models, Sequence):
        raise InvalidParameterValue(f"models must be a list of LoggedModelInput, got {type(models).__name__}")
    result = []
    for item in models:
        model_id = item.model_id if isinstance(item, LoggedModelInput) else item
        if isinstance(item, Mapping) and set(item) == {"model_id"}:
            model_id = item["model_id"]
        if not isinstance(model_id, str) or not model_id:
            raise InvalidParameterValue(f"a model input must be a LoggedModelInput or a model id, got {item!r}")
        result.append(wire.ModelInput(model_id=model_id))
    return result


def log_inputs(cx: Context, run_id: str, datasets: object, models: object = None) -> Op[None]:
    """Log dataset inputs (with their tags) and, on MLflow 3, logged-model inputs to a run; any number, in
    requests of at most 1000 datasets (the models go with the first)."""
    run_id = run_id_of(run_id)
    inputs = [] if datasets is None else dataset_inputs(datasets)
    models_in = model_inputs(models)
    if models_in:
        yield from require(cx, MLFLOW_3, "log_inputs(models=...)")
    for start in range(0, max(len(inputs), 1), MAX_DATASETS_PER_REQUEST):
        chunk = inputs[start : start + MAX_DATASETS_PER_REQUEST]
        if not chunk and not models_in:
            return
        body = wire.LogInputs(run_id=run_id, datasets=chunk or UNSET, models=(models_in if start == 0 else []) or UNSET)
        # Safe to resend: the server keeps one dataset per (name, digest) and one input per (dataset, run).
        yield from tell(cx, _log_inputs._get_kwargs(body=body))

"""Logged-model ops (MLflow 3): a model as an object of its own, with tags, params, metrics and artifacts, made by
a run (`source_run_id`), and the run outputs that record which model a run produced at which step.

Each op first makes sure the server runs MLflow 3 (`_core.server.require`): an MLflow 2.x server answers these
routes with a 404 page, so it gets `ServerTooOld` instead, before anything is sent. Input the server would store
wrongly or refuse (a name with `/`, a key longer than its column) is refused here first.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from mlflow_rest_api.api.logged_models import (
    create_logged_model as _create_logged_model,
    delete_logged_model as _delete_logged_model,
    delete_logged_model_tag as _delete_logged_model_tag,
    finalize_logged_model as _finalize_logged_model,
    get_logged_model as _get_logged_model,
    list_logged_model_artifacts as _list_logged_model_artifacts,
    log_logged_model_params as _log_logged_model_params,
    search_logged_models as _search_logged_models,
    set_logged_model_tags as _set_logged_model_tags,
)
from mlflow_rest_api.api.runs import log_outputs as _log_outputs
from mlflow_rest_api.models import (
    CreateLoggedModel,
    FinalizeLoggedModel,
    ListLoggedModelArtifactsResponse,
    LoggedModelParameter,
    LoggedModelResponse,
    LoggedModelStatus,
    LoggedModelTag,
    LogLoggedModelParams,
    LogOutputs,
    ModelOutput,
    SearchLoggedModels,
    SearchLoggedModelsDataset,
    SearchLoggedModelsOrderBy,
    SearchLoggedModelsResponse,
    SetLoggedModelTags,
)
from mlflow_rest_api.types import UNSET

from .. import _entities as entities
from .._core.context import Context
from .._core.effects import Op
from .._core.server import MLFLOW_3, at_least, require
from .._errors import InvalidParameterValue, ResourceDoesNotExist
from . import artifacts, to_entities, validate
from .calls import ask, experiment_id_list, run_id_of, tell
from .runs import get_run
from .searches import Search, search_key

__all__ = [
    "create_logged_model",
    "delete_logged_model",
    "delete_logged_model_tag",
    "finalize_logged_model",
    "get_logged_model",
    "list_logged_model_artifacts",
    "log_model_artifact",
    "log_model_artifacts",
    "log_model_params",
    "log_outputs",
    "model_id_of",
    "model_root",
    "model_source",
    "note_model_version",
    "search_logged_models",
    "search_logged_models_page",
    "set_logged_model_tags",
]

logger = logging.getLogger("mlflow_lite")

# The tag of a logged model that lists the model versions registered from it.
MODEL_VERSIONS_TAG = "mlflow.modelVersions"
# MLflow's client sends a logged model's params 100 to a request (the create takes the first 100).
PARAMS_PER_REQUEST = 100
# The server's default page; it sets no upper limit, so the lazy search keeps to what every store serves.
LOGGED_MODELS_PAGE = 100
# Columns of the SQL stores: longer names and keys fail there (and are cut by some databases).
MAX_NAME_LENGTH = 500
MAX_KEY_LENGTH = 255
# Characters the server refuses in a logged model's name.
_NAME_FORBIDDEN = ("/", ":", ".", "%", '"', "'")
_FINAL_STATUSES = {
    "READY": LoggedModelStatus.LOGGED_MODEL_READY,
    "FAILED": LoggedModelStatus.LOGGED_MODEL_UPLOAD_FAILED,
}


def model_id_of(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterValue(f"model_id must be a non-empty string, got {value!r}")
    return value


def _name(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterValue(f"logged model name must be a non-empty string, got {value!r}")
    if any(c in value for c in _NAME_FORBIDDEN):
        raise InvalidParameterValue(
            f"invalid logged model name {value!r}: MLflow refuses {' '.join(_NAME_FORBIDDEN)} in model names"
        )
    if len(value) > MAX_NAME_LENGTH:
        raise InvalidParameterValue(
            f"logged model name is {len(value)} characters long; MLflow allows {MAX_NAME_LENGTH}"
        )
    return value


def _key(key: object, what: str) -> str:
    if not isinstance(key, str) or not key:
        raise InvalidParameterValue(f"{what} key must be a non-empty string, got {key!r}")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidParameterValue(f"{what} key is {len(key)} characters long; MLflow allows {MAX_KEY_LENGTH}")
    return key


def _entries(entries: object, what: str) -> list[tuple[str, str]]:
    """Tags or params of a logged model as strings (MLflow's client sends `str(value)`); one entry per key, the
    last value winning for tags, two different values of one param refused."""
    result: dict[str, str] = {}
    for key, value, _ in validate.pairs(entries, what):
        key = _key(key, what)
        text = validate.string_value(value, what, limit=2**31)  # text columns: no length limit worth a check
        if what == "logged model param" and result.get(key, text) != text:
            raise InvalidParameterValue(f"param {key!r} is given twice with different values")
        result[key] = text
    return list(result.items())


def _model(answer: LoggedModelResponse) -> entities.LoggedModel:
    return to_entities.logged_model(answer.model)


# --- the model itself ------------------------------------------------------------------------------------


def create_logged_model(
    cx: Context,
    experiment_id: str,
    name: str | None = None,
    source_run_id: str | None = None,
    tags: object = None,
    params: object = None,
    model_type: str | None = None,
) -> Op[entities.LoggedModel]:
    """Create a logged model (status PENDING); params beyond the first 100 follow in requests of 100."""
    (experiment,) = experiment_id_list([experiment_id])
    tag_entries = _entries(tags, "logged model tag")
    param_entries = _entries(params, "logged model param")
    if model_type is not None and not isinstance(model_type, str):
        raise InvalidParameterValue(f"model_type must be a string, got {type(model_type).__name__}")
    body = CreateLoggedModel(
        experiment_id=experiment,
        name=UNSET if name is None else _name(name),
        model_type=UNSET if model_type is None else model_type,
        source_run_id=UNSET if source_run_id is None else run_id_of(source_run_id, "source_run_id"),
        params=[LoggedModelParameter(key=k, value=v) for k, v in param_entries[:PARAMS_PER_REQUEST]] or UNSET,
        tags=[LoggedModelTag(key=k, value=v) for k, v in tag_entries] or UNSET,
    )
    yield from require(cx, MLFLOW_3, "create_logged_model")
    # Not idempotent: each try would make another model.
    answer = yield from ask(
        cx, _create_logged_model._get_kwargs(body=body), LoggedModelResponse.from_dict, idempotent=False
    )
    model = _model(answer)
    if len(param_entries) > PARAMS_PER_REQUEST:
        yield from _log_params(cx, model.model_id, param_entries[PARAMS_PER_REQUEST:])
        model = yield from get_logged_model(cx, model.model_id)
    return model


def get_logged_model(cx: Context, model_id: str) -> Op[entities.LoggedModel]:
    kwargs = _get_logged_model._get_kwargs(model_id=model_id_of(model_id))
    yield from require(cx, MLFLOW_3, "get_logged_model")
    return _model((yield from ask(cx, kwargs, LoggedModelResponse.from_dict)))


def finalize_logged_model(cx: Context, model_id: str, status: object) -> Op[entities.LoggedModel]:
    """Set the final status, "READY" once its files are uploaded or "FAILED"."""
    name = getattr(status, "value", status)  # MLflow's LoggedModelStatus enum, or its name
    wire_status = _FINAL_STATUSES.get(name) if isinstance(name, str) else None
    if wire_status is None:
        raise InvalidParameterValue(f"status must be 'READY' or 'FAILED', got {status!r}")
    model_id = model_id_of(model_id)
    # The body repeats the path's model_id: the server reads it from there.
    body = FinalizeLoggedModel(model_id=model_id, status=wire_status)
    yield from require(cx, MLFLOW_3, "finalize_logged_model")
    kwargs = _finalize_logged_model._get_kwargs(model_id=model_id, body=body)
    return _model((yield from ask(cx, kwargs, LoggedModelResponse.from_dict)))


def delete_logged_model(cx: Context, model_id: str) -> Op[None]:
    kwargs = _delete_logged_model._get_kwargs(model_id=model_id_of(model_id))
    yield from require(cx, MLFLOW_3, "delete_logged_model")
    yield from tell(cx, kwargs)


def set_logged_model_tags(cx: Context, model_id: str, tags: object) -> Op[None]:
    entries = _entries(tags, "logged model tag")
    body = SetLoggedModelTags(tags=[LoggedModelTag(key=k, value=v) for k, v in entries])
    kwargs = _set_logged_model_tags._get_kwargs(model_id=model_id_of(model_id), body=body)
    yield from require(cx, MLFLOW_3, "set_logged_model_tags")
    yield from tell(cx, kwargs)


def delete_logged_model_tag(cx: Context, model_id: str, key: str) -> Op[None]:
    key = _key(key, "logged model tag")
    if "/" in key:
        # The server's route takes the key as one path segment; an encoded slash is decoded before routing.
        raise InvalidParameterValue(
            f"the tag {key!r} cannot be deleted over MLflow's REST API: its route does not take keys with '/'"
        )
    kwargs = _delete_logged_model_tag._get_kwargs(model_id=model_id_of(model_id), tag_key=key)
    yield from require(cx, MLFLOW_3, "delete_logged_model_tag")
    yield from tell(cx, kwargs)


def log_model_params(cx: Context, model_id: str, params: object) -> Op[None]:
    """Log params of a logged model, in requests of 100 as MLflow's client sends them."""
    entries = _entries(params, "logged model param")
    model_id = model_id_of(model_id)
    yield from require(cx, MLFLOW_3, "log_model_params")
    yield from _log_params(cx, model_id, entries)


def _log_params(cx: Context, model_id: str, entries: list[tuple[str, str]]) -> Op[None]:
    for start in range(0, len(entries), PARAMS_PER_REQUEST):
        chunk = entries[start : start + PARAMS_PER_REQUEST]
        # The body repeats the path's model_id: the server requires it.
        body = LogLoggedModelParams(model_id=model_id, params=[LoggedModelParameter(key=k, value=v) for k, v in chunk])
        yield from tell(cx, _log_logged_model_params._get_kwargs(model_id=model_id, body=body))


# --- searching -------------------------------------------------------------------------------------------


def search_logged_models(
    cx: Context,
    experiment_ids: object,
    *,
    filter_string: str | None,
    datasets: Sequence[Mapping[str, Any]] | None,
    order_by: Sequence[Mapping[str, Any]] | None,
) -> Search[entities.LoggedModel]:
    """A search of logged models. `datasets` (`{"dataset_name", "dataset_digest"}` dicts) limits the metrics a
    filter looks at; `order_by` is a list of `{"field_name", "ascending", "dataset_name", "dataset_digest"}`."""
    ids = experiment_id_list(experiment_ids)
    wire_datasets = [_dataset_filter(item) for item in datasets or []]
    wire_order = [_order_by(item) for item in order_by or []]
    page = partial(
        search_logged_models_page,
        cx,
        experiment_ids=ids,
        filter_string=filter_string,
        datasets=wire_datasets,
        order_by=wire_order,
    )
    key = search_key(
        "logged_models", ids, filter_string, [d.to_dict() for d in wire_datasets], [o.to_dict() for o in wire_order]
    )
    return Search(LOGGED_MODELS_PAGE, page, key)


def search_logged_models_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    experiment_ids: list[str],
    filter_string: str | None,
    datasets: list[SearchLoggedModelsDataset],
    order_by: list[SearchLoggedModelsOrderBy],
) -> Op[tuple[list[entities.LoggedModel], str | None]]:
    body = SearchLoggedModels(
        experiment_ids=experiment_ids,
        filter_=filter_string or UNSET,
        datasets=datasets or UNSET,
        max_results=UNSET if page_size is None else page_size,
        order_by=order_by or UNSET,
        page_token=page_token or UNSET,
    )
    yield from require(cx, MLFLOW_3, "search_logged_models")
    # A search sends a POST but changes nothing: safe to resend.
    answer = yield from ask(cx, _search_logged_models._get_kwargs(body=body), SearchLoggedModelsResponse.from_dict)
    return [to_entities.logged_model(m) for m in to_entities.items(answer.models)], to_entities.token(
        answer.next_page_token
    )


def _dataset_filter(item: object) -> SearchLoggedModelsDataset:
    fields = _fields(item, "datasets", required=("dataset_name",), optional=("dataset_digest",))
    return SearchLoggedModelsDataset(
        dataset_name=fields["dataset_name"], dataset_digest=fields.get("dataset_digest") or UNSET
    )


def _order_by(item: object) -> SearchLoggedModelsOrderBy:
    fields = _fields(
        item, "order_by", required=("field_name",), optional=("ascending", "dataset_name", "dataset_digest")
    )
    ascending = fields.get("ascending", True)
    if not isinstance(ascending, bool):
        raise InvalidParameterValue(f"order_by 'ascending' must be True or False, got {ascending!r}")
    return SearchLoggedModelsOrderBy(
        field_name=fields["field_name"],
        ascending=ascending,
        dataset_name=fields.get("dataset_name") or UNSET,
        dataset_digest=fields.get("dataset_digest") or UNSET,
    )


def _fields(item: object, what: str, *, required: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise InvalidParameterValue(f"each entry of {what} must be a dict, got {item!r}")
    unknown = set(item) - set(required) - set(optional)
    missing = [name for name in required if not item.get(name)]
    if unknown or missing:
        takes = ", ".join(required + optional)
        raise InvalidParameterValue(
            f"an entry of {what} takes {takes} ({', '.join(required)} required), got {dict(item)!r}"
        )
    for name in (*required, "dataset_name", "dataset_digest"):
        if item.get(name) is not None and not isinstance(item[name], str):
            raise InvalidParameterValue(f"{what} {name!r} must be a string, got {item[name]!r}")
    return dict(item)


# --- artifacts -------------------------------------------------------------------------------------------


def model_root(cx: Context, model_id: str) -> Op[artifacts.Location]:
    model = yield from get_logged_model(cx, model_id)
    return artifacts.root_of(model.artifact_location, f"logged model {model_id}")


def log_model_artifact(
    cx: Context,
    model_id: str,
    local_path: str | os.PathLike[str],
    artifact_path: str | None = None,
    progress: artifacts.Progress | None = None,
) -> Op[None]:
    """Upload one file into the logged model's artifacts (into the folder `artifact_path`)."""
    root = model_root(cx, model_id_of(model_id))
    yield from artifacts.upload_one(root, cx, local_path, artifact_path, progress)


def log_model_artifacts(
    cx: Context,
    model_id: str,
    local_dir: str | os.PathLike[str],
    artifact_path: str | None = None,
    progress: artifacts.Progress | None = None,
) -> Op[None]:
    """Upload a folder's files (its whole tree) into the logged model's artifacts."""
    root = model_root(cx, model_id_of(model_id))
    yield from artifacts.upload_tree(root, cx, local_dir, artifact_path, progress)


def list_logged_model_artifacts(cx: Context, model_id: str, path: str | None = None) -> Op[list[entities.FileInfo]]:
    """The files and folders directly under `path` of the model's artifacts (paths relative to its root)."""
    folder = artifacts.relative_path(path, "path")
    model_id = model_id_of(model_id)
    yield from require(cx, MLFLOW_3, "list_logged_model_artifacts")
    root = yield from model_root(cx, model_id)
    if root.store is not None:  # a store the server does not proxy: listed by the client, as it is written
        return (yield from artifacts.list_proxied(cx, root, folder))
    files: list[entities.FileInfo] = []
    token: str | None = None
    while True:
        kwargs = _list_logged_model_artifacts._get_kwargs(
            model_id=model_id, artifact_directory_path=folder or UNSET, page_token=token or UNSET
        )
        answer = yield from ask(cx, kwargs, ListLoggedModelArtifactsResponse.from_dict)
        files.extend(to_entities.file_info(item) for item in to_entities.items(answer.files))
        token = to_entities.token(answer.next_page_token)
        if token is None:
            return files


# --- runs ------------------------------------------------------------------------------------------------


def log_outputs(cx: Context, run_id: str, models: object) -> Op[None]:
    """Record that a run produced these logged models (`LoggedModelOutput(model_id, step)` or dicts)."""
    outputs = [_model_output(item) for item in _sequence(models, "models")]
    body = LogOutputs(run_id=run_id_of(run_id), models=outputs)
    yield from require(cx, MLFLOW_3, "log_outputs")
    yield from tell(cx, _log_outputs._get_kwargs(body=body))


def _sequence(value: object, what: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise InvalidParameterValue(f"{what} must be a list, got {type(value).__name__}")
    return list(value)


def _model_output(item: object) -> ModelOutput:
    if isinstance(item, Mapping):
        try:
            item = entities.LoggedModelOutput.from_dict(item)
        except TypeError:
            raise InvalidParameterValue(f"a model output needs model_id and step, got {item!r}") from None
    if not isinstance(item, entities.LoggedModelOutput):
        raise InvalidParameterValue(f"a model output must be a LoggedModelOutput, got {item!r}")
    return ModelOutput(model_id=model_id_of(item.model_id), step=validate.int64(item.step, "step"))


# --- registering a model URI -------------------------------------------------------------------------------


def model_source(cx: Context, model_uri: str) -> Op[tuple[str, str | None, str | None]]:
    """The (source, run_id, model_id) `register_model` registers for a model URI, found as MLflow's client of the
    server's version finds them.

    `runs:/<run_id>/<path>` is the run's artifacts at `path` for MLflow 2, and for MLflow 3 when an `MLmodel`
    file is there; else MLflow 3 registers the run's logged model named `path` (the one logged at the latest
    step when there are several) as `models:/<model_id>`. `models:/<model_id>` names its logged model.
    """
    if not isinstance(model_uri, str) or not model_uri:
        raise InvalidParameterValue(f"model_uri must be a non-empty string, got {model_uri!r}")
    if not model_uri.startswith("runs:/"):
        return model_uri, None, _model_id_in(model_uri)
    run_id, _, path = model_uri.removeprefix("runs:/").partition("/")
    path = path.strip("/")
    run = yield from get_run(cx, run_id_of(run_id, "the run id of model_uri"))
    under = artifacts.join(run.info.artifact_uri.rstrip("/"), path) if path else run.info.artifact_uri.rstrip("/")
    if not (yield from at_least(cx, MLFLOW_3)):
        return under, run_id, None
    files = yield from artifacts.list_artifacts(cx, run_id, path)
    if any(f.path == artifacts.join(path, "MLmodel") for f in files):
        return under, run_id, None
    search = search_logged_models(
        cx, [run.info.experiment_id], filter_string=f"name = '{path}'", datasets=None, order_by=None
    )
    found: list[entities.LoggedModel] = []
    token: str | None = None
    while True:
        models, token = yield from search.page(token, None)
        found += [m for m in models if m.source_run_id == run_id]
        if token is None:
            break
    if not found:
        raise ResourceDoesNotExist(f"Unable to find a logged_model with artifact_path {path} under run {run_id}")
    if len(found) > 1 and run.outputs is None:
        raise InvalidParameterValue(
            f"Multiple logged models found for run {run_id}. Cannot determine which model to register. Please use "
            "`models:/<model_id>` instead."
        )
    steps = {o.model_id: o.step for o in run.outputs.model_outputs} if run.outputs is not None else {}
    model_id = max(found, key=lambda m: steps.get(m.model_id, 0)).model_id
    logger.warning(
        "Run with id %s has no artifacts at artifact path %r, registering model based on models:/%s instead",
        run_id,
        path,
        model_id,
    )
    return f"models:/{model_id}", run_id, model_id


def _model_id_in(model_uri: str) -> str | None:
    """The logged model a `models:/<model_id>` URI names (not `models:/<name>/<version>`)."""
    if not model_uri.startswith("models:/"):
        return None
    rest = model_uri.removeprefix("models:/").strip("/")
    return rest if rest.startswith("m-") and "/" not in rest else None


def note_model_version(cx: Context, model_id: str, name: str, version: str) -> Op[None]:
    """Add a version registered from a logged model to its `mlflow.modelVersions` tag, as MLflow 3's
    `register_model` does after the server has added it itself (so the entry is there twice, once with the
    version as a number and once as a string: what MLflow's client stores, kept identical)."""
    try:
        model = yield from get_logged_model(cx, model_id)
    except ResourceDoesNotExist:
        logger.warning("Unable to update logged model tags for model ID %r: the logged model does not exist", model_id)
        return
    entries = [*json.loads(model.tags.get(MODEL_VERSIONS_TAG) or "[]"), {"name": name, "version": version}]
    yield from set_logged_model_tags(cx, model_id, {MODEL_VERSIONS_TAG: json.dumps(entries)})

"""Model registry ops: registered models, model versions and aliases.

Written as ops (generators of `Send`/`Sleep` effects) for both clients. Input the server would refuse
is refused here first, with `InvalidParameterValue`, before any request goes out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from functools import partial

from mlflow_rest_api.api.model_versions import (
    create_model_version as _create_model_version,
    delete_model_version as _delete_model_version,
    delete_model_version_tag as _delete_model_version_tag,
    get_model_version as _get_model_version,
    get_model_version_download_uri as _get_model_version_download_uri,
    search_model_versions as _search_model_versions,
    set_model_version_tag as _set_model_version_tag,
    transition_model_version_stage as _transition_model_version_stage,
    update_model_version as _update_model_version,
)
from mlflow_rest_api.api.registered_models import (
    create_registered_model as _create_registered_model,
    delete_registered_model as _delete_registered_model,
    delete_registered_model_alias as _delete_registered_model_alias,
    delete_registered_model_tag as _delete_registered_model_tag,
    get_latest_versions as _get_latest_versions,
    get_model_version_by_alias as _get_model_version_by_alias,
    get_registered_model as _get_registered_model,
    rename_registered_model as _rename_registered_model,
    search_registered_models as _search_registered_models,
    set_registered_model_alias as _set_registered_model_alias,
    set_registered_model_tag as _set_registered_model_tag,
    update_registered_model as _update_registered_model,
)
from mlflow_rest_api.models import (
    CreateModelVersion,
    CreateModelVersionResponse,
    CreateRegisteredModel,
    CreateRegisteredModelResponse,
    DeleteModelVersion,
    DeleteModelVersionTag,
    DeleteRegisteredModel,
    DeleteRegisteredModelAlias,
    DeleteRegisteredModelTag,
    GetLatestVersions,
    GetLatestVersionsResponse,
    GetModelVersionByAliasResponse,
    GetModelVersionDownloadUriResponse,
    GetModelVersionResponse,
    GetRegisteredModelResponse,
    ModelVersionTag,
    RegisteredModelTag,
    RenameRegisteredModel,
    RenameRegisteredModelResponse,
    SearchModelVersionsResponse,
    SearchRegisteredModelsResponse,
    SetModelVersionTag,
    SetRegisteredModelAlias,
    SetRegisteredModelTag,
    TransitionModelVersionStage,
    TransitionModelVersionStageResponse,
    UpdateModelVersion,
    UpdateModelVersionResponse,
    UpdateRegisteredModel,
    UpdateRegisteredModelResponse,
)
from mlflow_rest_api.types import UNSET

from .._core.context import Context
from .._core.effects import Op, Sleep
from .._core.server import MLFLOW_3, require
from .._entities import ModelVersion, ModelVersionStatus, RegisteredModel
from .._errors import ApiError, InvalidParameterValue
from . import to_entities, validate
from .calls import ask, tell
from .searches import Search, search_key

__all__ = [
    "STAGES",
    "alias_name",
    "create_model_version",
    "create_registered_model",
    "delete_model_version",
    "delete_model_version_tag",
    "delete_registered_model",
    "delete_registered_model_alias",
    "delete_registered_model_tag",
    "get_latest_versions",
    "get_model_version",
    "get_model_version_by_alias",
    "get_model_version_download_uri",
    "get_registered_model",
    "model_name",
    "model_version",
    "registry_tags",
    "rename_registered_model",
    "search_model_versions",
    "search_model_versions_page",
    "search_registered_models",
    "search_registered_models_page",
    "set_model_version_tag",
    "set_registered_model_alias",
    "set_registered_model_tag",
    "stage_name",
    "transition_model_version_stage",
    "update_model_version",
    "update_registered_model",
    "version_or_stage",
]

# The largest pages each search allows (registered models: 1000; versions: MLflow's client asks for 10000).
REGISTERED_MODELS_PAGE = 1000
MODEL_VERSIONS_PAGE = 10_000
# Registry tag values: 5000 characters in 2.22.5 (3.x allows 100,000); the server rejects longer ones, so the
# lower limit is checked, which holds for every server.
MAX_REGISTRY_TAG_VALUE_LENGTH = 5000
MAX_ALIAS_LENGTH = 255
_ALIAS_CHARS = re.compile(r"^[\w\-]*$")
_RESERVED_ALIAS = re.compile(r"^(latest|v\d+)$", re.IGNORECASE)
STAGES = {"none": "None", "staging": "Staging", "production": "Production", "archived": "Archived"}
# MLflow's client checks a pending model version every few seconds.
AWAIT_CREATION_INTERVAL = 1.0


# --- validation ------------------------------------------------------------------------------------------


def model_name(name: object, what: str = "registered model name") -> str:
    if not isinstance(name, str) or not name:
        raise InvalidParameterValue(f"{what} must be a non-empty string, got {name!r}")
    return name


def model_version(version: object) -> str:
    """A version as the wire wants it: a string of an integer (`1` and `"1"` both become `"1"`)."""
    if isinstance(version, bool) or not isinstance(version, (int, str)):
        raise InvalidParameterValue(f"model version must be an int or a string of one, got {version!r}")
    text = str(version).strip()
    if not text.isdigit():
        raise InvalidParameterValue(f"model version must be a positive integer, got {version!r}")
    return str(int(text))


def alias_name(alias: object) -> str:
    if not isinstance(alias, str) or not alias:
        raise InvalidParameterValue(f"alias must be a non-empty string, got {alias!r}")
    if not _ALIAS_CHARS.match(alias):
        raise InvalidParameterValue(f"invalid alias {alias!r}: only alphanumerics, underscores and dashes are allowed")
    if len(alias) > MAX_ALIAS_LENGTH:
        raise InvalidParameterValue(f"alias is {len(alias)} characters long; MLflow allows {MAX_ALIAS_LENGTH}")
    if _RESERVED_ALIAS.match(alias):
        raise InvalidParameterValue(f"alias {alias!r} is reserved by MLflow ('latest' and 'v<number>')")
    return alias


def stage_name(stage: object) -> str:
    canonical = STAGES.get(stage.lower()) if isinstance(stage, str) else None
    if canonical is None:
        raise InvalidParameterValue(f"unknown model stage {stage!r}; use one of {', '.join(STAGES.values())}")
    return canonical


def registry_tags(tags: object) -> list[tuple[str, str]]:
    return validate.string_entries(tags, "registry tag", MAX_REGISTRY_TAG_VALUE_LENGTH)


def _tag(key: object, value: object) -> tuple[str, str]:
    return validate.validate_key(key, "registry tag"), validate.string_value(
        value, "registry tag", MAX_REGISTRY_TAG_VALUE_LENGTH
    )


def _text(value: str | None, what: str) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidParameterValue(f"{what} must be a string, got {type(value).__name__}")
    return value or ""


def _no_deployment_job(deployment_job_id: str | None) -> None:
    # MLflow 3's client takes it, but MLflow's open-source server ignores it (a Databricks Unity Catalog
    # feature): sent, it would be lost without a word.
    if deployment_job_id is not None:
        raise InvalidParameterValue(
            "deployment_job_id is not stored by MLflow's open-source tracking server (deployment jobs are a "
            "Databricks Unity Catalog feature); leave it out"
        )


# --- registered models -----------------------------------------------------------------------------------


def create_registered_model(
    cx: Context,
    name: str,
    tags: object = None,
    description: str | None = None,
    deployment_job_id: str | None = None,
) -> Op[RegisteredModel]:
    body = CreateRegisteredModel(
        name=model_name(name),
        tags=[RegisteredModelTag(key=k, value=v) for k, v in registry_tags(tags)] or UNSET,
        description=UNSET if description is None else _text(description, "description"),
    )
    _no_deployment_job(deployment_job_id)
    # Not idempotent: a resend after a lost answer would meet its own model and fail.
    answer = yield from ask(
        cx,
        _create_registered_model._get_kwargs(body=body),
        CreateRegisteredModelResponse.from_dict,
        idempotent=False,
    )
    return to_entities.registered_model(answer.registered_model)


def get_registered_model(cx: Context, name: str) -> Op[RegisteredModel]:
    answer = yield from ask(
        cx, _get_registered_model._get_kwargs(name=model_name(name)), GetRegisteredModelResponse.from_dict
    )
    return to_entities.registered_model(answer.registered_model)


def search_registered_models(
    cx: Context, *, filter_string: str | None, order_by: Sequence[str] | None
) -> Search[RegisteredModel]:
    page = partial(search_registered_models_page, cx, filter_string=filter_string, order_by=order_by)
    return Search(REGISTERED_MODELS_PAGE, page, search_key("registered_models", filter_string, order_by))


def search_registered_models_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
) -> Op[tuple[list[RegisteredModel], str | None]]:
    kwargs = _search_registered_models._get_kwargs(
        filter_=filter_string or UNSET,
        max_results=REGISTERED_MODELS_PAGE if page_size is None else page_size,
        order_by=list(order_by) if order_by else UNSET,
        page_token=page_token or UNSET,
    )
    answer = yield from ask(cx, kwargs, SearchRegisteredModelsResponse.from_dict)
    models = [to_entities.registered_model(item) for item in to_entities.items(answer.registered_models)]
    return models, to_entities.token(answer.next_page_token)


def rename_registered_model(cx: Context, name: str, new_name: str) -> Op[RegisteredModel]:
    body = RenameRegisteredModel(name=model_name(name), new_name=model_name(new_name, "new registered model name"))
    # Not idempotent: once renamed, a resend finds no model under the old name.
    answer = yield from ask(
        cx,
        _rename_registered_model._get_kwargs(body=body),
        RenameRegisteredModelResponse.from_dict,
        idempotent=False,
    )
    return to_entities.registered_model(answer.registered_model)


def update_registered_model(
    cx: Context,
    name: str,
    description: str | None,
    deployment_job_id: str | None = None,
) -> Op[RegisteredModel]:
    _no_deployment_job(deployment_job_id)
    body = UpdateRegisteredModel(name=model_name(name), description=_text(description, "description"))
    answer = yield from ask(
        cx, _update_registered_model._get_kwargs(body=body), UpdateRegisteredModelResponse.from_dict
    )
    return to_entities.registered_model(answer.registered_model)


def delete_registered_model(cx: Context, name: str) -> Op[None]:
    body = DeleteRegisteredModel(name=model_name(name))
    yield from tell(cx, _delete_registered_model._get_kwargs(body=body), idempotent=False)


def set_registered_model_tag(cx: Context, name: str, key: str, value: object) -> Op[None]:
    key, text = _tag(key, value)
    body = SetRegisteredModelTag(name=model_name(name), key=key, value=text)
    yield from tell(cx, _set_registered_model_tag._get_kwargs(body=body))


def delete_registered_model_tag(cx: Context, name: str, key: str) -> Op[None]:
    body = DeleteRegisteredModelTag(name=model_name(name), key=validate.validate_key(key, "registry tag"))
    yield from tell(cx, _delete_registered_model_tag._get_kwargs(body=body), idempotent=False)


def get_latest_versions(cx: Context, name: str, stages: Sequence[str] | None = None) -> Op[list[ModelVersion]]:
    if isinstance(stages, str):
        stages = [stages]
    body = GetLatestVersions(name=model_name(name), stages=[stage_name(s) for s in stages] if stages else UNSET)
    answer = yield from ask(cx, _get_latest_versions._get_kwargs(body=body), GetLatestVersionsResponse.from_dict)
    return [to_entities.model_version(item) for item in to_entities.items(answer.model_versions)]


# --- model versions --------------------------------------------------------------------------------------


def create_model_version(
    cx: Context,
    name: str,
    source: str,
    run_id: str | None = None,
    tags: object = None,
    run_link: str | None = None,
    description: str | None = None,
    await_creation_for: int = 300,
    model_id: str | None = None,
) -> Op[ModelVersion]:
    """Register `source` (e.g. `runs:/<run_id>/model`, or the run's artifact URI plus a path) as a new version."""
    if not isinstance(source, str) or not source:
        raise InvalidParameterValue(f"model version source must be a non-empty string, got {source!r}")
    body = CreateModelVersion(
        name=model_name(name),
        source=source,
        run_id=UNSET if run_id is None else _text(run_id, "run_id"),
        tags=[ModelVersionTag(key=k, value=v) for k, v in registry_tags(tags)] or UNSET,
        run_link=UNSET if run_link is None else _text(run_link, "run_link"),
        description=UNSET if description is None else _text(description, "description"),
        model_id=UNSET if model_id is None else _text(model_id, "model_id"),
    )
    if model_id is not None:
        yield from require(cx, MLFLOW_3, "create_model_version(model_id=...)")
    # Not idempotent: each create makes a new version number.
    answer = yield from ask(
        cx, _create_model_version._get_kwargs(body=body), CreateModelVersionResponse.from_dict, idempotent=False
    )
    version = to_entities.model_version(answer.model_version)
    # As MLflow's client: wait (up to `await_creation_for` seconds) while the store is still copying the model.
    deadline = time.monotonic() + max(0, await_creation_for or 0)
    while version.status == ModelVersionStatus.PENDING_REGISTRATION and time.monotonic() < deadline:
        yield Sleep(min(AWAIT_CREATION_INTERVAL, max(0.0, deadline - time.monotonic())))
        version = yield from get_model_version(cx, version.name, version.version)
    if version.status == ModelVersionStatus.FAILED_REGISTRATION:
        raise ApiError(f"model version {version.name} {version.version} failed to register: {version.status_message}")
    return version


def get_model_version(cx: Context, name: str, version: str | int) -> Op[ModelVersion]:
    kwargs = _get_model_version._get_kwargs(name=model_name(name), version=model_version(version))
    answer = yield from ask(cx, kwargs, GetModelVersionResponse.from_dict)
    return to_entities.model_version(answer.model_version)


def search_model_versions(
    cx: Context, *, filter_string: str | None, order_by: Sequence[str] | None
) -> Search[ModelVersion]:
    page = partial(search_model_versions_page, cx, filter_string=filter_string, order_by=order_by)
    return Search(MODEL_VERSIONS_PAGE, page, search_key("model_versions", filter_string, order_by))


def search_model_versions_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
) -> Op[tuple[list[ModelVersion], str | None]]:
    kwargs = _search_model_versions._get_kwargs(
        filter_=filter_string or UNSET,
        max_results=MODEL_VERSIONS_PAGE if page_size is None else page_size,
        order_by=list(order_by) if order_by else UNSET,
        page_token=page_token or UNSET,
    )
    answer = yield from ask(cx, kwargs, SearchModelVersionsResponse.from_dict)
    versions = [to_entities.model_version(item) for item in to_entities.items(answer.model_versions)]
    return versions, to_entities.token(answer.next_page_token)


def update_model_version(cx: Context, name: str, version: str | int, description: str | None) -> Op[ModelVersion]:
    body = UpdateModelVersion(
        name=model_name(name), version=model_version(version), description=_text(description, "description")
    )
    answer = yield from ask(cx, _update_model_version._get_kwargs(body=body), UpdateModelVersionResponse.from_dict)
    return to_entities.model_version(answer.model_version)


def delete_model_version(cx: Context, name: str, version: str | int) -> Op[None]:
    body = DeleteModelVersion(name=model_name(name), version=model_version(version))
    yield from tell(cx, _delete_model_version._get_kwargs(body=body), idempotent=False)


def version_or_stage(cx: Context, name: str, version: str | int | None, stage: str | None) -> Op[str]:
    """The version a tag call means: the one given, or (MLflow's deprecated way) the latest in `stage`."""
    if (version is None) == (stage is None):
        raise InvalidParameterValue("give either version or stage, not both and not neither")
    if version is not None:
        return model_version(version)
    latest = yield from get_latest_versions(cx, name, [stage_name(stage)])
    if not latest:
        raise InvalidParameterValue(f"registered model {name!r} has no version in stage {stage!r}")
    return latest[0].version


def set_model_version_tag(
    cx: Context, name: str, version: str | int | None, key: object, value: object, stage: str | None = None
) -> Op[None]:
    key, text = _tag(key, value)
    number = yield from version_or_stage(cx, model_name(name), version, stage)
    body = SetModelVersionTag(name=model_name(name), version=number, key=key, value=text)
    yield from tell(cx, _set_model_version_tag._get_kwargs(body=body))


def delete_model_version_tag(
    cx: Context, name: str, version: str | int | None, key: object, stage: str | None = None
) -> Op[None]:
    key = validate.validate_key(key, "registry tag")
    number = yield from version_or_stage(cx, model_name(name), version, stage)
    body = DeleteModelVersionTag(name=model_name(name), version=number, key=key)
    yield from tell(cx, _delete_model_version_tag._get_kwargs(body=body), idempotent=False)


def get_model_version_download_uri(cx: Context, name: str, version: str | int) -> Op[str]:
    kwargs = _get_model_version_download_uri._get_kwargs(name=model_name(name), version=model_version(version))
    answer = yield from ask(cx, kwargs, GetModelVersionDownloadUriResponse.from_dict)
    return answer.artifact_uri


def transition_model_version_stage(
    cx: Context, name: str, version: str | int, stage: str, archive_existing_versions: bool = False
) -> Op[ModelVersion]:
    if not isinstance(archive_existing_versions, bool):
        # The server wants a JSON boolean here, and `"false"` would be truthy in Python.
        raise InvalidParameterValue("archive_existing_versions must be a bool")
    body = TransitionModelVersionStage(
        name=model_name(name),
        version=model_version(version),
        stage=stage_name(stage),
        archive_existing_versions=archive_existing_versions,
    )
    answer = yield from ask(
        cx,
        _transition_model_version_stage._get_kwargs(body=body),
        TransitionModelVersionStageResponse.from_dict,
    )
    return to_entities.model_version(answer.model_version)


# --- aliases ---------------------------------------------------------------------------------------------


def set_registered_model_alias(cx: Context, name: str, alias: str, version: str | int) -> Op[None]:
    body = SetRegisteredModelAlias(name=model_name(name), alias=alias_name(alias), version=model_version(version))
    yield from tell(cx, _set_registered_model_alias._get_kwargs(body=body))


def get_model_version_by_alias(cx: Context, name: str, alias: str) -> Op[ModelVersion]:
    kwargs = _get_model_version_by_alias._get_kwargs(name=model_name(name), alias=alias_name(alias))
    answer = yield from ask(cx, kwargs, GetModelVersionByAliasResponse.from_dict)
    return to_entities.model_version(answer.model_version)


def delete_registered_model_alias(cx: Context, name: str, alias: str) -> Op[None]:
    body = DeleteRegisteredModelAlias(name=model_name(name), alias=alias_name(alias))
    # Deleting an alias that is gone is a no-op on the server, so a resend is harmless.
    yield from tell(cx, _delete_registered_model_alias._get_kwargs(body=body))

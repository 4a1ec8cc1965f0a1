"""From the generated answer models to mlflow-lite's entities.

The generated models mirror the wire (lists of key/value tags, `UNSET` for absent fields, metric values that may
be the strings "NaN" and "Infinity"); the entities mirror MLflow's Python objects. Each function here maps one
model to its entity the way MLflow's own client maps the protobuf message: absent strings read as "", absent
optional numbers as None, and fields this version does not know are kept in `extra`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from mlflow_rest_api.types import Unset

from .. import _entities as e
from .._ops.validate import metric_value_from_json

if TYPE_CHECKING:
    from mlflow_rest_api import models as api

__all__ = [
    "dataset_input",
    "experiment",
    "file_info",
    "items",
    "logged_model",
    "metric",
    "model_version",
    "registered_model",
    "run",
    "run_info",
    "token",
]

T = TypeVar("T")


def _opt(value: T | Unset) -> T | None:
    return None if isinstance(value, Unset) else value


def _str(value: str | Unset) -> str:
    return "" if isinstance(value, Unset) else value


def items(value: list[T] | Unset) -> list[T]:
    """A list field of an answer; the server leaves empty lists out."""
    return [] if isinstance(value, Unset) else value


def token(value: str | Unset) -> str | None:
    """A next-page token of an answer: None on the last page (absent, or empty as some servers send it)."""
    return None if isinstance(value, Unset) or not value else value


def _pairs(tags: list[Any] | Unset) -> dict[str, str]:
    return {_str(tag.key): _str(tag.value) for tag in items(tags)}


def experiment(model: api.Experiment) -> e.Experiment:
    return e.Experiment(
        experiment_id=model.experiment_id,
        name=model.name,
        artifact_location=model.artifact_location,
        lifecycle_stage=model.lifecycle_stage,
        tags=_pairs(model.tags),
        # Experiments made before MLflow 1.29 have no times; MLflow's client reads 0 as None too.
        creation_time=_opt(model.creation_time) or None,
        last_update_time=_opt(model.last_update_time) or None,
        workspace=_opt(model.workspace),
        effective_trace_archival_retention=_opt(model.effective_trace_archival_retention),
        extra=model.additional_properties,
    )


def metric(model: api.Metric | api.ModelMetric) -> e.Metric:
    # A model version's metrics (`ModelMetric`) are metrics with every field optional on the wire.
    value = model.value
    return e.Metric(
        key=_str(model.key),
        value=metric_value_from_json(0.0 if isinstance(value, Unset) else value),
        timestamp=_opt(model.timestamp) or 0,
        step=_opt(model.step) or 0,
        # MLflow's client reads these links' absence ("") as None.
        model_id=_opt(model.model_id) or None,
        dataset_name=_opt(model.dataset_name) or None,
        dataset_digest=_opt(model.dataset_digest) or None,
        run_id=_opt(model.run_id) or None,
        extra=model.additional_properties,
    )


def run_info(model: api.RunInfo) -> e.RunInfo:
    return e.RunInfo(
        run_id=model.run_id,
        experiment_id=model.experiment_id,
        user_id=model.user_id,
        status=model.status.value,
        start_time=model.start_time,
        # MLflow's client reads an end time of 0 as "not ended" too.
        end_time=_opt(model.end_time) or None,
        lifecycle_stage=model.lifecycle_stage,
        artifact_uri=model.artifact_uri,
        run_name=model.run_name,
        extra=model.additional_properties,
    )


def dataset_input(model: api.DatasetInput) -> e.DatasetInput:
    dataset = model.dataset
    return e.DatasetInput(
        dataset=e.Dataset(
            name=dataset.name,
            digest=dataset.digest,
            source_type=dataset.source_type,
            source=dataset.source,
            schema=_opt(dataset.schema),
            profile=_opt(dataset.profile),
            extra=dataset.additional_properties,
        ),
        tags=[e.InputTag(_str(tag.key), _str(tag.value)) for tag in items(model.tags)],
        extra=model.additional_properties,
    )


def run(model: api.Run) -> e.Run:
    data = model.data
    return e.Run(
        run_info=run_info(model.info),
        run_data=e.RunData(
            metrics={m.key: metric_value_from_json(m.value) for m in items(data.metrics)},
            params=_pairs(data.params),
            tags=_pairs(data.tags),
            extra=data.additional_properties,
        ),
        run_inputs=e.RunInputs(
            dataset_inputs=[dataset_input(item) for item in items(model.inputs.dataset_inputs)],
            model_inputs=[
                e.LoggedModelInput(item.model_id, extra=item.additional_properties)
                for item in items(model.inputs.model_inputs)
            ],
            extra=model.inputs.additional_properties,
        ),
        # MLflow 3 servers send outputs (maybe empty); 2.x servers know nothing of them, and give None.
        run_outputs=None if isinstance(model.outputs, Unset) else run_outputs(model.outputs),
        extra=model.additional_properties,
    )


def run_outputs(model: api.RunOutputs) -> e.RunOutputs:
    return e.RunOutputs(
        model_outputs=[
            e.LoggedModelOutput(item.model_id, _opt(item.step) or 0, extra=item.additional_properties)
            for item in items(model.model_outputs)
        ],
        extra=model.additional_properties,
    )


def file_info(model: api.FileInfo) -> e.FileInfo:
    return e.FileInfo(
        path=model.path,
        is_dir=model.is_dir,
        file_size=None if model.is_dir else _opt(model.file_size),
        extra=model.additional_properties,
    )


def model_version(model: api.ModelVersion) -> e.ModelVersion:
    return e.ModelVersion(
        name=model.name,
        version=model.version,
        creation_timestamp=model.creation_timestamp,
        last_updated_timestamp=model.last_updated_timestamp,
        description=_opt(model.description),
        user_id=_str(model.user_id),
        current_stage=model.current_stage,
        source=model.source,
        run_id=_opt(model.run_id),
        status=model.status.value,
        status_message=_opt(model.status_message),
        tags=_pairs(model.tags),
        run_link=_str(model.run_link),
        aliases=items(model.aliases),
        model_id=_opt(model.model_id) or None,
        params=None
        if isinstance(model.model_params, Unset)
        else [e.LoggedModelParameter(_str(p.name), _str(p.value)) for p in model.model_params],
        metrics=None if isinstance(model.model_metrics, Unset) else [metric(m) for m in model.model_metrics],
        extra=_with_deployment_job_state(model),
    )


def _with_deployment_job_state(model: api.ModelVersion) -> dict[str, Any]:
    # Databricks deployment jobs: no open-source server sets this, so it stays plain data in `extra`.
    extra = dict(model.additional_properties)
    if not isinstance(model.deployment_job_state, Unset):
        extra["deployment_job_state"] = model.deployment_job_state.to_dict()
    return extra


def registered_model(model: api.RegisteredModel) -> e.RegisteredModel:
    extra = dict(model.additional_properties)
    if not isinstance(model.user_id, Unset):
        extra["user_id"] = model.user_id  # in the protocol, but not in MLflow's entity
    return e.RegisteredModel(
        name=model.name,
        creation_timestamp=model.creation_timestamp,
        last_updated_timestamp=model.last_updated_timestamp,
        description=_str(model.description),
        latest_versions=[model_version(v) for v in items(model.latest_versions)],
        tags=_pairs(model.tags),
        aliases={alias.alias: alias.version for alias in items(model.aliases)},
        deployment_job_id=_opt(model.deployment_job_id) or None,
        deployment_job_state=_opt(model.deployment_job_state) or None,
        extra=extra,
    )


# The wire's names of a logged model's status, and MLflow's entity's.
_LOGGED_MODEL_STATUS = {
    "LOGGED_MODEL_STATUS_UNSPECIFIED": "UNSPECIFIED",
    "LOGGED_MODEL_PENDING": "PENDING",
    "LOGGED_MODEL_READY": "READY",
    "LOGGED_MODEL_UPLOAD_FAILED": "FAILED",
}


def logged_model(model: api.LoggedModel) -> e.LoggedModel:
    info, data = model.info, model.data
    extra = {**model.additional_properties, **data.additional_properties, **info.additional_properties}
    for name in ("creator_id", "registrations"):  # on the wire, not in MLflow's entity
        value = getattr(info, name)
        if not isinstance(value, Unset):
            extra[name] = value if name == "creator_id" else [r.to_dict() for r in value]
    return e.LoggedModel(
        experiment_id=info.experiment_id,
        model_id=info.model_id,
        name=info.name,
        artifact_location=info.artifact_uri,
        creation_timestamp=info.creation_timestamp_ms,
        last_updated_timestamp=info.last_updated_timestamp_ms,
        # As MLflow's client reads them: absent strings are "".
        model_type=_str(info.model_type),
        source_run_id=_str(info.source_run_id),
        status=_LOGGED_MODEL_STATUS.get(info.status.value, info.status.value),
        status_message=_str(info.status_message),
        tags=_pairs(info.tags),
        params=_pairs(data.params),
        metrics=[metric(m) for m in items(data.metrics)],
        extra=extra,
    )

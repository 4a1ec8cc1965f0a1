"""Runs: create (at most once, with a client-made key), read, update, end, delete and restore; params, tags
and metrics, one at a time and in log-batch requests; metric histories and search pages."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import attrs

from mlflow_rest_api import models as wire
from mlflow_rest_api.types import UNSET

from .._core.context import Context
from .._core.effects import Op, Request
from .._core.lazy import LazyModule
from .._core.retry import RetryPolicy, at_most_once
from .._core.server import MLFLOW_3, require
from .._errors import InvalidParameterValue
from . import validate
from .calls import ask, parse_model, run_id_of, tell, wire_run_status

if TYPE_CHECKING:
    from mlflow_rest_api.api.metrics import get_metric_history as _get_metric_history
    from mlflow_rest_api.api.runs import (
        create_run as _create_run,
        delete_run as _delete_run,
        delete_tag as _delete_tag,
        get_run as _get_run,
        log_batch as _log_batch,
        log_metric as _log_metric,
        log_param as _log_param,
        restore_run as _restore_run,
        set_tag as _set_tag,
        update_run as _update_run,
    )

    from .. import _entities as entities
    from . import searches, to_entities
else:
    # Imported when first used: logging a value (a script's first call, often) needs neither entities nor
    # searches, and each endpoint's module (with its models: `wire` loads a model when it is first named) only
    # when its request is first made, so a buffered run loads those of create, log-batch and update alone.
    to_entities = LazyModule("mlflow_lite._ops.to_entities")
    searches = LazyModule("mlflow_lite._ops.searches")
    _get_metric_history = LazyModule("mlflow_rest_api.api.metrics.get_metric_history")
    _create_run = LazyModule("mlflow_rest_api.api.runs.create_run")
    _delete_run = LazyModule("mlflow_rest_api.api.runs.delete_run")
    _delete_tag = LazyModule("mlflow_rest_api.api.runs.delete_tag")
    _get_run = LazyModule("mlflow_rest_api.api.runs.get_run")
    _log_batch = LazyModule("mlflow_rest_api.api.runs.log_batch")
    _log_metric = LazyModule("mlflow_rest_api.api.runs.log_metric")
    _log_param = LazyModule("mlflow_rest_api.api.runs.log_param")
    _restore_run = LazyModule("mlflow_rest_api.api.runs.restore_run")
    _set_tag = LazyModule("mlflow_rest_api.api.runs.set_tag")
    _update_run = LazyModule("mlflow_rest_api.api.runs.update_run")

__all__ = [
    "NOTE_TAG",
    "PARENT_RUN_ID_TAG",
    "REQUEST_ID_TAG",
    "RUN_NAME_TAG",
    "batch_entries",
    "canonical",
    "create_run",
    "delete_run",
    "delete_tag",
    "get_metric_history",
    "get_parent_run",
    "get_run",
    "log_batch",
    "log_metric",
    "log_param",
    "metric_entry",
    "restore_run",
    "runs_with_request_id",
    "send_batch",
    "set_tag",
    "set_terminated",
    "update_run",
]

# MLflow's client's page size for metric histories.
METRIC_HISTORY_PAGE = 25_000


REQUEST_ID_TAG = "mlflow_lite.request_id"
USER_TAG = "mlflow.user"
UNKNOWN_USER = "unknown"  # MLflow's user for a run without an `mlflow.user` tag
PARENT_RUN_ID_TAG = "mlflow.parentRunId"
RUN_NAME_TAG = "mlflow.runName"
NOTE_TAG = "mlflow.note.content"


def create_run(
    cx: Context,
    experiment_id: str,
    *,
    run_name: str | None = None,
    start_time: int | None = None,
    tags: object = None,
    request_id: str | None = None,
    keep_request_id: bool = False,
) -> Op[entities.Run]:
    """Create a run, at most once even when an answer is lost.

    Every run is created with a client-made key in the tag `mlflow_lite.request_id`. When a try fails in a way
    that leaves it unknown whether the server created the run (the connection broke after the request went
    out, a timeout, 502/503/504), the run is looked up by that key before the request is sent again, and the
    found run is returned: a retried `create_run` never leaves a second, "ghost" run behind. Once the run is
    known, the key has done its job and is deleted, so no foreign tag stays on the run (a journal's run keeps it
    until the journal has recorded the run's id: see `create_planned`).
    """
    request_id = request_id or uuid.uuid4().hex
    entries = validate.string_entries(tags, "tag", validate.MAX_TAG_VALUE_LENGTH)
    entries = [(k, v) for k, v in entries if k != REQUEST_ID_TAG] + [(REQUEST_ID_TAG, request_id)]
    body = wire.CreateRun(
        experiment_id=str(experiment_id),
        # As MLflow's client: the run's `mlflow.user` tag (the login name, for runs `start_run` makes), or "unknown".
        user_id=dict(entries).get(USER_TAG, UNKNOWN_USER),
        run_name=UNSET if run_name is None else run_name,
        start_time=validate.now_ms() if start_time is None else validate.int64(start_time, "start_time", minimum=0),
        tags=[wire.RunTag(key=k, value=v) for k, v in entries],
    )
    found: list[entities.Run] = []
    checks = 0

    def already_created(lookup_policy: RetryPolicy) -> Op[bool]:
        nonlocal checks
        checks += 1
        runs = yield from runs_with_request_id(cx.with_policy(lookup_policy), str(experiment_id), request_id)
        found.extend(runs)
        return bool(runs)

    response = yield from at_most_once(
        Request.from_endpoint(_create_run._get_kwargs(body=body), idempotent=False), cx.policy, already_created
    )
    if response is None:
        run = canonical(found)
    else:
        run = to_entities.run(parse_model(response, wire.CreateRunResponse.from_dict).run)
        if checks > 0:
            # Sent again after a look-up found nothing: an earlier try that was still under way on a slow server
            # can have landed since. Keep one run of this key (the same one whoever looks), delete the others.
            runs = yield from runs_with_request_id(cx, str(experiment_id), request_id)
            run = canonical([run, *runs])
            for other in runs:
                if other.info.run_id != run.info.run_id and other.info.lifecycle_stage != "deleted":
                    yield from delete_run(cx, other.info.run_id)
    if keep_request_id:
        return run
    yield from delete_tag(cx, run.info.run_id, REQUEST_ID_TAG)
    tags_left = {k: v for k, v in run.data.tags.items() if k != REQUEST_ID_TAG}
    return attrs.evolve(run, run_data=attrs.evolve(run.data, tags=tags_left))


def canonical(runs: list[entities.Run]) -> entities.Run:
    return min(runs, key=lambda run: run.info.run_id)


def runs_with_request_id(cx: Context, experiment_id: str, request_id: str) -> Op[list[entities.Run]]:
    """The runs `create_run` made with this key (normally none or one; deleted runs included)."""
    runs, _ = yield from searches.search_runs_page(
        cx,
        None,
        100,
        experiment_ids=[experiment_id],
        filter_string=f"tags.`{REQUEST_ID_TAG}` = '{request_id}'",
        order_by=None,
        run_view_type="ALL",
    )
    return runs


def get_run(cx: Context, run_id: str) -> Op[entities.Run]:
    answer = yield from ask(cx, _get_run._get_kwargs(run_id=run_id_of(run_id)), wire.GetRunResponse.from_dict)
    return to_entities.run(answer.run)


def set_terminated(
    cx: Context, run_id: str, status: object = None, end_time: int | None = None
) -> Op[entities.RunInfo]:
    body = wire.UpdateRun(
        run_id=run_id_of(run_id),
        status=wire_run_status("FINISHED" if status is None else status),
        end_time=validate.now_ms() if end_time is None else validate.int64(end_time, "end_time", minimum=0),
    )
    answer = yield from ask(cx, _update_run._get_kwargs(body=body), wire.UpdateRunResponse.from_dict)
    return to_entities.run_info(answer.run_info)


def update_run(cx: Context, run_id: str, status: object = None, name: str | None = None) -> Op[None]:
    """Change a run's status or name (what is None stays); the end time is kept."""
    if status is None and name is None:
        return
    body = wire.UpdateRun(
        run_id=run_id_of(run_id),
        status=UNSET if status is None else wire_run_status(status),
        run_name=UNSET if name is None else validate.string_value(name, "run name", validate.MAX_TAG_VALUE_LENGTH),
    )
    yield from ask(cx, _update_run._get_kwargs(body=body), wire.UpdateRunResponse.from_dict)


def delete_run(cx: Context, run_id: str) -> Op[None]:
    yield from tell(cx, _delete_run._get_kwargs(body=wire.DeleteRun(run_id=run_id_of(run_id))))


def restore_run(cx: Context, run_id: str) -> Op[None]:
    yield from tell(cx, _restore_run._get_kwargs(body=wire.RestoreRun(run_id=run_id_of(run_id))))


def log_param(cx: Context, run_id: str, key: str, value: object) -> Op[None]:
    body = wire.LogParam(
        run_id=run_id_of(run_id),
        key=validate.validate_key(key, "param"),
        value=validate.string_value(value, "param", validate.MAX_PARAM_VALUE_LENGTH),
    )
    yield from tell(cx, _log_param._get_kwargs(body=body))


def set_tag(cx: Context, run_id: str, key: str, value: object) -> Op[None]:
    body = wire.SetTag(
        run_id=run_id_of(run_id),
        key=validate.validate_key(key, "tag"),
        value=validate.string_value(value, "tag", validate.MAX_TAG_VALUE_LENGTH),
    )
    yield from tell(cx, _set_tag._get_kwargs(body=body))


def delete_tag(cx: Context, run_id: str, key: str) -> Op[None]:
    yield from tell(cx, _delete_tag._get_kwargs(body=wire.DeleteTag(run_id=run_id_of(run_id), key=key)))


def log_metric(
    cx: Context,
    run_id: str,
    key: str,
    value: object,
    timestamp: int | None = None,
    step: int | None = None,
    *,
    model_id: str | None = None,
    dataset_name: str | None = None,
    dataset_digest: str | None = None,
) -> Op[None]:
    """Log one metric value; on MLflow 3, linked to a logged model and to the dataset it was computed on."""
    (entry,) = validate.metric_entries({key: value}, timestamp=timestamp, step=step)
    links = {"model_id": model_id, "dataset_name": dataset_name, "dataset_digest": dataset_digest}
    for what, link in links.items():
        if link is not None and (not isinstance(link, str) or not link):
            raise InvalidParameterValue(f"{what} must be a non-empty string, got {link!r}")
    if dataset_digest is not None and dataset_name is None:
        raise InvalidParameterValue("dataset_digest needs dataset_name: the server links a metric to a dataset by both")
    body = wire.LogMetric(
        run_id=run_id_of(run_id),
        key=entry.key,
        value=entry.value,
        timestamp=entry.timestamp,
        step=entry.step,
        **{what: link for what, link in links.items() if link is not None},
    )
    if any(link is not None for link in links.values()):
        # A 2.x server would store the value and drop the links without a word.
        yield from require(cx, MLFLOW_3, "log_metric(model_id=..., dataset_name=...)")
    yield from tell(cx, _log_metric._get_kwargs(body=body))


def batch_entries(
    metrics: object = None,
    params: object = None,
    tags: object = None,
    *,
    timestamp: int | None = None,
    step: int | None = None,
) -> tuple[list[validate.MetricEntry], list[tuple[str, str]], list[tuple[str, str]]]:
    """Validate everything a batch holds, before anything is sent."""
    return (
        validate.metric_entries(metrics, timestamp=timestamp, step=step),
        validate.string_entries(params, "param", validate.MAX_PARAM_VALUE_LENGTH),
        validate.string_entries(tags, "tag", validate.MAX_TAG_VALUE_LENGTH),
    )


#: One `log_metric` value, checked: a buffered run's hot path (see `validate.metric_entry`).
metric_entry = validate.metric_entry


def _metrics_json(metrics: tuple[validate.MetricEntry, ...]) -> str:
    """The metrics' JSON objects, comma-separated. A finite float (what `log_metric` makes of any number) is
    written by `format`, which spells it as the JSON encoder does (its repr); a NaN or an infinity is a string
    here already ("NaN", see `validate.MetricEntry`), and journals refuse bare NaN tokens when read back, so
    no float written this way is anything but finite. Timestamps and steps are ints, checked when logged."""
    encode = validate.COMPACT_JSON.encode
    keys = {key: encode(key) for key in {entry[0] for entry in metrics}}  # a run logs few keys, many times
    return ",".join(
        [
            f'{{"key":{keys[k]},"value":{v if type(v) is float else encode(v)},"timestamp":{t},"step":{s}}}'
            for k, v, t, s in metrics
        ]
    )


def send_batch(cx: Context, run_id: str, batch: validate.Batch) -> Op[None]:
    body = wire.LogBatch(
        run_id=run_id,
        params=[wire.Param(key=k, value=v) for k, v in batch.params] or UNSET,
        tags=[wire.RunTag(key=k, value=v) for k, v in batch.tags] or UNSET,
    )
    kwargs = _log_batch._get_kwargs(body=body)
    if batch.metrics:
        # What `Metric(...).to_dict()` would add, encoded as the JSON encoder writes it (tests/wrapper/ops/test_runs.py
        # holds it to that), without a model or a dict per value: a request carries up to 1000 values, and
        # making, converting and encoding their objects cost more client CPU than the rest of the request.
        fields = validate.COMPACT_JSON.encode(kwargs.pop("json"))  # run_id, and params and tags when there are any
        kwargs["content"] = f'{fields[:-1]},"metrics":[{_metrics_json(batch.metrics)}]}}'.encode()
    # Safe to resend: the server stores an identical metric (key, value, timestamp, step) once, and params
    # and tags with the same value are no-ops.
    yield from tell(cx, kwargs)


def log_batch(
    cx: Context,
    run_id: str,
    metrics: object = None,
    params: object = None,
    tags: object = None,
    *,
    timestamp: int | None = None,
    step: int | None = None,
) -> Op[None]:
    run_id = run_id_of(run_id)
    entries = batch_entries(metrics, params, tags, timestamp=timestamp, step=step)
    for batch in validate.chunk_batch(*entries):
        yield from send_batch(cx, run_id, batch)


def get_metric_history(cx: Context, run_id: str, key: str) -> Op[list[entities.Metric]]:
    """Every point of one metric. 3.x pages the history; 2.x answers it whole and sends no token."""
    metrics: list[entities.Metric] = []
    token: str | None = None
    while True:
        kwargs = _get_metric_history._get_kwargs(
            run_id=run_id_of(run_id), metric_key=key, max_results=METRIC_HISTORY_PAGE, page_token=token or UNSET
        )
        answer = yield from ask(cx, kwargs, wire.GetMetricHistoryResponse.from_dict)
        metrics.extend(to_entities.metric(item) for item in to_entities.items(answer.metrics))
        token = to_entities.token(answer.next_page_token)
        if token is None:
            return metrics


def get_parent_run(cx: Context, run_id: str) -> Op[entities.Run | None]:
    """The run named by this run's `mlflow.parentRunId` tag, or None."""
    run = yield from get_run(cx, run_id)
    parent_id = run.data.tags.get(PARENT_RUN_ID_TAG)
    if parent_id is None:
        return None
    return (yield from get_run(cx, parent_id))

"""What each client method does, written once for the sync and the async client.

Every function here returns an `Op`: a generator that yields `Send`/`Sleep` effects (see `_http`) and returns
the method's result. Requests are built by the generated endpoint modules (`_get_kwargs` with the generated
request models), so URLs, methods and field names live in one place: the spec.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

import attrs

from mlflow_rest_api.api.experiments import (
    create_experiment as _create_experiment,
)
from mlflow_rest_api.api.experiments import (
    delete_experiment as _delete_experiment,
)
from mlflow_rest_api.api.experiments import (
    delete_experiment_tag as _delete_experiment_tag,
)
from mlflow_rest_api.api.experiments import (
    get_experiment as _get_experiment,
)
from mlflow_rest_api.api.experiments import (
    get_experiment_by_name as _get_experiment_by_name,
)
from mlflow_rest_api.api.experiments import (
    restore_experiment as _restore_experiment,
)
from mlflow_rest_api.api.experiments import (
    search_experiments as _search_experiments,
)
from mlflow_rest_api.api.experiments import (
    set_experiment_tag as _set_experiment_tag,
)
from mlflow_rest_api.api.experiments import (
    update_experiment as _update_experiment,
)
from mlflow_rest_api.api.metrics import get_metric_history as _get_metric_history
from mlflow_rest_api.api.runs import (
    create_run as _create_run,
)
from mlflow_rest_api.api.runs import (
    delete_run as _delete_run,
)
from mlflow_rest_api.api.runs import (
    delete_tag as _delete_tag,
)
from mlflow_rest_api.api.runs import (
    get_run as _get_run,
)
from mlflow_rest_api.api.runs import (
    log_batch as _log_batch,
)
from mlflow_rest_api.api.runs import (
    log_metric as _log_metric,
)
from mlflow_rest_api.api.runs import (
    log_param as _log_param,
)
from mlflow_rest_api.api.runs import (
    restore_run as _restore_run,
)
from mlflow_rest_api.api.runs import (
    search_runs as _search_runs,
)
from mlflow_rest_api.api.runs import (
    set_tag as _set_tag,
)
from mlflow_rest_api.api.runs import (
    update_run as _update_run,
)
from mlflow_rest_api.models import (
    CreateExperiment,
    CreateExperimentResponse,
    CreateRun,
    CreateRunResponse,
    DeleteExperiment,
    DeleteExperimentTag,
    DeleteRun,
    DeleteTag,
    EmptyResponse,
    ExperimentTag,
    GetExperimentByNameResponse,
    GetExperimentResponse,
    GetMetricHistoryResponse,
    GetRunResponse,
    LogBatch,
    LogMetric,
    LogParam,
    Metric,
    Param,
    RestoreExperiment,
    RestoreRun,
    RunTag,
    SearchExperiments,
    SearchExperimentsResponse,
    SearchRuns,
    SearchRunsResponse,
    SetExperimentTag,
    SetTag,
    UpdateExperiment,
    UpdateRun,
    UpdateRunResponse,
)
from mlflow_rest_api.models import RunStatus as WireRunStatus
from mlflow_rest_api.models import ViewType as WireViewType
from mlflow_rest_api.types import UNSET

from .. import _entities as entities
from .._core.context import Context
from .._core.effects import Op, Request
from .._core.retry import RetryPolicy, at_most_once, parse_model, with_retries
from .._core.server import DELETE_EXPERIMENT_TAG, MLFLOW_3, require
from .._errors import ApiError, ExperimentDeleted, InvalidParameterValue, ResourceDoesNotExist, TransportError
from .._ops import to_entities as shapes
from .._ops import validate as convert
from .._ops.source_tags import context_tags

__all__ = [
    "NOTE_TAG",
    "PARENT_RUN_ID_TAG",
    "REQUEST_ID_TAG",
    "RUN_NAME_TAG",
    "Page",
    "Pager",
    "RunPlan",
    "Search",
    "ask",
    "batch_entries",
    "create_experiment",
    "create_planned",
    "create_run",
    "delete_experiment",
    "delete_experiment_tag",
    "delete_run",
    "delete_tag",
    "ensure_experiment",
    "experiment_id_list",
    "forget_request_id",
    "get_experiment",
    "get_experiment_by_name",
    "get_metric_history",
    "get_parent_run",
    "get_run",
    "log_batch",
    "log_metric",
    "log_param",
    "page_token_in",
    "page_token_out",
    "plan_run",
    "rename_experiment",
    "resolve_experiment",
    "restore_experiment",
    "restore_run",
    "resume_run",
    "run_id_of",
    "run_tags",
    "runs_with_request_id",
    "search_experiments",
    "search_experiments_page",
    "search_key",
    "search_runs",
    "search_runs_page",
    "send_batch",
    "set_experiment_tag",
    "set_tag",
    "set_terminated",
    "start_run",
    "tell",
    "update_run",
    "wire_run_status",
    "wire_view_type",
]

T = TypeVar("T")

# Page sizes: the largest each endpoint allows (fewer round trips), and MLflow's client's for metric history.
EXPERIMENTS_PAGE = 1000
RUNS_PAGE = 1000
METRIC_HISTORY_PAGE = 25_000
# Duplicate creates come back under different codes depending on server version and database.
_DUPLICATE_CODES = frozenset({"RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS", "BAD_REQUEST"})


def ask(
    cx: Context,
    kwargs: Mapping[str, Any],
    from_dict: Callable[[Any], T],
    *,
    idempotent: bool = True,
) -> Op[T]:
    """Send the request a generated endpoint describes (`kwargs`, from its `_get_kwargs`), with retries, and
    parse the answer into the generated model `from_dict` belongs to."""
    response = yield from with_retries(Request.from_endpoint(kwargs, idempotent=idempotent), cx.policy)
    return parse_model(response, from_dict)


def tell(cx: Context, kwargs: Mapping[str, Any], *, idempotent: bool = True) -> Op[None]:
    """`ask` for a request whose answer carries nothing (`{}`)."""
    yield from ask(cx, kwargs, EmptyResponse.from_dict, idempotent=idempotent)


def wire_view_type(value: object, what: str = "view_type") -> WireViewType:
    """A view type for the wire, from MLflow's int constants (`ViewType.ALL`) or a name ("ALL", "active_only")."""
    names = entities.ViewType._NAMES
    if isinstance(value, WireViewType):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in names:
        return WireViewType(names[value])
    if isinstance(value, str) and value.upper() in names.values():
        return WireViewType(value.upper())
    raise InvalidParameterValue(
        f"unknown {what} {value!r}; use ViewType.ACTIVE_ONLY, ViewType.DELETED_ONLY or ViewType.ALL"
    )


def wire_run_status(value: object) -> WireRunStatus:
    """A run status for the wire, from its name ("FINISHED") or MLflow's int constant (`RunStatus.FINISHED`)."""
    names = entities.RunStatus._NAMES
    if isinstance(value, WireRunStatus):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value in names:
        return WireRunStatus(names[value])
    if isinstance(value, str) and value in names.values():
        return WireRunStatus(value)
    raise InvalidParameterValue(f"unknown run status {value!r}; use one of {', '.join(names.values())}")


def run_id_of(value: object, what: str = "run_id") -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterValue(f"{what} must be a non-empty string, got {value!r}")
    return value


# --- experiments -----------------------------------------------------------------------------------------


def create_experiment(cx: Context, name: str, artifact_location: str | None = None, tags: object = None) -> Op[str]:
    body = CreateExperiment(
        name=convert.validate_experiment_name(name),
        artifact_location=UNSET if artifact_location is None else artifact_location,
        tags=[ExperimentTag(key=k, value=v) for k, v in convert.string_entries(tags, "tag", 5000)] or UNSET,
    )
    # Not idempotent: a resend after a lost answer would meet its own experiment and fail.
    answer = yield from ask(
        cx, _create_experiment._get_kwargs(body=body), CreateExperimentResponse.from_dict, idempotent=False
    )
    return answer.experiment_id


def get_experiment(cx: Context, experiment_id: str) -> Op[entities.Experiment]:
    answer = yield from ask(
        cx, _get_experiment._get_kwargs(experiment_id=str(experiment_id)), GetExperimentResponse.from_dict
    )
    return shapes.experiment(answer.experiment)


def get_experiment_by_name(cx: Context, name: str) -> Op[entities.Experiment | None]:
    try:
        answer = yield from ask(
            cx,
            _get_experiment_by_name._get_kwargs(experiment_name=name),
            GetExperimentByNameResponse.from_dict,
        )
    except ResourceDoesNotExist:
        return None
    return shapes.experiment(answer.experiment)


def ensure_experiment(
    cx: Context,
    name: str,
    *,
    artifact_location: str | None = None,
    tags: object = None,
    restore_deleted: bool = False,
) -> Op[str]:
    """The id of the active experiment `name`, created when missing; safe when many callers race."""
    convert.validate_experiment_name(name)
    experiment = yield from get_experiment_by_name(cx, name)
    if experiment is None:
        try:
            return (yield from create_experiment(cx, name, artifact_location, tags))
        except (ApiError, TransportError) as exc:
            # Someone else created it between our look-up and our create, or our own create went through and
            # its answer was lost (a create is not resent blindly): read it back. Any other failure stands.
            duplicate = isinstance(exc, ApiError) and (exc.error_code in _DUPLICATE_CODES or exc.status_code == 409)
            if not (duplicate or isinstance(exc, TransportError)):
                raise
            experiment = yield from get_experiment_by_name(cx, name)
            if experiment is None:
                raise
    if experiment.lifecycle_stage == entities.LifecycleStage.DELETED:
        if not restore_deleted:
            raise ExperimentDeleted(name, experiment.experiment_id)
        yield from restore_experiment(cx, experiment.experiment_id)
    return experiment.experiment_id


def search_experiments_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
    view_type: object,
) -> Op[tuple[list[entities.Experiment], str | None]]:
    body = SearchExperiments(
        max_results=EXPERIMENTS_PAGE if page_size is None else page_size,  # the server answers 400 without it
        page_token=page_token or UNSET,
        filter_=filter_string or UNSET,
        order_by=list(order_by) if order_by else UNSET,
        view_type=wire_view_type(view_type),
    )
    answer = yield from ask(cx, _search_experiments._get_kwargs(body=body), SearchExperimentsResponse.from_dict)
    experiments = [shapes.experiment(item) for item in shapes.items(answer.experiments)]
    return experiments, shapes.token(answer.next_page_token)


def delete_experiment(cx: Context, experiment_id: str) -> Op[None]:
    body = DeleteExperiment(experiment_id=str(experiment_id))
    yield from tell(cx, _delete_experiment._get_kwargs(body=body))


def restore_experiment(cx: Context, experiment_id: str) -> Op[None]:
    body = RestoreExperiment(experiment_id=str(experiment_id))
    yield from tell(cx, _restore_experiment._get_kwargs(body=body))


def delete_experiment_tag(cx: Context, experiment_id: str, key: str) -> Op[None]:
    body = DeleteExperimentTag(experiment_id=experiment_id, key=convert.validate_key(key, "experiment tag"))
    yield from require(cx, DELETE_EXPERIMENT_TAG, "delete_experiment_tag")
    yield from tell(cx, _delete_experiment_tag._get_kwargs(body=body))


def rename_experiment(cx: Context, experiment_id: str, new_name: str) -> Op[None]:
    body = UpdateExperiment(experiment_id=str(experiment_id), new_name=convert.validate_experiment_name(new_name))
    yield from tell(cx, _update_experiment._get_kwargs(body=body))


def set_experiment_tag(cx: Context, experiment_id: str, key: str, value: object) -> Op[None]:
    # Experiment tag values are rejected (not cut) above 5000 characters by 2.22.5; check before sending.
    body = SetExperimentTag(
        experiment_id=str(experiment_id),
        key=convert.validate_key(key, "experiment tag"),
        value=convert.string_value(value, "experiment tag", 5000),
    )
    yield from tell(cx, _set_experiment_tag._get_kwargs(body=body))


# --- runs ------------------------------------------------------------------------------------------------


REQUEST_ID_TAG = "mlflow_lite.request_id"


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
    entries = convert.string_entries(tags, "tag", convert.MAX_TAG_VALUE_LENGTH)
    entries = [(k, v) for k, v in entries if k != REQUEST_ID_TAG] + [(REQUEST_ID_TAG, request_id)]
    body = CreateRun(
        experiment_id=str(experiment_id),
        run_name=UNSET if run_name is None else run_name,
        start_time=convert.now_ms() if start_time is None else convert.int64(start_time, "start_time", minimum=0),
        tags=[RunTag(key=k, value=v) for k, v in entries],
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
        run = _canonical(found)
    else:
        run = shapes.run(parse_model(response, CreateRunResponse.from_dict).run)
        if checks > 0:
            # Sent again after a look-up found nothing: an earlier try that was still under way on a slow server
            # can have landed since. Keep one run of this key (the same one whoever looks), delete the others.
            runs = yield from runs_with_request_id(cx, str(experiment_id), request_id)
            run = _canonical([run, *runs])
            for other in runs:
                if other.info.run_id != run.info.run_id and other.info.lifecycle_stage != "deleted":
                    yield from delete_run(cx, other.info.run_id)
    if keep_request_id:
        return run
    yield from delete_tag(cx, run.info.run_id, REQUEST_ID_TAG)
    tags_left = {k: v for k, v in run.data.tags.items() if k != REQUEST_ID_TAG}
    return attrs.evolve(run, run_data=attrs.evolve(run.data, tags=tags_left))


def _canonical(runs: list[entities.Run]) -> entities.Run:
    return min(runs, key=lambda run: run.info.run_id)


def runs_with_request_id(cx: Context, experiment_id: str, request_id: str) -> Op[list[entities.Run]]:
    """The runs `create_run` made with this key (normally none or one; deleted runs included)."""
    runs, _ = yield from search_runs_page(
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
    answer = yield from ask(cx, _get_run._get_kwargs(run_id=run_id_of(run_id)), GetRunResponse.from_dict)
    return shapes.run(answer.run)


def search_runs_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    experiment_ids: Sequence[str],
    filter_string: str | None,
    order_by: Sequence[str] | None,
    run_view_type: object,
) -> Op[tuple[list[entities.Run], str | None]]:
    body = SearchRuns(
        experiment_ids=experiment_id_list(experiment_ids),
        filter_=filter_string or UNSET,
        run_view_type=wire_view_type(run_view_type, "run_view_type"),
        max_results=RUNS_PAGE if page_size is None else page_size,
        order_by=list(order_by) if order_by else UNSET,
        page_token=page_token or UNSET,
    )
    answer = yield from ask(cx, _search_runs._get_kwargs(body=body), SearchRunsResponse.from_dict)
    return [shapes.run(item) for item in shapes.items(answer.runs)], shapes.token(answer.next_page_token)


def experiment_id_list(experiment_ids: object) -> list[str]:
    """Experiment ids as strings; one id alone (a string or an int) is a list of one."""
    if isinstance(experiment_ids, (str, int)) and not isinstance(experiment_ids, bool):
        return [str(experiment_ids)]
    if not isinstance(experiment_ids, Iterable):
        raise InvalidParameterValue(f"experiment_ids must be a list of experiment ids, got {experiment_ids!r}")
    return [str(e) for e in experiment_ids]


def set_terminated(
    cx: Context, run_id: str, status: object = None, end_time: int | None = None
) -> Op[entities.RunInfo]:
    body = UpdateRun(
        run_id=run_id_of(run_id),
        status=wire_run_status("FINISHED" if status is None else status),
        end_time=convert.now_ms() if end_time is None else convert.int64(end_time, "end_time", minimum=0),
    )
    answer = yield from ask(cx, _update_run._get_kwargs(body=body), UpdateRunResponse.from_dict)
    return shapes.run_info(answer.run_info)


def update_run(cx: Context, run_id: str, status: object = None, name: str | None = None) -> Op[None]:
    """Change a run's status or name (what is None stays); the end time is kept."""
    if status is None and name is None:
        return
    body = UpdateRun(
        run_id=run_id_of(run_id),
        status=UNSET if status is None else wire_run_status(status),
        run_name=UNSET if name is None else convert.string_value(name, "run name", convert.MAX_TAG_VALUE_LENGTH),
    )
    yield from ask(cx, _update_run._get_kwargs(body=body), UpdateRunResponse.from_dict)


def delete_run(cx: Context, run_id: str) -> Op[None]:
    yield from tell(cx, _delete_run._get_kwargs(body=DeleteRun(run_id=run_id_of(run_id))))


def restore_run(cx: Context, run_id: str) -> Op[None]:
    yield from tell(cx, _restore_run._get_kwargs(body=RestoreRun(run_id=run_id_of(run_id))))


def log_param(cx: Context, run_id: str, key: str, value: object) -> Op[None]:
    body = LogParam(
        run_id=run_id_of(run_id),
        key=convert.validate_key(key, "param"),
        value=convert.string_value(value, "param", convert.MAX_PARAM_VALUE_LENGTH),
    )
    yield from tell(cx, _log_param._get_kwargs(body=body))


def set_tag(cx: Context, run_id: str, key: str, value: object) -> Op[None]:
    body = SetTag(
        run_id=run_id_of(run_id),
        key=convert.validate_key(key, "tag"),
        value=convert.string_value(value, "tag", convert.MAX_TAG_VALUE_LENGTH),
    )
    yield from tell(cx, _set_tag._get_kwargs(body=body))


def delete_tag(cx: Context, run_id: str, key: str) -> Op[None]:
    yield from tell(cx, _delete_tag._get_kwargs(body=DeleteTag(run_id=run_id_of(run_id), key=key)))


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
    (entry,) = convert.metric_entries({key: value}, timestamp=timestamp, step=step)
    links = {"model_id": model_id, "dataset_name": dataset_name, "dataset_digest": dataset_digest}
    for what, link in links.items():
        if link is not None and (not isinstance(link, str) or not link):
            raise InvalidParameterValue(f"{what} must be a non-empty string, got {link!r}")
    if dataset_digest is not None and dataset_name is None:
        raise InvalidParameterValue("dataset_digest needs dataset_name: the server links a metric to a dataset by both")
    body = LogMetric(
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
) -> tuple[list[convert.MetricEntry], list[tuple[str, str]], list[tuple[str, str]]]:
    """Validate everything a batch holds, before anything is sent."""
    return (
        convert.metric_entries(metrics, timestamp=timestamp, step=step),
        convert.string_entries(params, "param", convert.MAX_PARAM_VALUE_LENGTH),
        convert.string_entries(tags, "tag", convert.MAX_TAG_VALUE_LENGTH),
    )


def send_batch(cx: Context, run_id: str, batch: convert.Batch) -> Op[None]:
    body = LogBatch(
        run_id=run_id,
        metrics=[Metric(key=m.key, value=m.value, timestamp=m.timestamp, step=m.step) for m in batch.metrics] or UNSET,
        params=[Param(key=k, value=v) for k, v in batch.params] or UNSET,
        tags=[RunTag(key=k, value=v) for k, v in batch.tags] or UNSET,
    )
    # Safe to resend: the server stores an identical metric (key, value, timestamp, step) once, and params
    # and tags with the same value are no-ops.
    yield from tell(cx, _log_batch._get_kwargs(body=body))


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
    for batch in convert.chunk_batch(*entries):
        yield from send_batch(cx, run_id, batch)


def get_metric_history(cx: Context, run_id: str, key: str) -> Op[list[entities.Metric]]:
    """Every point of one metric. 3.x pages the history; 2.x answers it whole and sends no token."""
    metrics: list[entities.Metric] = []
    token: str | None = None
    while True:
        kwargs = _get_metric_history._get_kwargs(
            run_id=run_id_of(run_id), metric_key=key, max_results=METRIC_HISTORY_PAGE, page_token=token or UNSET
        )
        answer = yield from ask(cx, kwargs, GetMetricHistoryResponse.from_dict)
        metrics.extend(shapes.metric(item) for item in shapes.items(answer.metrics))
        token = shapes.token(answer.next_page_token)
        if token is None:
            return metrics


def get_parent_run(cx: Context, run_id: str) -> Op[entities.Run | None]:
    """The run named by this run's `mlflow.parentRunId` tag, or None."""
    run = yield from get_run(cx, run_id)
    parent_id = run.data.tags.get(PARENT_RUN_ID_TAG)
    if parent_id is None:
        return None
    return (yield from get_run(cx, parent_id))


PARENT_RUN_ID_TAG = "mlflow.parentRunId"
RUN_NAME_TAG = "mlflow.runName"
NOTE_TAG = "mlflow.note.content"


# --- searches ------------------------------------------------------------------------------------------------

Page = Callable[[str | None, int | None], Op[tuple[list[T], str | None]]]


@attrs.frozen
class Search(Generic[T]):
    """A search: the op that fetches one page (given a page token and a page size), and the page size to ask
    for when walking every page. `TrackingClient` walks it lazily; `MlflowClient` fetches one page."""

    page_size: int
    page: Page[T]
    # What names this search, for the page tokens handed to callers (see `PageTokens`).
    key: str

    def pager(self, max_results: int | None) -> Pager:
        return Pager(self.page_size, max_results)


def search_experiments(
    cx: Context, *, filter_string: str | None, order_by: Sequence[str] | None, view_type: object
) -> Search[entities.Experiment]:
    view = wire_view_type(view_type)  # bad input fails here, before any page is asked for
    page = partial(search_experiments_page, cx, filter_string=filter_string, order_by=order_by, view_type=view)
    return Search(EXPERIMENTS_PAGE, page, search_key("experiments", filter_string, order_by, view.value))


def search_runs(
    cx: Context,
    experiment_ids: object,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
    run_view_type: object,
) -> Search[entities.Run]:
    ids = experiment_id_list(experiment_ids)
    view = wire_view_type(run_view_type, "run_view_type")
    page = partial(
        search_runs_page,
        cx,
        experiment_ids=ids,
        filter_string=filter_string,
        order_by=order_by,
        run_view_type=view,
    )
    return Search(RUNS_PAGE, page, search_key("runs", ids, filter_string, order_by, view.value))


def search_key(kind: str, *arguments: object) -> str:
    """What names a search, so a page token is only ever used with the search that issued it: its kind and
    every argument but the page size."""
    normal = [list(a) if isinstance(a, (list, tuple)) else (a or None) for a in arguments]
    return hashlib.sha256(repr((kind, normal)).encode()).hexdigest()[:16]


# Page tokens handed to callers are the server's, prefixed with the search they belong to: a token passed to
# another search (other filter, order, experiments or view) is refused before it reaches the server, which
# would read it as a plain offset into the wrong results. A token without the prefix (from MLflow's own
# client, say) is passed on as it is.
_SEARCH_MARK = "mlflow-lite."


def page_token_out(search: Search[Any], token: str | None) -> str | None:
    return None if token is None else f"{_SEARCH_MARK}{search.key}.{token}"


def page_token_in(search: Search[Any], token: object) -> str | None:
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise InvalidParameterValue(f"page_token must be a string, got {type(token).__name__}")
    if not token.startswith(_SEARCH_MARK):
        return token
    key, _, server_token = token.removeprefix(_SEARCH_MARK).partition(".")
    if key != search.key or not server_token:
        raise InvalidParameterValue(
            "page_token belongs to another search: pass it with the same filter_string, order_by, experiments "
            "and view type as the search that returned it"
        )
    return server_token


@attrs.define
class Pager:
    """Where a lazy search stands: the next page token, and how many results `max_results` still allows."""

    page_size: int
    max_results: int | None = None
    token: str | None = None
    seen: int = 0
    done: bool = False

    def __attrs_post_init__(self) -> None:
        if self.max_results is not None:
            if isinstance(self.max_results, bool) or not isinstance(self.max_results, int) or self.max_results < 0:
                raise InvalidParameterValue(f"max_results must be a whole number, 0 or more, got {self.max_results!r}")
            self.done = self.max_results == 0

    def next_size(self) -> int:
        if self.max_results is None:
            return self.page_size
        return max(1, min(self.page_size, self.max_results - self.seen))

    def accept(self, items: list[T], token: str | None) -> list[T]:
        if self.max_results is not None:
            items = items[: self.max_results - self.seen]
        self.seen += len(items)
        self.token = token
        self.done = token is None or (self.max_results is not None and self.seen >= self.max_results)
        return items


# --- the workflow ------------------------------------------------------------------------------------------

# What MLflow's run ids look like (uuid4 hex): a name like this is a run id passed where a name belongs.
_RUN_ID = re.compile(r"^[0-9a-f]{32}$")


@attrs.frozen
class RunPlan:
    """A run to create: everything `start_run` decided before asking the server, so that the run can be created
    later, by a drain or by `sync`, exactly as it would have been at once (its start time included)."""

    experiment_name: str | None
    experiment_id: str | None
    run_name: str | None
    tags: tuple[tuple[str, str], ...]
    start_time: int
    request_id: str
    parent_run_id: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"t": "start", **attrs.asdict(self, recurse=False), "tags": [list(tag) for tag in self.tags]}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> RunPlan:
        return cls(
            experiment_name=record.get("experiment_name"),
            experiment_id=record.get("experiment_id"),
            run_name=record.get("run_name"),
            tags=tuple((str(k), str(v)) for k, v in record.get("tags", [])),
            start_time=int(record["start_time"]),
            request_id=str(record["request_id"]),
            parent_run_id=record.get("parent_run_id"),
        )


def start_run(
    cx: Context,
    experiment_name: str | None,
    experiment_id: str | None,
    *,
    default_experiment: str | None,
    run_id: str | None = None,
    run_name: str | None = None,
    tags: object = None,
    description: str | None = None,
    parent_run_id: str | None = None,
    username: str | None = None,
) -> Op[entities.Run]:
    """The workflow: find or create the experiment, then create a run in it with the context tags MLflow's
    fluent `start_run` sets; or, given `run_id`, resume that run."""
    if run_id is not None:
        user_tags = run_tags(tags, description)
        return (yield from resume_run(cx, run_id, experiment_name, experiment_id, run_name, user_tags))
    plan = plan_run(
        experiment_name or default_experiment,
        experiment_id,
        run_name=run_name,
        tags=tags,
        description=description,
        parent_run_id=parent_run_id,
        username=username,
    )
    return (yield from create_planned(cx, plan))


def run_tags(tags: object, description: str | None) -> dict[str, str]:
    """The caller's tags of a run, its description as MLflow's note tag among them."""
    user_tags = dict(convert.string_entries(tags, "tag", convert.MAX_TAG_VALUE_LENGTH))
    if description is not None:
        if NOTE_TAG in user_tags:
            raise InvalidParameterValue(
                f"description is given both as `description` and as the tag {NOTE_TAG}; give it once"
            )
        user_tags[NOTE_TAG] = convert.string_value(description, "description", convert.MAX_TAG_VALUE_LENGTH)
    return user_tags


def plan_run(
    experiment_name: str | None,
    experiment_id: str | None,
    *,
    run_name: str | None = None,
    tags: object = None,
    description: str | None = None,
    parent_run_id: str | None = None,
    username: str | None = None,
) -> RunPlan:
    """Everything about a new run that needs no server: its tags (context tags, then the caller's, which win),
    its start time (now) and the key that makes its creation happen at most once."""
    user_tags = run_tags(tags, description)
    if parent_run_id is not None:
        user_tags[PARENT_RUN_ID_TAG] = run_id_of(parent_run_id, "parent_run_id")
    if run_name is not None:
        user_tags[RUN_NAME_TAG] = run_name
    if experiment_id is None and not experiment_name:
        experiment_id = os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"
    return RunPlan(
        experiment_name=experiment_name or None,
        experiment_id=None if experiment_id is None else str(experiment_id),
        run_name=run_name,
        tags=tuple({**context_tags(username), **user_tags}.items()),
        start_time=convert.now_ms(),
        request_id=uuid.uuid4().hex,
        parent_run_id=parent_run_id,
    )


def create_planned(
    cx: Context, plan: RunPlan, *, look_up_first: bool = False, keep_request_id: bool = False
) -> Op[entities.Run]:
    """Create the run `plan` describes (checking its parent, finding or creating its experiment).

    `look_up_first` looks for a run an earlier try made with the plan's key (a journal replayed after a crash);
    `keep_request_id` leaves that key on the run for the caller to remove once it has recorded the run's id.
    """
    if plan.parent_run_id is not None:
        parent = yield from get_run(cx, plan.parent_run_id)
        if parent.info.lifecycle_stage == entities.LifecycleStage.DELETED:
            raise InvalidParameterValue(
                f"Cannot start run under parent run with ID {plan.parent_run_id} because it is in the deleted state."
            )
    experiment_id = yield from resolve_experiment(cx, plan.experiment_name, plan.experiment_id)
    if look_up_first:
        runs = yield from runs_with_request_id(cx, experiment_id, plan.request_id)
        if runs:
            return _canonical(runs)
    return (
        yield from create_run(
            cx,
            experiment_id,
            run_name=plan.run_name,
            start_time=plan.start_time,
            tags=dict(plan.tags),
            request_id=plan.request_id,
            keep_request_id=keep_request_id,
        )
    )


def forget_request_id(cx: Context, run_id: str) -> Op[None]:
    """Remove `create_run`'s key from a run (already gone is fine: an earlier try removed it)."""
    with contextlib.suppress(ResourceDoesNotExist):
        yield from delete_tag(cx, run_id, REQUEST_ID_TAG)


def resolve_experiment(cx: Context, name: str | None, experiment_id: str | None) -> Op[str]:
    """The experiment a new run goes to: the id given, the named one (created when missing), or
    MLFLOW_EXPERIMENT_ID, or MLflow's "Default" experiment."""
    if experiment_id is not None:
        return str(experiment_id)
    if not name:
        return os.environ.get("MLFLOW_EXPERIMENT_ID") or "0"
    if _RUN_ID.match(name):
        # A run id where a name belongs: resuming was probably meant, and creating an experiment named after a
        # run would hide that mistake.
        existing = yield from get_experiment_by_name(cx, name)
        if existing is None:
            raise InvalidParameterValue(
                f"{name!r} looks like a run id, and no experiment has that name: to resume that run, pass "
                f"run_id={name!r}; to use an experiment with that name, create it first with create_experiment"
            )
    return (yield from ensure_experiment(cx, name))


def resume_run(
    cx: Context,
    run_id: str,
    experiment_name: str | None,
    experiment_id: str | None,
    run_name: str | None,
    tags: Mapping[str, str],
) -> Op[entities.Run]:
    """Set an existing run RUNNING again (its end time is kept, as MLflow does), log `tags` to it, and read it."""
    try:
        run = yield from get_run(cx, run_id)
    except ResourceDoesNotExist as exc:
        raise ResourceDoesNotExist(
            f"cannot resume run {run_id!r}: no such run on this server",
            error_code=exc.error_code,
            status_code=exc.status_code,
            response=exc.response,
        ) from exc
    if run.info.lifecycle_stage == entities.LifecycleStage.DELETED:
        raise InvalidParameterValue(f"Cannot start run with ID {run_id} because it is in the deleted state.")
    if experiment_id is not None and str(experiment_id) != run.info.experiment_id:
        raise InvalidParameterValue(
            f"run {run_id} belongs to experiment {run.info.experiment_id}, not to experiment {experiment_id}"
        )
    if experiment_name is not None:
        experiment = yield from get_experiment_by_name(cx, experiment_name)
        if experiment is None or experiment.experiment_id != run.info.experiment_id:
            raise InvalidParameterValue(
                f"run {run_id} belongs to experiment {run.info.experiment_id}, not to {experiment_name!r}"
            )
    yield from update_run(cx, run_id, "RUNNING", run_name)
    if tags:
        yield from log_batch(cx, run_id, tags=tags)
    return (yield from get_run(cx, run_id))

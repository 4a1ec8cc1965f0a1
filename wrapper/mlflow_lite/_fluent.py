"""MLflow's fluent API, for `import mlflow_lite as mlflow`: module-level functions with `mlflow`'s names,
signatures and behaviour, for everything the REST API serves.

As in MLflow: one tracking URI and one active experiment per process, and a stack of active runs per thread.
Logging with no active run starts one (in the active experiment, else `MLFLOW_EXPERIMENT_NAME` or
`MLFLOW_EXPERIMENT_ID`, else the Default experiment "0"); `with start_run():` ends the run FINISHED, or
FAILED when the block raises; a run left open is ended FINISHED at interpreter exit. Every call goes through
one pooled `TrackingClient` per tracking URI. Runs log in the background (buffered) when `start_run(...,
buffered=True)` or `MLFLOW_ENABLE_ASYNC_LOGGING=true` says so, MLflow's switch for its own async logging.

With a spool folder (`MLFLOW_LITE_SPOOL_DIR`) runs are journaled, and the fluent API logs offline as the client
does: while the server is away, `set_experiment` and `start_run` return after one short try, an experiment named
is found or created when its runs are delivered (one given by id is taken as given), and the journal's drain or
`mlflow-lite sync` delivers everything (see docs/offline-logging.md).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import posixpath
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, overload

from ._core.client_base import RunOperations, context_of, operations, settings_of
from ._core.context import Context
from ._core.public import show_as_public
from ._core.settings import DEFAULT_TRACKING_URI, flag
from ._durable.delivery import first_try, is_outage
from ._entities import (
    Dataset,
    DatasetInput,
    Experiment,
    InputTag,
    LifecycleStage,
    LoggedModel,
    LoggedModelInput,
    LoggedModelOutput,
    Metric,
    ModelVersion,
    Run,
    ViewType,
)
from ._errors import InvalidParameterValue, MlflowError, ResourceAlreadyExists, ResourceDoesNotExist
from ._ops import experiments, logged_models, runs
from ._ops.source_tags import context_tags
from ._ops.validate import now_ms, validate_experiment_name
from ._sync.client import ActiveRun, TrackingClient, client_of, run_op

if TYPE_CHECKING:
    import pandas

    from ._durable.delivery import Journal

__all__ = [
    "FluentClient",
    "FluentRun",
    "active_run",
    "client",
    "create_experiment",
    "delete_experiment",
    "delete_logged_model_tag",
    "delete_tag",
    "end_run",
    "finalize_logged_model",
    "get_artifact_uri",
    "get_experiment",
    "get_experiment_by_name",
    "get_logged_model",
    "get_parent_run",
    "get_registry_uri",
    "get_run",
    "get_tracking_uri",
    "initialize_logged_model",
    "is_tracking_uri_set",
    "last_active_run",
    "last_logged_model",
    "log_artifact",
    "log_artifacts",
    "log_dict",
    "log_figure",
    "log_image",
    "log_input",
    "log_metric",
    "log_metrics",
    "log_model_params",
    "log_outputs",
    "log_param",
    "log_params",
    "log_table",
    "log_text",
    "register_model",
    "search_experiments",
    "search_logged_models",
    "search_runs",
    "set_experiment",
    "set_experiment_tag",
    "set_experiment_tags",
    "set_logged_model_tags",
    "set_registry_uri",
    "set_tag",
    "set_tags",
    "set_tracking_uri",
    "start_run",
]

logger = logging.getLogger("mlflow_lite")

# The most runs `search_runs` returns by default, and the page it asks for (MLflow's SEARCH_MAX_RESULTS_PANDAS
# and NUM_RUNS_PER_PAGE_PANDAS).
SEARCH_MAX_RESULTS_PANDAS = 100_000


class _Process:
    """What MLflow keeps per process: the tracking URI set in code, the active experiment, and the client."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.tracking_uri: str | None = None
        self.registry_uri: str | None = None
        self.experiment_id: str | None = None
        # The experiment `set_experiment` named while the server was away (a journaled client): runs go to it by
        # name, found or created when they are delivered, until a call that needs the server resolves it.
        self.experiment_name: str | None = None
        self.client: TrackingClient | None = None


class _Thread(threading.local):
    """What MLflow keeps per thread: the stack of active runs and the last run ended."""

    def __init__(self) -> None:
        self.stack: list[FluentRun] = []
        self.last_run_id: str | None = None
        self.last_logged_model_id: str | None = None


_process = _Process()
_thread = _Thread()


class FluentClient(TrackingClient):
    """The fluent API's client: its runs are `FluentRun`s."""

    # It is given a tracking URI only when one was set in code; else it reads MLFLOW_TRACKING_URI itself, so that
    # an error names where the URI came from.
    _uri_argument = "set_tracking_uri()"

    def _run_handle(self, run: Run, buffered: bool, journal: Journal | None = None) -> ActiveRun:
        return FluentRun(self, run, buffered=buffered, journal=journal)


class FluentRun(ActiveRun):
    """The run `start_run()` returns: an `ActiveRun` on the fluent API's run stack. Leaving its `with` block ends
    it FINISHED, or FAILED when the block raises (KeyboardInterrupt included, as in MLflow)."""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if any(run is self for run in _thread.stack):  # by identity: a run started offline has no id yet
            end_run("FINISHED" if exc_type is None else "FAILED")

    def end(self, status: str = "FINISHED") -> None:
        """End the run (once) and take it off the run stack."""
        _thread.stack[:] = [run for run in _thread.stack if run is not self]
        super().end(status)


# --- tracking URI and experiment -----------------------------------------------------------------------------


def set_tracking_uri(uri: str | Path | None) -> None:
    """Use the MLflow server at `uri` (an http:// or https:// URL) for every later call; also sets
    MLFLOW_TRACKING_URI for child processes, as MLflow does. `None` forgets the URI set in code and unsets
    MLFLOW_TRACKING_URI, so later calls use the default (as MLflow does, only when a URI was set in code)."""
    if isinstance(uri, Path) or uri == "":
        # MLflow takes both as a local store (a folder, or ./mlruns), which is not served here: say so now
        # rather than at the first call.
        where = "./mlruns" if uri == "" else str(uri)
        raise InvalidParameterValue(
            f"mlflow-lite talks to an MLflow server over HTTP; {where!r} is a local store (start `mlflow server` "
            "on it and use its URL)"
        )
    if uri is not None and not isinstance(uri, str):
        raise InvalidParameterValue(f"a tracking URI is an http(s) URL, a str; got {type(uri).__name__} {uri!r}")
    with _process.lock:
        if _process.tracking_uri == uri:
            return
        _process.tracking_uri = uri
        if uri is None:
            os.environ.pop("MLFLOW_TRACKING_URI", None)
        else:
            os.environ["MLFLOW_TRACKING_URI"] = uri


def get_tracking_uri() -> str:
    """The tracking URI: set in code, else MLFLOW_TRACKING_URI, else http://127.0.0.1:5000."""
    if _process.tracking_uri is not None:
        return _process.tracking_uri
    return os.environ.get("MLFLOW_TRACKING_URI") or DEFAULT_TRACKING_URI


def is_tracking_uri_set() -> bool:
    """Whether a tracking URI was set, in code or by MLFLOW_TRACKING_URI."""
    return bool(_process.tracking_uri or os.environ.get("MLFLOW_TRACKING_URI"))


def set_registry_uri(uri: str | None) -> None:
    """The model registry's URI, as MLflow's `set_registry_uri`; also sets MLFLOW_REGISTRY_URI for child
    processes. mlflow-lite's registry is the tracking server's: `register_model` (and every registry call of
    the fluent API) raises `InvalidParameterValue` when this names another server, before sending anything.
    None forgets the URI set in code; MLFLOW_REGISTRY_URI stays set, as in MLflow."""
    if uri is not None and (not isinstance(uri, str) or not uri.strip()):
        raise InvalidParameterValue(f"a registry URI is a non-empty str, got {type(uri).__name__} {uri!r}")
    with _process.lock:
        _process.registry_uri = uri
        if uri is not None:
            os.environ["MLFLOW_REGISTRY_URI"] = uri


def get_registry_uri() -> str:
    """The registry URI: set in code, else MLFLOW_REGISTRY_URI, else the tracking URI (as MLflow's default for a
    tracking server)."""
    if _process.registry_uri is not None:
        return _process.registry_uri
    return os.environ.get("MLFLOW_REGISTRY_URI") or get_tracking_uri()


def _registry_client() -> TrackingClient:
    """The process's client, for a registry call: refused when the registry URI names another server."""
    tracking = client()
    registry = get_registry_uri()
    if registry.rstrip("/") != tracking.tracking_uri:
        raise InvalidParameterValue(
            f"the registry URI {registry!r} differs from the tracking URI {tracking.tracking_uri!r}: mlflow-lite "
            "uses the tracking server's model registry (set_registry_uri, MLFLOW_REGISTRY_URI)"
        )
    return tracking


def client() -> TrackingClient:
    """The process's client for the current tracking URI (made again when the URI changes)."""
    uri = get_tracking_uri()
    with _process.lock:
        current = _process.client
        if current is None or current.tracking_uri != uri.rstrip("/"):
            if current is not None and not any(client_of(run) is current for run in _thread.stack):
                current.close()  # else the run using it closes it when it ends (see `end_run`)
            current = _process.client = FluentClient(_process.tracking_uri)
        return current


def set_experiment(experiment_name: str | None = None, experiment_id: str | None = None) -> Experiment:
    """Make the experiment active (created when named and missing); later runs go to it.

    With a spool folder (MLFLOW_LITE_SPOOL_DIR) the server is given one short try, as a journaled run's start
    gives it: when it is away, later runs are journaled in the experiment named, found or created when they are
    delivered (or in the one given by id, taken as given), and the `Experiment` returned holds only what was given
    (`experiment_id` "" for a name).
    """
    if (experiment_name is None) == (experiment_id is None):
        raise InvalidParameterValue("Must specify exactly one of: `experiment_id` or `experiment_name`.")
    tracking = client()
    journaled = tracking.spool_dir is not None
    try:
        return _activate(tracking, _lookups(tracking, journaled), experiment_name, experiment_id)
    except Exception as exc:
        if not (journaled and is_outage(exc)):
            raise
        return _activate_offline(experiment_name, experiment_id, exc)


def _lookups(tracking: TrackingClient, journaled: bool) -> Context:
    """The context experiments are looked up with: for a journaled client, the short try of a journaled run's
    start (the journal goes on without the server), else the client's own."""
    cx = context_of(tracking)
    return first_try(cx) if journaled else cx


def _activate(tracking: TrackingClient, cx: Context, name: str | None, experiment_id: str | None) -> Experiment:
    """Find (or create, when named and missing) the experiment on the server and make it the active one."""
    if experiment_id is not None:
        experiment = run_op(tracking, experiments.get_experiment(cx, str(experiment_id)))
    else:
        assert name is not None
        experiment = _named(tracking, cx, name)
    if experiment.lifecycle_stage != LifecycleStage.ACTIVE:
        raise InvalidParameterValue(
            f"Cannot set a deleted experiment {experiment.name!r} as the active experiment. You can restore the "
            "experiment, or permanently delete the experiment to create a new one."
        )
    with _process.lock:
        _process.experiment_id, _process.experiment_name = experiment.experiment_id, None
        os.environ["MLFLOW_EXPERIMENT_ID"] = experiment.experiment_id
    return experiment


def _named(tracking: TrackingClient, cx: Context, name: str) -> Experiment:
    """The experiment `name`, created when missing (by another process at the same time is fine)."""
    experiment = run_op(tracking, experiments.get_experiment_by_name(cx, name))
    if experiment is not None:
        return experiment
    logger.info("Experiment with name '%s' does not exist. Creating a new experiment.", name)
    try:
        return run_op(
            tracking, experiments.get_experiment(cx, run_op(tracking, experiments.create_experiment(cx, name)))
        )
    except ResourceAlreadyExists:
        experiment = run_op(tracking, experiments.get_experiment_by_name(cx, name))
        assert experiment is not None, "the server said it exists"
        return experiment


def _activate_offline(name: str | None, experiment_id: str | None, exc: Exception) -> Experiment:
    """The server is away and runs are journaled: the experiment is active as given, to be resolved when its runs
    are delivered (by name: found or created then; by id: taken as given), as a journaled `start_run` does."""
    if name is not None:
        validate_experiment_name(name)  # checked now: the journal would meet it only at delivery
        logger.warning(
            "mlflow-lite: the server is away (%s); experiment %r is active by name, and is found or created when "
            "its first run is delivered",
            exc,
            name,
        )
    else:
        experiment_id = str(experiment_id)
        if not experiment_id.strip():
            raise InvalidParameterValue(f"experiment_id must be a non-empty id, got {experiment_id!r}")
        logger.warning("mlflow-lite: the server is away (%s); experiment %s is active as given", exc, experiment_id)
    with _process.lock:
        _process.experiment_id, _process.experiment_name = experiment_id, name
        if experiment_id is None:
            os.environ.pop("MLFLOW_EXPERIMENT_ID", None)  # it named the experiment active before
        else:
            os.environ["MLFLOW_EXPERIMENT_ID"] = experiment_id
    return Experiment(
        experiment_id=experiment_id or "", name=name or "", artifact_location="", lifecycle_stage=LifecycleStage.ACTIVE
    )


def _experiment_id(cx: Context | None = None) -> str:
    """Where a new run goes: the active experiment (one set by name while the server was away is found or
    created now), else MLFLOW_EXPERIMENT_NAME (created when missing) or MLFLOW_EXPERIMENT_ID, else the Default
    experiment. `cx`: the context to ask the server with (default: the client's)."""
    if _process.experiment_id:
        return _process.experiment_id
    tracking = client()
    cx = cx or context_of(tracking)
    if _process.experiment_name:
        return _activate(tracking, cx, _process.experiment_name, None).experiment_id
    name = os.environ.get("MLFLOW_EXPERIMENT_NAME")
    wanted = os.environ.get("MLFLOW_EXPERIMENT_ID")
    if name:
        experiment = run_op(tracking, experiments.get_experiment_by_name(cx, name))
        if experiment is None:
            return run_op(tracking, experiments.create_experiment(cx, name))
        if wanted and wanted != experiment.experiment_id:
            raise InvalidParameterValue(
                f"The provided MLFLOW_EXPERIMENT_ID environment variable value `{wanted}` does not match the "
                f"experiment id `{experiment.experiment_id}` for experiment name `{name}`"
            )
        return experiment.experiment_id
    if wanted:
        try:
            return run_op(tracking, experiments.get_experiment(cx, wanted)).experiment_id
        except ResourceDoesNotExist as exc:
            raise InvalidParameterValue(
                f"The provided MLFLOW_EXPERIMENT_ID environment variable value `{wanted}` does not exist in the "
                "tracking server. Provide a valid experiment_id."
            ) from exc
    return "0"


def _new_run_experiment(tracking: TrackingClient) -> tuple[str | None, str | None]:
    """(experiment id, experiment name) of a new run, one of them None: as `_experiment_id`, except that for a
    journaled client whose server is away the run is journaled as the client's `start_run` journals it, its
    experiment by name (found or created when it is delivered) or by id (taken as given)."""
    if tracking.spool_dir is None:
        return _experiment_id(), None
    try:
        return _experiment_id(_lookups(tracking, journaled=True)), None
    except Exception as exc:
        if not is_outage(exc):
            raise
    name = _process.experiment_name or os.environ.get("MLFLOW_EXPERIMENT_NAME")
    if name:
        return None, name
    return os.environ.get("MLFLOW_EXPERIMENT_ID") or "0", None


# --- runs ----------------------------------------------------------------------------------------------------


def start_run(
    run_id: str | None = None,
    experiment_id: str | None = None,
    run_name: str | None = None,
    nested: bool = False,
    parent_run_id: str | None = None,
    tags: Mapping[str, Any] | None = None,
    description: str | None = None,
    log_system_metrics: bool | None = None,
    *,
    buffered: bool | None = None,
) -> ActiveRun:
    """Start a run (or resume `run_id`, or MLFLOW_RUN_ID) and make it the active run of this thread.

    A second run while one is active needs `nested=True`; it gets the active run as its parent. With
    `buffered=True`, or MLFLOW_ENABLE_ASYNC_LOGGING=true, its logging calls are sent in the background.
    """
    stack = _thread.stack
    if stack and not nested:
        raise MlflowError(
            f"Run with UUID {stack[0].run_id} is already active. To start a new run, first end the current run "
            "with mlflow.end_run(). To start a nested run, call start_run with nested=True"
        )
    if log_system_metrics:
        raise InvalidParameterValue("mlflow-lite does not log system metrics (log_system_metrics=True)")
    if isinstance(experiment_id, int):
        experiment_id = str(experiment_id)
    if buffered is None and flag(os.environ, "MLFLOW_ENABLE_ASYNC_LOGGING"):
        buffered = True  # else the client's default: unbuffered, or journaled with a spool folder
    tracking = client()
    resume = run_id or os.environ.pop("MLFLOW_RUN_ID", None)
    all_tags = dict(tags or {})
    experiment_name = None
    if not resume:
        if (parent := _stack_parent(stack, parent_run_id)) is not None:
            all_tags[runs.PARENT_RUN_ID_TAG] = parent  # the active run is the parent; no need to read it
        if experiment_id is None:
            experiment_id, experiment_name = _new_run_experiment(tracking)
    elif _process.experiment_id is not None:
        experiment_id = _process.experiment_id  # a run resumed must belong to the active experiment
    else:
        experiment_name = _process.experiment_name
    if description is not None and runs.NOTE_TAG in all_tags:
        raise InvalidParameterValue(
            f"Description is already set via the tag {runs.NOTE_TAG} in tags.Remove the key {runs.NOTE_TAG} from "
            "the tags or omit the description."
        )
    handle = tracking.start_run(
        experiment_name,
        experiment_id=experiment_id,
        run_id=resume or None,
        run_name=run_name,
        tags=all_tags,
        description=description,
        parent_run_id=parent_run_id,
        buffered=buffered,
    )
    assert isinstance(handle, FluentRun), "the fluent API's client hands out FluentRuns"
    stack.append(handle)
    return handle


def _stack_parent(stack: list[FluentRun], parent_run_id: str | None) -> str | None:
    """The parent a new run gets from the active run (None when there is none, or `parent_run_id` names it)."""
    if not stack:
        return None
    active = stack[-1].run_id
    if parent_run_id is not None:
        if parent_run_id != active:
            raise InvalidParameterValue(
                f"Current run with UUID {active} does not match the specified parent_run_id {parent_run_id}. To "
                f"start a new nested run under the parent run with UUID {active}, first end the current run with "
                "mlflow.end_run()."
            )
        return None
    if not active:
        raise InvalidParameterValue(
            "the active run was started while the server was away and has no id yet, so a nested run cannot name "
            "it as its parent: end it first, or start the nested run once the server is back"
        )
    return active


def end_run(status: str = "FINISHED") -> None:
    """End the active run of this thread with `status` (nothing happens when there is none)."""
    if not _thread.stack:
        return
    os.environ.pop("MLFLOW_RUN_ID", None)
    run = _thread.stack.pop()
    try:
        run.end(status)
    finally:
        # After the end: a run started while the server was away has an id once it is delivered (else none).
        _thread.last_run_id = run.run_id or None
        if client_of(run) is not _process.client and not any(client_of(r) is client_of(run) for r in _thread.stack):
            run._client.close()  # the tracking URI changed while the run was active


def active_run() -> ActiveRun | None:
    """This thread's active run, or None."""
    return _thread.stack[-1] if _thread.stack else None


def last_active_run() -> Run | None:
    """The active run, else the run this thread ended last (read afresh), else None."""
    current = active_run()
    if current is not None:
        return current.run
    if _thread.last_run_id is None:
        return None
    return client().get_run(_thread.last_run_id)


def _active() -> FluentRun:
    """The active run, started when there is none (as MLflow's logging calls do)."""
    if _thread.stack:
        return _thread.stack[-1]
    start_run()
    return _thread.stack[-1]


def get_run(run_id: str) -> Run:
    """A run by its id (see `TrackingClient.get_run`)."""
    return client().get_run(run_id)


def get_parent_run(run_id: str) -> Run | None:
    """The parent of a nested run, or None."""
    return client().get_parent_run(run_id)


@atexit.register
def _end_run_at_exit() -> None:
    # As MLflow: the run left active on the main thread is ended FINISHED when the interpreter exits.
    with contextlib.suppress(Exception):
        end_run()


# --- logging -------------------------------------------------------------------------------------------------


def log_param(key: str, value: Any, synchronous: bool | None = None) -> Any:
    """Log a param to the active run (started when none is); returns `value`."""
    _active().log_param(key, value)
    return value


def log_params(
    params: Mapping[str, Any], synchronous: bool | None = None, run_id: str | None = None
) -> RunOperations | None:
    """Log several params to the active run (started when none is), or to `run_id`."""
    if run_id is not None:
        client().log_batch(run_id, params=params)
    else:
        _active().log_params(params)
    return operations(synchronous)


def log_metric(
    key: str,
    value: float,
    step: int | None = None,
    synchronous: bool | None = None,
    timestamp: int | None = None,
    run_id: str | None = None,
    model_id: str | None = None,
    dataset: Dataset | None = None,
) -> RunOperations | None:
    """Log a metric value to the active run (started when none is), or to `run_id`; on MLflow 3, linked to the
    logged model `model_id` and to the `dataset` it was computed on."""
    if model_id is not None or dataset is not None:
        _log_linked({key: value}, step, timestamp, run_id, model_id, dataset)
    elif run_id is not None:
        client().log_metric(run_id, key, value, timestamp, step)
    else:
        _active().log_metric(key, value, step=step, timestamp=timestamp)
    return operations(synchronous)


def log_metrics(
    metrics: Mapping[str, float],
    step: int | None = None,
    synchronous: bool | None = None,
    run_id: str | None = None,
    timestamp: int | None = None,
    model_id: str | None = None,
    dataset: Dataset | None = None,
) -> RunOperations | None:
    """Log several metrics, with one step and timestamp, to the active run or to `run_id` (on MLflow 3, linked
    to `model_id` and `dataset` as `log_metric` does)."""
    if model_id is not None or dataset is not None:
        _log_linked(metrics, step, timestamp, run_id, model_id, dataset)
    elif run_id is not None:
        stamp = now_ms() if timestamp is None else timestamp
        entries = [Metric(key, value, stamp, step or 0) for key, value in metrics.items()]
        client().log_batch(run_id, metrics=entries)
    else:
        _active().log_metrics(metrics, step=step, timestamp=timestamp)
    return operations(synchronous)


def _log_linked(
    metrics: Mapping[str, float],
    step: int | None,
    timestamp: int | None,
    run_id: str | None,
    model_id: str | None,
    dataset: Dataset | None,
) -> None:
    """Metrics linked to a logged model and a dataset (MLflow 3). As MLflow does, the run's inputs gain the model
    and the dataset when it has neither among its inputs and outputs yet."""
    entity = _dataset_entity(dataset) if dataset is not None else None
    tracking = client()
    run = tracking.get_run(_run_id(run_id))  # its inputs and outputs as the server has them now
    stamp = now_ms() if timestamp is None else timestamp
    name, digest = (entity.name, entity.digest) if entity is not None else (None, None)
    for key, value in metrics.items():  # checks the server runs MLflow 3 before the first is sent
        tracking.log_metric(
            run.info.run_id, key, value, stamp, step or 0, model_id=model_id, dataset_name=name, dataset_digest=digest
        )
    known = {i.model_id for i in run.inputs.model_inputs}
    known |= {o.model_id for o in run.outputs.model_outputs} if run.outputs is not None else set()
    models = [LoggedModelInput(model_id)] if model_id is not None and model_id not in known else []
    used = {(i.dataset.name, i.dataset.digest) for i in run.inputs.dataset_inputs}
    datasets = [DatasetInput(entity)] if entity is not None and (name, digest) not in used else []
    if models or datasets:
        tracking.log_inputs(run.info.run_id, datasets or None, models or None)


def _dataset_entity(dataset: object) -> Dataset:
    """A `Dataset` entity, from ours, or from an `mlflow.data` dataset or MLflow's entity (by their dicts)."""
    to_entity = getattr(dataset, "_to_mlflow_entity", None)
    entity = to_entity() if callable(to_entity) else dataset
    if isinstance(entity, Dataset):
        return entity
    to_dictionary = getattr(entity, "to_dictionary", None)
    if callable(to_dictionary):
        return Dataset.from_dict(to_dictionary())
    raise InvalidParameterValue(f"dataset must be a mlflow_lite.entities.Dataset, got {type(dataset).__name__}")


def set_tag(key: str, value: Any, synchronous: bool | None = None) -> RunOperations | None:
    """Set a tag on the active run (started when none is)."""
    _active().set_tag(key, value)
    return operations(synchronous)


def set_tags(tags: Mapping[str, Any], synchronous: bool | None = None) -> RunOperations | None:
    """Set several tags on the active run (started when none is)."""
    _active().set_tags(tags)
    return operations(synchronous)


def delete_tag(key: str) -> None:
    """Delete a tag of the active run."""
    run = _active()
    run.flush()  # a buffered set_tag of the same key must land first
    client().delete_tag(run.run_id, key)


def _run_id(run_id: str | None) -> str:
    if run_id is not None:
        return run_id
    run = _active()
    run.flush()  # what was logged before an artifact call is on the server before it
    if not run.run_id:
        raise InvalidParameterValue(
            "the active run was started while the server was away and the server has not created it yet: "
            "artifacts, datasets and models go to the server directly, so they need it (its logging calls do not)"
        )
    return run.run_id


def log_artifact(
    local_path: str | os.PathLike[str], artifact_path: str | None = None, run_id: str | None = None
) -> None:
    """Upload a file into `artifact_path` of the active run's artifacts (or of `run_id`'s)."""
    client().log_artifact(_run_id(run_id), local_path, artifact_path)


def log_artifacts(
    local_dir: str | os.PathLike[str], artifact_path: str | None = None, run_id: str | None = None
) -> None:
    """Upload a folder's whole tree into `artifact_path` of the active run's artifacts (or `run_id`'s)."""
    client().log_artifacts(_run_id(run_id), local_dir, artifact_path)


def log_text(text: str, artifact_file: str, run_id: str | None = None) -> None:
    """Write `text` to the artifact file `artifact_file` of the active run (or of `run_id`)."""
    client().log_text(_run_id(run_id), text, artifact_file)


def log_dict(dictionary: Mapping[str, Any], artifact_file: str, run_id: str | None = None) -> None:
    """Write `dictionary` as JSON (YAML for a .yaml name) to `artifact_file` of the active run."""
    client().log_dict(_run_id(run_id), dictionary, artifact_file)


def log_figure(figure: Any, artifact_file: str, *, save_kwargs: Mapping[str, Any] | None = None) -> None:
    """Save a matplotlib or plotly figure as the artifact file `artifact_file`."""
    client().log_figure(_run_id(None), figure, artifact_file, save_kwargs=save_kwargs)


def log_image(
    image: Any,
    artifact_file: str | None = None,
    key: str | None = None,
    step: int | None = None,
    timestamp: int | None = None,
    synchronous: bool | None = False,
) -> None:
    """Log a PIL image or a numpy array as `artifact_file`, or as step `step` of the image series `key`."""
    client().log_image(_run_id(None), image, artifact_file, key, step, timestamp)


def log_table(data: Mapping[str, Any] | pandas.DataFrame, artifact_file: str, run_id: str | None = None) -> None:
    """Log a table (a pandas DataFrame or a dict of columns) as a JSON or Parquet artifact, added to the rows
    already in that file, as MLflow does."""
    client().log_table(_run_id(run_id), data, artifact_file)


def log_input(
    dataset: Dataset | DatasetInput | None = None,
    context: str | None = None,
    tags: Mapping[str, str] | None = None,
    model: LoggedModelInput | None = None,
) -> None:
    """Log a dataset the active run used; `context` ("training", ...) goes in the tag `mlflow.data.context`. On
    MLflow 3, `model` (a `LoggedModelInput`) logs a logged model the run used.

    `dataset` is one of `mlflow_lite.data.from_pandas`/`from_numpy`'s datasets, a `mlflow_lite.entities.Dataset`,
    or any object with MLflow's `_to_mlflow_entity()`.
    """
    if dataset is None and model is None:
        raise InvalidParameterValue("log_input needs a dataset or a model")
    inputs = None
    if dataset is not None:
        input_tags = [InputTag(key, str(value)) for key, value in (tags or {}).items()]
        if context is not None:
            input_tags.append(InputTag("mlflow.data.context", context))
        if isinstance(dataset, DatasetInput):
            inputs = [DatasetInput(dataset.dataset, [*dataset.tags, *input_tags])]
        else:
            inputs = [DatasetInput(_dataset_entity(dataset), input_tags)]
    client().log_inputs(_run_id(None), inputs, [model] if model is not None else None)


def get_artifact_uri(artifact_path: str | None = None) -> str:
    """The URI of the active run's artifact root, or of `artifact_path` below it."""
    if not _thread.stack:
        logger.warning(
            "No active run found. A new active run will be created. If this is not intended, please create a run "
            "using `mlflow.start_run()` first."
        )
    root = _active().info.artifact_uri
    if artifact_path is None:
        return root
    return root.rstrip("/") + "/" + posixpath.normpath(artifact_path).lstrip("/")


# --- logged models (MLflow 3) ----------------------------------------------------------------------------


def initialize_logged_model(
    name: str | None = None,
    source_run_id: str | None = None,
    tags: Mapping[str, Any] | None = None,
    params: Mapping[str, Any] | None = None,
    model_type: str | None = None,
    experiment_id: str | None = None,
) -> LoggedModel:
    """Create a logged model (PENDING until `finalize_logged_model`), as MLflow does: made by the active run and
    in its experiment when there is one (none is started), with the context tags a run gets (`mlflow.user`,
    `mlflow.source.*`, git) under the given ones. `last_logged_model()` returns it afterwards."""
    active = _thread.stack[-1] if _thread.stack else None
    if source_run_id is None and active is not None:
        source_run_id = active.run_id
    if experiment_id is None:
        if active is not None:
            experiment_id = active.info.experiment_id
        elif _process.experiment_id or os.environ.get("MLFLOW_EXPERIMENT_NAME") or not source_run_id:
            experiment_id = _experiment_id()
        else:
            experiment_id = get_run(source_run_id).info.experiment_id
    tracking = client()
    all_tags = {**context_tags(settings_of(tracking).username), **(tags or {})}
    model = tracking.create_logged_model(experiment_id, name, source_run_id, all_tags, params, model_type)
    _thread.last_logged_model_id = model.model_id
    return model


def last_logged_model() -> LoggedModel | None:
    """The logged model this thread made last (`initialize_logged_model`), as the server has it now."""
    model_id = _thread.last_logged_model_id
    return None if model_id is None else get_logged_model(model_id)


def get_logged_model(model_id: str) -> LoggedModel:
    """A logged model, with its tags, params and metrics."""
    return client().get_logged_model(model_id)


def finalize_logged_model(model_id: str, status: Literal["READY", "FAILED"] | str) -> LoggedModel:
    """Set a logged model's final status, "READY" or "FAILED"; returns it."""
    return client().finalize_logged_model(model_id, status)


def set_logged_model_tags(model_id: str, tags: Mapping[str, Any]) -> None:
    """Set tags on a logged model."""
    client().set_logged_model_tags(model_id, tags)


def delete_logged_model_tag(model_id: str, key: str) -> None:
    """Delete a tag of a logged model."""
    client().delete_logged_model_tag(model_id, key)


def log_model_params(params: Mapping[str, Any], model_id: str | None = None) -> None:
    """Log params of a logged model (MLflow's active-model default is not kept by mlflow-lite: pass `model_id`)."""
    if model_id is None:
        raise InvalidParameterValue("log_model_params needs a model_id")
    client().log_model_params(model_id, params)


def log_outputs(models: Sequence[LoggedModelOutput] | None = None) -> None:
    """Record the logged models the active run (started when none is) produced, each at a step."""
    client().log_outputs(_run_id(None), models or [])


@overload
def search_logged_models(
    experiment_ids: Sequence[str] | None = None,
    filter_string: str | None = None,
    datasets: Sequence[Mapping[str, str]] | None = None,
    max_results: int | None = None,
    order_by: Sequence[Mapping[str, Any]] | None = None,
    output_format: Literal["pandas"] = "pandas",
) -> pandas.DataFrame: ...


@overload
def search_logged_models(
    experiment_ids: Sequence[str] | None = None,
    filter_string: str | None = None,
    datasets: Sequence[Mapping[str, str]] | None = None,
    max_results: int | None = None,
    order_by: Sequence[Mapping[str, Any]] | None = None,
    *,
    output_format: Literal["list"],
) -> list[LoggedModel]: ...


def search_logged_models(
    experiment_ids: Sequence[str] | None = None,
    filter_string: str | None = None,
    datasets: Sequence[Mapping[str, str]] | None = None,
    max_results: int | None = None,
    order_by: Sequence[Mapping[str, Any]] | None = None,
    output_format: str = "pandas",
) -> list[LoggedModel] | pandas.DataFrame:
    """Logged models of the given experiments (the active one when none are given), every page, as a pandas
    DataFrame (one row per model, as MLflow builds it; needs pandas) or a list."""
    if output_format not in ("pandas", "list"):
        raise InvalidParameterValue(
            f"Unsupported output format: {output_format!r}. Supported string values are 'pandas' or 'list'"
        )
    if output_format == "pandas":
        from ._ops.media import require

        require(
            "pandas",
            "search_logged_models(output_format='pandas')",
            instead='pass output_format="list" for a list of models, which needs no pandas',
        )
    ids = list(experiment_ids) if experiment_ids else [_experiment_id()]
    found = client().search_logged_models(ids, filter_string, datasets, max_results, order_by)
    models = list(found)
    if output_format == "list":
        return models
    import pandas

    # MLflow's rows: each model's `to_dictionary()`, its status as the name.
    return pandas.DataFrame([model.to_dict() for model in models])


# --- experiments and searches --------------------------------------------------------------------------------


def create_experiment(name: str, artifact_location: str | None = None, tags: Mapping[str, Any] | None = None) -> str:
    """Create an experiment and return its id."""
    return client().create_experiment(name, artifact_location, tags)


def get_experiment(experiment_id: str) -> Experiment:
    """The experiment with this id."""
    return client().get_experiment(experiment_id)


def get_experiment_by_name(name: str) -> Experiment | None:
    """The experiment with this name, or None."""
    return client().get_experiment_by_name(name)


def delete_experiment(experiment_id: str) -> None:
    """Delete an experiment."""
    client().delete_experiment(experiment_id)


def set_experiment_tag(key: str, value: Any) -> None:
    """Set a tag on the active experiment."""
    client().set_experiment_tag(_experiment_id(), key, value)


def set_experiment_tags(tags: Mapping[str, Any]) -> None:
    """Set several tags on the active experiment."""
    experiment_id = _experiment_id()
    for key, value in tags.items():
        client().set_experiment_tag(experiment_id, key, value)


def search_experiments(
    view_type: int = ViewType.ACTIVE_ONLY,
    max_results: int | None = None,
    filter_string: str | None = None,
    order_by: list[str] | None = None,
) -> list[Experiment]:
    """Every matching experiment (all pages), or at most `max_results`."""
    return list(
        client().search_experiments(
            view_type=view_type, max_results=max_results, filter_string=filter_string, order_by=order_by
        )
    )


@overload
def search_runs(
    experiment_ids: list[str] | None = None,
    filter_string: str = "",
    run_view_type: int = ViewType.ACTIVE_ONLY,
    max_results: int = SEARCH_MAX_RESULTS_PANDAS,
    order_by: list[str] | None = None,
    *,
    output_format: Literal["list"],
    search_all_experiments: bool = False,
    experiment_names: list[str] | None = None,
) -> list[Run]: ...


@overload
def search_runs(
    experiment_ids: list[str] | None = None,
    filter_string: str = "",
    run_view_type: int = ViewType.ACTIVE_ONLY,
    max_results: int = SEARCH_MAX_RESULTS_PANDAS,
    order_by: list[str] | None = None,
    output_format: Literal["pandas"] = "pandas",
    search_all_experiments: bool = False,
    experiment_names: list[str] | None = None,
) -> pandas.DataFrame: ...


def search_runs(
    experiment_ids: list[str] | None = None,
    filter_string: str = "",
    run_view_type: int = ViewType.ACTIVE_ONLY,
    max_results: int = SEARCH_MAX_RESULTS_PANDAS,
    order_by: list[str] | None = None,
    output_format: str = "pandas",
    search_all_experiments: bool = False,
    experiment_names: list[str] | None = None,
) -> list[Run] | pandas.DataFrame:
    """Runs of the given experiments (by id or by name; the active one when neither is given), as a pandas
    DataFrame with MLflow's columns, or as a list with `output_format="list"`."""
    if output_format not in ("pandas", "list"):
        raise InvalidParameterValue(
            f"Unsupported output format: {output_format}. Supported string values are 'pandas' or 'list'"
        )
    if output_format == "pandas":
        from ._ops.media import WITHOUT_PANDAS, require

        require("pandas", "search_runs(output_format='pandas')", instead=WITHOUT_PANDAS)
    if experiment_ids and experiment_names:
        raise InvalidParameterValue("Only experiment_ids or experiment_names can be used, but not both")
    tracking = client()
    ids: Sequence[str]
    if experiment_names:
        found = [tracking.get_experiment_by_name(name) for name in experiment_names if name is not None]
        ids = [experiment.experiment_id for experiment in found if experiment is not None]
    elif experiment_ids:
        ids = [str(e) for e in experiment_ids]
    elif search_all_experiments:
        ids = [experiment.experiment_id for experiment in tracking.search_experiments()]
    else:
        ids = [_experiment_id()]
    matched = (
        []
        if not ids
        else list(
            tracking.search_runs(
                ids,
                filter_string=filter_string,
                run_view_type=run_view_type,
                order_by=order_by,
                max_results=max_results,
            )
        )
    )
    if output_format == "list":
        return matched
    from ._ops.media import runs_frame

    return runs_frame(matched)


# --- registry ------------------------------------------------------------------------------------------------


def register_model(
    model_uri: str, name: str, await_registration_for: int = 300, *, tags: Mapping[str, Any] | None = None
) -> ModelVersion:
    """Register `model_uri` as a new version of `name`, creating the registered model when it does not exist.

    A `runs:/<run_id>/<path>` URI is found as MLflow's client of the server's version finds it: the run's
    artifacts at `path` (MLflow 2; MLflow 3 when an `MLmodel` file is there), else on MLflow 3 the run's logged
    model named `path`, registered as `models:/<model_id>` and noted in its `mlflow.modelVersions` tag.
    """
    tracking = _registry_client()
    try:
        tracking.create_registered_model(name)
        logger.info("Successfully registered model '%s'.", name)
    except ResourceAlreadyExists:
        logger.info("Registered model %r already exists. Creating a new version of this model...", name)
    source, run_id, model_id = run_op(tracking, logged_models.model_source(context_of(tracking), model_uri))
    version = tracking.create_model_version(
        name, source, run_id, tags=tags, await_creation_for=await_registration_for, model_id=model_id
    )
    logger.info("Created version '%s' of model '%s'.", version.version, version.name)
    if model_id is not None:
        run_op(tracking, logged_models.note_model_version(context_of(tracking), model_id, name, version.version))
    return version


show_as_public(globals())

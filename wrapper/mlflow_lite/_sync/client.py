# Generated from _async/client.py by scripts/unasync.py: do not edit; edit the async file, then `make unasync`.
"""`TrackingClient` and its run handle `ActiveRun`: the synchronous twins of `AsyncTrackingClient`.

Generated from `_async/client.py` by `scripts/unasync.py`: edit that file, then run `make unasync`.
What each method does lives in the ops (`_ops`); a client only carries out their effects, here with
`httpx.Client` and `time.sleep`.
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from .._core.client_base import ClientBase, RunOperations, keep_inherited, operations, run_status_for
from .._core.effects import Call, Done, Op, Request, Sleep, advance
from .._core.lazy import LazyModule
from .._core.public import show_as_public
from .._core.streams import read_timeout_from_now
from .._core.transport import external_options, httpx_options
from .._errors import ClientClosed, InvalidParameterValue

# What the methods do is in the ops modules, imported at the first call that needs them (with the generated
# models they use): making a client costs httpx and little more.
if TYPE_CHECKING:
    from .._durable.delivery import Journal
    from .._entities import (
        Experiment,
        FileInfo,
        LoggedModel,
        LoggedModelOutput,
        Metric,
        ModelVersion,
        RegisteredModel,
        Run,
        RunData,
        RunInfo,
        RunInputs,
    )
    from .._ops import artifacts, experiments, inputs, logged_models, media, registry, run_start, runs, searches
    from .._ops.artifacts import Progress
    from .._ops.calls import GeneratedClient
    from .._ops.run_start import RunPlan
    from .._ops.validate import Batch
    from .drain import Drain
    from .sender import Sender
else:
    artifacts = LazyModule("mlflow_lite._ops.artifacts")
    experiments = LazyModule("mlflow_lite._ops.experiments")
    inputs = LazyModule("mlflow_lite._ops.inputs")
    logged_models = LazyModule("mlflow_lite._ops.logged_models")
    media = LazyModule("mlflow_lite._ops.media")
    registry = LazyModule("mlflow_lite._ops.registry")
    run_start = LazyModule("mlflow_lite._ops.run_start")
    runs = LazyModule("mlflow_lite._ops.runs")
    searches = LazyModule("mlflow_lite._ops.searches")

__all__ = ["ActiveRun", "ClientCore", "TrackingClient", "client_of", "http_of", "run_op"]

T = TypeVar("T")
logger = logging.getLogger("mlflow_lite")
ACTIVE_ONLY = 1  # ViewType.ACTIVE_ONLY, MLflow's default view of searches


class ClientCore(ClientBase):
    """Every method but the searches: what `TrackingClient` and `MlflowClient` share, whose searches differ."""

    _http: httpx.Client
    _api: GeneratedClient | None = None
    _external: httpx.Client | None = None

    def _open(self) -> None:
        self._http = httpx.Client(**httpx_options(self._settings))
        # The drains of this client's journaled runs, stopped at `close()` (their journals kept for `sync`).
        self._drains: weakref.WeakSet[Drain] = weakref.WeakSet()

    def _reopen_in_child(self) -> None:
        keep_inherited(self._http)
        if self._external is not None:
            keep_inherited(self._external)
        self._http = httpx.Client(**httpx_options(self._settings))
        self._external = self._api = None

    def _http_for(self, request: Request) -> httpx.Client:
        """The connection pool for a request: the server's, or for presigned URLs elsewhere one without this
        client's credentials and headers (made at the first such request)."""
        if not request.external:
            return self._http
        if self._external is None:
            self._external = httpx.Client(**external_options(self._settings))
        return self._external

    # --- plumbing ----------------------------------------------------------------------------------------

    def _drive(self, op: Op[T]) -> T:
        """Run an op: send its requests with httpx, sleep its back-offs, feed back results and errors."""
        if self._http.is_closed:  # before the op starts: nothing of it runs (httpx would raise a bare RuntimeError)
            op.close()
            raise ClientClosed(
                f"this {type(self).__name__} is closed (close() or the end of its `with` block): make a new client"
            )
        value: Any = None
        error: BaseException | None = None
        while not isinstance(effect := advance(op, value, error), Done):
            value, error = None, None
            if isinstance(effect, Sleep):
                time.sleep(effect.seconds)
                continue
            if isinstance(effect, Call):
                try:
                    value = effect.function()
                except Exception as exc:  # the op decides what a store's failure means
                    error = exc
                continue
            request = effect.request
            try:
                if request.stream_to is not None:  # a download written to a file as it arrives
                    with self._http.stream(
                        request.method,
                        request.url,
                        params=request.params,
                        headers=request.headers,
                        timeout=effect.timeout,
                    ) as value:
                        if value.is_success:
                            if effect.body_timeout is not None:
                                read_timeout_from_now(value, effect.body_timeout)
                            with request.stream_to.open(value) as write:
                                for chunk in value.iter_bytes():
                                    write(chunk)
                        else:
                            value.read()  # the error body, for the error message
                    continue
                value = self._http_for(request).request(
                    request.method,
                    request.url,
                    params=request.params,
                    json=request.json,
                    content=request.body(),
                    headers=request.headers,
                    timeout=effect.timeout,
                )
            except httpx.HTTPError as exc:
                error = exc
        return effect.value

    def _pages(self, search: searches.Search[T], max_results: int | None) -> Iterator[T]:
        pager = search.pager(max_results)
        while not pager.done:
            items, token = self._drive(search.page(pager.token, pager.next_size()))
            for item in pager.accept(items, token):
                yield item

    @property
    def api(self) -> GeneratedClient:
        """The generated low-level client (`mlflow_rest_api`), on this client's connection and credentials."""
        if self._api is None:
            from .._ops.calls import GeneratedClient

            api = GeneratedClient(base_url=self._settings.tracking_uri)
            api.set_httpx_client(self._http)
            self._api = api
        return self._api

    def close(self) -> None:
        """Close the connection pool (the client cannot be used afterwards); journaled runs deliver what they
        can first, and leave the rest in their journals."""
        try:
            for drain in list(self._drains):
                drain.close()
        finally:
            self._http.close()
        if self._external is not None:
            self._external.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- experiments -------------------------------------------------------------------------------------

    def create_experiment(self, name: str, artifact_location: str | None = None, tags: object = None) -> str:
        """Create an experiment and return its id."""
        return self._drive(experiments.create_experiment(self._cx, name, artifact_location, tags))

    def get_experiment(self, experiment_id: str) -> Experiment:
        """The experiment with this id (`ResourceDoesNotExist` when there is none)."""
        return self._drive(experiments.get_experiment(self._cx, experiment_id))

    def get_experiment_by_name(self, name: str) -> Experiment | None:
        """The experiment with this name (deleted ones too, as MLflow answers), or None."""
        return self._drive(experiments.get_experiment_by_name(self._cx, name))

    def ensure_experiment(
        self,
        name: str,
        *,
        artifact_location: str | None = None,
        tags: object = None,
        restore_deleted: bool = False,
    ) -> str:
        """The id of the active experiment `name`, created if missing. Safe when many processes call it at
        once. A name held by a deleted experiment raises `ExperimentDeleted`, or restores it when
        `restore_deleted=True`."""
        return self._drive(
            experiments.ensure_experiment(
                self._cx, name, artifact_location=artifact_location, tags=tags, restore_deleted=restore_deleted
            )
        )

    def delete_experiment(self, experiment_id: str) -> None:
        """Delete an experiment (its runs with it); `restore_experiment` brings it back until `mlflow gc`."""
        self._drive(experiments.delete_experiment(self._cx, experiment_id))

    def restore_experiment(self, experiment_id: str) -> None:
        """Bring a deleted experiment back."""
        self._drive(experiments.restore_experiment(self._cx, experiment_id))

    def rename_experiment(self, experiment_id: str, new_name: str) -> None:
        """Give an experiment a new name."""
        self._drive(experiments.rename_experiment(self._cx, experiment_id, new_name))

    def delete_experiment_tag(self, experiment_id: str, key: str) -> None:
        """Delete a tag of an experiment (MLflow 3.2 and later)."""
        self._drive(experiments.delete_experiment_tag(self._cx, experiment_id, key))

    def set_experiment_tag(self, experiment_id: str, key: str, value: object) -> None:
        """Set a tag on an experiment (its value as `str(value)`)."""
        self._drive(experiments.set_experiment_tag(self._cx, experiment_id, key, value))

    # --- runs --------------------------------------------------------------------------------------------

    def start_run(
        self,
        experiment_name: str | None = None,
        *,
        experiment_id: str | None = None,
        run_id: str | None = None,
        run_name: str | None = None,
        tags: object = None,
        description: str | None = None,
        parent_run_id: str | None = None,
        buffered: bool | None = None,
    ) -> ActiveRun:
        """Find or create the experiment, create a run in it, and return its handle; with `run_id`, resume
        that run instead (set RUNNING again).

        The new run gets the context tags MLflow's fluent `start_run` sets (user, source, git commit), then
        `tags`, which win. As a context manager the handle ends the run FINISHED, or FAILED when the block
        raises (KILLED on KeyboardInterrupt), and lets the exception through. With `buffered=True` (default:
        the client's `buffered`), the handle's logging calls are merged into log-batch requests sent in the
        background.

        With a spool folder (`spool_dir`), the run is journaled: each logging call is written to a local journal
        before it returns and delivered from there, and a run whose server is away keeps going on the journal
        alone (it is created when the server is back, with its start time; `run_id` is "" until then).
        """
        if self.spool_dir is not None and run_id is None:
            plan = self._plan_run(experiment_name, experiment_id, run_name, tags, description, parent_run_id, buffered)
            return self._started_journaled(plan)
        op = self._start_run(experiment_name, experiment_id, run_id, run_name, tags, description, parent_run_id)
        buffered = self.buffered if buffered is None else buffered
        return self._started(op, buffered)

    def _start_run(
        self,
        experiment_name: str | None,
        experiment_id: str | None,
        run_id: str | None,
        run_name: str | None,
        tags: object,
        description: str | None,
        parent_run_id: str | None,
    ) -> Op[Run]:
        return run_start.start_run(
            self._cx,
            experiment_name,
            experiment_id,
            default_experiment=self.experiment_name,
            run_id=run_id,
            run_name=run_name,
            tags=tags,
            description=description,
            parent_run_id=parent_run_id,
            username=self._settings.username,
        )

    def _plan_run(
        self,
        experiment_name: str | None,
        experiment_id: str | None,
        run_name: str | None,
        tags: object,
        description: str | None,
        parent_run_id: str | None,
        buffered: bool | None,
    ) -> RunPlan:
        """A journaled run's plan (see `run_start.plan_run`); its runs are buffered, being logged to the journal."""
        if buffered is False:
            raise InvalidParameterValue(
                "this client has a spool folder, so its runs are journaled and buffered; buffered=False cannot be "
                "(make a client without spool_dir for runs that send each call at once)"
            )
        return run_start.plan_run(
            experiment_name or self.experiment_name,
            experiment_id,
            run_name=run_name,
            tags=tags,
            description=description,
            parent_run_id=parent_run_id,
            username=self._settings.username,
        )

    def _started(self, op: Op[Run], buffered: bool) -> ActiveRun:
        return self._run_handle(self._drive(op), buffered)

    def _started_journaled(self, plan: RunPlan) -> ActiveRun:
        """Journal the run, then create it on the server, waiting at most `FIRST_CONTACT_BUDGET` for it: a server
        that is away leaves the run to its journal, and the drain creates it when the server is back."""
        from .._durable.delivery import open_journal

        journal = open_journal(self, plan)
        step = journal.delivery.next_step()
        assert step is not None, "a new journal's first step creates its run"
        try:
            run = self._drive(step.op(journal.first_try(self._cx), None))
        except Exception as exc:
            run = journal.first_try_failed(exc)
        else:
            journal.delivery.done(step, run)
        return self._run_handle(run, True, journal)

    def _run_handle(self, run: Run, buffered: bool, journal: Journal | None = None) -> ActiveRun:
        """The handle `start_run` returns for a run (a subclass may hand out its own kind)."""
        return ActiveRun(self, run, buffered=buffered, journal=journal)

    def create_run(
        self,
        experiment_id: str,
        start_time: int | None = None,
        tags: object = None,
        run_name: str | None = None,
    ) -> Run:
        """Create a run (no context tags, as MLflow's `MlflowClient.create_run`); see `start_run`."""
        return self._drive(
            runs.create_run(self._cx, experiment_id, run_name=run_name, start_time=start_time, tags=tags)
        )

    def get_run(self, run_id: str) -> Run:
        """A run: its info, its data (latest metrics, params, tags) and its inputs."""
        return self._drive(runs.get_run(self._cx, run_id))

    def get_parent_run(self, run_id: str) -> Run | None:
        """The parent of a nested run (its `mlflow.parentRunId` tag), or None."""
        return self._drive(runs.get_parent_run(self._cx, run_id))

    def update_run(self, run_id: str, status: str | None = None, name: str | None = None) -> None:
        """Change a run's status or name; what is None stays as it is."""
        self._drive(runs.update_run(self._cx, run_id, status, name))

    def set_terminated(self, run_id: str, status: str | None = None, end_time: int | None = None) -> RunInfo:
        """End a run with `status` (default FINISHED) at `end_time` (default now, epoch ms)."""
        return self._drive(runs.set_terminated(self._cx, run_id, status, end_time))

    def delete_run(self, run_id: str) -> None:
        """Delete a run; `restore_run` brings it back until `mlflow gc`."""
        self._drive(runs.delete_run(self._cx, run_id))

    def restore_run(self, run_id: str) -> None:
        """Bring a deleted run back."""
        self._drive(runs.restore_run(self._cx, run_id))

    def log_param(self, run_id: str, key: str, value: Any, synchronous: bool | None = None) -> Any:
        """Log a param (its value as `str(value)`) and return `value`, as MLflow does."""
        self._drive(runs.log_param(self._cx, run_id, key, value))
        return value

    def set_tag(self, run_id: str, key: str, value: Any, synchronous: bool | None = None) -> RunOperations | None:
        """Set a tag on a run (its value as `str(value)`)."""
        self._drive(runs.set_tag(self._cx, run_id, key, value))
        return operations(synchronous)

    def delete_tag(self, run_id: str, key: str) -> None:
        """Delete a tag of a run."""
        self._drive(runs.delete_tag(self._cx, run_id, key))

    def log_metric(
        self,
        run_id: str,
        key: str,
        value: float,
        timestamp: int | None = None,
        step: int | None = None,
        synchronous: bool | None = None,
        dataset_name: str | None = None,
        dataset_digest: str | None = None,
        model_id: str | None = None,
    ) -> RunOperations | None:
        """Log one metric value (`timestamp` default now in epoch ms, `step` default 0); on MLflow 3, linked to a
        logged model (`model_id`) and to the dataset it was computed on (`dataset_name`, `dataset_digest`)."""
        op = runs.log_metric(
            self._cx,
            run_id,
            key,
            value,
            timestamp,
            step,
            model_id=model_id,
            dataset_name=dataset_name,
            dataset_digest=dataset_digest,
        )
        self._drive(op)
        return operations(synchronous)

    def log_batch(
        self,
        run_id: str,
        metrics: object = (),
        params: object = (),
        tags: object = (),
        synchronous: bool | None = None,
    ) -> RunOperations | None:
        """Log any number of metrics, params and tags (entity lists as MLflow takes them, or mappings), split
        into requests within the server's limits. Everything is validated before the first request."""
        self._drive(runs.log_batch(self._cx, run_id, metrics, params, tags))
        return operations(synchronous)

    def get_metric_history(self, run_id: str, key: str) -> list[Metric]:
        """Every value of one metric (all pages)."""
        return self._drive(runs.get_metric_history(self._cx, run_id, key))

    # --- registry ----------------------------------------------------------------------------------------

    def create_registered_model(
        self, name: str, tags: object = None, description: str | None = None, deployment_job_id: str | None = None
    ) -> RegisteredModel:
        """Create a registered model, with tags and a description; returns it. (`deployment_job_id`, a Databricks
        feature the open-source server does not store, is refused.)"""
        return self._drive(registry.create_registered_model(self._cx, name, tags, description, deployment_job_id))

    def get_registered_model(self, name: str) -> RegisteredModel:
        """A registered model, with its latest versions, tags and aliases."""
        return self._drive(registry.get_registered_model(self._cx, name))

    def rename_registered_model(self, name: str, new_name: str) -> RegisteredModel:
        """Give a registered model a new name; returns it."""
        return self._drive(registry.rename_registered_model(self._cx, name, new_name))

    def update_registered_model(
        self, name: str, description: str | None = None, deployment_job_id: str | None = None
    ) -> RegisteredModel:
        """Change a registered model's description; returns it. (`deployment_job_id` is refused, as above.)"""
        return self._drive(registry.update_registered_model(self._cx, name, description, deployment_job_id))

    def delete_registered_model(self, name: str) -> None:
        """Delete a registered model and all its versions."""
        self._drive(registry.delete_registered_model(self._cx, name))

    def set_registered_model_tag(self, name: str, key: str, value: object) -> None:
        """Set a tag on a registered model."""
        self._drive(registry.set_registered_model_tag(self._cx, name, key, value))

    def delete_registered_model_tag(self, name: str, key: str) -> None:
        """Delete a tag of a registered model."""
        self._drive(registry.delete_registered_model_tag(self._cx, name, key))

    def get_latest_versions(self, name: str, stages: Sequence[str] | None = None) -> list[ModelVersion]:
        """The latest version of a registered model in each stage (in `stages` only, when given)."""
        return self._drive(registry.get_latest_versions(self._cx, name, stages))

    def create_model_version(
        self,
        name: str,
        source: str,
        run_id: str | None = None,
        tags: object = None,
        run_link: str | None = None,
        description: str | None = None,
        await_creation_for: int = 300,
        model_id: str | None = None,
    ) -> ModelVersion:
        """Register `source` (`runs:/<run_id>/<path>`, the run's artifact URI and a path, or on MLflow 3 a logged
        model's `models:/<model_id>` with `model_id`) as a new version, waiting up to `await_creation_for`
        seconds while the server still registers it."""
        op = registry.create_model_version(
            self._cx, name, source, run_id, tags, run_link, description, await_creation_for, model_id
        )
        return self._drive(op)

    def get_model_version(self, name: str, version: str | int) -> ModelVersion:
        """A version of a registered model (`1` and `"1"` alike)."""
        return self._drive(registry.get_model_version(self._cx, name, version))

    def update_model_version(self, name: str, version: str | int, description: str | None = None) -> ModelVersion:
        """Change a version's description; returns it."""
        return self._drive(registry.update_model_version(self._cx, name, version, description))

    def delete_model_version(self, name: str, version: str | int) -> None:
        """Delete a version of a registered model."""
        self._drive(registry.delete_model_version(self._cx, name, version))

    def set_model_version_tag(
        self,
        name: str,
        version: str | int | None = None,
        key: str | None = None,
        value: object = None,
        stage: str | None = None,
    ) -> None:
        """Set a tag on a version, named by `version` or (MLflow's deprecated way) as the latest in `stage`."""
        self._drive(registry.set_model_version_tag(self._cx, name, version, key, value, stage))

    def delete_model_version_tag(
        self, name: str, version: str | int | None = None, key: str | None = None, stage: str | None = None
    ) -> None:
        """Delete a tag of a version, named by `version` or (MLflow's deprecated way) the latest in `stage`."""
        self._drive(registry.delete_model_version_tag(self._cx, name, version, key, stage))

    def get_model_version_download_uri(self, name: str, version: str | int) -> str:
        """Where the server says a version's files are."""
        return self._drive(registry.get_model_version_download_uri(self._cx, name, version))

    def get_model_version_stages(self, name: str, version: str | int) -> list[str]:
        """The stages a model version can be in (the same for every version; no request is made)."""
        return list(registry.STAGES.values())

    def transition_model_version_stage(
        self, name: str, version: str | int, stage: str, archive_existing_versions: bool = False
    ) -> ModelVersion:
        """Move a version to a stage (None, Staging, Production, Archived); returns it."""
        return self._drive(
            registry.transition_model_version_stage(self._cx, name, version, stage, archive_existing_versions)
        )

    def set_registered_model_alias(self, name: str, alias: str, version: str | int) -> None:
        """Point an alias of a registered model at a version."""
        self._drive(registry.set_registered_model_alias(self._cx, name, alias, version))

    def get_model_version_by_alias(self, name: str, alias: str) -> ModelVersion:
        """The version an alias points at."""
        return self._drive(registry.get_model_version_by_alias(self._cx, name, alias))

    def delete_registered_model_alias(self, name: str, alias: str) -> None:
        """Delete an alias of a registered model (a no-op when it does not exist)."""
        self._drive(registry.delete_registered_model_alias(self._cx, name, alias))

    # --- artifacts and datasets --------------------------------------------------------------------------

    def log_artifact(
        self,
        run_id: str,
        local_path: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        """Upload a file into the folder `artifact_path` of the run's artifacts, streamed from disk."""
        self._drive(artifacts.log_artifact(self._cx, run_id, local_path, artifact_path, progress))

    def log_artifacts(
        self,
        run_id: str,
        local_dir: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        """Upload a folder's whole tree into `artifact_path`, sub-folders kept."""
        self._drive(artifacts.log_artifacts(self._cx, run_id, local_dir, artifact_path, progress))

    def log_text(self, run_id: str, text: str, artifact_file: str) -> None:
        """Write `text` (UTF-8) to the artifact file `artifact_file`."""
        self._drive(artifacts.log_text(self._cx, run_id, text, artifact_file))

    def log_dict(self, run_id: str, dictionary: Mapping[str, Any], artifact_file: str) -> None:
        """Write `dictionary` as JSON to `artifact_file` (JSON for `.yaml` names too: it is valid YAML)."""
        self._drive(artifacts.log_dict(self._cx, run_id, dictionary, artifact_file))

    def list_artifacts(self, run_id: str, path: str | None = None, recursive: bool = False) -> list[FileInfo]:
        """Files and folders under `path` (paths from the run's root); `recursive`: every file below, no folders."""
        return self._drive(artifacts.list_artifacts(self._cx, run_id, path, recursive))

    def download_artifacts(
        self,
        run_id: str,
        path: str | None = None,
        dst_path: str | os.PathLike[str] | None = None,
        *,
        progress: Progress | None = None,
    ) -> str:
        """Download a file or folder to `dst_path/<path>` (a new temporary folder when None); returns that path."""
        return self._drive(artifacts.download_artifacts(self._cx, run_id, path, dst_path, progress))

    def log_inputs(self, run_id: str, datasets: object = None, models: object = None) -> None:
        """Log dataset inputs (`DatasetInput`s, `Dataset`s or dicts, with tags) to a run, and on MLflow 3 the
        logged models it used (`LoggedModelInput`s or model ids)."""
        self._drive(inputs.log_inputs(self._cx, run_id, datasets, models))

    def log_outputs(self, run_id: str, models: Sequence[LoggedModelOutput]) -> None:
        """Record the logged models a run produced, each at a step (`LoggedModelOutput(model_id, step)`; MLflow 3)."""
        self._drive(logged_models.log_outputs(self._cx, run_id, models))

    def log_figure(
        self, run_id: str, figure: Any, artifact_file: str, *, save_kwargs: Mapping[str, Any] | None = None
    ) -> None:
        """Save a matplotlib or plotly figure as the artifact file `artifact_file` (its extension says the format)."""
        self._drive(media.log_figure(self._cx, run_id, figure, artifact_file, save_kwargs))

    def log_image(
        self,
        run_id: str,
        image: Any,
        artifact_file: str | None = None,
        key: str | None = None,
        step: int | None = None,
        timestamp: int | None = None,
        synchronous: bool | None = None,
    ) -> None:
        """Log a PIL image or a numpy array (needs Pillow) as `artifact_file`, or as step `step` of the image series
        `key`, which MLflow's UI shows as a slider."""
        self._drive(media.log_image(self._cx, run_id, image, artifact_file, key, step, timestamp))

    def log_table(self, run_id: str, data: Any, artifact_file: str) -> None:
        """Log a pandas DataFrame or a dict of columns (needs pandas) as a `.json` or `.parquet` table artifact;
        rows already in that file are kept and the new ones added, as MLflow does."""
        self._drive(media.log_table(self._cx, run_id, data, artifact_file))

    # --- logged models (MLflow 3) ------------------------------------------------------------------------

    def create_logged_model(
        self,
        experiment_id: str,
        name: str | None = None,
        source_run_id: str | None = None,
        tags: Mapping[str, object] | None = None,
        params: Mapping[str, object] | None = None,
        model_type: str | None = None,
    ) -> LoggedModel:
        """Create a logged model (status PENDING until `finalize_logged_model`), maybe made by a run."""
        op = logged_models.create_logged_model(self._cx, experiment_id, name, source_run_id, tags, params, model_type)
        return self._drive(op)

    def get_logged_model(self, model_id: str) -> LoggedModel:
        """A logged model, with its tags, params and metrics."""
        return self._drive(logged_models.get_logged_model(self._cx, model_id))

    def finalize_logged_model(self, model_id: str, status: str) -> LoggedModel:
        """Set a logged model's final status, "READY" (its files are uploaded) or "FAILED"; returns it."""
        return self._drive(logged_models.finalize_logged_model(self._cx, model_id, status))

    def delete_logged_model(self, model_id: str) -> None:
        """Delete a logged model."""
        self._drive(logged_models.delete_logged_model(self._cx, model_id))

    def set_logged_model_tags(self, model_id: str, tags: Mapping[str, object]) -> None:
        """Set tags on a logged model (values as `str(value)`)."""
        self._drive(logged_models.set_logged_model_tags(self._cx, model_id, tags))

    def delete_logged_model_tag(self, model_id: str, key: str) -> None:
        """Delete a tag of a logged model."""
        self._drive(logged_models.delete_logged_model_tag(self._cx, model_id, key))

    def log_model_params(self, model_id: str, params: Mapping[str, object]) -> None:
        """Log params of a logged model (values as `str(value)`)."""
        self._drive(logged_models.log_model_params(self._cx, model_id, params))

    def log_model_artifact(
        self,
        model_id: str,
        local_path: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        """Upload one file into a logged model's artifacts (into the folder `artifact_path`)."""
        op = logged_models.log_model_artifact(self._cx, model_id, local_path, artifact_path, progress)
        self._drive(op)

    def log_model_artifacts(
        self,
        model_id: str,
        local_dir: str | os.PathLike[str],
        artifact_path: str | None = None,
        *,
        progress: Progress | None = None,
    ) -> None:
        """Upload a folder's whole tree into a logged model's artifacts."""
        op = logged_models.log_model_artifacts(self._cx, model_id, local_dir, artifact_path, progress)
        self._drive(op)

    def list_logged_model_artifacts(self, model_id: str, path: str | None = None) -> list[FileInfo]:
        """Files and folders directly under `path` of a logged model's artifacts."""
        return self._drive(logged_models.list_logged_model_artifacts(self._cx, model_id, path))


class TrackingClient(ClientCore):
    """A client for one MLflow tracking server. Method names follow MLflow's `MlflowClient`; the
    searches return iterators that fetch every page as they are consumed (`MlflowClient` returns one
    page).

    Settings come from the arguments, then MLflow's environment variables, then the default
    `http://127.0.0.1:5000`. One pooled keep-alive connection serves every call; use the client as a
    context manager or `close()` it.
    """

    def search_experiments(
        self,
        *,
        filter_string: str | None = None,
        order_by: Sequence[str] | None = None,
        view_type: int | str = ACTIVE_ONLY,
        max_results: int | None = None,
    ) -> Iterator[Experiment]:
        """Experiments, fetched page by page as the iterator is consumed; `max_results` caps the total."""
        search = searches.search_experiments(
            self._cx, filter_string=filter_string, order_by=order_by, view_type=view_type
        )
        return self._pages(search, max_results)

    def search_runs(
        self,
        experiment_ids: str | Sequence[str] | None = None,
        *,
        experiment_names: Sequence[str] | None = None,
        filter_string: str | None = None,
        order_by: Sequence[str] | None = None,
        run_view_type: int | str = ACTIVE_ONLY,
        max_results: int | None = None,
    ) -> Iterator[Run]:
        """Runs, fetched page by page as the iterator is consumed; `max_results` caps the total. The experiments
        are given by id or, as in `mlflow.search_runs`, by name (`experiment_names`: a name no experiment holds
        matches nothing); one of the two, not both."""
        if experiment_ids and experiment_names:
            raise InvalidParameterValue("Only experiment_ids or experiment_names can be used, but not both")
        if not experiment_ids and not experiment_names:
            raise InvalidParameterValue("search_runs needs experiment_ids or experiment_names")
        if experiment_names:
            return self._runs_by_names(list(experiment_names), filter_string, order_by, run_view_type, max_results)
        search = searches.search_runs(
            self._cx, experiment_ids, filter_string=filter_string, order_by=order_by, run_view_type=run_view_type
        )
        return self._pages(search, max_results)

    def _runs_by_names(
        self,
        names: list[str],
        filter_string: str | None,
        order_by: Sequence[str] | None,
        run_view_type: int | str,
        max_results: int | None,
    ) -> Iterator[Run]:
        # Names are looked up when the iteration starts, as pages are: nothing is sent before that.
        ids = []
        for name in names:
            experiment = self.get_experiment_by_name(name)
            if experiment is not None:
                ids.append(experiment.experiment_id)
        if not ids:
            return
        search = searches.search_runs(
            self._cx, ids, filter_string=filter_string, order_by=order_by, run_view_type=run_view_type
        )
        for run in self._pages(search, max_results):
            yield run

    def search_registered_models(
        self,
        filter_string: str | None = None,
        max_results: int | None = None,
        order_by: Sequence[str] | None = None,
    ) -> Iterator[RegisteredModel]:
        """Fetched page by page as the iterator is consumed; `max_results` caps the total."""
        search = registry.search_registered_models(self._cx, filter_string=filter_string, order_by=order_by)
        return self._pages(search, max_results)

    def search_model_versions(
        self,
        filter_string: str | None = None,
        max_results: int | None = None,
        order_by: Sequence[str] | None = None,
    ) -> Iterator[ModelVersion]:
        """Fetched page by page as the iterator is consumed; `max_results` caps the total."""
        search = registry.search_model_versions(self._cx, filter_string=filter_string, order_by=order_by)
        return self._pages(search, max_results)

    def search_logged_models(
        self,
        experiment_ids: str | Sequence[str],
        filter_string: str | None = None,
        datasets: Sequence[Mapping[str, Any]] | None = None,
        max_results: int | None = None,
        order_by: Sequence[Mapping[str, Any]] | None = None,
    ) -> Iterator[LoggedModel]:
        """Logged models (MLflow 3), fetched page by page as the iterator is consumed; `max_results` caps the
        total. `order_by` takes dicts: `{"field_name": "metrics.accuracy", "ascending": False}`."""
        search = logged_models.search_logged_models(
            self._cx,
            experiment_ids,
            filter_string=filter_string,
            datasets=datasets,
            order_by=order_by,
        )
        return self._pages(search, max_results)


class ActiveRun:
    """A run being logged to: `run_id`, `experiment_id`, `info`, and logging methods without a run id."""

    def __init__(self, client: ClientCore, run: Run, *, buffered: bool = False, journal: Journal | None = None) -> None:
        self._client = client
        self._created(run)
        self._ended = False
        self._sender: Sender | None = None
        self._drain: Drain | None = None
        # Where buffered logging calls go: the journal's drain, or the in-memory sender.
        self._buffer: Sender | Drain | None = None
        if journal is not None:
            from .drain import Drain

            self._buffer = self._drain = Drain(
                journal,
                client._drive,
                client._cx,
                name=f"mlflow-lite-{journal.writer.path.stem[:8]}",
                flush_interval=client.flush_interval,
                on_created=self._created,
            )
            client._drains.add(self._drain)
        elif buffered:
            from .sender import Sender

            cx, run_id = client._cx, self.run_id

            def send(batch: Batch) -> None:
                client._drive(runs.send_batch(cx, run_id, batch))

            self._buffer = self._sender = Sender(
                send,
                name=f"mlflow-lite-{run_id[:8]}",
                flush_interval=client.flush_interval,
                max_in_flight=client._settings.logging_threads,
            )

    def _created(self, run: Run) -> None:
        #: The run as it was when started (or resumed); a journaled run started while its server was away is
        #: the journal's until the server creates it (`run_id` "" until then).
        self.run = run
        self.info: RunInfo = run.info
        self.run_id: str = run.info.run_id
        self.experiment_id: str = run.info.experiment_id

    @property
    def journal(self) -> str | None:
        """The path of this run's journal, while it has one (a client with a spool folder)."""
        return None if self._drain is None else self._drain.journal_path

    @property
    def data(self) -> RunData:
        """The run's data as it was when started (as MLflow's `ActiveRun`); `get_run` reads it afresh."""
        return self.run.data

    @property
    def inputs(self) -> RunInputs:
        """The run's inputs as they were when started (datasets)."""
        return self.run.inputs

    def __repr__(self) -> str:
        return f"ActiveRun(run_id={self.run_id!r}, experiment_id={self.experiment_id!r})"

    def log_param(self, key: str, value: object) -> None:
        """Log a param (its value as `str(value)`; params never change once logged)."""
        if self._buffer is None:
            self._client.log_param(self.run_id, key, value)
        else:
            self._log(params=[(key, value)])

    def log_params(self, params: Mapping[str, object] | object) -> None:
        """Log several params from a mapping."""
        self._log(params=params)

    def set_tag(self, key: str, value: object) -> None:
        """Set a tag on this run."""
        if self._buffer is None:
            self._client.set_tag(self.run_id, key, value)
        else:
            self._log(tags=[(key, value)])

    def set_tags(self, tags: Mapping[str, object] | object) -> None:
        """Set several tags from a mapping."""
        self._log(tags=tags)

    def log_metric(self, key: str, value: float, step: int | None = None, timestamp: int | None = None) -> None:
        """Log one metric value (`step` default 0, `timestamp` default now in epoch ms)."""
        if self._buffer is None:
            self._client.log_metric(self.run_id, key, value, timestamp, step)
        else:  # the hot path of a buffered run: one value checked the short way (`metric_entry`)
            self._buffer.add_metric(runs.metric_entry(key, value, step, timestamp))

    def log_metrics(
        self, metrics: Mapping[str, float] | object, step: int | None = None, timestamp: int | None = None
    ) -> None:
        """Log several metrics from a mapping, with the same step and timestamp."""
        self._log(metrics=metrics, timestamp=timestamp, step=step)

    def log_batch(self, metrics: object = None, params: object = None, tags: object = None) -> None:
        """Log metrics, params and tags at once (any number; buffered runs merge them with the rest)."""
        self._log(metrics, params, tags)

    def _log(
        self,
        metrics: object = None,
        params: object = None,
        tags: object = None,
        *,
        timestamp: int | None = None,
        step: int | None = None,
    ) -> None:
        if self._buffer is None:
            self._client._drive(
                runs.log_batch(self._client._cx, self.run_id, metrics, params, tags, timestamp=timestamp, step=step)
            )
        else:
            self._buffer.add(*runs.batch_entries(metrics, params, tags, timestamp=timestamp, step=step))

    def flush(self) -> None:
        """Send everything logged so far and raise the first failure, if any (nothing to do unbuffered)."""
        if self._buffer is not None:
            self._buffer.flush()

    def end(self, status: str = "FINISHED") -> None:
        """End the run with `status` (once; later calls do nothing)."""
        if self._ended:
            return
        self._ended = True
        if self._drain is not None:  # the end goes through the journal, in order after everything logged
            from .._ops.validate import now_ms

            self._drain.end(str(status), now_ms())
            return
        if self._sender is None:
            self._client.set_terminated(self.run_id, status)
            return
        try:
            self._sender.close()
        except BaseException:
            # What the run accepted did not all reach the server: it does not end FINISHED.
            self._client.set_terminated(self.run_id, "FAILED" if status == "FINISHED" else status)
            raise
        if self._sender.refused and status == "FINISHED":
            logger.warning(
                "mlflow-lite: the server refused %d values of run %s (each refusal was raised at the next call); "
                "the run ends FAILED, not FINISHED",
                self._sender.refused,
                self.run_id,
            )
            status = "FAILED"
        self._client.set_terminated(self.run_id, status)

    def __enter__(self) -> ActiveRun:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.end(run_status_for(exc_type))

    # --- artifacts and datasets --------------------------------------------------------------------------

    def log_artifact(
        self, local_path: str | os.PathLike[str], artifact_path: str | None = None, *, progress: Progress | None = None
    ) -> None:
        """Upload a file into the folder `artifact_path` of this run's artifacts."""
        self._client.log_artifact(self.run_id, local_path, artifact_path, progress=progress)

    def log_artifacts(
        self, local_dir: str | os.PathLike[str], artifact_path: str | None = None, *, progress: Progress | None = None
    ) -> None:
        """Upload a folder's whole tree into `artifact_path` of this run's artifacts."""
        self._client.log_artifacts(self.run_id, local_dir, artifact_path, progress=progress)

    def log_text(self, text: str, artifact_file: str) -> None:
        """Write `text` (UTF-8) to the artifact file `artifact_file`."""
        self._client.log_text(self.run_id, text, artifact_file)

    def log_dict(self, dictionary: Mapping[str, Any], artifact_file: str) -> None:
        """Write `dictionary` as JSON (or YAML, for a .yaml name) to the artifact file `artifact_file`."""
        self._client.log_dict(self.run_id, dictionary, artifact_file)

    def log_inputs(self, datasets: object) -> None:
        """Log dataset inputs to this run."""
        self._client.log_inputs(self.run_id, datasets)


# --- for the package's front doors (the fluent API, the command line); not public --------------------------


def run_op(client: ClientCore, op: Op[T]) -> T:
    """Carry out `op` with `client`'s connection (an op the client has no method for)."""
    return client._drive(op)


def client_of(run: ActiveRun) -> ClientCore:
    """The client that started `run`."""
    return run._client


def http_of(client: ClientCore) -> httpx.Client:
    """`client`'s connection pool, for requests that are no op (the command line's `doctor`)."""
    return client._http


show_as_public(globals())

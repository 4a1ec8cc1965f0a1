"""`MLflowTrackingRestApi`: the blog post's class, on top of `TrackingClient`.

It behaves as the blog's code does (prints included): on construction it finds or creates the experiment and
creates a run; the logging methods take `{"alpha": 0.198}` or `{"key": "alpha", "value": 0.198}` and return
the HTTP status code, 200 on success. Unlike the blog's version it sends NaN and infinities correctly,
checks input before sending, works on MLflow 3 (experiment ids as strings) and, when the server can't be
reached, raises a `TransportError` that names the URL instead of a raw `ConnectionError` traceback.
"""

from __future__ import annotations

from typing import Any

from ._entities import Experiment
from ._errors import ApiError
from ._sync.client import TrackingClient

__all__ = ["MLflowTrackingRestApi"]


class MLflowTrackingRestApi:
    """The blog's `MLflowTrackingRestApi(hostname, port, experiment_name)`."""

    def __init__(
        self,
        hostname: str = "127.0.0.1",
        port: int | str = 5000,
        experiment_name: str | None = None,
        *,
        tracking_uri: str | None = None,
        verbose: bool = True,
    ) -> None:
        self.base_url = tracking_uri or f"http://{hostname}:{port}"
        self.verbose = verbose
        self.client = TrackingClient(self.base_url)
        self.experiment_id: str | None = None
        experiment_name = str(experiment_name)
        experiment_info = self.get_experiment_by_name(experiment_name)
        self._say("experiment_info: ", experiment_info)
        if experiment_info is None:
            self._say("Create new experiment.")
            status_code = self.create_experiment(experiment_name)
            if status_code == 200:
                self._say("Successfully create new experiment.")
            else:
                self._say(f"experiment creation failed: {status_code}")
        else:
            self._say("experiment has already been created.")
            self.experiment_id = experiment_info["experiment_id"]
        if self.experiment_id is None:
            # Another process created it between the look-up and the create: use that one.
            self.experiment_id = self.client.ensure_experiment(experiment_name)
        self.run_id = self.create_run()

    def _say(self, *words: object) -> None:
        if self.verbose:
            print(*words)

    def create_run(self) -> str:
        """Create a run in this experiment and return its id."""
        run = self.client.create_run(str(self.experiment_id))
        run_id = run.info.run_id
        self._say(f"Successfully create run with run id: {run_id}")
        return run_id

    def list_experiments(self) -> list[dict[str, Any]]:
        """Every active experiment, as the JSON dicts the server sends."""
        return [_as_dict(e) for e in self.client.search_experiments()]

    def get_experiment(self, experiment_id: str) -> dict[str, Any] | None:
        try:
            return _as_dict(self.client.get_experiment(str(experiment_id)))
        except ApiError:
            return None

    def get_experiment_by_name(self, experiment_name: str) -> dict[str, Any] | None:
        experiment = self.client.get_experiment_by_name(experiment_name)
        return None if experiment is None else _as_dict(experiment)

    def create_experiment(self, experiment_name: str) -> int:
        return self._status(lambda: setattr(self, "experiment_id", self.client.create_experiment(experiment_name)))

    def log_param(self, param: dict[str, Any]) -> int:
        return self._status(lambda: self.client.log_batch(self.run_id, params=param))

    def set_tag(self, tag: dict[str, Any]) -> int:
        return self._status(lambda: self.client.log_batch(self.run_id, tags=tag))

    def log_metric(self, metric: dict[str, Any]) -> int:
        return self._status(lambda: self.client.log_batch(self.run_id, metrics=metric))

    def log_batch(self, metrics: object = None, params: object = None, tags: object = None) -> int:
        return self._status(lambda: self.client.log_batch(self.run_id, metrics, params, tags))

    @staticmethod
    def _status(action: Any) -> int:
        """200 when `action` succeeds, else the server's status code (400 for input refused before sending)."""
        try:
            action()
        except ApiError as exc:
            return exc.status_code or 400
        return 200


def _as_dict(experiment: Experiment) -> dict[str, Any]:
    """The experiment as the server's JSON has it, which the blog printed: tags as a list of key/value pairs,
    and no field the server left out."""
    data = experiment.to_dict()
    data["tags"] = [{"key": k, "value": v} for k, v in experiment.tags.items()]
    return {k: v for k, v in data.items() if v is not None and v != []}

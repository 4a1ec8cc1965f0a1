"""`mlflow.artifacts`: download, list and read artifacts by URI, with MLflow's names and arguments.

    import mlflow_lite as mlflow

    local = mlflow.artifacts.download_artifacts("runs:/<run_id>/model", dst_path="out")
    config = mlflow.artifacts.load_dict("models:/churn@champion/config.json")

URIs served: `runs:/<run_id>/<path>`, `models:/<name>/<version>/<path>`, `models:/<name>@<alias>/<path>`,
`models:/<name>/<stage>` and `models:/<name>/latest`, MLflow 3's logged models `models:/<model_id>/<path>`, and
`mlflow-artifacts:/<path>` (the tracking server's artifact proxy), and the stores the client reaches itself
(`file:` and local paths, `s3://`, `gs://`, `wasbs://`, `abfss://`: see `_stores`), directly or as where a run or
model keeps its artifacts. Another scheme (`http(s)://`, `dbfs:`, ...) is refused with `InvalidParameterValue`
before anything is sent. As MLflow 3's does, a URI's last path component lands in
`dst_path` (`runs:/<id>/a/b.txt` at `<dst_path>/b.txt`), and a `models:/` URI's path below the model keeps its
folders (`models:/m/1/data/x` at `<dst_path>/data/x`).
"""

from __future__ import annotations

import json
import posixpath
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ._core.client_base import context_of
from ._entities import FileInfo
from ._errors import InvalidParameterValue, MissingDependency, ResourceDoesNotExist
from ._fluent import client as fluent_client
from ._ops import artifacts as ops
from ._sync.client import TrackingClient, run_op

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["download_artifacts", "list_artifacts", "load_dict", "load_image", "load_text"]

T = TypeVar("T")

# A model version's source may name another models:/ URI (MLflow 3: a logged model); more than this many hops
# is a loop.
_MAX_HOPS = 5


def download_artifacts(
    artifact_uri: str | None = None,
    run_id: str | None = None,
    artifact_path: str | None = None,
    dst_path: str | None = None,
    tracking_uri: str | None = None,
    registry_uri: str | None = None,
) -> str:
    """Download an artifact file or folder (`artifact_uri`, or `artifact_path` of the run `run_id`, its whole
    artifacts without one) into `dst_path` (created when missing; a new temporary folder when None). Returns
    the local path of what was downloaded. `tracking_uri` is the server to ask (the fluent API's by default);
    `registry_uri`, MLflow 3's, must be that server (mlflow-lite's registry is the tracking server's)."""
    _check_sources(artifact_uri, run_id, artifact_path)
    if dst_path is not None:
        Path(dst_path).mkdir(parents=True, exist_ok=True)
    with _client(tracking_uri, registry_uri) as tracking:
        if artifact_uri is None and run_id is not None and not artifact_path:
            root = _run_root(tracking, run_id)
            return run_op(tracking, ops.download_proxied(context_of(tracking), root, "", dst_path))
        if artifact_uri is None:
            artifact_uri = f"runs:/{posixpath.join(str(run_id), str(artifact_path))}"
        folder, path = _root_and_path(tracking, artifact_uri)
        local = run_op(tracking, ops.download_proxied(context_of(tracking), folder, path, dst_path))
        if urlsplit(artifact_uri).scheme == "models":
            _note_registered_model(tracking, artifact_uri, Path(local))
        return local


def list_artifacts(
    artifact_uri: str | None = None,
    run_id: str | None = None,
    artifact_path: str | None = None,
    tracking_uri: str | None = None,
) -> list[FileInfo]:
    """The files and folders directly under `artifact_uri`, or under `artifact_path` of the run `run_id` (its
    root without one); their paths are relative to the URI's parent (to the run's root with `run_id`), as in
    MLflow. A file, or a path that does not exist, lists nothing."""
    _check_sources(artifact_uri, run_id, artifact_path)
    with _client(tracking_uri, None) as tracking:
        if artifact_uri is None:
            root = _run_root(tracking, str(run_id))
            return run_op(tracking, ops.list_proxied(context_of(tracking), root, artifact_path or ""))
        folder, path = _root_and_path(tracking, artifact_uri)
        return run_op(tracking, ops.list_proxied(context_of(tracking), folder, path))


def load_text(artifact_uri: str) -> str:
    """The artifact's content as text (UTF-8)."""
    return _load(artifact_uri, _read_text)


def load_dict(artifact_uri: str) -> dict[str, Any]:
    """The artifact's content read as JSON (what `log_dict` writes to a `.json` file)."""

    def read(local: Path) -> dict[str, Any]:
        try:
            loaded: dict[str, Any] = json.loads(_read_text(local, artifact_uri))
        except json.JSONDecodeError as exc:
            raise InvalidParameterValue("Unable to form a JSON object from file content") from exc
        return loaded

    return _load(artifact_uri, lambda local, _: read(local))


def load_image(artifact_uri: str) -> Image.Image:
    """The artifact as a loaded `PIL.Image.Image` (needs Pillow: `pip install 'mlflow-lite[pillow]'`)."""
    try:
        from PIL import Image
    except ImportError as exc:
        raise MissingDependency("load_image needs Pillow: pip install 'mlflow-lite[pillow]'", module="PIL") from exc

    def read(local: Path, _: str) -> Image.Image:
        try:
            image = Image.open(local)
            image.load()
        except Exception as exc:
            raise InvalidParameterValue("Unable to form a PIL Image object from file content") from exc
        return image

    return _load(artifact_uri, read)


# --- what the functions share --------------------------------------------------------------------------------


def _check_sources(artifact_uri: str | None, run_id: str | None, artifact_path: str | None) -> None:
    """MLflow's checks of the arguments, with its messages."""
    if (run_id, artifact_uri).count(None) != 1:
        raise InvalidParameterValue("Exactly one of `run_id` or `artifact_uri` must be specified")
    if artifact_uri is not None and artifact_path is not None:
        raise InvalidParameterValue("`artifact_path` cannot be specified if `artifact_uri` is specified")
    if artifact_uri is not None and not isinstance(artifact_uri, str):
        raise InvalidParameterValue(f"artifact_uri must be a string, not {type(artifact_uri).__name__}")


@contextmanager
def _client(tracking_uri: str | None, registry_uri: str | None) -> Iterator[TrackingClient]:
    """The fluent API's client, or one made for `tracking_uri` (closed after the call)."""
    if tracking_uri is None:
        tracking = fluent_client()
        _check_registry(tracking, registry_uri)
        yield tracking
        return
    with TrackingClient(tracking_uri) as tracking:
        _check_registry(tracking, registry_uri)
        yield tracking


def _check_registry(tracking: TrackingClient, registry_uri: str | None) -> None:
    if registry_uri is not None and registry_uri.rstrip("/") != tracking.tracking_uri:
        raise InvalidParameterValue(
            f"registry_uri {registry_uri!r} differs from the tracking URI {tracking.tracking_uri!r}: mlflow-lite "
            "reads models from the tracking server's registry"
        )


def _run_root(tracking: TrackingClient, run_id: str) -> ops.Location:
    return run_op(tracking, ops.run_root(context_of(tracking), run_id))


def _root_and_path(tracking: TrackingClient, uri: str) -> tuple[ops.Location, str]:
    """The proxy folder and the path in it that `uri` names: for a `models:/` URI, the model's folder and the
    path below it; for any other, the folder holding the last path component and that component (MLflow's
    split)."""
    parts = urlsplit(uri)
    if parts.scheme == "models":
        folder, path = _model_root_and_path(tracking, uri, hops=0)
        return folder, path
    return _proxy_path(tracking, uri, hops=0).split()


def _proxy_path(tracking: TrackingClient, uri: str, hops: int) -> ops.Location:
    """Where what `uri` names is: a path below the proxy (`/api/2.0/mlflow-artifacts/artifacts/`), or in a store."""
    if hops > _MAX_HOPS:
        raise InvalidParameterValue(f"{uri!r}: model URIs that name each other more than {_MAX_HOPS} times")
    parts = urlsplit(uri)
    if parts.scheme == "runs":
        if parts.netloc:
            raise InvalidParameterValue(f"{uri!r}: a runs:/ URI names no host (runs:/<run_id>/<path>)")
        run_id, _, path = parts.path.lstrip("/").partition("/")
        if not run_id:
            raise InvalidParameterValue(f"{uri!r} names no run: use runs:/<run_id>/<path>")
        return _run_root(tracking, run_id).child(ops.relative_path(path, "the path of " + repr(uri)))
    if parts.scheme == "models":
        folder, path = _model_root_and_path(tracking, uri, hops)
        return folder.child(path)
    # `mlflow-artifacts://host:port/path` names a proxy elsewhere; the path is the same on the server we ask.
    # A store's URI (s3://bucket/path, file:///folder, ...) is a root of its own.
    return ops.location_of(uri, repr(uri))


def _model_root_and_path(tracking: TrackingClient, uri: str, hops: int) -> tuple[ops.Location, str]:
    """The proxy folder of the model a `models:/` URI names, and the path below it."""
    parts = urlsplit(uri.rstrip("/"))
    if parts.netloc:
        raise InvalidParameterValue(f"{uri!r}: a models:/ URI names no host here (Databricks' profiles are not served)")
    pieces = parts.path.lstrip("/").split("/")
    if not pieces[0]:
        raise InvalidParameterValue(f"{uri!r} names no model: use models:/<name>/<version> or models:/<name>@<alias>")
    if "@" in pieces[0]:
        name, _, alias = pieces[0].rpartition("@")
        version = tracking.get_model_version_by_alias(name, alias).version
        rest = pieces[1:]
    elif len(pieces) == 1:
        if not pieces[0].startswith("m-"):
            raise InvalidParameterValue(
                f"{uri!r}: use models:/<name>/<version>, models:/<name>/<stage>, models:/<name>@<alias> or, "
                "for a logged model, models:/<model_id>"
            )
        location = tracking.get_logged_model(pieces[0]).artifact_location
        return _proxy_path(tracking, location, hops + 1), ""
    else:
        name, rest = pieces[0], pieces[2:]
        version = _version(tracking, name, pieces[1])
    source = tracking.get_model_version_download_uri(name, version)
    return _proxy_path(tracking, source, hops + 1), "/".join(rest)


def _note_registered_model(tracking: TrackingClient, uri: str, local: Path) -> None:
    """As MLflow does, a registered model's folder downloaded whole (an `MLmodel` file in it) gets the file
    `registered_model_meta`, the model's name and version in YAML, which MLflow's model loaders read."""
    if not (local / "MLmodel").is_file():
        return
    pieces = urlsplit(uri.rstrip("/")).path.lstrip("/").split("/")
    if "@" in pieces[0]:
        name, _, alias = pieces[0].rpartition("@")
        if len(pieces) > 1:
            return  # a path below the model: not its folder
        version = tracking.get_model_version_by_alias(name, alias).version
    elif len(pieces) == 2:
        name, version = pieces[0], _version(tracking, pieces[0], pieces[1])
    else:
        return  # a logged model (models:/<model_id>), or a path below the model
    meta = {"model_name": name, "model_version": str(version)}
    try:
        import yaml
    except ImportError:  # JSON strings are YAML too; the `yaml` extra writes it as MLflow does
        text = "".join(f"{key}: {json.dumps(value)}\n" for key, value in meta.items())
    else:
        text = yaml.safe_dump(meta, default_flow_style=False, allow_unicode=True, sort_keys=True)
    (local / "registered_model_meta").write_text(text, encoding="utf-8")


def _version(tracking: TrackingClient, name: str, which: str) -> str:
    """The version `models:/<name>/<which>` names: a number, `latest`, or a stage."""
    if which.isdigit():
        return which
    stages = None if which.lower() == "latest" else [which]
    versions = tracking.get_latest_versions(name, stages)
    if not versions:
        raise ResourceDoesNotExist(f"No versions of model with name '{name}' and stage '{which}' found")
    return str(max(int(v.version) for v in versions))


def _read_text(local: Path, artifact_uri: str) -> str:
    try:
        return local.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidParameterValue(
            f"Artifact {artifact_uri!r} is not valid UTF-8. To read a file in another encoding, download it with "
            "`mlflow.artifacts.download_artifacts` and open it with the correct `encoding`."
        ) from exc


def _load(artifact_uri: str, read: Callable[[Path, str], T]) -> T:
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-") as folder:
        local = Path(download_artifacts(artifact_uri, dst_path=folder))
        if local.is_dir():
            raise InvalidParameterValue(f"{artifact_uri!r} is a folder, not a file")
        return read(local, artifact_uri)

"""Figures, images, tables and run DataFrames, stored and shaped as MLflow stores and shapes them.

These are the only calls that need heavy libraries (pandas, numpy, Pillow), and they import them inside the
call, so `import mlflow_lite` never does: without them, `MissingDependency` names the extra to install. A
figure or a PIL image needs no import at all: the object saves itself, as in MLflow.

The ops write each artifact to a temporary file first, as MLflow's client does, so the bytes are the ones
MLflow would store, then upload it through the server's artifact proxy.
"""

from __future__ import annotations

import importlib
import json
import posixpath
import re
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .._core.context import Context
from .._core.effects import Op
from .._entities import Run
from .._errors import InvalidParameterValue, MissingDependency
from .._ops import runs as ops
from .._ops.validate import now_ms
from . import artifacts

if TYPE_CHECKING:
    import pandas

__all__ = [
    "log_figure",
    "log_image",
    "log_table",
    "pil_image",
    "require",
    "runs_frame",
]

# Which extra brings each library.
EXTRAS = {"pandas": "pandas", "numpy": "numpy", "PIL": "pillow", "matplotlib": "matplotlib", "yaml": "yaml"}
# The side of the small copy MLflow stores next to each image of an image series (its COMPRESSED_IMAGE_SIZE).
COMPRESSED_IMAGE_SIZE = 256
LOGGED_IMAGES_TAG = "mlflow.loggedImages"
LOGGED_ARTIFACTS_TAG = "mlflow.loggedArtifacts"
_IMAGE_KEY = re.compile(r"^[a-zA-Z0-9_\-./ ]+$")


# What a search that returns a DataFrame by default says when pandas is missing: the list form needs nothing.
WITHOUT_PANDAS = 'pass output_format="list" for a list of runs, which needs no pandas'


def require(module: str, what: str, *, instead: str = "") -> ModuleType:
    """Import an optional library, or say which extra installs it (and `instead`, a way to do without it)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        extra = EXTRAS.get(module.split(".", maxsplit=1)[0], module)
        also = f"; or {instead}" if instead else ""
        raise MissingDependency(
            f"{what} needs {module}, which is not installed: pip install 'mlflow-lite[{extra}]'{also}", module=module
        ) from None


def _upload(cx: Context, run_id: str, local: Path, artifact_file: str) -> Op[None]:
    folder = posixpath.dirname(posixpath.normpath(artifact_file)) or None
    yield from artifacts.log_artifact(cx, run_id, local, folder)


def _scratch(artifact_file: str, directory: str) -> Path:
    """Where an artifact is written before it goes up: a file of the same name in a temporary folder."""
    name = posixpath.basename(posixpath.normpath(artifacts.file_path(artifact_file)))
    return Path(directory, name)


# --- figures -----------------------------------------------------------------------------------------------


def log_figure(
    cx: Context, run_id: str, figure: Any, artifact_file: str, save_kwargs: Mapping[str, Any] | None
) -> Op[None]:
    """A matplotlib figure (`savefig`) or a plotly one (`write_html` for .html, `write_image` otherwise)."""
    kwargs = dict(save_kwargs or {})
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-") as directory:
        path = _scratch(artifact_file, directory)
        module = type(figure).__module__
        if module.startswith("matplotlib") and hasattr(figure, "savefig"):
            figure.savefig(path, **kwargs)
        elif module.startswith("plotly") and hasattr(figure, "write_html"):
            extension = path.suffix
            if extension == ".html":
                kwargs.setdefault("include_plotlyjs", "cdn")
                kwargs.setdefault("auto_open", False)
                figure.write_html(str(path), **kwargs)
            elif extension in (".png", ".jpeg", ".webp", ".svg", ".pdf"):
                figure.write_image(str(path), **kwargs)
            else:
                raise InvalidParameterValue(f"Unsupported file extension for plotly figure: '{extension}'")
        else:
            raise InvalidParameterValue(f"Unsupported figure object type: '{type(figure)}'")
        yield from _upload(cx, run_id, path, artifact_file)


# --- images ------------------------------------------------------------------------------------------------


def pil_image(image: Any) -> Any:
    """A PIL image from a PIL image, an object with `to_pil()` (MLflow's `mlflow.Image`) or a numpy array
    (integers 0-255, or floats and booleans 0-1, scaled as MLflow scales them)."""
    if hasattr(image, "to_pil"):
        return image.to_pil()
    if type(image).__module__.startswith("PIL") and hasattr(image, "save"):
        return image
    if type(image).__module__ != "numpy":
        raise InvalidParameterValue(
            f"Unsupported image object type: {type(image)}. `image` must be one of numpy.ndarray, PIL.Image.Image, "
            "and mlflow.Image."
        )
    numpy = require("numpy", "log_image")
    pil = require("PIL.Image", "log_image with a numpy array")
    kinds = {"b": "bool", "i": "signed integer", "u": "unsigned integer", "f": "floating"}
    if image.dtype.kind not in kinds:
        raise InvalidParameterValue(f"Invalid array data type: '{image.dtype}'. Must be one of {list(kinds.values())}")
    if image.ndim not in (2, 3):
        raise InvalidParameterValue(f"`image` must be a 2D or 3D array but got image shape: {image.shape}")
    if image.ndim == 3 and image.shape[2] not in (1, 3, 4):
        raise InvalidParameterValue(f"Invalid channel length: {image.shape[2]}. Must be one of [1, 3, 4]")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]  # PIL takes grayscale as 2D only
    integers = numpy.issubdtype(image.dtype, numpy.integer)
    if integers and (image.min() < 0 or image.max() > 255):
        raise InvalidParameterValue(
            "Integer pixel values out of acceptable range [0, 255]. "
            f"Found minimum value {image.min()} and maximum value {image.max()}."
        )
    if not integers:
        if image.min() < 0 or image.max() > 1:
            # As MLflow (which warns): rescale to [0, 1] with a min-max scaler.
            image = (image - image.min()) / (image.max() - image.min())
        image = image * 255
    return pil.fromarray(image.astype(numpy.uint8))


def _smaller(image: Any) -> Any:
    """The copy MLflow keeps beside each image of a series: scaled to fit a 256-pixel square."""
    width, height = image.size
    if width > height:
        size = (COMPRESSED_IMAGE_SIZE, int(height * (COMPRESSED_IMAGE_SIZE / width)))
    else:
        size = (int(width * (COMPRESSED_IMAGE_SIZE / height)), COMPRESSED_IMAGE_SIZE)
    return image.resize(size)


def log_image(
    cx: Context,
    run_id: str,
    image: Any,
    artifact_file: str | None,
    key: str | None,
    step: int | None,
    timestamp: int | None,
) -> Op[None]:
    """One image as `artifact_file`; or, with `key`, one step of an image series, stored as MLflow's UI reads it
    (`images/<key>+step+<step>+timestamp+<ms>+<uuid>.png`, a small `.webp` copy, the tag `mlflow.loggedImages`)."""
    if artifact_file is not None and any(arg is not None for arg in (key, step, timestamp)):
        raise InvalidParameterValue(
            "The `artifact_file` parameter cannot be used in conjunction with `key`, `step`, or `timestamp` "
            "parameters. Please ensure that `artifact_file` is specified alone, without any of these conflicting "
            "parameters."
        )
    if artifact_file is None and key is None:
        raise InvalidParameterValue(
            "Invalid arguments: Please specify exactly one of `artifact_file` or `key`. Use `key` to log dynamic "
            "image charts or `artifact_file` for saving static images."
        )
    if key is not None and not _IMAGE_KEY.match(key):
        raise InvalidParameterValue(
            "The `key` parameter may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces "
            f"( ), and slashes (/).The provided key `{key}` contains invalid characters."
        )
    picture = pil_image(image)
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-") as directory:
        if artifact_file is not None:
            path = _scratch(artifact_file, directory)
            picture.save(path)
            yield from _upload(cx, run_id, path, artifact_file)
            return
        assert key is not None
        stamp = timestamp or now_ms()
        name = f"images/{key.replace('/', '~')}+step+{step or 0}+timestamp+{stamp}+{uuid.uuid4()}"
        for artifact, picture_ in ((f"{name}.png", picture), (f"{name}+compressed.webp", _smaller(picture))):
            path = _scratch(artifact, directory)
            picture_.save(path)
            yield from _upload(cx, run_id, path, artifact)
        yield from ops.set_tag(cx, run_id, LOGGED_IMAGES_TAG, True)


# --- tables ------------------------------------------------------------------------------------------------


def log_table(cx: Context, run_id: str, data: Any, artifact_file: str) -> Op[None]:
    """A DataFrame or a dict of columns as a `.json` (pandas' "split" orientation) or `.parquet` artifact,
    appended to the rows already stored in that file, listed in the run's `mlflow.loggedArtifacts` tag."""
    pd = require("pandas", "log_table")
    for char in "\"',:[]{}":
        if char in artifact_file:
            raise InvalidParameterValue(f"The artifact_file contains forbidden character: {char}")
    if not artifact_file.endswith((".json", ".parquet")):
        raise InvalidParameterValue(
            f"Invalid artifact file path '{artifact_file}'. Please ensure the file you are trying to log as a table "
            "has a file name with either '.json' or '.parquet' extension."
        )
    data = _table_frame(pd, data)
    yield from _store_table_images(cx, run_id, data, artifact_file)
    folder = posixpath.dirname(posixpath.normpath(artifact_file)) or None
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-") as directory:
        existing = yield from artifacts.list_artifacts(cx, run_id, folder)
        if artifact_file in [entry.path for entry in existing]:
            downloaded = yield from artifacts.download_artifacts(cx, run_id, artifact_file, Path(directory))
            data = pd.concat([_read_table(pd, downloaded), data], ignore_index=True)
        path = _scratch(artifact_file, tempfile.mkdtemp(dir=directory))
        try:
            if artifact_file.endswith(".json"):
                data.to_json(path, orient="split", index=False, date_format="iso")
            else:
                data.to_parquet(path, index=False)
        except ImportError as exc:
            raise MissingDependency(f"log_table to a .parquet file needs pyarrow or fastparquet: {exc}") from None
        except (TypeError, ValueError, OverflowError) as exc:
            raise InvalidParameterValue(
                f"Failed to save {data} as table as the data is not JSON serializable. Error: {exc}"
            ) from None
        yield from _upload(cx, run_id, path, artifact_file)
    run = yield from ops.get_run(cx, run_id)
    listed = json.loads(run.data.tags.get(LOGGED_ARTIFACTS_TAG, "[]"))
    entry = {"path": artifact_file, "type": "table"}
    if entry not in listed:
        listed.append(entry)
        yield from ops.set_tag(cx, run_id, LOGGED_ARTIFACTS_TAG, json.dumps(listed))


def _table_frame(pd: Any, data: Any) -> Any:
    """A DataFrame of the table: a dict of columns (or of one row's values, as MLflow reads it when the columns
    are not lists), or a copy of the caller's DataFrame, whose image columns are replaced later."""
    if isinstance(data, dict):
        try:
            return pd.DataFrame(data)
        except ValueError:
            return pd.DataFrame([data])
    if not isinstance(data, pd.DataFrame):
        raise InvalidParameterValue("data must be a pandas.DataFrame or a dictionary")
    return data.copy()


def _read_table(pd: Any, path: str) -> Any:
    if path.endswith(".json"):
        return pd.read_json(path, orient="split")
    return pd.read_parquet(path)


def _is_image(value: object) -> bool:
    return all(callable(getattr(value, name, None)) for name in ("save", "resize")) and hasattr(value, "size")


def _store_table_images(cx: Context, run_id: str, data: Any, artifact_file: str) -> Op[None]:
    """Columns of images become columns of references to images stored beside the table, as MLflow does."""
    table_name = posixpath.splitext(artifact_file)[0]
    for column in data.select_dtypes(include=["object"]).columns:
        flags = [_is_image(value) for value in data[column]]
        if any(flags) and not all(flags):
            raise InvalidParameterValue(
                f"Column `{column}` contains a mix of images and non-images. Please ensure that all elements in the "
                "column are of the same type."
            )
        if not flags or not all(flags):
            continue
        references = []
        with tempfile.TemporaryDirectory(prefix="mlflow-lite-") as directory:
            for image in data[column]:
                name = posixpath.join("table_images", table_name, str(uuid.uuid4()))
                for artifact, picture in ((f"{name}.png", image), (f"{name}.webp", _smaller(image))):
                    path = _scratch(artifact, directory)
                    picture.save(path)
                    yield from _upload(cx, run_id, path, artifact)
                references.append({"type": "image", "filepath": f"{name}.png", "compressed_filepath": f"{name}.webp"})
        data[column] = references


# --- runs as a DataFrame -----------------------------------------------------------------------------------


def runs_frame(runs: Sequence[Run]) -> pandas.DataFrame:
    """Runs as MLflow's `search_runs` gives them: run_id, experiment_id, status, artifact_uri, start_time and
    end_time (UTC timestamps), then `metrics.<key>` (NaN where a run has none), `params.<key>` and
    `tags.<key>` (None where a run has none)."""
    pd = require("pandas", "search_runs(output_format='pandas')", instead=WITHOUT_PANDAS)
    numpy = require("numpy", "search_runs(output_format='pandas')", instead=WITHOUT_PANDAS)
    columns: dict[str, list[Any]] = {
        "run_id": [],
        "experiment_id": [],
        "status": [],
        "artifact_uri": [],
        "start_time": [],
        "end_time": [],
    }
    metrics: dict[str, list[Any]] = {}
    params: dict[str, list[Any]] = {}
    tags: dict[str, list[Any]] = {}
    for index, run in enumerate(runs):
        info = run.info
        columns["run_id"].append(info.run_id)
        columns["experiment_id"].append(info.experiment_id)
        columns["status"].append(info.status)
        columns["artifact_uri"].append(info.artifact_uri)
        columns["start_time"].append(pd.to_datetime(info.start_time, unit="ms", utc=True))
        columns["end_time"].append(pd.to_datetime(info.end_time, unit="ms", utc=True))
        for values, seen, missing in (
            (run.data.metrics, metrics, numpy.nan),
            (run.data.params, params, None),
            (run.data.tags, tags, None),
        ):
            for key, column in seen.items():
                column.append(values.get(key, missing))
            for key, value in values.items():
                if key not in seen:
                    seen[key] = [missing] * index + [value]
    for prefix, group in (("metrics.", metrics), ("params.", params), ("tags.", tags)):
        columns.update({prefix + key: column for key, column in group.items()})
    frame: pandas.DataFrame = pd.DataFrame(columns)
    return frame

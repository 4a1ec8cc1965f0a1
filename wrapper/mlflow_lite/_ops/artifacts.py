"""Artifact and dataset ops: files to and from a run through the server's mlflow-artifacts proxy.

A run's artifacts live under its `artifact_uri`, `mlflow-artifacts:/<experiment_id>/<run_id>/artifacts` when
the server proxies artifacts (`mlflow server --artifacts-destination ...`, the default since MLflow 2.0). The
proxy path of `<artifact_path>` is then `<experiment_id>/<run_id>/artifacts/<artifact_path>`. Uploads stream
from the file (reopened for each retry) and downloads stream into a file, so memory stays flat whatever the
size. Listing uses the tracking `artifacts/list` endpoint: its paths are relative to the run's root, where the
proxy's own listing gives bare file names.

A file goes up as one streamed PUT through the proxy, which every artifact store behind it accepts; a large one
(500 MiB and up, MLflow's threshold) goes up in parts where the server offers it (an S3-like store behind the
proxy): the server hands out a presigned URL per part, each part streams from its place in the file straight
to the store and is retried on its own, and the upload is completed, or aborted when a part fails for good. A
server whose store takes no parts answers so once, and files go up whole from then on.

A download waits for its first byte as long as the proxy may take to fetch the file from its store (the
listing gives the size; `first_byte_timeout`), and a try that breaks is resumed where it stopped when the
server answers ranges (3.17.2 serving a local folder does; neither version does in front of S3), else the file
comes again whole (`_core.retry.download`).

A run whose `artifact_uri` the server does not proxy (`file:`, `s3://`, `gs://`, `wasbs://`, `abfss://`: a
server started with `--no-serve-artifacts`, or an experiment created with such an `artifact_location`) has its
artifacts written and read by the client itself, through `_stores`, as MLflow's client does: a root is a
`Location`, the proxy's path or a store and a path in it, and every op below takes either. The path checks and
the listing walk's bounds are the same for both.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import tempfile
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

import attrs

from mlflow_rest_api import models as wire
from mlflow_rest_api.api.artifacts import list_artifacts as _list_artifacts
from mlflow_rest_api.api.mlflow_artifacts import (
    abort_multipart_upload as _abort_multipart_upload,
    complete_multipart_upload as _complete_multipart_upload,
    create_multipart_upload as _create_multipart_upload,
    list_artifacts_proxy as _list_artifacts_proxy,
)
from mlflow_rest_api.types import UNSET, Unset

from .._core.context import Context
from .._core.effects import Call, Op, Request
from .._core.retry import download, with_retries
from .._core.streams import StreamTo, file_chunks
from .._entities import FileInfo
from .._errors import ApiError, InvalidParameterValue, MissingDependency, ResourceDoesNotExist, UnsafeListing
from .._stores import Store, store_for
from . import to_entities, yaml_text
from .calls import ask, run_id_of, tell
from .runs import get_run

__all__ = [
    "Location",
    "Progress",
    "Tally",
    "download_artifacts",
    "download_proxied",
    "existing_dir",
    "existing_file",
    "file_path",
    "first_byte_timeout",
    "join",
    "list_artifacts",
    "list_proxied",
    "location_of",
    "log_artifact",
    "log_artifacts",
    "log_bytes",
    "log_dict",
    "log_text",
    "proxy_root",
    "proxy_url",
    "relative_path",
    "root_of",
    "run_root",
    "upload_file",
    "upload_one",
    "upload_tree",
]

logger = logging.getLogger("mlflow_lite")
T = TypeVar("T")

#: `progress(bytes_done, bytes_total)`: called as bytes go up or come down; the total is None when unknown.
Progress = Callable[[int, int | None], None]

PROXY_PREFIX = "/api/2.0/mlflow-artifacts/artifacts/"

# The artifact proxy (2.22.5 and 3.17.2 alike) copies a file whole from its store (S3, ...) to its own disk
# before it sends the first byte, so a download's first byte comes after size / copy rate. The rate assumed, in
# bytes per second, is about half the slowest copy measured (moto's S3 on a busy 2-core machine: 3.6 MiB/s for
# 512 MiB and 1 GiB, 7 to 23 MiB/s at other times and sizes), so a live but slow answer is waited for instead of
# timed out and started again. 1 GiB: 512 s.
PROXY_COPY_RATE = 2 * 1024 * 1024


# --- path safety -----------------------------------------------------------------------------------------


def relative_path(path: object, what: str = "artifact_path", *, allow_root: bool = True) -> str:
    """A relative POSIX path inside the run's artifacts, normalised ("" is the root).

    Refused: anything that could leave the run's folder or mean something else on the server: absolute
    paths, `..`, backslashes (a Windows separator to some stores, a file-name character to others),
    drive letters and NUL.
    """
    if path is None and allow_root:
        return ""
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if not isinstance(path, str):
        raise InvalidParameterValue(f"{what} must be a string, got {type(path).__name__}")
    if "\\" in path or "\x00" in path:
        raise InvalidParameterValue(f"{what} {path!r} must use '/' as separator and contain no backslash or NUL")
    if path.startswith("/") or (len(path) >= 2 and path[1] == ":" and path[0].isalpha()):
        raise InvalidParameterValue(f"{what} {path!r} must be relative to the run's artifact root")
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise InvalidParameterValue(f"{what} {path!r} must not contain '..'")
    if not parts and not allow_root:
        raise InvalidParameterValue(f"{what} must name a file, got {path!r}")
    return "/".join(parts)


def file_path(path: object, what: str = "artifact_file") -> str:
    """The path of one file inside the run's artifacts: like `artifact_path`, and not ending in '/'."""
    if isinstance(path, str) and path.endswith("/"):
        raise InvalidParameterValue(f"{what} {path!r} names a folder; give a file name")
    return relative_path(path, what, allow_root=False)


def join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


def existing_file(path: object) -> Path:
    local = _local(path, "local_path")
    if not local.exists():
        raise InvalidParameterValue(f"local_path {str(local)!r} does not exist")
    if not local.is_file():
        raise InvalidParameterValue(f"local_path {str(local)!r} is a folder; use log_artifacts for folders")
    return local


def existing_dir(path: object, what: str = "local_dir") -> Path:
    local = _local(path, what)
    if not local.exists():
        raise InvalidParameterValue(f"{what} {str(local)!r} does not exist")
    if not local.is_dir():
        raise InvalidParameterValue(f"{what} {str(local)!r} is a file, not a folder")
    return local


def _local(path: object, what: str) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise InvalidParameterValue(f"{what} must be a path, got {type(path).__name__}")
    return Path(path)


def proxy_root(artifact_uri: str | None, owner: str) -> str:
    """The proxy path of an artifact root (a run's `artifact_uri`, a logged model's `artifact_location`);
    `owner` names whose it is in an error ("run 0a1b...")."""
    parts = urlsplit(artifact_uri or "")
    if parts.scheme != "mlflow-artifacts":
        raise InvalidParameterValue(
            f"{owner} stores its artifacts at {artifact_uri!r}, which this client cannot reach: mlflow-lite "
            "moves artifacts through the tracking server's proxy, so the experiment needs an "
            "'mlflow-artifacts:' location (start the server with --artifacts-destination and without "
            "--default-artifact-root, or create the experiment with such an artifact_location)"
        )
    # `mlflow-artifacts://host:port/path` names a proxy elsewhere; the path is the same on the server we talk to.
    return relative_path(parts.path.lstrip("/"), f"the artifact location of {owner}")


@attrs.frozen
class Location:
    """Where artifacts are: `path` below the server's proxy (`store` None), or `path` below the root of a store the
    client reaches itself."""

    path: str
    store: Store | None = attrs.field(default=None, eq=False)

    def child(self, path: str) -> Location:
        return Location(join(self.path, path), self.store)

    def split(self) -> tuple[Location, str]:
        """The folder holding the last path component, and that component (MLflow's split of a URI)."""
        return Location(posixpath.dirname(self.path), self.store), posixpath.basename(self.path)


def root_of(artifact_uri: str | None, owner: str) -> Location:
    """The `Location` of an artifact root (a run's `artifact_uri`, a logged model's `artifact_location`, a model
    version's source): a store is chosen by the URI's scheme, the proxy for `mlflow-artifacts:`."""
    store = store_for(artifact_uri, owner)
    if store is None:
        return Location(proxy_root(artifact_uri, owner))
    return Location("", store)


def location_of(uri: str, owner: str) -> Location:
    """The `Location` of what an artifact URI names (not a root: a file or folder that may be split off its
    parent): in a store, the store is rooted at the URI's parent folder and the path is its last component."""
    store = store_for(uri, owner)
    if store is None:
        return Location(proxy_root(uri, owner))
    parts = urlsplit(uri)
    folder, name = posixpath.split(parts.path.rstrip("/"))
    if not name or not folder:
        return Location("", store)
    return Location(name, store_for(urlunsplit(parts._replace(path=folder)), owner))


def proxy_url(path: str) -> str:
    return PROXY_PREFIX + quote(path, safe="/")


@attrs.define
class Tally:
    """Adds up progress over several files; each file reports its own bytes so far (a retry that starts the file
    over restarts at 0; one that resumes it goes on from the bytes kept)."""

    total: int | None
    callback: Progress | None
    base: int = 0

    def file(self) -> Callable[[int], None] | None:
        if self.callback is None:
            return None
        base, callback, total = self.base, self.callback, self.total
        return lambda done: callback(base + done, total)

    def finish(self, size: int) -> None:
        self.base += size
        if self.callback is not None:
            self.callback(self.base, self.total)


# --- uploads ---------------------------------------------------------------------------------------------


def run_root(cx: Context, run_id: str) -> Op[Location]:
    run = yield from get_run(cx, run_id_of(run_id))
    return root_of(run.info.artifact_uri, f"run {run_id}")


def upload_file(cx: Context, root: Location, local: Path, size: int, tally: Tally) -> Op[None]:
    """Write one file at `root`: to a store the client reaches, by the store; else a PUT through the proxy,
    streamed from disk and reopened for each attempt, in parts when it is large and the server takes parts."""
    path = root.path
    if root.store is not None:
        store = root.store
        progress = tally.file()
        yield Call(partial(store.put_file, path, local, size, progress))
        tally.finish(size)
        return
    if (
        cx.multipart is not None
        and cx.multipart.wanted(size)
        and (yield from _upload_parts(cx, path, local, size, tally))
    ):
        return
    request = Request(
        method="PUT",
        url=proxy_url(path),
        content=file_chunks(local, tally.file()),
        # With a length httpx sends the body as is, not chunked: every server and proxy in between accepts that.
        headers={"Content-Type": "application/octet-stream", "Content-Length": str(size)},
    )
    yield from with_retries(request, cx.policy)  # a PUT overwrites: safe to resend
    tally.finish(size)


def _upload_parts(cx: Context, path: str, local: Path, size: int, tally: Tally) -> Op[bool]:
    """Upload `local` in parts to the presigned URLs the server hands out; False when the server's artifact
    store takes no parts (then the caller sends the file whole)."""
    folder, name = posixpath.split(path)
    part_size, count = cx.multipart.layout(size)
    create = wire.CreateMultipartUpload(path=name, num_parts=count)
    try:
        # Not idempotent: a resend after a lost answer would open a second upload.
        started = yield from ask(
            cx,
            _keep_slashes(_create_multipart_upload._get_kwargs(folder, body=create), folder),
            wire.CreateMultipartUploadResponse.from_dict,
            idempotent=False,
        )
    except ApiError as exc:
        if exc.error_code != "NOT_IMPLEMENTED":
            raise
        cx.multipart.supported = False
        logger.debug("the server's artifact store takes no cx.multipart uploads: files go up whole")
        return False
    cx.multipart.supported = True
    upload_id = _given(started.upload_id, "upload_id")
    try:
        credentials = sorted(to_entities.items(started.credentials), key=lambda c: _given(c.part_number, "part_number"))
        if [_given(c.part_number, "part_number") for c in credentials] != list(range(1, count + 1)):
            raise ApiError(f"the server handed out {len(credentials)} part URLs for the {count} parts of {path}")
        parts = []
        for index, credential in enumerate(credentials):
            start = index * part_size
            length = min(part_size, size - start)
            headers = {} if isinstance(credential.headers, Unset) else dict(credential.headers.additional_properties)
            request = Request(
                method="PUT",
                url=_given(credential.url, "url"),
                content=file_chunks(local, tally.file(), start=start, length=length),
                headers={**headers, "Content-Length": str(length)},
                external=True,
            )
            # Each part is retried on its own (a PUT to its URL replaces it), so a failure costs one part.
            answer = yield from with_retries(request, cx.policy)
            tally.finish(length)
            parts.append(
                wire.MultipartUploadPart(
                    part_number=credential.part_number, etag=answer.headers.get("ETag", ""), url=credential.url
                )
            )
        complete = wire.CompleteMultipartUpload(path=name, upload_id=upload_id, parts=parts)
        yield from tell(cx, _keep_slashes(_complete_multipart_upload._get_kwargs(folder, body=complete), folder))
    except BaseException:
        # The store keeps the parts of an unfinished upload (and bills for them) until it is aborted.
        abort = wire.AbortMultipartUpload(path=name, upload_id=upload_id)
        try:
            yield from tell(cx, _keep_slashes(_abort_multipart_upload._get_kwargs(folder, body=abort), folder))
        except Exception:  # the first failure is the one to report
            logger.warning("could not abort the cx.multipart upload of %s", path, exc_info=True)
        raise
    return True


def _keep_slashes(kwargs: dict[str, Any], folder: str) -> dict[str, Any]:
    """The generated code escapes `/` in the folder (`1%2Fr%2Fartifacts`); send it as the proxy's other routes
    are sent, slashes kept: a reverse proxy in front of MLflow may refuse or rewrite an escaped slash."""
    escaped = quote(folder, safe="")
    url: str = kwargs["url"]
    assert url.endswith(escaped), url
    return {**kwargs, "url": url[: len(url) - len(escaped)] + quote(folder, safe="/")}


def _given(value: T | Unset, what: str) -> T:
    if isinstance(value, Unset):
        raise ApiError(f"the server's answer to a cx.multipart upload has no {what}")
    return value


def log_artifact(
    cx: Context,
    run_id: str,
    local_path: str | os.PathLike[str],
    artifact_path: str | None = None,
    progress: Progress | None = None,
) -> Op[None]:
    """Upload one file into `artifact_path` (a folder inside the run's artifacts), keeping its name."""
    yield from upload_one(run_root(cx, run_id), cx, local_path, artifact_path, progress)


def log_artifacts(
    cx: Context,
    run_id: str,
    local_dir: str | os.PathLike[str],
    artifact_path: str | None = None,
    progress: Progress | None = None,
) -> Op[None]:
    """Upload a folder's files (its whole tree, sub-folders kept) into `artifact_path`."""
    yield from upload_tree(run_root(cx, run_id), cx, local_dir, artifact_path, progress)


def upload_one(
    root: Op[Location],
    cx: Context,
    local_path: str | os.PathLike[str],
    artifact_path: str | None,
    progress: Progress | None,
) -> Op[None]:
    """Upload one file into the folder `artifact_path` below the proxy path `root` finds (a run's or a logged
    model's); the paths are checked before `root` runs."""
    local = existing_file(local_path)
    folder = relative_path(artifact_path)
    size = local.stat().st_size
    base = yield from root
    yield from upload_file(cx, base.child(join(folder, local.name)), local, size, Tally(size, progress))


def upload_tree(
    root: Op[Location],
    cx: Context,
    local_dir: str | os.PathLike[str],
    artifact_path: str | None,
    progress: Progress | None,
) -> Op[None]:
    """`upload_one` for a folder's whole tree."""
    local_base = existing_dir(local_dir)
    folder = relative_path(artifact_path)
    files = list(_walk(local_base))
    # Every path is checked before the first upload, so a bad name does not leave half a folder behind.
    targets = [(file_path(rel, "artifact path of a file in local_dir"), local) for rel, local in files]
    sizes = [local.stat().st_size for _, local in targets]
    base = yield from root
    tally = Tally(sum(sizes), progress)
    for (rel, local), size in zip(targets, sizes, strict=True):
        yield from upload_file(cx, base.child(join(folder, rel)), local, size, tally)


def _walk(base: Path) -> Iterator[tuple[str, Path]]:
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            local = Path(dirpath, name)
            yield Path(local).relative_to(base).as_posix(), local


def log_bytes(cx: Context, run_id: str, data: bytes, artifact_file: str) -> Op[None]:
    """Upload `data` as the file `artifact_file` (a path inside the run's artifacts)."""
    path = file_path(artifact_file)
    root = yield from run_root(cx, run_id)
    if root.store is not None:
        store, key = root.store, join(root.path, path)
        yield Call(partial(store.put_bytes, key, data))
        return
    headers = {"Content-Type": "application/octet-stream"}
    request = Request(method="PUT", url=proxy_url(join(root.path, path)), content=data, headers=headers)
    yield from with_retries(request, cx.policy)


def log_text(cx: Context, run_id: str, text: str, artifact_file: str) -> Op[None]:
    if not isinstance(text, str):
        raise InvalidParameterValue(f"text must be a str, got {type(text).__name__}")
    yield from log_bytes(cx, run_id, text.encode("utf-8"), artifact_file)


def log_dict(cx: Context, run_id: str, dictionary: Mapping[str, Any], artifact_file: str) -> Op[None]:
    """Write `dictionary` as MLflow does: JSON indented by 2, values JSON cannot hold written as `str(value)`; for a
    `.yaml`/`.yml` name, the YAML MLflow's `yaml.dump(dictionary, indent=2, default_flow_style=False)` writes.
    JSON-like data (dicts, lists, strings, numbers, booleans, None) is written by `yaml_text` without PyYAML;
    anything else (tuples, dates, objects) by PyYAML, which must then be installed (the `yaml` extra)."""
    text: str | None = None
    if posixpath.splitext(str(artifact_file))[1] in (".yml", ".yaml"):
        text = yaml_text.dump(dictionary)
        if text is None:
            try:
                import yaml
            except ImportError:
                raise MissingDependency(
                    f"log_dict to {artifact_file!r} of data other than dicts, lists, strings, numbers, booleans and"
                    " None (each once) needs PyYAML, which is not installed: pip install 'mlflow-lite[yaml]'",
                    module="yaml",
                ) from None
            text = yaml.dump(dictionary, indent=2, default_flow_style=False)
    if text is None:
        try:
            text = json.dumps(dictionary, indent=2, default=str)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterValue(f"dictionary cannot be written as JSON: {exc}") from None
    yield from log_bytes(cx, run_id, text.encode("utf-8"), artifact_file)


# --- listing and downloads -------------------------------------------------------------------------------


# How far a listing is followed. The server's listing decides which folders are listed next, so a broken or
# hostile one (a folder listed inside itself, `a` holding `a/a` holding `a/a/a`, ...) could keep a walk going
# forever; these bound it, far beyond any tree a real store holds.
#
# A listed path is at most MAX_DEPTH levels below the run's root. An object store's key holds 1024 bytes at most
# (S3, GCS, Azure Blob), so at most 512 levels; Linux's PATH_MAX (4096 bytes) allows 2048 levels of one-letter
# names on a local store, but MLflow's own client stops before: its walk recurses, and it downloads a file 973
# levels deep and fails with RecursionError at 974 (2.22.5 and 3.17.2 alike, measured against a stub server).
MAX_DEPTH = 1000
# Folders one walk lists, one request each: more than any run's artifacts hold; a larger tree can be taken one
# sub-folder at a time.
MAX_FOLDERS = 10_000
# Files and folders one walk (or one listing) holds.
MAX_ENTRIES = 1_000_000

# The listing of one folder as the server gives it, paths relative to the walk's root, not yet checked.
Listing = Callable[[str], Op[list[FileInfo]]]


@attrs.define
class _Walk:
    """One walk over the listings of `owner`'s artifacts (a run's, or a proxy folder's), from the folder `source`:
    every path listed so far (a path listed twice is a loop) and how many folders were listed (each a request)."""

    owner: str
    source: str
    fetch: Listing
    seen: set[str] = attrs.Factory(set)
    folders: int = 0

    def refuse(self, folder: str, why: str) -> UnsafeListing:
        return UnsafeListing(
            f"{self.owner}: the artifact listing of {_shown(folder)} is refused: {why}; nothing more is "
            "listed or downloaded"
        )


def _shown(path: str) -> str:
    """A listed path for a message: quoted, and cut in the middle when long (a chain of 1000 levels)."""
    if not path:
        return "'' (the run's root)"
    if len(path) <= 120:
        return repr(path)
    return f"{path[:50]!r}...{path[-50:]!r} ({len(path)} characters, {path.count('/') + 1} levels)"


def _run_listing(cx: Context, run_id: str) -> Listing:
    def fetch(folder: str) -> Op[list[FileInfo]]:
        kwargs = _list_artifacts._get_kwargs(run_id=run_id, path=folder or UNSET)
        answer = yield from ask(cx, kwargs, wire.ListArtifactsResponse.from_dict)
        return [to_entities.file_info(item) for item in to_entities.items(answer.files)]

    return fetch


def _proxy_listing(cx: Context, root: str) -> Listing:
    """The proxy's own listing gives bare names: they are made relative to `root`, as a run's listing gives them."""

    def fetch(folder: str) -> Op[list[FileInfo]]:
        kwargs = _list_artifacts_proxy._get_kwargs(path=join(root, folder) if folder else root or UNSET)
        answer = yield from ask(cx, kwargs, wire.ListArtifactsProxyResponse.from_dict)
        entries = (to_entities.file_info(item) for item in to_entities.items(answer.files))
        return [
            attrs.evolve(e, path=join(folder, e.path) if folder and isinstance(e.path, str) else e.path)
            for e in entries
        ]

    return fetch


def _store_listing(store: Store, root: str) -> Listing:
    """A store's listing of folders below `root` (a path in the store): made relative to `root`, as a run's listing
    gives them; an entry outside `root` is left as it is, for the walk to refuse."""

    def fetch(folder: str) -> Op[list[FileInfo]]:
        key = join(root, folder)
        entries: list[FileInfo] = yield Call(partial(store.list, key))
        if not root:
            return entries
        cut = len(root) + 1
        return [attrs.evolve(e, path=e.path[cut:]) if e.path.startswith(root + "/") else e for e in entries]

    return fetch


def _run_walk(cx: Context, run_id: str, root: Location, source: str) -> _Walk:
    if root.store is not None:
        return _Walk(f"run {run_id}", source, _store_listing(root.store, root.path))
    return _Walk(f"run {run_id}", source, _run_listing(cx, run_id))


def _proxy_walk(cx: Context, root: Location, source: str) -> _Walk:
    if root.store is not None:
        where = join(root.store.uri.rstrip("/"), root.path)
        return _Walk(f"the artifact folder {where!r}", source, _store_listing(root.store, root.path))
    return _Walk(f"the artifact folder {root.path!r}", source, _proxy_listing(cx, root.path))


def list_artifacts(cx: Context, run_id: str, path: str | None = None, recursive: bool = False) -> Op[list[FileInfo]]:
    """The files and folders under `path` (paths relative to the run's artifact root); with `recursive`, every
    file below it and no folders."""
    folder = relative_path(path, "path")
    root = yield from run_root(cx, run_id)
    walk = _run_walk(cx, run_id, root, folder)
    entries = yield from _list(walk, folder)
    if not recursive:
        return entries
    return (yield from _files_below(walk, entries))


def list_proxied(cx: Context, root: Location, path: str | None = None) -> Op[list[FileInfo]]:
    """The files and folders directly under `path` of the proxy folder `root` (a logged model's artifacts, a
    `mlflow-artifacts:` URI's folder), with paths relative to `root` as the tracking listing gives them. A file,
    or a path that does not exist, lists nothing."""
    folder = relative_path(path, "path")
    return (yield from _list(_proxy_walk(cx, root, folder), folder))


def _files_below(walk: _Walk, entries: list[FileInfo]) -> Op[list[FileInfo]]:
    """Every file among `entries` and in the folders among them, in listing order. A loop over a stack of the
    listings being read, not a recursion: its depth is bounded by `MAX_DEPTH` and its requests by `MAX_FOLDERS`,
    and every entry is checked by `_list` before it is followed."""
    files: list[FileInfo] = []
    pending = [iter(entries)]
    while pending:
        entry = next(pending[-1], None)
        if entry is None:
            pending.pop()
        elif entry.is_dir:
            pending.append(iter((yield from _list(walk, entry.path))))
        else:
            files.append(entry)
    return files


def _list(walk: _Walk, folder: str) -> Op[list[FileInfo]]:
    """The entries directly under `folder`, each checked before anything follows it (see `_checked`)."""
    if walk.folders >= MAX_FOLDERS:
        raise walk.refuse(
            folder,
            f"the walk from {_shown(walk.source)} has listed {MAX_FOLDERS} folders, the most one download or "
            "recursive listing lists (take a larger tree one sub-folder at a time)",
        )
    walk.folders += 1
    listed = yield from walk.fetch(folder)
    if len(walk.seen) + len(listed) > MAX_ENTRIES:
        raise walk.refuse(
            folder,
            f"the server listed {len(listed)} entries there, which makes more than {MAX_ENTRIES} in the walk "
            f"from {_shown(walk.source)}",
        )
    entries = (_checked(walk, folder, entry) for entry in listed)
    return [entry for entry in entries if entry is not None]


def _checked(walk: _Walk, folder: str, entry: FileInfo) -> FileInfo | None:
    """`entry` of the listing of `folder`, its path normalised; None for the folder itself (some stores list a
    folder inside itself: MLflow's client skips it too). Refused: a path that could leave the destination (it
    becomes a local path on download), one not strictly under `folder` (a parent, a sibling: a loop), one listed
    before, and one deeper than `MAX_DEPTH`."""
    listed: object = entry.path
    if not isinstance(listed, str):
        raise walk.refuse(folder, f"the server listed an entry whose path is {listed!r}, not a string")
    try:
        path = relative_path(listed, "the path")
    except InvalidParameterValue as exc:
        raise walk.refuse(folder, f"the server listed {_shown(listed)} there: {exc.message}") from None
    if path == folder:
        return None
    if folder and not path.startswith(folder + "/"):
        raise walk.refuse(
            folder,
            f"the server listed {_shown(listed)} there, which is not inside it (a listing that points "
            "outside its folder can loop forever)",
        )
    if path.count("/") + 1 > MAX_DEPTH:
        raise walk.refuse(
            folder,
            f"the server listed {_shown(listed)} there, more than {MAX_DEPTH} levels deep (deeper than an "
            "artifact store holds, or MLflow's own client downloads)",
        )
    if path in walk.seen:
        raise walk.refuse(folder, f"the server listed {_shown(listed)} there, which it had listed before (a loop)")
    walk.seen.add(path)
    return entry if path == listed else attrs.evolve(entry, path=path)


def first_byte_timeout(size: int | None) -> float | None:
    """The least seconds to wait for the first byte of a file of `size` bytes from the proxy (the read timeout is
    the larger of this and the client's timeout); None when the size is unknown."""
    return size / PROXY_COPY_RATE if size else None


def download_artifacts(
    cx: Context,
    run_id: str,
    path: str | None,
    dst_path: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> Op[str]:
    """Download the file or folder `path` into `dst_path` (a new temporary folder when None), keeping its path
    below the run's root as MLflow does (`dir/a.txt` lands at `<dst_path>/dir/a.txt`). Returns that local path."""
    source = relative_path(path, "path")
    dst = existing_dir(dst_path, "dst_path") if dst_path is not None else None
    root = yield from run_root(cx, run_id)
    return (yield from _download(cx, root, source, dst, progress, lambda folder: _run_walk(cx, run_id, root, folder)))


def download_proxied(
    cx: Context, root: Location, path: str | None, dst_path: str | os.PathLike[str] | None = None
) -> Op[str]:
    """`download_artifacts` for the proxy folder `root` rather than a run's artifacts."""
    source = relative_path(path, "path")
    dst = existing_dir(dst_path, "dst_path") if dst_path is not None else None
    return (yield from _download(cx, root, source, dst, None, lambda folder: _proxy_walk(cx, root, folder)))


def _download(
    cx: Context,
    root: Location,
    source: str,
    dst: Path | None,
    progress: Progress | None,
    walk_from: Callable[[str], _Walk],
) -> Op[str]:
    """Download `source` (a file or folder below the proxy folder `root`, walked by `walk_from`) into `dst`."""
    walk = walk_from(source)
    entries = yield from _list(walk, source)
    is_dir = True
    if source and not entries:
        # An empty listing is a file, a missing path or an empty folder; the parent's listing says which. (A
        # missing file would otherwise be a 500 from 2.22.5 and a 404 from 3.17.2.)
        parent = posixpath.dirname(source)
        siblings = yield from _list(walk_from(parent), parent)
        entry = next((e for e in siblings if e.path == source), None)
        if entry is None:
            raise ResourceDoesNotExist(f"{walk.owner} has no artifact {source!r}")
        is_dir = bool(entry.is_dir)
        files = [] if is_dir else [entry]
    else:
        files = yield from _files_below(walk, entries)
    base = dst if dst is not None else Path(tempfile.mkdtemp(prefix="mlflow-lite-"))
    target = base.joinpath(*source.split("/")) if source else base
    if is_dir:
        _make_dirs(target)  # an empty folder still arrives as a folder
    tally = Tally(sum(int(f.file_size or 0) for f in files), progress)
    for info in files:
        local = base.joinpath(*info.path.split("/"))
        _make_dirs(local.parent)
        if root.store is not None:
            store, key, file_progress = root.store, join(root.path, info.path), tally.file()
            yield Call(partial(store.get_file, key, local, file_progress))
            tally.finish(int(info.file_size or 0))
            continue
        request = Request(
            method="GET",
            url=proxy_url(join(root.path, info.path)),
            stream_to=StreamTo(local, tally.file()),
            first_byte_timeout=first_byte_timeout(info.file_size),
        )
        yield from download(request, cx.policy)
        tally.finish(int(info.file_size or 0))
    return str(target)


def _make_dirs(folder: Path) -> None:
    """`folder.mkdir(parents=True, exist_ok=True)` without its recursion: pathlib (and `os.makedirs`) call
    themselves once per missing level, which exceeds Python's recursion limit below `MAX_DEPTH` levels."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for level in reversed(missing):
        level.mkdir(exist_ok=True)

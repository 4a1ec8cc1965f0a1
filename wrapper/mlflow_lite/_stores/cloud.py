"""S3, Google Cloud Storage and Azure Blob Storage (and Data Lake Gen2) through obstore, one library for the three
(Rust's `object_store`: multipart uploads with parts sent concurrently and retried one by one, streamed reads).

It is the `stores` extra (`s3`, `gcs` and `azure` name the same) and is imported only when a store is made, so
`import mlflow_lite` stays as light as it is. Credentials come from the environment and the provider's usual
chain (obstore reads `AWS_*`, `GOOGLE_*` and `AZURE_*` variables itself), never from the tracking server; MLflow's
own variables are read here: `MLFLOW_S3_ENDPOINT_URL`, `MLFLOW_S3_IGNORE_TLS`, `MLFLOW_S3_UPLOAD_EXTRA_ARGS`,
`AZURE_STORAGE_CONNECTION_STRING` and `AZURE_STORAGE_ACCESS_KEY`; and the AWS profile's static keys and region
(`AWS_PROFILE`, the shared files), which obstore does not read, in `aws`. Keys are laid out as MLflow's client
lays them: `<artifact_uri>/<artifact_path>/<file name>`, so either client reads what the other wrote. Google's own
variable for an emulator, `STORAGE_EMULATOR_HOST` (which MLflow's Google client honours), is read here too.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import attrs

from .._entities import FileInfo
from .._errors import (
    InvalidParameterValue,
    MissingDependency,
    PermissionDenied,
    ResourceDoesNotExist,
    StoreError,
    Unauthenticated,
)
from .aws import profile_settings
from .local import writing

if TYPE_CHECKING:
    from obstore import GetOptions
    from obstore.store import AzureConfig, ClientConfig, GCSConfig, RetryConfig, S3Config

__all__ = [
    "PARTS_AT_ONCE",
    "PART_SIZE",
    "READ_SIZE",
    "CloudStore",
    "azure_options",
    "cloud_store",
    "gcs_options",
    "s3_options",
]

# A large file goes up in parts of PART_SIZE (S3's smallest), PARTS_AT_ONCE of them in flight, read from disk
# READ_SIZE at a time: memory stays flat whatever the file's size. Measured on a 1 GiB file against moto, peak RSS
# of the whole client process (39 MiB before the upload): 54 MiB with 2 parts in flight and 1 MiB reads, 64 MiB
# with 4, 68 MiB with 4 and 5 MiB reads, at the same throughput (moto is the bottleneck there).
PART_SIZE = 5 * 1024 * 1024
PARTS_AT_ONCE = 2
READ_SIZE = 1024 * 1024
# Tries of one download whose stream breaks; each try after the first asks for the bytes not yet written.
DOWNLOAD_TRIES = 5
# The upload options of MLFLOW_S3_UPLOAD_EXTRA_ARGS (boto3's ExtraArgs) this client carries out, by the S3
# setting they become; any other is refused rather than silently dropped.
_S3_EXTRA_ARGS = {"ServerSideEncryption": "server_side_encryption", "SSEKMSKeyId": "sse_kms_key_id"}


@attrs.frozen
class CloudStore:
    """One artifact root on a cloud store: `uri` for messages, `store` obstore's store with that root as prefix."""

    uri: str
    store: Any = attrs.field(repr=False)  # holds the credentials: never shown

    def put_file(self, key: str, local: Path, size: int, progress: Callable[[int], None] | None) -> None:
        import obstore

        with _translated(self.uri, key):
            if size <= PART_SIZE:  # one request
                obstore.put(self.store, key, local.read_bytes(), use_multipart=False)
            else:  # in parts; obstore aborts the upload when a part fails for good
                obstore.put(
                    self.store,
                    key,
                    _chunks(local, progress),
                    use_multipart=True,
                    chunk_size=PART_SIZE,
                    max_concurrency=PARTS_AT_ONCE,
                )
        if progress is not None and size <= PART_SIZE:
            progress(size)

    def put_bytes(self, key: str, data: bytes) -> None:
        import obstore

        with _translated(self.uri, key):
            obstore.put(self.store, key, data, use_multipart=False)

    def list(self, folder: str) -> list[FileInfo]:
        import obstore

        with _translated(self.uri, folder):
            listed = obstore.list_with_delimiter(self.store, folder or None)
        folders = [FileInfo(str(p).rstrip("/"), True, None) for p in listed["common_prefixes"]]
        files = [FileInfo(str(o["path"]), False, int(o["size"])) for o in listed["objects"]]
        return sorted(folders + files, key=lambda e: e.path)

    def get_file(self, key: str, local: Path, progress: Callable[[int], None] | None) -> None:
        """Stream the object into a partial file beside `local`, renamed onto it once complete. A stream that
        breaks is taken up where it stopped, from the same version of the object (`if_match` its ETag)."""
        import obstore

        with writing(local) as file:
            done, etag = 0, None
            for attempt in range(1, DOWNLOAD_TRIES + 1):
                options: GetOptions = {}
                if done:
                    options = {"range": {"offset": done}, "if_match": etag}
                try:
                    with _translated(self.uri, key):
                        answer = obstore.get(self.store, key, options=options or None)
                        etag = etag or answer.meta.get("e_tag")
                        for chunk in answer.stream(min_chunk_size=1024 * 1024):
                            file.write(chunk)
                            done += len(chunk)
                            if progress is not None:
                                progress(done)
                    break
                except _Broken:
                    if attempt == DOWNLOAD_TRIES:
                        raise


class _Broken(StoreError):
    """A transfer that broke on the way (a dropped connection, a store error): worth taking up again."""


@contextlib.contextmanager
def _translated(uri: str, key: str) -> Iterator[None]:
    """obstore's errors as this library's, naming the store and key (never a credential: obstore's messages name
    the request's URL and the store's answer)."""
    from obstore import exceptions as errors

    try:
        yield
    except (errors.NotFoundError, FileNotFoundError):  # obstore raises the built-in one for a missing object
        raise ResourceDoesNotExist(f"no artifact {key!r} in {uri!r}") from None
    except errors.PermissionDeniedError as exc:
        raise PermissionDenied(f"the store refused access to {key!r} in {uri!r}: {exc}") from None
    except errors.UnauthenticatedError as exc:
        raise Unauthenticated(f"the store did not accept the credentials for {uri!r}: {exc}") from None
    except errors.BaseError as exc:
        raise _Broken(f"the store {uri!r} failed on {key!r}: {exc}") from None


def _chunks(local: Path, progress: Callable[[int], None] | None) -> Iterator[bytes]:
    done = 0
    with local.open("rb") as file:
        while chunk := file.read(READ_SIZE):
            yield chunk
            done += len(chunk)
            if progress is not None:
                progress(done)


# --- making a store from an artifact URI -----------------------------------------------------------------


def cloud_store(uri: str, scheme: str, extra: str) -> CloudStore:
    """The store of `uri` (`s3://bucket/path`, `gs://bucket/path`, `wasbs://container@account.blob.../path`,
    `abfss://container@account.dfs.../path`); `MissingDependency` naming the extra when obstore is missing, before
    any request."""
    try:
        from obstore.store import AzureStore, GCSStore, S3Store
    except ImportError:
        raise MissingDependency(
            f"artifacts at {uri!r} are written and read by the client itself, which needs obstore: "
            f"pip install 'mlflow-lite[{extra}]'",
            module="obstore",
        ) from None
    parts = urlsplit(uri)
    prefix = parts.path.strip("/") or None
    retry: RetryConfig = {"max_retries": 10, "retry_timeout": timedelta(minutes=5)}
    with _translated(uri, ""):
        if scheme == "s3":
            config, client = s3_options(os.environ)
            return CloudStore(
                uri,
                S3Store(parts.netloc, prefix=prefix, config=config, client_options=client, retry_config=retry),
            )
        if scheme == "gs":
            gcs, options = gcs_options(os.environ)
            return CloudStore(
                uri,
                # None, not {}, when there is nothing to set: obstore's own defaults for a service-account file
                # that names an emulator (plain HTTP allowed) hold only without client options.
                GCSStore(
                    parts.netloc, prefix=prefix, config=gcs or None, client_options=options or None, retry_config=retry
                ),
            )
        container, _, host = parts.netloc.partition("@")
        if not container or not host:
            raise InvalidParameterValue(
                f"{uri!r}: an Azure URI is {scheme}://<container>@<account>.<blob or dfs>.core.windows.net/<path>"
            )
        azure, options = azure_options(host.split(".")[0], os.environ)
        return CloudStore(
            uri, AzureStore(container, prefix=prefix, config=azure, client_options=options, retry_config=retry)
        )


def s3_options(env: Mapping[str, str]) -> tuple[S3Config, ClientConfig]:
    """obstore's S3 settings and client options from MLflow's variables (the `AWS_*` ones obstore reads itself)."""
    config: S3Config = {}
    client: ClientConfig = {}
    endpoint = env.get("MLFLOW_S3_ENDPOINT_URL")
    if endpoint:
        config["endpoint"] = endpoint
        client["allow_http"] = endpoint.startswith("http://")
    if env.get("MLFLOW_S3_IGNORE_TLS", "").lower() == "true":
        client["allow_invalid_certificates"] = True
    # The AWS profile's keys and region, which obstore does not read (boto3 does): see `aws`.
    config.update(profile_settings(env))  # type: ignore[typeddict-item]
    if not env.get("AWS_REGION") and not env.get("AWS_DEFAULT_REGION") and "region" not in config:
        config["region"] = "us-east-1"  # boto3's answer for a bucket without a region set anywhere
    extra_args = env.get("MLFLOW_S3_UPLOAD_EXTRA_ARGS")
    if extra_args:
        try:
            extra = json.loads(extra_args)
        except ValueError:
            raise InvalidParameterValue("MLFLOW_S3_UPLOAD_EXTRA_ARGS is not JSON") from None
        unknown = sorted(set(extra) - set(_S3_EXTRA_ARGS)) if isinstance(extra, dict) else ["(not an object)"]
        if unknown:
            raise InvalidParameterValue(
                f"MLFLOW_S3_UPLOAD_EXTRA_ARGS: mlflow-lite carries out {sorted(_S3_EXTRA_ARGS)}, not {unknown}"
            )
        for name, value in extra.items():
            config[_S3_EXTRA_ARGS[name]] = str(value)  # type: ignore[literal-required]
    return config, client


def gcs_options(env: Mapping[str, str]) -> tuple[GCSConfig, ClientConfig]:
    """obstore's GCS settings: an emulator at `STORAGE_EMULATOR_HOST` (`http://host:port`, or `host:port` as Go's
    clients take it) reached without OAuth, as Google's clients reach it; else nothing here, obstore's own chain
    (`GOOGLE_*` variables, application default credentials, the metadata server)."""
    host = env.get("STORAGE_EMULATOR_HOST")
    if not host:
        return {}, {}
    url = (host if "://" in host else f"http://{host}").rstrip("/")
    # obstore takes an emulator's base URL and "no OAuth" only from a service-account key: an empty one says so.
    account = {"gcs_base_url": url, "disable_oauth": True, "client_email": "", "private_key": "", "private_key_id": ""}
    return {"service_account_key": json.dumps(account)}, {"allow_http": url.startswith("http://")}


def azure_options(account: str, env: Mapping[str, str]) -> tuple[AzureConfig, ClientConfig]:
    """obstore's Azure settings for `account`: MLflow's connection string or account key, else obstore's own chain
    (`AZURE_*` variables, managed identity, the Azure CLI)."""
    config: AzureConfig = {"account_name": account}
    client: ClientConfig = {}
    connection = env.get("AZURE_STORAGE_CONNECTION_STRING")
    if connection:
        fields = dict(item.split("=", 1) for item in connection.split(";") if "=" in item)
        if fields.get("AccountName"):
            config["account_name"] = fields["AccountName"]
        if fields.get("AccountKey"):
            config["account_key"] = fields["AccountKey"]
        if fields.get("SharedAccessSignature"):
            config["sas_key"] = fields["SharedAccessSignature"]
        if fields.get("BlobEndpoint"):  # an emulator (Azurite) or a private endpoint
            config["endpoint"] = fields["BlobEndpoint"].rstrip("/")
            client["allow_http"] = fields["BlobEndpoint"].startswith("http://")
    elif env.get("AZURE_STORAGE_ACCESS_KEY"):
        config["account_key"] = env["AZURE_STORAGE_ACCESS_KEY"]
    return config, client

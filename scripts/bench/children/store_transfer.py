"""The S3 store phase's transfers: `python store_transfer.py JOB`, JOB a JSON object.

One client, `client` in the job: `mlflow_lite` (`TrackingClient`, in `.venv-runtime` with the stores extra) or
`mlflow` (MLflow's `MlflowClient`, boto3 underneath, in MLflow's environment). It uploads `upload.file` into
`upload.artifact_path` of the run `run_id` with `log_artifact` (when the job has an `upload`), then downloads the
artifact `download.path` into the folder `download.dst` with `download_artifacts`. The store's endpoint and keys
come from the environment (`MLFLOW_S3_ENDPOINT_URL`, `AWS_*`), as a user's would. Only the two calls are timed,
the client already made. Prints one JSON line: each call's wall time (s), the process's peak RSS (KiB) after the
upload and at the end, and the downloaded file's size and SHA-256 (read after the peak, so that hashing is not
in it). Standard library and the client under test only.
"""

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from peak_rss import peak_rss_kib


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def make_client(name: str, url: str) -> Any:
    if name == "mlflow_lite":
        from mlflow_lite import TrackingClient

        return TrackingClient(url)
    from mlflow import MlflowClient  # type: ignore[import-not-found]  # MLflow's environment has it, not the dev one

    return MlflowClient(tracking_uri=url)


def main() -> None:
    job = json.loads(sys.argv[1])
    client = make_client(job["client"], job["url"])
    out: dict[str, Any] = {}
    upload = job.get("upload")
    if upload is not None:
        started = time.perf_counter()
        client.log_artifact(job["run_id"], upload["file"], upload["artifact_path"])
        out["upload_s"] = time.perf_counter() - started
        out["upload_peak_rss_kib"] = peak_rss_kib()
    download = job["download"]
    started = time.perf_counter()
    local = client.download_artifacts(job["run_id"], download["path"], download["dst"])
    out["download_s"] = time.perf_counter() - started
    out["peak_rss_kib"] = peak_rss_kib()
    if hasattr(client, "close"):  # mlflow-lite's client holds a connection pool; MLflow's has nothing to close
        client.close()
    out["bytes"] = Path(local).stat().st_size
    out["sha256"] = sha256_of(Path(local))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

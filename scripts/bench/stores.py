"""Phase 6, the S3 store: a large file up and down on an S3 store the tracking server does not proxy, mlflow-lite
(obstore underneath) against MLflow's client (boto3 underneath).

Its own servers: moto's S3 server (`.servers/moto`, as the test bed runs it) and an MLflow server started with
`--no-serve-artifacts --default-artifact-root s3://<bucket>/artifacts`, so each client writes and reads the store
itself (the bench's other server proxies artifacts). One run; then, in fresh child processes, interleaved,
`repeats` times each: `log_artifact` of the file then `download_artifacts` of it, each side into folders of its
own. Per side: upload and download seconds, MiB/s, the child's peak RSS, and the downloaded bytes' SHA-256 against
the uploaded file's. Then, once and untimed, each client downloads what the other uploaded (the same check).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.common import (
    CHILDREN,
    MLFLOW_VERSION,
    MeasurementError,
    Sizes,
    alternate,
    child_env,
    last_json_line,
    progress,
    ratio,
    run_child,
    shown,
    with_medians,
)
from mlflow_lite import TrackingClient
from mlflow_server import S3_ENV, MlflowServer, S3Server, server_env_dir

STORE_TRANSFER = CHILDREN / "store_transfer.py"
# MLflow's client side: its newest version, whose environment has boto3 (the Makefile's server drivers).
MLFLOW_CLIENT_VERSION = "3.17.2"
BUCKET = "mlflow-lite-bench"
FILE_NAME = "big.bin"
MIB = 1024 * 1024
SIDES = ("mlflow_lite", "mlflow")

__all__ = ["MLFLOW_CLIENT_VERSION", "SIDES", "bench_stores"]


def mlflow_client_python() -> Path:
    return server_env_dir(MLFLOW_CLIENT_VERSION) / "bin" / "python"


def has_obstore(python: Path) -> bool:
    """Whether `python` can make an S3 store: `.venv-runtime` made before it took the stores extra cannot."""
    env = child_env()
    done = subprocess.run([str(python), "-c", "import obstore"], capture_output=True, env=env, check=False)
    return done.returncode == 0


def write_file(path: Path, size: int) -> str:
    """`size` random bytes (nothing a store could compress or deduplicate) at `path`; their SHA-256."""
    digest = hashlib.sha256()
    with path.open("wb") as file:
        for start in range(0, size, MIB):
            chunk = os.urandom(min(MIB, size - start))
            digest.update(chunk)
            file.write(chunk)
    return digest.hexdigest()


def transfer(python: Path, side: str, job: dict[str, Any], env: dict[str, str], what: str) -> dict[str, Any]:
    stdout, _ = run_child(python, STORE_TRANSFER, json.dumps({**job, "client": side}), what=what, extra_env=env)
    figures: dict[str, Any] = last_json_line(stdout, what)
    return figures


def checked(figures: dict[str, Any], size: int, digest: str, what: str) -> None:
    """The downloaded file is the uploaded one, byte for byte."""
    if figures["bytes"] != size or figures["sha256"] != digest:
        raise MeasurementError(
            f"{what}: downloaded {figures['bytes']:,} bytes with SHA-256 {figures['sha256']}, "
            f"expected {size:,} bytes with {digest}"
        )


def bench_stores(lite_python: Path, sizes: Sizes) -> dict[str, Any]:
    """The phase, with its own moto and MLflow servers (stopped at the end, whatever happens)."""
    mlflow_python = mlflow_client_python()
    if not mlflow_python.exists():
        raise MeasurementError(f"no MLflow {MLFLOW_CLIENT_VERSION} environment: run `make servers`")
    if not has_obstore(lite_python):
        raise MeasurementError(
            f"{shown(lite_python)} has no obstore (mlflow-lite's `stores` extra): run `make bench`, which installs it"
        )
    pythons = {"mlflow_lite": lite_python, "mlflow": mlflow_python}
    s3 = S3Server()
    server: MlflowServer | None = None
    with tempfile.TemporaryDirectory(prefix="mlflow-lite-bench-s3-") as tmp:
        folder = Path(tmp)
        try:
            progress("  starting moto's S3 server and an MLflow server without the artifact proxy")
            s3.start()
            env = {**S3_ENV, "MLFLOW_S3_ENDPOINT_URL": s3.url}
            root = s3.create_bucket(BUCKET)
            server = MlflowServer(
                MLFLOW_VERSION,
                folder / "server",
                serve_artifacts=False,
                artifacts_destination=f"{root}/artifacts",
                env=env,
            )
            server.start()
            return measure_stores(server.url, pythons, env, folder, sizes)
        except BaseException:
            if server is not None:
                progress(f"end of the S3 phase's MLflow server log:\n{server.log_tail()}")
            raise
        finally:
            if server is not None:
                server.stop()
            s3.stop()


def measure_stores(
    url: str, pythons: dict[str, Path], env: dict[str, str], folder: Path, sizes: Sizes
) -> dict[str, Any]:
    size = sizes.store_file_mib * MIB
    source = folder / FILE_NAME
    progress(f"  writing {sizes.store_file_mib:,} MiB of random bytes")
    digest = write_file(source, size)
    with TrackingClient(url) as client:
        run = client.start_run("bench-s3-store", run_name="s3-store")
        run_id = run.run_id
        if not run.info.artifact_uri.startswith(f"s3://{BUCKET}/"):
            raise MeasurementError(f"the run's artifacts are at {run.info.artifact_uri!r}, not in the S3 bucket")
        samples: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
        for r in range(sizes.repeats):
            for side in alternate(SIDES, r):
                what = f"S3 store: {side}, repetition {r + 1}"
                dst = folder / f"down-{side}-{r}"
                dst.mkdir()
                prefix = f"{side}/{r}"
                job = {
                    "url": url,
                    "run_id": run_id,
                    "upload": {"file": str(source), "artifact_path": prefix},
                    "download": {"path": f"{prefix}/{FILE_NAME}", "dst": str(dst)},
                }
                figures = transfer(pythons[side], side, job, env, what)
                shutil.rmtree(dst)
                checked(figures, size, digest, what)
                samples[side].append(
                    {
                        "upload_s": figures["upload_s"],
                        "download_s": figures["download_s"],
                        "upload_mib_s": ratio(size / MIB, figures["upload_s"]),
                        "download_mib_s": ratio(size / MIB, figures["download_s"]),
                        "upload_peak_rss_mib": figures["upload_peak_rss_kib"] / 1024,
                        "peak_rss_mib": figures["peak_rss_kib"] / 1024,
                    }
                )
                progress(
                    f"  S3 {r + 1}/{sizes.repeats}: {side}, {sizes.store_file_mib:,} MiB: up "
                    f"{figures['upload_s']:.1f} s, down {figures['download_s']:.1f} s, "
                    f"peak RSS {figures['peak_rss_kib'] / 1024:.0f} MiB"
                )
        cross = cross_check(url, run_id, pythons, env, folder, size, digest)
        run.end()
    result: dict[str, Any] = {
        "file_mib": sizes.store_file_mib,
        "repeats": sizes.repeats,
        "sha256": digest,
        "server": f"MLflow {MLFLOW_VERSION}, --no-serve-artifacts, S3 on moto",
        "mlflow_client": f"MLflow {MLFLOW_CLIENT_VERSION}'s client",
        "cross_check": cross,
    }
    for side in SIDES:
        result[side] = {
            **with_medians(samples[side]),
            "python": shown(pythons[side]),
            "downloads_verified": len(samples[side]),
        }
    lite, mlflow = result["mlflow_lite"], result["mlflow"]
    result["upload_speedup_vs_mlflow"] = ratio(mlflow["upload_s"], lite["upload_s"])
    result["download_speedup_vs_mlflow"] = ratio(mlflow["download_s"], lite["download_s"])
    return result


def cross_check(
    url: str, run_id: str, pythons: dict[str, Path], env: dict[str, str], folder: Path, size: int, digest: str
) -> dict[str, bool]:
    """Each client downloads what the other uploaded in the first repetition (untimed)."""
    done: dict[str, bool] = {}
    for side, other in (("mlflow_lite", "mlflow"), ("mlflow", "mlflow_lite")):
        what = f"S3 store: {side} downloading what {other} uploaded"
        dst = folder / f"cross-{side}"
        dst.mkdir()
        job = {"url": url, "run_id": run_id, "download": {"path": f"{other}/0/{FILE_NAME}", "dst": str(dst)}}
        figures = transfer(pythons[side], side, job, env, what)
        shutil.rmtree(dst)
        checked(figures, size, digest, what)
        done[f"{side}_reads_{other}"] = True
        progress(f"  {what}: the same bytes")
    return done

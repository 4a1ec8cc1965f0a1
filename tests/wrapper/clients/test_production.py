"""The production configuration at load: many writers on PostgreSQL, and a 1 GiB artifact through S3 in parts.

Both run the client in child processes, as jobs would: the writers side by side against one server with 4
workers, the upload in a process of its own so that its peak memory (`ru_maxrss`) is the client's alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from bench import PEAK_RSS
from bigfiles import big_file, sha256_of
from conftest import V3, ProductionPool, unique
from faultproxy import Fault

from mlflow_lite import TrackingClient
from mlflow_server import MlflowServer


@pytest.mark.contract
def test_what_the_stores_answer_alike(server: MlflowServer) -> None:
    """What the README says of PostgreSQL against SQLite, on the wire: a duplicate experiment name is
    RESOURCE_ALREADY_EXISTS on both, ±infinity comes back as the largest double and NaN as "NaN"."""
    api = server.url + "/api/2.0/mlflow/"
    name = unique("dup")
    with httpx.Client(timeout=60) as http:
        assert http.post(api + "experiments/create", json={"name": name}).status_code == 200
        again = http.post(api + "experiments/create", json={"name": name})
        assert (again.status_code, again.json()["error_code"]) == (400, "RESOURCE_ALREADY_EXISTS")
        experiment_id = http.get(api + "experiments/get-by-name", params={"experiment_name": name}).json()
        run = http.post(api + "runs/create", json={"experiment_id": experiment_id["experiment"]["experiment_id"]})
        run_id = run.json()["run"]["info"]["run_id"]
        metrics = [
            {"key": key, "value": value, "timestamp": 1, "step": 0}
            for key, value in (("inf", "Infinity"), ("ninf", "-Infinity"), ("nan", "NaN"))
        ]
        assert http.post(api + "runs/log-batch", json={"run_id": run_id, "metrics": metrics}).status_code == 200
        stored = http.get(api + "runs/get", params={"run_id": run_id}).json()["run"]["data"]["metrics"]
    assert {m["key"]: m["value"] for m in stored} == {
        "inf": 1.7976931348623157e308,
        "ninf": -1.7976931348623157e308,
        "nan": "NaN",
    }


WRITERS = 32
VALUES = 5_000  # per writer: metric values, one `log_metric` call each, in a buffered run
PARAMS = 20
TAGS = 10

WRITER = r"""
import sys
from mlflow_lite import TrackingClient

url, experiment, index, values, params, tags = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:])
with TrackingClient(url, buffered=True, max_retries=5) as client:
    with client.start_run(experiment, run_name=f"writer-{index}") as run:
        run.log_params({f"p{i}": f"{index}-{i}" for i in range(params)})
        for i in range(tags):
            run.set_tag(f"t{i}", f"{index}-{i}")
        for step in range(values):
            run.log_metric("m", index * 1_000_000 + step, step=step)
print(run.run_id)
"""


def failures_logged(server: MlflowServer, lines: int = 80) -> str:
    """The end of a server's log without its access lines for successful requests: its errors and tracebacks."""
    text = server.log_path.read_text(errors="replace")
    return "\n".join([line for line in text.splitlines() if '" 200 OK' not in line][-lines:])


@pytest.mark.timeout(900)
def test_many_writers_each_value_exactly_once(pg_server: MlflowServer) -> None:
    """32 processes log a buffered run each at once: every value, param and tag arrives once, every run ends
    FINISHED, and the experiment holds those 32 runs and no other."""
    experiment = unique("load")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, pg_server.url, experiment, str(i), str(VALUES), str(PARAMS), str(TAGS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(WRITERS)
    ]
    # Every writer's output is read before any is judged: a writer left running with its pipes open would be
    # found unclosed, and reported, in whichever test this worker runs next.
    ended = [writer.communicate(timeout=600) for writer in writers]
    for writer, (_, err) in zip(writers, ended, strict=True):
        assert writer.returncode == 0, f"{err}\n--- the server's log but its successes:\n{failures_logged(pg_server)}"
    run_ids = {index: out.strip() for index, (out, _) in enumerate(ended)}

    with TrackingClient(pg_server.url) as client:
        exp = client.get_experiment_by_name(experiment)
        assert exp is not None
        runs = list(client.search_runs(exp.experiment_id))
        assert sorted(run.info.run_id for run in runs) == sorted(run_ids.values())  # no ghost, none missing
        for index, run_id in run_ids.items():
            run = client.get_run(run_id)
            assert run.info.status == "FINISHED"
            assert run.data.params == {f"p{i}": f"{index}-{i}" for i in range(PARAMS)}
            assert {k: v for k, v in run.data.tags.items() if k.startswith("t")} == {
                f"t{i}": f"{index}-{i}" for i in range(TAGS)
            }
            history = client.get_metric_history(run_id, "m")
            assert sorted((m.step, m.value) for m in history) == [
                (step, float(index * 1_000_000 + step)) for step in range(VALUES)
            ]


MIB = 1024**2
GIB = 1024**3
FAILING_PART = 6

# The client process's own peak (VmHWM: ru_maxrss would count this process's memory too, see
# scripts/bench/children/peak_rss.py).
UPLOADER = (
    PEAK_RSS
    + r"""
import json, sys
from mlflow_lite import TrackingClient

def rss_mib():
    return peak_rss_kib() / 1024

trace = []
def progress(done, total):
    if not trace or done - trace[-1][0] >= 100 * 2**20 or done == total:
        trace.append((done, rss_mib()))

url, run_id, source, target = sys.argv[1:]
with TrackingClient(url, max_retries=3, retry_budget=120, timeout=300) as client:
    start = rss_mib()
    client.log_artifact(run_id, source, "big", progress=progress)
    after_upload = rss_mib()
    local = client.download_artifacts(run_id, "big", target)
peak = rss_mib()
print(json.dumps({"local": local, "start_mib": start, "upload_mib": after_upload, "peak_mib": peak, "trace": trace}))
"""
)


def round_trip(server: MlflowServer, pool: ProductionPool, tmp_path: Path, size: int, part_size: int) -> float:
    """`size` bytes go up from a child process in parts of `part_size` to the store's presigned URLs, part
    FAILING_PART answering 503 "slow down" twice on the way, and come back byte for byte; returns the child's
    peak memory in MiB."""
    source = tmp_path / "weights.bin"
    expected = big_file(source, size)
    (tmp_path / "back").mkdir()
    proxy = pool.s3_proxy
    assert proxy is not None
    # The part's URL names it (`partNumber=6&...`); S3 answers 503 "slow down" twice, then takes it.
    faults = [Fault("status", path=f"partNumber={FAILING_PART}&", status=503)] * 2
    proxy.add(faults)
    with TrackingClient(server.url) as client:
        run_id = client.create_run(client.ensure_experiment(unique("big"))).info.run_id
    env = {
        **os.environ,
        "MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE": str(min(size, 500 * MIB)),
        "MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE": str(part_size),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", UPLOADER, server.url, run_id, str(source), str(tmp_path / "back")],
            capture_output=True,
            text=True,
            timeout=1100,
            check=False,
            env=env,
        )
    finally:
        left = proxy.clear()  # a fault never met must not meet the next test
    assert done.returncode == 0, done.stderr
    assert left == []  # the part failed twice: the client went to S3 in parts, and retried that part alone
    assert [kind for kind, _, path in proxy.injected if f"partNumber={FAILING_PART}&" in path][-2:] == [
        "status",
        "status",
    ]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    back = Path(figures["local"]) / source.name
    assert back.stat().st_size == size
    assert sha256_of(back) == expected
    with TrackingClient(server.url) as client:
        listed = client.list_artifacts(run_id, "big")
    assert [(f.path, f.file_size) for f in listed] == [("big/weights.bin", size)]
    print(
        f"client peak RSS: {figures['peak_mib']:.1f} MiB (client made: {figures['start_mib']:.1f} MiB, after the "
        f"upload: {figures['upload_mib']:.1f} MiB); by bytes up: {figures['trace']}"
    )
    return float(figures["peak_mib"])


@pytest.mark.timeout(600)
def test_parts_round_trip(pg_server: MlflowServer, production_pool: ProductionPool, tmp_path: Path) -> None:
    """The multipart protocol against each version: 40 MiB in 8 parts of 5 MiB (S3's smallest), one part failing
    twice and retried alone, back byte for byte."""
    round_trip(pg_server, production_pool, tmp_path, 40 * MIB, 5 * MIB)


# The 1 GiB trip runs against one version: what it adds to the test above is the client's (memory flat over 11
# parts of MLflow's default 100 MiB, and a download that waits for its first byte while the server copies the
# object from S3, in 128 ranged GETs), the same whichever version serves it, and it is the suite's costliest test.
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("pg_server", [V3], ids=[f"mlflow-{V3}-pg"], indirect=True)
def test_one_gib_in_parts_round_trip(pg_server: MlflowServer, production_pool: ProductionPool, tmp_path: Path) -> None:
    """1 GiB goes up in 11 parts of MLflow's default size, one of them failing twice on the way, and comes back
    byte for byte; the client process peaks under 64 MiB."""
    assert round_trip(pg_server, production_pool, tmp_path, GIB, 100 * MIB) < 64

"""MLflow's client logging one value per call: `python mlflow_client.py JOB`, JOB a JSON object.

The job: `url`, `key`, `runs` (a run id per loop, and `warmup`) and `calls` (loop name to number of calls):
`unbuffered` and `sync` call `log_metric` one value at a time, `async` with `synchronous=False` and waits for
every operation at the end. Prints one JSON line: per loop, its process CPU and wall time (s). Runs in
mlflow-skinny's or full MLflow's environment: standard library and mlflow only.
"""

import functools
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from mlflow import MlflowClient  # type: ignore[import-not-found]  # MLflow's environments have it, not the dev one


def main() -> None:
    job = json.loads(sys.argv[1])
    client = MlflowClient(tracking_uri=job["url"])
    default_key: str = job["key"]

    def timed(loop: Callable[[], None]) -> dict[str, float]:
        cpu, wall = time.process_time(), time.perf_counter()
        loop()
        return {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}

    def sync_loop(run_id: str, n: int, key: str = default_key) -> None:
        for i in range(n):
            client.log_metric(run_id, key, float(i), step=i)

    def async_loop(run_id: str, n: int, key: str = default_key) -> None:
        operations = [client.log_metric(run_id, key, float(i), step=i, synchronous=False) for i in range(n)]
        for operation in operations:
            operation.wait()

    loops: dict[str, Callable[[str, int], None]] = {"unbuffered": sync_loop, "sync": sync_loop, "async": async_loop}
    # Warm-up: connection, lazy imports, the async logging queue's threads.
    sync_loop(job["runs"]["warmup"], 5, "warmup-sync")
    if "async" in job["calls"]:
        async_loop(job["runs"]["warmup"], 5, "warmup-async")
    out: dict[str, Any] = {}
    for name, n in job["calls"].items():
        out[name] = timed(functools.partial(loops[name], job["runs"][name], n))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

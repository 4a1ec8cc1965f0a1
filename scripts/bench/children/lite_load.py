"""The bulk and scale loads' mlflow-lite side: `python lite_load.py JOB`, JOB a JSON object.

A buffered run, resumed (`start_run(run_id=..., buffered=True)`: the bench made the run), one `log_metric` call
per value, then a flush. Only the loop and the flush are timed, the connection already open. The job: `url`,
`run_id`, `key`, `values`. Prints one JSON line: CPU and wall (s), the caller's time in the loop (s) and the
process's peak RSS (KiB). Runs in `.venv-runtime`: standard library and mlflow-lite only.
"""

import json
import sys
import time

from peak_rss import peak_rss_kib

from mlflow_lite import TrackingClient


def main() -> None:
    job = json.loads(sys.argv[1])
    with TrackingClient(job["url"]) as client:
        run = client.start_run(run_id=job["run_id"], buffered=True)
        key, n = job["key"], job["values"]
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(n):
            run.log_metric(key, float(i), step=i)
        caller = time.perf_counter() - wall
        run.flush()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu_s": cpu, "wall_s": wall, "caller_s": caller, "peak_rss_kib": peak_rss_kib()}))


if __name__ == "__main__":
    main()

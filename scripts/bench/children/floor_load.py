"""The bulk and scale loads' raw floor: `python floor_load.py JOB`, JOB a JSON object.

Plain httpx posting log-batch requests of `batch` metrics: the least a client can send for the same data. The
run exists (the bench made it) and the connection is opened by asking for it, before the timing. The job: `url`,
`run_id`, `key`, `values`, `batch`, `path` (log-batch) and `get_run` (runs/get). Prints one JSON line: CPU and
wall (s) and the process's peak RSS (KiB). Runs in `.venv-runtime`: standard library and httpx only.
"""

import json
import sys
import time

import httpx
from peak_rss import peak_rss_kib


def main() -> None:
    job = json.loads(sys.argv[1])
    with httpx.Client(base_url=job["url"], timeout=300) as http:
        run_id, key, n, size = job["run_id"], job["key"], job["values"], job["batch"]
        http.get(job["get_run"], params={"run_id": run_id}).raise_for_status()
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, n, size):
            ts = time.time_ns() // 1_000_000
            steps = range(start, min(n, start + size))
            metrics = [{"key": key, "value": float(i), "timestamp": ts, "step": i} for i in steps]
            http.post(job["path"], json={"run_id": run_id, "metrics": metrics}).raise_for_status()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({"cpu_s": cpu, "wall_s": wall, "peak_rss_kib": peak_rss_kib()}))


if __name__ == "__main__":
    main()

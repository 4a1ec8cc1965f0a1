"""A first call with raw httpx, as a user's script makes it: `python first_call_httpx.py URL RUN_ID KEY VALUE STEP`.

Imports httpx, makes a client, posts one value to runs/log-metric. Prints the three steps' own times (s) and the
process's peak RSS (KiB). Runs in `.venv-runtime`: standard library and httpx only.
"""

import sys
import time


def main() -> None:
    url, run_id, key, value, step = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    t0 = time.perf_counter()
    import httpx

    t1 = time.perf_counter()
    http = httpx.Client(base_url=url)
    t2 = time.perf_counter()
    # The route as a user's script writes it: the same as the bench's LOG_METRIC.
    body = {"run_id": run_id, "key": key, "value": value, "timestamp": int(time.time() * 1000), "step": step}
    http.post("/api/2.0/mlflow/runs/log-metric", json=body).raise_for_status()
    t3 = time.perf_counter()
    from peak_rss import peak_rss_kib

    print(t1 - t0, t2 - t1, t3 - t2, peak_rss_kib())


if __name__ == "__main__":
    main()

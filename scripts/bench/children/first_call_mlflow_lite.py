"""A first call with mlflow-lite, as a user's script makes it: `python first_call_mlflow_lite.py URL RUN_ID KEY
VALUE STEP`.

Imports mlflow_lite, makes a `TrackingClient`, logs one value. Prints the three steps' own times (s) and the
process's peak RSS (KiB). Runs in `.venv-runtime`: standard library and mlflow-lite only.
"""

import sys
import time


def main() -> None:
    url, run_id, key, value, step = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
    t0 = time.perf_counter()
    import mlflow_lite

    t1 = time.perf_counter()
    client = mlflow_lite.TrackingClient(url)
    t2 = time.perf_counter()
    client.log_metric(run_id, key, value, step=step)
    t3 = time.perf_counter()
    from peak_rss import peak_rss_kib

    print(t1 - t0, t2 - t1, t3 - t2, peak_rss_kib())


if __name__ == "__main__":
    main()

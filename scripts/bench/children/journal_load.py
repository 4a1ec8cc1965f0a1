"""The journal phase's journaled side: `python journal_load.py JOB`, JOB a JSON object.

The lite load (lite_load.py) with a spool journal: each call is written to the journal before it returns, and
the run is delivered from it. The run is the child's own (a journaled run is started, not resumed), made before
the timing starts. `os.fsync` is counted: how often the journal is made to survive a machine crash. The job:
`url`, `experiment_id`, `run_name`, `key`, `values`. Prints one JSON line: CPU and wall (s), the caller's time in
the loop (s), the peak RSS (KiB), the run's id, the journal's size before the flush (bytes), the fsyncs and what
was left in the spool folder after the run ended (nothing, when it was delivered). Runs in `.venv-runtime`:
standard library and mlflow-lite only.
"""

import json
import os
import sys
import tempfile
import time
from typing import TYPE_CHECKING

from peak_rss import peak_rss_kib

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike


def main() -> None:
    job = json.loads(sys.argv[1])
    fsyncs = 0
    real_fsync = os.fsync

    def counted_fsync(fd: "FileDescriptorLike") -> None:
        nonlocal fsyncs
        fsyncs += 1
        real_fsync(fd)

    os.fsync = counted_fsync  # before mlflow_lite is imported: whatever it binds at import is the counted one
    from mlflow_lite import TrackingClient

    with tempfile.TemporaryDirectory() as spool, TrackingClient(job["url"], spool_dir=spool) as client:
        run = client.start_run(experiment_id=job["experiment_id"], run_name=job["run_name"])
        key, n = job["key"], job["values"]
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(n):
            run.log_metric(key, float(i), step=i)
        caller = time.perf_counter() - wall
        assert run.journal is not None  # every run of a client with a spool_dir has a journal
        journal_bytes = os.stat(run.journal).st_size
        run.flush()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        run.end()
        left = os.listdir(spool)
    result = {
        "cpu_s": cpu,
        "wall_s": wall,
        "caller_s": caller,
        "peak_rss_kib": peak_rss_kib(),
        "run_id": run.run_id,
        "journal_bytes": journal_bytes,
        "fsyncs": fsyncs,
        "left": left,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()

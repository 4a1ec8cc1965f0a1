"""One fresh process that times one import statement: `python import_probe.py STATEMENT`.

Prints the statement's own time (s) and the process's peak RSS (KiB). The statement is one of the bench's
`IMPORT_STATEMENTS`, written out below rather than compiled from argv: the probe loads nothing but `time`
before it, and the timing holds the import alone. Runs in every client's interpreter, so it imports nothing of
the bench.
"""

import sys
import time


def peak_rss_kib() -> int:
    """peak_rss.py's, here again: importing it would raise this process's peak by about 0.2 MiB, as much as
    `pass` weighs in all (the baseline), where the other children's peaks are tens of MiB."""
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    statement = sys.argv[1]
    started = time.perf_counter()
    # The imports are the measurement; nothing uses what they bind.
    if statement == "import httpx":
        import httpx  # noqa: F401
    elif statement == "import mlflow_lite":
        import mlflow_lite  # noqa: F401
    elif statement == "from mlflow import MlflowClient":
        from mlflow import MlflowClient  # type: ignore[import-not-found]  # noqa: F401
    elif statement != "pass":
        sys.exit(f"import_probe.py: unknown statement {statement!r}")
    seconds = time.perf_counter() - started
    print(seconds, peak_rss_kib())


if __name__ == "__main__":
    main()

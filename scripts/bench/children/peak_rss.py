"""A child's own peak RSS, for the bench's child scripts (they import it: their folder is first on their path).

The kernel's high-water mark of the process's memory map (VmHWM), in KiB. Not `ru_maxrss`: Linux carries that
across exec(), so a child forked from the bench would report at least the bench's own footprint.

Standard library only: the children run in other interpreters (`.venv-runtime`, MLflow's environments). The
bench also hands this file's text to children built from a string (`bench.PEAK_RSS`), so it stays a plain
definition that reads well prepended to other code. import_probe.py has its own copy (it says why).
"""


def peak_rss_kib() -> int:
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

"""Runs MLflow scripts with `mlflow`, or with `mlflow_lite` swapped in for the import: the test harness of
`test_compat.py`. Standard library only, since it runs in the MLflow server environments too.

    python runner.py mlflow|lite jobs.json

The library is imported once, all of it (mlflow-lite's public names are loaded when first used, and a child's
imports would be lost with it: a script's run would pay for them every time, where `import mlflow` loads most of
MLflow at once); then each job runs in a forked child, as a fresh `python script.py` would: in
its folder, with its environment, `sys.argv[0]` the script's path as given, and the interpreter's exit
handlers run at the end (MLflow ends a run left open there). For `lite`, the script's MLflow imports are
rewritten to mlflow-lite's, which is the one-line change a user makes: `import mlflow` becomes
`import mlflow_lite as mlflow`, `from mlflow.x import y` becomes `from mlflow_lite.x import y`.

Each job's exit code goes to `<out>.code`, its output to `<out>.stdout` and `<out>.stderr`.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import sys
import traceback

IMPORT = re.compile(r"^(\s*)import mlflow(\s*(#.*)?)$", re.MULTILINE)
FROM = re.compile(r"^(\s*)from mlflow(\.[\w.]+)? import ", re.MULTILINE)


def swap_imports(source: str) -> str:
    source = IMPORT.sub(r"\1import mlflow_lite as mlflow\2", source)
    return FROM.sub(lambda m: f"{m.group(1)}from mlflow_lite{m.group(2) or ''} import ", source)


def run_job(which: str, job: dict[str, object]) -> int:
    os.chdir(str(job["cwd"]))
    os.environ.update({str(k): str(v) for k, v in dict(job["env"]).items()})  # type: ignore[call-overload]
    script = str(job["script"])
    with open(script, encoding="utf-8") as file:
        source = file.read()
    if which == "lite":
        source = swap_imports(source)
    sys.argv = [script]
    code = 0
    try:
        exec(compile(source, script, "exec"), {"__name__": "__main__", "__file__": os.path.abspath(script)})  # noqa: S102
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()  # as the interpreter does when a script ends
    return code


def main() -> None:
    which, jobs_file = sys.argv[1], sys.argv[2]
    if which == "mlflow":
        import mlflow  # type: ignore[import-not-found]  # noqa: F401 - imported once, before the forks
    else:
        import mlflow_lite

        for name in mlflow_lite.__all__:
            getattr(mlflow_lite, name)
    with open(jobs_file, encoding="utf-8") as file:
        jobs = json.load(file)
    for job in jobs:
        out = str(job["out"])
        pid = os.fork()
        if pid == 0:
            with open(out + ".stdout", "w") as stdout, open(out + ".stderr", "w") as stderr:
                os.dup2(stdout.fileno(), 1)
                os.dup2(stderr.fileno(), 2)
                code = 1
                try:
                    code = run_job(which, job)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    with open(out + ".code", "w") as done:
                        done.write(str(code))
                    os._exit(code)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()

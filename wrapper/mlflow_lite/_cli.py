"""`mlflow-lite`, the command line: a look at a tracking server from a shell, and logging from shell scripts.

    mlflow-lite doctor [--json]
    mlflow-lite experiments list [--all] [--max N] [--json]
    mlflow-lite runs list EXPERIMENT [--max N] [--json]
    mlflow-lite runs get RUN_ID [--json]
    mlflow-lite log metric RUN_ID KEY VALUE [--step N] [--timestamp MS]
    mlflow-lite log param RUN_ID KEY VALUE
    mlflow-lite log tag RUN_ID KEY VALUE
    mlflow-lite sync [--spool-dir DIR] [--any-server] [--retry-refused]

Every command takes `--tracking-uri URI` and `-v` before its name or after it. The standard library's argparse
on top of the sync client: no dependency beyond the library's own. The
server comes from `--tracking-uri`, else `MLFLOW_TRACKING_URI`, else the default; credentials from MLflow's
variables, as for the library. A shell command should not hang for minutes, so each gives up after about
10 seconds of retries. Any failure is one line on stderr and a non-zero exit (2 for bad arguments), never a
traceback.
"""

from __future__ import annotations

import argparse
import email.utils
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from ._core.client_base import context_of, settings_of
from ._entities import Experiment, Run, ViewType
from ._errors import EndpointNotFound, MlflowError, ResourceDoesNotExist, TransportError, error_from_response
from ._sync.client import TrackingClient, http_of, run_op
from ._version import __version__

if TYPE_CHECKING:
    from ._durable.replay import ReplayReport

__all__ = ["main"]

RETRY_BUDGET = 10.0  # seconds: a command gives up after this much retrying
# A command gives up sooner than a library call (two retries, not seven), unless the environment says how many.
RETRIES = 2
CLOCK_SKEW_WARNING = 5.0  # seconds between this machine's clock and the server's worth a warning


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not argparse's usage block: `mlflow-lite: <what is wrong> (see <command> --help)`."""
        self.exit(2, f"mlflow-lite: {message} (see `{self.prog} --help`)\n")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """argparse's, but arguments no command knows point at the help of the command they were given to (each
        command's parser leaves its name in `help_of`), not at the top level's."""
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            prog = getattr(parsed, "help_of", self.prog)
            self.exit(2, f"mlflow-lite: unrecognized arguments: {' '.join(extra)} (see `{prog} --help`)\n")
        return parsed


URI_HELP = "the server (default: MLFLOW_TRACKING_URI, else http://127.0.0.1:5000)"
VERBOSE_HELP = "show each retry as it happens"


def _command(parsers: Any, name: str, help: str) -> argparse.ArgumentParser:
    """A command's parser: it takes `--tracking-uri` and `-v` after its name as well as before (`mlflow-lite sync
    --tracking-uri URL`, as examples get typed); given after, they win."""
    parser: argparse.ArgumentParser = parsers.add_parser(name, help=help)
    parser.add_argument("--tracking-uri", metavar="URI", default=argparse.SUPPRESS, help=URI_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=VERBOSE_HELP)
    parser.set_defaults(help_of=parser.prog)
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mlflow-lite", description="A look at an MLflow tracking server, and logging from a shell.")
    parser.add_argument("--version", action="version", version=f"mlflow-lite {__version__}")
    parser.add_argument("--tracking-uri", metavar="URI", help=URI_HELP)
    parser.add_argument("-v", "--verbose", action="store_true", help=VERBOSE_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    doctor = _command(commands, "doctor", "where the URI comes from, and what the server and the spool say")
    doctor.add_argument("--json", action="store_true", help="the findings as one JSON object")
    doctor.set_defaults(run=_doctor)

    experiments = commands.add_parser("experiments", help="experiments").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    listing = _command(experiments, "list", "the experiments, newest first")
    listing.add_argument("--all", action="store_true", help="deleted ones too")
    listing.add_argument("--max", type=_positive, metavar="N", help="at most N experiments (default: all)")
    listing.add_argument("--json", action="store_true", help="MLflow's to_dictionary() shape, one list")
    listing.set_defaults(run=_experiments_list)

    runs = commands.add_parser("runs", help="runs").add_subparsers(
        dest="action", required=True, metavar="ACTION", parser_class=_Parser
    )
    listing = _command(runs, "list", "the runs of an experiment, newest first")
    listing.add_argument("experiment", metavar="EXPERIMENT", help="an experiment's name (or its id)")
    listing.add_argument("--max", type=_positive, default=100, metavar="N", help="at most N runs (default 100)")
    listing.add_argument("--json", action="store_true", help="MLflow's to_dictionary() shape, one list")
    listing.set_defaults(run=_runs_list)
    get = _command(runs, "get", "one run: info, params, metrics, tags")
    get.add_argument("run_id", metavar="RUN_ID")
    get.add_argument("--json", action="store_true", help="MLflow's to_dictionary() shape")
    get.set_defaults(run=_runs_get)

    log = commands.add_parser("log", help="log a metric, param or tag to a run").add_subparsers(
        dest="action", required=True, metavar="WHAT", parser_class=_Parser
    )
    for what in ("metric", "param", "tag"):
        one = _command(log, what, f"log one {what}")
        one.add_argument("run_id", metavar="RUN_ID")
        one.add_argument("key", metavar="KEY")
        one.add_argument("value", metavar="VALUE", type=_number if what == "metric" else str)
        if what == "metric":
            one.add_argument("--step", type=int, default=0, help="the step (default 0)")
            one.add_argument("--timestamp", type=int, metavar="MS", help="epoch milliseconds (default now)")
        one.set_defaults(run=_log, what=what)

    sync = _command(commands, "sync", "deliver what runs left in a spool folder's journals")
    sync.add_argument("--spool-dir", metavar="DIR", help="the spool folder (default: MLFLOW_LITE_SPOOL_DIR)")
    sync.add_argument(
        "--any-server",
        action="store_true",
        help="replay journals written for other servers to this one too (by default they are left alone)",
    )
    sync.add_argument(
        "--retry-refused",
        action="store_true",
        help="send again what the server refused for good (.refused files; by default they are only reported)",
    )
    sync.set_defaults(run=_sync)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {text}")
    return value


def _number(text: str) -> float:
    try:
        return float(text)  # "nan", "inf" and "-inf" included: the client sends them as MLflow stores them
    except ValueError:
        raise argparse.ArgumentTypeError(f"a metric value is a number, got {text!r}") from None


# --- commands -------------------------------------------------------------------------------------------


def _experiments_list(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    view = ViewType.ALL if args.all else ViewType.ACTIVE_ONLY
    found = list(client.search_experiments(view_type=view, order_by=["creation_time DESC"], max_results=args.max))
    if args.json:
        out(json.dumps([e.to_dict() for e in found], indent=2))
    else:
        for experiment in found:
            deleted = "" if experiment.lifecycle_stage == "active" else "  (deleted)"
            out(f"{experiment.experiment_id}\t{experiment.name}{deleted}")
    return 0


def _runs_list(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    experiment = _experiment(client, args.experiment)
    found = list(client.search_runs(experiment.experiment_id, order_by=["start_time DESC"], max_results=args.max))
    if args.json:
        out(json.dumps([r.to_dict() for r in found], indent=2))
    else:
        for run in found:
            info = run.info
            out(f"{info.run_id}\t{info.status}\t{_when(info.start_time)}\t{info.run_name or ''}")
    return 0


def _experiment(client: TrackingClient, name_or_id: str) -> Experiment:
    found = client.get_experiment_by_name(name_or_id)
    if found is not None:
        return found
    if name_or_id.isdigit():
        return client.get_experiment(name_or_id)
    raise ResourceDoesNotExist(f"no experiment named {name_or_id!r}")


def _runs_get(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    run: Run = client.get_run(args.run_id)
    if args.json:
        out(json.dumps(run.to_dict(), indent=2))
        return 0
    info = run.info
    out(f"run {info.run_id} ({info.run_name or 'no name'}) in experiment {info.experiment_id}")
    out(f"status {info.status}, started {_when(info.start_time)}, ended {_when(info.end_time)}")
    for title, values in (("params", run.data.params), ("metrics", run.data.metrics), ("tags", run.data.tags)):
        if values:
            out(f"{title}:")
            for key in sorted(values):
                out(f"  {key} = {values[key]}")
    return 0


def _log(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    if args.what == "metric":
        client.log_metric(args.run_id, args.key, args.value, timestamp=args.timestamp, step=args.step)
    elif args.what == "param":
        client.log_param(args.run_id, args.key, args.value)
    else:
        client.set_tag(args.run_id, args.key, args.value)
    return 0


def _when(epoch_ms: int | None) -> str:
    if epoch_ms is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch_ms / 1000))


# --- doctor ---------------------------------------------------------------------------------------------

SEARCH_ROUTE = "/api/2.0/mlflow/experiments/search"


def _doctor(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    """Each finding from one request (the client's own connection: its credentials, TLS and headers)."""
    settings = settings_of(client)
    findings: dict[str, Any] = {"tracking_uri": client.tracking_uri, "from": _source(client, args)}
    findings["credentials"] = (
        "basic (username and password)" if settings.username else "bearer token" if settings.token else "none"
    )
    findings["spool"] = _spool(client)
    http = http_of(client)
    try:
        started = time.perf_counter()
        health = http.get("/health")
        findings["reachable"] = True
        findings["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    except httpx.HTTPError as exc:
        findings["reachable"] = False
        findings["error"] = f"{type(exc).__name__}: {exc}"
        return _report(findings, args.json, out)
    findings["health"] = f"{health.status_code} {' '.join(health.text.split())[:40]}"
    findings["clock_skew_s"] = _skew(health)
    version = http.get("/version")
    findings["server_version"] = version.text.strip() if version.status_code == 200 else None
    search = http.get(SEARCH_ROUTE, params={"max_results": 1})
    # Something answers at this URL, but a 404 that is not MLflow's JSON error means no tracking API is there:
    # most often the URI's path is wrong (`http://host/mlflow` for a server mounted at `/`, or the reverse).
    not_found = search.status_code == 404 and isinstance(
        error_from_response(search, method="GET", url=SEARCH_ROUTE), EndpointNotFound
    )
    findings["tracking_server"] = not not_found
    if not_found:
        findings["auth"] = "unknown (no MLflow tracking API at this path)"
    else:
        findings["auth"] = {
            200: "ok",
            401: "refused: credentials missing or wrong",
            403: "refused: no permission",
        }.get(search.status_code, f"unexpected answer {search.status_code}")
    proxy = http.get("/api/2.0/mlflow-artifacts/artifacts")
    findings["artifact_proxy"] = "on" if proxy.status_code == 200 else f"off ({proxy.status_code})"
    return _report(findings, args.json, out)


def _spool(client: TrackingClient) -> dict[str, Any] | None:
    """The spool folder (MLFLOW_LITE_SPOOL_DIR): whether it may be used, and how many journals wait in it."""
    from ._durable.journal import journal_files, spool_dir_problem

    if client.spool_dir is None:
        return None
    return {
        "dir": str(client.spool_dir),
        "from": "MLFLOW_LITE_SPOOL_DIR",
        "problem": spool_dir_problem(client.spool_dir),
        "journals": len(journal_files(client.spool_dir)),
    }


def _skew(answer: httpx.Response) -> float | None:
    """This machine's clock minus the server's (from its `Date` header, to the second; None without one)."""
    date = answer.headers.get("Date")
    if date is None:
        return None
    try:
        server = email.utils.parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        return None
    return round(time.time() - server, 1)


def _report(findings: dict[str, Any], as_json: bool, out: Callable[[str], None]) -> int:
    spool = findings["spool"]
    healthy = (findings["reachable"] and findings.get("tracking_server", False) and findings.get("auth") == "ok") and (
        spool is None or spool["problem"] is None
    )
    findings["ok"] = healthy
    if as_json:
        out(json.dumps(findings, indent=2))
        return 0 if healthy else 1
    out(f"tracking URI   {findings['tracking_uri']} (from {findings['from']})")
    out(f"credentials    {findings['credentials']}")
    if spool is not None:
        if spool["problem"] is not None:
            state = f"refused: it {spool['problem']} (only you may write to a spool folder)"
        else:
            state = f"{_count(spool['journals'], 'journal')} waiting"
        out(f"spool          {spool['dir']} (from {spool['from']}): {state}")
    if not findings["reachable"]:
        out(f"reachable      no: {findings['error']}")
        return 1
    out(f"reachable      yes, /health {findings['health']} in {findings['latency_ms']} ms")
    if not findings["tracking_server"]:
        out(
            f"tracking API   no: the server at this path is not an MLflow tracking server ({SEARCH_ROUTE} "
            "answers 404): check the tracking URI's path"
        )
    out(f"server         MLflow {findings['server_version'] or '(does not say its version)'}")
    out(f"auth           {findings['auth']}")
    out(f"artifact proxy {findings['artifact_proxy']}")
    skew = findings["clock_skew_s"]
    if skew is None:
        out("clock skew     unknown (no Date header)")
    else:
        warning = "  <- timestamps are this machine's: check its clock" if abs(skew) > CLOCK_SKEW_WARNING else ""
        out(f"clock skew     {skew:+.1f} s (this machine minus the server){warning}")
    return 0 if healthy else 1


def _sync(client: TrackingClient, args: argparse.Namespace, out: Callable[[str], None]) -> int:
    from ._core.settings import spool_dir_from
    from ._durable.replay import replay_spool

    spool_dir = spool_dir_from(args.spool_dir)
    if spool_dir is None:
        print("mlflow-lite: no spool folder: give --spool-dir or set MLFLOW_LITE_SPOOL_DIR", file=sys.stderr)
        return 2
    if not spool_dir.exists():  # a typo: saying "delivered 0 runs" would hide it
        source = "--spool-dir" if args.spool_dir is not None else "MLFLOW_LITE_SPOOL_DIR"
        print(f"mlflow-lite: no such folder: {spool_dir} (from {source})", file=sys.stderr)
        return 2
    on_terminal = sys.stderr.isatty()

    def progress(name: str, done: int, total: int) -> None:
        if on_terminal:
            print(f"\r{name}: {done}/{total} requests", end="", file=sys.stderr, flush=True)

    report = replay_spool(
        partial(run_op, client),
        context_of(client),
        client.tracking_uri,
        spool_dir,
        any_server=args.any_server,
        retry_refused=args.retry_refused,
        progress=progress,
    )
    if on_terminal:
        print("\r\033[K", end="", file=sys.stderr)
    _tell(report, client.tracking_uri, out, retry_refused=args.retry_refused)
    return 0 if report.complete() else 1


def _tell(report: ReplayReport, uri: str, out: Callable[[str], None], *, retry_refused: bool) -> None:
    """What a sync did: a summary line, then a line per journal line, request or journal not delivered."""
    runs, values = _count(len(report.runs_done), "run"), _count(report.values, "value")
    out(f"delivered {runs} ({values}) to {uri}")
    for line in report.damaged:
        out(f"damaged: {line} (not delivered; the journal is kept as .damaged)")
    for line in report.cut:
        out(f"cut short: {line}, its process killed while writing it (its call never returned; not delivered)")
    for line in report.refused:
        out(f"refused by the server: {_one_line(line)}")
    if retry_refused:
        out(f"sent again: {_count(report.resent, 'refused value')} taken by the server")
    for name, (kept_values, kept_runs, error) in report.kept.items():
        out(
            f"kept refused: {name}: {_count(kept_values, 'value')} of {_count(kept_runs, 'run')} the server refused "
            f"(first: {_one_line(error)}); --retry-refused sends them again, deleting the file gives them up"
        )
    for line in report.stuck:
        out(f"left in the spool: {_one_line(line)}")
    for line in report.busy:
        out(f"skipped: {line}")
    for line in report.untrusted:
        out(f"refused: {line}")
    for server, names in report.elsewhere.items():
        out(f"left alone: {_count(len(names), 'journal')} for {server} (--any-server replays them here)")
    if report.away is not None:
        print(
            f"mlflow-lite: the server stopped answering ({_one_line(report.away)}); the rest stays in the spool, "
            "run sync again later",
            file=sys.stderr,
        )


# --- entry point ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status: 0 done, 1 failed, 2 bad arguments."""
    args = _parser().parse_args(argv)
    # The library warns of each retry; a command says what finally happened, in one line, unless asked.
    library_logger = logging.getLogger("mlflow_lite")
    level = library_logger.level
    library_logger.setLevel(logging.INFO if args.verbose else logging.ERROR)
    try:
        return _run(args)
    finally:
        library_logger.setLevel(level)  # as it was, for a caller that runs `main` in its own process


def _run(args: argparse.Namespace) -> int:
    client: TrackingClient | None = None
    try:
        # A command's own bounds, unless the environment sets them (None: the variable's value).
        retries = None if "MLFLOW_HTTP_REQUEST_MAX_RETRIES" in os.environ else RETRIES
        budget = None if "MLFLOW_LITE_RETRY_BUDGET" in os.environ else RETRY_BUDGET
        with TrackingClient(args.tracking_uri, max_retries=retries, retry_budget=budget) as client:
            status: int = args.run(client, args, print)
            return status
    except TransportError as exc:
        assert client is not None  # nothing is sent before the client is made
        where = f"{client.tracking_uri} (from {_source(client, args)})"
        print(f"mlflow-lite: cannot reach {where}: {exc.cause}", file=sys.stderr)
    except MlflowError as exc:
        message = _one_line(str(exc))
        if args.tracking_uri is not None:  # the library names its argument; here the option is what was given
            message = message.replace("the tracking_uri argument", "--tracking-uri")
        print(f"mlflow-lite: {message}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mlflow-lite runs list x | head`: the reader left, nothing to say
        sys.stderr.close()
    return 1


def _source(client: TrackingClient, args: argparse.Namespace) -> str:
    """Where the tracking URI came from, as the command line calls it."""
    return "--tracking-uri" if args.tracking_uri is not None else settings_of(client).tracking_uri_source


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())

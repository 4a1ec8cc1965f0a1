"""An overloaded server is not a refusing one, and a refusal is never a deletion.

MLflow's SQL store answers its own database trouble with whatever status its error path gives: a full
connection pool is 400 BAD_REQUEST, a locked sqlite file inside log-batch 500 INTERNAL_ERROR. The answers used
here are not written by hand: MLflow's own session wrapper is run (in each server environment) over real
database failures, and what it would send is replayed by the fault proxy in front of a real server for a few
requests; every value whose call returned is then counted on the server. Values the server does refuse for good
are kept in the journal's `.refused` file, reported by `sync`, and sent again by `sync --retry-refused`.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import unique
from faultproxy import Fault, FaultProxy
from oracle import run_mlflow
from pytest_httpx import HTTPXMock
from readback import history

from mlflow_lite import InvalidParameterValue, ServerBusy, TrackingClient, ValuesRefused
from mlflow_lite._core.retry import BUSY, LOST, server_trouble
from mlflow_lite._durable.journal import journal_files, read_lines, refused_files
from mlflow_server import MlflowServer

# MLflow's session wrapper (`ManagedSessionMaker`, the server's path from a database error to its answer) over a
# pool of one connection asked for a second, and over a sqlite file another connection holds locked; and the same
# lock met inside a store method's own `except Exception` (log-batch's), which answers INTERNAL_ERROR.
PROBE = """
import os, sqlite3, tempfile
import sqlalchemy
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker
from mlflow.exceptions import MlflowException
from mlflow.protos.databricks_pb2 import INTERNAL_ERROR
from mlflow.store.db.utils import _get_managed_session_maker

answers = {}
def answer(name, fn):
    try:
        fn()
    except MlflowException as e:
        answers[name] = [e.get_http_status_code(), e.serialize_as_json()]

db = os.path.join(tempfile.mkdtemp(), "x.db")
setup = sqlite3.connect(db); setup.execute("create table t (a int)"); setup.commit(); setup.close()
small = sqlalchemy.create_engine(
    f"sqlite:///{db}", poolclass=sqlalchemy.pool.QueuePool, pool_size=1, max_overflow=0, pool_timeout=0.1
)
session = _get_managed_session_maker(sessionmaker(bind=small), "sqlite")
def pool():
    with session() as first:
        first.execute(text("select 1"))
        with session() as second:
            second.execute(text("select 1"))
answer("pool", pool)

engine = sqlalchemy.create_engine(f"sqlite:///{db}")
def write_while_locked():
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        with engine.connect() as conn:
            conn.execute(text("PRAGMA busy_timeout = 0"))  # MLflow waits 20 s first; the error is the same
            conn.execute(text("insert into t values (1)"))
    finally:
        holder.execute("rollback")
def locked_in_store():
    try:
        write_while_locked()
    except Exception as e:
        raise MlflowException(e, INTERNAL_ERROR)  # what log_batch's `except Exception` does
answer("locked_in_store", locked_in_store)
print(json.dumps(answers))
"""


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short pauses between tries (MLflow's defaults would sleep 4, 8, 16 s...)."""
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "0.05")
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "0.05")


_ANSWERS: dict[str, dict[str, tuple[int, bytes]]] = {}


def overload_answers(version: str) -> dict[str, tuple[int, bytes]]:
    """(status, body) MLflow `version` sends for each kind of database trouble, from MLflow itself."""
    if version not in _ANSWERS:
        found = run_mlflow(version, PROBE, "http://127.0.0.1:1")
        _ANSWERS[version] = {name: (int(status), body.encode()) for name, (status, body) in found.items()}
    return _ANSWERS[version]


def busy_faults(version: str, path: str, count: int) -> list[Fault]:
    """`count` of MLflow's overload answers (pool, then lock, in turn) for requests to `path`."""
    answers = list(overload_answers(version).values())
    return [Fault("status", path, status=answers[i % 2][0], body=answers[i % 2][1]) for i in range(count)]


def fake(status: int, body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(status, content=json.dumps(body).encode(), request=httpx.Request("POST", "http://x/"))


@pytest.mark.parametrize("version", ["2.22.5", "3.17.2"])
def test_mlflow_says_its_database_trouble_in_words_the_client_knows(version: str) -> None:
    answers = overload_answers(version)
    assert answers["pool"][0] == 400, "MLflow answers a full connection pool as the client's error"
    assert answers["locked_in_store"][0] == 500
    for status, body in answers.values():
        assert server_trouble(httpx.Response(status, content=body, request=httpx.Request("POST", "http://x/"))) == BUSY


def test_only_the_servers_own_trouble_is_taken_for_it() -> None:
    assert server_trouble(fake(400, {"error_code": "INVALID_PARAMETER_VALUE", "message": "Changing param"})) is None
    lost = "(psycopg2.OperationalError) server closed the connection unexpectedly"
    assert server_trouble(fake(503, {"error_code": "TEMPORARILY_UNAVAILABLE", "message": lost})) == LOST
    # The words alone, outside MLflow's error body (a proxy's page, a value echoed back), are not enough.
    text = httpx.Response(400, text="database is locked", request=httpx.Request("POST", "http://x/"))
    assert server_trouble(text) is None


CREATE = "http://127.0.0.1:5000/api/2.0/mlflow/experiments/create"
BUSY_BODY = {
    "error_code": "BAD_REQUEST",
    "message": "QueuePool limit of size 5 overflow 10 reached, connection timed out",
}
LOST_BODY = {"error_code": "INTERNAL_ERROR", "message": "server closed the connection unexpectedly"}


def test_a_create_is_sent_again_after_a_busy_database(httpx_mock: HTTPXMock) -> None:
    """A full pool never reached the database: even a create (with no look-up) is sent again."""
    httpx_mock.add_response(url=CREATE, status_code=400, json=BUSY_BODY)
    httpx_mock.add_response(url=CREATE, json={"experiment_id": "7"})
    with TrackingClient("http://127.0.0.1:5000", max_retries=3) as tracking:
        assert tracking.create_experiment("e") == "7"
    assert len(httpx_mock.get_requests()) == 2


def test_a_create_is_not_sent_again_after_a_lost_database_connection(httpx_mock: HTTPXMock) -> None:
    """A lost connection may have committed: the create fails with `ServerBusy` (an outage, for a journal)
    rather than run twice."""
    httpx_mock.add_response(url=CREATE, status_code=400, json=LOST_BODY)
    with TrackingClient("http://127.0.0.1:5000", max_retries=3) as tracking, pytest.raises(ServerBusy) as raised:
        tracking.create_experiment("e")
    assert (raised.value.status_code, raised.value.error_code) == (400, "INTERNAL_ERROR")
    assert len(httpx_mock.get_requests()) == 1


# --- against real servers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("retries", [7, 1], ids=["within-retries", "past-retries"])
def test_an_overloaded_server_loses_no_journaled_value(server: MlflowServer, tmp_path: Path, retries: int) -> None:
    """The issue's case: log-batch (and the create and the end) answered with MLflow's overload answers for a
    while. Every value arrives exactly once; nothing is refused, the run ends FINISHED, the journal goes. With
    fewer retries than overload answers the drain takes the overload for an outage: the values wait in the
    journal (never refused), and `sync` delivers them."""
    experiment = unique("overload")
    faults = (
        busy_faults(server.version, "/runs/create", 2)
        + busy_faults(server.version, "/runs/log-batch", 6)
        + busy_faults(server.version, "/runs/update", 2)
    )
    with FaultProxy(server.url) as proxy:
        proxy.add(faults)
        with TrackingClient(proxy.url, spool_dir=tmp_path, max_retries=retries) as tracking:
            run = tracking.start_run(experiment)
            for i in range(4_000):
                run.log_metric("m", i * 0.5, step=i)
            run.end()  # raises nothing: nothing was refused
        # The overload outlasted a call's retries (or a loaded machine's first try): the journal keeps it all,
        # and `sync` delivers it, stopping while the server still says it is overloaded (each sync meets some).
        for _ in range(len(faults)):
            if not journal_files(tmp_path):
                break
            synced = sync(proxy.url, tmp_path)
            assert synced.returncode == 0 or "the server stopped answering" in synced.stderr, synced.stderr
        assert proxy.pending == [], "every overload answer was given"
    assert journal_files(tmp_path) == []
    assert refused_files(tmp_path) == []
    with TrackingClient(server.url) as check:
        found = check.get_experiment_by_name(experiment)
        assert found is not None
        (stored,) = check.search_runs(found.experiment_id)
        points = history(check, stored.info.run_id, "m")
        assert [step for step, _, _ in points] == list(range(4_000)), "each value exactly once"
        assert stored.info.status == "FINISHED"


def test_an_overloaded_server_fails_no_unjournaled_run(server: MlflowServer) -> None:
    """Without a journal every call waits the overload out within its retries (139 of 200 runs failed before)."""
    with FaultProxy(server.url) as proxy:
        for path in ("/runs/create", "/runs/log-batch", "/runs/update"):
            proxy.add(busy_faults(server.version, path, 2))
        with TrackingClient(proxy.url, max_retries=3) as tracking:
            run = tracking.start_run(unique("overload-direct"))
            for i in range(3):
                run.log_metrics({"m": float(i)}, step=i)  # a log-batch request each
            run.end()
        assert proxy.pending == []
    with TrackingClient(server.url) as check:
        assert [step for step, _, _ in history(check, run.run_id, "m")] == [0, 1, 2]
        assert check.get_run(run.run_id).info.status == "FINISHED"


def sync(uri: str, spool: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mlflow-lite sync`, with the client's usual retry budget rather than a command's 10 s: the suite's shared
    server, on a loaded machine, has taken longer than that to answer one request."""
    command = [sys.executable, "-m", "mlflow_lite", "--tracking-uri", uri, "sync", "--spool-dir", str(spool), *extra]
    env = {**os.environ, "MLFLOW_LITE_RETRY_BUDGET": "300"}
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=env)


def flush_through_refusals(run: Any) -> int:
    """Flush until everything logged is delivered or refused; how many refusals were raised on the way."""
    raised = 0
    while True:
        try:
            run.flush()
            return raised
        except InvalidParameterValue:
            raised += 1


def test_refused_values_are_kept_reported_and_sent_again(server: MlflowServer, tmp_path: Path) -> None:
    """Values logged while another client has deleted the run are refused for good (the run is not active).
    They stay on disk, private; the run ends FAILED and `end()` says where they are; once the run is restored,
    `sync --retry-refused` stores them, each exactly once."""
    with TrackingClient(server.url, spool_dir=tmp_path) as tracking, TrackingClient(server.url) as other:
        run = tracking.start_run(unique("refused"))
        for i in range(100):
            run.log_metric("m", float(i), step=i)
        run.flush()
        other.delete_run(run.run_id)
        for i in range(100, 200):
            run.log_metric("m", float(i), step=i)
        assert flush_through_refusals(run) >= 1, "the refusal is raised at the caller's next call"
        other.restore_run(run.run_id)
        with pytest.raises(ValuesRefused) as raised:
            run.end()
        journal = Path(str(run.journal))
    kept = Path(raised.value.path)
    assert raised.value.count == 100
    assert kept.name == journal.with_suffix(".refused").name
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    records = [line.record for line in read_lines(kept)]
    assert records[0] is not None
    assert records[0]["t"] == "journal"
    steps = sorted(m[3] for r in records[1:] if r is not None for m in r["m"])
    assert steps == list(range(100, 200))
    assert not journal.exists(), "the journal itself is delivered and gone"
    with TrackingClient(server.url) as check:
        assert [step for step, _, _ in history(check, run.run_id, "m")] == list(range(100))
        assert check.get_run(run.run_id).info.status == "FAILED", "not FINISHED over refused values"

    reported = sync(server.url, tmp_path)
    assert reported.returncode == 1, reported.stderr
    assert f"kept refused: {kept.name}: 100 values of 1 run" in reported.stdout
    assert kept.exists(), "reporting sends nothing and keeps the file"

    retried = sync(server.url, tmp_path, "--retry-refused")
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert "sent again: 100 refused values taken by the server" in retried.stdout
    assert not kept.exists(), "nothing left to keep"
    with TrackingClient(server.url) as check:
        assert [step for step, _, _ in history(check, run.run_id, "m")] == list(range(200)), "each exactly once"


def test_one_refused_value_does_not_take_its_neighbours(server: MlflowServer, tmp_path: Path) -> None:
    """A param whose value another client set differently is refused; the metrics logged around it, merged into
    the same request, are stored all the same. The param stays refused when sent again."""
    with TrackingClient(server.url, spool_dir=tmp_path) as tracking, TrackingClient(server.url) as other:
        run = tracking.start_run(unique("neighbours"))
        other.log_param(run.run_id, "lr", "0.1")
        for i in range(50):
            run.log_metric("m", float(i), step=i)
        run.log_param("lr", "0.2")
        for i in range(50, 100):
            run.log_metric("m", float(i), step=i)
        assert flush_through_refusals(run) == 1
        with pytest.raises(ValuesRefused) as raised:
            run.end()
    assert raised.value.count == 1
    with TrackingClient(server.url) as check:
        assert [step for step, _, _ in history(check, run.run_id, "m")] == list(range(100))
        stored = check.get_run(run.run_id)
        assert stored.data.params == {"lr": "0.1"}
        assert stored.info.status == "FAILED"
    (kept,) = refused_files(tmp_path)
    assert journal_files(tmp_path) == []
    retried = sync(server.url, tmp_path, "--retry-refused")
    assert retried.returncode == 1
    assert "sent again: 0 refused values" in retried.stdout
    assert f"kept refused: {kept.name}: 1 value of 1 run" in retried.stdout
    (record,) = [line.record for line in read_lines(kept)][1:]
    assert record is not None
    assert record["p"] == [["lr", "0.2"]]

"""A forked child (os.fork, or multiprocessing's fork start method) never shares its parent's connections or
background workers: a plain client opens connections of its own in the child, a buffered run inherited by the
child gets a sender of its own (and what it logs is sent, even at a multiprocessing child's exit, which skips
atexit), and a journaled run refuses the child with an error that says why. Every value is read back."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import unique
from readback import history

from mlflow_lite import ActiveRun, InvalidParameterValue, TrackingClient
from mlflow_lite._sync.client import http_of
from mlflow_server import MlflowServer

VALUES = 200
# Python 3.12 and later warn that forking a process with threads may deadlock; forking one is what this tests.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def steps(client: TrackingClient, run_id: str, key: str) -> list[int]:
    return [step for step, _, _ in history(client, run_id, key)]


def log_values(client: TrackingClient, run_id: str, key: str) -> None:
    for step in range(VALUES):
        client.log_metric(run_id, key, float(step), step=step)


def test_a_forked_child_has_connections_of_its_own(server: MlflowServer, client: TrackingClient) -> None:
    """Parent and child log at the same time through one client made before the fork: before, they shared its
    connection and read each other's answers."""
    tracking = TrackingClient(server.url)
    run = tracking.create_run(client.ensure_experiment(unique("fork-plain")))
    tracking.log_metric(run.info.run_id, "warm", 1.0)  # a connection is open at the fork
    parents_pool = http_of(tracking)
    for round_ in range(3):
        pid = os.fork()
        if pid == 0:  # the child: exit status 0 only with a pool of its own and every call a success
            code = 1
            try:
                log_values(tracking, run.info.run_id, f"child{round_}")
                code = 0 if http_of(tracking) is not parents_pool else 2
            finally:
                os._exit(code)
        log_values(tracking, run.info.run_id, f"parent{round_}")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    tracking.close()
    for round_ in range(3):
        for who in ("child", "parent"):
            assert steps(client, run.info.run_id, f"{who}{round_}") == list(range(VALUES))


def _child_logs(run: ActiveRun) -> None:
    for step in range(VALUES):
        run.log_metric("child", float(step), step=step)  # no flush: the child's exit sends what is left


def test_a_buffered_run_logs_from_a_multiprocessing_child(server: MlflowServer, client: TrackingClient) -> None:
    tracking = TrackingClient(server.url)
    run = tracking.start_run(unique("fork-buffered"), buffered=True)
    for step in range(50):
        run.log_metric("parent", float(step), step=step)  # pending in the parent's buffer at the fork
    child = multiprocessing.get_context("fork").Process(target=_child_logs, args=(run,))
    child.start()
    child.join(120)
    assert child.exitcode == 0
    for step in range(50, VALUES):
        run.log_metric("parent", float(step), step=step)
    run.end()
    tracking.close()
    assert steps(client, run.run_id, "child") == list(range(VALUES))
    assert steps(client, run.run_id, "parent") == list(range(VALUES))  # each once


def test_a_journaled_run_refuses_a_forked_child(server: MlflowServer, client: TrackingClient, tmp_path: Path) -> None:
    tracking = TrackingClient(server.url, spool_dir=tmp_path)
    run = tracking.start_run(unique("fork-journal"))
    run.log_metric("parent", 0.0, step=0)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        message = b"no error"
        try:
            run.log_metric("child", 1.0, step=0)
        except InvalidParameterValue as exc:
            message = str(exc).encode()
        finally:
            os.write(write, message)
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as said:
        told = said.read().decode()
    os.waitpid(pid, 0)
    assert "stayed in the parent process" in told
    run.log_metric("parent", 1.0, step=1)  # the parent's run goes on
    run.end()
    tracking.close()
    assert steps(client, run.run_id, "parent") == [0, 1]
    assert steps(client, run.run_id, "child") == []

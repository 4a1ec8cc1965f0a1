"""Logged models and the rest of MLflow 3's run surface (run outputs, model inputs, metrics linked to a model and
a dataset): the workflow on 3.17.2 with both clients, `ServerTooOld` from 2.22.5 before anything is sent, and
the checks that refuse bad input first. The server-version gate itself is `test_server.py`'s."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import unique
from either_client import Either, collect, wait
from pytest_httpx import HTTPXMock

from mlflow_lite import (
    InvalidParameterValue,
    LoggedModel,
    LoggedModelInput,
    LoggedModelOutput,
    LoggedModelStatus,
    Metric,
    MlflowClient,
    PagedList,
    ResourceDoesNotExist,
    ServerTooOld,
    TrackingClient,
)
from mlflow_server import MlflowServer

# --- bad input (no server) -------------------------------------------------------------------------------

BAD: list[tuple[str, Callable[[TrackingClient], Any]]] = [
    ("model_id must be a non-empty string", lambda c: c.get_logged_model("")),
    ("'READY' or 'FAILED'", lambda c: c.finalize_logged_model("m-1", "DONE")),
    ("'READY' or 'FAILED'", lambda c: c.finalize_logged_model("m-1", "PENDING")),
    ("refuses", lambda c: c.create_logged_model("1", name="a/b")),
    ("refuses", lambda c: c.create_logged_model("1", name="v1.2")),
    ("500", lambda c: c.create_logged_model("1", name="n" * 501)),
    ("255", lambda c: c.set_logged_model_tags("m-1", {"k" * 256: "v"})),
    ("255", lambda c: c.log_model_params("m-1", {"k" * 256: "v"})),
    ("must not be NoneType", lambda c: c.log_model_params("m-1", {"k": None})),
    ("cannot be deleted", lambda c: c.delete_logged_model_tag("m-1", "a/b")),
    ("model output needs model_id and step", lambda c: c.log_outputs("r" * 32, [{"model_id": "m-1"}])),  # type: ignore[list-item]
    ("step must be an integer", lambda c: c.log_outputs("r" * 32, [LoggedModelOutput("m-1", "x")])),  # type: ignore[arg-type]
    ("model input", lambda c: c.log_inputs("r" * 32, models=[42])),
    ("dataset_digest needs dataset_name", lambda c: c.log_metric("r" * 32, "k", 1.0, dataset_digest="d")),
    ("model_id must be a non-empty string", lambda c: c.log_metric("r" * 32, "k", 1.0, model_id="")),
    ("dataset_name", lambda c: list(c.search_logged_models(["1"], datasets=[{"dataset_digest": "d"}]))),
    ("ascending", lambda c: list(c.search_logged_models(["1"], order_by=[{"field_name": "x", "ascending": "no"}]))),
    ("Databricks", lambda c: c.create_registered_model("m", deployment_job_id="j")),
    ("Databricks", lambda c: c.update_registered_model("m", "d", deployment_job_id="j")),
]


@pytest.fixture
def offline() -> Iterator[TrackingClient]:
    """Any request from this client would be a TransportError, so InvalidParameterValue means none was sent."""
    with TrackingClient("http://127.0.0.1:9", max_retries=0, retry_budget=2) as client:
        yield client


@pytest.mark.parametrize(("what", "bad"), BAD)
def test_bad_input_is_refused_before_sending(
    offline: TrackingClient, what: str, bad: Callable[[TrackingClient], Any]
) -> None:
    with pytest.raises(InvalidParameterValue, match=what) as caught:
        bad(offline)
    assert caught.value.status_code is None


# --- the workflow, against both servers ------------------------------------------------------------------


@pytest.mark.anyio
async def test_logged_model_workflow(either: Either, server: MlflowServer, tmp_path: Path) -> None:
    """Create, log params and metrics linked to it, upload its files, finalize, search, register a version from
    it; on 2.22.5 the first call is refused as too old, with nothing sent."""
    experiment_id = await wait(either.create_experiment(unique("lm")))
    run_id = (await wait(either.create_run(experiment_id))).info.run_id
    if server.version.startswith("2."):
        too_old = r"needs an MLflow server 3\.0 or later; this server runs MLflow 2\.22\.5"
        with pytest.raises(ServerTooOld, match=too_old):
            await wait(either.create_logged_model(experiment_id, name="model"))
        with pytest.raises(ServerTooOld):
            await wait(either.log_metric(run_id, "accuracy", 0.5, model_id="m-0"))
        with pytest.raises(ServerTooOld):
            await wait(either.log_outputs(run_id, [LoggedModelOutput("m-0", 0)]))
        run = await wait(either.get_run(run_id))
        assert run.data.metrics == {}  # nothing reached the server
        assert run.outputs is None  # 2.x knows nothing of outputs
        return

    many = {f"p{i:03}": i for i in range(130)}  # more than the 100 one request carries
    model = await wait(
        either.create_logged_model(
            experiment_id, "model", run_id, tags={"team": "ml"}, params=many, model_type="classifier"
        )
    )
    assert isinstance(model, LoggedModel)
    assert (model.experiment_id, model.name, model.source_run_id, model.model_type) == (
        experiment_id,
        "model",
        run_id,
        "classifier",
    )
    assert model.status == LoggedModelStatus.PENDING
    assert model.params == {key: str(value) for key, value in many.items()}
    assert model.tags == {"team": "ml"}
    assert model.model_uri == f"models:/{model.model_id}"

    await wait(either.log_model_params(model.model_id, {"late": 1}))
    await wait(either.set_logged_model_tags(model.model_id, {"stage": "dev", "temp": "x"}))
    await wait(either.delete_logged_model_tag(model.model_id, "temp"))
    await wait(
        either.log_metric(
            run_id, "accuracy", 0.9, 1000, 3, model_id=model.model_id, dataset_name="eval", dataset_digest="e1"
        )
    )
    await wait(either.log_outputs(run_id, [LoggedModelOutput(model.model_id, 3)]))
    (tmp_path / "MLmodel").write_text("flavors: {}\n")
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "model.py").write_text("print(1)\n")
    await wait(either.log_model_artifacts(model.model_id, tmp_path))
    listed = await wait(either.list_logged_model_artifacts(model.model_id))
    assert [(f.path, f.is_dir) for f in listed] == [("MLmodel", False), ("code", True)]
    assert [f.path for f in await wait(either.list_logged_model_artifacts(model.model_id, "code"))] == ["code/model.py"]

    final = await wait(either.finalize_logged_model(model.model_id, "READY"))
    assert final.status == "READY"
    got = await wait(either.get_logged_model(model.model_id))
    assert got == final
    assert got.tags == {"team": "ml", "stage": "dev"}
    assert got.params["late"] == "1"
    assert got.metrics == [Metric("accuracy", 0.9, 1000, 3, model.model_id, "eval", "e1", run_id)]

    run = await wait(either.get_run(run_id))
    assert [(o.model_id, o.step) for o in run.outputs.model_outputs] == [(model.model_id, 3)]
    await wait(either.log_inputs(run_id, models=[LoggedModelInput(model.model_id)]))
    run = await wait(either.get_run(run_id))
    assert [i.model_id for i in run.inputs.model_inputs] == [model.model_id]

    other = await wait(either.create_logged_model(experiment_id))
    found = await collect(either.search_logged_models([experiment_id], "metrics.accuracy > 0.5"))
    assert found == [got]
    newest_first = await collect(
        either.search_logged_models(experiment_id, order_by=[{"field_name": "creation_timestamp", "ascending": False}])
    )
    assert [m.model_id for m in newest_first] == [other.model_id, model.model_id]

    name = unique("lm-registered")
    await wait(either.create_registered_model(name))
    version = await wait(either.create_model_version(name, model.model_uri, model_id=model.model_id))
    assert (version.source, version.run_id) == (model.model_uri, run_id)
    registered = (await wait(either.get_logged_model(model.model_id))).tags["mlflow.modelVersions"]
    assert json.loads(registered) == [{"name": name, "version": 1}]

    await wait(either.delete_logged_model(other.model_id))
    with pytest.raises(ResourceDoesNotExist):
        await wait(either.get_logged_model(other.model_id))


def test_mlflow_client_pages_logged_models(server3: MlflowServer) -> None:
    with MlflowClient(server3.url) as client:
        experiment_id = client.create_experiment(unique("lm-pages"))
        made = [client.create_logged_model(experiment_id, name=f"m{i}").model_id for i in range(3)]
        order = [{"field_name": "name", "ascending": True}]
        first = client.search_logged_models([experiment_id], max_results=2, order_by=order)
        assert isinstance(first, PagedList)
        assert [m.model_id for m in first] == made[:2]
        assert first.token is not None
        rest = client.search_logged_models([experiment_id], max_results=2, order_by=order, page_token=first.token)
        assert ([m.model_id for m in rest], rest.token) == (made[2:], None)
        # A token is bound to its search, as for every other search.
        with pytest.raises(InvalidParameterValue, match="another search"):
            client.search_logged_models([experiment_id], page_token=first.token)


def test_experiment_tags_can_be_deleted_from_3_2(server: MlflowServer) -> None:
    with TrackingClient(server.url) as client:
        experiment_id = client.create_experiment(unique("tags"), tags={"keep": "1", "drop": "2"})
        if server.version.startswith("2."):
            with pytest.raises(ServerTooOld, match=r"3\.2"):
                client.delete_experiment_tag(experiment_id, "drop")
            return
        client.delete_experiment_tag(experiment_id, "drop")
        assert client.get_experiment(experiment_id).tags == {"keep": "1"}


# --- on the wire -----------------------------------------------------------------------------------------


def test_requests_are_mlflows(httpx_mock: HTTPXMock) -> None:
    """The bodies MLflow's own client sends: the model id repeated in finalize and params, statuses by their wire
    names, and 2.x-unknown fields only when set."""
    url = "http://mlflow.test"
    info = {
        "model_id": "m-1",
        "experiment_id": "1",
        "name": "n",
        "creation_timestamp_ms": 1,
        "last_updated_timestamp_ms": 2,
        "artifact_uri": "mlflow-artifacts:/1/models/m-1/artifacts",
        "status": "LOGGED_MODEL_UPLOAD_FAILED",
    }
    httpx_mock.add_response(url=f"{url}/version", text="3.17.2")
    httpx_mock.add_response(
        url=f"{url}/api/2.0/mlflow/logged-models/m-1", method="PATCH", json={"model": {"info": info, "data": {}}}
    )
    httpx_mock.add_response(url=f"{url}/api/2.0/mlflow/runs/log-metric", json={}, is_reusable=True)
    with TrackingClient(url, max_retries=0) as client:
        failed = client.finalize_logged_model("m-1", "FAILED")
        client.log_metric("r" * 32, "k", 1.0, 5, 0)
        client.log_metric("r" * 32, "k", 1.0, 5, 0, model_id="m-1")
    assert failed.status == "FAILED"
    finalize, plain, linked = [r for r in httpx_mock.get_requests() if r.url.path != "/version"]
    assert json.loads(finalize.content) == {"model_id": "m-1", "status": "LOGGED_MODEL_UPLOAD_FAILED"}
    assert json.loads(plain.content) == {"run_id": "r" * 32, "key": "k", "value": 1.0, "timestamp": 5, "step": 0}
    assert json.loads(linked.content)["model_id"] == "m-1"
    # The version was asked once, and only for the call that needed it.
    assert [r.url.path for r in httpx_mock.get_requests()].count("/version") == 1

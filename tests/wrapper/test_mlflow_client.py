"""`mlflow_lite.MlflowClient`: MLflow's signatures, checked against `mlflow.MlflowClient` itself (both versions),
and its one-page searches with page tokens bound to their search."""

from __future__ import annotations

import json
import re

import pytest
from conftest import unique
from oracle import mlflow_signatures, signature_problems
from pytest_httpx import HTTPXMock

from mlflow_lite import InvalidParameterValue, MlflowClient, PagedList, ViewType
from mlflow_server import VERSIONS, MlflowServer

# Parameters of MLflow's methods that mlflow-lite does not take, and why.
NOT_TAKEN = {
    ("__init__", "workspace_store_uri"): "3.x workspaces are not part of the surface mlflow-lite covers",
}

# MLflow's methods mlflow-lite's MlflowClient does not have, by what they belong to.
NOT_SHARED = [
    (r"trace|span|assessment", "tracing and GenAI evaluation: out of scope"),
    (r"prompt", "the prompt registry: out of scope"),
    (r"dataset", "3.x evaluation datasets: out of scope"),
    (r"webhook|workspace|mcp", "3.x server features outside tracking: out of scope"),
    (r"^(log_figure|log_image|log_table|load_table)$", "images, figures and tables: the fluent API issue"),
    (r"^log_stream$", "3.x streamed artifacts: out of scope"),
    (r"^copy_model_version$", "copies between registries (Unity Catalog): one server is all mlflow-lite talks to"),
]


def why_not_shared(name: str) -> str | None:
    return next((reason for pattern, reason in NOT_SHARED if re.search(pattern, name)), None)


@pytest.mark.server
@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_every_shared_method_accepts_mlflows_calls(version: str) -> None:
    problems = []
    for name, params in mlflow_signatures(version, "MlflowClient").items():
        if hasattr(MlflowClient, name):
            not_taken = {param for (method, param) in NOT_TAKEN if method == name}
            if name == "__init__":
                not_taken |= {p[0] for p in params} - {"tracking_uri", "registry_uri"}
            problems += signature_problems(
                name, getattr(MlflowClient, name), params, skip_self=True, not_taken=not_taken
            )
        elif why_not_shared(name) is None:
            problems.append(f"{name}: missing, and not listed in NOT_SHARED")
    assert problems == [], "\n".join(problems)


# --- one page at a time -----------------------------------------------------------------------------------


def test_searches_return_pages_with_tokens(server: MlflowServer) -> None:
    with MlflowClient(server.url) as client:
        experiment_id = client.create_experiment(unique("paged"))
        for index in range(5):
            client.create_run(experiment_id, run_name=f"r{index}")
        first = client.search_runs([experiment_id], "", ViewType.ACTIVE_ONLY, 2, ["attributes.run_name ASC"])
        assert isinstance(first, PagedList)
        assert [r.info.run_name for r in first] == ["r0", "r1"]
        assert first.token is not None
        names = [r.info.run_name for r in first]
        token: str | None = first.token
        while token:
            page = client.search_runs(
                [experiment_id], max_results=2, order_by=["attributes.run_name ASC"], page_token=token
            )
            names += [r.info.run_name for r in page]
            token = page.token
        assert names == [f"r{index}" for index in range(5)]
        everything = client.search_runs([experiment_id])
        assert (len(everything), everything.token) == (5, None)
        # A token is bound to its search: other experiments, filter, order or view type are refused.
        with pytest.raises(InvalidParameterValue, match="another search"):
            client.search_runs([experiment_id], "attributes.run_name = 'r1'", page_token=first.token)
        with pytest.raises(InvalidParameterValue, match="another search"):
            client.search_experiments(page_token=first.token)
        experiments = client.search_experiments(max_results=1)
        assert len(experiments) == 1
        assert len(client.search_experiments(max_results=None)) >= 2  # every page


def test_bad_search_input_is_refused_before_sending(httpx_mock: HTTPXMock) -> None:
    with MlflowClient("http://mlflow.test:5000", max_retries=0) as client:
        with pytest.raises(InvalidParameterValue, match="view_type"):
            client.search_runs(["1"], run_view_type=7)
        with pytest.raises(InvalidParameterValue, match="view_type"):
            client.search_experiments(view_type="SOME")
        foreign = "mlflow-lite.0123456789abcdef.eyJvZmZzZXQiOiAyfQ=="
        with pytest.raises(InvalidParameterValue, match="another search"):
            client.search_model_versions(page_token=foreign)
        with pytest.raises(InvalidParameterValue, match="max_results"):
            client.search_registered_models(max_results="10")  # type: ignore[arg-type]
    assert httpx_mock.get_requests() == []


def test_a_token_from_elsewhere_is_passed_on(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={"runs": [], "next_page_token": "bmV4dA=="})
    with MlflowClient("http://mlflow.test:5000") as client:
        page = client.search_runs(["1"], page_token="eyJvZmZzZXQiOiAyfQ==")
    (request,) = httpx_mock.get_requests()
    assert json.loads(request.content)["page_token"] == "eyJvZmZzZXQiOiAyfQ=="
    assert page.token is not None
    assert page.token.endswith(".bmV4dA==")


def test_registry_uri_must_be_the_tracking_server() -> None:
    MlflowClient("http://127.0.0.1:5000", "http://127.0.0.1:5000/").close()
    with pytest.raises(InvalidParameterValue, match="registry_uri"):
        MlflowClient("http://127.0.0.1:5000", "databricks-uc")


def test_synchronous_false_gives_operations_to_wait_on(httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(json={}, is_reusable=True)
    with MlflowClient("http://mlflow.test:5000") as client:
        assert client.log_metric("r", "m", 1.0) is None
        operations = client.log_metric("r", "m", 1.0, synchronous=False)
        assert operations is not None
        operations.wait()
        assert client.log_param("r", "p", 0.5) == 0.5  # MLflow returns the value logged
        assert client.get_model_version_stages("m", "1") == ["None", "Staging", "Production", "Archived"]

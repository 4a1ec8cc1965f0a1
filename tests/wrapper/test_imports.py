"""What each first use imports, checked without timing anything (timings are the bench's): `import mlflow_lite`
loads nothing but itself, a client loads httpx and attrs but no generated model and no entity, and each first
call loads the ops it needs and not the others."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mlflow_server import MlflowServer

PROBE = """
import json, sys
before = set(sys.modules)
{code}
print(json.dumps(sorted(set(sys.modules) - before)))
"""

HEAVY = ("pandas", "numpy", "PIL", "matplotlib", "yaml", "obstore")


def loaded_by(code: str) -> set[str]:
    """The modules a fresh interpreter imports to run `code` (after its own start-up)."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def ours(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith(("mlflow_lite", "mlflow_rest_api"))}


def test_import_loads_only_the_package() -> None:
    loaded = loaded_by("import mlflow_lite")
    assert ours(loaded) == {"mlflow_lite", "mlflow_lite._version"}
    assert not {m for m in loaded if m.startswith(("httpx", "attr", *HEAVY))}


def test_a_client_loads_no_model_and_no_op() -> None:
    loaded = ours(loaded_by("import mlflow_lite\nmlflow_lite.TrackingClient('http://127.0.0.1:9')"))
    assert not {m for m in loaded if m.startswith("mlflow_rest_api")}
    assert not {m for m in loaded if m.startswith("mlflow_lite._ops.")}  # no op module: they come with calls
    assert "mlflow_lite._entities" not in loaded


def test_the_first_call_of_each_kind_loads_only_its_ops() -> None:
    tracking = loaded_by(
        "import mlflow_lite\n"
        "client = mlflow_lite.TrackingClient('http://127.0.0.1:9', max_retries=0, retry_budget=1)\n"
        "try:\n    client.log_metric('r', 'm', 1.0)\nexcept mlflow_lite.TransportError:\n    pass\n"
    )
    assert "mlflow_lite._ops.runs" in tracking
    others = {"registry", "artifacts", "inputs", "media", "logged_models", "experiments", "run_start"}
    assert {f"mlflow_lite._ops.{name}" for name in others}.isdisjoint(tracking)
    models = {m for m in tracking if m.startswith("mlflow_rest_api.models.")}
    assert "mlflow_rest_api.models.log_metric" in models
    assert len(models) < 40  # the models the tracking ops use, not all 90 (no registry or artifact models)
    assert not {m for m in models if "registered_model" in m or "model_version" in m or "multipart" in m}
    assert not {m for m in tracking if m.startswith(HEAVY)}


def test_a_buffered_run_loads_only_its_endpoints_and_no_asyncio(server: MlflowServer) -> None:
    """A buffered run's sender is a thread: the sync client never loads asyncio; of the generated package, only
    the endpoints the run calls (create, delete-tag, log-batch, update), not every run or experiment one; and of
    the entities, only a run's."""
    loaded = loaded_by(
        "import mlflow_lite\n"
        f"client = mlflow_lite.TrackingClient({server.url!r}, buffered=True)\n"
        "with client.start_run(experiment_id='0') as run:\n"
        "    for step in range(1500):\n"
        "        run.log_metric('m', 1.0, step=step)\n"
        "client.close()\n"
    )
    assert "asyncio" not in loaded
    endpoints = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("mlflow_rest_api.api.") and m.count(".") == 3}
    assert endpoints == {"create_run", "delete_tag", "log_batch", "update_run"}
    assert not {m for m in loaded if m.startswith("mlflow_rest_api.models.") and "experiment" in m}
    assert "mlflow_lite._ops.experiments" not in loaded
    assert {m for m in loaded if m.startswith("mlflow_lite._entities.")} == {
        "mlflow_lite._entities.base",
        "mlflow_lite._entities.runs",
    }


@pytest.mark.parametrize("heavy", HEAVY)
def test_the_fluent_api_loads_no_optional_library(heavy: str) -> None:
    loaded = loaded_by("import mlflow_lite as mlflow\nmlflow.get_tracking_uri()\nmlflow.TrackingClient")
    assert not {m for m in loaded if m == heavy or m.startswith(heavy + ".")}


def test_the_artifact_ops_load_no_store_library() -> None:
    """The stores' library (obstore) comes with the first call on a cloud store, not with the artifact ops."""
    loaded = loaded_by("import mlflow_lite._ops.artifacts")
    assert "mlflow_lite._stores.base" in loaded
    assert not {
        m for m in loaded if m.startswith(("obstore", "mlflow_lite._stores.cloud", "mlflow_lite._stores.local"))
    }

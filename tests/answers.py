"""Complete server answers for the mocked tests: every field the spec marks as always sent, so that a mock
answers what a real server would (`tests/spec/test_required_fields.py` checks that real servers do)."""

from __future__ import annotations

from typing import Any

__all__ = ["experiment", "model_version", "run", "run_info"]


def experiment(experiment_id: str = "1", name: str = "e", **fields: Any) -> dict[str, Any]:
    return {
        "experiment_id": experiment_id,
        "name": name,
        "artifact_location": f"mlflow-artifacts:/{experiment_id}",
        "lifecycle_stage": "active",
        **fields,
    }


def run_info(run_id: str = "r1", experiment_id: str = "1", **fields: Any) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "run_uuid": run_id,
        "run_name": "brave-owl-1",
        "experiment_id": experiment_id,
        "user_id": "",
        "status": "RUNNING",
        "start_time": 1,
        "artifact_uri": f"mlflow-artifacts:/{experiment_id}/{run_id}/artifacts",
        "lifecycle_stage": "active",
        **fields,
    }


def run(
    run_id: str = "r1", experiment_id: str = "1", *, data: dict[str, Any] | None = None, **info: Any
) -> dict[str, Any]:
    return {"info": run_info(run_id, experiment_id, **info), "data": data or {}, "inputs": {}}


def model_version(name: str = "m", version: str = "1", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "version": version,
        "creation_timestamp": 1,
        "last_updated_timestamp": 1,
        "current_stage": "None",
        "source": "mlflow-artifacts:/1/r1/artifacts/model",
        "status": "READY",
        **fields,
    }

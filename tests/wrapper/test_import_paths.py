"""MLflow's import paths under `mlflow_lite`: every module and name that ordinary scripts and the popular
integrations import from `mlflow` (PyTorch Lightning's `MLFlowLogger`, Hugging Face's and Optuna's
`MLflowCallback`, Ray's MLflow utilities) and whose feature mlflow-lite serves. Each path imports, names what
the same path names in MLflow (the same object as MLflow's top-level name where MLflow's is, the same value for
a constant), and reading it as an attribute after `import mlflow_lite` loads it, as after `import mlflow`.
MLflow's paths for what mlflow-lite does not serve are left out: see `NOT_SERVED`."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from typing import Any

import pytest
from oracle import run_mlflow

from mlflow_server import VERSIONS

# Module (after `mlflow`) -> the names in it. "" is the package itself.
PATHS: dict[str, tuple[str, ...]] = {
    "": ("MlflowClient", "MlflowException", "ActiveRun"),
    ".artifacts": ("download_artifacts", "list_artifacts", "load_dict", "load_image", "load_text"),
    ".client": ("MlflowClient",),
    ".exceptions": ("MlflowException", "RestException"),
    ".entities": (
        "Dataset",
        "DatasetInput",
        "Experiment",
        "ExperimentTag",
        "FileInfo",
        "InputTag",
        "LifecycleStage",
        "LoggedModel",
        "LoggedModelInput",
        "LoggedModelOutput",
        "LoggedModelParameter",
        "LoggedModelStatus",
        "LoggedModelTag",
        "Metric",
        "Param",
        "Run",
        "RunData",
        "RunInfo",
        "RunInputs",
        "RunOutputs",
        "RunStatus",
        "RunTag",
        "ViewType",
    ),
    ".entities.dataset": ("Dataset",),
    ".entities.dataset_input": ("DatasetInput",),
    ".entities.experiment": ("Experiment",),
    ".entities.experiment_tag": ("ExperimentTag",),
    ".entities.file_info": ("FileInfo",),
    ".entities.input_tag": ("InputTag",),
    ".entities.lifecycle_stage": ("LifecycleStage",),
    ".entities.logged_model": ("LoggedModel",),
    ".entities.logged_model_input": ("LoggedModelInput",),
    ".entities.logged_model_output": ("LoggedModelOutput",),
    ".entities.logged_model_parameter": ("LoggedModelParameter",),
    ".entities.logged_model_status": ("LoggedModelStatus",),
    ".entities.logged_model_tag": ("LoggedModelTag",),
    ".entities.metric": ("Metric", "MetricWithRunId"),
    ".entities.param": ("Param",),
    ".entities.run": ("Run",),
    ".entities.run_data": ("RunData",),
    ".entities.run_info": ("RunInfo",),
    ".entities.run_inputs": ("RunInputs",),
    ".entities.run_outputs": ("RunOutputs",),
    ".entities.run_status": ("RunStatus",),
    ".entities.run_tag": ("RunTag",),
    ".entities.view_type": ("ViewType",),
    ".entities.model_registry": (  # MLflow's has no ModelVersionStatus; mlflow-lite's has it too
        "ModelVersion",
        "ModelVersionTag",
        "RegisteredModel",
        "RegisteredModelAlias",
        "RegisteredModelTag",
    ),
    ".entities.model_registry.model_version": ("ModelVersion",),
    ".entities.model_registry.model_version_status": ("ModelVersionStatus",),
    ".entities.model_registry.model_version_tag": ("ModelVersionTag",),
    ".entities.model_registry.registered_model": ("RegisteredModel",),
    ".entities.model_registry.registered_model_alias": ("RegisteredModelAlias",),
    ".entities.model_registry.registered_model_tag": ("RegisteredModelTag",),
    ".store.entities": ("PagedList",),
    ".store.entities.paged_list": ("PagedList",),
    ".tracking": (
        "MlflowClient",
        "get_registry_uri",
        "get_tracking_uri",
        "is_tracking_uri_set",
        "set_registry_uri",
        "set_tracking_uri",
    ),
    ".tracking.client": ("MlflowClient",),
    ".tracking.context": ("registry",),
    ".tracking.context.registry": ("resolve_tags",),
    ".tracking.fluent": (
        "ActiveRun",
        "active_run",
        "create_experiment",
        "delete_experiment",
        "delete_logged_model_tag",
        "delete_tag",
        "end_run",
        "finalize_logged_model",
        "get_artifact_uri",
        "get_experiment",
        "get_experiment_by_name",
        "get_logged_model",
        "get_parent_run",
        "get_run",
        "initialize_logged_model",
        "last_active_run",
        "last_logged_model",
        "log_artifact",
        "log_artifacts",
        "log_dict",
        "log_figure",
        "log_image",
        "log_input",
        "log_metric",
        "log_metrics",
        "log_model_params",
        "log_outputs",
        "log_param",
        "log_params",
        "log_table",
        "log_text",
        "search_experiments",
        "search_logged_models",
        "search_runs",
        "set_experiment",
        "set_experiment_tag",
        "set_experiment_tags",
        "set_logged_model_tags",
        "set_tag",
        "set_tags",
        "start_run",
    ),
    ".utils.mlflow_tags": (
        "MLFLOW_DATASET_CONTEXT",
        "MLFLOW_GIT_BRANCH",
        "MLFLOW_GIT_COMMIT",
        "MLFLOW_GIT_REPO_URL",
        "MLFLOW_LOGGED_ARTIFACTS",
        "MLFLOW_LOGGED_IMAGES",
        "MLFLOW_PARENT_RUN_ID",
        "MLFLOW_RUN_NAME",
        "MLFLOW_RUN_NOTE",
        "MLFLOW_SOURCE_NAME",
        "MLFLOW_SOURCE_TYPE",
        "MLFLOW_USER",
    ),
    ".utils.validation": (
        "MAX_ENTITIES_PER_BATCH",
        "MAX_ENTITY_KEY_LENGTH",
        "MAX_EXPERIMENT_NAME_LENGTH",
        "MAX_METRICS_PER_BATCH",
        "MAX_PARAMS_TAGS_PER_BATCH",
        "MAX_PARAM_VAL_LENGTH",
        "MAX_TAG_VAL_LENGTH",
    ),
}

# MLflow 3's names (logged models, run outputs): MLflow 2.x has none of them; mlflow-lite serves them for MLflow 3
# servers (and raises ServerTooOld on a 2.x server when they are used).
MLFLOW_3_ONLY = ("logged_model", "LoggedModel", "RunOutputs", "run_outputs", "log_outputs", "log_model_params")


# Paths integrations import from MLflow that mlflow-lite does not serve, and why (they raise
# ModuleNotFoundError or AttributeError, which integrations that probe for them handle).
NOT_SERVED = {
    "mlflow.tracking.get_registry_uri / set_registry_uri": "the registry is the tracking server's",
    "mlflow.pyfunc, mlflow.keras, mlflow.pytorch, ...": "model flavours and autologging",
    "mlflow.utils.mlflow_tags (Databricks, projects, Docker, autologging tags)": "features mlflow-lite lacks",
}

# Where MLflow's objects live at the top: each path's object is compared with the names here.
ANCHORS = ("", ".entities", ".entities.model_registry", ".exceptions")

# Run with MLflow and with mlflow-lite alike (ROOT is the package): what each path names, as JSON.
DESCRIBE = """
import importlib, inspect, json, types

def describe(root, paths):
    anchors = {a: importlib.import_module(root + a) for a in ANCHORS}
    base_error = anchors[".exceptions"].MlflowException
    found = {}
    for module_name, names in paths.items():
        try:
            module = importlib.import_module(root + module_name)
        except ModuleNotFoundError:
            continue
        for name in names:
            if not hasattr(module, name):
                continue
            value = getattr(module, name)
            same = sorted(
                f"{a}:{attr}" for a, anchor in anchors.items() for attr in dir(anchor)
                if not attr.startswith("_") and getattr(anchor, attr) is value
            )
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                kind = repr(value)
            elif isinstance(value, types.ModuleType):
                kind = "module " + value.__name__.replace(root, "ROOT", 1)
            elif isinstance(value, type):
                kind = "class"
                if issubclass(value, base_error):
                    kind = "the base error class" if value is base_error else "an error class below the base"
            else:
                kind = "function" if callable(value) else type(value).__name__
            found[module_name + ":" + name] = {"same": same, "kind": kind}
    return found
"""


def describe(root: str) -> dict[str, dict[str, Any]]:
    namespace: dict[str, Any] = {"ANCHORS": ANCHORS}
    exec(DESCRIBE, namespace)  # noqa: S102 - our own code, run the same way in MLflow's environment
    result: dict[str, dict[str, Any]] = json.loads(json.dumps(namespace["describe"](root, PATHS)))
    return result


def test_every_path_imports_and_has_its_names() -> None:
    missing = []
    for module_name, names in PATHS.items():
        module = importlib.import_module("mlflow_lite" + module_name)
        missing += [f"mlflow_lite{module_name}.{name}" for name in names if not hasattr(module, name)]
        listed = getattr(module, "__all__", None)
        if module_name and listed is not None:
            missing += [f"{module.__name__}.__all__ lacks {n}" for n in names if n not in listed and n != "registry"]
    assert missing == []


def test_every_path_is_an_attribute_after_import_mlflow_lite() -> None:
    """`mlflow.utils.validation.MAX_PARAM_VAL_LENGTH` right after `import mlflow` (Hugging Face's callback)."""
    reads = [f"mlflow_lite{module}.{name}" for module, names in PATHS.items() for name in names]
    code = "import mlflow_lite\nmissing = []\n" + "".join(
        f"try:\n    {read}\nexcept AttributeError:\n    missing.append({read!r})\n" for read in reads
    )
    code += "import json\nprint(json.dumps(missing))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == []


def test_import_mlflow_lite_loads_none_of_them() -> None:
    code = "import sys, json\nimport mlflow_lite\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = {m for m in json.loads(done.stdout) if m.startswith("mlflow_lite.")}
    assert loaded == {"mlflow_lite._version"}


@pytest.mark.parametrize("version", VERSIONS, ids=[f"mlflow-{v}" for v in VERSIONS])
def test_each_path_names_what_mlflows_names(version: str) -> None:
    code = f"ANCHORS = {ANCHORS!r}\n{DESCRIBE}\nprint(json.dumps(describe('mlflow', {PATHS!r})))\n"
    theirs: dict[str, dict[str, Any]] = run_mlflow(version, code, "http://127.0.0.1:9")
    ours = describe("mlflow_lite")
    assert set(ours) == {f"{m}:{n}" for m, names in PATHS.items() for n in names}
    mlflow_3 = {path for path in ours if any(part in path for part in MLFLOW_3_ONLY)}
    assert mlflow_3  # the test sees them
    assert set(ours) - set(theirs) == (mlflow_3 if version.startswith("2.") else set()), "paths MLflow has not"
    problems = []
    for path, what in theirs.items():
        mine = ours[path]
        if mine["kind"] != what["kind"]:
            problems.append(f"{path}: a {mine['kind']} here, a {what['kind']} in MLflow")
        # The same object as MLflow's top-level names, where MLflow's is one of them (and ours has that name).
        for anchor in what["same"]:
            module_name, name = anchor.split(":")
            ours_there = getattr(importlib.import_module("mlflow_lite" + module_name), name, None)
            module_name, name = path.split(":")
            if ours_there is not None and ours_there is not getattr(
                importlib.import_module("mlflow_lite" + module_name), name
            ):
                problems.append(f"{path} is not mlflow_lite{anchor.replace(':', '.')}, as it is MLflow's")
        if what["same"] and not set(what["same"]) & set(mine["same"]):
            problems.append(f"{path}: none of MLflow's names for it {what['same']} here")
    assert problems == []

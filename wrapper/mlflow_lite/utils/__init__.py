"""MLflow's `mlflow.utils` modules whose names mlflow-lite serves: `mlflow_lite.utils.mlflow_tags` (the names of
the tags MLflow and mlflow-lite set on runs) and `mlflow_lite.utils.validation` (the server's limits on what a
run logs). Each is loaded on first use, as an attribute too: `mlflow.utils.validation.MAX_PARAM_VAL_LENGTH`
after `import mlflow_lite as mlflow`, as Hugging Face's and Optuna's MLflow callbacks read it."""

import importlib
from typing import Any

__all__: list[str] = []

_SUBMODULES = frozenset({"mlflow_tags", "validation"})


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

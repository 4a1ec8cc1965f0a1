"""Public classes say `mlflow_lite.X` in reprs, tracebacks and pickles, not the private module that defines them
(as httpx's do). Each defining module calls `show_as_public(globals())` once its classes exist."""

from __future__ import annotations

from typing import Any

__all__ = ["show_as_public"]


def show_as_public(namespace: dict[str, Any]) -> None:
    """Give the classes of `namespace` that `mlflow_lite` exports the module name `mlflow_lite`."""
    import mlflow_lite  # the package's __init__ is loaded before any of its modules; this is a dict lookup

    for name in mlflow_lite.__all__:
        value = namespace.get(name)
        if isinstance(value, type) and value.__module__ == namespace["__name__"]:
            value.__module__ = "mlflow_lite"

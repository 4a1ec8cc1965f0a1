"""`mlflow.store.entities`' name: `from mlflow_lite.store.entities import PagedList` (also in its module,
`mlflow_lite.store.entities.paged_list`, as in MLflow)."""

from ..._entities import PagedList
from . import paged_list

__all__ = ["PagedList", "paged_list"]

"""`mlflow.store.entities.paged_list`'s name: `from mlflow_lite.store.entities.paged_list import PagedList`."""

from ..._entities import PagedList

__all__ = ["PagedList"]

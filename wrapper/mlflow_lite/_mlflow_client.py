"""`MlflowClient`: the synchronous client with MLflow's `MlflowClient` signatures throughout.

It is `TrackingClient` but for the searches, which return one page (`PagedList`, whose `token` goes to the next
call's `page_token`) as MLflow's do, where `TrackingClient`'s walk every page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ._core.lazy import LazyModule
from ._core.public import show_as_public
from ._errors import InvalidParameterValue
from ._sync.client import ACTIVE_ONLY, ClientCore

if TYPE_CHECKING:
    from ._entities import Experiment, LoggedModel, ModelVersion, PagedList, RegisteredModel, Run
    from ._ops import logged_models, registry, searches
else:
    logged_models = LazyModule("mlflow_lite._ops.logged_models")
    searches = LazyModule("mlflow_lite._ops.searches")
    registry = LazyModule("mlflow_lite._ops.registry")

__all__ = ["MlflowClient"]

T = TypeVar("T")


class MlflowClient(ClientCore):
    """`TrackingClient` with MLflow's `MlflowClient` signatures throughout: the searches return one page
    (`PagedList`, whose `token` goes to the next call's `page_token`), and the constructor takes
    `(tracking_uri, registry_uri)`. Code written for MLflow's client runs on it unchanged.

    The model registry is served by the tracking server; a `registry_uri` that names another server is
    refused (mlflow-lite talks to one server).
    """

    def __init__(self, tracking_uri: str | None = None, registry_uri: str | None = None, **kwargs: Any) -> None:
        super().__init__(tracking_uri, **kwargs)
        if registry_uri is not None and registry_uri.rstrip("/") != self.tracking_uri:
            self.close()
            raise InvalidParameterValue(
                f"registry_uri {registry_uri!r} differs from the tracking URI {self.tracking_uri!r}: mlflow-lite "
                "uses the tracking server's model registry"
            )

    def _page(self, search: searches.Search[T], max_results: int | None, page_token: str | None) -> PagedList[T]:
        """One page, as MLflow's client asks for it: `max_results` goes to the server as the page size."""
        if max_results is not None and (isinstance(max_results, bool) or not isinstance(max_results, int)):
            raise InvalidParameterValue(f"max_results must be a whole number, got {max_results!r}")
        from ._entities import PagedList

        items, token = self._drive(search.page(searches.page_token_in(search, page_token), max_results))
        return PagedList(items, searches.page_token_out(search, token))

    def search_experiments(
        self,
        view_type: int | str = ACTIVE_ONLY,
        max_results: int | None = 1000,
        filter_string: str | None = None,
        order_by: list[str] | None = None,
        page_token: str | None = None,
    ) -> PagedList[Experiment]:
        """One page of experiments (every page when `max_results` is None)."""
        search = searches.search_experiments(
            self._cx, filter_string=filter_string, order_by=order_by, view_type=view_type
        )
        if max_results is None and page_token is None:
            from ._entities import PagedList

            return PagedList(self._pages(search, None))
        return self._page(search, max_results, page_token)

    def search_runs(
        self,
        experiment_ids: list[str],
        filter_string: str = "",
        run_view_type: int | str = ACTIVE_ONLY,
        max_results: int = 1000,
        order_by: list[str] | None = None,
        page_token: str | None = None,
    ) -> PagedList[Run]:
        """One page of runs of these experiments."""
        search = searches.search_runs(
            self._cx, experiment_ids, filter_string=filter_string, order_by=order_by, run_view_type=run_view_type
        )
        return self._page(search, max_results, page_token)

    def search_registered_models(
        self,
        filter_string: str | None = None,
        max_results: int = 100,
        order_by: list[str] | None = None,
        page_token: str | None = None,
    ) -> PagedList[RegisteredModel]:
        """One page of registered models."""
        search = registry.search_registered_models(self._cx, filter_string=filter_string, order_by=order_by)
        return self._page(search, max_results, page_token)

    def search_model_versions(
        self,
        filter_string: str | None = None,
        max_results: int = 10_000,
        order_by: list[str] | None = None,
        page_token: str | None = None,
    ) -> PagedList[ModelVersion]:
        """One page of model versions."""
        search = registry.search_model_versions(self._cx, filter_string=filter_string, order_by=order_by)
        return self._page(search, max_results, page_token)

    def search_logged_models(
        self,
        experiment_ids: list[str],
        filter_string: str | None = None,
        datasets: list[dict[str, Any]] | None = None,
        max_results: int | None = None,
        order_by: list[dict[str, Any]] | None = None,
        page_token: str | None = None,
    ) -> PagedList[LoggedModel]:
        """One page of logged models of these experiments (MLflow 3; the server's default page size when
        `max_results` is None)."""
        search = logged_models.search_logged_models(
            self._cx,
            experiment_ids,
            filter_string=filter_string,
            datasets=datasets,
            order_by=order_by,
        )
        return self._page(search, max_results, page_token)


show_as_public(globals())

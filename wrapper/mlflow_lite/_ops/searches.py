"""Searches walked page by page: `Search` (one page's op, the page size, and what names the search), `Pager`
(where a lazy walk stands against `max_results`), and the page tokens handed to callers, each bound to the
search that issued it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

import attrs

from mlflow_rest_api.api.experiments import search_experiments as _search_experiments
from mlflow_rest_api.api.runs import search_runs as _search_runs
from mlflow_rest_api.models import SearchExperiments, SearchExperimentsResponse, SearchRuns, SearchRunsResponse
from mlflow_rest_api.types import UNSET

from .. import _entities as entities
from .._core.context import Context
from .._core.effects import Op
from .._errors import InvalidParameterValue
from . import to_entities
from .calls import ask, experiment_id_list, wire_view_type

__all__ = [
    "EXPERIMENTS_PAGE",
    "RUNS_PAGE",
    "Page",
    "Pager",
    "Search",
    "page_token_in",
    "page_token_out",
    "search_experiments",
    "search_experiments_page",
    "search_key",
    "search_runs",
    "search_runs_page",
]

T = TypeVar("T")

# Page sizes: the largest each endpoint allows (fewer round trips).
EXPERIMENTS_PAGE = 1000
RUNS_PAGE = 1000


Page = Callable[[str | None, int | None], Op[tuple[list[T], str | None]]]


@attrs.frozen
class Search(Generic[T]):
    """A search: the op that fetches one page (given a page token and a page size), and the page size to ask
    for when walking every page. `TrackingClient` walks it lazily; `MlflowClient` fetches one page."""

    page_size: int
    page: Page[T]
    # What names this search, for the page tokens handed to callers (see `page_token_out`).
    key: str

    def pager(self, max_results: int | None) -> Pager:
        return Pager(self.page_size, max_results)


def search_experiments(
    cx: Context, *, filter_string: str | None, order_by: Sequence[str] | None, view_type: object
) -> Search[entities.Experiment]:
    view = wire_view_type(view_type)  # bad input fails here, before any page is asked for
    page = partial(search_experiments_page, cx, filter_string=filter_string, order_by=order_by, view_type=view)
    return Search(EXPERIMENTS_PAGE, page, search_key("experiments", filter_string, order_by, view.value))


def search_runs(
    cx: Context,
    experiment_ids: object,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
    run_view_type: object,
) -> Search[entities.Run]:
    ids = experiment_id_list(experiment_ids)
    view = wire_view_type(run_view_type, "run_view_type")
    page = partial(
        search_runs_page,
        cx,
        experiment_ids=ids,
        filter_string=filter_string,
        order_by=order_by,
        run_view_type=view,
    )
    return Search(RUNS_PAGE, page, search_key("runs", ids, filter_string, order_by, view.value))


def search_key(kind: str, *arguments: object) -> str:
    """What names a search, so a page token is only ever used with the search that issued it: its kind and
    every argument but the page size."""
    normal = [list(a) if isinstance(a, (list, tuple)) else (a or None) for a in arguments]
    return hashlib.sha256(repr((kind, normal)).encode()).hexdigest()[:16]


# Page tokens handed to callers are the server's, prefixed with the search they belong to: a token passed to
# another search (other filter, order, experiments or view) is refused before it reaches the server, which
# would read it as a plain offset into the wrong results. A token without the prefix (from MLflow's own
# client, say) is passed on as it is.
_SEARCH_MARK = "mlflow-lite."


def page_token_out(search: Search[Any], token: str | None) -> str | None:
    return None if token is None else f"{_SEARCH_MARK}{search.key}.{token}"


def page_token_in(search: Search[Any], token: object) -> str | None:
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise InvalidParameterValue(f"page_token must be a string, got {type(token).__name__}")
    if not token.startswith(_SEARCH_MARK):
        return token
    key, _, server_token = token.removeprefix(_SEARCH_MARK).partition(".")
    if key != search.key or not server_token:
        raise InvalidParameterValue(
            "page_token belongs to another search: pass it with the same filter_string, order_by, experiments "
            "and view type as the search that returned it"
        )
    return server_token


@attrs.define
class Pager:
    """Where a lazy search stands: the next page token, and how many results `max_results` still allows."""

    page_size: int
    max_results: int | None = None
    token: str | None = None
    seen: int = 0
    done: bool = False

    def __attrs_post_init__(self) -> None:
        if self.max_results is not None:
            if isinstance(self.max_results, bool) or not isinstance(self.max_results, int) or self.max_results < 0:
                raise InvalidParameterValue(f"max_results must be a whole number, 0 or more, got {self.max_results!r}")
            self.done = self.max_results == 0

    def next_size(self) -> int:
        if self.max_results is None:
            return self.page_size
        return max(1, min(self.page_size, self.max_results - self.seen))

    def accept(self, items: list[T], token: str | None) -> list[T]:
        if self.max_results is not None:
            items = items[: self.max_results - self.seen]
        self.seen += len(items)
        self.token = token
        self.done = token is None or (self.max_results is not None and self.seen >= self.max_results)
        return items


def search_experiments_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    filter_string: str | None,
    order_by: Sequence[str] | None,
    view_type: object,
) -> Op[tuple[list[entities.Experiment], str | None]]:
    body = SearchExperiments(
        max_results=EXPERIMENTS_PAGE if page_size is None else page_size,  # the server answers 400 without it
        page_token=page_token or UNSET,
        filter_=filter_string or UNSET,
        order_by=list(order_by) if order_by else UNSET,
        view_type=wire_view_type(view_type),
    )
    answer = yield from ask(cx, _search_experiments._get_kwargs(body=body), SearchExperimentsResponse.from_dict)
    experiments = [to_entities.experiment(item) for item in to_entities.items(answer.experiments)]
    return experiments, to_entities.token(answer.next_page_token)


def search_runs_page(
    cx: Context,
    page_token: str | None,
    page_size: int | None,
    *,
    experiment_ids: Sequence[str],
    filter_string: str | None,
    order_by: Sequence[str] | None,
    run_view_type: object,
) -> Op[tuple[list[entities.Run], str | None]]:
    body = SearchRuns(
        experiment_ids=experiment_id_list(experiment_ids),
        filter_=filter_string or UNSET,
        run_view_type=wire_view_type(run_view_type, "run_view_type"),
        max_results=RUNS_PAGE if page_size is None else page_size,
        order_by=list(order_by) if order_by else UNSET,
        page_token=page_token or UNSET,
    )
    answer = yield from ask(cx, _search_runs._get_kwargs(body=body), SearchRunsResponse.from_dict)
    return [to_entities.run(item) for item in to_entities.items(answer.runs)], to_entities.token(answer.next_page_token)

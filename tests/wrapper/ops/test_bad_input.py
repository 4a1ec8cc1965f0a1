"""Bad and odd input: each case either works exactly (read back from a real server) or raises
`InvalidParameterValue` before any request is sent. Never a 200 with wrong data stored."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import unique
from pytest_httpx import HTTPXMock
from readback import history, params, rid, same_value, tags

from mlflow_lite import InvalidParameterValue, TrackingClient

RUN = "0123456789abcdef0123456789abcdef"
NAN, INF = math.nan, math.inf

Case = Callable[[TrackingClient], object]


def metric(value: object = 1.0, *, step: object = 0, timestamp: object = 1) -> Case:
    return lambda c: c.log_batch(RUN, metrics=[{"key": "m", "value": value, "step": step, "timestamp": timestamp}])


def param_case(key: object, value: object = "v") -> Case:
    return lambda c: c.log_batch(RUN, params=[(key, value)])


REJECTED: dict[str, Case] = {
    # metric values
    "metric-str": metric("one"),
    "metric-none": metric(None),
    "metric-bytes": metric(b"x"),
    "metric-nested-dict": lambda c: c.log_batch(RUN, metrics={"m": {"inner": 1.0}}),
    "metric-list": metric([1.0]),
    "metric-complex": metric(1j),
    "metric-int-beyond-double": metric(10**400),
    "log-metric-str": lambda c: c.log_metric(RUN, "m", "n/a"),  # type: ignore[arg-type]
    # steps
    "step-nan": metric(step=NAN),
    "step-inf": metric(step=INF),
    "step-minus-inf": metric(step=-INF),
    "step-fraction": metric(step=1.5),
    "step-over-int64": metric(step=2**63),
    "step-under-int64": metric(step=-(2**63) - 1),
    "step-bool": metric(step=True),
    "step-str": metric(step="3"),
    "log-metric-step-fraction": lambda c: c.log_metric(RUN, "m", 1.0, step=0.5),  # type: ignore[arg-type]
    # timestamps
    "timestamp-nan": metric(timestamp=NAN),
    "timestamp-inf": metric(timestamp=INF),
    "timestamp-negative": metric(timestamp=-1),
    "timestamp-fraction": metric(timestamp=1.25),
    "timestamp-huge": metric(timestamp=2**64),
    "log-metric-timestamp-negative": lambda c: c.log_metric(RUN, "m", 1.0, timestamp=-5),
    "create-run-start-time-nan": lambda c: c.create_run("0", start_time=NAN),  # type: ignore[arg-type]
    "create-run-start-time-negative": lambda c: c.create_run("0", start_time=-1),
    "set-terminated-end-time-inf": lambda c: c.set_terminated(RUN, end_time=INF),  # type: ignore[arg-type]
    # keys
    "key-forbidden-chars": param_case("bad key!"),
    "key-dotdot": param_case("../escape"),
    "key-is-dotdot": param_case(".."),
    "key-dot": param_case("."),
    "key-leading-slash": param_case("/abs"),
    "key-double-slash": param_case("a//b"),
    "key-trailing-slash": param_case("a/"),
    "key-dot-segment": param_case("a/./b"),
    "key-251-chars": param_case("k" * 251),
    "key-empty": param_case(""),
    "key-int": param_case(5),
    "key-none": param_case(None),
    "key-bytes": param_case(b"k"),
    "key-trailing-newline": param_case("abc\n"),
    "key-emoji": param_case("loss📉"),
    "metric-key-tab": lambda c: c.log_metric(RUN, "a\tb", 1.0),
    "tag-key-question-mark": lambda c: c.set_tag(RUN, "what?", "x"),
    # values
    "param-6001-chars": param_case("p", "x" * 6001),
    "tag-8001-chars": lambda c: c.set_tag(RUN, "t", "x" * 8001),
    "batch-tag-8001-chars": lambda c: c.log_batch(RUN, tags={"t": "é" * 8001}),
    "param-none": param_case("p", None),
    "param-bytes": param_case("p", b"v"),
    "tag-none": lambda c: c.set_tag(RUN, "t", None),
    "log-param-6001": lambda c: c.log_param(RUN, "p", "y" * 6001),
    "same-param-twice-different": lambda c: c.log_batch(RUN, params=[("p", "1"), ("p", "2")]),
    # shapes and names
    "metrics-as-str": lambda c: c.log_batch(RUN, metrics="m=1"),
    "metric-triple": lambda c: c.log_batch(RUN, metrics=[("m", 1.0, 3)]),
    "entry-without-value": lambda c: c.log_batch(RUN, params=[{"key": "p"}]),
    "experiment-name-empty": lambda c: c.create_experiment(""),
    "experiment-name-blank": lambda c: c.create_experiment("   "),
    "experiment-name-501": lambda c: c.create_experiment("e" * 501),
    "experiment-name-none": lambda c: c.create_experiment(None),  # type: ignore[arg-type]
    # one bad entry among 10,000 good ones: nothing at all is sent
    "bad-entry-in-10000": lambda c: c.log_batch(RUN, metrics=[("m", float(i)) for i in range(9_999)] + [("m", "oops")]),
}


@pytest.fixture
def offline() -> Iterator[TrackingClient]:
    with TrackingClient("http://127.0.0.1:9", max_retries=0, retry_budget=1) as client:
        yield client


@pytest.mark.parametrize("case", REJECTED.values(), ids=REJECTED.keys())
def test_rejected_before_sending(case: Case, offline: TrackingClient, httpx_mock: HTTPXMock) -> None:
    with pytest.raises(InvalidParameterValue) as info:
        case(offline)
    assert info.value.status_code is None
    assert isinstance(info.value, ValueError)
    assert httpx_mock.get_requests() == []


# --- accepted input, read back exactly from real servers ---------------------------------------------------


@pytest.fixture
def run_id(client: TrackingClient) -> str:
    experiment_id = client.create_experiment(unique("bad-input"))
    return rid(client.create_run(experiment_id))


def test_nan_and_infinities_round_trip(client: TrackingClient, run_id: str) -> None:
    values = [NAN, INF, -INF, 0.0, -0.0, 1e308, -1e-308, 5e-324, True, 7, 10**20]
    client.log_batch(
        run_id, metrics=[{"key": "m", "value": v, "step": i, "timestamp": 1} for i, v in enumerate(values)]
    )
    client.log_metric(run_id, "single", NAN, timestamp=2, step=0)
    client.log_metric(run_id, "single", -INF, timestamp=2, step=1)
    stored = history(client, run_id, "m")
    assert [s for s, _, _ in stored] == list(range(len(values)))
    for (_, _, got), want in zip(stored, values, strict=True):
        assert same_value(got, float(want)), (got, want)
    assert math.isnan(history(client, run_id, "single")[0][2])
    assert history(client, run_id, "single")[1][2] == -INF
    latest = client.get_run(run_id).data.metrics
    assert latest["single"] == -INF or math.isnan(latest["single"])


def test_extreme_steps_and_timestamps_round_trip(client: TrackingClient, run_id: str) -> None:
    points = [(-(2**63), 0), (-5, 1), (0, 2**62), (2**53 + 1, 3), (2**63 - 1, 2**63 - 1), (7, 4)]
    client.log_batch(run_id, metrics=[{"key": "m", "value": 1.0, "step": s, "timestamp": t} for s, t in points])
    client.log_metric(run_id, "whole-float", 2.0, timestamp=10.0, step=3.0)  # type: ignore[arg-type]
    assert history(client, run_id, "m") == sorted((s, t, 1.0) for s, t in points)
    assert history(client, run_id, "whole-float") == [(3, 10, 2.0)]


def test_limits_exactly_at_the_edge_and_unicode(client: TrackingClient, run_id: str) -> None:
    key250 = "k" * 250
    sent_params = {
        key250: "v",
        "long": "x" * 6000,
        "unicode-é": "naïve — ünïcödé ✓ 🚀",
        "a:b c/d.e-f_g": "odd but allowed",
        "number": 0.198,
        "nested": {"a": [1, 2]},
        "none-text": "None",
        "empty": "",
        "Ключ": "значение",
    }
    sent_tags = {"long": "y" * 8000, "emoji": "🔥" * 100, "multi\u00e9": "line1\nline2\ttab"}
    client.log_batch(
        run_id,
        params=[*sent_params.items(), ("long", "x" * 6000)],  # the same param twice, same value
        tags=sent_tags,
        metrics={key250: 1.5, "ünï": 2.5},
    )
    client.set_tag(run_id, "overwritten", "first")
    client.set_tag(run_id, "overwritten", "second")
    run = client.get_run(run_id)
    assert params(run) == {k: str(v) for k, v in sent_params.items()}
    stored_tags = tags(run)
    for key, value in sent_tags.items():
        assert stored_tags[key] == value
    assert stored_tags["overwritten"] == "second"
    assert history(client, run_id, key250)[0][2] == 1.5
    assert history(client, run_id, "ünï")[0][2] == 2.5


def test_unicode_names(client: TrackingClient) -> None:
    name = unique("expérience 🧪 実験")
    experiment_id = client.create_experiment(name)
    assert client.get_experiment_by_name(name).experiment_id == experiment_id  # type: ignore[union-attr]
    run = client.create_run(experiment_id, run_name="run 🏃 ü")
    assert client.get_run(rid(run)).info.run_name == "run 🏃 ü"


def test_ten_thousand_entry_batch(client2: TrackingClient) -> None:
    experiment_id = client2.create_experiment(unique("bad-input-10k"))
    run_id = rid(client2.create_run(experiment_id))
    metrics = [{"key": f"m{i % 2}", "value": i / 3, "step": i, "timestamp": 1000 + i} for i in range(10_000)]
    client2.log_batch(
        run_id,
        metrics=metrics,
        params={f"p{i}": i for i in range(250)},
        tags={f"t{i}": i for i in range(150)},
    )
    for key in ("m0", "m1"):
        want = [(i, 1000 + i, i / 3) for i in range(10_000) if f"m{i % 2}" == key]
        assert history(client2, run_id, key) == want
    run = client2.get_run(run_id)
    assert params(run) == {f"p{i}": str(i) for i in range(250)}
    assert {k: v for k, v in tags(run).items() if k.startswith("t")} == {f"t{i}": str(i) for i in range(150)}


def test_rejected_input_stores_nothing_on_a_real_server(client: TrackingClient, run_id: str) -> None:
    """The same refusals against a real server: the run stays empty."""
    bad: list[Callable[[], Any]] = [
        lambda: client.log_batch(run_id, metrics=[("m", 1.0)] * 5 + [("m", NAN, 0)]),
        lambda: client.log_batch(run_id, params={"p": "x" * 6001}, metrics={"m": 1.0}),
        lambda: client.log_batch(run_id, metrics={"m": 1.0}, tags={"bad/": "x"}),
        lambda: client.log_metric(run_id, "m", 1.0, step=1.5),  # type: ignore[arg-type]
        lambda: client.log_param(run_id, "p", None),
    ]
    for attempt in bad:
        with pytest.raises(InvalidParameterValue):
            attempt()
    run = client.get_run(run_id)
    assert params(run) == {}
    assert client.get_metric_history(run_id, "m") == []
    assert [k for k in tags(run) if not k.startswith("mlflow")] == []

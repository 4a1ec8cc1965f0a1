"""The runs ops' requests, without a server."""

from __future__ import annotations

from typing import Any

from mlflow_lite._core.context import Context
from mlflow_lite._core.effects import Send
from mlflow_lite._core.retry import RetryPolicy
from mlflow_lite._ops import runs
from mlflow_lite._ops.validate import Batch, MetricEntry
from mlflow_rest_api.models import LogBatch, Metric, Param, RunTag


def context() -> Context:
    return Context(
        RetryPolicy(
            max_retries=0, backoff_factor=1.0, backoff_jitter=0.0, budget=10.0, timeout=10.0, connect_timeout=1.0
        )
    )


def first_request(op: Any) -> Any:
    effect = next(op)
    while not isinstance(effect, Send):
        effect = op.send(None)
    return effect.request


def test_a_log_batch_request_is_what_the_generated_models_make() -> None:
    """`send_batch` writes the metrics without a generated model per value: the same JSON all the same."""
    metrics = (MetricEntry("m", 0.5, 17, 3), MetricEntry("n/ü", "NaN", 0, -(2**63)))
    batch = Batch(metrics, (("p", "1"),), (("t", "x"),))
    request = first_request(runs.send_batch(context(), "r" * 32, batch))
    expected = LogBatch(
        run_id="r" * 32,
        metrics=[Metric(key=m.key, value=m.value, timestamp=m.timestamp, step=m.step) for m in metrics],
        params=[Param(key="p", value="1")],
        tags=[RunTag(key="t", value="x")],
    ).to_dict()
    assert request.json == expected
    only_params = first_request(runs.send_batch(context(), "r" * 32, Batch(params=(("p", "1"),))))
    assert only_params.json == LogBatch(run_id="r" * 32, params=[Param(key="p", value="1")]).to_dict()

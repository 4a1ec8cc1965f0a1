"""The runs ops' requests, without a server."""

from __future__ import annotations

import json
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


def compact(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


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
    # The same JSON, byte for byte as the JSON encoder writes it compact (as httpx 0.28 does), in this key order.
    assert request.json is None
    sent = json.loads(request.content)
    assert sent == expected
    assert request.content == compact(sent)
    assert b'"value":"NaN"' in request.content
    assert "n/ü".encode() in request.content
    only_params = first_request(runs.send_batch(context(), "r" * 32, Batch(params=(("p", "1"),))))
    assert only_params.json == LogBatch(run_id="r" * 32, params=[Param(key="p", value="1")]).to_dict()


def test_a_metric_value_is_written_as_json_writes_it() -> None:
    """Floats go through `format`, not the JSON encoder: their spelling must be the encoder's (repr) for every
    kind of float, and keys and values that need escaping are escaped."""
    values: list[float | str] = [0.1, -0.0, 1e16, 1.5e-300, 2.0**70, 1 / 3, "Infinity", "-Infinity"]
    metrics = tuple(MetricEntry('k"\\\n', v, 2**62, -1) for v in values)
    request = first_request(runs.send_batch(context(), "r" * 32, Batch(metrics)))
    sent = json.loads(request.content)
    assert [m["value"] for m in sent["metrics"]] == values
    assert request.content == compact(sent)

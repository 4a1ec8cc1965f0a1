"""The names of `mlflow.entities.metric`, where MLflow has them."""

from .._entities import Metric, MetricWithRunId

__all__ = ["Metric", "MetricWithRunId"]

"""Metrics: pure functions over a polity's compiled graph, registered by name."""

from govsim.metrics.registry import METRICS, MetricInfo, get_metric, iter_metrics, register_metric

__all__ = ["METRICS", "MetricInfo", "get_metric", "iter_metrics", "register_metric"]

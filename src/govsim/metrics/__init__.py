"""Metrics: pure functions over a polity's compiled graph, registered by name.

The structural families (:mod:`~govsim.metrics.accountability`,
:mod:`~govsim.metrics.concentration`, :mod:`~govsim.metrics.checks`,
:mod:`~govsim.metrics.decentralization`) register themselves on import;
:func:`evaluate` runs every registered summary metric and :func:`compare` lines
two polities up.
"""

from govsim.metrics import accountability, checks, concentration, decentralization
from govsim.metrics.evaluate import (
    METRIC_MODULES,
    Comparison,
    ComparisonRow,
    MetricSet,
    compare,
    evaluate,
)
from govsim.metrics.registry import METRICS, MetricInfo, get_metric, iter_metrics, register_metric

__all__ = [
    "METRICS",
    "METRIC_MODULES",
    "Comparison",
    "ComparisonRow",
    "MetricInfo",
    "MetricSet",
    "accountability",
    "checks",
    "compare",
    "concentration",
    "decentralization",
    "evaluate",
    "get_metric",
    "iter_metrics",
    "register_metric",
]

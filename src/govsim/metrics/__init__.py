"""Metrics: pure functions over a polity's compiled graph, registered by name.

The structural families (:mod:`~govsim.metrics.accountability`,
:mod:`~govsim.metrics.concentration`, :mod:`~govsim.metrics.checks`,
:mod:`~govsim.metrics.decentralization`) and the families over the engines
(``electoral.*``, ``power.*``, :mod:`~govsim.metrics.tenure`) register themselves
on import, in that order (the order of every table);
:func:`evaluate` runs every registered summary metric and :func:`compare` lines
two polities up.
"""

# The order of these imports is the order of the registry.
from govsim.metrics import accountability, checks, concentration, decentralization  # isort: skip
from govsim.electoral import metrics as _electoral_metrics  # noqa: F401  # isort: skip
from govsim.power import metrics as _power_metrics  # noqa: F401  # isort: skip
from govsim.metrics import tenure  # isort: skip
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
    "tenure",
]

"""Metrics: pure functions over a polity's compiled graph, registered by name.

The structural families (:mod:`~govsim.metrics.accountability`,
:mod:`~govsim.metrics.concentration`, :mod:`~govsim.metrics.checks`,
:mod:`~govsim.metrics.decentralization`) and the families over the engines
(:mod:`~govsim.metrics.power`, :mod:`~govsim.metrics.tenure`, ``electoral.*``,
:mod:`~govsim.metrics.veto`, :mod:`~govsim.metrics.powers`) register themselves
on import; :data:`FAMILY_MODULES` imports each by name, in the order of the
registry (the order of every table);
:func:`evaluate` runs every registered summary metric, :func:`compare` lines
two polities up and :func:`compare_many` any number of them.
"""

# The families register their metrics on import: these lines fix the registry's order
# (that of FAMILY_MODULES), whichever module is imported first.
from govsim.metrics import accountability, checks, concentration, decentralization  # isort: skip
from govsim.metrics import power, tenure  # isort: skip
from govsim.metrics import electoral as electoral_metrics  # isort: skip
from govsim.metrics import veto, powers  # isort: skip
from govsim.metrics.compare_many import ManyComparison, compare_many
from govsim.metrics.evaluate import (
    FAMILY_MODULES,
    METRIC_MODULES,
    Comparison,
    ComparisonRow,
    MetricSet,
    compare,
    evaluate,
)
from govsim.metrics.registry import METRICS, MetricInfo, get_metric, iter_metrics, register_metric

__all__ = [
    "FAMILY_MODULES",
    "METRICS",
    "METRIC_MODULES",
    "Comparison",
    "ComparisonRow",
    "ManyComparison",
    "MetricInfo",
    "MetricSet",
    "accountability",
    "checks",
    "compare",
    "compare_many",
    "concentration",
    "decentralization",
    "electoral_metrics",
    "evaluate",
    "get_metric",
    "iter_metrics",
    "power",
    "powers",
    "register_metric",
    "tenure",
    "veto",
]

"""The metric registry: every summary metric, with its definition, range and source.

A metric family module registers its functions with :func:`register_metric`::

    @register_metric(
        "accountability.elected_share",
        definition="Seat-weighted share of seats filled directly by an electorate.",
        range=(0.0, 1.0),
        direction="higher",
        reference="Strøm (2000), EJPR 37:261-289.",
    )
    def elected_share(compiled: Compiled) -> float: ...

``direction`` says which way is *more accountable / more pluralist*: ``"higher"``,
``"lower"`` or ``"neutral"`` (no normative reading). ``input`` says whether the
function takes the polity's :class:`~govsim.model.compiled.Compiled` view (the default:
structural metrics) or the :class:`~govsim.model.Polity` itself (metrics that read
metadata such as electoral systems or term rules). :func:`govsim.evaluate` runs every
registered *summary* metric; per-node metrics (``per_node=True``) are listed but not
summarised.

A metric's declared ``range`` is a promise: floating-point rounding can leave it by
an ulp or two (a population-weighted mean of scores of 4 summing to
``4.000000000000001``, a ``1 - x`` giving ``-2.2e-16``), so the function the
decorator returns moves every value within :data:`RANGE_TOLERANCE` outside the
range onto the nearest bound (NaN and values inside the range are returned as
computed). A value further outside is a bug in the metric, not rounding, and is
returned unchanged so that the metric contract tests see it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, cast

import numpy as np

from govsim.errors import ValidationError, unknown_name

__all__ = [
    "METRICS",
    "RANGE_TOLERANCE",
    "MetricInfo",
    "clip_to_range",
    "get_metric",
    "iter_metrics",
    "register_metric",
]

#: How far outside its declared range a metric value may fall and still count as
#: rounding, relative to the bound's magnitude (at least 1): ``lo - tol * max(1, |lo|)``
#: to ``hi + tol * max(1, |hi|)``. Summing n terms in floating point errs by at most
#: about ``n * 2.2e-16`` relative; 1e-9 covers sums of millions of terms, far more
#: than any polity's institutions, and is still far below any difference a metric
#: is read for (the tables print 3 decimals).
RANGE_TOLERANCE = 1e-9

Direction = Literal["higher", "lower", "neutral"]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class MetricInfo:
    """What the registry knows about one metric."""

    name: str
    func: Callable[..., Any] = field(repr=False)
    definition: str
    range: tuple[float, float]
    direction: Direction
    reference: str
    per_node: bool = False
    input: Literal["compiled", "polity"] = "compiled"

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    def __call__(self, polity: Any, **params: Any) -> Any:
        """Compute the metric on a polity (passing its compiled view when declared)."""
        arg = polity.compiled if self.input == "compiled" else polity
        return self.func(arg, **params)


def clip_to_range(value: Any, lo: float, hi: float) -> Any:
    """Move the values of ``value`` that rounding put just outside ``[lo, hi]`` onto the bound.

    Values within :data:`RANGE_TOLERANCE` (relative, see there) outside the range
    become ``lo`` or ``hi``; NaN, values inside the range and values further outside
    (a bug, not rounding) are left as they are. A scalar comes back as a Python
    float, an array as a new array of the same shape (the input itself when nothing
    moves); non-float values are returned unchanged.

    Examples
    --------
    >>> clip_to_range(4.000000000000001, 0.0, 4.0)
    4.0
    >>> clip_to_range(-2.2e-16, 0.0, 1.0)
    0.0
    >>> clip_to_range(float("nan"), 0.0, 1.0)
    nan
    >>> clip_to_range(np.array([-1e-17, 0.5, np.inf]), 0.0, np.inf)
    array([0. , 0.5, inf])
    """
    x = np.asarray(value)
    if x.dtype.kind != "f":
        return value
    below = x < lo
    above = x > hi
    if not (below.any() or above.any()):
        return value
    low_edge = lo - RANGE_TOLERANCE * max(1.0, abs(lo))
    high_edge = hi + RANGE_TOLERANCE * max(1.0, abs(hi))
    out = np.where(below & (x >= low_edge), lo, x)
    out = np.where(above & (x <= high_edge), hi, out).astype(x.dtype, copy=False)
    if out.ndim == 0 and not isinstance(value, np.ndarray):
        return float(out)
    return out


def _range_clipped(func: Callable[..., Any], lo: float, hi: float) -> Callable[..., Any]:
    """``func`` with its result passed through :func:`clip_to_range`."""

    @functools.wraps(func)
    def metric(*args: Any, **kwargs: Any) -> Any:
        return clip_to_range(func(*args, **kwargs), lo, hi)

    return metric


#: name -> MetricInfo, in registration order.
METRICS: dict[str, MetricInfo] = {}


def register_metric(
    name: str,
    *,
    definition: str,
    range: tuple[float, float],
    direction: Direction,
    reference: str,
    per_node: bool = False,
    input: Literal["compiled", "polity"] = "compiled",
) -> Callable[[F], F]:
    """Register ``func`` under ``name`` ("family.metric").

    Returns ``func`` wrapped so that its values stay in ``range`` despite rounding
    (:func:`clip_to_range`), with ``func``'s name, docstring and signature; the
    registry holds the same wrapped function.
    """
    if "." not in name:
        raise ValidationError(f"Metric name {name!r} must have the form 'family.metric'.")
    bounds = tuple(range) if isinstance(range, (tuple, list)) else ()
    numbers = all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
    if len(bounds) != 2 or not numbers or not bounds[0] <= bounds[1]:  # also true for NaN
        raise ValidationError(
            f"The 'range' of metric {name!r} must be two numbers lo <= hi. Got {range!r} instead."
        )
    lo, hi = float(bounds[0]), float(bounds[1])
    if direction not in ("higher", "lower", "neutral"):
        raise ValidationError(
            f"The 'direction' of metric {name!r} must be 'higher', 'lower' or 'neutral'. Got {direction!r} instead."
        )

    def decorate(func: F) -> F:
        if name in METRICS and getattr(METRICS[name].func, "__wrapped__", None) is not func:
            raise ValidationError(f"Metric {name!r} is already registered.")
        clipped = _range_clipped(func, lo, hi)
        METRICS[name] = MetricInfo(
            name, clipped, definition, (lo, hi), direction, reference, per_node, input
        )
        return cast(F, clipped)

    return decorate


def get_metric(name: str) -> MetricInfo:
    """Look a metric up by name; an unknown name lists the known ones."""
    try:
        return METRICS[name]
    except KeyError:
        raise unknown_name("metric", name, METRICS) from None


def iter_metrics(
    *, per_node: bool | None = None, family: str | None = None
) -> Iterator[MetricInfo]:
    """Iterate over registered metrics, optionally only per-node or summary ones, or one family."""
    for info in METRICS.values():
        if per_node is not None and info.per_node != per_node:
            continue
        if family is not None and info.family != family:
            continue
        yield info

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
function takes the polity's :class:`~govsim.compiled.Compiled` view (the default:
structural metrics) or the :class:`~govsim.model.Polity` itself (metrics that read
metadata such as electoral systems or term rules). :func:`govsim.evaluate` runs every
registered *summary* metric; per-node metrics (``per_node=True``) are listed but not
summarised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from govsim.errors import ValidationError, unknown_name

__all__ = ["METRICS", "MetricInfo", "get_metric", "iter_metrics", "register_metric"]

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
    """Register ``func`` under ``name`` ("family.metric"); returns ``func`` unchanged."""
    if "." not in name:
        raise ValidationError(f"Metric name {name!r} must have the form 'family.metric'.")
    if direction not in ("higher", "lower", "neutral"):
        raise ValidationError(
            f"The 'direction' of metric {name!r} must be 'higher', 'lower' or 'neutral'. Got {direction!r} instead."
        )

    def decorate(func: F) -> F:
        if name in METRICS and METRICS[name].func is not func:
            raise ValidationError(f"Metric {name!r} is already registered.")
        METRICS[name] = MetricInfo(
            name, func, definition, range, direction, reference, per_node, input
        )
        return func

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

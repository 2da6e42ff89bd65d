"""The ``electoral.*`` metric family: the lower chamber under a common vote model.

Each metric simulates the polity's lower-chamber :class:`~govsim.model.rows.ElectoralSystem`
under one documented default vote model (:data:`~govsim.electoral.montecarlo.KAZAKHSTAN_2023`:
the 2023 Mazhilis list shares, Dirichlet concentration 300, district swing 0.5), with
:data:`DEFAULT_DRAWS` draws and the fixed seed :data:`DEFAULT_SEED`, so that two
polities (e.g. 2019 and 2024) are compared under the same voters. The simulation of
one system is cached, so the four metrics cost one run (a few milliseconds).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from govsim.electoral.montecarlo import KAZAKHSTAN_2023, SimulationResult, VoteModel, simulate
from govsim.errors import ValidationError
from govsim.metrics.registry import register_metric
from govsim.model.rows import ElectoralSystem

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "expected_enp",
    "expected_gallagher",
    "lower_chamber_system",
    "p_majority",
    "p_two_thirds",
]

#: Draws per evaluation: the standard error of a probability is at most 0.011.
DEFAULT_DRAWS = 2000
#: Fixed seed (the date of the 2023 Mazhilis election), so evaluations are reproducible.
DEFAULT_SEED = 20230319

_REFERENCE = (
    "Gallagher (1991), Electoral Studies 10(1):33-51; Laakso & Taagepera (1979), "
    "CPS 12(1):3-27; vote model: govsim.electoral.montecarlo.KAZAKHSTAN_2023."
)


def lower_chamber_system(polity: Any) -> ElectoralSystem:
    """The electoral system of the polity's lower chamber.

    Among ``polity.electoral_systems`` whose body is an institution of kind
    ``chamber``, the one with the most seats (a lower chamber is the larger one:
    the Mazhilis has 98 or 107 seats, the Senate 49 or 50).

    Raises
    ------
    govsim.ValidationError
        If no electoral system fills a chamber.
    """
    best: tuple[int, ElectoralSystem] | None = None
    for es in polity.electoral_systems:
        inst = polity.institution(es.body)
        kind = getattr(inst.kind, "value", inst.kind)
        if kind == "chamber" and (best is None or inst.seats > best[0]):
            best = (inst.seats, es)
    if best is None:
        raise ValidationError(
            "The polity has no electoral system for a chamber, so electoral metrics do not apply."
        )
    return best[1]


@lru_cache(maxsize=64)
def _simulate(system: ElectoralSystem, model: VoteModel, n: int, seed: int) -> SimulationResult:
    return simulate(system, model, n, seed)


def _run(polity: Any, model: VoteModel | None, n: int, seed: int) -> SimulationResult:
    return _simulate(lower_chamber_system(polity), model or KAZAKHSTAN_2023, n, seed)


@register_metric(
    "electoral.expected_gallagher",
    definition=(
        "Expected Gallagher least-squares index (0-100) of the lower chamber: list votes vs "
        "seats of all tiers, under the default vote model (2023 Mazhilis shares)."
    ),
    range=(0.0, 100.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
def expected_gallagher(
    polity: Any, model: VoteModel | None = None, n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> float:
    """Expected Gallagher index of the lower chamber under a vote model.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``electoral_systems`` and ``institution(id)``.
    model : VoteModel, optional
        Default :data:`~govsim.electoral.montecarlo.KAZAKHSTAN_2023`.
    n : int, default DEFAULT_DRAWS
    seed : int, default DEFAULT_SEED

    Returns
    -------
    float
        Mean over draws of ``sqrt(0.5 * sum_i (v_i - s_i)^2)`` in percentage points.
    """
    return _run(polity, model, n, seed).expected_gallagher


@register_metric(
    "electoral.expected_enp",
    definition=(
        "Expected Laakso-Taagepera effective number of parties by seats in the lower chamber, "
        "under the default vote model."
    ),
    range=(1.0, float("inf")),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
def expected_enp(
    polity: Any, model: VoteModel | None = None, n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> float:
    """Expected effective number of parties (seats) ``1 / sum s_i^2`` of the lower chamber."""
    return _run(polity, model, n, seed).expected_enp


@register_metric(
    "electoral.p_majority",
    definition="Probability that one party wins more than half of the lower chamber's elected seats.",
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
def p_majority(
    polity: Any, model: VoteModel | None = None, n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> float:
    """P(the largest party holds a majority of the lower chamber's elected seats)."""
    return _run(polity, model, n, seed).p_majority


@register_metric(
    "electoral.p_two_thirds",
    definition=(
        "Probability that one party wins at least two thirds of the lower chamber's elected "
        "seats (a constitutional majority)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
def p_two_thirds(
    polity: Any, model: VoteModel | None = None, n: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> float:
    """P(the largest party holds at least 2/3 of the lower chamber's elected seats)."""
    return _run(polity, model, n, seed).p_two_thirds

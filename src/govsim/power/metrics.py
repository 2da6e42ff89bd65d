"""Registered lawmaking-power metrics: Shapley–Shubik shares in :func:`lawmaking_game`.

``power.head_of_state``, ``power.lower_chamber`` and ``power.upper_chamber`` are the
Shapley–Shubik shares of the national head of state and of the two national chambers
in the game of passing an ordinary law. The *lower* chamber is the national chamber
with the most seats and the *upper* chamber the one with the next most (the first in
the polity's order breaks a tie); an office the polity lacks holds a share of 0.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from govsim.metrics.registry import register_metric
from govsim.power.exact import shapley_shubik
from govsim.power.games import BlockGame
from govsim.power.lawmaking import OverrideSpec, lawmaking_game

__all__ = ["head_of_state_power", "lawmaking_shares", "lower_chamber_power", "upper_chamber_power"]

_REFERENCE = (
    "Shapley & Shubik (1954), APSR 48:787-792; game derived by govsim.power.lawmaking_game."
)


@lru_cache(maxsize=256)
def _shares(game: BlockGame) -> dict[str, float]:
    return shapley_shubik(game)


def lawmaking_shares(
    polity: Any,
    *,
    chamber_override: OverrideSpec = "data",
    presidential_override: OverrideSpec = "data",
) -> dict[str, float]:
    """Shapley–Shubik share of each block of the polity's lawmaking game.

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    chamber_override, presidential_override : "data", float or None
        Passed to :func:`govsim.power.lawmaking_game`.

    Returns
    -------
    dict
        Institution id -> share; the shares sum to 1.

    Notes
    -----
    ``phi_b = sum over orderings of the players of [a member of b is pivotal] / n!``,
    computed exactly by :func:`govsim.power.shapley_shubik`.

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    game = lawmaking_game(
        polity, chamber_override=chamber_override, presidential_override=presidential_override
    )
    return dict(_shares(game))


def _chambers_by_size(polity: Any) -> list[str]:
    chambers = polity.select(kind="chamber", level="national")
    order = sorted(range(len(chambers)), key=lambda i: (-chambers[i].seats, i))
    return [chambers[i].id for i in order]


@register_metric(
    "power.head_of_state",
    definition="Shapley–Shubik share of the national head of state in the game of passing an ordinary law.",
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
def head_of_state_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the head of state (0 when the polity has none).

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    **overrides
        ``chamber_override`` / ``presidential_override`` for :func:`lawmaking_game`.

    Returns
    -------
    float
    """
    heads = polity.select(kind="head_of_state", level="national")
    if not heads:
        return 0.0
    return lawmaking_shares(polity, **overrides).get(heads[0].id, 0.0)


@register_metric(
    "power.lower_chamber",
    definition="Shapley–Shubik share of the largest national chamber in the game of passing an ordinary law.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
def lower_chamber_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the lower (largest) national chamber.

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    **overrides
        ``chamber_override`` / ``presidential_override`` for :func:`lawmaking_game`.

    Returns
    -------
    float
    """
    order = _chambers_by_size(polity)
    return lawmaking_shares(polity, **overrides)[order[0]] if order else 0.0


@register_metric(
    "power.upper_chamber",
    definition="Shapley–Shubik share of the second-largest national chamber in the game of passing an ordinary law (0 if unicameral).",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
def upper_chamber_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the upper (second-largest) national chamber; 0 if unicameral.

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    **overrides
        ``chamber_override`` / ``presidential_override`` for :func:`lawmaking_game`.

    Returns
    -------
    float
    """
    order = _chambers_by_size(polity)
    return lawmaking_shares(polity, **overrides)[order[1]] if len(order) > 1 else 0.0

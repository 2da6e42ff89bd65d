"""Registered lawmaking-power metrics: Shapley–Shubik shares in the lawmaking game.

The shares come from the engine, :func:`govsim.power.lawmaking_shares`; this module
only registers the three summaries.

``power.head_of_state``, ``power.lower_chamber`` and ``power.upper_chamber`` are the
Shapley–Shubik shares of the national head of state and of the two national chambers
in the game of passing an ordinary law. The offices are found by role
(:mod:`govsim.model.roles`): the *lower* chamber is the institution with role
``lower_chamber`` (a unicameral polity's sole chamber), the *upper* chamber the one
with role ``upper_chamber``, whatever their sizes; an office the polity lacks holds a
share of 0.

Reading the values. Every member is a player (Shapley & Shubik 1954), so a share mixes
the procedure with the chambers' sizes and the rounding of their thresholds. Kazakhstan
2019 -> 2024 (107/49 seats -> 98/50; the Mazhilis' 2/3 override of a Senate refusal
added): the override alone, at 98/50 seats, moves the Mazhilis by +0.019 and the Senate
by -0.020; the new sizes alone, under the old procedure, move the Mazhilis by -0.020 and
the Senate by +0.024 (a majority of 50 is 26, 52%; of 49, 25, 51%). The net move is
tiny (Mazhilis 0.426 -> 0.426, Senate 0.412 -> 0.416, President 0.162 -> 0.158).
The override's effect is itself a small-chamber effect: it needs a coalition holding
2/3 of the Mazhilis but less than half of the Senate, which random orderings of
hundreds of members almost never produce (at 301/151 seats it moves the shares by
2e-4: tests/power/test_lawmaking.py); as chambers grow, every procedure here tends to 1/6 for
the President and 5/12 for each chamber. Read these shares as "who can block", not as
a measure of the agenda power the reform moved to the Mazhilis.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from govsim.metrics.registry import register_metric
from govsim.model.roles import head_of_state, lower_chamber, upper_chamber
from govsim.model.rows import Institution
from govsim.power.lawmaking import lawmaking_shares

__all__ = ["head_of_state_power", "lower_chamber_power", "upper_chamber_power"]

F = TypeVar("F", bound=Callable[..., Any])

_REFERENCE = (
    "Shapley & Shubik (1954), APSR 48:787-792; game derived by govsim.power.lawmaking_game."
)


def _share_of(polity: Any, office: Institution | None, overrides: dict[str, Any]) -> float:
    # The one rule of all three metrics: an office the polity lacks holds nothing.
    if office is None:
        return 0.0
    return lawmaking_shares(polity, **overrides).get(office.id, 0.0)


_PARAMETERS = """Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    **overrides
        ``chamber_override`` / ``presidential_override`` for :func:`lawmaking_game`."""

_REFERENCES = """References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792."""


def _shared_doc(func: F) -> F:
    # The three shares take the same arguments and source: document them once.
    func.__doc__ = (func.__doc__ or "").format(parameters=_PARAMETERS, references=_REFERENCES)
    return func


@register_metric(
    "power.head_of_state",
    definition="Shapley–Shubik share of the national head of state in the game of passing an ordinary law.",
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def head_of_state_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the head of state (0 when the polity has none).

    {parameters}

    Returns
    -------
    float
        ``phi`` of :func:`govsim.model.roles.head_of_state` in :func:`lawmaking_shares`.

    Examples
    --------
    Kazakhstan in 2019: the President may veto a law, which the Mazhilis and the
    Senate override by two thirds each:

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> kz = kazakhstan_2019()
    >>> round(head_of_state_power(kz), 2)
    0.16
    >>> round(head_of_state_power(kz, presidential_override=None), 2)  # an absolute veto
    0.47

    {references}
    """
    return _share_of(polity, head_of_state(polity), overrides)


@register_metric(
    "power.lower_chamber",
    definition="Shapley–Shubik share of the largest national chamber in the game of passing an ordinary law.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def lower_chamber_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the lower (largest) national chamber.

    {parameters}

    Returns
    -------
    float
        ``phi`` of :func:`govsim.model.roles.lower_chamber` in :func:`lawmaking_shares`.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(lower_chamber_power(kazakhstan_2019()), 2)  # the Mazhilis
    0.43

    {references}
    """
    return _share_of(polity, lower_chamber(polity), overrides)


@register_metric(
    "power.upper_chamber",
    definition="Shapley–Shubik share of the second-largest national chamber in the game of passing an ordinary law (0 if unicameral).",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def upper_chamber_power(polity: Any, **overrides: Any) -> float:
    """Shapley–Shubik share of the upper (second-largest) national chamber; 0 if unicameral.

    {parameters}

    Returns
    -------
    float
        ``phi`` of :func:`govsim.model.roles.upper_chamber` in :func:`lawmaking_shares`.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(upper_chamber_power(kazakhstan_2019()), 2)  # the Senate
    0.41

    {references}
    """
    return _share_of(polity, upper_chamber(polity), overrides)

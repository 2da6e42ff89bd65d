"""Registered lawmaking-power metrics: Shapley–Shubik shares in the lawmaking game.

The shares come from the engines, :func:`govsim.power.lawmaking_shares` and
:func:`govsim.power.bloc_shares`; this module only registers the summaries.

``power.head_of_state_bloc`` and ``power.head_of_state_bloc_half`` are the head of
state's Shapley–Shubik share in the *bloc* lawmaking game
(:func:`govsim.power.lawmaking_blocs`): the seats he (or an office he appoints, up the
chain) fills, and each party's seats, vote as blocs, with discipline 1 and 1/2;
``power.head_of_state`` is the same share at discipline 0. The three are the
President's power as a range over discipline. Kazakhstan, appointees only (the
reviewer's illustration, ``blocs="appointed"``): 0.487 in 2019 (his 15 senators and the
Assembly's 9 deputies) -> 0.320 after 2023 (10 senators; the Assembly's seats gone).

The range need not be monotone in d. Discipline also welds *other* blocs, and the
Shapley value is not monotone under mergers: a bloc of others can lower a player's
share (five equal voters, majority 3: 1/5 each; when two others merge, 1/6 each for
the three left single and 1/2 for the pair). Russia 2020 showed it while the 85
governors, one grouped node, were read as one patron: 0.163 (d = 0), 0.179 (1/2),
0.153 (1) -- the engine, an exact enumeration of coalition types and 40,000 random
orderings agreed, so the arithmetic was right and the bloc was wrong (each governor
appoints his own senator). A group of one-person offices is now many patrons
(:func:`govsim.power.lawmaking_blocs`), and the President's share rises with his 30
senators' discipline: 0.163, 0.216, 0.282 (tests/power/test_blocs_discipline.py). A
party bloc that is not his still lowers his share as d grows (one chamber of 100, his
veto overridden by 2/3: a party of 55 seats takes him from 0.158 at d = 0 to 0.036 at
d = 1).

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
from govsim.power.blocs import bloc_shares
from govsim.power.lawmaking import lawmaking_shares

__all__ = [
    "head_of_state_bloc_half_power",
    "head_of_state_bloc_power",
    "head_of_state_power",
    "lower_chamber_power",
    "upper_chamber_power",
]

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


_BLOC_REFERENCE = (
    "Shapley & Shubik (1954), APSR 48:787-792, in the bloc game of "
    "govsim.power.lawmaking_blocs (blocs as players: Owen 1977)."
)


def _bloc_share(polity: Any, discipline: float, overrides: dict[str, Any]) -> float:
    office = head_of_state(polity)
    if office is None:
        return 0.0
    return bloc_shares(polity, discipline=discipline, **overrides).get(office.id, 0.0)


@register_metric(
    "power.head_of_state_bloc",
    definition=(
        "Shapley–Shubik share of the national head of state in the lawmaking game in "
        "which his appointees (up the appointment chain) and each party's seats vote "
        "as blocs, with perfect discipline (d = 1)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference=_BLOC_REFERENCE,
    input="polity",
)
def head_of_state_bloc_power(polity: Any, **overrides: Any) -> float:
    """The head of state's share in the bloc lawmaking game at discipline 1.

    Parameters
    ----------
    polity : govsim.model.Polity
    **overrides
        ``blocs``, ``head_party``, ``chamber_override``, ``presidential_override`` for
        :func:`govsim.power.lawmaking_blocs`.

    Returns
    -------
    float
        ``phi`` of the head of state's bloc (0 when the polity has no head of state).

    Notes
    -----
    ``phi_i = sum_{S not containing i, S loses, S + i wins} |S|! (n-1-|S|)! / n!`` over the
    players of the bloc game (the head of state with his blocs, each other bloc, each
    chamber's independents), computed exactly (:mod:`govsim.power.multiweight`). Not
    monotone in the discipline in general: other blocs form too, and a merger of
    others can lower the head's share (see the module docstring).

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan, kazakhstan_2019
    >>> round(head_of_state_bloc_power(kazakhstan_2019(), blocs="appointed"), 2)
    0.49
    >>> round(head_of_state_bloc_power(kazakhstan("2023-12-31"), blocs="appointed"), 2)
    0.32

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    return _bloc_share(polity, 1.0, overrides)


@register_metric(
    "power.head_of_state_bloc_half",
    definition=(
        "Shapley–Shubik share of the national head of state in the bloc lawmaking game "
        "with half discipline (d = 1/2: half of each bloc's seats, rounded half up, vote "
        "with it, the rest on their own)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference=_BLOC_REFERENCE,
    input="polity",
)
def head_of_state_bloc_half_power(polity: Any, **overrides: Any) -> float:
    """The head of state's share in the bloc lawmaking game at discipline 1/2.

    Parameters
    ----------
    polity : govsim.model.Polity
    **overrides
        As :func:`head_of_state_bloc_power`.

    Returns
    -------
    float

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(head_of_state_bloc_half_power(kazakhstan_2019(), blocs="appointed"), 2)
    0.3

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    return _bloc_share(polity, 0.5, overrides)

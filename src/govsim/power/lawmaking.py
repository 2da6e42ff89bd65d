"""The lawmaking procedure of a polity as a block game.

:func:`lawmaking_game` reads how an ordinary law passes from the polity graph and
returns a :class:`~govsim.power.BlockGame` with one block per national chamber (its
seats) and one for the head of state.

The encoding it reads
---------------------
* **Chambers**: institutions of kind ``chamber`` at level ``national``.
* **Adopting chambers**: ``Rule(kind="adopts_laws", subject=<chamber>)``. Each must pass
  the bill by its passing threshold: ``Rule(kind="passing_threshold", subject=<chamber>,
  value=<fraction>)``, by default a majority of all seats. When a bicameral parliament
  must pass a law in both chambers (Kazakhstan before 2022), both carry the rule. A
  polity with a single national chamber needs no rule.
* **Approving chambers**: a ``vetoes`` relation from chamber ``S`` to an adopting
  chamber ``M`` means ``S`` must approve what ``M`` adopts, by ``threshold`` of its
  seats (default a majority). An ``overrides`` relation from ``M`` to ``S`` lets ``M``
  overcome the refusal by its ``threshold`` (default 2/3).
* **Presidential veto**: a ``vetoes`` relation from the head of state to a chamber.
  ``overrides`` relations from chambers to the head of state mean the veto falls when
  every such chamber votes for the bill again by its threshold (default 2/3); without
  them the veto is absolute.

Derivation
----------
Each requirement is a disjunction of count thresholds ("the Senate approves, or the
Mazhilis overrides"); a law passes when every requirement holds. Multiplying the
disjunctions out gives the clauses of the game (each clause takes, block by block, the
largest threshold of the alternatives it combines); clauses implied by another are
dropped.

Assumptions: every member votes yes or no on the final text (abstention counts as no,
which is what "a majority of all deputies" means); the stages are folded into one
coalition (the same coalition must carry every stage it needs, as in Shapley & Shubik
1954); agenda setting, time limits, the Vice-President's tie-break and the President's
option of signing a law in his own wording are ignored. A threshold fraction ``f`` of
``s`` seats needs ``ceil(f * s)`` votes, except ``f = 1/2``, which means a majority
(``s // 2 + 1``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import product
from math import ceil
from typing import Any, Literal

from govsim._validation import check_fraction, check_int, param_error
from govsim.model.roles import head_of_state
from govsim.power.exact import shapley_shubik
from govsim.power.games import BlockGame

__all__ = ["OVERRIDE_DEFAULT", "OverrideSpec", "lawmaking_game", "lawmaking_shares", "seats_needed"]

#: Default override threshold (fraction of all seats) when the relation records none.
OVERRIDE_DEFAULT = 2 / 3

#: How an override is decided: ``"data"`` (the polity's ``overrides`` relations), ``None``
#: (no override: the refusal or veto is final) or a fraction (an override by that share
#: of the seats, whatever the data say).
OverrideSpec = Literal["data"] | float | None


def seats_needed(fraction: float | None, seats: int) -> int:
    """Votes needed out of ``seats`` for a threshold ``fraction`` (``None``: a majority).

    Parameters
    ----------
    fraction : float or None
        Share of all seats a vote must reach, in (0, 1]; ``None`` or 0.5 mean an
        absolute majority (more than half).
    seats : int
        Seats of the body, at least 1.

    Returns
    -------
    int
        ``seats // 2 + 1`` for a majority, else ``ceil(fraction * seats)`` clipped to
        ``[1, seats]`` (a tolerance of 1e-9 keeps 2/3 of 99 at 66).

    Raises
    ------
    govsim.ValidationError
        If ``seats`` is not a positive int or ``fraction`` is not in (0, 1].

    Examples
    --------
    >>> seats_needed(None, 98), seats_needed(0.5, 98), seats_needed(2 / 3, 98), seats_needed(2 / 3, 99)
    (50, 50, 66, 66)

    References
    ----------
    Kazakhstan: a presidential veto is overridden by two thirds of the total deputies of
    each chamber (project reference ``kazakhstan.md``, section on lawmaking; UNCONFIRMED
    after 2022).
    """
    seats = check_int(seats, "seats", "seats_needed", low=1)
    if fraction is not None:
        fraction = check_fraction(
            fraction, "fraction", "seats_needed", closed_left=False, closed_right=True
        )
    if fraction is None or abs(fraction - 0.5) < 1e-12:
        return seats // 2 + 1
    return min(seats, max(1, ceil(fraction * seats - 1e-9)))


def _check_override(value: Any, param: str) -> OverrideSpec:
    if value is None:
        return None
    if value == "data":
        return "data"
    return check_fraction(value, param, "lawmaking_game", closed_left=False, closed_right=True)


def _expand(requirements: Iterable[list[dict[str, int]]]) -> list[dict[str, int]]:
    """Multiply out a conjunction of disjunctions; drop clauses implied by another."""
    clauses: list[dict[str, int]] = []
    for combo in product(*requirements):  # few requirements with 1-2 alternatives each
        merged: dict[str, int] = {}
        for alt in combo:
            for block, need in alt.items():
                merged[block] = max(merged.get(block, 0), need)
        clauses.append(merged)

    def implies(a: Mapping[str, int], b: Mapping[str, int]) -> bool:  # a's coalitions win via b
        return all(a.get(k, 0) >= v for k, v in b.items())

    kept: list[dict[str, int]] = []
    for i, c in enumerate(clauses):
        dominated = any(
            implies(c, d) and (not implies(d, c) or j < i) for j, d in enumerate(clauses) if j != i
        )
        if not dominated:
            kept.append(c)
    return kept


def lawmaking_game(
    polity: Any,
    *,
    chamber_override: OverrideSpec = "data",
    presidential_override: OverrideSpec = "data",
) -> BlockGame:
    """The block game of passing an ordinary law in ``polity``.

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity (see the module docstring for the encoding it reads).
    chamber_override : "data", float or None, default "data"
        How an adopting chamber overcomes an approving chamber's refusal: from the
        polity's ``overrides`` relations, never (``None``), or by this fraction of its
        seats. Kazakhstan after 2022: the Mazhilis' 2/3 override of a Senate refusal is
        UNCONFIRMED in the reference, hence this parameter.
    presidential_override : "data", float or None, default "data"
        How the chambers overcome the head of state's veto: from the polity's
        ``overrides`` relations, never, or by this fraction of every chamber that takes
        part in lawmaking.

    Returns
    -------
    BlockGame
        Blocks: the national head of state (if any) and every national chamber, by id.

    Raises
    ------
    govsim.ValidationError
        If the polity has no national chamber, names no adopting chamber while having
        several, or a lawmaking rule names an institution that is not a national chamber.

    Notes
    -----
    A law passes iff ``AND_{adopting A} [c_A >= p_A]
    AND_{S vetoes M} ([c_S >= t_S] OR [c_M >= o_M])
    AND [head vetoes] ([c_H >= 1] OR AND_{X overrides H} [c_X >= o_X])``,
    multiplied out into clauses (see the module docstring).

    Examples
    --------
    >>> from govsim.model import Institution, Polity, Relation, Rule
    >>> us = Polity(
    ...     "us",
    ...     institutions=[
    ...         Institution(id="president", name="President", kind="head_of_state", level="national"),
    ...         Institution(id="senate", name="Senate", kind="chamber", level="national", seats=100),
    ...         Institution(id="house", name="House", kind="chamber", level="national", seats=435),
    ...     ],
    ...     relations=[
    ...         Relation(source="president", target="house", kind="vetoes"),
    ...         Relation(source="house", target="president", kind="overrides", threshold=2 / 3),
    ...         Relation(source="senate", target="president", kind="overrides", threshold=2 / 3),
    ...     ],
    ...     rules=[Rule(kind="adopts_laws", subject="house"), Rule(kind="adopts_laws", subject="senate")],
    ... )
    >>> lawmaking_game(us).clauses
    [{'president': 1, 'senate': 51, 'house': 218}, {'president': 0, 'senate': 67, 'house': 290}]

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). A method for evaluating the distribution of
    power in a committee system. *American Political Science Review* 48(3):787–792.
    Tsebelis, G. (2002). *Veto Players*. Princeton University Press.
    """
    func = "lawmaking_game"
    chamber_override = _check_override(chamber_override, "chamber_override")
    presidential_override = _check_override(presidential_override, "presidential_override")
    chambers = {c.id: c for c in polity.select(kind="chamber", level="national")}
    if not chambers:
        raise param_error("polity", func, "a polity with a national chamber", polity.name)
    head = head_of_state(polity)

    def chamber(ident: str | None, what: str) -> Any:
        if ident not in chambers:
            raise param_error(what, func, "the id of a national chamber", ident)
        return chambers[ident]

    adopting = [
        chamber(r.subject, "Rule(adopts_laws).subject").id for r in polity.rules_of("adopts_laws")
    ]
    if not adopting:
        if len(chambers) > 1:
            raise param_error(
                "polity",
                func,
                "an adopts_laws rule naming the adopting chamber(s)",
                sorted(chambers),
            )
        adopting = list(chambers)
    passing: dict[str, float | None] = {}
    for rule in polity.rules_of("passing_threshold"):
        ch = chamber(rule.subject, "Rule(passing_threshold).subject")
        passing[ch.id] = check_fraction(
            rule.value,
            f"Rule(passing_threshold, {ch.id}).value",
            func,
            closed_left=False,
            closed_right=True,
        )

    requirements: list[list[dict[str, int]]] = []
    taking_part = list(dict.fromkeys(adopting))
    for a in taking_part:
        requirements.append([{a: seats_needed(passing.get(a), chambers[a].seats)}])

    overrides = polity.relations_of(kind="overrides")
    head_vetoes = False
    for rel in polity.relations_of(kind="vetoes"):
        if head is not None and rel.source == head.id and rel.target in chambers:
            head_vetoes = True
        elif rel.source in chambers and rel.target in adopting and rel.source != rel.target:
            s, m = chambers[rel.source], chambers[rel.target]
            alternatives = [{s.id: seats_needed(rel.threshold, s.seats)}]
            if chamber_override == "data":
                for o in overrides:
                    if o.source == m.id and o.target == s.id:
                        need = seats_needed(o.threshold or OVERRIDE_DEFAULT, m.seats)
                        alternatives.append({m.id: need})
            elif chamber_override is not None:
                alternatives.append({m.id: seats_needed(chamber_override, m.seats)})
            requirements.append(alternatives)
            if s.id not in taking_part:
                taking_part.append(s.id)

    if head_vetoes and head is not None:
        override: dict[str, int] = {}
        if presidential_override == "data":
            for o in overrides:
                if o.target == head.id and o.source in chambers:
                    seats = chambers[o.source].seats
                    override[o.source] = seats_needed(o.threshold or OVERRIDE_DEFAULT, seats)
        elif presidential_override is not None:
            for c in taking_part:
                override[c] = seats_needed(presidential_override, chambers[c].seats)
        alternatives = [{head.id: seats_needed(None, head.seats)}]
        if override:
            alternatives.append(override)
        requirements.append(alternatives)

    sizes = ({head.id: head.seats} if head is not None else {}) | {
        c: chambers[c].seats for c in chambers
    }
    return BlockGame(sizes, _expand(requirements))


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

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> {k: round(v, 2) for k, v in lawmaking_shares(kazakhstan_2019()).items()}
    {'president': 0.16, 'mazhilis': 0.43, 'senate': 0.41}

    References
    ----------
    Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
    """
    game = lawmaking_game(
        polity, chamber_override=chamber_override, presidential_override=presidential_override
    )
    return dict(_shares(game))

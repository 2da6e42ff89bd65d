"""The lawmaking game with parties and appointees voting as blocs, under a discipline ``d``.

:func:`govsim.power.lawmaking_game` treats every member of every chamber as an
independent voter. :func:`lawmaking_blocs` keeps its clauses (who must pass a law, by
which thresholds, with which vetoes and overrides) and groups the members into blocs
read from the polity:

* **appointee blocs** -- the seats of a chamber filled by a seat channel (a relation
  ``appoints``, or ``elects`` from a body that is itself appointed, with ``seats``)
  vote with their *patron*: the top of the chain of whole-body ``appoints`` relations
  above the channel's source (each office on it having exactly one appointer). The
  President's appointed senators have the President as patron; the Assembly of People's
  9 Mazhilis deputies too, since the President forms the Assembly. Seats elected by
  bodies that no one appoints (senators elected by maslikhats) are not a bloc. Nor
  are the seats whose patron is a *group of one-person offices* (an ``executive``
  node with ``seats > 1``, such as Russia's 85 governors, each appointing one
  senator): each holder names his own, so they vote as independent members (were a
  holder to fill several seats, those would be small blocs of his own; they are
  counted as independents, an approximation).
* **party blocs** -- the seats a party holds in a chamber (``holds_seats``,
  :func:`govsim.model.parties.seat_table`) vote with the party, across chambers.
* a bloc whose patron is the head of state joins the head of state's own vote; with
  ``head_party=True`` so does the party the head belongs to (``member_of``).

**Discipline.** With discipline ``d`` in [0, 1], ``round(d * s)`` of a bloc's ``s`` seats
(half up) vote as one block with the bloc, the other ``s - round(d * s)`` as independent
members: ``d = 0`` is the per-member game of :func:`lawmaking_game` (the same indices),
``d = 1`` perfect blocs. It is the simplest model between the two ends, a share of
loyalists; it does not model members who defect at random (a bloc of ``s`` seats
whose members each follow it with probability ``d`` would need a probabilistic
game, not a simple one).

The game is a :class:`~govsim.power.MultiWeightGame` with one dimension per block of
the lawmaking game (the head of state, each chamber) and its exact indices
(:func:`~govsim.power.multiweight_shapley_shubik`, :func:`~govsim.power.multiweight_banzhaf`).

References
----------
Shapley, L. S. and Shubik, M. (1954). *APSR* 48(3):787–792.
Owen, G. (1977). Values of games with a priori unions. In Henn & Moeschlin (eds.),
*Essays in Mathematical Economics and Game Theory*, Springer, 76–88 (blocs as players).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from govsim._validation import check_bool, check_choice, check_fraction, check_int, param_error
from govsim.electoral.montecarlo import SimulationResult
from govsim.model.kinds import InstitutionKind, RelationKind
from govsim.model.parties import membership, seat_table
from govsim.model.roles import head_of_state
from govsim.power.lawmaking import OverrideSpec, lawmaking_game
from govsim.power.multiweight import (
    MultiWeightGame,
    multiweight_banzhaf,
    multiweight_shapley_shubik,
)

__all__ = [
    "BLOC_KINDS",
    "MAX_SIMULATED_DRAWS",
    "Blocs",
    "bloc_shares",
    "lawmaking_blocs",
    "patrons",
    "simulated_bloc_shares",
]

#: Most Monte Carlo draws :func:`simulated_bloc_shares` evaluates (one bloc game per
#: distinct draw; Kazakhstan 2023: 200 draws in 1.8 s on the busy 2-core machine): 10^5.
MAX_SIMULATED_DRAWS = 100_000

#: Which blocs vote together: ``"all"`` (appointees and parties), ``"appointed"``,
#: ``"parties"``.
Blocs = Literal["all", "appointed", "parties"]
BLOC_KINDS: tuple[str, ...] = ("all", "appointed", "parties")

_APPOINTS = RelationKind.APPOINTS.code
_ELECTS = RelationKind.ELECTS.code
_ELECTORATE = InstitutionKind.ELECTORATE.code
_EXECUTIVE = InstitutionKind.EXECUTIVE.code


def patrons(polity: Any) -> NDArray[np.int64]:
    """For every institution row, the top of its chain of sole whole-body appointers.

    An office with exactly one ``appoints`` relation into it that concerns all its seats
    has that appointer above it; the patron is the last office reached going up
    (itself when it has no sole appointer). Cycles stop where they close. Vectorized by
    pointer doubling over the ``appoints`` columns.
    """
    rel = polity.relation_table
    n = polity.n_institutions
    whole = (rel.kind == _APPOINTS) & (rel.seats < 0)
    count = np.bincount(rel.target[whole], minlength=n)
    up = np.arange(n, dtype=np.int64)
    sole = whole & (count[rel.target] == 1)
    up[rel.target[sole]] = rel.source[sole]
    for _ in range(int(np.ceil(np.log2(n + 1))) + 1):
        up = up[up]
    # on a cycle every office maps to some office of the cycle: take the smallest row
    on_cycle = up[up] != up
    if on_cycle.any():
        up = np.where(on_cycle, np.minimum(up, up[up]), up)
    return up


def _check_discipline(value: Any, func: str) -> float:
    return check_fraction(value, "discipline", func, closed_left=True, closed_right=True)


def lawmaking_blocs(
    polity: Any,
    *,
    discipline: float = 1.0,
    blocs: Blocs = "all",
    head_party: bool = False,
    party_seats: Mapping[str, Mapping[str, int]] | None = None,
    chamber_override: OverrideSpec = "data",
    presidential_override: OverrideSpec = "data",
) -> MultiWeightGame:
    """The lawmaking game of ``polity`` with its blocs, as a multi-weight game.

    Parameters
    ----------
    polity : govsim.model.Polity
    discipline : float in [0, 1], default 1
        Share of each bloc's seats that vote with the bloc (rounded half up per bloc
        and chamber); the rest vote as independent members.
    blocs : {"all", "appointed", "parties"}, default "all"
        Which blocs are formed (see the module docstring).
    head_party : bool, default False
        Whether the party of the head of state (``member_of``) votes with him.
    party_seats : mapping, optional
        Chamber id -> {party label: seats}, used for that chamber instead of its
        ``holds_seats`` relations (an election result or a Monte Carlo draw:
        :func:`simulated_bloc_shares`); labels need not be institutions, and a label
        equal to the head of state's party id joins him with ``head_party``. Read
        with ``blocs`` "all" or "parties".
    chamber_override, presidential_override
        Passed to :func:`govsim.power.lawmaking_game`.

    Returns
    -------
    MultiWeightGame
        Dimensions: the blocks of :func:`lawmaking_game` (head of state, chambers), with
        its clauses. Classes: the head of state (with the blocs that join him), one per
        other bloc (named by its patron or party id), and each chamber's independent
        members (named by the chamber id).

    Raises
    ------
    govsim.ValidationError
        If ``discipline`` is not in [0, 1], ``blocs`` is unknown, or the blocs of a
        chamber hold more seats than it has (naming the chamber).

    Examples
    --------
    Kazakhstan 2019, the President's 15 senators and the Assembly's 9 deputies with him:

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> g = lawmaking_blocs(kazakhstan_2019(), blocs="appointed")
    >>> g.names, g.counts.tolist()
    (('president', 'mazhilis', 'senate'), [1, 98, 34])
    >>> g.weights[0].tolist()  # president, mazhilis, senate
    [1, 9, 15]
    """
    func = "lawmaking_blocs"
    d = _check_discipline(discipline, func)
    kind = check_choice(blocs, "blocs", func, BLOC_KINDS)
    check_bool(head_party, "head_party", func)
    base = lawmaking_game(
        polity, chamber_override=chamber_override, presidential_override=presidential_override
    )
    dims = list(base.names)
    sizes = base.sizes
    head = head_of_state(polity)
    head_id = head.id if head is not None and head.id in sizes else None
    merge_head = head_id is not None and sizes[head_id] == 1
    ids = polity.institution_table.id
    inst_kind = polity.institution_table.kind
    rows = {name: int(polity.index_of(name)[0]) for name in dims}
    head_row = rows[head_id] if head_id is not None else -1

    # bloc key -> seats per dimension
    seats: dict[str, NDArray[np.int64]] = {}

    def add(key: str, dim: int, s: int) -> None:
        seats.setdefault(key, np.zeros(len(dims), dtype=np.int64))[dim] += s

    rel = polity.relation_table
    if kind in ("all", "appointed"):
        up = patrons(polity)
        has_appointer = up != np.arange(polity.n_institutions)
        src = rel.source
        channel = (
            ((rel.kind == _APPOINTS) | ((rel.kind == _ELECTS) & has_appointer[src]))
            & (rel.seats > 0)
            & (inst_kind[src] != _ELECTORATE)
        )
        # a group of one-person offices (governors, akims) is many patrons, not one
        group = (inst_kind == _EXECUTIVE) & (polity.institution_table.seats > 1)
        for dim, name in enumerate(dims):
            if name == head_id:
                continue
            for k in np.flatnonzero(channel & (rel.target == rows[name])):
                patron = int(up[src[k]])
                if group[patron]:
                    continue
                key = "\x00head" if merge_head and patron == head_row else str(ids[patron])
                add(key, dim, int(rel.seats[k]))
    if kind in ("all", "parties"):
        head_party_row = int(membership(polity)[head_row]) if head_party and head_row >= 0 else -1
        head_party_id = str(ids[head_party_row]) if head_party_row >= 0 else None
        given = _check_party_seats(party_seats, dims, head_id, func)
        for dim, name in enumerate(dims):
            if name == head_id:
                continue
            if name in given:
                held_by = list(given[name].items())
            else:
                table = seat_table(polity, name)
                held_by = list(zip(table.parties.tolist(), table.seats.tolist(), strict=True))
            for party, s in held_by:
                key = "\x00head" if merge_head and party == head_party_id else str(party)
                add(key, dim, int(s))

    held = np.zeros(len(dims), dtype=np.int64)
    loyal: dict[str, NDArray[np.int64]] = {}
    for key, vec in seats.items():
        kept = np.floor(d * vec + 0.5).astype(np.int64)
        held += vec
        if kept.any():
            loyal[key] = kept
    size_vec = np.array([sizes[n] for n in dims], dtype=np.int64)
    over = np.flatnonzero(held > size_vec)
    if over.size:
        name = dims[int(over[0])]
        raise param_error(
            "polity",
            func,
            f"blocs (appointees and parties) of at most the {sizes[name]} seats of {name!r}",
            int(held[over[0]]),
        )
    independents = size_vec.copy()
    for vec in loyal.values():
        independents -= vec
    names: list[str] = []
    weights: list[NDArray[np.int64]] = []
    counts: list[int] = []
    if merge_head and head_id is not None:
        hd = dims.index(head_id)
        vec = loyal.pop("\x00head", np.zeros(len(dims), dtype=np.int64)).copy()
        vec[hd] += 1
        independents[hd] = 0
        names.append(head_id)
        weights.append(vec)
        counts.append(1)
    for key in sorted(loyal):
        label = key if key not in dims else f"{key}.bloc"
        names.append(label)
        weights.append(loyal[key])
        counts.append(1)
    for dim, name in enumerate(dims):
        if independents[dim] > 0:
            unit = np.zeros(len(dims), dtype=np.int64)
            unit[dim] = 1
            names.append(name)
            weights.append(unit)
            counts.append(int(independents[dim]))
    return MultiWeightGame(np.array(weights), base.threshold_array, counts=counts, names=names)


def _check_party_seats(
    party_seats: Mapping[str, Mapping[str, int]] | None,
    dims: list[str],
    head_id: str | None,
    func: str,
) -> dict[str, dict[str, int]]:
    if party_seats is None:
        return {}
    if not isinstance(party_seats, Mapping):
        raise param_error(
            "party_seats", func, "a mapping of chamber id to party seats", party_seats
        )
    out: dict[str, dict[str, int]] = {}
    for body, seats in party_seats.items():
        if body not in dims or body == head_id:
            raise param_error("party_seats", func, f"chamber ids among {dims}", body)
        if not isinstance(seats, Mapping):
            raise param_error(f"party_seats[{body}]", func, "a mapping of party to seats", seats)
        out[body] = {
            str(k): check_int(v, f"party_seats[{body}][{k}]", func, low=0) for k, v in seats.items()
        }
    return out


@lru_cache(maxsize=128)
def _indices(game: MultiWeightGame, index: str) -> dict[str, float]:
    if index == "ss":
        return multiweight_shapley_shubik(game)
    return multiweight_banzhaf(game)


def bloc_shares(
    polity: Any,
    *,
    discipline: float = 1.0,
    index: Literal["ss", "bz"] = "ss",
    blocs: Blocs = "all",
    head_party: bool = False,
    party_seats: Mapping[str, Mapping[str, int]] | None = None,
    chamber_override: OverrideSpec = "data",
    presidential_override: OverrideSpec = "data",
) -> dict[str, float]:
    """Shapley–Shubik (``"ss"``) or normalized Banzhaf (``"bz"``) shares of the bloc game.

    Returns
    -------
    dict
        Class name of :func:`lawmaking_blocs` -> its total share (sums to 1): the head
        of state with his blocs, each other bloc, each chamber's independents.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> kz = kazakhstan_2019()
    >>> round(bloc_shares(kz, discipline=0.0)["president"], 3)  # the per-member game
    0.162
    >>> round(bloc_shares(kz, blocs="appointed")["president"], 3)
    0.487
    """
    func = "bloc_shares"
    which = check_choice(index, "index", func, ("ss", "bz"))
    game = lawmaking_blocs(
        polity,
        discipline=discipline,
        blocs=blocs,
        head_party=head_party,
        party_seats=party_seats,
        chamber_override=chamber_override,
        presidential_override=presidential_override,
    )
    return dict(_indices(game, which))


def simulated_bloc_shares(
    polity: Any,
    result: SimulationResult,
    body: str,
    *,
    discipline: float = 1.0,
    index: Literal["ss", "bz"] = "ss",
    blocs: Blocs = "all",
    head_party: bool = False,
    chamber_override: OverrideSpec = "data",
    presidential_override: OverrideSpec = "data",
) -> dict[str, float]:
    """Mean bloc-game shares over Monte Carlo elections of ``body``.

    Each draw of ``result`` (:func:`govsim.electoral.simulate`, or the runs of the
    ``electoral.*`` metrics) gives the seats of each list-eligible entry in ``body``
    (a party bloc, labelled by the vote model's name); the seats of other entries
    (self-nominated winners) are independents. The bloc game is solved once per
    distinct draw and the shares averaged over the draws.

    Parameters
    ----------
    polity : govsim.model.Polity
    result : govsim.electoral.SimulationResult
        At most :data:`MAX_SIMULATED_DRAWS` draws.
    body : str
        The chamber the draws fill (the lower chamber of the electoral metrics).
    discipline, index, blocs, head_party, chamber_override, presidential_override
        As :func:`bloc_shares`.

    Returns
    -------
    dict
        Class name -> mean share over the draws (a name absent from a draw counts 0).

    Raises
    ------
    govsim.ValidationError
        If ``result`` is not a simulation result or has too many draws, or ``body`` is
        not a chamber of the lawmaking game.
    """
    func = "simulated_bloc_shares"
    if not isinstance(result, SimulationResult):
        raise param_error("result", func, "a SimulationResult", type(result).__name__)
    n_draws = int(result.seats.shape[0])
    if n_draws > MAX_SIMULATED_DRAWS:
        raise param_error(
            "result", func, f"at most {MAX_SIMULATED_DRAWS} draws (MAX_SIMULATED_DRAWS)", n_draws
        )
    n_entries = int(result.seats.shape[1])
    labels = (
        list(result.names) if result.names is not None else [f"entry{k}" for k in range(n_entries)]
    )
    party_cols = np.flatnonzero(result.parties)
    seats = np.asarray(result.seats)[:, party_cols]
    distinct, inverse, counts = np.unique(seats, axis=0, return_inverse=True, return_counts=True)
    totals: dict[str, float] = {}
    for row, weight in zip(distinct, counts.tolist(), strict=True):
        draw = {labels[int(c)]: int(v) for c, v in zip(party_cols, row.tolist(), strict=True) if v}
        shares = bloc_shares(
            polity,
            discipline=discipline,
            index=index,
            blocs=blocs,
            head_party=head_party,
            party_seats={body: draw},
            chamber_override=chamber_override,
            presidential_override=presidential_override,
        )
        for name, value in shares.items():
            totals[name] = totals.get(name, 0.0) + weight * value
    del inverse
    return {name: value / n_draws for name, value in totals.items()}

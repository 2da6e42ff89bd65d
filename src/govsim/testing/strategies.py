"""Hypothesis strategies for govsim objects."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from govsim.model.kinds import (
    CHAMBER_ROLES,
    ROLE_KINDS,
    SELECTION_KINDS,
    InstitutionKind,
    Level,
    RelationKind,
    Role,
)
from govsim.model.polity import Polity
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier, TermRule

__all__ = ["polities"]

_SELECTION = np.array(sorted(k.code for k in SELECTION_KINDS))
#: Relation kinds drawn at random: those before the party ties (``holds_seats``,
#: ``member_of``), whose endpoints and seats have rules of their own
#: (:mod:`govsim.model.parties`); the draws are the same as before those kinds existed.
_RANDOM_KINDS = RelationKind.HOLDS_SEATS.code


@st.composite
def polities(
    draw: st.DrawFn,
    /,
    max_institutions: int = 30,
    max_relations: int = 80,
    max_territories: int = 10,
    min_institutions: int = 0,
    shaped: bool = False,
    min_territories: int = 0,
) -> Polity:
    """Random valid polities: any kinds and levels, cycles, parallel and isolated nodes.

    Seats of selection channels are drawn so that a body's channels never hand out
    more seats than it has; a share of relations records no seats (the channel
    concerns all seats).

    With ``shaped``, the polities look more like real ones, so that reforms and
    metrics that need some structure have it: a territory's level is its depth in
    the tree (so siblings share a level), there is an electorate (and often a
    party with a patronage tie), a quarter of the
    relations are ``elects`` from an electorate, most offices sit at their
    territory's level, and most of the bodies an electorate elects get an electoral system (a party-list tier, sometimes with a
    single-member tier) that fits beside their other channels. Without it the
    draws are the same as before the option existed.

    Examples
    --------
    >>> from hypothesis import find
    >>> p = find(polities(shaped=True), lambda p: len(p.electoral_systems) > 0)
    >>> all(s.seats <= p.institution(s.body).seats for s in p.electoral_systems)
    True
    """
    n_t = draw(st.integers(min(min_territories, max_territories), max_territories))
    n_i = draw(st.integers(min_institutions, max_institutions))
    n_r = draw(st.integers(0, max_relations if n_i > 0 else 0))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)

    # Territories: each parent has a smaller index, so the parents form a forest.
    parents = np.array([rng.integers(-1, k) if k else -1 for k in range(n_t)], dtype=np.int64)
    t_level = rng.integers(0, len(Level), n_t)
    if shaped:
        depth = np.zeros(n_t, dtype=np.int64)
        for t in range(n_t):  # parents come first
            depth[t] = depth[parents[t]] + 1 if parents[t] >= 0 else 0
        t_level = np.minimum(depth, len(Level) - 1)
    population = np.where(rng.random(n_t) < 0.8, rng.integers(0, 10**6, n_t), -1)

    kind = rng.integers(0, len(InstitutionKind), n_i)
    level = rng.integers(0, len(Level), n_i)
    territory = rng.integers(-1, n_t, n_i) if n_t else np.full(n_i, -1)
    if shaped and n_t:  # most offices sit at their territory's level
        at_home = (territory >= 0) & (rng.random(n_i) < 0.7)
        level = np.where(at_home, t_level[np.maximum(territory, 0)], level)
    seats = np.where(rng.random(n_i) < 0.6, 1, rng.integers(1, 60, n_i))
    terms = [
        TermRule(years=int(rng.integers(1, 8)), max_terms=int(rng.integers(1, 3)))
        if rng.random() < 0.1
        else None
        for _ in range(n_i)
    ]

    src = rng.integers(0, max(n_i, 1), n_r)
    tgt = rng.integers(0, max(n_i, 1), n_r)
    rkind = rng.integers(0, _RANDOM_KINDS, n_r)
    if shaped and n_i >= 2:
        if rng.random() < 0.5:  # a party with a patronage tie
            party, other = rng.choice(n_i, 2, replace=False)
            kind[party] = InstitutionKind.PARTY.code
            ends = (party, other) if rng.random() < 0.5 else (other, party)
            src, tgt = np.append(src, ends[0]), np.append(tgt, ends[1])
            rkind = np.append(rkind, RelationKind.PATRONAGE.code)
            n_r += 1
        if not (kind == InstitutionKind.ELECTORATE.code).any():
            kind[-1] = InstitutionKind.ELECTORATE.code
        voters = np.flatnonzero(kind == InstitutionKind.ELECTORATE.code)
        popular = rng.random(n_r) < 0.25
        src = np.where(popular, rng.choice(voters, n_r), src)
        rkind = np.where(popular, RelationKind.ELECTS.code, rkind)
    loop = (src == tgt) & np.isin(rkind, _SELECTION)
    # Selection loops are invalid: point them at the next node, or drop them with one node.
    if n_i > 1:
        tgt = np.where(loop, (tgt + 1) % n_i, tgt)
    else:
        keep = ~loop
        src, tgt, rkind = src[keep], tgt[keep], rkind[keep]
        n_r = src.shape[0]
    # Seats on elects/appoints channels: a random split that never overfills a body.
    rseats = np.full(n_r, -1, dtype=np.int64)
    chain = np.isin(rkind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
    for k in np.flatnonzero(chain & (rng.random(n_r) < 0.5)):
        remaining = seats[tgt[k]] - rseats[(tgt == tgt[k]) & chain & (rseats > 0)].sum()
        if remaining >= 1:
            rseats[k] = rng.integers(1, remaining + 1)
    threshold = np.where(rng.random(n_r) < 0.2, rng.choice([0.5, 2 / 3, 0.75, 1.0], n_r), np.nan)

    electoral_systems = _systems(rng, kind, seats, src, tgt, rkind, rseats) if shaped else []
    # drawn from their own stream, so that the draws above are those of before roles
    role = _roles(np.random.default_rng([seed, 1]), kind, level)
    return Polity.from_arrays(
        f"random-{seed}",
        territories={
            "id": [f"t{k}" for k in range(n_t)],
            "level": t_level,
            "parent": parents,
            "population": population,
        },
        institutions={
            "id": [f"n{k}" for k in range(n_i)],
            "kind": kind,
            "level": level,
            "territory": territory,
            "seats": seats,
            "term": terms,
            "role": role,
        },
        relations={
            "source": src,
            "target": tgt,
            "kind": rkind,
            "seats": rseats,
            "threshold": threshold,
        },
        electoral_systems=electoral_systems,
    )


def _roles(rng: np.random.Generator, kind: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Valid roles for some national institutions (about half the polities hold none).

    Each role goes, with probability 1/2, to a national institution of a fitting kind
    that holds no role yet; a sole chamber and a lower or upper one exclude each other.
    """
    role = np.full(kind.shape[0], -1, dtype=np.int8)
    if rng.random() < 0.5:
        return role
    for r in rng.permutation(len(Role)):
        this = Role.from_code(int(r))
        taken = {Role.from_code(int(c)) for c in role[role >= 0]}
        if this in CHAMBER_ROLES and (
            (this is Role.SOLE_CHAMBER and taken & CHAMBER_ROLES)
            or (this is not Role.SOLE_CHAMBER and Role.SOLE_CHAMBER in taken)
        ):
            continue
        fits = np.isin(kind, [k.code for k in ROLE_KINDS[this]])
        free = np.flatnonzero(fits & (level == Level.NATIONAL.code) & (role < 0))
        if free.size and rng.random() < 0.5:
            role[rng.choice(free)] = this.code
    return role


def _systems(
    rng: np.random.Generator,
    kind: np.ndarray,
    seats: np.ndarray,
    src: np.ndarray,
    tgt: np.ndarray,
    rkind: np.ndarray,
    rseats: np.ndarray,
) -> list[ElectoralSystem]:
    """Electoral systems for some bodies an electorate elects, fitting beside their other channels."""
    electorate = InstitutionKind.ELECTORATE.code
    popular = (rkind == RelationKind.ELECTS.code) & (kind[src] == electorate)
    bodies = np.unique(tgt[popular & (kind[tgt] != electorate)])
    appointed = (rkind == RelationKind.APPOINTS.code) & (rseats > 0)
    other = np.bincount(tgt[appointed], weights=rseats[appointed], minlength=kind.shape[0])
    out = []
    for b in bodies[rng.random(bodies.shape[0]) < 0.8]:
        room = int(seats[b] - other[b])
        if room < 1:
            continue
        n_list = int(rng.integers(1, room + 1))
        tiers: list[ListTier | SingleMemberTier] = [
            ListTier(seats=n_list, threshold=float(rng.choice([0.0, 0.05, 0.07])))
        ]
        if n_list < room and rng.random() < 0.5:
            tiers.append(SingleMemberTier(seats=int(rng.integers(1, room - n_list + 1))))
        out.append(ElectoralSystem(body=f"n{int(b)}", tiers=tuple(tiers)))
    return out

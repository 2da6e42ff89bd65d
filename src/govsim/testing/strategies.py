"""Hypothesis strategies for govsim objects."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from govsim.model.kinds import SELECTION_KINDS, InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import TermRule

__all__ = ["polities"]

_SELECTION = np.array(sorted(k.code for k in SELECTION_KINDS))


@st.composite
def polities(
    draw: st.DrawFn,
    max_institutions: int = 30,
    max_relations: int = 80,
    max_territories: int = 10,
    min_institutions: int = 0,
) -> Polity:
    """Random valid polities: any kinds and levels, cycles, parallel and isolated nodes.

    Seats of selection channels are drawn so that a body's channels never hand out
    more seats than it has; a share of relations records no seats (the channel
    concerns all seats).
    """
    n_t = draw(st.integers(0, max_territories))
    n_i = draw(st.integers(min_institutions, max_institutions))
    n_r = draw(st.integers(0, max_relations if n_i > 0 else 0))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)

    # Territories: each parent has a smaller index, so the parents form a forest.
    parents = np.array([rng.integers(-1, k) if k else -1 for k in range(n_t)], dtype=np.int64)
    t_level = rng.integers(0, len(Level), n_t)
    population = np.where(rng.random(n_t) < 0.8, rng.integers(0, 10**6, n_t), -1)

    kind = rng.integers(0, len(InstitutionKind), n_i)
    level = rng.integers(0, len(Level), n_i)
    territory = rng.integers(-1, n_t, n_i) if n_t else np.full(n_i, -1)
    seats = np.where(rng.random(n_i) < 0.6, 1, rng.integers(1, 60, n_i))
    terms = [
        TermRule(years=int(rng.integers(1, 8)), max_terms=int(rng.integers(1, 3)))
        if rng.random() < 0.1
        else None
        for _ in range(n_i)
    ]

    src = rng.integers(0, max(n_i, 1), n_r)
    tgt = rng.integers(0, max(n_i, 1), n_r)
    rkind = rng.integers(0, len(RelationKind), n_r)
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
        },
        relations={
            "source": src,
            "target": tgt,
            "kind": rkind,
            "seats": rseats,
            "threshold": threshold,
        },
    )

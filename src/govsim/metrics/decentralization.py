"""Decentralization: the Regional Authority Index's representation score per tier.

For each territorial unit of a tier (level ``regional`` or ``district``), RAI's
*representation* dimension adds an assembly score and an executive score:

- assembly (the unit's ``council`` nodes): 0 none or appointed, 1 indirectly
  elected, 2 directly elected;
- executive (the unit's ``executive`` nodes): 0 appointed by the centre, 1 dual
  (appointed by the centre with the unit's assembly consenting, or chosen by the
  assembly on the centre's nomination), 2 chosen by the unit's assembly or
  directly elected.

Both are read off the chain channels and seat-weighted (a body half directly
elected and half appointed scores 1), so the pure cases give RAI's integer codes.
A tier's score is the population-weighted mean over its units, 0-4; a unit whose
population is unknown is weighted by an estimate (see :func:`unit_weights`), never
dropped.

References
----------
Hooghe, L., Marks, G., Schakel, A. H., Chapman Osterkatz, S., Niedzwiecki, S. and
Shair-Rosenfield, S. (2016). *Measuring Regional Authority: A Postfunctionalist
Theory of Governance*, Vol. I. Oxford University Press (self-rule: representation).
"""

from __future__ import annotations

from collections.abc import Callable
from string import Template
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from govsim.metrics._kernels import chain_edges, channel_seats, channels_into
from govsim.metrics.registry import register_metric
from govsim.model.compiled import Compiled
from govsim.model.kinds import InstitutionKind, Level, RelationKind

__all__ = ["district", "regional", "representation", "representation_scores", "unit_weights"]

F = TypeVar("F", bound=Callable[..., Any])
_REF = "Hooghe, Marks, Schakel et al. (2016), Measuring Regional Authority, OUP (RAI representation 0-4)."
_COUNCIL = InstitutionKind.COUNCIL.code
_EXECUTIVE = InstitutionKind.EXECUTIVE.code
_ELECTORATE = InstitutionKind.ELECTORATE.code


def representation_scores(c: Compiled, level: str) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """RAI representation score (0-4) of every territorial unit of one tier.

    Parameters
    ----------
    c : Compiled
    level : {"regional", "district", "local", "national"}
        The tier.

    Returns
    -------
    units : ndarray of int64
        Territory rows of the tier's units.
    score : ndarray of float64
        Assembly (0-2) plus executive (0-2) score of each unit.

    Both arrays are computed once per compiled view and tier and shared by the
    tier metrics (:meth:`Compiled.memo <govsim.model.compiled.Compiled.memo>`): they
    are read-only (copy them to change them).

    Notes
    -----
    For a node ``v`` (a council or executive of the tier sitting in unit ``u``),
    ``score(v) = sum_e w_e a_e / seats_v`` over its chain channels. For councils
    ``a_e`` = 2 when an electorate ``elects`` it, 1 when another body ``elects``
    it, else 0. For executives ``a_e`` = 2 from an electorate or from a council of
    ``u``, else 1 when a council of ``u`` ``consents`` to or ``nominates`` for
    ``v`` (dual), else 0; a channel from a council of ``u`` on the centre's
    nomination is dual (1). A unit's assembly (executive) score is the
    seat-weighted mean over its councils (executives), 0 when it has none.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> units, score = representation_scores(synthetic(1_000, seed=1).compiled, "district")
    >>> sorted(set(score.tolist()))
    [3.0]
    """
    code = Level(level).code
    return c.memo(("decentralization.representation_scores", code), lambda: _scores(c, code))


def _scores(c: Compiled, code: int) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """:func:`representation_scores` of the tier with this level code (read-only arrays)."""
    units = np.flatnonzero(c.territory_level == code).astype(np.int64)
    tier_node = (c.level == code) & (c.territory >= 0)
    council = tier_node & (c.kind == _COUNCIL)
    body = np.flatnonzero(council | (tier_node & (c.kind == _EXECUTIVE)))  # ascending
    is_council = council[body]
    points_council, points_exec = _node_points(c, body)
    # each body's unit among the tier's (a body seated in a territory of another
    # level counts for none), by a search in the sorted units, not a territory map
    terr = c.territory[body]
    at = np.minimum(np.searchsorted(units, terr), max(units.size - 1, 0))
    in_unit = (units[at] == terr) if units.size else np.zeros(body.size, dtype=bool)

    def unit_mean(sel: NDArray[np.bool_], points: NDArray[np.float64]) -> NDArray[np.float64]:
        sel = sel & in_unit
        num = np.bincount(at[sel], weights=points[sel], minlength=units.size)
        den = np.bincount(
            at[sel], weights=c.seats[body[sel]].astype(np.float64), minlength=units.size
        )
        return np.divide(num, den, out=np.zeros(units.size), where=den > 0)

    score = unit_mean(is_council, points_council) + unit_mean(~is_council, points_exec)
    units.setflags(write=False)
    score.setflags(write=False)
    return units, score


def _node_points(
    c: Compiled, nodes: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Score x seats of each of ``nodes``, as a council and as an executive.

    ``sum_e w_e a_e`` over the chain channels into each node, with ``a_e`` the
    council code and the executive code of the channel (see
    :func:`representation_scores`). Only the channels into ``nodes`` (a tier's
    councils and executives, a small part of the channels of a national polity) are
    read; each node's sum runs over its channels in their order, as over all
    channels.
    """
    ch = chain_edges(c)
    # the channels into ``nodes`` by a search of the channel groups (no pass over every
    # channel), and the position in ``nodes`` of each one's target
    keep, at = channels_into(ch, nodes, positions=True)
    w = channel_seats(c)[0][keep]
    src, tgt = ch.source[keep], ch.target[keep]
    from_electorate = c.kind[src] == _ELECTORATE
    elects = ch.kind[keep] == RelationKind.ELECTS.code
    # a council of the executive's own unit
    own_council = (c.kind[src] == _COUNCIL) & (c.territory[src] == c.territory[tgt])
    consented, outside_nominee = _unit_voice(c)

    a_council = np.where(elects, np.where(from_electorate, 2.0, 1.0), 0.0)
    a_exec = np.where(
        from_electorate,
        2.0,
        np.where(
            own_council,
            np.where(outside_nominee[tgt], 1.0, 2.0),
            np.where(consented[tgt], 1.0, 0.0),
        ),
    )
    m = nodes.size
    return (
        np.bincount(at, weights=w * a_council, minlength=m).astype(np.float64, copy=False),
        np.bincount(at, weights=w * a_exec, minlength=m).astype(np.float64, copy=False),
    )


def _unit_voice(c: Compiled) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Node flags read by the executive code, once per compiled view (read-only): does
    a council of the node's own unit consent to or nominate for it, and does someone
    outside its unit nominate it?"""

    def compute() -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        e_cons = c.edge_rows((RelationKind.CONSENTS, RelationKind.NOMINATES))
        e_src, e_tgt = c.edge_source[e_cons], c.edge_target[e_cons]
        unit_voice = (c.kind[e_src] == _COUNCIL) & (c.territory[e_src] == c.territory[e_tgt])
        consented = np.zeros(c.n_nodes, dtype=bool)
        consented[e_tgt[unit_voice]] = True
        nom = c.edge_kind[e_cons] == RelationKind.NOMINATES.code  # among those rows
        n_src, n_tgt = e_src[nom], e_tgt[nom]
        outside_nominee = np.zeros(c.n_nodes, dtype=bool)
        outside_nominee[n_tgt[c.territory[n_src] != c.territory[n_tgt]]] = True
        consented.setflags(write=False)
        outside_nominee.setflags(write=False)
        return consented, outside_nominee

    return c.memo("decentralization.unit_voice", compute)


def unit_weights(c: Compiled, units: NDArray[np.int64]) -> NDArray[np.float64]:
    """Population weights of a tier's units, with unknown populations imputed.

    Parameters
    ----------
    c : Compiled
    units : ndarray of int64
        Territory rows of one tier's units.

    Returns
    -------
    ndarray of float64
        The unit's population where known. Where unknown: an equal share of what
        the parent territory's known population leaves after the tier's siblings of
        known population; else (parent unknown, or nothing left) the mean known
        population of the tier's units; all ones when no unit's population is known.

    Notes
    -----
    A unit without a recorded population still has people: dropping it (weight 0)
    would let the tier's score ignore most of its units when populations are known
    for a few, and jump when a reform reaches those few.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> c = synthetic(1_000, seed=1).compiled
    >>> units = (c.territory_level == 1).nonzero()[0]
    >>> bool((unit_weights(c, units) > 0).all())
    True
    """
    pop = c.territory_population[units]
    known = np.isfinite(pop)
    if not known.any():
        return np.ones(units.size)
    if known.all():
        return pop.astype(np.float64)
    n_t = c.territory_population.shape[0]
    parent = c.territory_parent[units].astype(np.int64)
    has_parent = parent >= 0
    slot = np.where(has_parent, parent, n_t)  # n_t: no parent
    known_sum = np.bincount(slot[known], weights=pop[known], minlength=n_t + 1)
    n_unknown = np.bincount(slot[~known], minlength=n_t + 1)
    parent_pop = np.r_[c.territory_population, np.nan][slot]
    left = (parent_pop - known_sum[slot]) / np.maximum(n_unknown[slot], 1)
    fallback = float(pop[known].mean())
    share = np.where(np.isfinite(left) & (left > 0), left, fallback)
    return np.where(known, pop, share).astype(np.float64)


def _tier(c: Compiled, level: str) -> float:
    units, score = representation_scores(c, level)
    if units.size == 0:
        return float("nan")
    weight = unit_weights(c, units)
    if weight.sum() <= 0:
        weight = np.ones(units.size)
    # elementwise, not np.dot (a BLAS dot of > 10^4 entries starts OpenBLAS's threads)
    return float((weight * score).sum() / weight.sum())


# One registered metric per tier: they differ only in the tier, so they share their
# registration and docstring.
_TIER_DOC = Template("""Representation score of the $tier tier (see :func:`representation_scores`).

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        0-4; NaN without $tier units.

    Notes
    -----
    ``sum_u pop_u score_u / sum_u pop_u`` over $tier territories ``u``, with
    unknown populations estimated by :func:`unit_weights`.

    Examples
    --------
    $example
    """)


def _tier_metric(example: str) -> Callable[[F], F]:
    """Register ``decentralization.<function name>``, the tier of that name."""

    def decorate(func: F) -> F:
        tier = func.__name__
        func.__doc__ = _TIER_DOC.substitute(tier=tier, example=example)
        return register_metric(
            f"decentralization.{tier}",
            definition=f"RAI representation score (assembly 0-2 + executive 0-2) of the {tier} tier, population-weighted.",
            range=(0.0, 4.0),
            direction="higher",
            reference=_REF,
        )(func)

    return decorate


@_tier_metric(
    """Regional councils are directly elected (2) and governors appointed by the
    president with the council's consent (1):

    >>> from govsim.scenarios import synthetic
    >>> regional(synthetic(1_000, seed=1).compiled)
    3.0"""
)
def regional(c: Compiled) -> float:
    return _tier(c, Level.REGIONAL.value)


@_tier_metric(
    """>>> from govsim.scenarios import synthetic
    >>> district(synthetic(1_000, seed=1).compiled)
    3.0"""
)
def district(c: Compiled) -> float:
    return _tier(c, Level.DISTRICT.value)


@register_metric(
    "decentralization.representation",
    definition="Mean of the regional and district RAI representation scores (tiers that exist).",
    range=(0.0, 4.0),
    direction="higher",
    reference=_REF,
)
def representation(c: Compiled) -> float:
    """Mean representation score over the regional and district tiers.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        0-4; the tier that exists when only one does; NaN when neither does.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> representation(synthetic(1_000, seed=1).compiled)
    3.0
    """
    vals = [v for v in (regional(c), district(c)) if not np.isnan(v)]
    return float(np.mean(vals)) if vals else float("nan")

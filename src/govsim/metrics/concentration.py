"""Concentration of appointment and removal power in the head of state.

The *transitive appointment span* of the head of state is every office it
appoints, every office those appoint, and so on (``appoints`` relations only);
its *removal reach* is the same over ``dismisses``/``no_confidence``. Both are one
graph search from the head-of-state nodes (several heads of state act as one);
:func:`appointment_span` gives every institution's span at once. Appointed seats
are counted as in :mod:`govsim.metrics.accountability`: each ``appoints`` channel
weighs the seats it fills.

References
----------
Shugart, M. S. and Carey, J. M. (1992). *Presidents and Assemblies*. Cambridge
University Press, ch. 8 (cabinet formation and dismissal powers).
Herfindahl, O. C. (1950). *Concentration in the Steel Industry*. PhD thesis, Columbia.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from govsim.metrics._descendants import descendant_sums
from govsim.metrics._kernels import (
    bfs_levels,
    chain_edges,
    channel_seats,
    heads_of_state,
    office_mask,
    office_seats,
    per_polity,
    reach_edges,
    reach_over,
)
from govsim.metrics.registry import register_metric
from govsim.model.compiled import Compiled
from govsim.model.kinds import REMOVAL_KINDS, RelationKind

__all__ = [
    "appointment_depth",
    "appointment_hhi",
    "appointment_span",
    "head_of_state_span",
    "removal_exposure",
]

_APPOINTS = RelationKind.APPOINTS.code


@per_polity
def _appointed_seats(c: Compiled) -> tuple[NDArray[np.float64], NDArray[np.int64], float]:
    """Seats filled by each ``appoints`` channel, the channel's appointer, and their total."""
    ch = chain_edges(c)
    app = _appoints_channels(c)
    w = channel_seats(c)[0].take(app)
    return w, ch.source.take(app), float(w.sum())


@per_polity
def _appoints_channels(c: Compiled) -> NDArray[np.int64]:
    """Positions of the ``appoints`` channels among the chain channels (read-only)."""
    app = np.flatnonzero(chain_edges(c).kind == _APPOINTS)
    app.setflags(write=False)
    return app


def _appointers_reached(c: Compiled) -> NDArray[np.bool_]:
    """The head of state's transitive appointment span, exact at the heads of state
    and at every node that appoints someone (the appointers are never sinks of the
    ``appoints`` graph, so no sink pass).

    When every chain relation is a channel (``ChainEdges.complete``), the
    ``appoints`` relations are the ``appoints`` channels, whose ends the chain
    channels already hold; else (or for a deep core) :func:`reach_over` on the
    relation rows.
    """
    ch = chain_edges(c)
    heads = heads_of_state(c)
    if ch.complete:
        app = _appoints_channels(c)
        seen = reach_edges(c.n_nodes, ch.source.take(app), ch.target.take(app), heads, sinks=False)
        if seen is not None:
            return seen
    return reach_over(c, RelationKind.APPOINTS, heads, sinks=False)


@register_metric(
    "concentration.appointment_depth",
    definition="Appointment steps from the head of state to each office (inf: outside its span).",
    range=(0.0, np.inf),
    direction="neutral",
    reference="Strøm, Müller & Bergman (2003), Delegation and Accountability in Parliamentary Democracies.",
    per_node=True,
)
def appointment_depth(c: Compiled) -> NDArray[np.float64]:
    """Number of ``appoints`` steps from the head of state to every institution.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    ndarray of float64, shape (n_nodes,)
        0 for heads of state, ``inf`` for institutions outside their transitive
        appointment span.

    Notes
    -----
    Multi-source frontier BFS over the CSR adjacency of ``appoints`` from every
    ``head_of_state`` node.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> d = appointment_depth(p.compiled)
    >>> [float(d[p.index_of(i)][0]) for i in ("president", "government", "lower_chamber")]
    [0.0, 1.0, inf]
    """
    level = bfs_levels(c.out(RelationKind.APPOINTS), heads_of_state(c))
    return np.where(level < 0, np.inf, level.astype(np.float64))


@register_metric(
    "concentration.appointment_span",
    definition="Office seats in each institution's transitive appointment span (itself excluded).",
    range=(0.0, np.inf),
    direction="lower",
    reference="Shugart & Carey (1992), Presidents and Assemblies, ch. 8; Strøm (2000).",
    per_node=True,
)
def appointment_span(c: Compiled) -> NDArray[np.float64]:
    """Seats of the offices every institution appoints, directly or transitively.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    ndarray of float64, shape (n_nodes,)
        0 for institutions that appoint no one.

    Notes
    -----
    ``span(v) = sum_{x in D(v)} seats_x [x is an office]``, with ``D(v)`` the
    institutions reachable from ``v`` over ``appoints`` relations, ``v`` itself
    excluded; an office reached along several paths counts once. Computed for all
    nodes at once by topological accumulation over the CSR adjacency (subtree sums
    on the forest part, bitsets of the shared descendants, cycles condensed first):
    see :mod:`govsim.metrics._descendants` for the method and its cost.

    Examples
    --------
    In ``synthetic(1_000)`` the president's span holds 395 office seats, a
    regional akim's 180; the government and the voters appoint nobody:

    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> s = appointment_span(p.compiled)
    >>> [float(s[p.index_of(i)][0]) for i in ("president", "akim.r0", "government", "electorate")]
    [395.0, 180.0, 0.0, 0.0]
    """
    office = office_mask(c).astype(np.float64)
    w = c.seats.astype(np.float64) * office
    return descendant_sums(c.out(RelationKind.APPOINTS), c.inn(RelationKind.APPOINTS), w)


@register_metric(
    "concentration.head_of_state_span",
    definition="Share of appointed seats filled by the head of state or by offices in its transitive appointment span.",
    range=(0.0, 1.0),
    direction="lower",
    reference="Shugart & Carey (1992), Presidents and Assemblies, ch. 8; Strøm (2000).",
)
def head_of_state_span(c: Compiled) -> float:
    """Share of all appointed seats that the head of state controls, directly or transitively.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        0 without a head of state; NaN when no seat is appointed.

    Notes
    -----
    With ``R`` the heads of state and every office reachable from them over
    ``appoints``: ``sum_{e: appoints, source_e in R} w_e / sum_{e: appoints} w_e``.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(head_of_state_span(synthetic(1_000, seed=1).compiled), 4)
    0.9923
    """
    w, src, total = _appointed_seats(c)
    if total == 0:
        return float("nan")
    in_span = _appointers_reached(c)
    return float(w[in_span[src]].sum() / total)


@register_metric(
    "concentration.appointment_hhi",
    definition="Herfindahl index over appointers of the seats each appoints directly.",
    range=(0.0, 1.0),
    direction="lower",
    reference="Herfindahl (1950); Hirschman (1945), National Power and the Structure of Foreign Trade.",
)
def appointment_hhi(c: Compiled) -> float:
    """Concentration of direct appointment power.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        In ``(0, 1]``; 1 when one institution appoints every appointed seat; NaN
        when no seat is appointed.

    Notes
    -----
    ``HHI = sum_a s_a^2`` with ``s_a`` the share of all appointed seats filled by
    appointer ``a``'s ``appoints`` channels.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(appointment_hhi(synthetic(1_000, seed=1).compiled), 4)
    0.0466
    """
    w, src, total = _appointed_seats(c)
    if total == 0:
        return float("nan")
    share = np.bincount(src, weights=w, minlength=c.n_nodes) / total
    # an elementwise sum, not np.dot: a BLAS dot of 10^6 entries wakes OpenBLAS's
    # threads, which on a busy machine wait for a core
    return float(np.square(share, out=share).sum())


@register_metric(
    "concentration.removal_exposure",
    definition="Share of office seats the head of state can remove, directly or through offices it can remove.",
    range=(0.0, 1.0),
    direction="lower",
    reference="Shugart & Carey (1992), Presidents and Assemblies, ch. 8 (cabinet dismissal, dissolution).",
)
def removal_exposure(c: Compiled) -> float:
    """Share of office seats within the head of state's transitive removal reach.

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        NaN when there are no office seats.

    Notes
    -----
    ``sum_{v in D} seats_v / sum_{offices} seats_v`` where ``D`` are the offices
    (other than the head of state) reachable from the head of state over the
    removal relations (``dismisses``, ``no_confidence``, ``dissolves``, ``impeaches``).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(removal_exposure(synthetic(1_000, seed=1).compiled), 4)
    0.5831
    """
    office = office_mask(c)
    total = office_seats(c)
    if total == 0:
        return float("nan")
    heads = heads_of_state(c)
    reached = reach_over(c, REMOVAL_KINDS, heads) & office
    reached[heads] = False
    return float(c.seats[reached].sum() / total)

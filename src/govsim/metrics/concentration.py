"""Concentration of appointment and removal power in the head of state.

The *transitive appointment span* of the head of state is every office it
appoints, every office those appoint, and so on (``appoints`` relations only);
its *removal reach* is the same over ``dismisses``/``no_confidence``. Both are one
multi-source frontier BFS from the head-of-state nodes (several heads of state
act as one). Appointed seats are counted as in
:mod:`govsim.metrics.accountability`: each ``appoints`` channel weighs the seats
it fills.

References
----------
Shugart, M. S. and Carey, J. M. (1992). *Presidents and Assemblies*. Cambridge
University Press, ch. 8 (cabinet formation and dismissal powers).
Herfindahl, O. C. (1950). *Concentration in the Steel Industry*. PhD thesis, Columbia.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from govsim.compiled import Compiled
from govsim.metrics._kernels import bfs_levels, chain_edges, channel_seats, office_mask
from govsim.metrics.registry import register_metric
from govsim.model.kinds import REMOVAL_KINDS, InstitutionKind, RelationKind

__all__ = ["appointment_depth", "appointment_hhi", "head_of_state_span", "removal_exposure"]

_HOS = InstitutionKind.HEAD_OF_STATE.code
_APPOINTS = RelationKind.APPOINTS.code


def _appointed_seats(c: Compiled) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Seats filled by each ``appoints`` channel, and the channel's appointer."""
    ch = chain_edges(c)
    w = channel_seats(c)[0]
    app = c.edge_kind[ch.edges] == _APPOINTS
    return w[app], ch.source[app]


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
    level = bfs_levels(c.out(RelationKind.APPOINTS), np.flatnonzero(c.kind == _HOS))
    return np.where(level < 0, np.inf, level.astype(np.float64))


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
    w, src = _appointed_seats(c)
    total = float(w.sum())
    if total == 0:
        return float("nan")
    in_span = np.isfinite(appointment_depth(c))
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
    w, src = _appointed_seats(c)
    total = float(w.sum())
    if total == 0:
        return float("nan")
    share = np.bincount(src, weights=w, minlength=c.n_nodes) / total
    return float(np.dot(share, share))


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
    (other than the heads of state) reachable from a head of state over
    ``dismisses`` and ``no_confidence`` relations.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(removal_exposure(synthetic(1_000, seed=1).compiled), 4)
    0.5831
    """
    office = office_mask(c)
    total = float(c.seats[office].sum())
    if total == 0:
        return float("nan")
    level = bfs_levels(c.out(REMOVAL_KINDS), np.flatnonzero(c.kind == _HOS))
    reached = (level > 0) & office
    return float(c.seats[reached].sum() / total)

"""Horizontal checks: who can constrain an office, and how independent of it are they?

The *independence* of body ``C`` from office ``T`` is the share of ``C``'s
composition whose selection does not run through ``T``, followed back along the
chain channels (``elects``/``appoints``): a channel from an electorate is fully
independent, a channel from ``T`` not at all, and a channel from ``X`` contributes
``X``'s own independence; seats that no channel fills and bodies without
channels are independent (their selection does not run through ``T``).

A *check* on ``T`` is an institution with a ``reviews``, ``vetoes``,
``overrides``, ``oversees``, ``dismisses``, ``no_confidence``, ``impeaches`` or
``dissolves`` relation into ``T``; the checks score of ``T`` sums their
independence from ``T`` (a court packed by ``T`` counts 0, an elected chamber 1).

``impeaches`` (a chamber that can try and remove a president) and ``dissolves``
(a president who can send a parliament home) are removal channels: like
``dismisses`` they end the target's mandate, and the threat constrains what the
target does, so they count as checks on the target. ``decrees`` does not: it is the
source's power to make law without the target chamber, a way round the target
rather than a constraint on it (its effect on lawmaking is the lawmaking game's).
``initiates`` and ``refers`` give access to an agenda or to the voters, and
constrain nobody.

References
----------
Henisz, W. J. (2000). The institutional environment for economic growth.
Economics & Politics 12(1):1-31 (POLCON: independent veto points).
Tsebelis, G. (2002). *Veto Players: How Political Institutions Work*. Princeton UP.
"""

from __future__ import annotations

from collections.abc import Callable
from string import Template
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.linalg import spsolve

from govsim.metrics._kernels import (
    chain_edges,
    channel_seats,
    channels_into,
    distinct,
    heads_of_state,
    reach,
    resolve_targets,
)
from govsim.metrics.registry import register_metric
from govsim.model.compiled import CSR, Compiled
from govsim.model.kinds import InstitutionKind, RelationKind

__all__ = ["CHECK_KINDS", "check_score", "government", "head_of_state", "independence"]

#: Relations through which an institution checks another.
CHECK_KINDS: frozenset[RelationKind] = frozenset(
    {
        RelationKind.REVIEWS,
        RelationKind.VETOES,
        RelationKind.OVERRIDES,
        RelationKind.OVERSEES,
        RelationKind.DISMISSES,
        RelationKind.NO_CONFIDENCE,
        RelationKind.IMPEACHES,
        RelationKind.DISSOLVES,
    }
)
_CHECK_CODES = np.array(sorted(k.code for k in CHECK_KINDS), dtype=np.int8)
F = TypeVar("F", bound=Callable[..., Any])
_REFERENCE = (
    "Henisz (2000), Economics & Politics 12(1):1-31 (POLCON); Tsebelis (2002), Veto Players."
)
# A DAG settles after (longest chain + 1) sweeps; only a cycle needs more, and then
# the exact sparse solve takes over.
_MAX_SWEEPS = 64


def _dependence(
    c: Compiled, targets: NDArray[np.int64], nodes: NDArray[np.int64] | None = None
) -> NDArray[np.float64]:
    """Share of each node's composition whose selection runs through ``targets``.

    The least fixed point of ``d = P d + b`` where ``P[v, x]`` is the share of
    ``v``'s seats filled by channels from ``x`` (``x`` not a target) and ``b[v]``
    the share filled by channels from a target. Jacobi sweeps from ``d = 0``
    (exact once they stop changing, as they do on any acyclic graph); if a cycle
    keeps them moving, an exact sparse solve on the nodes that descend from a
    target, where ``I - P`` is invertible because every one of them leaks some
    weight to a target.

    With ``nodes``, the dependence of those nodes only (shape ``(len(nodes),)``):
    ``d[v]`` reads only the nodes ``v``'s chain channels come from, so the system
    is solved on ``nodes`` and their ancestors over the chain channels
    (:func:`_ancestors`), the same sweeps in the same order on fewer rows. The checks
    on one office need a handful of bodies, whose ancestors are a small part of a
    national polity.
    """
    n = c.n_nodes
    if targets.size == 0 or n == 0:
        return np.zeros(n if nodes is None else nodes.size)
    ch = chain_edges(c)
    if nodes is None:
        share, P_all = _shares(c)
        return _solve(share, ch.source, ch.target, targets, n, P_all)
    sub, in_sub = _ancestors(c, nodes)
    # the channels into ``sub`` (their sources are in ``sub`` too), by a search of the
    # channel groups, not a pass over every channel; with each target's place in ``sub``
    keep, tgt_at = channels_into(ch, sub, positions=True)
    tgt = ch.target[keep]
    share = channel_seats(c)[0][keep] / c.seats[tgt]  # as _shares, on these channels
    # positions in the sorted ``sub`` by search, not by a node-sized map
    src, tgt = np.searchsorted(sub, ch.source[keep]), tgt_at
    d = _solve(share, src, tgt, np.searchsorted(sub, targets[in_sub[targets]]), sub.size)
    out: NDArray[np.float64] = d[np.searchsorted(sub, nodes)]
    return out


def _ancestors(
    c: Compiled, nodes: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """``nodes`` and every institution a chain of channels leads from into them: sorted,
    and as a mask over the nodes.

    A frontier search up the chain channels (grouped by target,
    :func:`~govsim.metrics._kernels.channels_into`) that touches only what it
    reaches: the ancestors of a few national bodies are a small part of a national
    polity, so the search costs one node flag, not an adjacency or a pass over every
    node per level. Only the channels of :func:`_solve` are followed (none into an
    electorate), so these are exactly the nodes the dependence of ``nodes`` reads.
    """
    n = c.n_nodes
    ch = chain_edges(c)
    seen = np.zeros(n, dtype=bool)
    frontier = distinct(np.asarray(nodes, dtype=np.int64), n)
    seen[frontier] = True
    while frontier.size:  # one pass per level of ancestry
        found = ch.source[channels_into(ch, frontier)]
        frontier = distinct(found[~seen[found]], n)
        seen[frontier] = True
    return np.flatnonzero(seen), seen


def _solve(
    share: NDArray[np.float64],
    src: NDArray[np.int64],
    tgt: NDArray[np.int64],
    targets: NDArray[np.int64],
    n: int,
    P_all: sp.csr_array | None = None,
) -> NDArray[np.float64]:
    """The least ``d >= 0`` of ``d = P d + b`` over ``n`` nodes (see :func:`_dependence`).

    ``share``, ``src``, ``tgt``: the chain channels into the nodes (grouped by
    target, ascending), each with the share of its target's seats it fills;
    ``P_all``, when given, is their matrix (``P_all[tgt, src]`` summing ``share``,
    entries in channel order), else it is built here.
    """
    if P_all is None:
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(tgt, minlength=n), out=indptr[1:])
        P_all = sp.csr_array((share, src, indptr), shape=(n, n))
    is_t = np.zeros(n, dtype=bool)
    is_t[targets] = True
    from_t = is_t[src]
    b = np.bincount(tgt[from_t], weights=share[from_t], minlength=n).astype(np.float64)
    b[is_t] = 0.0
    # P is P_all without the channels from or into a target: d is 0 on the targets
    # (set after every sweep), so their columns add nothing and their rows are reset
    d = b.astype(np.float64)
    for _ in range(_MAX_SWEEPS):
        nxt = P_all @ d + b
        nxt[is_t] = 0.0
        if np.array_equal(nxt, d):
            return d
        d = nxt
    # a cycle: solve exactly on the descendants of the targets
    keep = ~from_t & ~is_t[tgt]
    P = sp.csr_array((share[keep], (tgt[keep], src[keep])), shape=(n, n))
    fwd = P.T.tocsr()  # source -> target
    csr = CSR(
        indptr=fwd.indptr.astype(np.int64),
        indices=fwd.indices.astype(np.int32),
        edges=np.zeros(fwd.indices.shape[0], dtype=np.int64),
    )
    idx = np.flatnonzero(reach(csr, np.flatnonzero(b > 0)))
    sub = P[idx][:, idx]
    d = np.zeros(n)
    d[idx] = spsolve(sp.identity(idx.size, format="csc") - sub.tocsc(), b[idx])
    return np.clip(d, 0.0, 1.0)


def _shares(c: Compiled) -> tuple[NDArray[np.float64], sp.csr_array]:
    """Share of its target's seats each chain channel fills, and the matrix ``P_all``.

    ``P_all[v, x]`` adds the shares of the channels from ``x`` into ``v``: the
    matrix of :func:`_dependence` before a target's channels are taken out. Built
    once per compiled view from the channels, which are already grouped by target
    (no sort), and shared by every target.
    """

    def compute() -> tuple[NDArray[np.float64], sp.csr_array]:
        ch = chain_edges(c)
        share = channel_seats(c)[0] / c.seats[ch.target]
        share.setflags(write=False)
        n = c.n_nodes
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ch.target, minlength=n), out=indptr[1:])
        P_all = sp.csr_array((share, ch.source, indptr), shape=(n, n))
        return share, P_all

    return c.memo("checks.shares", compute)


@register_metric(
    "checks.independence",
    definition="Share of each body's composition whose selection does not run through the target office.",
    range=(0.0, 1.0),
    direction="higher",
    reference=_REFERENCE,
    per_node=True,
)
def independence(c: Compiled, target: object = None) -> NDArray[np.float64]:
    """Independence of every institution from one office (or a set acting as one).

    Parameters
    ----------
    c : Compiled
    target : institution id, node index, list of them or bool mask, optional
        The office ``T``; the heads of state when None.

    Returns
    -------
    ndarray of float64, shape (n_nodes,)
        0 for ``T`` itself, 1 for electorates and bodies whose selection never
        passes through ``T``.

    Notes
    -----
    ``I_T(v) = 1 - D_T(v)`` with
    ``D_T(v) = sum_{e -> v} s_e ([source_e in T] + [source_e not in T] D_T(source_e))``,
    ``s_e`` the share of ``v``'s seats channel ``e`` fills; the least solution.

    Examples
    --------
    In the synthetic polity the president appoints 5 of the 9 judges and the
    elected lower chamber 2; the upper chamber (2 of its seats per region
    elected, 10 appointed) the other 2:

    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> ind = independence(p.compiled, "president")
    >>> round(float(ind[p.index_of("court")][0]), 4)
    0.2857

    References
    ----------
    Henisz (2000), Economics & Politics 12(1):1-31: a veto point whose
    preferences are aligned with the executive adds no constraint.
    """
    t = heads_of_state(c) if target is None else resolve_targets(c, target, "independence")
    out = 1.0 - _dependence(c, t)
    out[t] = 0.0
    return out


def check_score(c: Compiled, target: object) -> float:
    """Sum of the independence from ``target`` of every institution that checks it.

    Parameters
    ----------
    c : Compiled
    target : institution id, node index, list of them or bool mask

    Returns
    -------
    float
        NaN when ``target`` is empty.

    Notes
    -----
    ``sum_{C in K(T)} I_T(C)`` where ``K(T)`` are the institutions outside ``T``
    with a relation of :data:`CHECK_KINDS` into ``T`` (each counted once).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round(check_score(synthetic(1_000, seed=1).compiled, "government"), 4)
    4.0
    """
    t = resolve_targets(c, target, "check_score")
    if t.size == 0:
        return float("nan")
    is_t = np.zeros(c.n_nodes, dtype=bool)
    is_t[t] = True
    rows = c.edges_at(t, end="target")  # the few edges into the office, of any kind
    src = c.edge_source[rows]
    e = np.isin(c.edge_kind[rows], _CHECK_CODES) & ~is_t[src]
    checkers = distinct(src[e].astype(np.int64), c.n_nodes)
    if checkers.size == 0:
        return 0.0
    # the independence of the checkers alone: their ancestors, not the whole polity
    return float((1.0 - _dependence(c, t, checkers)).sum())


# The checks on one office, as a registered metric: the two below differ only in the
# office, so they share their registration and docstring.
_ON_DOC = Template("""Independent checks on the $office (see :func:`check_score`).

    Parameters
    ----------
    c : Compiled

    Returns
    -------
    float
        NaN without a $office.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> round($name(synthetic(1_000, seed=1).compiled), 4)
    $example
    """)


def _checks_on(office: str, example: str) -> Callable[[F], F]:
    """Register ``checks.<function name>``, the independent checks on ``office``."""

    def decorate(func: F) -> F:
        func.__doc__ = _ON_DOC.substitute(office=office, name=func.__name__, example=example)
        return register_metric(
            f"checks.{func.__name__}",
            definition=f"Sum over institutions that review, veto, override, oversee or remove the {office} of their independence from it.",
            range=(0.0, np.inf),
            direction="higher",
            reference=_REFERENCE,
        )(func)

    return decorate


@_checks_on("head of state", example="1.5714")
def head_of_state(c: Compiled) -> float:
    return check_score(c, heads_of_state(c))


@_checks_on("government", example="4.0")
def government(c: Compiled) -> float:
    return check_score(c, c.kind == InstitutionKind.GOVERNMENT.code)

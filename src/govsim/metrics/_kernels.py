"""Graph kernels shared by the structural metrics: frontier BFS and seat accounting.

Everything here works on whole arrays: a breadth-first search advances a whole
frontier per step (one gather over the CSR rows of the frontier), and the batched
search relaxes every edge of every variant at once (one ``minimum.reduceat`` per
level). The number of Python-level iterations is the depth of the graph, never
its size.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Concatenate, Generic, ParamSpec, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from govsim.model.compiled import CSR, Compiled
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, RelationKind
from govsim.model.roles import role_rows

__all__ = [
    "SWEEP_SHARE",
    "ChainEdges",
    "WeakCache",
    "bfs_levels",
    "chain_edges",
    "channel_seats",
    "distinct",
    "gather_rows",
    "heads_of_state",
    "office_mask",
    "per_polity",
    "reach",
    "resolve_targets",
    "row_degree",
    "row_nonempty",
    "row_owner",
    "scipy_view",
]

_ELECTORATE = InstitutionKind.ELECTORATE.code
_PARTY = InstitutionKind.PARTY.code
_CHAIN_CODES = np.array(sorted(k.code for k in CHAIN_KINDS), dtype=np.int8)


K = TypeVar("K")
P = ParamSpec("P")
T = TypeVar("T")


class WeakCache(Generic[K, P, T]):
    """``func(key, *args)`` computed once per ``key``, kept as long as the key lives.

    The key is a compiled polity or one of its cached CSRs, which never change;
    the other arguments must follow from the key (they are not part of it). The
    cache is keyed weakly, so that what is computed dies with the polity; the
    value must not refer to its key (that would keep both alive). Results that
    are arrays must not be written to: callers share them.

    Attributes
    ----------
    values : WeakKeyDictionary
        key -> value, for inspection (and for clearing, in benchmarks).
    """

    def __init__(self, func: Callable[Concatenate[K, P], T]) -> None:
        self.func = func
        self.values: weakref.WeakKeyDictionary[K, T] = weakref.WeakKeyDictionary()
        functools.update_wrapper(self, func)

    def __call__(self, key: K, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return self.values[key]
        except KeyError:
            out = self.values[key] = self.func(key, *args, **kwargs)
            return out


def per_polity(func: Callable[Concatenate[K, P], T]) -> WeakCache[K, P, T]:
    """Decorator: compute ``func(c, ...)`` once per compiled polity (or CSR of one).

    See :class:`WeakCache`.
    """
    return WeakCache(func)


def office_mask(c: Compiled) -> NDArray[np.bool_]:
    """Institutions whose seats are offices: everything but electorates and parties.

    A party (its ``holds_seats`` and ``member_of`` ties) says who sits in an office,
    not an office of the state; counting it would move the structural shares when a
    polity records its party seats, with no change of institution.
    """
    offices: NDArray[np.bool_] = (c.kind != _ELECTORATE) & (c.kind != _PARTY)
    return offices


@per_polity
def heads_of_state(c: Compiled) -> NDArray[np.int64]:
    """Node index of the head of state, as a 0- or 1-element array.

    The same office as :func:`govsim.model.roles.head_of_state` (the one lookup by
    role), so the structural metrics and the power and tenure families agree.
    """
    return role_rows(c, "head_of_state")


def gather_rows(csr: CSR, rows: NDArray[np.int64]) -> NDArray[np.int64]:
    """Positions in ``csr.indices`` of every entry of the given rows, concatenated.

    The usual ``repeat``/``cumsum`` trick: no loop over rows.
    """
    starts = csr.indptr[rows]
    counts = csr.indptr[rows + 1] - starts
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # position k of row r is starts[r] + (k - offset[r])
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(total, dtype=np.int64)


#: Share of a CSR's edges above which a BFS level sweeps the whole edge list instead
#: of gathering the frontier's rows: a sweep reads every edge once (a gather and a
#: compare, sequential), a gather pays a ``repeat``/``cumsum`` pass per frontier entry,
#: so it only wins for small frontiers (``benchmarks/bench_metrics.py``).
SWEEP_SHARE = 0.25


@per_polity
def row_degree(csr: CSR) -> NDArray[np.int64]:
    """Entries of each row of a CSR (once per CSR, read-only)."""
    deg = csr.degree()
    deg.setflags(write=False)
    return deg


@per_polity
def row_nonempty(csr: CSR) -> NDArray[np.bool_]:
    """Rows of a CSR that have an entry (once per CSR, read-only)."""
    has: NDArray[np.bool_] = row_degree(csr) > 0
    has.setflags(write=False)
    return has


def _next_frontier(reached: NDArray[np.int64], n: int, has: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The distinct newly reached nodes that have edges, sorted (as :func:`distinct`)."""
    if reached.size * 32 < n:
        s = distinct(reached, n)
        out: NDArray[np.int64] = s[has[s]]
        return out
    flag = np.zeros(n, dtype=bool)
    flag[reached] = True
    flag &= has
    return np.flatnonzero(flag)


@per_polity
def row_owner(csr: CSR) -> NDArray[np.int32]:
    """For each entry of a CSR, its row (once per CSR, int32, read-only)."""
    owner = np.repeat(np.arange(csr.n_nodes, dtype=np.int32), row_degree(csr))
    owner.setflags(write=False)
    return owner


def bfs_levels(csr: CSR, sources: NDArray[np.int64]) -> NDArray[np.int64]:
    """Multi-source BFS levels over a CSR adjacency; ``-1`` where unreachable.

    Sources get level 0 and are never re-entered, so edges into a source are
    ignored (an electorate stays at 0 whatever points at it).

    The frontier never holds rows without edges (most electorates of a chain graph
    elect nobody of the chain; they are masked out with one ``&``), and each level
    either gathers the frontier's rows
    (:func:`gather_rows`) or, when their edges are more than :data:`SWEEP_SHARE` of
    all, sweeps the edge list once (the entries whose row is at the previous level).
    Both give the same levels; the Python-level iterations are the depth.
    """
    n = csr.n_nodes
    level = np.full(n, -1, dtype=np.int64)
    has = row_nonempty(csr)
    deg = row_degree(csr)
    # distinct nodes via a flag array (O(n) once), not np.unique (a sort per level);
    # sources without edges get their level and leave the frontier in one mask step
    flag = np.zeros(n, dtype=bool)
    flag[np.asarray(sources, dtype=np.int64)] = True
    level[flag] = 0
    flag &= has
    frontier = np.flatnonzero(flag)
    depth = 0
    while frontier.size:
        depth += 1
        if int(deg[frontier].sum()) > SWEEP_SHARE * csr.n_edges:
            nbrs = csr.indices[level[row_owner(csr)] == depth - 1].astype(np.int64)
        else:
            nbrs = csr.indices[gather_rows(csr, frontier)].astype(np.int64, copy=False)
        nbrs = nbrs[level[nbrs] < 0]
        if nbrs.size == 0:
            break
        # set first, then read back the distinct newly reached nodes without sorting
        level[nbrs] = depth
        frontier = _next_frontier(nbrs, n, has)
    return level


@per_polity
def scipy_view(csr: CSR) -> sp.csr_array:
    """The CSR as a scipy ``csr_array`` of ones, sharing its index arrays (once per CSR).

    float64 data: ``scipy.sparse.csgraph`` converts anything else on every call.
    """
    n = csr.n_nodes
    return sp.csr_array((np.ones(csr.n_edges), csr.indices, csr.indptr), shape=(n, n))


def reach(csr: CSR, sources: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Nodes reachable from any of ``sources`` (sources included), as a bool mask.

    From one source, scipy's compiled breadth-first traversal over
    :func:`scipy_view` (no copy of the index arrays), which avoids the fixed
    numpy cost per level of :func:`bfs_levels` (``benchmarks/bench_metrics.py``
    times both); from several sources, :func:`bfs_levels`.
    """
    sources = np.asarray(sources, dtype=np.int64).reshape(-1)
    if sources.size != 1:
        return bfs_levels(csr, sources) >= 0
    seen = np.zeros(csr.n_nodes, dtype=bool)
    order = csgraph.breadth_first_order(scipy_view(csr), int(sources[0]), return_predecessors=False)
    seen[order] = True
    return seen


def distinct(values: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    """Sorted distinct values of an array of node ids in [0, n).

    A flag array costs O(n); sorting costs O(k log k): take the cheaper.
    """
    if values.size * 32 < n:
        s = np.sort(values)
        return s[np.r_[True, s[1:] != s[:-1]]] if s.size else s
    flag = np.zeros(n, dtype=bool)
    flag[values] = True
    return np.flatnonzero(flag)


class ChainEdges:
    """The chain channels (``elects``/``appoints`` into non-electorates), sorted by target.

    Attributes
    ----------
    edges : relation rows of the channels, grouped by target
    source, target : their ends
    fill : seats each channel fills (``compiled.edge_fill``), float64
    starts : positions where each non-empty target group begins (for ``reduceat``)
    group_target : the target of each group
    """

    def __init__(self, c: Compiled) -> None:
        inn = c.inn(tuple(RelationKind.from_code(int(k)) for k in _CHAIN_CODES))
        owner = inn.owners()
        keep = c.kind[owner] != _ELECTORATE
        self.edges = inn.edges[keep]
        self.source = inn.indices[keep].astype(np.int64)
        self.target = owner[keep]
        self.fill = c.edge_fill[self.edges].astype(np.float64)
        if self.edges.size:
            first = np.r_[True, self.target[1:] != self.target[:-1]]
        else:
            first = np.zeros(0, dtype=bool)
        self.starts = np.flatnonzero(first)
        self.group_target = self.target[self.starts]
        self.seats = c.seats.astype(np.float64)

    @property
    def n(self) -> int:
        return int(self.edges.shape[0])


@per_polity
def chain_edges(c: Compiled) -> ChainEdges:
    """The chain channels of a compiled polity (computed once per polity)."""
    return ChainEdges(c)


def channel_seats(c: Compiled, active: NDArray[np.bool_] | None = None) -> NDArray[np.float64]:
    """Seats each chain channel fills, shape ``(variants, channels)``.

    A channel fills ``edge_fill`` seats of its target. When a body's active
    channels together claim more seats than it has (channels that record no seat
    count each claim the whole body), they share its seats in proportion:
    ``w_e = fill_e * S_t / max(S_t, sum_{e' -> t} fill_e')``. Seats no active
    channel claims are filled by nobody.

    Parameters
    ----------
    active : bool array (variants, channels), optional
        Which channels exist in each variant (all of them when None).
    """
    if active is None:
        return _all_channel_seats(c)
    return _channel_seats(chain_edges(c), active)


@per_polity
def _all_channel_seats(c: Compiled) -> NDArray[np.float64]:
    # every structural metric asks for the unmasked seats: once per polity
    ch = chain_edges(c)
    out = _channel_seats(ch, np.ones((1, ch.n), dtype=bool))
    out.setflags(write=False)
    return out


def _channel_seats(ch: ChainEdges, active: NDArray[np.bool_]) -> NDArray[np.float64]:
    fill = np.where(active, ch.fill, 0.0)
    if ch.n == 0:
        return fill
    claimed = np.add.reduceat(fill, ch.starts, axis=1)  # (variants, groups)
    seats = ch.seats[ch.group_target]
    scale = seats / np.maximum(seats, claimed)
    group_of = np.repeat(np.arange(ch.starts.size), np.diff(np.r_[ch.starts, ch.n]))
    seated: NDArray[np.float64] = fill * scale[:, group_of]
    return seated


def resolve_targets(c: Compiled, target: object, func: str) -> NDArray[np.int64]:
    """Turn an id, an index, a sequence of either, or a bool mask into node indices."""
    from govsim._validation import param_error

    if isinstance(target, str):
        target = [target]
    arr = np.asarray(target)
    if arr.dtype == bool:
        if arr.shape != (c.n_nodes,):
            raise param_error("target", func, f"a bool mask of shape ({c.n_nodes},)", arr.shape)
        return np.flatnonzero(arr)
    arr = arr.reshape(-1)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if np.issubdtype(arr.dtype, np.integer):
        if arr.min() < 0 or arr.max() >= c.n_nodes:
            raise param_error("target", func, f"node indices in [0, {c.n_nodes})", target)
        return distinct(arr.astype(np.int64), c.n_nodes)
    if arr.dtype.kind in "UO":
        ids = arr.astype(np.str_)
        order = np.argsort(c.ids)
        pos = np.searchsorted(c.ids, ids, sorter=order)
        pos = np.minimum(pos, max(c.n_nodes - 1, 0))
        found = c.n_nodes > 0
        idx = order[pos] if found else pos
        ok = (c.ids[idx] == ids) if found else np.zeros(ids.shape, bool)
        if not np.all(ok):
            raise param_error("target", func, "known institution ids", ids[~ok][0].item())
        return distinct(idx.astype(np.int64), c.n_nodes)
    raise param_error("target", func, "an institution id, index, list of them or bool mask", target)

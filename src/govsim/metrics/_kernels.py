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
from collections.abc import Callable, Iterable
from typing import Concatenate, Generic, Literal, ParamSpec, TypeVar, overload

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from govsim.model.compiled import CSR, Compiled
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind
from govsim.model.roles import role_rows

__all__ = [
    "CORE_SWEEPS",
    "SWEEP_SHARE",
    "BfsPlan",
    "ChainEdges",
    "WeakCache",
    "bfs_levels",
    "bfs_plan",
    "chain_edges",
    "chain_source_levels",
    "channel_seats",
    "channels_into",
    "core_levels",
    "distinct",
    "gather_rows",
    "heads_of_state",
    "office_mask",
    "office_seats",
    "per_polity",
    "reach",
    "reach_edges",
    "reach_over",
    "resolve_targets",
    "row_degree",
    "row_nonempty",
    "row_owner",
    "run_starts",
    "scipy_view",
]

_ELECTORATE = InstitutionKind.ELECTORATE.code
_PARTY = InstitutionKind.PARTY.code


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


@per_polity
def office_mask(c: Compiled) -> NDArray[np.bool_]:
    """Institutions whose seats are offices: everything but electorates and parties.

    A party (its ``holds_seats`` and ``member_of`` ties) says who sits in an office,
    not an office of the state; counting it would move the structural shares when a
    polity records its party seats, with no change of institution. Once per
    compiled view (read-only).
    """
    offices: NDArray[np.bool_] = (c.kind != _ELECTORATE) & (c.kind != _PARTY)
    offices.setflags(write=False)
    return offices


@per_polity
def office_seats(c: Compiled) -> float:
    """``sum_{offices} seats``: the denominator of the seat shares (once per view)."""
    return float(c.seats[office_mask(c)].sum())


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
    return _runs(csr.indptr.take(rows), row_degree(csr).take(rows))


def _runs(starts: NDArray[np.int64], counts: NDArray[np.int64]) -> NDArray[np.int64]:
    """``starts[i], ..., starts[i] + counts[i] - 1`` for every ``i``, concatenated."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    # position k of row r is starts[r] + (k - offset[r])
    offsets = np.cumsum(counts) - counts
    out: NDArray[np.int64] = np.repeat(starts - offsets, counts)
    out += np.arange(total, dtype=np.int64)
    return out


#: Share of the core's edges (see :class:`BfsPlan`) above which a BFS level sweeps the
#: whole core edge list instead of gathering the frontier's rows: a sweep reads every
#: core edge once (a gather and a compare, sequential), a gather pays a
#: ``repeat``/``cumsum`` pass per frontier entry, so it only wins for small frontiers
#: (``benchmarks/bench_metrics.py``).
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


@per_polity
def row_owner(csr: CSR) -> NDArray[np.int32]:
    """For each entry of a CSR, its row (once per CSR, int32, read-only)."""
    owner = np.repeat(np.arange(csr.n_nodes, dtype=np.int32), row_degree(csr))
    owner.setflags(write=False)
    return owner


class BfsPlan:
    """A CSR split for :func:`bfs_levels`: the core, and the edges into sinks.

    A *sink* is a node without out-edges. No shortest path passes through a sink,
    so the levels of the other nodes follow from the *core* -- the edges between
    non-sinks -- alone, and a sink's level is then ``L(t) = 1 + min_{s -> t} L(s)``
    over its in-edges (-1 if no in-neighbour is reached): one pass over the sink
    edges, after the BFS. In a chain graph nearly every edge leads to a sink (an
    electorate's one channel into a body that elects nobody, an office appointed at
    the bottom of a ladder): in ``synthetic(10**6)`` the core has 30,020 of the
    515,014 chain edges.

    Index arrays are ``int64`` (``intp``): ``numpy.take`` converts any other index
    dtype to ``intp`` on every call, which costs more than the narrower read saves.
    The plan depends on the CSR only, never on the sources: it is built once per CSR
    (:func:`bfs_plan`) and shared (read-only arrays).

    Attributes
    ----------
    owner, target : source and target of each core edge, in CSR order (so grouped
        by source, and sorted by it)
    deg : out-degree of each node in the core, shape ``(n,)``
    nodes : the non-sinks (sorted); the sink edges name their source by its
        position here, so that the sink pass gathers from an array of their size
    one_source, one_target : the edges into sinks that have exactly one in-edge
    many_source, many_starts, many_target : the edges into the other sinks, grouped
        by target (``many_starts`` begins each group, ``many_target`` its sink)
    fed : bool, shape ``(n,)``: the sinks with an in-edge (their level is written
        by the sink pass)
    """

    def __init__(self, csr: CSR) -> None:
        n = csr.n_nodes
        has = row_nonempty(csr)
        self.nodes = np.flatnonzero(has)  # of a bool array: 10x faster than of the degrees
        k = self.nodes.size
        # the row of each edge, as a position in `nodes`
        at = np.repeat(np.arange(k, dtype=np.int64), row_degree(csr).take(self.nodes))
        target = csr.indices.astype(np.int64)
        into_core = has.take(target)
        self.owner = self.nodes.take(at[into_core])
        self.target = target[into_core]
        self.deg = np.bincount(self.owner, minlength=n).astype(np.int64, copy=False)
        # every edge into a sink is a sink edge: the fan-in over all edges is a sink's
        fan_in = np.bincount(target, minlength=n)
        self.fed = (fan_in > 0) & ~has
        once = fan_in.take(target) == 1
        one = once & ~into_core
        self.one_source, self.one_target = at[one], target[one]
        many = ~(once | into_core)
        many_tgt = target[many]
        order = np.argsort(many_tgt, kind="stable")
        self.many_source = at[many][order]
        many_tgt = many_tgt[order]
        self.many_starts = run_starts(many_tgt)
        self.many_target = many_tgt[self.many_starts]
        for arr in vars(self).values():
            arr.setflags(write=False)

    @property
    def n_core(self) -> int:
        """Edges of the core."""
        return int(self.target.shape[0])


@per_polity
def bfs_plan(csr: CSR) -> BfsPlan:
    """The :class:`BfsPlan` of a CSR (once per CSR, read-only arrays)."""
    return BfsPlan(csr)


def bfs_levels(csr: CSR, sources: NDArray[np.int64]) -> NDArray[np.int64]:
    """Multi-source BFS levels over a CSR adjacency; ``-1`` where unreachable.

    Sources get level 0 and are never re-entered, so edges into a source are
    ignored (an electorate stays at 0 whatever points at it).

    Two phases over the CSR's :class:`BfsPlan` (built once per CSR):

    1. a level-synchronous BFS over the core (the edges between nodes that have
       out-edges). Each level either gathers the frontier's core rows (found by
       binary search in the core's sources) or, when their edges are more than
       :data:`SWEEP_SHARE` of the core's, sweeps the core edge list once (the edges
       whose source is at the previous level). The frontier only holds nodes with
       core edges, without repeats;
    2. the sinks, in one pass over the edges into them:
       ``L(t) = 1 + min_{s -> t, L(s) >= 0} L(s)`` (a gather per edge from the
       non-sinks' levels and one scatter; a ``minimum.reduceat`` for sinks with
       several in-edges). The sources among the fed sinks, found with one lookup
       per source before, are set back to 0 after it.

    Both phases give the levels of a plain queue BFS (tests/metrics/test_bfs_kernel.py);
    the Python-level iterations are the depth of the core.
    """
    plan = bfs_plan(csr)
    sources = np.asarray(sources, dtype=np.int64).reshape(-1)
    level = np.full(csr.n_nodes, -1, dtype=np.int64)
    level[sources] = 0
    fed_sources = sources[plan.fed.take(sources)]
    if plan.n_core:
        _core_levels(plan, level, sources)
    if plan.nodes.size:
        near = level.take(plan.nodes)
        near += near >= 0  # 1 + L(s) where reached, -1 stays
        level[plan.one_target] = near.take(plan.one_source)
        if plan.many_target.size:
            # as uint64, -1 (unreached) is the largest value: the minimum over a
            # sink's in-neighbours is a reached one's if any is
            many = near.take(plan.many_source).view(np.uint64)
            level[plan.many_target] = np.minimum.reduceat(many, plan.many_starts).view(np.int64)
    level[fed_sources] = 0
    return level


def _core_levels(plan: BfsPlan, level: NDArray[np.int64], sources: NDArray[np.int64]) -> None:
    """Phase 1 of :func:`bfs_levels`: BFS levels of the non-sinks, written into ``level``."""
    n, deg = level.shape[0], plan.deg
    limit = SWEEP_SHARE * plan.n_core
    frontier = sources
    # a frontier with more entries than the limit is swept without looking at it
    # (a gather would cost more); otherwise its distinct rows with core edges
    sweep = sources.size > limit
    if not sweep:
        frontier = distinct(sources[deg.take(sources) > 0], n)
        sweep = int(deg.take(frontier).sum()) > limit
    depth = 0
    while sweep or frontier.size:
        depth += 1
        if sweep:
            nbrs = plan.target[level.take(plan.owner) == depth - 1]
        else:
            # a small frontier: its rows' first core edges by binary search in `owner`
            starts = np.searchsorted(plan.owner, frontier)
            nbrs = plan.target.take(_runs(starts, deg.take(frontier)))
        nbrs = nbrs[level.take(nbrs) < 0]
        if nbrs.size == 0:
            return
        level[nbrs] = depth
        # new nodes, possibly repeated: their core edges decide the next step
        out_deg = deg.take(nbrs)
        if int(out_deg.sum()) > limit:
            sweep = True  # with repeats counted; a sweep is right whatever they are
        else:
            sweep = False
            frontier = distinct(nbrs[out_deg > 0], n)


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


#: Work budget of :func:`core_levels`, in passes over its edges: a core deeper than
#: that (a long ladder of offices, each choosing the next) is left to the frontier
#: BFS over a CSR (:func:`bfs_levels`), whose cost does not grow with the depth.
CORE_SWEEPS = 16


def core_levels(
    n: int, source: NDArray[np.int64], target: NDArray[np.int64], sources: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]] | None:
    """BFS levels of ``sources`` and of every node with an out-edge, from an edge list.

    No adjacency is built. ``has`` flags the nodes with an out-edge (one scatter of
    the edges' sources); the *core* is the edges into such nodes. No shortest path
    passes through a sink (a node without out-edges), so the levels of the other
    nodes follow from the core alone (as in :class:`BfsPlan`). The core is swept
    level by level: at depth ``d`` the edges whose source is at level ``d`` give
    their unreached targets level ``d + 1``, and only the edges whose source is still
    unreached are kept for the next sweep. In a chain graph the core is a few per
    cent of the edges (30,020 of 515,014 chain channels in ``synthetic(10**6)``),
    so the sweeps cost less than one pass over the edges.

    Parameters
    ----------
    n : number of nodes
    source, target : int64 ends of the edges (any order, parallel edges and loops allowed)
    sources : int64 nodes at level 0

    Returns
    -------
    (level, has) or None
        ``level``: int64, 0 at the sources, ``L(v) = 1 + min_{u -> v} L(u)`` at every
        other node with an out-edge, -1 where unreached *and at every sink that is
        not a source* (the caller adds the sinks it needs: one pass over their
        in-edges). ``has``: the nodes with an out-edge. None when the sweeps would
        read more than :data:`CORE_SWEEPS` times the edges (a deep core).
    """
    level = np.full(n, -1, dtype=np.int64)
    level[sources] = 0
    has = np.zeros(n, dtype=bool)
    has[source] = True
    core = np.flatnonzero(has.take(target))
    cs, ct = source.take(core), target.take(core)
    budget = CORE_SWEEPS * source.size
    depth = 0
    while cs.size:  # one sweep per level of the core
        budget -= cs.size
        if budget < 0:
            return None
        ls = level.take(cs)
        nxt = ct[ls == depth]
        nxt = nxt[level.take(nxt) < 0]
        if nxt.size == 0:
            break  # nothing at depth + 1: no edge can fire any more
        level[nxt] = depth + 1
        keep = ls < 0  # the edges whose source is not reached yet
        cs, ct = cs[keep], ct[keep]
        depth += 1
    return level, has


def chain_source_levels(c: Compiled) -> NDArray[np.int64]:
    """Chain levels from every electorate, exact where the seat-weighted summaries read
    them: at the electorates and at every source of a chain channel; -1 elsewhere.

    ``L(e) = 0`` for an electorate, ``L(v) = 1 + min_{X -> v} L(X)`` over the chain
    channels (:class:`ChainEdges`; a channel into an electorate changes no level, as
    every electorate is a source). A channel's source has an out-channel, so it is
    not a sink of the chain graph and :func:`core_levels` on the channels gives its
    level; the bodies that choose nobody are left at -1 (their levels are
    :func:`bfs_levels`', which ``chain_length`` reads). A core deeper than
    :data:`CORE_SWEEPS` sweeps falls back to :func:`bfs_levels` over
    ``c.out(CHAIN_KINDS)``, exact everywhere.
    """
    ch = chain_edges(c)
    electorates = np.flatnonzero(c.kind == _ELECTORATE)
    got = core_levels(c.n_nodes, ch.source, ch.target, electorates)
    if got is None:
        return bfs_levels(c.out(CHAIN_KINDS), electorates)
    return got[0]


def reach_over(
    c: Compiled,
    kinds: str | Iterable[str],
    sources: NDArray[np.int64],
    *,
    sinks: bool = True,
) -> NDArray[np.bool_]:
    """Nodes reachable from ``sources`` over the relations of ``kinds`` (a bool mask).

    The same set as :func:`reach` over ``c.out(kinds)``, found without building that
    adjacency: :func:`reach_edges` over the kinds' relation rows, or, for a core that
    would take more than :data:`CORE_SWEEPS` passes over the edges, :func:`reach`
    over the CSR.
    """
    sources = np.asarray(sources, dtype=np.int64).reshape(-1)
    rows = c.edge_rows(kinds)
    source = c.edge_source.take(rows).astype(np.int64)
    target = c.edge_target.take(rows).astype(np.int64)
    seen = reach_edges(c.n_nodes, source, target, sources, sinks=sinks)
    return reach(c.out(kinds), sources) if seen is None else seen


def reach_edges(
    n: int,
    source: NDArray[np.int64],
    target: NDArray[np.int64],
    sources: NDArray[np.int64],
    *,
    sinks: bool = True,
) -> NDArray[np.bool_] | None:
    """Nodes reachable from ``sources`` over the edges ``source[k] -> target[k]`` (any
    order), as a bool mask; None for a core deeper than :data:`CORE_SWEEPS` passes.

    As in :func:`core_levels`, the core (the edges into nodes with an out-edge) is
    swept: each sweep marks the unseen targets of the edges whose source is seen and
    keeps only the edges whose source is still unseen (a reach needs no levels, so
    one bool per node). Then, with ``sinks``, the sinks fed by a reached node (one
    gather and one scatter over the edges). Without ``sinks`` only the sources and
    the nodes with an out-edge are marked (a caller that reads the reach of
    appointers needs no more).
    """
    seen = np.zeros(n, dtype=bool)
    seen[sources] = True
    has = np.zeros(n, dtype=bool)
    has[source] = True
    core = np.flatnonzero(has.take(target))
    cs, ct = source.take(core), target.take(core)
    budget = CORE_SWEEPS * source.size
    while cs.size:  # one sweep per level of the core
        budget -= cs.size
        if budget < 0:
            return None
        fired = seen.take(cs)
        nxt = ct[fired]
        nxt = nxt[~seen.take(nxt)]
        if nxt.size == 0:
            break
        seen[nxt] = True
        cs, ct = cs[~fired], ct[~fired]
    if sinks:
        seen[target[seen.take(source)]] = True
    return seen


def run_starts(values: NDArray[np.integer]) -> NDArray[np.int64]:
    """Where each run of equal values begins in a grouped (e.g. sorted) array.

    The group starts that ``np.ufunc.reduceat`` takes; empty for an empty array.
    """
    if values.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


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

    Built from the chain relations' rows (:meth:`Compiled.edge_rows`, cached on the
    view) by one stable sort of their targets, skipped when the rows already come
    grouped by target (one compare pass says so): no node-length row pointer, no
    reverse adjacency. Within a target the channels keep their row order, the
    order of the reverse CSR ``c.inn(CHAIN_KINDS)`` the class was first read from.

    Attributes
    ----------
    edges : relation rows of the channels, grouped by target
    source, target : their ends (int64)
    kind : their relation kind codes
    fill : seats each channel fills (``compiled.edge_fill``), float64
    starts : positions where each non-empty target group begins (for ``reduceat``)
    counts : the channels of each group
    group_target : the target of each group
    group_seats : its seats, float64
    seats : seats of every node, float64 (computed on first use)
    complete : whether every ``elects``/``appoints`` relation is a channel (none leads
        into an electorate), so that the channels of a kind are all its relations
    """

    def __init__(self, c: Compiled) -> None:
        rows = c.edge_rows(CHAIN_KINDS)
        target = c.edge_target[rows]
        keep = c.kind.take(target) != _ELECTORATE
        #: every elects/appoints relation is a channel (none leads into an electorate)
        self.complete = bool(keep.all())
        if not self.complete:  # a relation into an electorate is not a chain channel
            rows, target = rows[keep], target[keep]
        if target.size > 1 and not bool(np.all(target[1:] >= target[:-1])):
            order = np.argsort(target, kind="stable")
            rows, target = rows[order], target[order]
        self._c_seats = c.seats
        self.edges = rows
        self.target = target.astype(np.int64)
        self.source = c.edge_source[rows].astype(np.int64)
        self.kind = c.edge_kind[rows]
        # edge_fill of these rows only (not the whole column): the target's seats, or the
        # channel's recorded seats where it records some
        self.fill = c.seats.take(self.target).astype(np.float64)
        recorded = c.edge_seats.take(rows)
        has_seats = np.flatnonzero(recorded > 0)
        self.fill[has_seats] = recorded.take(has_seats)
        self.starts = run_starts(self.target)
        self.counts = np.diff(np.r_[self.starts, self.target.size])
        self.group_target = self.target[self.starts]
        self.group_seats = c.seats.take(self.group_target).astype(np.float64)
        for arr in (
            self.edges,
            self.target,
            self.source,
            self.kind,
            self.fill,
            self.starts,
            self.counts,
            self.group_target,
            self.group_seats,
        ):
            arr.setflags(write=False)

    @functools.cached_property
    def seats(self) -> NDArray[np.float64]:
        """Seats of every node as float64 (read-only)."""
        out: NDArray[np.float64] = self._c_seats.astype(np.float64)
        out.setflags(write=False)
        return out

    @property
    def n(self) -> int:
        return int(self.edges.shape[0])


@per_polity
def chain_edges(c: Compiled) -> ChainEdges:
    """The chain channels of a compiled polity (computed once per polity)."""
    return ChainEdges(c)


@overload
def channels_into(
    ch: ChainEdges, nodes: NDArray[np.int64], *, positions: Literal[False] = False
) -> NDArray[np.int64]: ...
@overload
def channels_into(
    ch: ChainEdges, nodes: NDArray[np.int64], *, positions: Literal[True]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]: ...
def channels_into(
    ch: ChainEdges, nodes: NDArray[np.int64], *, positions: bool = False
) -> NDArray[np.int64] | tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions (ascending) of the chain channels into ``nodes`` (sorted, distinct).

    The channels are grouped by target: a search of the groups' targets finds each
    node's group, and its positions follow by the ``repeat``/``cumsum`` trick, so the
    cost is that of the nodes and their channels, not of every channel. With
    ``positions``, also the position in ``nodes`` of each channel's target (what
    ``searchsorted(nodes, target)`` gives, without the search).
    """
    if ch.n == 0 or nodes.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty.copy()) if positions else empty
    g = np.minimum(np.searchsorted(ch.group_target, nodes), ch.group_target.size - 1)
    found = ch.group_target[g] == nodes
    g = g[found]
    counts = ch.counts[g]
    out = _runs(ch.starts[g], counts)
    if not positions:
        return out
    return out, np.repeat(np.flatnonzero(found), counts)


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
    # every structural metric asks for the unmasked seats: once per polity, without
    # the (variants, channels) mask and where of the batched path (the same sums and
    # products on one row)
    ch = chain_edges(c)
    if ch.n == 0:
        out = np.zeros((1, 0))
    else:
        # w_e = fill_e * S_t / max(S_t, claimed_t): the factor is exactly 1 where a body's
        # channels claim no more than its seats (S_t / S_t), so only the other bodies'
        # channels are multiplied (the same products, on their positions)
        claimed = np.add.reduceat(ch.fill, ch.starts)
        seats = ch.group_seats
        scaled = np.flatnonzero(~((claimed <= seats) & (seats > 0)))
        if scaled.size:
            out = ch.fill.copy()
            counts = ch.counts[scaled]
            scale = seats[scaled] / np.maximum(seats[scaled], claimed[scaled])
            out[_runs(ch.starts[scaled], counts)] *= np.repeat(scale, counts)
        else:
            out = ch.fill  # read-only, shared
        out = out[None, :]
    out.setflags(write=False)
    return out


def _channel_seats(ch: ChainEdges, active: NDArray[np.bool_]) -> NDArray[np.float64]:
    fill = np.where(active, ch.fill, 0.0)
    if ch.n == 0:
        return fill
    claimed = np.add.reduceat(fill, ch.starts, axis=1)  # (variants, groups)
    seats = ch.group_seats
    scale = seats / np.maximum(seats, claimed)
    group_of = np.repeat(np.arange(ch.starts.size), ch.counts)
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

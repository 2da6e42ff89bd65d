"""The compiled view of a polity: integer node codes and CSR adjacencies.

Metrics read only this. :class:`Compiled` is built once per polity
(``polity.compiled``) and is as immutable as the polity. Node ``i`` is row ``i`` of
the polity's institution table; edge ``e`` is row ``e`` of its relation table.

For any set of relation kinds, :meth:`Compiled.out` returns the forward CSR
adjacency (edges grouped by source) and :meth:`Compiled.inn` the reverse one
(grouped by target). Each is built on first use with one stable argsort and
cached, so asking for the selection edges twice costs nothing the second time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.kinds import InstitutionKind, RelationKind

if TYPE_CHECKING:
    from govsim.model.polity import Polity

__all__ = ["CSR", "FEW_NODES", "NARROW_SHARE", "Compiled"]

_T = TypeVar("_T")

#: Up to this many runs of consecutive nodes, :meth:`Compiled.edges_at` compares the
#: end column with each run (sequential passes) instead of gathering a flag by it.
FEW_NODES = 8

#: Nodes within a range of at most this share of all nodes are found by
#: :meth:`Compiled.edges_at` from the range's bounds: the candidates of one or two
#: compares, then a flag over the range (not over every node).
NARROW_SHARE = 1 / 16


@dataclass(frozen=True, eq=False)
class CSR:
    """Compressed sparse rows of an edge subset.

    The neighbours of node ``i`` are ``indices[indptr[i]:indptr[i + 1]]`` and the
    edges (relation rows) that lead to them ``edges[indptr[i]:indptr[i + 1]]``.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> c = synthetic(1_000, seed=1).compiled
    >>> appoints = c.out("appoints")
    >>> president = int(c.nodes_of_kind("head_of_state")[0])
    >>> [str(c.ids[j]) for j in appoints.neighbors(president)][:3]
    ['government', 'upper_chamber', 'court']
    """

    indptr: NDArray[np.int64]
    indices: NDArray[np.int32]
    edges: NDArray[np.int64]

    @property
    def n_nodes(self) -> int:
        return int(self.indptr.shape[0] - 1)

    @property
    def n_edges(self) -> int:
        return int(self.indices.shape[0])

    def degree(self) -> NDArray[np.int64]:
        """Number of edges of each node."""
        return np.diff(self.indptr)

    def neighbors(self, node: int) -> NDArray[np.int32]:
        return self.indices[self.indptr[node] : self.indptr[node + 1]]

    def owners(self) -> NDArray[np.int64]:
        """For each stored entry, the node whose row it is in (the inverse of indptr)."""
        return np.repeat(np.arange(self.n_nodes, dtype=np.int64), self.degree())


def _kind_codes(kinds: str | RelationKind | Iterable[str | RelationKind] | None) -> tuple[int, ...]:
    if kinds is None:
        return tuple(range(len(RelationKind)))
    if isinstance(kinds, str):
        kinds = (kinds,)
    out = []
    for k in kinds:
        try:
            out.append(RelationKind(k).code)
        except ValueError:
            known = ", ".join(m.value for m in RelationKind)
            raise ValidationError(f"Unknown relation kind {k!r}. Known kinds: {known}.") from None
    return tuple(sorted(set(out)))


class Compiled:
    """Integer arrays of a polity's graph, for vectorized metrics.

    Attributes
    ----------
    n_nodes, n_edges : int
    ids : ndarray of str, shape (n_nodes,)
    kind, level : ndarray of int8, shape (n_nodes,)
        Codes of :class:`~govsim.model.InstitutionKind` and :class:`~govsim.model.Level`.
    role : ndarray of int8, shape (n_nodes,)
        Codes of :class:`~govsim.model.Role`, ``-1`` for none (read through
        :mod:`govsim.model.roles`).
    territory : ndarray of int32, shape (n_nodes,)
        Territory row of each node, ``-1`` if none.
    seats : ndarray of int64, shape (n_nodes,)
    population : ndarray of float64, shape (n_nodes,)
        Population of the node's territory (NaN when unknown or no territory);
        computed on first use.
    edge_source, edge_target : ndarray of int32, shape (n_edges,)
    edge_kind : ndarray of int8, shape (n_edges,)
    edge_seats : ndarray of int64, shape (n_edges,)
        Seats recorded on the relation, ``-1`` if none.
    edge_fill : ndarray of int64, shape (n_edges,)
        Seats the channel fills: its recorded seats, else all of the target's seats;
        computed on first use (:meth:`fill_of` gives it for some rows).
    edge_threshold : ndarray of float64, shape (n_edges,)
        NaN where none is recorded.
    territory_parent, territory_level, territory_population : ndarrays over territories
    """

    def __init__(self, polity: Polity) -> None:
        inst, rel, terr = polity.institution_table, polity.relation_table, polity.territory_table
        self.name = polity.name
        self.n_nodes = len(inst)
        self.n_edges = len(rel)
        self.ids = inst.id
        self.kind = inst.kind
        self.level = inst.level
        self.role = inst.role
        self.territory = inst.territory
        self.seats = inst.seats
        self.territory_parent = terr.parent
        self.territory_level = terr.level
        self.territory_population = np.where(terr.population >= 0, terr.population, np.nan)
        self.territory_population.setflags(write=False)
        self.edge_source = rel.source
        self.edge_target = rel.target
        self.edge_kind = rel.kind
        self.edge_seats = rel.seats
        self.edge_threshold = rel.threshold
        self._csr: dict[tuple[tuple[int, ...], bool], CSR] = {}
        self._rows: dict[tuple[int, ...], NDArray[np.int64]] = {}
        self._masks: dict[tuple[int, ...], NDArray[np.bool_]] = {}
        self._memo: dict[Hashable, Any] = {}

    # ------------------------------------------------------------------ derived columns
    # Computed on first use, not with the view: the metrics read them on a few rows
    # (:meth:`fill_of`) or not at all, and a full column of 10^6-10^7 entries costs
    # a pass and fresh memory.
    @functools.cached_property
    def population(self) -> NDArray[np.float64]:
        """Population of each node's territory (NaN when unknown or no territory); read-only."""
        pop = np.full(self.n_nodes, np.nan)
        has_t = self.territory >= 0
        if self.territory_population.size:
            pop[has_t] = self.territory_population[self.territory[has_t]]
        pop.setflags(write=False)
        return pop

    @functools.cached_property
    def edge_fill(self) -> NDArray[np.int64]:
        """Seats each relation fills: its recorded seats, else all of its target's; read-only."""
        fill = self.fill_of(np.arange(self.n_edges))
        fill.setflags(write=False)
        return fill

    def fill_of(self, rows: NDArray[np.integer]) -> NDArray[np.int64]:
        """:attr:`edge_fill` of these relation rows only (a new array)."""
        recorded = self.edge_seats[rows]
        out: NDArray[np.int64] = np.where(
            recorded > 0, recorded, self.seats[self.edge_target[rows]]
        ).astype(np.int64, copy=False)
        return out

    # ------------------------------------------------------------------ masks
    def _kind_rows(self, codes: tuple[int, ...]) -> NDArray[np.int64]:
        """The edge rows (ascending) of these kind codes, cached per set of kinds.

        ``flatnonzero`` of the set's mask (:meth:`_kind_mask`): a few sequential
        passes over the int8 kind column per set of kinds asked for, which is cheaper
        than sorting the whole column by kind once (a stable argsort and a bincount
        of 2.9x10^6 int8 cost about 50 ms, a set here 1-5 ms) because the metrics
        ask for a few sets only. When the rows of a superset are cached and are at
        most a quarter of the edges (the chain kinds, then ``appoints`` alone), the
        set's rows are picked from them instead: one gather of their kinds and a
        compare per kind over a part of the column.
        """
        cached = self._rows.get(codes)
        if cached is not None:
            return cached
        wanted = set(codes)
        supersets = [r for key, r in self._rows.items() if wanted < set(key)]
        within = min(supersets, key=len) if supersets else None
        if len(codes) == len(RelationKind):
            rows = np.arange(self.n_edges, dtype=np.int64)
        elif within is not None and 4 * within.size <= self.n_edges:
            kind = self.edge_kind.take(within)
            hit = kind == codes[0]
            for k in codes[1:]:  # the kinds of the set: at most a few
                hit |= kind == k
            rows = within[hit]
        else:
            rows = np.flatnonzero(self._kind_mask(codes)).astype(np.int64, copy=False)
        rows.setflags(write=False)
        self._rows[codes] = rows
        return rows

    def _kind_mask(self, codes: tuple[int, ...]) -> NDArray[np.bool_]:
        """Edges whose kind code is in ``codes`` (read-only, cached per set of kinds)."""
        cached = self._masks.get(codes)
        if cached is not None:
            return cached
        # one int8 compare per kind (of the set, or of its complement when that is
        # smaller), or two with the bounds of a run of consecutive codes: sequential
        # byte passes, cheaper than a lookup table indexed by the kind column (numpy
        # widens the index to intp first)
        rest = tuple(k for k in range(len(RelationKind)) if k not in codes)
        invert = len(rest) < len(codes)
        lo, hi = (codes[0], codes[-1]) if codes else (0, -1)  # codes are sorted
        if 1 < len(codes) == hi - lo + 1:
            # a run of consecutive codes (the chain kinds are 0 and 1): one or two
            # compares with its bounds (a relation's kind code is never negative)
            kind = self.edge_kind
            mask: NDArray[np.bool_] = (kind <= hi) if lo == 0 else (kind >= lo) & (kind <= hi)
        else:
            mask = np.zeros(self.n_edges, dtype=bool)
            for k in rest if invert else codes:  # at most half of the relation kinds
                mask |= self.edge_kind == k
            if invert:
                np.logical_not(mask, out=mask)
        mask.setflags(write=False)
        self._masks[codes] = mask
        return mask

    def edge_rows(self, kinds: str | Iterable[str] | None = None) -> NDArray[np.int64]:
        """Rows of the edges whose kind is one of ``kinds``, ascending (read-only, cached)."""
        return self._kind_rows(_kind_codes(kinds))

    def edge_mask(self, kinds: str | Iterable[str] | None = None) -> NDArray[np.bool_]:
        """Edges whose kind is one of ``kinds`` (all edges when None).

        Computed once per set of kinds and cached: the mask is read-only (combine it
        with ``&``, which makes a new array).
        """
        return self._kind_mask(_kind_codes(kinds))

    def edges_at(self, nodes: NDArray[np.integer], *, end: str = "target") -> NDArray[np.int64]:
        """Rows (ascending) of the edges whose ``end`` (``"source"`` or ``"target"``) is one
        of ``nodes``, whatever their kind.

        When the nodes lie in a narrow range ``lo..hi`` (at most a
        :data:`NARROW_SHARE` of the nodes: the national offices of a polity are its
        first rows), one or two compares of the end column with the range bounds give
        the candidates, and a flag over the range sorts them (the range is the whole
        answer when the nodes fill it). Otherwise, when they form up to
        :data:`FEW_NODES` runs of consecutive rows, one or two sequential compares of
        the end column per run (sequential passes over the int32 column); else one
        gather of a node flag by the end column (for which numpy first widens the int32
        column to an int64 index as long as the edges). An office's checks or powers are read this
        way from a handful of nodes without building an adjacency.
        """
        if end not in ("source", "target"):
            raise ValidationError(
                f"The 'end' parameter of Compiled.edges_at must be 'source' or 'target'. Got {end!r} instead."
            )
        column = self.edge_target if end == "target" else self.edge_source
        nodes = np.unique(np.asarray(nodes, dtype=np.int64).reshape(-1))
        if nodes.size == 0 or self.n_edges == 0:
            return np.zeros(0, dtype=np.int64)
        # Python ints: a numpy int64 scalar would widen the int32 column first
        lo, hi = int(nodes[0]), int(nodes[-1])
        if hi - lo < NARROW_SHARE * self.n_nodes:
            if lo == hi:
                within = column == lo
            else:
                within = (column <= hi) if lo == 0 else (column >= lo) & (column <= hi)
            cand = np.flatnonzero(within)
            if nodes.size < hi - lo + 1 and cand.size:
                flag = np.zeros(hi - lo + 1, dtype=bool)
                flag[nodes - lo] = True
                cand = cand[flag.take(column.take(cand) - lo)]
            return cand.astype(np.int64, copy=False)
        cut = np.flatnonzero(np.diff(nodes) != 1) + 1
        if cut.size < FEW_NODES:
            lows, highs = nodes[np.r_[0, cut]].tolist(), nodes[np.r_[cut - 1, -1]].tolist()
            hit = np.zeros(self.n_edges, dtype=bool)
            for a, b in zip(lows, highs, strict=True):  # at most FEW_NODES runs
                if a == b:
                    hit |= column == a
                else:  # the end column holds no negative row
                    hit |= (column <= b) if a == 0 else (column >= a) & (column <= b)
        else:
            flag = np.zeros(self.n_nodes, dtype=bool)
            flag[nodes] = True
            hit = np.take(flag, column)
        return np.flatnonzero(hit).astype(np.int64, copy=False)

    def memo(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()``, computed once per compiled view and key and kept.

        For intermediates that several metrics share (a tier's representation
        scores, the chain channels' seats): the first metric pays, the others read
        the cache, and a new polity (a reform's result) has a new view. The value must
        not be changed by its users (arrays should be read-only).
        """
        if key not in self._memo:
            self._memo[key] = compute()
        value: _T = self._memo[key]
        return value

    # ------------------------------------------------------------------ adjacency
    def _build(self, codes: tuple[int, ...], reverse: bool) -> CSR:
        key = (codes, reverse)
        cached = self._csr.get(key)
        if cached is not None:
            return cached
        sel = self._kind_rows(codes)
        group = (self.edge_target if reverse else self.edge_source)[sel]
        other = (self.edge_source if reverse else self.edge_target)[sel]
        order = np.argsort(group, kind="stable")
        # the counts of rows 0..n-1 land in 1..n, so one node-length array, summed in
        # place, is the row pointer (not a zeroed pointer array beside the counts)
        indptr = np.bincount(group + 1, minlength=self.n_nodes + 1).astype(np.int64, copy=False)
        np.cumsum(indptr, out=indptr)
        indices = other[order].astype(np.int32, copy=False)
        csr = CSR(indptr=indptr, indices=indices, edges=sel[order])
        for arr in (csr.indptr, csr.indices, csr.edges):
            arr.setflags(write=False)
        self._csr[key] = csr
        return csr

    def out(self, kinds: str | Iterable[str] | None = None) -> CSR:
        """Forward adjacency (source -> targets) over edges of these kinds."""
        return self._build(_kind_codes(kinds), reverse=False)

    def inn(self, kinds: str | Iterable[str] | None = None) -> CSR:
        """Reverse adjacency (target -> sources) over edges of these kinds."""
        return self._build(_kind_codes(kinds), reverse=True)

    def matrix(
        self, kinds: str | Iterable[str] | None = None, weights: str = "ones"
    ) -> sp.csr_array:
        """Sparse (n_nodes, n_nodes) source x target matrix of these kinds.

        ``weights`` is ``"ones"`` (parallel edges add up), ``"fill"`` (seats each
        channel fills) or ``"seats"`` (recorded seats, 0 where none).
        """
        sel = self.edge_mask(kinds)
        if weights == "ones":
            w = np.ones(int(sel.sum()))
        elif weights == "fill":
            w = self.edge_fill[sel].astype(np.float64)
        elif weights == "seats":
            w = np.maximum(self.edge_seats[sel], 0).astype(np.float64)
        else:
            raise ValidationError(
                f"The 'weights' parameter of Compiled.matrix must be one of 'ones', 'fill', 'seats'. Got {weights!r} instead."
            )
        return sp.csr_array(
            (w, (self.edge_source[sel], self.edge_target[sel])), shape=(self.n_nodes, self.n_nodes)
        )

    def nodes_of_kind(self, kind: str) -> NDArray[np.int64]:
        """Indices of the nodes of one institution kind."""
        return np.flatnonzero(self.kind == InstitutionKind(kind).code)

    def __repr__(self) -> str:
        return f"Compiled({self.name!r}, {self.n_nodes:,} nodes, {self.n_edges:,} edges)"

"""Weighted descendant sums of every node at once: ``S(u) = sum_{x in D(u)} w(x)``.

``D(u)`` is the set of nodes reachable from ``u`` over one or more edges, ``u``
itself excluded (even on a cycle), each node counted once however many paths lead
to it.

Method
------
1. **Peel sinks.** Repeatedly remove the nodes whose remaining out-degree is 0
   (Kahn's algorithm run from the bottom): level ``h`` holds the nodes whose
   longest path to a sink has ``h`` edges, so every node comes after all of its
   descendants. One gather over the reverse CSR per level.
2. **Forest part.** Call a node with two or more in-edges a *merge* node. Dropping
   the edges *into* merge nodes leaves a forest (every other node keeps its one
   in-edge); its subtree sums ``T(u)`` accumulate level by level,
   ``T(p) += w(x) + T(x)`` for each forest edge ``p -> x`` (one ``add.at`` per
   level). On a forest this is already the answer.
3. **Shared descendants.** Every descendant of ``u`` lies either in ``u``'s forest
   subtree or in the subtree of exactly one merge node ``m`` reachable from ``u``
   (the last merge node on any path to it), and these subtrees are disjoint, so
   ``S(u) = T(u) + sum_{m in M, m in D(u)} (w(m) + T(m))``. The merge nodes below
   each node are a bitset, OR-ed up the levels over the ancestors of merge nodes
   only (``bitwise_or.reduceat`` per level), in blocks of 64-bit words to bound
   memory.
4. **Cycles.** If peeling stops short, the graph has a cycle: its strongly
   connected components (``scipy.sparse.csgraph``) are condensed into a DAG,
   which steps 1-3 solve with component weights ``W(C)``; then
   ``S(u) = W(C(u)) - w(u) + S(C(u))``.

Only the weights change from call to call, so everything that depends on the
graph alone is a *plan* built once per forward CSR (which is cached, and immutable,
per compiled polity) and kept weakly with it: the forest edges of each level, the
condensation, and the pairs (node, merge node below it) when there are at most
``4 (n + E)`` candidate pairs (``|A| |M|``). Applying a plan is then a handful of
numpy calls per level; only larger merge structures redo the bitsets of step 3 on
every call.

Cost: ``O(n + E)`` work in ``O(height)`` numpy passes for steps 1-2; step 3 adds
``O(E_A |M| / 64 + |A| |M|)`` word operations (with at most 64 MiB of bitsets
alive at a time), where ``M`` are the merge nodes and ``A`` (with ``E_A`` out-edges) the nodes
above them: nothing on a forest, a few passes when a handful of bodies have several
appointers, and the transitive-closure bound ``O(n^2)`` only on dense DAGs, where
no exact method does better in general. Step 4 adds one linear-time SCC pass and a
CSR build (a sort) of the condensed edges. With the plan cached, a call costs
``O(n_forest + |pairs|)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse import csgraph

from govsim.metrics._kernels import bfs_levels, distinct, gather_rows, per_polity
from govsim.model.compiled import CSR

__all__ = ["descendant_sums"]

# Bitset block: at most this many 64-bit words per row of nodes above merge nodes
# times rows, i.e. 64 MiB of bitsets at a time.
_BITSET_WORDS = 1 << 23


@dataclass(frozen=True, eq=False)
class _Cycles:
    """The condensation of a cyclic graph: component of every node and its plan."""

    comp: NDArray[np.int64]
    n_comp: int
    plan: _Plan
    out: CSR
    inn: CSR


@dataclass(frozen=True, eq=False)
class _Plan:
    """What :func:`descendant_sums` needs of the graph, independent of the weights.

    It must not refer to the CSR it is cached under (the cache would keep it alive).
    """

    n: int
    # forest edges p -> x by level, bottom-up: (children x, their parents p)
    steps: tuple[tuple[NDArray[np.int64], NDArray[np.int64]], ...]
    merges: NDArray[np.int64]
    # (u, position in merges) for every merge node below u; None: recompute the bitsets
    pairs: tuple[NDArray[np.int64], NDArray[np.int64]] | None
    levels: tuple[NDArray[np.int64], ...]  # kept only when pairs is None
    cycles: _Cycles | None


def descendant_sums(out: CSR, inn: CSR, w: NDArray[np.float64]) -> NDArray[np.float64]:
    """``S(u) = sum of w over the descendants of u`` for every node (see the module notes).

    Parameters
    ----------
    out, inn : CSR
        Forward and reverse adjacency of the same edges (parallel edges, self-loops
        and cycles allowed). The plan is cached under ``out``: pass the cached CSRs
        of a compiled polity, which never change.
    w : ndarray of float64, shape (n_nodes,)
        Node weights.

    Returns
    -------
    ndarray of float64, shape (n_nodes,)
    """
    return _apply(_cached_plan(out, inn), out, inn, w)


@per_polity
def _cached_plan(out: CSR, inn: CSR) -> _Plan:
    """The plan of a compiled polity's CSR, built once (the condensation's is not cached)."""
    return _plan(out, inn)


def _apply(plan: _Plan, out: CSR, inn: CSR, w: NDArray[np.float64]) -> NDArray[np.float64]:
    """Steps 2-4 for the weights ``w``."""
    if plan.cycles is not None:
        cyc = plan.cycles
        weight = np.asarray(
            np.bincount(cyc.comp, weights=w, minlength=cyc.n_comp), dtype=np.float64
        )
        below = _apply(cyc.plan, cyc.out, cyc.inn, weight)
        return weight[cyc.comp] - w + below[cyc.comp]
    total = np.zeros(plan.n)
    # ufunc.at costs O(k) for the k forest edges of a level; bincount would cost O(n) per level
    for one, up in plan.steps:
        np.add.at(total, up, w[one] + total[one])
    if plan.merges.size == 0:
        return total
    value = w[plan.merges] + total[plan.merges]
    if plan.pairs is not None:
        np.add.at(total, plan.pairs[0], value[plan.pairs[1]])
        return total
    return total + _merge_sums(out, inn, plan.levels, plan.merges, value)


def _plan(out: CSR, inn: CSR) -> _Plan:
    """Peel the graph (step 1), condense it first if it has a cycle (step 4)."""
    n = out.n_nodes
    levels, steps, complete = _peel(out, inn)
    if not complete:
        cycles = _condense(out)
        return _Plan(n, (), np.zeros(0, dtype=np.int64), None, (), cycles)
    merges = np.flatnonzero(inn.degree() >= 2)
    if merges.size == 0:
        return _Plan(n, steps, merges, None, (), None)
    above = _above(inn, merges)
    # at most |A| |M| pairs: cache them when that is linear in the graph's size
    if above.size * merges.size <= 4 * (n + out.n_edges):
        pairs = _merge_pairs(_merge_bitsets(out, levels, merges, above), merges.size, above)
        return _Plan(n, steps, merges, pairs, (), None)
    return _Plan(n, steps, merges, None, tuple(levels), None)


def _peel(
    out: CSR, inn: CSR
) -> tuple[list[NDArray[np.int64]], tuple[tuple[NDArray[np.int64], NDArray[np.int64]], ...], bool]:
    """Step 1: the nodes by height, the forest edges of each level (step 2), and
    whether every node was peeled (False: there is a cycle).

    Nodes without any edge are left out of the levels: they add nothing.
    """
    n = out.n_nodes
    indeg = inn.degree()
    remaining = out.degree().copy()
    sinks = remaining == 0
    frontier = np.flatnonzero(sinks & (indeg > 0))
    peeled = int(np.count_nonzero(sinks))
    levels, steps = [], []
    while frontier.size:
        levels.append(frontier)
        # a node with one in-edge hangs below its parent in the forest: read that
        # parent directly (most nodes); merge nodes go through a gather
        deg = indeg[frontier]
        one = frontier[deg == 1]
        up = inn.indices[inn.indptr[one]].astype(np.int64)
        if one.size:
            steps.append((one, up))
        many = frontier[deg >= 2]
        if many.size:
            parents = np.concatenate([up, inn.indices[gather_rows(inn, many)].astype(np.int64)])
        else:
            parents = up
        if parents.size == 0:
            break
        np.subtract.at(remaining, parents, 1)
        # a parent reaches 0 only at the level of its last child, so no node comes twice
        frontier = distinct(parents[remaining[parents] == 0], n)
        peeled += frontier.size
    return levels, tuple(steps), peeled == n


def _above(inn: CSR, merges: NDArray[np.int64]) -> NDArray[np.int64]:
    """The nodes above a merge node: everything that reaches a parent of one."""
    return np.flatnonzero(
        bfs_levels(inn, inn.indices[gather_rows(inn, merges)].astype(np.int64)) >= 0
    )


def _merge_bitsets(
    out: CSR,
    levels: list[NDArray[np.int64]],
    merges: NDArray[np.int64],
    a_nodes: NDArray[np.int64],
) -> Iterator[tuple[int, NDArray[np.uint64]]]:
    """Step 3: per block of 64-bit words from word ``w0`` on, the bitsets of the merge
    nodes below each node of ``a_nodes`` (one row each, plus a last row of zeros)."""
    n = out.n_nodes
    is_above = np.zeros(n, dtype=bool)
    is_above[a_nodes] = True
    row = np.full(n + 1, a_nodes.size, dtype=np.int64)  # row of each node's bitset; last is 0
    row[a_nodes] = np.arange(a_nodes.size)
    # the levels restricted to the nodes above merge nodes, with their out-edges
    steps = []
    for frontier in levels[1:]:  # level 0 holds sinks, which are above nothing
        u = frontier[is_above[frontier]]
        if u.size:
            pos = gather_rows(out, u)
            deg = out.indptr[u + 1] - out.indptr[u]  # >= 1: each reaches a merge node
            steps.append((row[u], out.indices[pos].astype(np.int64), np.cumsum(deg) - deg))
    bit = np.full(n, -1, dtype=np.int64)
    bit[merges] = np.arange(merges.size)
    n_words = (merges.size + 63) // 64
    block = max(1, min(n_words, _BITSET_WORDS // max(a_nodes.size, 1)))
    for w0 in range(0, n_words, block):  # a loop over bitset blocks, not nodes
        nw = min(block, n_words - w0)
        bits = np.zeros((a_nodes.size + 1, nw), dtype=np.uint64)
        for rows, kids, starts in steps:
            contrib = bits[row[kids]]
            b = bit[kids] - 64 * w0
            own = (b >= 0) & (b < 64 * nw) & (bit[kids] >= 0)
            k = np.flatnonzero(own)
            contrib[k, b[k] // 64] |= np.left_shift(np.uint64(1), (b[k] % 64).astype(np.uint64))
            bits[rows] = np.bitwise_or.reduceat(contrib, starts, axis=0)
        yield w0, bits


def _merge_pairs(
    blocks: Iterator[tuple[int, NDArray[np.uint64]]], n_merges: int, a_nodes: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The set bits of the step-3 bitsets as (node, position in merges) pairs."""
    nodes, cols = [], []
    for w0, bits in blocks:
        # one pass per bit position in use (a loop over bits, not nodes)
        for j in range(min(64, n_merges - 64 * w0)):
            r, word = np.nonzero((bits[:-1] >> np.uint64(j)) & np.uint64(1))
            nodes.append(a_nodes[r])
            cols.append(64 * (w0 + word) + j)
    return np.concatenate(nodes), np.concatenate(cols).astype(np.int64)


def _merge_sums(
    out: CSR,
    inn: CSR,
    levels: tuple[NDArray[np.int64], ...],
    merges: NDArray[np.int64],
    value: NDArray[np.float64],
) -> NDArray[np.float64]:
    """``sum_{m in M, m in D(u)} value(m)`` for every node ``u`` (step 3, uncached)."""
    n = out.n_nodes
    a_nodes = _above(inn, merges)
    extra = np.zeros(n)
    for w0, bits in _merge_bitsets(out, list(levels), merges, a_nodes):
        nw = bits.shape[1]
        # sum value(m) over set bits: one pass per bit position in use, vectorized over words
        flat = np.zeros(nw * 64)
        flat[: min(nw * 64, merges.size - 64 * w0)] = value[64 * w0 : 64 * (w0 + nw)]
        vals = flat.reshape(nw, 64)
        acc = np.zeros(a_nodes.size)
        for j in np.flatnonzero(vals.any(axis=0)).tolist():
            set_j = ((bits[:-1] >> np.uint64(j)) & np.uint64(1)).astype(np.float64)
            acc += set_j @ vals[:, j]
        extra[a_nodes] += acc
    return extra


def _csr(src: NDArray[np.int64], tgt: NDArray[np.int64], n: int) -> tuple[CSR, CSR]:
    """Forward and reverse CSR of an edge list (edges field unused)."""

    def build(group: NDArray[np.int64], other: NDArray[np.int64]) -> CSR:
        order = np.argsort(group, kind="stable")
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(group, minlength=n), out=indptr[1:])
        return CSR(indptr=indptr, indices=other[order].astype(np.int32), edges=order)

    return build(src, tgt), build(tgt, src)


def _condense(out: CSR) -> _Cycles:
    """Step 4: condense the strongly connected components and plan the DAG."""
    n = out.n_nodes
    # Its own matrix, not the shared _kernels.scipy_view: with that view,
    # connected_components did not return on some cyclic test polities (seen once in a
    # review; cause not found), so this keeps the form it was tested with.
    adj = sp.csr_array((np.ones(out.n_edges, dtype=np.int8), out.indices, out.indptr), shape=(n, n))
    n_comp, comp = csgraph.connected_components(adj, directed=True, connection="strong")
    comp = comp.astype(np.int64)
    src, tgt = comp[out.owners()], comp[out.indices.astype(np.int64)]
    keep = src != tgt
    c_out, c_inn = _csr(src[keep], tgt[keep], n_comp)
    # acyclic now: no second condensation
    return _Cycles(comp, n_comp, _plan(c_out, c_inn), c_out, c_inn)

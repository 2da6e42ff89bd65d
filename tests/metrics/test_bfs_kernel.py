"""bfs_levels: the core BFS (frontier gather, edge-list sweep) and the sink pass against a plain BFS."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.metrics._kernels as K
from govsim.metrics import accountability as A
from govsim.model.compiled import CSR
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, RelationKind
from govsim.scenarios import synthetic
from govsim.testing import reference as ref
from govsim.testing.strategies import polities

SHARES = [0.0, 0.25, 2.0]  # always sweep, the default, never


def plain_levels(csr: CSR, sources: list[int]) -> list[int]:
    """Breadth-first search with a queue, one node at a time."""
    level = [-1] * csr.n_nodes
    queue = deque()
    for s in sources:
        if level[s] < 0:
            level[s] = 0
            queue.append(s)
    while queue:
        u = queue.popleft()
        for v in csr.neighbors(u).tolist():
            if level[v] < 0:
                level[v] = level[u] + 1
                queue.append(v)
    return level


def csr_of(n: int, src: np.ndarray, tgt: np.ndarray) -> CSR:
    """A forward CSR over the edges ``src[k] -> tgt[k]`` (rows sorted stably)."""
    order = np.argsort(src, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return CSR(indptr=indptr, indices=tgt[order].astype(np.int32), edges=order.astype(np.int64))


def levels_with_share(csr: CSR, sources: list[int], share: float) -> list[int]:
    old = K.SWEEP_SHARE
    K.SWEEP_SHARE = share
    try:
        out: list[int] = K.bfs_levels(csr, np.array(sources, dtype=np.int64)).tolist()
    finally:
        K.SWEEP_SHARE = old
    return out


@st.composite
def graphs(draw: st.DrawFn) -> tuple[CSR, list[int]]:
    """Random digraphs with self-loops, parallel edges, sinks fed by one or several
    edges, and sources (repeated, possibly sinks with in-edges)."""
    n = draw(st.integers(1, 40))
    m = draw(st.integers(0, 120))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    # few nodes have out-edges, so that many are sinks
    tails = rng.integers(0, n, size=max(1, n // 3))
    src, tgt = rng.choice(tails, size=m), rng.integers(0, n, size=m)
    sources = rng.integers(0, n, size=draw(st.integers(0, 8))).tolist()
    return csr_of(n, src, tgt), sources


@pytest.mark.parametrize("share", SHARES)
@settings(max_examples=40, deadline=None)
@given(graphs())
def test_levels_match_a_plain_bfs_on_random_graphs(share: float, g: tuple[CSR, list[int]]) -> None:
    csr, sources = g
    assert levels_with_share(csr, sources, share) == plain_levels(csr, sources)


@pytest.mark.parametrize("share", SHARES)
@settings(max_examples=12, deadline=None)
@given(polities(max_institutions=40, max_relations=120), st.data())
def test_levels_match_a_plain_bfs(share: float, polity: object, data: st.DataObject) -> None:
    c = polity.compiled  # type: ignore[attr-defined]
    n = c.n_nodes
    sources = data.draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=5)) if n else []
    for csr in (c.out(CHAIN_KINDS), c.out(RelationKind.APPOINTS), c.inn(CHAIN_KINDS)):
        assert levels_with_share(csr, sources, share) == plain_levels(csr, sources)


def test_sinks_keep_sources_and_take_the_nearest_in_neighbour() -> None:
    # 0 -> 1 -> 2 -> 4, 0 -> 3 -> 4 (sink 4 has two in-edges, nearest via 3),
    # 1 -> 5 (sink 5 is also a source), 6 -> 7 (unreached), 8 isolated
    src = np.array([0, 1, 2, 0, 3, 1, 6])
    tgt = np.array([1, 2, 4, 3, 4, 5, 7])
    csr = csr_of(9, src, tgt)
    plan = K.bfs_plan(csr)
    assert sorted(plan.one_target.tolist()) == [5, 7]
    assert plan.many_target.tolist() == [4]
    for share in SHARES:
        assert levels_with_share(csr, [0, 5, 5], share) == [0, 1, 2, 1, 2, 0, -1, -1, -1]


def test_plan_splits_every_edge_once() -> None:
    csr = synthetic(2_000, seed=3).compiled.out(CHAIN_KINDS)
    plan = K.bfs_plan(csr)
    assert plan is K.bfs_plan(csr)
    has = K.row_nonempty(csr)
    np.testing.assert_array_equal(plan.nodes, np.flatnonzero(has))
    n_sink = plan.one_target.size + plan.many_source.size
    assert plan.n_core + n_sink == csr.n_edges
    assert int(plan.deg.sum()) == plan.n_core
    # core edges join non-sinks; the others lead to sinks, from non-sinks
    core = np.column_stack([plan.owner, plan.target])
    into_core = has[csr.indices]
    expected = np.column_stack([csr.owners()[into_core], csr.indices[into_core]])
    np.testing.assert_array_equal(core, expected)  # both in CSR order
    assert not has[plan.one_target].any()
    assert not has[plan.many_target].any()
    np.testing.assert_array_equal(np.flatnonzero(plan.fed), np.unique(csr.indices[~into_core]))
    assert not plan.target.flags.writeable


@pytest.mark.parametrize("n", [500, 5_000])
def test_chain_length_matches_the_reference(n: int) -> None:
    c = synthetic(n, seed=n).compiled
    np.testing.assert_array_equal(A.chain_length(c), np.array(ref.chain_length(c)))


def test_chain_length_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    c = synthetic(5_000, seed=4).compiled
    csr = c.out(CHAIN_KINDS)
    voters = np.flatnonzero(c.kind == InstitutionKind.ELECTORATE.code)
    default = K.bfs_levels(csr, voters)
    assert default.tolist() == plain_levels(csr, voters.tolist())
    for share in (0.0, 10.0):
        monkeypatch.setattr(K, "SWEEP_SHARE", share)
        np.testing.assert_array_equal(K.bfs_levels(csr, voters), default)


def test_row_caches_are_read_only() -> None:
    csr = synthetic(500, seed=1).compiled.out(CHAIN_KINDS)
    assert K.row_owner(csr) is K.row_owner(csr)
    assert not K.row_degree(csr).flags.writeable
    np.testing.assert_array_equal(K.row_owner(csr), csr.owners())


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-1, 40), max_size=50))
def test_levels_as_lengths(levels: list[int]) -> None:
    got = A._as_lengths(np.array(levels, dtype=np.int64))
    expected = np.array([np.inf if v < 0 else float(v) for v in levels], dtype=np.float64)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)

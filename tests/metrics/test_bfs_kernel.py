"""bfs_levels: the frontier gather and the edge-list sweep against a plain BFS."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.metrics._kernels as K
from govsim.metrics import accountability as A
from govsim.model.kinds import CHAIN_KINDS
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities


def plain_levels(csr: K.CSR, sources: list[int]) -> list[int]:
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


@pytest.mark.parametrize("share", [0.0, 0.25, 2.0])  # always sweep, the default, never
@settings(max_examples=20)
@given(polities(max_institutions=40, max_relations=120), st.data())
def test_levels_match_a_plain_bfs(share: float, polity: object, data: st.DataObject) -> None:
    c = polity.compiled  # type: ignore[attr-defined]
    csr = c.out(CHAIN_KINDS)
    n = c.n_nodes
    sources = data.draw(st.lists(st.integers(0, max(n - 1, 0)), max_size=5)) if n else []
    old = K.SWEEP_SHARE
    K.SWEEP_SHARE = share
    try:
        got = K.bfs_levels(csr, np.array(sources, dtype=np.int64))
    finally:
        K.SWEEP_SHARE = old
    assert got.tolist() == plain_levels(csr, sources)


def test_chain_length_is_the_same_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    c = synthetic(5_000, seed=4).compiled
    default = A.chain_length(c)
    monkeypatch.setattr(K, "SWEEP_SHARE", 0.0)
    swept = A.chain_length(c)
    monkeypatch.setattr(K, "SWEEP_SHARE", 10.0)
    gathered = A.chain_length(c)
    np.testing.assert_allclose(swept, default, rtol=0, atol=0)
    np.testing.assert_allclose(gathered, default, rtol=0, atol=0)


def test_row_caches_are_read_only() -> None:
    csr = synthetic(500, seed=1).compiled.out(CHAIN_KINDS)
    assert K.row_owner(csr) is K.row_owner(csr)
    assert not K.row_degree(csr).flags.writeable
    np.testing.assert_array_equal(K.row_owner(csr), csr.owners())

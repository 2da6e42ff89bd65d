"""Searches over edge lists without an adjacency (issue #16): core_levels, chain_source_levels,
reach_over and ChainEdges, each against the plain path it replaced, on random graphs
and random polities; the deep-core fallback (CORE_SWEEPS = 0) gives the same answers.

Levels and reach sets are integers and booleans: compared exactly.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bfs_kernel import graphs, plain_levels  # the random digraphs and the queue BFS

import govsim
import govsim.metrics._kernels as K
from govsim.metrics import accountability as A
from govsim.metrics import concentration as C
from govsim.model.compiled import CSR, Compiled
from govsim.model.kinds import CHAIN_KINDS, REMOVAL_KINDS, InstitutionKind, RelationKind
from govsim.model.polity import Polity
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

_ELECTORATE = InstitutionKind.ELECTORATE.code
ANY = st.one_of(polities(), polities(shaped=True, min_institutions=2))
KIND_SETS = st.sets(st.sampled_from(list(RelationKind)), min_size=1)


def old_chain_edges(c: Compiled) -> dict[str, np.ndarray]:
    """ChainEdges as it was built: from the reverse CSR of the chain kinds."""
    inn = c.inn(CHAIN_KINDS)
    owner = inn.owners()
    keep = c.kind[owner] != _ELECTORATE
    edges = inn.edges[keep]
    target = owner[keep]
    starts = K.run_starts(target)
    return {
        "edges": edges,
        "source": inn.indices[keep].astype(np.int64),
        "target": target,
        "fill": c.fill_of(edges).astype(np.float64),
        "kind": c.edge_kind[edges],
        "starts": starts,
        "group_target": target[starts],
    }


def plain_chain_levels(c: Compiled) -> np.ndarray:
    return K.bfs_levels(c.out(CHAIN_KINDS), np.flatnonzero(c.kind == _ELECTORATE))


def _edge_list(csr: CSR) -> tuple[np.ndarray, np.ndarray]:
    return csr.owners(), csr.indices.astype(np.int64)


# --------------------------------------------------------------------------- core_levels
@settings(max_examples=60, deadline=None)
@given(graphs())
def test_core_levels_match_a_plain_bfs_at_sources_and_non_sinks(g: tuple[CSR, list[int]]) -> None:
    csr, sources = g
    src, tgt = _edge_list(csr)
    rng = np.random.default_rng(len(sources) + csr.n_edges)
    order = rng.permutation(src.size)  # the edges in any order
    got = K.core_levels(csr.n_nodes, src[order], tgt[order], np.array(sources, dtype=np.int64))
    assert got is not None
    level, has = got
    expected = np.array(plain_levels(csr, sources), dtype=np.int64)
    np.testing.assert_array_equal(has, K.row_nonempty(csr))
    known = has.copy()
    known[sources] = True
    np.testing.assert_array_equal(level[known], expected[known])
    assert (level[~known] == -1).all()  # sinks are the caller's


def test_core_levels_give_up_on_a_deep_core() -> None:
    n = 200  # a ladder 0 -> 1 -> ... -> 199: about n^2 / 2 edge reads
    src = np.arange(n - 1, dtype=np.int64)
    assert K.core_levels(n, src, src + 1, np.array([0])) is None
    got = K.core_levels(4, src[:3], src[:3] + 1, np.array([0]))
    assert got is not None
    assert got[0].tolist() == [0, 1, 2, -1]  # 3 is a sink: left to the caller


# --------------------------------------------------------------------------- chain levels
def _check_chain_levels(p: Polity) -> None:
    c = Compiled(p)
    expected = plain_chain_levels(Compiled(p))
    got = K.chain_source_levels(c)
    src = K.chain_edges(c).source
    np.testing.assert_array_equal(got[src], expected[src])
    voters = c.kind == _ELECTORATE
    np.testing.assert_array_equal(got[voters], expected[voters])
    # every other node is -1 (a sink left out) or has its level (the fallback's)
    rest = got[~voters]
    assert ((rest == -1) | (rest == expected[~voters])).all()
    lv = A._all_source_levels(c)[1]
    np.testing.assert_array_equal(lv[0], A._as_lengths(expected)[src])


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_chain_source_levels_equal_the_bfs_over_the_chain_adjacency(p: Polity) -> None:
    _check_chain_levels(p)


@pytest.mark.parametrize("seed", [0, 5])
def test_chain_source_levels_on_synthetic_and_on_the_fallback(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = synthetic(3_000, seed=seed)
    _check_chain_levels(p)
    monkeypatch.setattr(K, "CORE_SWEEPS", 0)  # every search takes the CSR path
    _check_chain_levels(p)
    np.testing.assert_array_equal(
        K.chain_source_levels(Compiled(p)), plain_chain_levels(Compiled(p))
    )


# --------------------------------------------------------------------------- reach_over
def _check_reach(p: Polity, kinds: frozenset[RelationKind], seed: int) -> None:
    c = Compiled(p)
    if c.n_nodes == 0:
        return
    rng = np.random.default_rng(seed)
    sources = rng.integers(0, c.n_nodes, int(rng.integers(0, 4)))
    expected = K.reach(Compiled(p).out(kinds), sources)
    np.testing.assert_array_equal(K.reach_over(c, kinds, sources), expected)
    partial = K.reach_over(c, kinds, sources, sinks=False)
    out = K.row_nonempty(c.out(kinds)).copy()
    out[sources] = True
    np.testing.assert_array_equal(partial[out], expected[out])
    assert not partial[~out].any()


@settings(max_examples=40, deadline=None)
@given(ANY, KIND_SETS, st.integers(0, 2**32 - 1))
def test_reach_over_equals_reach_over_the_adjacency(
    p: Polity, kinds: set[RelationKind], seed: int
) -> None:
    _check_reach(p, frozenset(kinds), seed)


def test_reach_over_on_synthetic_and_on_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    p = synthetic(3_000, seed=2)
    for kinds in (frozenset({RelationKind.APPOINTS}), REMOVAL_KINDS, CHAIN_KINDS):
        _check_reach(p, kinds, 1)
    before = {m: govsim.evaluate(p, metrics=[m])[m] for m in _REACH_METRICS}
    monkeypatch.setattr(K, "CORE_SWEEPS", 0)
    for kinds in (frozenset({RelationKind.APPOINTS}), REMOVAL_KINDS):
        _check_reach(p, kinds, 3)
    q = p.with_metadata(name="fresh")
    for m in _REACH_METRICS:
        assert govsim.evaluate(q, metrics=[m])[m] == pytest.approx(before[m], rel=1e-12)


_REACH_METRICS = ("concentration.head_of_state_span", "concentration.removal_exposure")


@settings(max_examples=30, deadline=None)
@given(ANY)
def test_head_of_state_metrics_equal_the_adjacency_search(p: Polity) -> None:
    """The two reach metrics as they were written over ``reach(c.out(kinds))``."""
    c = Compiled(p)
    heads = K.heads_of_state(c)
    w, src, total = C._appointed_seats(c)
    old_span = (
        float("nan")
        if total == 0
        else float(w[K.reach(c.out(RelationKind.APPOINTS), heads)[src]].sum() / total)
    )
    office = K.office_mask(c)
    seats = float(c.seats[office].sum())
    reached = K.reach(c.out(REMOVAL_KINDS), heads) & office
    reached[heads] = False
    old_exposure = float("nan") if seats == 0 else float(c.seats[reached].sum() / seats)
    fresh = Compiled(p)
    np.testing.assert_allclose(C.head_of_state_span(fresh), old_span, rtol=1e-12, equal_nan=True)
    np.testing.assert_allclose(C.removal_exposure(fresh), old_exposure, rtol=1e-12, equal_nan=True)


# --------------------------------------------------------------------------- ChainEdges
def _check_chain_edges(p: Polity) -> None:
    c = Compiled(p)
    ch = K.chain_edges(c)
    old = old_chain_edges(Compiled(p))
    for name, expected in old.items():
        got = getattr(ch, name)
        np.testing.assert_array_equal(got, expected, err_msg=name)
        assert not got.flags.writeable, name
    np.testing.assert_array_equal(ch.group_seats, c.seats[old["group_target"]].astype(np.float64))
    np.testing.assert_array_equal(ch.seats, c.seats.astype(np.float64))
    np.testing.assert_array_equal(ch.counts, np.diff(np.r_[old["starts"], ch.n]))


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_chain_edges_equal_the_reverse_adjacency_construction(p: Polity) -> None:
    _check_chain_edges(p)


def test_chain_edges_of_relations_in_any_order() -> None:
    """Relations not grouped by target take the sort; the result is the same."""
    p = synthetic(2_000, seed=1)
    rng = np.random.default_rng(0)
    shuffled = Polity(
        p.name,
        territories=list(p.territories),
        institutions=list(p.institutions),
        relations=[p.relations[i] for i in rng.permutation(len(p.relations))],
    )
    _check_chain_edges(shuffled)
    _check_chain_levels(shuffled)
    _check_chain_edges(p)


def _old_span(c: Compiled) -> float:
    w, src, total = C._appointed_seats(c)
    if total == 0:
        return float("nan")
    heads = K.heads_of_state(c)
    return float(w[K.reach(c.out(RelationKind.APPOINTS), heads)[src]].sum() / total)


def test_span_reads_the_appoints_relations_when_one_leads_into_an_electorate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An appoints relation into an electorate is no chain channel, yet the span
    follows it: the channels alone would miss what that electorate appoints."""
    from govsim.model.rows import Institution, Relation

    def inst(i: str, kind: str, level: str = "national") -> Institution:
        return Institution(id=i, name=i, kind=kind, level=level, seats=1)

    p = Polity(
        "odd",
        institutions=[
            inst("president", "head_of_state"),
            inst("voters", "electorate"),
            inst("agency", "agency"),
            inst("office", "agency"),
            inst("other", "agency"),
        ],
        relations=[
            Relation(source="president", kind="appoints", target="voters"),
            Relation(source="voters", kind="appoints", target="agency"),
            Relation(source="agency", kind="appoints", target="office"),
            Relation(source="other", kind="appoints", target="office"),
        ],
    )
    c = Compiled(p)
    assert not K.chain_edges(c).complete
    assert C.head_of_state_span(c) == pytest.approx(_old_span(Compiled(p)), rel=1e-12)
    # the seats of agency (1, by voters) and half of office's (0.5, by agency; the other
    # half by "other", outside the span) of the 2 appointed seats
    assert C.head_of_state_span(c) == pytest.approx(0.75, rel=1e-12)
    q = synthetic(2_000, seed=4)
    assert K.chain_edges(Compiled(q)).complete
    span = C.head_of_state_span(Compiled(q))
    assert span == pytest.approx(_old_span(Compiled(q)), rel=1e-12)
    monkeypatch.setattr(K, "CORE_SWEEPS", 0)  # both fallbacks: the rows, then the CSR
    assert C.head_of_state_span(Compiled(q)) == pytest.approx(span, rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_chain_edges_complete_says_whether_a_chain_relation_leads_into_an_electorate(
    p: Polity,
) -> None:
    c = Compiled(p)
    rows = c.edge_rows(CHAIN_KINDS)
    into_voters = (c.kind[c.edge_target[rows]] == _ELECTORATE).any()
    assert K.chain_edges(c).complete == (not into_voters)
    assert C.head_of_state_span(c) == pytest.approx(_old_span(Compiled(p)), rel=1e-12, nan_ok=True)


@settings(max_examples=40, deadline=None)
@given(ANY, st.integers(0, 2**32 - 1))
def test_channels_into_positions_are_the_targets_places_in_the_nodes(p: Polity, seed: int) -> None:
    c = Compiled(p)
    ch = K.chain_edges(c)
    rng = np.random.default_rng(seed)
    nodes = np.unique(rng.integers(0, max(c.n_nodes, 1), int(rng.integers(0, 12))))
    if c.n_nodes == 0:
        nodes = nodes[:0]
    got, at = K.channels_into(ch, nodes, positions=True)
    expected = np.flatnonzero(np.isin(ch.target, nodes))
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(K.channels_into(ch, nodes), expected)
    np.testing.assert_array_equal(at, np.searchsorted(nodes, ch.target[expected]))
    assert got.dtype == at.dtype == np.int64

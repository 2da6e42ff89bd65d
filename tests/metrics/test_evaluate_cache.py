"""Intermediates shared across metrics, computed once per compiled view (issue #16).

Each cached path is compared with the computation it replaced (kept here, as it
was, in plain numpy/scipy) on random polities, and ``evaluate`` on one view is
compared with every metric computed alone on a fresh view (no shared cache). All
comparisons use ``rtol=1e-12``: the cached paths sum the same terms, at most in
another order.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
import govsim.model.compiled as compiled_module
from govsim.metrics import accountability as A
from govsim.metrics import checks as K
from govsim.metrics import decentralization as D
from govsim.metrics._kernels import (
    bfs_levels,
    chain_edges,
    channel_seats,
    distinct,
    heads_of_state,
    resolve_targets,
)
from govsim.metrics.evaluate import _select, load_metric_modules, takes_param
from govsim.model.compiled import Compiled
from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

RTOL = 1e-12
_COUNCIL = InstitutionKind.COUNCIL.code
_EXECUTIVE = InstitutionKind.EXECUTIVE.code
_ELECTORATE = InstitutionKind.ELECTORATE.code

ANY = st.one_of(polities(), polities(shaped=True, min_institutions=2))


# --------------------------------------------------------------------------- the old paths
def old_representation_scores(c: Compiled, level: str) -> tuple[np.ndarray, np.ndarray]:
    """representation_scores as it was: every array recomputed per tier and call."""
    code = Level(level).code
    units = np.flatnonzero(c.territory_level == code).astype(np.int64)
    n_t = c.territory_level.shape[0]
    ch = chain_edges(c)
    w = channel_seats(c)[0]
    tier_node = (c.level == code) & (c.territory >= 0)
    council = tier_node & (c.kind == _COUNCIL)
    executive = tier_node & (c.kind == _EXECUTIVE)
    src, tgt = ch.source, ch.target
    from_electorate = c.kind[src] == _ELECTORATE
    elects = c.edge_kind[ch.edges] == RelationKind.ELECTS.code
    own_council = (c.kind[src] == _COUNCIL) & (c.territory[src] == c.territory[tgt])
    e_cons = c.edge_mask((RelationKind.CONSENTS, RelationKind.NOMINATES))
    e_src, e_tgt = c.edge_source[e_cons], c.edge_target[e_cons]
    unit_voice = (c.kind[e_src] == _COUNCIL) & (c.territory[e_src] == c.territory[e_tgt])
    consented = np.zeros(c.n_nodes, dtype=bool)
    consented[e_tgt[unit_voice]] = True
    nom = c.edge_mask(RelationKind.NOMINATES)
    n_src, n_tgt = c.edge_source[nom], c.edge_target[nom]
    outside_nominee = np.zeros(c.n_nodes, dtype=bool)
    outside_nominee[n_tgt[c.territory[n_src] != c.territory[n_tgt]]] = True
    a_council = np.where(elects, np.where(from_electorate, 2.0, 1.0), 0.0)
    a_exec = np.where(
        from_electorate,
        2.0,
        np.where(
            own_council,
            np.where(outside_nominee[tgt], 1.0, 2.0),
            np.where(consented[tgt], 1.0, 0.0),
        ),
    )
    a = np.where(council[tgt], a_council, np.where(executive[tgt], a_exec, 0.0))
    points = np.bincount(tgt, weights=w * a, minlength=c.n_nodes)

    def unit_mean(body: np.ndarray) -> np.ndarray:
        terr = c.territory[body]
        num = np.bincount(terr, weights=points[body], minlength=n_t)
        den = np.bincount(terr, weights=c.seats[body].astype(np.float64), minlength=n_t)
        return np.divide(num, den, out=np.zeros(n_t), where=den > 0)

    score = unit_mean(council) + unit_mean(executive)
    return units, score[units]


def old_dependence(c: Compiled, targets: np.ndarray) -> np.ndarray:
    """checks._dependence as it was: P built per target set without its channels."""
    n = c.n_nodes
    d = np.zeros(n)
    if targets.size == 0 or n == 0:
        return d
    ch = chain_edges(c)
    share = channel_seats(c)[0] / ch.seats[ch.target]
    is_t = np.zeros(n, dtype=bool)
    is_t[targets] = True
    from_t = is_t[ch.source]
    b = np.bincount(ch.target[from_t], weights=share[from_t], minlength=n).astype(np.float64)
    keep = ~from_t & ~is_t[ch.target]
    P = sp.csr_array((share[keep], (ch.target[keep], ch.source[keep])), shape=(n, n))
    b[is_t] = 0.0
    d = b.astype(np.float64)
    for _ in range(K._MAX_SWEEPS):
        nxt = P @ d + b
        if np.array_equal(nxt, d):
            return d
        d = nxt
    # a cycle: the new path shares this exact solve; compare the sweeps only
    return K._dependence(c, targets)


def old_check_score(c: Compiled, target: object) -> float:
    t = resolve_targets(c, target, "check_score")
    if t.size == 0:
        return float("nan")
    is_t = np.zeros(c.n_nodes, dtype=bool)
    is_t[t] = True
    e = c.edge_mask(K.CHECK_KINDS) & is_t[c.edge_target] & ~is_t[c.edge_source]
    checkers = distinct(c.edge_source[e].astype(np.int64), c.n_nodes)
    if checkers.size == 0:
        return 0.0
    ind = 1.0 - old_dependence(c, t)
    ind[t] = 0.0
    return float(ind[checkers].sum())


def old_chain_length(c: Compiled) -> np.ndarray:
    level = bfs_levels(c.out(CHAIN_KINDS), np.flatnonzero(c.kind == _ELECTORATE))
    return np.where(level < 0, np.inf, level.astype(np.float64))


def fresh(p: Polity) -> Compiled:
    """A new compiled view of the same columns: nothing cached yet."""
    return Compiled(p)


# --------------------------------------------------------------------------- new == old
def _same_as_before(p: Polity) -> None:
    c = fresh(p)
    for level in ("regional", "district", "local", "national"):
        units, score = D.representation_scores(c, level)
        old_units, old_score = old_representation_scores(fresh(p), level)
        np.testing.assert_array_equal(units, old_units)
        np.testing.assert_allclose(score, old_score, rtol=RTOL, atol=0)
    np.testing.assert_allclose(A.chain_length(c), old_chain_length(fresh(p)), rtol=RTOL)
    gov = c.kind == InstitutionKind.GOVERNMENT.code
    for target in (heads_of_state(c), gov, np.flatnonzero(c.kind == _COUNCIL)[:3]):
        np.testing.assert_allclose(
            K.check_score(c, target), old_check_score(fresh(p), target), rtol=RTOL, equal_nan=True
        )
        t = resolve_targets(c, target, "test")
        np.testing.assert_allclose(
            K._dependence(c, t), old_dependence(fresh(p), t), rtol=RTOL, atol=1e-15
        )


@settings(max_examples=30)
@given(ANY, st.integers(0, 2**32 - 1))
def test_dependence_of_some_nodes_equals_the_whole_solve_there(p, seed):
    """The checks solve on the asked nodes and their ancestors only: the same values."""
    c = fresh(p)
    rng = np.random.default_rng(seed)
    if c.n_nodes == 0:
        return
    targets = np.unique(rng.integers(0, c.n_nodes, int(rng.integers(1, 3))))
    nodes = rng.permutation(c.n_nodes)[: int(rng.integers(0, c.n_nodes + 1))]
    whole = K._dependence(fresh(p), targets)
    np.testing.assert_allclose(
        K._dependence(c, targets, nodes), whole[nodes], rtol=RTOL, atol=1e-15
    )


@settings(max_examples=25)
@given(ANY)
def test_cached_paths_match_the_old_ones_on_random_polities(p):
    _same_as_before(p)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cached_paths_match_the_old_ones_on_synthetic(seed):
    _same_as_before(synthetic(2_000, seed=seed))


def _alone(p: Polity) -> dict[str, float]:
    """Every summary metric, each on a fresh view of its own (nothing shared)."""
    load_metric_modules()
    out = {}
    for info in _select(None):
        q = p.with_metadata(name=p.name)  # a new polity: a new compiled view
        given_ = {"vote_model": None} if takes_param(info.func, "vote_model") else {}
        try:
            out[info.name] = float(info(q, **given_))
        except govsim.GovsimError:
            out[info.name] = float("nan")
    return out


@settings(max_examples=10)
@given(ANY)
def test_evaluate_with_shared_cache_equals_each_metric_alone(p):
    together = govsim.evaluate(p)
    alone = _alone(p)
    assert list(together) == list(alone)
    np.testing.assert_allclose(
        [together[k] for k in alone], list(alone.values()), rtol=RTOL, equal_nan=True
    )
    again = govsim.evaluate(p)  # every intermediate now cached on p.compiled
    np.testing.assert_allclose(
        [again[k] for k in alone], list(alone.values()), rtol=RTOL, equal_nan=True
    )


def test_intermediates_are_computed_once_and_read_only():
    p = synthetic(1_000, seed=3)
    c = p.compiled
    govsim.evaluate(p)
    memo = dict(c._memo)
    # evaluate reads the chain levels at the channels' sources only (source_levels);
    # the per-node chain lengths are chain_length's, computed when it is asked for
    for key in (
        "accountability.source_levels",
        ("decentralization.representation_scores", Level.REGIONAL.code),
        ("decentralization.representation_scores", Level.DISTRICT.code),
    ):
        assert key in memo, key
    govsim.evaluate(p)
    assert all(c._memo[k] is v for k, v in memo.items())  # nothing recomputed
    units, score = D.representation_scores(c, "regional")
    assert not units.flags.writeable
    assert not score.flags.writeable
    w, lv = memo["accountability.source_levels"]
    assert not w.flags.writeable
    assert not lv.flags.writeable
    # the public per-node result is the caller's own array
    L = A.chain_length(c)
    L[:] = -1.0
    assert float(A.chain_length(c).min()) == pytest.approx(0.0, abs=0)


@settings(max_examples=20)
@given(ANY, st.sets(st.sampled_from(list(RelationKind))))
def test_kind_rows_and_masks_match_isin(p, kinds):
    """The per-set compares (of the set or its complement) select what np.isin does."""
    c = fresh(p)
    codes = np.array([k.code for k in kinds], dtype=np.int8)
    expected = np.isin(c.edge_kind, codes)
    np.testing.assert_array_equal(c.edge_mask(tuple(kinds)), expected)
    np.testing.assert_array_equal(c.edge_rows(tuple(kinds)), np.flatnonzero(expected))
    np.testing.assert_array_equal(c.edge_mask(None), np.ones(c.n_edges, dtype=bool))
    assert c.edge_rows(tuple(kinds)) is c.edge_rows(tuple(kinds))  # cached


@settings(max_examples=20)
@given(ANY, st.integers(0, len(RelationKind) - 1), st.integers(2, len(RelationKind)))
def test_kind_masks_of_consecutive_codes_match_isin(p, lo, size):
    """A run of consecutive kind codes is selected by its bounds: what np.isin selects."""
    c = fresh(p)
    codes = np.arange(lo, min(lo + size, len(RelationKind)), dtype=np.int8)
    kinds = tuple(RelationKind.from_code(int(k)) for k in codes)
    expected = np.isin(c.edge_kind, codes)
    np.testing.assert_array_equal(c.edge_mask(kinds), expected)
    np.testing.assert_array_equal(c.edge_rows(kinds), np.flatnonzero(expected))


@settings(max_examples=20)
@given(ANY, st.sets(st.sampled_from(list(RelationKind)), min_size=2), st.integers(0, 2**32 - 1))
def test_kind_rows_picked_from_a_cached_superset_match_isin(p, kinds, seed):
    """The rows of a set, picked from the cached rows of a superset, are its rows."""
    c = fresh(p)
    c.edge_rows(tuple(kinds))  # the superset first
    rng = np.random.default_rng(seed)
    ordered = sorted(kinds)
    subset = [k for k in ordered if rng.random() < 0.5] or ordered[:1]
    codes = np.array([k.code for k in subset], dtype=np.int8)
    got = c.edge_rows(tuple(subset))
    np.testing.assert_array_equal(got, np.flatnonzero(np.isin(c.edge_kind, codes)))
    assert got.dtype == np.int64
    assert not got.flags.writeable


@settings(max_examples=20)
@given(ANY)
def test_derived_columns_on_first_use_match_the_old_eager_ones(p):
    """edge_fill and population, computed on first use, are what the view computed eagerly."""
    c = fresh(p)
    inst, rel = p.institution_table, p.relation_table
    old_fill = np.where(rel.seats > 0, rel.seats, inst.seats[rel.target] if len(rel) else rel.seats)
    rows = np.flatnonzero(np.arange(c.n_edges) % 3 == 1)
    np.testing.assert_array_equal(c.fill_of(rows), old_fill[rows])
    np.testing.assert_array_equal(c.edge_fill, old_fill)
    assert not c.edge_fill.flags.writeable
    old_pop = np.full(c.n_nodes, np.nan)
    has_t = inst.territory >= 0
    if c.territory_population.size:
        old_pop[has_t] = c.territory_population[inst.territory[has_t]]
    np.testing.assert_array_equal(c.population, old_pop)
    assert not c.population.flags.writeable


@pytest.mark.parametrize("narrow", [0.0, 1 / 16, 2.0])  # never, the default, always
@settings(max_examples=20)
@given(ANY, st.integers(0, 2**32 - 1))
def test_edges_at_a_few_nodes_or_many_match_a_flag_gather(narrow, p, seed):
    c = fresh(p)
    rng = np.random.default_rng(seed)
    blocks = [rng.integers(0, max(c.n_nodes, 1), size) for size in (1, 3, 20)]
    if c.n_nodes:  # runs of consecutive nodes, as the national offices are
        lo = int(rng.integers(0, c.n_nodes))
        blocks.append(np.r_[np.arange(lo, min(lo + 4, c.n_nodes)), c.n_nodes - 1])
        blocks.append(np.arange(lo, min(lo + 3, c.n_nodes)))  # one run: the range itself
        blocks.append(np.r_[0, min(2, c.n_nodes - 1)])  # from row 0, with a gap
        blocks.append(np.r_[np.arange(min(3, c.n_nodes)), c.n_nodes - 1])  # a run from row 0
    old = compiled_module.NARROW_SHARE
    compiled_module.NARROW_SHARE = narrow
    try:
        for nodes in blocks if c.n_nodes else [np.zeros(0, int)]:
            for end, column in (("source", c.edge_source), ("target", c.edge_target)):
                got = c.edges_at(nodes, end=end)
                np.testing.assert_array_equal(got, np.flatnonzero(np.isin(column, nodes)))
                assert got.dtype == np.int64
    finally:
        compiled_module.NARROW_SHARE = old


@settings(max_examples=25)
@given(ANY)
def test_unmasked_channel_seats_equal_the_batched_path_with_every_channel(p):
    """The one-row path of channel_seats gives what the batched path gives for all ones."""
    from govsim.metrics._kernels import _channel_seats

    c = fresh(p)
    ch = chain_edges(c)
    np.testing.assert_array_equal(
        channel_seats(c), _channel_seats(ch, np.ones((1, ch.n), dtype=bool))
    )
    assert channel_seats(c).shape == (1, ch.n)
    assert not channel_seats(c).flags.writeable


def test_select_by_plain_criteria_is_answered_once_per_polity():
    p = synthetic(500, seed=2)
    first = p.select(kind="chamber", level="national")
    assert p.select(kind="chamber", level="national") is first  # kept on the polity
    q = p.with_metadata(name="other")  # a new polity asks again
    assert [i.id for i in q.select(level="national", kind="chamber")] == [i.id for i in first]
    # lists are not cached, and answer the same
    assert [i.id for i in p.select(kind=["chamber"], level="national")] == [i.id for i in first]
    with pytest.raises(govsim.GovsimError):
        p.select(kind="no_such_kind")
    with pytest.raises(govsim.GovsimError):
        p.select(kind="no_such_kind")


@settings(max_examples=20)
@given(ANY, st.sets(st.sampled_from(list(RelationKind))), st.booleans())
def test_csr_equals_the_zeroed_pointer_construction(p, kinds, reverse):
    """The row pointer summed in place over shifted counts is the one built beside them."""
    c = fresh(p)
    ks = tuple(kinds) or None
    csr = c.inn(ks) if reverse else c.out(ks)
    sel = c.edge_rows(ks)
    group = (c.edge_target if reverse else c.edge_source)[sel]
    other = (c.edge_source if reverse else c.edge_target)[sel]
    order = np.argsort(group, kind="stable")
    indptr = np.zeros(c.n_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(group, minlength=c.n_nodes), out=indptr[1:])
    np.testing.assert_array_equal(csr.indptr, indptr)
    np.testing.assert_array_equal(csr.indices, other[order])
    np.testing.assert_array_equal(csr.edges, sel[order])
    assert (csr.indptr.dtype, csr.indices.dtype, csr.edges.dtype) == (np.int64, np.int32, np.int64)


@settings(max_examples=25)
@given(ANY, st.integers(0, 2**32 - 1))
def test_channels_into_some_nodes_are_those_whose_target_is_one(p, seed):
    from govsim.metrics._kernels import channels_into

    c = fresh(p)
    ch = chain_edges(c)
    rng = np.random.default_rng(seed)
    nodes = np.unique(rng.integers(0, max(c.n_nodes, 1), int(rng.integers(0, 6))))
    if c.n_nodes == 0:
        nodes = nodes[:0]
    np.testing.assert_array_equal(
        channels_into(ch, nodes), np.flatnonzero(np.isin(ch.target, nodes))
    )

"""Hand-computed values of the accountability metrics on the ``toy`` polity (see conftest)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govsim.errors import ValidationError
from govsim.metrics import accountability as A
from govsim.scenarios import synthetic


def _by_id(p, values):
    return dict(zip(p.compiled.ids.tolist(), np.asarray(values).tolist(), strict=True))


def test_chain_length_by_hand(toy):
    """Electorates 0; pres, lower (min of voters/pres), councils, a1: 1; gov, upper (via
    councils or pres), court (via pres), a2, audit1: 2; ag (pres -> gov -> ag): 3;
    lonely has no channel: inf."""
    L = _by_id(toy, A.chain_length(toy.compiled))
    assert {
        "voters": 0, "pres": 1, "gov": 2, "lower": 1, "upper": 2, "court": 2, "ag": 3,
        "lonely": math.inf, "v1": 0, "v2": 0, "c1": 1, "c2": 1, "a1": 1, "a2": 2, "audit1": 2,
    } == L  # fmt: skip


def test_summaries_by_hand(toy):
    """Office seats: 36 (all but the three electorates). Seats filled by voters:
    pres 1 + lower 8 + c1 4 + c2 4 + a1 1 = 18, so elected share 18/36.
    Seat-weighted chain lengths: pres 1, lower 8x1 + 2x2, gov 2, upper 6x2,
    court 3x2 + 2x3, c1 4, c2 4, a1 1, a2 2, ag 3, audit1 2 = 55 over the 35 seats
    with a chain; lonely's 1 seat is unaccountable (1/36). Of the 2 subnational
    executive seats, a1 is elected by r1's own voters: 1/2. Legislature (V-Dem):
    lower 8/10 direct; upper 4 indirect of 6 -> (4/2)/6; mean (0.8 + 1/3)/2."""
    c = toy.compiled
    assert A.elected_share(c) == pytest.approx(18 / 36, rel=1e-12)
    assert A.mean_chain_length(c) == pytest.approx(55 / 35, rel=1e-12)
    assert A.unaccountable_share(c) == pytest.approx(1 / 36, rel=1e-12)
    assert A.local_executive_share(c) == pytest.approx(0.5, rel=1e-12)
    assert A.elected_legislature(c) == pytest.approx((0.8 + 1 / 3) / 2, rel=1e-12)


def test_elected_legislature_vdem_kazakhstan_shapes(build_polity):
    """metrics.md §1.2: Mazhilis 98 direct + 9 by the Assembly of People (indirect),
    Senate 34 by maslikhats + 15 appointed -> (0.958 + 0.347)/2 = 0.652; after
    2022-23: 98/98 direct, Senate 40 indirect + 10 appointed -> (1 + 0.4)/2 = 0.700."""

    def kz(mazhilis_apk: int, senate_indirect: int, senate_appointed: int):
        inst = [
            ("voters", "electorate", "national"),
            ("pres", "head_of_state", "national"),
            ("apk", "consultative", "national"),
            ("maslikhats", "council", "regional", 500),
            ("mazhilis", "chamber", "national", 98 + mazhilis_apk),
            ("senate", "chamber", "national", senate_indirect + senate_appointed),
        ]
        rel = [
            ("voters", "elects", "pres"),
            ("pres", "appoints", "apk"),
            ("voters", "elects", "maslikhats"),
            ("voters", "elects", "mazhilis", 98),
            ("maslikhats", "elects", "senate", senate_indirect),
            ("pres", "appoints", "senate", senate_appointed),
        ]
        if mazhilis_apk:
            rel.append(("apk", "elects", "mazhilis", mazhilis_apk))
        return build_polity(inst, rel).compiled

    # the seat counts in exact arithmetic (a few ulps), and the published 3 decimals
    before = ((98 + 9 / 2) / 107 + (34 / 2) / 49) / 2
    assert A.elected_legislature(kz(9, 34, 15)) == pytest.approx(before, rel=1e-12)
    assert A.elected_legislature(kz(9, 34, 15)) == pytest.approx(0.652, abs=5e-4)
    assert A.elected_legislature(kz(0, 40, 10)) == pytest.approx(0.700, rel=1e-12)


def test_overfilled_body_shares_its_seats(build_polity):
    """Two channels that record no seats each claim the whole 10-seat body: they
    share it 5/5, so half the seats are elected, half appointed (chain 2)."""
    p = build_polity(
        [("v", "electorate", "national"), ("pres", "head_of_state", "national"),
         ("b", "council", "national", 10)],
        [("v", "elects", "pres"), ("v", "elects", "b"), ("pres", "appoints", "b")],
    )  # fmt: skip
    c = p.compiled
    assert A.elected_share(c) == pytest.approx((1 + 5) / 11, rel=1e-12)
    assert A.mean_chain_length(c) == pytest.approx((1 + 5 + 10) / 11, rel=1e-12)


def test_empty_polity(build_polity):
    c = build_polity([], []).compiled
    assert A.chain_length(c).shape == (0,)
    assert math.isnan(A.elected_share(c))
    assert math.isnan(A.mean_chain_length(c))
    assert math.isnan(A.local_executive_share(c))
    assert A.elected_legislature(c) == pytest.approx(0.0, abs=1e-12)


def test_batched_mask_matches_single(toy):
    """Row k of a batched call equals the single call on the polity without the masked relations."""
    c = toy.compiled
    rng = np.random.default_rng(0)
    mask = rng.random((6, c.n_edges)) < 0.7
    mask[0] = True
    L = A.chain_length(c, mask)
    assert L.shape == (6, c.n_nodes)
    np.testing.assert_array_equal(L[0], A.chain_length(c))
    for k in range(6):
        sub = toy.relation_table.take(mask[k])
        q = type(toy).from_tables("sub", toy.territory_table, toy.institution_table, sub).compiled
        np.testing.assert_array_equal(L[k], A.chain_length(q))
        for f in (A.elected_share, A.mean_chain_length, A.unaccountable_share,
                  A.local_executive_share, A.elected_legislature):  # fmt: skip
            np.testing.assert_allclose(f(c, mask)[k], f(q), equal_nan=True, rtol=1e-12, atol=1e-12)
    # a 1-D mask behaves like a single variant
    assert A.elected_share(c, mask[1]) == pytest.approx(A.elected_share(c, mask[1:2])[0], rel=1e-12)


def test_bad_mask(toy):
    c = toy.compiled
    with pytest.raises(ValidationError, match="'mask' parameter of elected_share"):
        A.elected_share(c, np.ones(3, dtype=bool))
    with pytest.raises(ValidationError, match="'mask' parameter of chain_length"):
        A.chain_length(c, np.ones(c.n_edges))


def test_batched_synthetic_smoke():
    """Removing every elects relation leaves no seat elected in that variant."""
    c = synthetic(2_000, seed=3).compiled
    mask = np.ones((2, c.n_edges), dtype=bool)
    mask[1] = ~c.edge_mask("elects")
    share = A.elected_share(c, mask)
    assert share[0] == pytest.approx(A.elected_share(c), rel=1e-12)
    assert share[1] == pytest.approx(0.0, abs=1e-12)

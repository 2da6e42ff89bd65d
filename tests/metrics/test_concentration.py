"""Hand-computed values of the concentration metrics on the ``toy`` polity (see conftest)."""

from __future__ import annotations

import gc
import math

import numpy as np
import pytest

from govsim.metrics import _descendants
from govsim.metrics import concentration as C


def test_appointment_depth_by_hand(toy):
    """The president appoints lower (2 seats), gov, upper, court and a2 directly; gov
    appoints ag (depth 2); nothing else is in the span."""
    d = dict(
        zip(toy.compiled.ids.tolist(), C.appointment_depth(toy.compiled).tolist(), strict=True)
    )
    assert {k: v for k, v in d.items() if math.isfinite(v)} == {
        "pres": 0, "lower": 1, "gov": 1, "upper": 1, "court": 1, "a2": 1, "ag": 2,
    }  # fmt: skip


def test_summaries_by_hand(toy):
    """Appointed seats: pres 2 (lower) + 1 (gov) + 2 (upper) + 3 (court) + 1 (a2) = 9,
    upper 2 (court), gov 1 (ag), c1 1 (audit1): 13 in all. Only c1 is outside the
    president's span: 12/13. HHI = (9^2 + 2^2 + 1 + 1)/13^2 = 87/169. The president
    dismisses gov, which dismisses ag: 2 of the 36 office seats."""
    c = toy.compiled
    assert C.head_of_state_span(c) == pytest.approx(12 / 13, rel=1e-12)
    assert C.appointment_hhi(c) == pytest.approx(87 / 169, rel=1e-12)
    assert C.removal_exposure(c) == pytest.approx(2 / 36, rel=1e-12)


def test_single_appointer_hhi_is_one(build_polity):
    p = build_polity(
        [("h", "head_of_state", "national"), ("a", "agency", "national", 3),
         ("b", "agency", "national")],
        [("h", "appoints", "a"), ("h", "appoints", "b")],
    )  # fmt: skip
    assert C.appointment_hhi(p.compiled) == pytest.approx(1.0, rel=1e-12)
    assert C.head_of_state_span(p.compiled) == pytest.approx(1.0, rel=1e-12)


def test_no_head_of_state_and_empty(build_polity):
    p = build_polity(
        [("g", "government", "national"), ("a", "agency", "national")],
        [("g", "appoints", "a")],
    )
    assert C.head_of_state_span(p.compiled) == pytest.approx(0.0, abs=1e-12)
    assert C.removal_exposure(p.compiled) == pytest.approx(0.0, abs=1e-12)
    assert np.isinf(C.appointment_depth(p.compiled)).all()
    e = build_polity([], []).compiled
    assert math.isnan(C.head_of_state_span(e))
    assert math.isnan(C.appointment_hhi(e))
    assert math.isnan(C.removal_exposure(e))


def test_appointment_span_by_hand(toy):
    """Office seats below each appointer in the toy polity: the president appoints
    lower (10 seats), gov (1), upper (6), court (5) and a2 (1), and through gov also ag
    (1): 24. upper appoints court (5), gov appoints ag (1), c1 appoints audit1 (1);
    everyone else appoints nobody."""
    c = toy.compiled
    span = dict(zip(c.ids.tolist(), C.appointment_span(c).tolist(), strict=True))
    assert {k: v for k, v in span.items() if v} == {"pres": 24, "upper": 5, "gov": 1, "c1": 1}


def test_appointment_span_shared_descendants_and_cycles(build_polity):
    """A diamond with a tail and a cycle, by hand. h appoints a and b; both appoint
    the 3-seat board d, which appoints e (2 seats): d and e count once for h,
    1 + 1 + 3 + 2 = 7 (not 12). x and y appoint each other (a cycle) and y appoints z: x
    reaches y and z (1 + 4 = 5), y reaches x and z (2 + 4 = 6), itself excluded; the
    electorate v that x 'appoints' is no office and counts 0. Parallel channels
    (a appoints d twice, for different seats) change nothing."""
    p = build_polity(
        [("h", "head_of_state", "national"), ("a", "agency", "national"),
         ("b", "agency", "national"), ("d", "agency", "national", 3),
         ("e", "agency", "national", 2), ("x", "agency", "national", 2),
         ("y", "agency", "national"), ("z", "agency", "national", 4),
         ("v", "electorate", "national")],
        [("h", "appoints", "a"), ("h", "appoints", "b"), ("a", "appoints", "d", 1),
         ("a", "appoints", "d", 1), ("b", "appoints", "d", 1), ("d", "appoints", "e"),
         ("x", "appoints", "y"), ("y", "appoints", "x"), ("y", "appoints", "z"),
         ("x", "appoints", "v")],
    )  # fmt: skip
    c = p.compiled
    span = dict(zip(c.ids.tolist(), C.appointment_span(c).tolist(), strict=True))
    assert span == {"h": 7, "a": 5, "b": 5, "d": 2, "e": 0, "x": 5, "y": 6, "z": 0, "v": 0}


def _wide_merges(build_polity, n_merges: int = 20, chain: int = 20):
    """A chain of ``chain`` agencies whose last appoints ``n_merges`` boards, each also
    appointed by its own agency: |A| |M| = (chain + n_merges) n_merges exceeds
    4 (n + E), so the pairs are not cached and every call redoes the bitsets."""
    inst = [(f"c{i}", "agency", "national", i + 1) for i in range(chain)]
    inst += [(f"m{i}", "agency", "national", 2) for i in range(n_merges)]
    inst += [(f"y{i}", "agency", "national") for i in range(n_merges)]
    rel = [(f"c{i}", "appoints", f"c{i + 1}") for i in range(chain - 1)]
    rel += [(f"c{chain - 1}", "appoints", f"m{i}") for i in range(n_merges)]
    rel += [(f"y{i}", "appoints", f"m{i}") for i in range(n_merges)]
    return build_polity(inst, rel)


def test_appointment_span_many_shared_descendants(build_polity):
    """By hand on :func:`_wide_merges`: chain agency c_i (i + 1 seats) reaches c_{i+1}
    .. c_19 and the 20 two-seat boards; y_i reaches its board only. Repeated calls
    (the cached plan) give the same."""
    c = _wide_merges(build_polity).compiled
    span = dict(zip(c.ids.tolist(), C.appointment_span(c).tolist(), strict=True))
    for i in range(20):
        assert span[f"c{i}"] == sum(range(i + 2, 21)) + 40
        assert span[f"y{i}"] == 2
        assert span[f"m{i}"] == 0
    assert (
        _descendants._cached_plan.values[c.out("appoints")].pairs is None
    )  # the uncached path ran
    np.testing.assert_array_equal(C.appointment_span(c), list(span.values()))


def test_appointment_span_plan_is_cached_per_polity(build_polity):
    """The plan is built once per polity, reused, and dies with the polity."""
    p = _wide_merges(build_polity, n_merges=2, chain=3)
    c = p.compiled
    first = C.appointment_span(c)
    plan = _descendants._cached_plan.values[c.out("appoints")]
    assert plan.pairs is not None
    np.testing.assert_array_equal(C.appointment_span(c), first)
    assert _descendants._cached_plan.values[c.out("appoints")] is plan
    n_plans = len(_descendants._cached_plan.values)
    del p, c, plan
    gc.collect()
    assert len(_descendants._cached_plan.values) == n_plans - 1

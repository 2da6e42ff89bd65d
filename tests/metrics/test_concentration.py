"""Hand-computed values of the concentration metrics on the ``toy`` polity (see conftest)."""

from __future__ import annotations

import math

import numpy as np
import pytest

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
    assert C.head_of_state_span(c) == pytest.approx(12 / 13)
    assert C.appointment_hhi(c) == pytest.approx(87 / 169)
    assert C.removal_exposure(c) == pytest.approx(2 / 36)


def test_single_appointer_hhi_is_one(build_polity):
    p = build_polity(
        [("h", "head_of_state", "national"), ("a", "agency", "national", 3),
         ("b", "agency", "national")],
        [("h", "appoints", "a"), ("h", "appoints", "b")],
    )  # fmt: skip
    assert C.appointment_hhi(p.compiled) == 1.0
    assert C.head_of_state_span(p.compiled) == 1.0


def test_no_head_of_state_and_empty(build_polity):
    p = build_polity(
        [("g", "government", "national"), ("a", "agency", "national")],
        [("g", "appoints", "a")],
    )
    assert C.head_of_state_span(p.compiled) == 0.0
    assert C.removal_exposure(p.compiled) == 0.0
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

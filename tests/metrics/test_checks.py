"""Hand-computed values of the checks metrics on the ``toy`` polity and on a cycle."""

from __future__ import annotations

import math

import numpy as np
import pytest

from govsim.errors import ValidationError
from govsim.metrics import checks as K


def test_independence_from_president_by_hand(toy):
    """lower: 8/10 by voters -> 0.8; upper: 4/6 by the (voter-elected) councils -> 2/3;
    court: 3/5 by the president, 2/5 by upper -> 0.4 x 2/3; gov, a2 and ag (through
    gov) are wholly the president's -> 0; everything else 1; the president itself 0."""
    ind = dict(zip(toy.compiled.ids.tolist(), K.independence(toy.compiled, "pres"), strict=True))
    # exact rationals computed in floating point: a few ulps
    assert ind["lower"] == pytest.approx(0.8, rel=1e-12)
    assert ind["upper"] == pytest.approx(2 / 3, rel=1e-12)
    assert ind["court"] == pytest.approx(0.4 * 2 / 3, rel=1e-12)
    for v in ("pres", "gov", "a2", "ag"):
        assert ind[v] == pytest.approx(0.0, abs=1e-12)
    for v in ("voters", "c1", "c2", "a1", "audit1", "lonely", "v1", "v2"):
        assert ind[v] == pytest.approx(1.0, rel=1e-12)
    # the default target is the head of state; indices and masks work too
    np.testing.assert_allclose(K.independence(toy.compiled), list(ind.values()), rtol=1e-12)
    np.testing.assert_allclose(
        K.independence(toy.compiled, toy.index_of("pres")), list(ind.values()), rtol=1e-12
    )


def test_check_scores_by_hand(toy):
    """Head of state: court 4/15 + lower 0.8 + upper 2/3 = 26/15. Government: the lower
    chamber, the court and the president, none selected through the government: 3."""
    c = toy.compiled
    assert K.head_of_state(c) == pytest.approx(4 / 15 + 0.8 + 2 / 3, rel=1e-12)
    assert K.government(c) == pytest.approx(3.0, rel=1e-12)


def test_cycle_solved_exactly(build_polity, monkeypatch):
    """X (2 seats): T appoints 1, Y appoints 1; Y (2 seats): X appoints 1, voters elect 1.
    d(X) = 1/2 + d(Y)/2, d(Y) = d(X)/2  ->  d(X) = 2/3, d(Y) = 1/3; independence 1/3, 2/3.
    Forcing the sparse solve (no Jacobi sweeps) gives the same."""
    p = build_polity(
        [("v", "electorate", "national"), ("t", "head_of_state", "national"),
         ("x", "agency", "national", 2), ("y", "agency", "national", 2)],
        [("v", "elects", "t"), ("t", "appoints", "x", 1), ("y", "appoints", "x", 1),
         ("x", "appoints", "y", 1), ("v", "elects", "y", 1)],
    )  # fmt: skip
    expected = [1.0, 0.0, 1 / 3, 2 / 3]
    # Jacobi sweeps until they stop changing, or a sparse direct solve: both exact to
    # rounding
    np.testing.assert_allclose(K.independence(p.compiled, "t"), expected, rtol=1e-12, atol=1e-12)
    monkeypatch.setattr(K, "_MAX_SWEEPS", 0)
    np.testing.assert_allclose(K.independence(p.compiled, "t"), expected, rtol=1e-12, atol=1e-12)


def test_no_target(build_polity):
    p = build_polity([("a", "agency", "national")], [])
    assert math.isnan(K.head_of_state(p.compiled))
    np.testing.assert_allclose(K.independence(p.compiled, []), [1.0], rtol=1e-12)


def test_unknown_target(toy):
    with pytest.raises(ValidationError, match="'target' parameter of independence"):
        K.independence(toy.compiled, "nobody")
    with pytest.raises(ValidationError, match="'target' parameter of independence"):
        K.independence(toy.compiled, 99)

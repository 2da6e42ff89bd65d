"""Bounds of the tenure engine: any TermRule it accepts, any horizon, ends fast or errs."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import ValidationError
from govsim.model.rows import TermRule
from govsim.tenure import (
    MAX_YEARS,
    exact_expected_tenure,
    exact_p_tenure_over,
    exact_survival,
    exact_total_years,
    simulate,
)

pytestmark = pytest.mark.usefixtures("hang_guard")


def rule(years: int, max_terms: int | None, **flags: bool) -> TermRule:
    """A TermRule built without the model's field bounds: the engine must be safe anyway."""
    return TermRule.model_construct(
        years=years,
        max_terms=max_terms,
        consecutive_only=flags.get("consecutive_only", False),
        exempt_incumbent=flags.get("exempt_incumbent", False),
    )


@pytest.mark.parametrize("consecutive_only", [False, True])
def test_a_limit_that_cannot_bind_is_no_limit(consecutive_only: bool) -> None:
    """max_terms = 10^6 enumerated some 10^13 chain states; within 30 years it is no limit."""
    huge = exact_total_years(
        rule(5, 10**6, consecutive_only=consecutive_only), 0.05, 30, 0.9, comeback=0.5
    )
    none = exact_total_years(
        rule(5, None, consecutive_only=consecutive_only), 0.05, 30, 0.9, comeback=0.5
    )
    np.testing.assert_allclose(huge.pmf, none.pmf, rtol=0, atol=1e-14)
    assert huge.p_return == pytest.approx(none.p_return, abs=1e-14)


def test_one_year_terms_at_the_model_bound() -> None:
    """TermRule(years=1, max_terms=100), valid in a polity file: 20,200 states enumerated in O(S^2)."""
    term = TermRule(years=1, max_terms=100)
    law = exact_total_years(term, 0.05, 30, 0.9, comeback=0.5)
    reference = exact_total_years(TermRule(years=1), 0.05, 30, 0.9, comeback=0.5)
    assert law.mean == pytest.approx(reference.mean, abs=1e-12)
    assert float(law.pmf.sum()) == pytest.approx(1.0, abs=1e-12)


def test_chain_state_bound() -> None:
    """A limit that binds within a long horizon and needs more states than MAX_CHAIN_STATES."""
    with pytest.raises(ValidationError, match="'term' parameter of exact_total_years"):
        exact_total_years(TermRule(years=1, max_terms=100), 0.05, 1_000, 0.9, comeback=0.5)


def test_expected_tenure_under_any_cap() -> None:
    """A cap of 7 x 10^9 years asked numpy for an array of that many years."""
    assert exact_expected_tenure(rule(7, 10**9), 0.05) == pytest.approx(20.0, rel=1e-12)
    # a cap beyond MAX_YEARS in closed form against a plain numpy sum over every year
    span, terms, h, r = 100, 200, 0.001, 0.99
    y = np.arange(span * terms)
    direct = float(np.sum((1.0 - h) ** y * r ** (y // span)))
    assert exact_expected_tenure(rule(span, terms), h, reelection=r) == pytest.approx(
        direct, rel=1e-10
    )
    # a varying hazard: the closed tail after the array's last entry
    hazard = [0.2, 0.1, 0.05]
    capped = exact_expected_tenure(rule(5, 10**6), hazard, reelection=0.9)
    horizon = exact_expected_tenure(rule(5, 10**6), hazard, years=MAX_YEARS, reelection=0.9)
    assert capped == pytest.approx(horizon, rel=1e-12)


def test_horizons_are_bounded() -> None:
    """years = 10^9 looped 10^9 times (simulate) or allocated 8 GB (closed forms)."""
    with pytest.raises(ValidationError, match="'years' parameter of simulate"):
        simulate(TermRule(years=5), 0.05, 10**9, 10)
    with pytest.raises(ValidationError, match="'n' parameter of simulate"):
        simulate(TermRule(years=5), 0.05, 30, 10**9)
    with pytest.raises(ValidationError, match="'years' parameter of exact_survival"):
        exact_survival(None, 0.05, 10**9)
    with pytest.raises(ValidationError, match="'years' parameter of exact_expected_tenure"):
        exact_expected_tenure(None, 0.05, years=10**9)
    with pytest.raises(ValidationError, match="'threshold' parameter of exact_p_tenure_over"):
        exact_p_tenure_over(None, 0.05, 10**9)
    with pytest.raises(ValidationError, match="'years' parameter of exact_total_years"):
        exact_total_years(None, 0.05, 10**9)


def test_simulation_with_a_huge_limit_matches_no_limit() -> None:
    """The simulation loop never depended on max_terms; it stays draw-for-draw the same."""
    a = simulate(rule(5, 10**6), 0.05, 30, 500, seed=1, reelection=0.9, comeback=0.5)
    b = simulate(rule(5, None), 0.05, 30, 500, seed=1, reelection=0.9, comeback=0.5)
    np.testing.assert_array_equal(a.total, b.total)

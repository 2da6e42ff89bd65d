"""Tenure simulation against closed forms, a renewal reference and hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim import TermRule, ValidationError
from govsim.metrics.registry import get_metric
from govsim.tenure import (
    exact_expected_tenure,
    exact_p_tenure_over,
    exact_survival,
    expected_holders,
    expected_tenure,
    p_tenure_over,
    simulate,
    tenure_distribution,
)

KZ_2019 = TermRule(years=5, max_terms=2, consecutive_only=True)
KZ_2019_EXEMPT = TermRule(years=5, max_terms=2, consecutive_only=True, exempt_incumbent=True)
KZ_2024 = TermRule(years=7, max_terms=1)
RULES = [None, KZ_2019, KZ_2019_EXEMPT, KZ_2024, TermRule(years=4)]


def renewal_holders(first_pmf: np.ndarray, next_pmf: np.ndarray, within: int) -> float:
    """Plain renewal recursion: expected distinct holders in ``within`` years.

    ``u[y]`` = P(a new holder starts after year y) = f1(y) + sum_{j<y} u[j] f(y - j).
    """
    u = [0.0] * within
    for y in range(1, within):
        u[y] = first_pmf[y] + sum(u[j] * next_pmf[y - j] for j in range(1, y))
    return 1.0 + sum(u)


def pmf_from_survival(surv: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], surv[:-1] - surv[1:]])


def test_closed_forms_by_hand() -> None:
    """Geometric: E = 1/h, P(T > 10) = (1 - h)^10; single 7-year term: sum_{y<7} (1 - h)^y."""
    assert exact_expected_tenure(None, 0.1) == pytest.approx(10.0)
    assert exact_p_tenure_over(None, 0.1, 10) == pytest.approx(0.9**10)
    assert exact_expected_tenure(KZ_2024, 0.1) == pytest.approx(sum(0.9**y for y in range(7)))
    # two 5-year terms, re-election 0.5, no hazard: 5 + 0.5 * 5
    assert exact_expected_tenure(KZ_2019, 0.0, reelection=0.5) == pytest.approx(7.5)
    # renewable terms without a cap: geometric over terms
    assert exact_expected_tenure(TermRule(years=4), 0.0, reelection=0.5) == pytest.approx(8.0)
    assert exact_expected_tenure(TermRule(years=4), 0.1, reelection=0.5) == pytest.approx(
        float(exact_survival(TermRule(years=4), 0.1, 2000, 0.5).sum())
    )
    assert exact_p_tenure_over(KZ_2019, 0.05, 10) == 0.0
    assert exact_p_tenure_over(KZ_2019_EXEMPT, 0.0, 10, reelection=1.0) == 1.0


@pytest.mark.parametrize("term", RULES)
@pytest.mark.parametrize("reelection", [1.0, 0.8])
def test_simulation_agrees_with_closed_forms(term: TermRule | None, reelection: float) -> None:
    horizon, n = 60, 40_000
    res = simulate(term, 0.06, horizon, n, seed=11, reelection=reelection)
    est = expected_tenure(res)
    exact = exact_expected_tenure(term, 0.06, horizon, reelection)
    assert abs(est.value - exact) <= 4.5 * est.stderr + 1e-12
    p = p_tenure_over(res, 10)
    p_exact = exact_p_tenure_over(term, 0.06, 10, reelection)
    assert (
        abs(p.value - p_exact) <= 4.5 * max(p.stderr, np.sqrt(p_exact * (1 - p_exact) / n)) + 1e-12
    )
    years, probs, _se = tenure_distribution(res)
    surv = exact_survival(term, 0.06, horizon, reelection)
    exact_pmf = pmf_from_survival(surv)[1:]
    exact_pmf[-1] += surv[-1]  # tenures that reach the horizon sit in the last bin
    assert np.all(np.abs(probs - exact_pmf) <= 5 * np.sqrt(exact_pmf * (1 - exact_pmf) / n) + 1e-12)
    assert years[0] == 1
    assert probs.sum() == pytest.approx(1.0)
    # holders: renewal recursion, successors are bound by the limit even when the incumbent is not
    successor = None if term is None else TermRule(years=term.years, max_terms=term.max_terms)
    first_pmf = pmf_from_survival(exact_survival(term, 0.06, 30, reelection))
    next_pmf = pmf_from_survival(exact_survival(successor, 0.06, 30, reelection))
    h = expected_holders(res, 30)
    assert abs(h.value - renewal_holders(first_pmf, next_pmf, 30)) <= 4.5 * h.stderr


def test_deterministic_cases() -> None:
    res = simulate(KZ_2024, 0.0, 30, 50, seed=0)
    assert np.all(res.tenure == 7)
    assert expected_holders(res, 30) == (5.0, 0.0)  # years 1-7, 8-14, 15-21, 22-28, 29-30
    assert res.turnover[[6, 13]].tolist() == [1.0, 1.0]
    exempt = simulate(KZ_2019_EXEMPT, 0.0, 40, 10, seed=0)
    assert np.all(exempt.tenure == 40)
    capped = simulate(None, 0.0, 12, 10, seed=0)
    assert np.all(capped.tenure == 12)
    array_hazard = simulate(None, [0.0, 0.0, 1.0], 10, 10, seed=0)
    assert np.all(array_hazard.tenure == 3)
    callable_hazard = simulate(None, lambda y: (y >= 4).astype(float), 10, 10, seed=0)
    assert np.all(callable_hazard.tenure == 4)


@settings(deadline=None, max_examples=25)
@given(
    st.integers(1, 8),
    st.one_of(st.none(), st.integers(1, 3)),
    st.floats(0.0, 0.3),
    st.floats(0.5, 1.0),
)
def test_simulation_in_range_and_seeded(
    years: int, max_terms: int | None, hazard: float, r: float
) -> None:
    term = TermRule(years=years, max_terms=max_terms)
    a = simulate(term, hazard, 25, 500, seed=3, reelection=r)
    b = simulate(term, hazard, 25, 500, seed=3, reelection=r)
    np.testing.assert_array_equal(a.tenure, b.tenure)
    assert a.tenure.min() >= 1
    assert a.tenure.max() <= (25 if max_terms is None else min(25, years * max_terms))
    assert np.all(a.holders >= 1)
    assert np.all(np.diff(a.holders_mean) >= 0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"hazard": 1.5}, "hazard"),
        ({"hazard": [0.1, -0.1]}, "hazard"),
        ({"years": 0}, "years"),
        ({"n": 0}, "n"),
        ({"reelection": 2.0}, "reelection"),
        ({"term": 5}, "term"),
    ],
)
def test_simulate_rejects(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"term": KZ_2024, "hazard": 0.1, "years": 10, "n": 10, "seed": 0}
    args.update(kwargs)
    with pytest.raises(ValidationError, match=f"'{field}' parameter of simulate"):
        simulate(**args)  # type: ignore[arg-type]


def test_summaries_reject_out_of_horizon() -> None:
    res = simulate(KZ_2024, 0.1, 10, 10, seed=0)
    with pytest.raises(ValidationError, match="'within'"):
        expected_holders(res, 30)
    with pytest.raises(ValidationError, match="'threshold'"):
        p_tenure_over(res, 10)
    with pytest.raises(ValidationError, match="'hazard'"):
        exact_expected_tenure(None, 0.0)


class _Head:
    def __init__(self, term: TermRule | None) -> None:
        self.term = term


class _Polity:
    """The part of the Polity API the tenure metrics read."""

    name = "stub"

    def __init__(self, term: TermRule | None) -> None:
        self._term = term

    def select(self, **criteria: object) -> tuple[_Head, ...]:
        assert criteria == {"kind": "head_of_state", "level": "national"}
        return (_Head(self._term),)


def test_registered_metrics() -> None:
    """Kazakhstan: 2x5 years (2019) vs a single 7-year term (2024), default hazards."""
    expected = get_metric("tenure.expected_years")
    p10 = get_metric("tenure.p_over_10_years")
    before, after, exempt = _Polity(KZ_2019), _Polity(KZ_2024), _Polity(KZ_2019_EXEMPT)
    assert expected(after) == pytest.approx(sum(0.95**y for y in range(7)))
    assert expected(before) == pytest.approx(
        sum(0.95**y for y in range(5)) + 0.9 * sum(0.95**y for y in range(5, 10))
    )
    assert expected(exempt) > expected(before) > expected(after)
    assert p10(before) == p10(after) == 0.0
    assert 0 < p10(exempt) < 1
    assert expected(before, hazard=0.1, reelection=1.0) == pytest.approx(
        exact_expected_tenure(KZ_2019, 0.1)
    )

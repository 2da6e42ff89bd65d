"""The first holder's term count (``counted``): a reset of the count, and earlier terms.

The Monte Carlo (``simulate``), the closed forms (``exact_survival``, ...) and the exact
chain (``exact_total_years``) against each other and against a plain one-draw-at-a-time
reference written from the rules; hand-computed cases with a zero hazard (Russia's
two six-year terms after the 2020 reset: the running term and two more, 18 years).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim import TermRule, ValidationError
from govsim.tenure import (
    exact_expected_tenure,
    exact_p_tenure_over,
    exact_survival,
    exact_total_years,
    expected_tenure,
    expected_total,
    p_return,
    p_total_over,
    simulate,
)
from govsim.tenure.simulate import FIRST_TERM_COUNTED

RU_2020 = TermRule(years=6, max_terms=2)  # art. 81(3) after 2020: no more than two terms
RU_2008 = TermRule(years=6, max_terms=2, consecutive_only=True)  # before 2020: two in a row
UZ_2023 = TermRule(years=7, max_terms=2, consecutive_only=True)  # art. 106 (2023)


def reference_history(
    term: TermRule | None,
    hazard: float,
    years: int,
    reelection: float,
    death_share: float,
    comeback: float,
    counted: int,
    rng: random.Random,
) -> tuple[int, int, int]:
    """One history straight from the rules: (first spell, total years, spells).

    As the reference of ``tests/test_tenure.py``, with the first holder's count at the
    end of the first term set to ``counted`` (``terms`` starts at ``counted - 1`` for
    the first holder; successors start at 0; a return restarts a consecutive count and
    carries a lifetime one).
    """
    limit = None if term is None else term.max_terms
    lifetime = (
        term is not None
        and limit is not None
        and not term.consecutive_only
        and not term.exempt_incumbent
    )
    holder_is_first, in_term, prior = True, 0, 0
    terms = counted - 1
    out, elected = False, 0
    first_spell, total, spells, first_spell_over = 0, 0, 1, False
    for year in range(1, years + 1):
        if holder_is_first:
            total += 1
            if not first_spell_over:
                first_spell += 1
        leave = died = ends = False
        if rng.random() < hazard:
            leave = True
            died = rng.random() < death_share
        if term is not None:
            in_term += 1
            if in_term == term.years:
                ends, in_term, terms = True, 0, terms + 1
                bound = limit is not None and not (holder_is_first and term.exempt_incumbent)
                at_limit = bound and terms + prior >= limit  # type: ignore[operator]
                if at_limit or (not leave and rng.random() >= reelection):
                    leave = True
        back = False
        if out:
            if rng.random() < death_share * hazard:
                out = False
            elif (leave or ends) and rng.random() < comeback:
                back, out, leave = True, False, True
        if holder_is_first and leave:
            first_spell_over = True
            elected = terms + prior + (1 if in_term > 0 else 0)
            out = not died and (not lifetime or elected < limit)  # type: ignore[operator]
        if leave:
            holder_is_first, in_term, terms, prior = back, 0, 0, 0
            if back:
                prior = elected if lifetime else 0
                if year < years:
                    spells += 1
    return first_spell, total, spells


def within(value: float, exact: float, se: float, sigmas: float = 5.0) -> bool:
    return abs(value - exact) <= sigmas * se + 1e-12


# -- hand-computed cases ------------------------------------------------------------------


def test_default_count_is_the_model_without_it() -> None:
    assert FIRST_TERM_COUNTED == 1
    for term in (RU_2020, RU_2008, UZ_2023, TermRule(years=5), None):
        a = exact_total_years(term, 0.05, 30, 0.9, 0.4, 0.5)
        b = exact_total_years(term, 0.05, 30, 0.9, 0.4, 0.5, counted=1)
        np.testing.assert_allclose(a.pmf, b.pmf, rtol=0, atol=1e-15)
        x = simulate(term, 0.05, 30, 500, seed=3, reelection=0.9, comeback=0.5)
        y = simulate(term, 0.05, 30, 500, seed=3, reelection=0.9, comeback=0.5, counted=1)
        np.testing.assert_array_equal(x.total, y.total)


def test_zero_hazard_by_hand() -> None:
    """No exit hazard, re-election certain: the spell is the limit's terms and no more.

    Two six-year terms: reset (0 counted) 3 terms = 18 years; a first term 12; a count at
    or past the limit (Russia 2020 without the reset: 4 terms served) the running term, 6.
    """
    for counted, years in ((0, 18), (1, 12), (2, 6), (4, 6)):
        res = simulate(RU_2020, 0.0, 40, 20, seed=0, counted=counted)
        assert res.tenure.tolist() == [years] * 20
        law = exact_total_years(RU_2020, 0.0, 40, counted=counted)
        assert law.mean == pytest.approx(years, abs=1e-12)
        assert exact_expected_tenure(RU_2020, 0.0, counted=counted) == pytest.approx(
            years, abs=1e-12
        )
        surv = exact_survival(RU_2020, 0.0, 40, counted=counted)
        assert surv[years - 1] == pytest.approx(1.0, abs=1e-15)
        assert surv[years] == pytest.approx(0.0, abs=1e-15)


def test_returns_after_a_count_at_the_limit_by_hand() -> None:
    """Two consecutive six-year terms, the count at the limit, certain returns: the running
    term, a successor's term out (the election that replaces the holder is not one they
    stand in), then two more terms: 6 + 12 = 18 years in 30, two spells."""
    law = exact_total_years(RU_2008, 0.0, 30, 1.0, 0.0, 1.0, counted=2)
    assert law.mean == pytest.approx(18.0, abs=1e-12)
    assert law.p_return == pytest.approx(1.0, abs=1e-12)
    res = simulate(RU_2008, 0.0, 30, 10, seed=0, reelection=1.0, comeback=1.0, counted=2)
    assert res.total.tolist() == [18] * 10
    assert res.spells.tolist() == [2] * 10
    # a lifetime limit at the limit: no return ever
    law = exact_total_years(RU_2020, 0.0, 30, 1.0, 0.0, 1.0, counted=2)
    assert law.mean == pytest.approx(6.0, abs=1e-12)
    assert law.p_return == pytest.approx(0.0, abs=1e-12)


def test_exempt_incumbent_ignores_the_count() -> None:
    exempt = TermRule(years=5, max_terms=2, consecutive_only=True, exempt_incumbent=True)
    for counted in (0, 3):
        a = exact_total_years(exempt, 0.05, 30, 0.9, 0.4, 0.5, counted=counted)
        b = exact_total_years(exempt, 0.05, 30, 0.9, 0.4, 0.5)
        np.testing.assert_allclose(a.pmf, b.pmf, rtol=0, atol=1e-15)


def test_the_reset_lengthens_tenure() -> None:
    """The count reset of Russia 2020 against the same rule without it (4 terms served)."""
    reset = exact_total_years(RU_2020, 0.05, 30, 0.9, 0.4, 0.5, counted=0)
    kept = exact_total_years(RU_2020, 0.05, 30, 0.9, 0.4, 0.5, counted=4)
    assert reset.mean > kept.mean + 5.0
    assert reset.p_over(10) > 0.5
    assert kept.p_over(10) == pytest.approx(0.0, abs=1e-15)
    assert exact_p_tenure_over(RU_2020, 0.05, 10, 0.9, counted=0) > 0.4
    assert exact_p_tenure_over(RU_2020, 0.05, 10, 0.9, counted=4) == pytest.approx(0.0, abs=0)


# -- the engines agree ----------------------------------------------------------------------


@pytest.mark.parametrize("term", [RU_2020, RU_2008, UZ_2023, TermRule(years=4, max_terms=3)])
@pytest.mark.parametrize("counted", [0, 2, 5])
def test_simulation_agrees_with_the_chain(term: TermRule, counted: int) -> None:
    n, horizon = 40_000, 30
    res = simulate(term, 0.05, horizon, n, seed=11, reelection=0.9, comeback=0.5, counted=counted)
    law = exact_total_years(term, 0.05, horizon, 0.9, 0.4, 0.5, counted=counted)
    total = expected_total(res)
    assert within(total.value, law.mean, total.stderr)
    over = p_total_over(res, 10)
    assert within(over.value, law.p_over(10), max(over.stderr, 1 / n))
    ret = p_return(res)
    assert within(ret.value, law.p_return, max(ret.stderr, 1 / n))
    # the first spell alone against the closed form
    spell = expected_tenure(res)
    exact = exact_expected_tenure(term, 0.05, horizon, 0.9, counted=counted)
    assert within(spell.value, exact, spell.stderr)


@settings(deadline=None, max_examples=12)
@given(
    st.one_of(
        st.none(),
        st.builds(
            TermRule,
            years=st.integers(1, 6),
            max_terms=st.one_of(st.none(), st.integers(1, 3)),
            consecutive_only=st.booleans(),
        ),
    ),
    st.floats(0.02, 0.3),
    st.floats(0.3, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.1, 1.0),
    st.integers(0, 4),
)
def test_reference_agrees_with_the_chain(
    term: TermRule | None, hazard: float, r: float, d: float, c: float, counted: int
) -> None:
    """The plain reference against the exact chain, for any count, within its error."""
    horizon, n = 25, 1500
    rng = random.Random(5)
    ref = np.array(
        [reference_history(term, hazard, horizon, r, d, c, counted, rng) for _ in range(n)]
    )
    law = exact_total_years(term, hazard, horizon, r, d, c, counted=counted)
    total = ref[:, 1]
    assert within(total.mean(), law.mean, total.std(ddof=1) / np.sqrt(n))
    for p_hat, exact in (
        ((total > 10).mean(), law.p_over(10)),
        ((ref[:, 2] > 1).mean(), law.p_return),
    ):
        assert within(p_hat, exact, np.sqrt(max(exact * (1 - exact), 1 / n) / n))
    spell = ref[:, 0]
    exact_spell = exact_expected_tenure(term, hazard, horizon, r, counted=counted)
    assert within(spell.mean(), exact_spell, max(spell.std(ddof=1), 1.0) / np.sqrt(n))


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-1, 101, 2**63, 1.5, True, "1", None])
def test_counted_is_bounded(bad: object) -> None:
    calls = [
        lambda: simulate(RU_2020, 0.05, 10, 10, seed=0, counted=bad),  # type: ignore[arg-type]
        lambda: exact_total_years(RU_2020, 0.05, 10, counted=bad),  # type: ignore[arg-type]
        lambda: exact_survival(RU_2020, 0.05, 10, counted=bad),  # type: ignore[arg-type]
        lambda: exact_expected_tenure(RU_2020, 0.05, counted=bad),  # type: ignore[arg-type]
        lambda: exact_p_tenure_over(RU_2020, 0.05, counted=bad),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(ValidationError, match="counted"):
            call()


def test_the_metrics_read_the_count_and_bound_it() -> None:
    import govsim
    from govsim import Rule
    from govsim.metrics import evaluate
    from govsim.metrics.tenure import incumbent_count
    from govsim.reforms import primitives as P
    from govsim.reforms.term_count_reset import TermCountReset
    from govsim.scenarios import kazakhstan_2019

    base = kazakhstan_2019()
    assert incumbent_count(base) == 1
    reset = TermCountReset().apply(base)
    assert incumbent_count(reset) == 0
    assert incumbent_count(TermCountReset(counted=3).apply(reset)) == 3
    assert not TermCountReset(counted=3).apply(reset).rules_of("term_count_reset")

    def with_rules(rules: tuple[Rule, ...]) -> govsim.Polity:
        return P.Draft.of(base).replace(rules=rules).build()

    both = with_rules(
        (
            *base.rules,
            Rule(kind="term_count_reset", subject="president"),
            Rule(kind="incumbent_terms", subject="president", value=2),
        )
    )
    with pytest.raises(ValidationError, match="at most one of the rules"):
        incumbent_count(both)
    huge = with_rules((*base.rules, Rule(kind="incumbent_terms", subject="president", value=10**9)))
    with pytest.raises(ValidationError, match="MAX_TERMS = 100"):
        incumbent_count(huge)
    values = evaluate(huge, metrics=["tenure"])
    assert np.isnan(values["tenure.expected_years"])
    assert "MAX_TERMS" in values.notes["tenure.expected_years"]

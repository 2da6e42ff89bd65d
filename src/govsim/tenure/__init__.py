"""How long a leader stays: term limits, exit hazards, re-election and returns.

A holder takes office at the start of year 1 and is counted in years in office
``y = 1, 2, ...``. At the end of each year in office:

1. the holder leaves with probability ``hazard(y)``: by death or incapacity with
   probability ``death_share * hazard(y)``, alive (resignation, ouster) otherwise;
2. otherwise, if ``y`` ends a term (``y % term.years == 0``):

   * at the end of the last term the rule allows (``y // term.years == max_terms``,
     unless the limit does not bind the holder) the holder leaves, alive;
   * at the end of any other term the holder stays with probability ``reelection``
     and leaves, alive, otherwise.

When a holder leaves, a new holder starts the next year under the same rule; the start
of each term (a new holder's, or a re-elected holder's next one) is an *election*. The
*first* holder is the incumbent: ``TermRule.exempt_incumbent`` lifts the limit for
that holder only (Kazakhstan's First President exemption, 2007-2022).

The first holder's count. ``counted`` (default 1) is the number of terms the limit counts
for the first holder when the first simulated term ends: 1 for a holder in a first term,
``k`` when ``k - 1`` earlier terms count too (an incumbent in a second term), and 0 when a
transitional rule resets the count, so that the term running when it took effect is not
counted either (Russia's 2020 amendment, art. 81(3.1); Uzbekistan's 2023 Constitution). A
holder whose count is at or past the limit serves out the running term. Successors start
at 1.

Returns. A first holder who left office alive may come back: at each later election,
while alive (out of office the yearly death risk is ``death_share * hazard``) and
eligible, the former holder wins it with probability ``comeback`` (displacing the
incumbent) and starts a new spell. The holder does not stand at the election that
replaces them, so at least one successor's term (or part of one) lies between two
spells. Eligibility: always when the rule has no limit, the limit does not bind the
first holder, or it limits *consecutive* terms only (that break is the one such a
limit asks for; the count restarts on return); under a
lifetime limit (``consecutive_only=False``) only while the terms the holder was
elected to, counted over all spells, stay below ``max_terms`` -- so never under
Kazakhstan's 2022 single term. Successors are always new persons. ``comeback=0``
reproduces the model without returns draw for draw.

:func:`simulate` draws ``n`` histories at once (a loop over years, vectorized over
draws); the summaries carry Monte Carlo standard errors; the ``exact_*`` functions give
the closed forms, and :func:`exact_total_years` the exact law of the first holder's
total years (a small Markov chain), that the simulation is tested against.

:mod:`govsim.tenure.simulate` holds the Monte Carlo and its summaries,
:mod:`govsim.tenure.exact` the closed forms and the chain; the registered ``tenure.*``
metrics are in :mod:`govsim.metrics.tenure`.
"""

from govsim.tenure.exact import (
    MAX_CHAIN_STATES,
    MAX_CHAIN_WORK,
    TotalYears,
    exact_expected_tenure,
    exact_p_tenure_over,
    exact_survival,
    exact_total_years,
)
from govsim.tenure.simulate import (
    DEFAULT_COMEBACK,
    DEFAULT_DEATH_SHARE,
    DEFAULT_HAZARD,
    DEFAULT_REELECTION,
    FIRST_TERM_COUNTED,
    MAX_SIMULATION_CELLS,
    MAX_YEARS,
    TOTAL_HORIZON,
    Estimate,
    HazardLike,
    TenureResult,
    expected_holders,
    expected_tenure,
    expected_total,
    p_return,
    p_tenure_over,
    p_total_over,
    simulate,
    tenure_distribution,
)

__all__ = [
    "DEFAULT_COMEBACK",
    "DEFAULT_DEATH_SHARE",
    "DEFAULT_HAZARD",
    "DEFAULT_REELECTION",
    "FIRST_TERM_COUNTED",
    "MAX_CHAIN_STATES",
    "MAX_CHAIN_WORK",
    "MAX_SIMULATION_CELLS",
    "MAX_YEARS",
    "TOTAL_HORIZON",
    "Estimate",
    "HazardLike",
    "TenureResult",
    "TotalYears",
    "exact_expected_tenure",
    "exact_p_tenure_over",
    "exact_survival",
    "exact_total_years",
    "expected_holders",
    "expected_tenure",
    "expected_total",
    "p_return",
    "p_tenure_over",
    "p_total_over",
    "simulate",
    "tenure_distribution",
]

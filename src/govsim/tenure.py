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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from govsim._random import SeedLike, as_generator
from govsim._validation import check_fraction, check_int, param_error
from govsim.metrics.registry import register_metric
from govsim.model.roles import head_of_state
from govsim.model.rows import TermRule

__all__ = [
    "DEFAULT_COMEBACK",
    "DEFAULT_DEATH_SHARE",
    "DEFAULT_HAZARD",
    "DEFAULT_REELECTION",
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

#: A constant yearly exit probability, an array by year in office (``hazard[y - 1]``;
#: the last entry holds beyond the array), or a callable of the years-in-office array.
HazardLike: TypeAlias = float | ArrayLike | Callable[[NDArray[np.int64]], ArrayLike]

#: Default yearly exit hazard of a head of state used by the registered metrics: 5%
#: (death, incapacity, resignation or ouster), i.e. an expected 20 years in office
#: without any term limit. A modelling assumption, not an estimate: pass ``hazard=``.
DEFAULT_HAZARD = 0.05
#: Default probability that an incumbent allowed another term wins it: 0.9 (incumbents
#: of dominant-party systems rarely lose). A modelling assumption: pass ``reelection=``.
DEFAULT_REELECTION = 0.9
#: Default share of the exit hazard that is death or incapacity (the holder cannot
#: return): 0.4, i.e. 2 of the default 5 percentage points a year, about the yearly
#: mortality of a man in his late sixties; the other 3 points are exits alive
#: (resignation, lost election, ouster). A modelling assumption, not an estimate:
#: pass ``death_share=``.
DEFAULT_DEATH_SHARE = 0.4
#: Default probability that an eligible former head of state wins an election: 0.5,
#: for a former president who still leads a dominant party. A modelling assumption,
#: not an estimate: pass ``comeback=`` (0 rules returns out).
DEFAULT_COMEBACK = 0.5
#: Horizon in years of the registered total-years metrics: 30 (a political generation).
TOTAL_HORIZON = 30
#: Longest horizon (and tenure threshold) in years of every function here: 10,000. No
#: holder serves a century, and no state has lasted ten millennia (the recorded history
#: of states spans about five), so a longer horizon describes no polity; the closed forms
#: then hold arrays of at most 10^4 entries, and :func:`simulate` and
#: :func:`exact_total_years` have their own bounds on the work.
MAX_YEARS = 10_000
#: Most draws x years of one :func:`simulate` call (its running time, some 50 ns a cell:
#: 10^8 cells take a few seconds): 10^4 draws over 10,000 years, or 3 x 10^6 over 30.
MAX_SIMULATION_CELLS = 10**8
#: Most states of the Markov chain of :func:`exact_total_years` (enumerated in Python,
#: some 10 us each). A limit of ``M`` terms of ``T`` years needs about ``2 T M^2``
#: states; one that cannot bind within the horizon counts as no limit, so the 30-year
#: metrics need at most about 2,000 (one-year terms, 31 of them).
MAX_CHAIN_STATES = 20_000
#: Most states x horizon^2 of :func:`exact_total_years` (the push-forward of the law of
#: (state, total years), one sparse product a year: some 5 ns a cell, 2 x 10^8 take
#: about a second).
MAX_CHAIN_WORK = 2 * 10**8


class Estimate(NamedTuple):
    """A Monte Carlo estimate and its standard error."""

    value: float
    stderr: float


@dataclass(frozen=True)
class TenureResult:
    """Simulated tenures and holder turnover.

    Attributes
    ----------
    tenure : numpy.ndarray of int, shape (n,)
        Years the first holder served, capped at ``years``.
    holders : numpy.ndarray of int, shape (n,)
        Number of distinct holders who served during the ``years`` horizon (a
        returning first holder is not a new one).
    holders_mean, holders_var : numpy.ndarray, shape (years,)
        Mean and variance over draws of the number of distinct holders who served in
        years ``1..y + 1``.
    turnover : numpy.ndarray, shape (years,)
        Share of draws in which the office changed hands at the end of year ``y + 1``.
    years : int
        The horizon.
    total : numpy.ndarray of int, shape (n,)
        Years the first holder served over the horizon, returns included
        (``total >= tenure``; equal when ``comeback == 0``).
    spells : numpy.ndarray of int, shape (n,)
        Separate spells of the first holder that start within the horizon (``1`` plus
        the returns).
    """

    tenure: NDArray[np.int64]
    holders: NDArray[np.int64]
    holders_mean: NDArray[np.float64]
    holders_var: NDArray[np.float64]
    turnover: NDArray[np.float64]
    years: int
    total: NDArray[np.int64]
    spells: NDArray[np.int64]

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.tenure.size)


def _check_term(term: Any, func: str) -> TermRule | None:
    if term is not None and not isinstance(term, TermRule):
        raise param_error("term", func, "a TermRule or None", type(term).__name__)
    return term


def _lifetime_limit(term: TermRule | None) -> int | None:
    """The limit that follows the first holder across spells, or None.

    Only a limit that binds the first holder and counts every term, not consecutive
    ones only: then terms of earlier spells count against it on a return.
    """
    if term is None or term.max_terms is None or term.exempt_incumbent or term.consecutive_only:
        return None
    return term.max_terms


def _hazard_fn(hazard: HazardLike, func: str) -> Callable[[NDArray[np.int64]], NDArray[np.float64]]:
    """Normalise ``hazard`` to a function of the years-in-office array, validated lazily."""
    if callable(hazard):

        def call(y: NDArray[np.int64]) -> NDArray[np.float64]:
            h = np.broadcast_to(np.asarray(hazard(y), dtype=np.float64), y.shape)
            if np.any(~((h >= 0) & (h <= 1))):
                raise param_error(
                    "hazard", func, "a callable returning probabilities in [0, 1]", "other values"
                )
            return h

        return call
    arr = (
        np.asarray(hazard, dtype=np.float64) if not isinstance(hazard, bool) else np.asarray(np.nan)
    )
    if arr.ndim > 1 or arr.size == 0 or np.any(~((arr >= 0) & (arr <= 1))):
        raise param_error("hazard", func, "a probability in [0, 1] or a 1-D array of them", hazard)
    if arr.ndim == 0:
        value = float(arr)
        return lambda y: np.full(y.shape, value)
    return lambda y: arr[np.minimum(y, arr.size) - 1]


def simulate(
    term: TermRule | None,
    hazard: HazardLike,
    years: int,
    n: int,
    seed: SeedLike = None,
    reelection: float = 1.0,
    *,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = 0.0,
) -> TenureResult:
    """Simulate ``n`` histories of an office over ``years`` years.

    Parameters
    ----------
    term : TermRule or None
        Term length and limit (``None``: no terms, the holder stays until the hazard
        strikes; elections happen only when the office falls vacant).
    hazard : float, array_like or callable
        Probability that the holder leaves at the end of a year in office; see
        :data:`HazardLike`. Indexed by years in the current spell; out of office the
        former first holder's death risk is ``death_share * hazard(t)`` in year ``t``
        of the horizon (the same for a constant hazard).
    years : int
        Horizon in years, ``1 <= years <= MAX_YEARS``.
    n : int
        Number of draws, ``1 <= n <= MAX_SIMULATION_CELLS // years``.
    seed : int, numpy.random.Generator or None
        Randomness (see :func:`govsim._random.as_generator`).
    reelection : float, default 1.0
        Probability that a holder allowed another term stays for it.
    death_share : float, default DEFAULT_DEATH_SHARE
        Share of ``hazard`` that is death or incapacity; the rest are exits alive.
        Matters only when ``comeback > 0``.
    comeback : float, default 0.0
        Probability that the first holder, out of office, alive and eligible, wins an
        election (see the module notes). ``0`` (the default) rules returns out and
        reproduces the draws of the model without them exactly.

    Returns
    -------
    TenureResult
        The first holder's first spell, total years and spells, and the turnover of
        holders.

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range or of the wrong type.

    Notes
    -----
    One uniform draw per history and year decides the holder's year: the holder
    leaves when it falls below ``h(y) + [y ends a renewable term] (1 - h(y)) (1 -
    reelection)``, or at the end of the last allowed term, and leaves by death when it
    falls below ``death_share * h(y)``. When ``comeback > 0``, one more draw per year
    for each history whose first holder is out of office and may return decides that
    holder's death (below ``q = death_share * h``) and, at an election, the return
    (in ``[q, q + (1 - q) comeback)``). Cost ``O(n * years)``, vectorized over draws.

    Examples
    --------
    >>> res = simulate(TermRule(years=7, max_terms=1), 0.05, years=30, n=10_000, seed=0)
    >>> int(res.tenure.max())
    7
    >>> est = expected_tenure(res)
    >>> bool(abs(est.value - exact_expected_tenure(TermRule(years=7, max_terms=1), 0.05)) < 4 * est.stderr)
    True

    Two consecutive five-year terms let a former president come back after a break:

    >>> kz = TermRule(years=5, max_terms=2, consecutive_only=True)
    >>> res = simulate(kz, 0.05, 30, 20_000, seed=1, reelection=0.9, comeback=0.5)
    >>> int(res.total.max()) > 10, int(res.spells.max()) > 1
    (True, True)

    References
    ----------
    Svolik, M. W. (2012). *The Politics of Authoritarian Rule*. Cambridge University
    Press, ch. 3 (leader exit as a hazard).
    """
    func = "simulate"
    term = _check_term(term, func)
    h = _hazard_fn(hazard, func)
    years = check_int(years, "years", func, low=1, high=MAX_YEARS)
    n = check_int(n, "n", func, low=1, high=MAX_SIMULATION_CELLS // years)
    r = check_fraction(reelection, "reelection", func, closed_right=True)
    d = check_fraction(death_share, "death_share", func, closed_right=True)
    c = check_fraction(comeback, "comeback", func, closed_right=True)
    rng = as_generator(seed)

    constant = not callable(hazard) and np.ndim(hazard) == 0
    h0 = float(h(np.ones(1, dtype=np.int64))[0]) if constant else 0.0
    limit = None if term is None else term.max_terms
    returns = c > 0.0
    p_stay_fail = 1.0 - r  # a renewable term's end adds (1 - h)(1 - r) to the exit odds
    # A lifetime limit follows the first holder across spells; other limits restart.
    lifetime = returns and _lifetime_limit(term) is not None
    in_office = np.zeros(n, dtype=np.int64)  # years the current holder has served
    in_term = np.zeros(n, dtype=np.int32)  # years into the current term
    terms = np.zeros(n, dtype=np.int32)  # terms completed by the current holder
    first = np.ones(n, dtype=bool)  # the current holder is the first one
    tenure = np.zeros(n, dtype=np.int64)
    holders = np.ones(n, dtype=np.int64)
    holders_mean = np.empty(years)
    holders_var = np.empty(years)
    turnover = np.empty(years)
    if returns:
        spell1 = np.ones(n, dtype=bool)  # the first holder's first spell runs
        out = np.zeros(n, dtype=bool)  # the first holder is out of office, alive, eligible
        total = np.zeros(n, dtype=np.int64)
        spells = np.ones(n, dtype=np.int64)
        prior = np.zeros(n, dtype=np.int32)  # terms of the holder's earlier spells (lifetime)
        elected = np.zeros(n, dtype=np.int32)  # terms the first holder was elected to
    ends: NDArray[np.bool_] | None = None
    hz: float | NDArray[np.float64]
    for year in range(years):  # loop over years; every step is vectorized over draws
        in_office += 1
        u = rng.random(n)
        hz = h0 if constant else h(in_office)
        if term is None:
            leave = u < hz
        else:
            in_term += 1
            ends = in_term == term.years
            terms += ends
            in_term *= ~ends
            last = None
            if limit is not None:
                last = (terms + prior if lifetime else terms) >= limit
                last &= ends
                if term.exempt_incumbent:
                    last &= ~first
            renewable = ends if last is None else ends & ~last
            if constant:
                p_leave = np.where(renewable, h0 + (1.0 - h0) * p_stay_fail, h0)
            else:
                p_leave = hz + renewable * ((1.0 - hz) * p_stay_fail)
            leave = u < p_leave
            if last is not None:
                leave |= last
        if returns:
            back = _returns(
                year,
                leave,
                ends,
                u,
                hz,
                first,
                out,
                terms,
                in_term,
                prior,
                elected,
                h=h,
                h0=h0,
                constant=constant,
                d=d,
                c=c,
                limit=limit if lifetime else None,
                rng=rng,
            )
        stay = ~leave  # after _returns: a displaced incumbent leaves too
        if term is not None:
            in_term *= stay
            terms *= stay
        if returns:
            if lifetime:
                prior *= stay
                prior[back] = elected[back]  # terms of earlier spells count against the limit
            total += first
            tenure += spell1
            spell1 &= stay
        else:
            tenure += first
        total_holders = int(holders.sum())
        holders_mean[year] = total_holders / n
        holders_var[year] = (
            (int(holders @ holders) - total_holders * total_holders / n) / (n - 1) if n > 1 else 0.0
        )
        turnover[year] = np.count_nonzero(leave) / n
        first &= ~leave
        in_office *= ~leave
        if returns:
            first[back] = True
        if year + 1 < years:
            holders += leave
            if returns:
                holders[back] -= 1  # the next holder is the first one again, not a new person
                spells[back] += 1
    if not returns:
        total, spells = tenure.copy(), np.ones(n, dtype=np.int64)
    return TenureResult(tenure, holders, holders_mean, holders_var, turnover, years, total, spells)


def _returns(
    year: int,
    leave: NDArray[np.bool_],
    ends: NDArray[np.bool_] | None,
    u: NDArray[np.float64],
    hz: float | NDArray[np.float64],
    first: NDArray[np.bool_],
    out: NDArray[np.bool_],
    terms: NDArray[np.int32],
    in_term: NDArray[np.int32],
    prior: NDArray[np.int32],
    elected: NDArray[np.int32],
    *,
    h: Callable[[NDArray[np.int64]], NDArray[np.float64]],
    h0: float,
    constant: bool,
    d: float,
    c: float,
    limit: int | None,
    rng: np.random.Generator,
) -> NDArray[np.intp]:
    """One year of the first holder's departures, deaths out of office and returns.

    Updates ``out``, ``elected`` and ``leave`` (a displaced incumbent leaves) in place
    and returns the draws whose first holder comes back next year.
    """
    gone = first & leave
    # the lowest death_share of the hazard band of u is death or incapacity
    alive = gone & (u >= d * hz)
    if limit is not None:
        # terms elected to: completed ones plus the one cut short (in_term was reset at a term end)
        elected[gone] = (terms + prior + (in_term > 0))[gone]
        alive &= elected < limit
    idx = np.flatnonzero(out)  # out since an earlier year: the election that replaced them is past
    if idx.size:
        w = rng.random(idx.size)
        q = d * (h0 if constant else h(np.full(idx.size, year + 1, dtype=np.int64)))
        dead = w < q
        vote = leave[idx] if ends is None else leave[idx] | ends[idx]
        won = vote & ~dead & (w < q + (1.0 - q) * c)
        out[idx[dead | won]] = False
        back = idx[won]
        leave[back] = True
    else:
        back = idx
    out |= alive
    return back


def _bernoulli(p: float, n: int) -> Estimate:
    return Estimate(p, float(np.sqrt(p * (1.0 - p) / n)))


def _mean(t: NDArray[np.int64]) -> Estimate:
    se = float(t.std(ddof=1) / np.sqrt(t.size)) if t.size > 1 else float("nan")
    return Estimate(float(t.mean()), se)


def _share_over(t: NDArray[np.int64], threshold: int, years: int, func: str) -> Estimate:
    # the draws are capped at the horizon: a threshold at or past it says nothing
    threshold = check_int(threshold, "threshold", func, low=0, high=years - 1)
    return _bernoulli(float(np.mean(t > threshold)), t.size)


def expected_tenure(result: TenureResult) -> Estimate:
    """Mean years the first holder served (capped at the horizon), with its standard error.

    Parameters
    ----------
    result : TenureResult
        A simulation.

    Returns
    -------
    Estimate
        ``(mean, std / sqrt(n))``.

    Examples
    --------
    >>> expected_tenure(simulate(None, 1.0, years=5, n=10, seed=0))
    Estimate(value=1.0, stderr=0.0)
    """
    return _mean(result.tenure)


def p_tenure_over(result: TenureResult, threshold: int = 10) -> Estimate:
    """Probability that the first holder serves more than ``threshold`` years.

    Parameters
    ----------
    result : TenureResult
        A simulation with ``years > threshold``.
    threshold : int, default 10
        Years.

    Returns
    -------
    Estimate
        ``(p, sqrt(p (1 - p) / n))``.

    Raises
    ------
    govsim.ValidationError
        If ``threshold`` is not below the horizon (the tenure is capped there).

    Examples
    --------
    >>> p_tenure_over(simulate(TermRule(years=7, max_terms=1), 0.0, years=20, n=100, seed=0))
    Estimate(value=0.0, stderr=0.0)
    """
    return _share_over(result.tenure, threshold, result.years, "p_tenure_over")


def expected_holders(result: TenureResult, within: int = 30) -> Estimate:
    """Expected number of distinct holders who serve in the first ``within`` years.

    Parameters
    ----------
    result : TenureResult
        A simulation with ``years >= within``.
    within : int, default 30
        Years.

    Returns
    -------
    Estimate
        Mean and standard error over draws.

    Raises
    ------
    govsim.ValidationError
        If ``within`` exceeds the horizon.

    Examples
    --------
    >>> expected_holders(simulate(TermRule(years=5, max_terms=1), 0.0, years=30, n=10, seed=0))
    Estimate(value=6.0, stderr=0.0)
    """
    within = check_int(within, "within", "expected_holders", low=1, high=result.years)
    mean = float(result.holders_mean[within - 1])
    return Estimate(mean, float(np.sqrt(result.holders_var[within - 1] / result.n)))


def tenure_distribution(
    result: TenureResult,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
    """Histogram of the first holder's tenure.

    Parameters
    ----------
    result : TenureResult
        A simulation.

    Returns
    -------
    years, probability, stderr : numpy.ndarray
        ``years = 1..horizon``, the share of draws with exactly that tenure (the last
        bin holds every tenure that reached the horizon) and its standard error.

    Examples
    --------
    >>> years, p, se = tenure_distribution(simulate(TermRule(years=2, max_terms=1), 0.0, 4, 10, 0))
    >>> p.tolist()
    [0.0, 1.0, 0.0, 0.0]
    """
    counts = np.bincount(result.tenure, minlength=result.years + 1)[1:]
    p = counts / result.n
    return np.arange(1, result.years + 1), p, np.sqrt(p * (1.0 - p) / result.n)


def expected_total(result: TenureResult) -> Estimate:
    """Mean years the first holder served over the horizon, returns included.

    Parameters
    ----------
    result : TenureResult
        A simulation.

    Returns
    -------
    Estimate
        ``(mean of total, std / sqrt(n))``.

    Examples
    --------
    >>> expected_total(simulate(TermRule(years=2, max_terms=1), 0.0, 4, 10, 0, comeback=1.0))
    Estimate(value=2.0, stderr=0.0)
    >>> expected_total(simulate(TermRule(years=2), 0.0, 8, 10, 0, reelection=0.0, comeback=1.0))
    Estimate(value=4.0, stderr=0.0)
    """
    return _mean(result.total)


def p_total_over(result: TenureResult, threshold: int = 10) -> Estimate:
    """Probability that the first holder serves more than ``threshold`` years in all.

    Parameters
    ----------
    result : TenureResult
        A simulation with ``years > threshold``.
    threshold : int, default 10
        Years.

    Returns
    -------
    Estimate
        ``(p, sqrt(p (1 - p) / n))``.

    Raises
    ------
    govsim.ValidationError
        If ``threshold`` is not below the horizon.

    Examples
    --------
    >>> p_total_over(simulate(TermRule(years=7, max_terms=1), 0.0, 20, 100, 0, comeback=1.0))
    Estimate(value=0.0, stderr=0.0)
    """
    return _share_over(result.total, threshold, result.years, "p_total_over")


def p_return(result: TenureResult) -> Estimate:
    """Probability that the first holder comes back at least once within the horizon.

    Parameters
    ----------
    result : TenureResult
        A simulation.

    Returns
    -------
    Estimate
        ``(p, sqrt(p (1 - p) / n))``.

    Examples
    --------
    Two-year terms, always lost at re-election, always won back after a term out:

    >>> p_return(simulate(TermRule(years=2), 0.0, 8, 10, 0, reelection=0.0, comeback=1.0))
    Estimate(value=1.0, stderr=0.0)
    """
    return _bernoulli(float(np.mean(result.spells > 1)), result.n)


# --- closed forms -------------------------------------------------------------------------


def exact_survival(
    term: TermRule | None, hazard: float | ArrayLike, years: int, reelection: float = 1.0
) -> NDArray[np.float64]:
    """``P(tenure > y)`` for ``y = 0..years``, in closed form.

    Parameters
    ----------
    term : TermRule or None
        The rule (``exempt_incumbent`` lifts its limit: the first holder is the incumbent).
    hazard : float or array_like
        Constant yearly exit probability or one per year in office (not a callable).
    years : int
        Largest ``y``, ``0 <= years <= MAX_YEARS``.
    reelection : float, default 1.0
        Probability of staying for an allowed further term.

    Returns
    -------
    numpy.ndarray, shape (years + 1,)

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range.

    Notes
    -----
    ``S(y) = prod_{j=1}^{y} (1 - h_j) * r^{floor(y / T)}`` for ``y < T * M`` and 0 from
    the cap ``T * M`` on (term length ``T``, at most ``M`` terms); with a constant hazard
    and no limit this is the geometric law ``(1 - h)^y``, with a cap the truncated
    geometric.

    Examples
    --------
    >>> exact_survival(TermRule(years=2, max_terms=2), 0.5, 4).tolist()
    [1.0, 0.5, 0.25, 0.125, 0.0]
    """
    func = "exact_survival"
    term = _check_term(term, func)
    if callable(hazard):
        raise param_error(
            "hazard", func, "a probability or an array of them (closed forms)", "a callable"
        )
    h = _hazard_fn(hazard, func)
    years = check_int(years, "years", func, low=0, high=MAX_YEARS)
    r = check_fraction(reelection, "reelection", func, closed_right=True)
    y = np.arange(years + 1, dtype=np.int64)
    surv = np.concatenate([[1.0], np.cumprod(1.0 - h(y[1:]))]) if years else np.ones(1)
    if term is not None:
        surv = surv * r ** (y // term.years).astype(np.float64)
        if term.max_terms is not None and not term.exempt_incumbent:
            cap = term.years * term.max_terms
            surv[y >= cap] = 0.0  # below the cap floor(y / T) < M: every draw was a real one
    return surv


def exact_expected_tenure(
    term: TermRule | None,
    hazard: float | ArrayLike,
    years: int | None = None,
    reelection: float = 1.0,
) -> float:
    """Expected tenure of the first holder, in closed form.

    Parameters
    ----------
    term : TermRule or None
        The rule.
    hazard : float or array_like
        Constant yearly exit probability, or one per year in office (then ``years`` or a
        term cap is needed).
    years : int or None
        Horizon: ``E[min(tenure, years)]`` (``years <= MAX_YEARS``); ``None`` for no
        horizon (any cap of terms, in closed form beyond ``MAX_YEARS``).
    reelection : float, default 1.0
        Probability of staying for an allowed further term.

    Returns
    -------
    float

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range, or the expectation is infinite.

    Notes
    -----
    ``E[min(T, H)] = sum_{y=0}^{H-1} S(y)``. Without a horizon and a constant hazard
    ``h``: ``1 / h`` with no limit (geometric); with renewable terms of ``T`` years and
    no limit ``(1 - (1-h)^T) / h / (1 - r (1-h)^T)``; with a cap, the finite sum up to it.

    Examples
    --------
    >>> exact_expected_tenure(None, 0.05)
    20.0
    >>> round(exact_expected_tenure(TermRule(years=7, max_terms=1), 0.05), 4)
    6.0333
    """
    func = "exact_expected_tenure"
    term = _check_term(term, func)
    capped = term is not None and term.max_terms is not None and not term.exempt_incumbent
    if years is None and not capped:
        h = np.asarray(hazard, dtype=np.float64)
        if h.ndim != 0:
            raise param_error(
                "years", func, "an int when the hazard varies and nothing caps tenure", None
            )
        h0 = float(h)
        _hazard_fn(h0, func)
        r = check_fraction(reelection, "reelection", func, closed_right=True)
        if term is None:
            if h0 == 0:
                raise param_error("hazard", func, "> 0 when nothing caps tenure", h0)
            return 1.0 / h0
        stay = (1.0 - h0) ** term.years
        if h0 == 0:
            if r == 1:
                raise param_error("hazard", func, "> 0 when nothing caps tenure", h0)
            return term.years / (1.0 - r)
        return (1.0 - stay) / h0 / (1.0 - r * stay)
    if years is None:
        assert term is not None
        return _capped_expectation(term, hazard, reelection, func)
    years = check_int(years, "years", func, low=1, high=MAX_YEARS)
    return float(exact_survival(term, hazard, years - 1, reelection).sum())


def _term_sum(span: int, terms: int, h: float, r: float) -> float:
    """``sum_{y < span terms} (1 - h)^y r^floor(y / span)`` in closed form, for any ``terms``.

    One term contributes ``a = sum_{z < span} (1 - h)^z``; term ``i`` is reached with
    ``rho^i``, ``rho = r (1 - h)^span``: ``a (1 - rho^terms) / (1 - rho)`` (``a terms`` at
    ``rho = 1``), evaluated with ``expm1`` / ``log1p`` so that it stays accurate near 1.
    """
    a = float(span) if h == 0.0 else -np.expm1(span * np.log1p(-h)) / h if h < 1.0 else 1.0
    if r == 0.0 or h == 1.0:
        return a
    log_rho = np.log(r) + span * np.log1p(-h)
    if log_rho == 0.0:
        return a * terms
    return float(a * np.expm1(terms * log_rho) / np.expm1(log_rho))


def _capped_expectation(term: TermRule, hazard: Any, reelection: float, func: str) -> float:
    """``E[tenure]`` under a binding cap of ``M`` terms, without an array of ``T M`` years.

    Up to ``MAX_YEARS`` the survival sum itself; beyond, the sum up to the first term end
    after the hazard array's last entry, plus the closed form of the remaining terms
    (the hazard is constant there), so that any ``max_terms`` costs ``O(len(hazard))``.
    """
    span, cap = term.years, term.years * term.max_terms  # type: ignore[operator]
    if cap <= MAX_YEARS:
        return float(exact_survival(term, hazard, cap - 1, reelection).sum())
    r = check_fraction(reelection, "reelection", func, closed_right=True)
    arr = np.atleast_1d(np.asarray(hazard, dtype=np.float64))
    _hazard_fn(hazard, func)  # validates
    start = span * -(-(arr.size - 1) // span)  # a term end at or after the array's last year
    if start > MAX_YEARS:
        raise param_error(
            "hazard",
            func,
            f"an array of at most about MAX_YEARS = {MAX_YEARS} entries when the cap "
            f"{cap} exceeds it",
            f"{arr.size} entries",
        )
    head = exact_survival(term, arr, start, r) if start else np.ones(1)
    tail = head[start] * _term_sum(span, term.max_terms - start // span, float(arr[-1]), r)  # type: ignore[operator]
    return float(head[:start].sum() + tail)


def exact_p_tenure_over(
    term: TermRule | None, hazard: float | ArrayLike, threshold: int = 10, reelection: float = 1.0
) -> float:
    """``P(tenure > threshold)`` in closed form (see :func:`exact_survival`).

    Parameters
    ----------
    term : TermRule or None
        The rule.
    hazard : float or array_like
        Constant yearly exit probability or one per year in office.
    threshold : int, default 10
        Years, ``0 <= threshold <= MAX_YEARS``.
    reelection : float, default 1.0
        Probability of staying for an allowed further term.

    Returns
    -------
    float

    Examples
    --------
    >>> round(exact_p_tenure_over(None, 0.05, 10), 4)
    0.5987
    >>> exact_p_tenure_over(TermRule(years=5, max_terms=2), 0.05, 10)
    0.0
    """
    threshold = check_int(threshold, "threshold", "exact_p_tenure_over", low=0, high=MAX_YEARS)
    return float(exact_survival(term, hazard, threshold, reelection)[threshold])


@dataclass(frozen=True)
class TotalYears:
    """The exact law of the first holder's total years in office over a horizon.

    Attributes
    ----------
    pmf : numpy.ndarray, shape (years + 1,)
        ``P(total = k)`` for ``k = 0..years``.
    p_return : float
        Probability that the first holder starts a second spell within the horizon.
    """

    pmf: NDArray[np.float64]
    p_return: float

    @property
    def mean(self) -> float:
        """Expected total years."""
        return float(np.arange(self.pmf.size) @ self.pmf)

    def p_over(self, threshold: int = 10) -> float:
        """``P(total > threshold)``."""
        threshold = check_int(threshold, "threshold", "TotalYears.p_over", low=0)
        return float(self.pmf[threshold + 1 :].sum())


# Markov states of exact_total_years, at the start of a year:
#   ("in", k, j, p, R)  first holder in office, k years into a term, j terms completed
#                       in this spell, p terms elected to in earlier spells (lifetime limit);
#   ("out", k, j, L, R) first holder out, alive and eligible; a successor k years into a
#                       term with j completed; L terms the first holder was elected to;
#   ("gone", R)         first holder dead or never eligible again.
# R records whether the first holder has returned.
_State: TypeAlias = tuple[Any, ...]


def _total_chain(
    term: TermRule | None, h: float, r: float, d: float, c: float
) -> Callable[[_State], list[tuple[_State, float]]]:
    """The one-year transitions of :func:`exact_total_years`, straight from the rules."""
    span = None if term is None else term.years
    limit = None if term is None else term.max_terms
    binds_first = limit is not None and not (term is not None and term.exempt_incumbent)
    lifetime = _lifetime_limit(term)

    def advance(k: int, j: int) -> tuple[bool, int, int]:
        if span is None:
            return False, 0, 0
        k += 1
        return (True, 0, j + 1) if k == span else (False, k, j)

    def step(s: _State) -> list[tuple[_State, float]]:
        if s[0] == "gone":
            return [(s, 1.0)]
        kind, k, j, p, ret = s
        ends, k1, j1 = advance(k, j)
        if kind == "in":
            last = ends and limit is not None and binds_first and j1 + p >= limit
            elected = p + j1 + (0 if ends else 1)
            eligible = lifetime is None or elected < lifetime
            after = (
                ("out", 0, 0, 0 if lifetime is None else elected, ret)
                if eligible
                else ("gone", ret)
            )
            stay = 0.0 if last else (1.0 - h) * (r if ends else 1.0)
            return [
                (("gone", ret), d * h),
                (after, 1.0 - d * h - stay),
                (("in", k1, j1 if binds_first else 0, p, ret), stay),
            ]
        last = ends and limit is not None and j1 >= limit
        leave = 1.0 if last else h + ((1.0 - h) * (1.0 - r) if ends else 0.0)
        vote = 1.0 if ends else h  # an election: the term ends or the office falls vacant
        q = d * h  # the former holder's death out of office
        alive = 1.0 - q
        stay_j = j1 if limit is not None else 0
        return [
            (("gone", ret), q),
            (("in", 0, 0, p, True), alive * c * vote),
            (("out", 0, 0, p, ret), alive * (1.0 - c) * leave),
            (("out", k1, stay_j, p, ret), alive * (1.0 - c * vote - (1.0 - c) * leave)),
        ]

    return step


def exact_total_years(
    term: TermRule | None,
    hazard: float,
    years: int,
    reelection: float = 1.0,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = 0.0,
) -> TotalYears:
    """Exact law of the first holder's total years over ``years`` years, returns included.

    Parameters
    ----------
    term : TermRule or None
        The rule (``exempt_incumbent`` lifts its limit for the first holder).
    hazard : float
        Constant yearly exit probability.
    years : int
        Horizon, ``1 <= years <= MAX_YEARS``.
    reelection : float, default 1.0
        Probability of staying for an allowed further term.
    death_share : float, default DEFAULT_DEATH_SHARE
        Share of ``hazard`` that is death or incapacity.
    comeback : float, default 0.0
        Probability that the eligible former first holder wins an election.

    Returns
    -------
    TotalYears
        ``pmf`` of the total years and the probability of a return.

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range, ``hazard`` is not a single probability, or the
        chain exceeds ``MAX_CHAIN_STATES`` states or ``MAX_CHAIN_WORK``.

    Notes
    -----
    The model of :func:`simulate` as a Markov chain over (first holder in office: years
    into the term, terms of the spell, terms of earlier spells | out of office: the
    successor's years into the term and terms, the first holder's terms | dead or never
    eligible) times a returned flag: at most ``2 T M (M + 1) + 2`` states for terms of
    ``T`` years and at most ``M`` of them. The distribution over (state, total years) is
    pushed forward one year at a time, ``D_{t+1} = P^T shift(D_t)``, where the shift adds
    a year to the states in office: one sparse product (at most four moves a state), so
    ``O(S * years^2)`` flops, exact up to rounding. A limit of more than ``years // T + 1``
    terms can neither bind nor end eligibility within the horizon and is computed as no
    limit, so a huge ``max_terms`` costs nothing. With ``comeback = 0`` it reduces to the first spell:
    ``E[total] = sum_{y<years} S(y)`` (:func:`exact_survival`).

    Examples
    --------
    >>> kz = TermRule(years=5, max_terms=2, consecutive_only=True)
    >>> law = exact_total_years(kz, 0.05, 30, reelection=0.9)
    >>> round(law.mean, 4) == round(exact_expected_tenure(kz, 0.05, 30, 0.9), 4), law.p_return
    (True, 0.0)
    >>> law = exact_total_years(kz, 0.05, 30, reelection=0.9, comeback=0.5)
    >>> round(law.mean, 2), round(law.p_over(10), 3), round(law.p_return, 3)
    (13.45, 0.626, 0.676)
    >>> exact_total_years(TermRule(years=7, max_terms=1), 0.05, 30, 0.9, comeback=0.5).p_return
    0.0

    References
    ----------
    Kemeny, J. G. and Snell, J. L. (1960). *Finite Markov Chains*. Van Nostrand.
    """
    func = "exact_total_years"
    term = _check_term(term, func)
    if callable(hazard) or np.ndim(hazard) != 0:
        raise param_error("hazard", func, "a single probability (constant hazard)", hazard)
    h = float(_hazard_fn(hazard, func)(np.ones(1, dtype=np.int64))[0])
    years = check_int(years, "years", func, low=1, high=MAX_YEARS)
    r = check_fraction(reelection, "reelection", func, closed_right=True)
    d = check_fraction(death_share, "death_share", func, closed_right=True)
    c = check_fraction(comeback, "comeback", func, closed_right=True)
    if term is not None and term.max_terms is not None and term.max_terms > years // term.years + 1:
        # At most years // T terms end within the horizon (plus one cut short): such a
        # limit never binds and never ends eligibility there, so it is no limit at all.
        term = term.model_copy(update={"max_terms": None})
    step = _total_chain(term, h, r, d, c)

    # enumerate the reachable states (a few dozen, at most MAX_CHAIN_STATES) and the
    # (sparse: at most four moves a state) transition matrix
    start: _State = ("in", 0, 0, 0, False)
    index = {start: 0}
    states = [start]
    src_idx: list[int] = []
    dst_idx: list[int] = []
    probs: list[float] = []
    for i in range(MAX_CHAIN_STATES + 1):
        if i == len(states):
            break
        for target, prob in step(states[i]):
            if prob > 0.0:
                if target not in index:
                    index[target] = len(states)
                    states.append(target)
                src_idx.append(i)
                dst_idx.append(index[target])
                probs.append(prob)
    n_states = len(states)
    if n_states > MAX_CHAIN_STATES or n_states * (years + 1) * years > MAX_CHAIN_WORK:
        raise param_error(
            "term",
            func,
            f"a rule whose chain over years = {years} has at most MAX_CHAIN_STATES = "
            f"{MAX_CHAIN_STATES:,} states and states x years^2 at most MAX_CHAIN_WORK = "
            f"{MAX_CHAIN_WORK:,} (a limit of M terms of T years needs about 2 T M^2 states; "
            "shorten the horizon, or use simulate)",
            f"{term} with {'more than ' if n_states > MAX_CHAIN_STATES else ''}{n_states:,} states",
        )
    P_T = sparse.csr_matrix((probs, (dst_idx, src_idx)), shape=(n_states, n_states))
    serving = np.array([s[0] == "in" for s in states])
    returned = np.array([bool(s[-1]) for s in states])

    dist = np.zeros((len(states), years + 1))  # P(state at the start of year t, total years)
    dist[0, 0] = 1.0
    p_ret = 0.0
    for t in range(years):
        if t == years - 1:
            p_ret = float(dist[returned].sum())  # a spell starting after the horizon is none
        dist[serving, 1:] = dist[serving, :-1]
        dist[serving, 0] = 0.0
        dist = np.asarray(P_T @ dist)
    return TotalYears(dist.sum(axis=0), p_ret)


# --- registered metrics -------------------------------------------------------------------


F = TypeVar("F", bound=Callable[..., Any])


def _head_of_state_term(polity: Any) -> TermRule | None:
    head = head_of_state(polity)
    if head is None:
        raise param_error(
            "polity", "tenure metrics", "a polity with a national head_of_state", polity.name
        )
    return head.term


_PARAMETERS = """Parameters
    ----------
    polity : govsim.model.Polity
        Reads the ``term`` of its national ``head_of_state`` (``exempt_incumbent`` honoured).
    hazard : float, default DEFAULT_HAZARD
        Yearly exit probability.
    reelection : float, default DEFAULT_REELECTION
        Probability of staying for an allowed further term."""

_RAISES = """Raises
    ------
    govsim.ValidationError
        If the polity has no national head of state."""

_REFERENCES = """References
    ----------
    Svolik, M. W. (2012). *The Politics of Authoritarian Rule*. Cambridge University
    Press, ch. 3."""


def _doc(**fields: str) -> Callable[[F], F]:
    # The metrics read the same polity and defaults: document them once.
    def fill(func: F) -> F:
        func.__doc__ = (func.__doc__ or "").format(raises=_RAISES, references=_REFERENCES, **fields)
        return func

    return fill


_shared_doc = _doc(parameters=_PARAMETERS)


@register_metric(
    "tenure.expected_years",
    definition=(
        "Expected years in office of the national head of state under its TermRule, "
        "a yearly exit hazard (default 0.05) and re-election probability (default 0.9); "
        "closed form, no horizon."
    ),
    range=(0.0, float("inf")),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_shared_doc
def expected_years(
    polity: Any, hazard: float = DEFAULT_HAZARD, reelection: float = DEFAULT_REELECTION
) -> float:
    """Expected tenure of the head of state (see :func:`exact_expected_tenure`).

    {parameters}

    Returns
    -------
    float
        ``E[T]`` in years, from :func:`exact_expected_tenure` with no horizon.

    {raises}

    Notes
    -----
    With the defaults (``h = 0.05``, ``r = 0.9``), two five-year terms give
    ``sum_(y<5) 0.95^y + 0.9 * 0.95^5 * sum_(y<5) 0.95^y = 4.52 + 3.15 = 7.68`` years and one
    seven-year term ``(1 - 0.95^7) / 0.05 = 6.03``. Tenure is one continuous spell: a
    return after a break, which a limit on *consecutive* terms (2019) allows and the
    single term without re-election (2022) forbids, does not count here; see
    :func:`expected_total_years` (``tenure.expected_total_years``) for that part of the
    reform.

    Examples
    --------
    Kazakhstan's two consecutive five-year terms (2019) against the single
    seven-year term (2024); the First President exemption lifts the limit:

    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(expected_years(kazakhstan_2019()), 2), round(expected_years(kazakhstan("2024-01-01")), 2)
    (7.68, 6.03)
    >>> round(expected_years(kazakhstan_2019(first_president_exemption=True)), 1)
    14.9

    {references}
    """
    return exact_expected_tenure(_head_of_state_term(polity), hazard, None, reelection)


@register_metric(
    "tenure.p_over_10_years",
    definition=(
        "Probability that the national head of state serves more than 10 years under its "
        "TermRule, a yearly exit hazard (default 0.05) and re-election probability (default 0.9)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_shared_doc
def p_over_10_years(
    polity: Any, hazard: float = DEFAULT_HAZARD, reelection: float = DEFAULT_REELECTION
) -> float:
    """``P(tenure > 10)`` of the head of state (see :func:`exact_p_tenure_over`).

    {parameters}

    Returns
    -------
    float
        ``P(T > 10)``, from :func:`exact_p_tenure_over`.

    {raises}

    Notes
    -----
    Two five-year terms end at 10 years and one seven-year term at 7, so both Kazakhstan
    rules give exactly 0 for a continuous spell; only a limit that does not bind (the
    First President exemption) or a return after a break (allowed by the 2019 limit on
    *consecutive* terms; see :func:`p_over_10_years_total`) could exceed 10 years.

    Examples
    --------
    Two five-year terms end at 10 years, so only the exempt First President can
    serve longer:

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> p_over_10_years(kazakhstan_2019())
    0.0
    >>> round(p_over_10_years(kazakhstan_2019(first_president_exemption=True)), 3)
    0.485

    {references}
    """
    return exact_p_tenure_over(_head_of_state_term(polity), hazard, 10, reelection)


_TOTAL_PARAMETERS = (
    _PARAMETERS
    + """
    death_share : float, default DEFAULT_DEATH_SHARE
        Share of the hazard that is death or incapacity (no return).
    comeback : float, default DEFAULT_COMEBACK
        Probability that an eligible former head of state wins an election.
    horizon : int, default TOTAL_HORIZON
        Years counted."""
)

_TOTAL_NOTES = """The first holder's total years over ``horizon`` years, from the exact chain
    of :func:`exact_total_years` (deterministic). Under Kazakhstan's pre-2022 rule (two
    *consecutive* five-year terms) a former president may come back after a term out;
    under the 2022 rule (one seven-year term, no re-election ever) never, so the total is
    the single spell: ``sum_(y<7) 0.95^y = 6.03`` years and ``P(total > 10) = 0``."""


_total_doc = _doc(parameters=_TOTAL_PARAMETERS, notes=_TOTAL_NOTES)


def _total_law(
    polity: Any, hazard: float, reelection: float, death_share: float, comeback: float, horizon: int
) -> TotalYears:
    return exact_total_years(
        _head_of_state_term(polity), hazard, horizon, reelection, death_share, comeback
    )


@register_metric(
    "tenure.expected_total_years",
    definition=(
        "Expected total years in office of the national head of state over 30 years, returns "
        "after a break included, under its TermRule, a yearly exit hazard (default 0.05, 40% "
        "of it death), re-election 0.9 and comeback 0.5 per eligible election; exact Markov chain."
    ),
    range=(0.0, float(TOTAL_HORIZON)),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_total_doc
def expected_total_years(
    polity: Any,
    hazard: float = DEFAULT_HAZARD,
    reelection: float = DEFAULT_REELECTION,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = DEFAULT_COMEBACK,
    horizon: int = TOTAL_HORIZON,
) -> float:
    """Expected total years of the head of state, returns included (see :func:`exact_total_years`).

    {parameters}

    Returns
    -------
    float
        ``E[total]`` in years over the horizon.

    {raises}

    Notes
    -----
    {notes}

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(expected_total_years(kazakhstan_2019()), 2)
    13.45
    >>> round(expected_total_years(kazakhstan("2024-01-01")), 2)
    6.03
    >>> round(expected_total_years(kazakhstan_2019(), comeback=0.0), 2)  # first spell only
    7.68
    >>> round(expected_total_years(kazakhstan_2019(first_president_exemption=True)), 2)
    17.38

    {references}
    """
    return _total_law(polity, hazard, reelection, death_share, comeback, horizon).mean


@register_metric(
    "tenure.p_over_10_years_total",
    definition=(
        "Probability that the national head of state serves more than 10 years in all over "
        "30 years, returns after a break included (defaults as tenure.expected_total_years)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_total_doc
def p_over_10_years_total(
    polity: Any,
    hazard: float = DEFAULT_HAZARD,
    reelection: float = DEFAULT_REELECTION,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = DEFAULT_COMEBACK,
    horizon: int = TOTAL_HORIZON,
) -> float:
    """``P(total > 10)`` of the head of state, returns included (see :func:`exact_total_years`).

    {parameters}

    Returns
    -------
    float
        ``P(total > 10)`` over the horizon.

    {raises}

    Notes
    -----
    {notes}

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(p_over_10_years_total(kazakhstan_2019()), 3)
    0.626
    >>> p_over_10_years_total(kazakhstan("2024-01-01"))
    0.0

    {references}
    """
    return _total_law(polity, hazard, reelection, death_share, comeback, horizon).p_over(10)

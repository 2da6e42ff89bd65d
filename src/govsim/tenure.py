"""How long a leader stays: term limits, exit hazards and re-election, by Monte Carlo.

A holder takes office at the start of year 1 and is counted in years in office
``y = 1, 2, ...``. At the end of each year in office:

1. the holder leaves with probability ``hazard(y)`` (death, resignation, ouster);
2. otherwise, if ``y`` ends a term (``y % term.years == 0``):

   * at the end of the last term the rule allows (``y // term.years == max_terms``,
     unless the limit does not bind the holder) the holder leaves;
   * at the end of any other term the holder stays with probability ``reelection``.

When a holder leaves, a new holder starts the next year under the same rule. The
*first* holder is the incumbent: ``TermRule.exempt_incumbent`` lifts the limit for
that holder only (Kazakhstan's First President exemption, 2007–2022). Each successor
is a new person: a former holder's return after a break (which ``consecutive_only``
would allow) is not modelled.

:func:`simulate` draws ``n`` histories at once (a loop over years, vectorized over
draws); the summaries carry Monte Carlo standard errors; the ``exact_*`` functions give
the closed forms that the simulation is tested against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._random import SeedLike, as_generator
from govsim._validation import check_fraction, check_int, param_error
from govsim.metrics._lookup import head_of_state
from govsim.metrics.registry import register_metric
from govsim.model.rows import TermRule

__all__ = [
    "DEFAULT_HAZARD",
    "DEFAULT_REELECTION",
    "Estimate",
    "HazardLike",
    "TenureResult",
    "exact_expected_tenure",
    "exact_p_tenure_over",
    "exact_survival",
    "expected_holders",
    "expected_tenure",
    "p_tenure_over",
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
        Number of distinct holders who served during the ``years`` horizon.
    holders_mean, holders_var : numpy.ndarray, shape (years,)
        Mean and variance over draws of the number of distinct holders who served in
        years ``1..y + 1``.
    turnover : numpy.ndarray, shape (years,)
        Share of draws in which the office changed hands at the end of year ``y + 1``.
    years : int
        The horizon.
    """

    tenure: NDArray[np.int64]
    holders: NDArray[np.int64]
    holders_mean: NDArray[np.float64]
    holders_var: NDArray[np.float64]
    turnover: NDArray[np.float64]
    years: int

    @property
    def n(self) -> int:
        """Number of draws."""
        return int(self.tenure.size)


def _check_term(term: Any, func: str) -> TermRule | None:
    if term is not None and not isinstance(term, TermRule):
        raise param_error("term", func, "a TermRule or None", type(term).__name__)
    return term


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
) -> TenureResult:
    """Simulate ``n`` histories of an office over ``years`` years.

    Parameters
    ----------
    term : TermRule or None
        Term length and limit (``None``: no terms, the holder stays until the hazard
        strikes).
    hazard : float, array_like or callable
        Probability that the holder leaves at the end of a year in office; see
        :data:`HazardLike`.
    years : int
        Horizon in years (``>= 1``).
    n : int
        Number of draws (``>= 1``).
    seed : int, numpy.random.Generator or None
        Randomness (see :func:`govsim._random.as_generator`).
    reelection : float, default 1.0
        Probability that a holder allowed another term stays for it.

    Returns
    -------
    TenureResult
        Tenures of the first holder and the turnover of holders.

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range or of the wrong type.

    Notes
    -----
    One uniform draw per history and year: the holder leaves when it falls below
    ``h(y) + [y ends a renewable term] (1 - h(y)) (1 - reelection)``, or at the end of
    the last allowed term. Cost ``O(n * years)``, vectorized over draws.

    Examples
    --------
    >>> res = simulate(TermRule(years=7, max_terms=1), 0.05, years=30, n=10_000, seed=0)
    >>> int(res.tenure.max())
    7
    >>> est = expected_tenure(res)
    >>> bool(abs(est.value - exact_expected_tenure(TermRule(years=7, max_terms=1), 0.05)) < 4 * est.stderr)
    True

    References
    ----------
    Svolik, M. W. (2012). *The Politics of Authoritarian Rule*. Cambridge University
    Press, ch. 3 (leader exit as a hazard).
    """
    func = "simulate"
    term = _check_term(term, func)
    h = _hazard_fn(hazard, func)
    years = check_int(years, "years", func, low=1)
    n = check_int(n, "n", func, low=1)
    r = check_fraction(reelection, "reelection", func, closed_right=True)
    rng = as_generator(seed)

    constant = not callable(hazard) and np.ndim(hazard) == 0
    h0 = float(h(np.ones(1, dtype=np.int64))[0]) if constant else 0.0
    in_office = np.zeros(n, dtype=np.int64)  # years the current holder has served
    in_term = np.zeros(n, dtype=np.int32)  # years into the current term
    terms = np.zeros(n, dtype=np.int32)  # terms completed by the current holder
    first = np.ones(n, dtype=bool)  # the current holder is the first one
    tenure = np.zeros(n, dtype=np.int64)
    holders = np.ones(n, dtype=np.int64)
    holders_mean = np.empty(years)
    holders_var = np.empty(years)
    turnover = np.empty(years)
    for year in range(years):  # loop over years; every step is vectorized over draws
        in_office += 1
        u = rng.random(n)
        if term is None:
            leave = u < (h0 if constant else h(in_office))
        else:
            in_term += 1
            ends = in_term == term.years
            terms += ends
            in_term *= ~ends
            if term.max_terms is None:
                last = np.zeros(n, dtype=bool)
            else:
                last = terms >= term.max_terms
                last &= ends
                if term.exempt_incumbent:
                    last &= ~first
            renewable = ends & ~last
            p_stay_fail = 1.0 - r  # a renewable term's end adds (1 - h)(1 - r) to the exit odds
            if constant:
                p_leave = np.where(renewable, h0 + (1.0 - h0) * p_stay_fail, h0)
            else:
                hz = h(in_office)
                p_leave = hz + renewable * ((1.0 - hz) * p_stay_fail)
            leave = u < p_leave
            leave |= last
            stay = ~leave
            in_term *= stay
            terms *= stay
        tenure += first
        total = int(holders.sum())
        holders_mean[year] = total / n
        holders_var[year] = (int(holders @ holders) - total * total / n) / (n - 1) if n > 1 else 0.0
        turnover[year] = np.count_nonzero(leave) / n
        first &= ~leave
        in_office *= ~leave
        if year + 1 < years:
            holders += leave
    return TenureResult(tenure, holders, holders_mean, holders_var, turnover, years)


def _bernoulli(p: float, n: int) -> Estimate:
    return Estimate(p, float(np.sqrt(p * (1.0 - p) / n)))


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
    t = result.tenure
    se = float(t.std(ddof=1) / np.sqrt(t.size)) if t.size > 1 else float("nan")
    return Estimate(float(t.mean()), se)


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
    threshold = check_int(threshold, "threshold", "p_tenure_over", low=0, high=result.years - 1)
    return _bernoulli(float(np.mean(result.tenure > threshold)), result.n)


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
        Largest ``y``.
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
    years = check_int(years, "years", func, low=0)
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
        Horizon: ``E[min(tenure, years)]``; ``None`` for no horizon.
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
        years = term.years * term.max_terms  # type: ignore[union-attr,operator]
    years = check_int(years, "years", func, low=1)
    return float(exact_survival(term, hazard, years - 1, reelection).sum())


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
        Years.
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
    threshold = check_int(threshold, "threshold", "exact_p_tenure_over", low=0)
    return float(exact_survival(term, hazard, threshold, reelection)[threshold])


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


def _shared_doc(func: F) -> F:
    # Both metrics read the same polity and defaults: document them once.
    func.__doc__ = (func.__doc__ or "").format(
        parameters=_PARAMETERS, raises=_RAISES, references=_REFERENCES
    )
    return func


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
    single term without re-election (2022) forbids, is not modelled, so that part of
    the reform does not show here.

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
    *consecutive* terms, not modelled) could exceed 10 years.

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

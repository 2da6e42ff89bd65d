"""Closed forms and the Markov chain of the tenure model (:mod:`govsim.tenure`).

:func:`exact_survival`, :func:`exact_expected_tenure` and :func:`exact_p_tenure_over`
give the law of one spell in closed form; :func:`exact_total_years` the exact law of
the first holder's total years, returns after a break included (a small Markov chain).
The Monte Carlo of :mod:`govsim.tenure.simulate` is tested against them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from govsim._validation import check_fraction, check_int, param_error
from govsim.model.rows import TermRule
from govsim.tenure.simulate import (
    DEFAULT_DEATH_SHARE,
    FIRST_TERM_COUNTED,
    MAX_YEARS,
    _check_counted,
    _check_term,
    _first_spell_terms,
    _hazard_fn,
    _lifetime_limit,
)

__all__ = [
    "MAX_CHAIN_STATES",
    "MAX_CHAIN_WORK",
    "TotalYears",
    "exact_expected_tenure",
    "exact_p_tenure_over",
    "exact_survival",
    "exact_total_years",
]

#: Most states of the Markov chain of :func:`exact_total_years` (enumerated in Python,
#: some 10 us each). A limit of ``M`` terms of ``T`` years needs about ``2 T M^2``
#: states; one that cannot bind within the horizon counts as no limit, so the 30-year
#: metrics need at most about 2,000 (one-year terms, 31 of them).
MAX_CHAIN_STATES = 20_000
#: Most states x horizon^2 of :func:`exact_total_years` (the push-forward of the law of
#: (state, total years), one sparse product a year: some 5 ns a cell, 2 x 10^8 take
#: about a second).
MAX_CHAIN_WORK = 2 * 10**8


# --- closed forms -------------------------------------------------------------------------


def exact_survival(
    term: TermRule | None,
    hazard: float | ArrayLike,
    years: int,
    reelection: float = 1.0,
    *,
    counted: int = FIRST_TERM_COUNTED,
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
    counted : int, default FIRST_TERM_COUNTED
        Terms counted against the limit when the first term ends (0 after a reset of
        the count; see :func:`~govsim.tenure.simulate`).

    Returns
    -------
    numpy.ndarray, shape (years + 1,)

    Raises
    ------
    govsim.ValidationError
        If a parameter is out of range.

    Notes
    -----
    ``S(y) = prod_{j=1}^{y} (1 - h_j) * r^{floor(y / T)}`` for ``y < T * M'`` and 0 from
    the cap ``T * M'`` on (term length ``T``; ``M' = max(M - c + 1, 1)`` terms for a limit
    of ``M`` terms when the first ends with ``c`` counted, ``M' = M`` for ``c = 1``); with
    a constant hazard and no limit this is the geometric law ``(1 - h)^y``, with a cap the
    truncated geometric.

    Examples
    --------
    >>> exact_survival(TermRule(years=2, max_terms=2), 0.5, 4).tolist()
    [1.0, 0.5, 0.25, 0.125, 0.0]
    >>> exact_survival(TermRule(years=2, max_terms=2), 0.5, 4, counted=2).tolist()
    [1.0, 0.5, 0.0, 0.0, 0.0]
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
    spell = _first_spell_terms(term, _check_counted(counted, func))
    y = np.arange(years + 1, dtype=np.int64)
    surv = np.concatenate([[1.0], np.cumprod(1.0 - h(y[1:]))]) if years else np.ones(1)
    if term is not None:
        surv = surv * r ** (y // term.years).astype(np.float64)
        if spell is not None:
            cap = term.years * spell
            surv[y >= cap] = 0.0  # below the cap floor(y / T) < M': every draw was a real one
    return surv


def exact_expected_tenure(
    term: TermRule | None,
    hazard: float | ArrayLike,
    years: int | None = None,
    reelection: float = 1.0,
    *,
    counted: int = FIRST_TERM_COUNTED,
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
    counted : int, default FIRST_TERM_COUNTED
        Terms counted against the limit when the first term ends (see
        :func:`exact_survival`).

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
    >>> round(exact_expected_tenure(TermRule(years=6, max_terms=2), 0.05, counted=0), 2)
    12.06
    """
    func = "exact_expected_tenure"
    term = _check_term(term, func)
    k0 = _check_counted(counted, func)
    spell = _first_spell_terms(term, k0)
    capped = spell is not None
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
        assert spell is not None
        return _capped_expectation(term, spell, hazard, reelection, func, k0)
    years = check_int(years, "years", func, low=1, high=MAX_YEARS)
    return float(exact_survival(term, hazard, years - 1, reelection, counted=k0).sum())


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


def _capped_expectation(
    term: TermRule, spell: int, hazard: Any, reelection: float, func: str, counted: int
) -> float:
    """``E[tenure]`` under a binding cap of ``M' = spell`` terms, without an array of ``T M'`` years.

    Up to ``MAX_YEARS`` the survival sum itself; beyond, the sum up to the first term end
    after the hazard array's last entry, plus the closed form of the remaining terms
    (the hazard is constant there), so that any ``max_terms`` costs ``O(len(hazard))``.
    """
    span, cap = term.years, term.years * spell
    if cap <= MAX_YEARS:
        return float(exact_survival(term, hazard, cap - 1, reelection, counted=counted).sum())
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
    head = exact_survival(term, arr, start, r, counted=counted) if start else np.ones(1)
    tail = head[start] * _term_sum(span, spell - start // span, float(arr[-1]), r)
    return float(head[:start].sum() + tail)


def exact_p_tenure_over(
    term: TermRule | None,
    hazard: float | ArrayLike,
    threshold: int = 10,
    reelection: float = 1.0,
    *,
    counted: int = FIRST_TERM_COUNTED,
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
    counted : int, default FIRST_TERM_COUNTED
        Terms counted against the limit when the first term ends (see
        :func:`exact_survival`).

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
    return float(exact_survival(term, hazard, threshold, reelection, counted=counted)[threshold])


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
    # The first holder's count enters through the start state only (j = counted - 1,
    # possibly -1 after a reset); a return under a consecutive limit restarts at j = 0.
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
    *,
    counted: int = FIRST_TERM_COUNTED,
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
    counted : int, default FIRST_TERM_COUNTED
        Terms counted against the first holder's limit when the first term ends: 0 after
        a transitional rule that resets the count (see :func:`~govsim.tenure.simulate`).

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

    Russia's two six-year terms: a count reset to 0 against one at the limit (2):

    >>> ru = TermRule(years=6, max_terms=2)
    >>> [round(exact_total_years(ru, 0.05, 30, 0.9, 0.4, 0.5, counted=k).mean, 2) for k in (0, 2)]
    [13.34, 5.3]

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
    k0 = _check_counted(counted, func)
    offset = k0 - 1  # the first holder's earlier counted terms (-1: the running one is free)
    if (
        term is not None
        and term.max_terms is not None
        and term.max_terms - max(offset, 0) > years // term.years + 1
    ):
        # At most years // T terms end within the horizon (plus one cut short): such a
        # limit never binds and never ends eligibility there, for the first holder or a
        # successor, so it is no limit at all.
        term = term.model_copy(update={"max_terms": None})
    binds_first = term is not None and term.max_terms is not None and not term.exempt_incumbent
    step = _total_chain(term, h, r, d, c)

    # enumerate the reachable states (a few dozen, at most MAX_CHAIN_STATES) and the
    # (sparse: at most four moves a state) transition matrix
    start: _State = ("in", 0, offset if binds_first else 0, 0, False)
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

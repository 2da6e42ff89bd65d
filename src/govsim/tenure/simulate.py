"""The tenure Monte Carlo: :func:`simulate` draws histories of an office under a term
limit, and its summaries (:func:`expected_tenure`, :func:`p_tenure_over`, ...) carry
Monte Carlo standard errors.

The model (hazards, re-election, returns after a break) is described in
:mod:`govsim.tenure`; the closed forms it is tested against are in
:mod:`govsim.tenure.exact`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._random import SeedLike, as_generator
from govsim._validation import check_fraction, check_int, param_error
from govsim.model.rows import MAX_TERMS, TermRule
from govsim.tenure._bits import CHUNK as _CHUNK
from govsim.tenure._bits import holder_moments, run_packed

__all__ = [
    "DEFAULT_COMEBACK",
    "DEFAULT_DEATH_SHARE",
    "DEFAULT_HAZARD",
    "DEFAULT_REELECTION",
    "FIRST_TERM_COUNTED",
    "MAX_SIMULATION_CELLS",
    "MAX_YEARS",
    "TOTAL_HORIZON",
    "Estimate",
    "HazardLike",
    "TenureResult",
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
#: Terms counted against the first holder's limit when the first simulated term ends, by
#: default: 1, the term itself (a holder in a first term). ``counted=0`` says a transitional
#: rule reset the count (the term running when it took effect is not counted: Russia 2020,
#: Uzbekistan 2023); ``counted=k > 1`` that ``k - 1`` earlier terms count too. At most
#: ``MAX_TERMS`` (100), the bound of :class:`~govsim.model.TermRule.max_terms`.
FIRST_TERM_COUNTED = 1
#: Horizon in years of the registered total-years metrics: 30 (a political generation).
TOTAL_HORIZON = 30
#: Longest horizon (and tenure threshold) in years of every function here: 10,000. No
#: holder serves a century, and no state has lasted ten millennia (the recorded history
#: of states spans about five), so a longer horizon describes no polity; the closed forms
#: then hold arrays of at most 10^4 entries, and :func:`simulate` and
#: :func:`exact_total_years` have their own bounds on the work.
MAX_YEARS = 10_000
#: Most draws x years of one :func:`simulate` call (its running time at 10^6 draws: 3 ns
#: a cell for a constant hazard, 6-7 ns for a hazard by year or with returns on a quiet
#: machine, up to 15 ns on a busy one, ``benchmarks/bench_tenure.py``'s ``kernels()``; so
#: 10^8 cells take about a second): 10^4 draws over 10,000 years, or 3 x 10^6 over 30.
MAX_SIMULATION_CELLS = 10**8


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


def _check_counted(counted: Any, func: str) -> int:
    """``counted`` as an int in ``[0, MAX_TERMS]`` (see :data:`FIRST_TERM_COUNTED`)."""
    return check_int(counted, "counted", func, low=0, high=MAX_TERMS, high_name="MAX_TERMS")


def _first_spell_terms(term: TermRule | None, counted: int) -> int | None:
    """Most terms the first holder's first spell can last, or None when nothing caps it.

    The limit allows ``max_terms`` counted terms and the first term ends with ``counted``
    of them, so the spell lasts ``max_terms - counted + 1`` terms; a holder whose count is
    already at or past the limit still serves out the term that is running (one term).
    """
    if term is None or term.max_terms is None or term.exempt_incumbent:
        return None
    return max(term.max_terms - counted + 1, 1)


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
    counted: int = FIRST_TERM_COUNTED,
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
    counted : int, default FIRST_TERM_COUNTED
        Terms counted against the first holder's limit when the first term ends,
        ``0 <= counted <= MAX_TERMS``: 1 for a holder in a first term, 0 after a
        transitional rule that resets the count (the running term is not counted),
        ``k`` when ``k - 1`` earlier terms count too. Successors start at 1. It moves
        the first holder's count only: under ``consecutive_only`` it restarts on a
        return, under a lifetime limit earlier counted terms count on a return.

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
    >>> from govsim.tenure.exact import exact_expected_tenure
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

    A reset of the count (``counted=0``) lets the incumbent serve the running term and
    two more; a count already at the limit (``counted=2``) ends the spell with the
    running term:

    >>> two = TermRule(years=6, max_terms=2)
    >>> [int(simulate(two, 0.0, 30, 10, seed=0, counted=k).tenure.max()) for k in (0, 1, 2)]
    [18, 12, 6]

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
    k0 = _check_counted(counted, func)
    rng = as_generator(seed)
    if not callable(hazard) and np.ndim(hazard) == 0:
        hazard_kind: _Hazard = float(h(np.ones(1, dtype=np.int64))[0])
    elif callable(hazard):
        hazard_kind = h
    else:  # by year in office: hazard_table[y] for y = 1..years (entry 0 unused)
        hazard_kind = np.concatenate([[0.0], h(np.arange(1, years + 1, dtype=np.int64))])
    # a lifetime limit with returns (earlier spells' terms count on a return) runs on bytes
    packed = c == 0.0 or _lifetime_limit(term) is None
    if isinstance(hazard_kind, float) and n >= _PACKED_FROM and packed:
        return _simulate_packed(term, hazard_kind, years, n, r, d, c, k0, rng)
    return _Run(term, h, hazard_kind, years, n, r, d, c, k0).run(rng)


#: Draws from which a constant hazard runs on packed bits (:mod:`govsim.tenure._bits`;
#: with returns, unless under a lifetime limit), 2^17: there a year's passes over bytes
#: cost more than the packed kernel's calls (a few dozen a year, more with more bit
#: planes); below, the byte kernel (:class:`_Run`) is faster (at 10^4 draws over 1,000
#: years by about 1.4x; the two are even at 2^17: ``bench_tenure.kernels()``). Both give
#: the same outputs draw for draw.
_PACKED_FROM = 1 << 17


def _limit_of(term: TermRule | None) -> tuple[int | None, bool]:
    """The rule's term limit (None: none) and whether the incumbent is exempt from it."""
    if term is None:
        return None, False
    return term.max_terms, term.exempt_incumbent


def _exit_odds(term: TermRule | None, hazard: float, r: float, k0: int) -> tuple[float, bool]:
    """Under a constant hazard: the exit odds at the end of a renewable term,
    ``h + (1 - h)(1 - r)``, and whether the kernel needs them besides ``h`` (a term can
    end in a re-election, the limit allowing two terms to someone, and they differ)."""
    renewable = hazard + (1.0 - hazard) * (1.0 - r)
    limit, exempt = _limit_of(term)
    renew = limit is None or limit > 1 or exempt or k0 == 0
    return renewable, term is not None and renew and renewable != hazard


def _simulate_packed(
    term: TermRule | None,
    hazard: float,
    years: int,
    n: int,
    r: float,
    d: float,
    c: float,
    k0: int,
    rng: np.random.Generator,
) -> TenureResult:
    """A constant hazard, returns included unless under a lifetime limit: the kernel on
    packed bits (:mod:`govsim.tenure._bits`)."""
    renewable, two = _exit_odds(term, hazard, r, k0)
    span = None if term is None else term.years
    limit, exempt = _limit_of(term)
    spell = _first_spell_terms(term, k0)
    generic = limit is None or (not exempt and k0 == 1)
    tenure, stays, holders_mean, holders_var, turnover, total, spells = run_packed(
        years, n, hazard, renewable, two, rng, span, limit, spell, generic, d, c
    )
    return TenureResult(
        tenure,
        np.subtract(years, stays, out=stays),  # the holders
        holders_mean,
        holders_var,
        turnover,
        years,
        tenure.copy() if total is None else total,
        np.ones(n, dtype=np.int64) if spells is None else spells,
    )


#: The hazard as the kernel reads it: a constant, a table by year in office, or the callable.
_Hazard: TypeAlias = (
    float | NDArray[np.float64] | Callable[[NDArray[np.int64]], NDArray[np.float64]]
)


#: The slices of one chunk of draws: the draws, u >= h and u >= renewable (scratch), and
#: stay, keep, ends, last and lives.
_Chunk: TypeAlias = tuple[
    NDArray[np.float64],
    NDArray[np.bool_],
    NDArray[np.bool_],
    NDArray[np.bool_],
    NDArray[np.bool_],
    NDArray[np.bool_],
    NDArray[np.bool_],
    NDArray[np.bool_],
]


def _int_type(high: int) -> type[np.signedinteger[Any]]:
    """The narrowest signed integer type that holds every value in ``[-1, high]``."""
    for kind in (np.int8, np.int16, np.int32):
        if high <= np.iinfo(kind).max:
            return kind
    return np.int64


def _like(mask: NDArray[np.bool_], counter: NDArray[Any]) -> NDArray[Any]:
    """``mask`` as a one-byte ``counter``'s type (a view of the same bytes: no cast in the
    ufunc that adds or multiplies it in), else as is."""
    return mask.view(counter.dtype) if counter.dtype.itemsize == 1 else mask


class _MaskedSum:
    """``sum(x[mask])`` for an integer ``x`` in ``[0, high]`` of type ``kind``, exactly,
    without a temporary of the selection: ``x * mask`` goes into a zero-padded ``(rows,
    cols)`` grid, whose rows are added in int16 (``rows * high <= 32767``: no partial sum
    overflows), and then the ``cols`` partial sums in int64. Two SIMD passes over the draws
    instead of a gather.
    """

    def __init__(self, n: int, high: int, kind: type[np.signedinteger[Any]]) -> None:
        rows = min(max(np.iinfo(np.int16).max // max(high, 1), 1), n)
        cols = -(-n // rows)
        buf = np.zeros(rows * cols, dtype=kind)
        self.head, self.grid = buf[:n], buf.reshape(rows, cols)
        self.part = np.empty(cols, dtype=np.int16)

    def __call__(self, x: NDArray[np.signedinteger[Any]], mask: NDArray[np.bool_]) -> int:
        np.multiply(x, _like(mask, x), out=self.head)
        return self.total()

    def total(self) -> int:
        """The sum of ``head`` (the products, written there by the caller or by a call)."""
        np.add.reduce(self.grid, axis=0, dtype=np.int16, out=self.part)
        return int(self.part.sum(dtype=np.int64))


class _Run:
    """One call of :func:`simulate`: the state of ``n`` histories and the loop over years
    (from :data:`_PACKED_FROM` draws, a constant hazard runs on packed bits instead,
    :mod:`govsim.tenure._bits`, unless returns under a lifetime limit).

    The state is kept in the narrowest integer types (``int8`` years into the term and
    terms counted, ``int8``/``int16`` tenures) and updated in place with ``out=`` ufuncs;
    a year makes the draws, then about fifteen passes over one-byte arrays. Per holder
    state, with ``D`` the years (all but the last) in which the holder count did not grow
    (``stays``): the count of distinct holders after year ``y + 1`` is ``H = y + 1 - D``,
    so its mean and variance over draws come from running sums of ``D`` and ``D^2``
    (``sum (D + s)^2 = sum D^2 + 2 sum_{s} D + sum s`` for the 0/1 ``s`` of a year), not a
    full reduction of the counts each year.

    A first holder's count ``counted`` at or past the limit is stored as ``limit`` (one
    term left, as :func:`_first_spell_terms` says), so that a count reaches the limit only
    at a term's end and ``terms >= limit`` marks the last term without ``& ends``.
    """

    def __init__(
        self,
        term: TermRule | None,
        h: Callable[[NDArray[np.int64]], NDArray[np.float64]],
        hazard: _Hazard,
        years: int,
        n: int,
        r: float,
        d: float,
        c: float,
        k0: int,
    ) -> None:
        self.term, self.h, self.hazard, self.years, self.n = term, h, hazard, years, n
        self.r, self.d, self.c = r, d, c
        self.limit, self.exempt = _limit_of(term)
        self.returns = c > 0.0
        # A lifetime limit follows the first holder across spells; other limits restart.
        self.lifetime = self.returns and _lifetime_limit(term) is not None
        dim = n if term is not None else 0
        self.constant = isinstance(hazard, float)
        # a constant hazard is compared with the draws chunk by chunk, while they are in cache
        self.u = np.empty(min(n, _CHUNK) if self.constant else n)
        self.stay = np.empty(n, dtype=bool)  # the holder serves next year too
        self.first = np.ones(n, dtype=bool)  # the current holder is the first one
        small = _int_type(years)
        self.tenure = np.zeros(n, dtype=small)
        self.stays = np.zeros(n, dtype=small)  # D: years the holder count did not grow
        self.in_term = np.zeros(dim, dtype=np.int8)  # years into the current term
        self.ends = np.empty(dim, dtype=bool)  # this year ends a term
        self.keep = np.empty(dim, dtype=bool)  # the holder stays and the term goes on
        limit = 0 if self.limit is None else self.limit
        span = 1 if term is None else term.years
        # terms counted for the current holder, less one: the first holder's earlier counted
        # terms (counted - 1, at most limit - 1; -1 after a reset), a successor's 0; an
        # exempt first holder's count grows past the limit
        count = _int_type(limit + (years // span + 1 if self.exempt else 1))
        self.terms = np.full(dim if self.limit else 0, min(k0, limit) - 1, dtype=count)
        self.last = np.empty(self.terms.size, dtype=bool)  # this year ends the last term
        # constant hazard: the exit odds at the end of a renewable term, and if they are read
        self.renewable, self.two = (
            _exit_odds(term, hazard, r, k0) if isinstance(hazard, float) else (0.0, False)
        )
        # without returns the first holder is gone for good after the longest first spell
        spell = None if term is None or self.returns else _first_spell_terms(term, k0)
        self.first_until = years if spell is None else min(years, spell * span)
        self.lives = np.empty(n if self.constant and self.returns else 0, dtype=bool)  # u >= d h
        self.in_office = np.zeros(0 if self.constant else n, dtype=np.int16)
        self.h0 = hazard if isinstance(hazard, float) else 0.0
        self.sums = _MaskedSum(n, years, small)
        # the draws of a year chunk by chunk, and the slices of the arrays they feed
        size = self.u.size
        low, high = np.empty(size, dtype=bool), np.empty(size, dtype=bool)
        self.chunks: list[_Chunk] = [
            (
                self.u[: hi - lo],
                low[: hi - lo],
                high[: hi - lo],
                self.stay[lo:hi],
                self.keep[lo:hi],
                self.ends[lo:hi],
                self.last[lo:hi],
                self.lives[lo:hi],
            )
            for lo in range(0, n if self.constant else 0, max(size, 1))
            for hi in [min(lo + size, n)]
        ]
        back_dim = n if self.returns else 0
        self.spell1 = np.ones(back_dim, dtype=bool)  # the first holder's first spell runs
        self.out = np.zeros(back_dim, dtype=bool)  # first holder out of office, alive, eligible
        self.total = np.zeros(back_dim, dtype=small)
        self.spells = np.ones(back_dim, dtype=small)
        lifetime_dim = n if self.lifetime else 0
        self.prior = np.zeros(lifetime_dim, dtype=count)  # terms of earlier spells (lifetime)
        self.elected = np.zeros(lifetime_dim, dtype=count)  # terms the first holder was elected to

    def draw(self, rng: np.random.Generator) -> None:
        """This year's draws: ``u``, or under a constant hazard ``stay`` (and ``keep``)
        made chunk by chunk as the draws come, while they are in cache, with ``lives``
        (``u >= d h``) when the first holder may return. The stream is the same: one call
        per chunk draws the next doubles of the year.

        Two exit odds (``h``, and ``renewable`` at the end of a renewable term): ``keep =
        u >= h and no term ends`` and ``stay = keep or (u >= renewable and the term is not
        the last)``; one: ``stay = u >= h`` (:meth:`decide` does the rest).
        """
        if not self.constant:
            rng.random(out=self.u)
            return
        two, limited = self.two, self.limit is not None
        termed = self.term is not None
        hz, renewable, dead = self.h0, self.renewable, self.d * self.h0
        for seg, below, above, stay, keep, ends, last, lives in self.chunks:
            rng.random(out=seg)
            if two:
                np.greater_equal(seg, hz, out=below)
                np.greater(below, ends, out=keep)
                np.greater_equal(seg, renewable, out=above)
                if limited:
                    np.greater(above, last, out=above)
                np.logical_or(keep, above, out=stay)
            else:
                np.greater_equal(seg, hz, out=stay)
                if limited:
                    np.greater(stay, last, out=stay)
                if termed:
                    np.greater(stay, ends, out=keep)
            if lives.size:
                np.greater_equal(seg, dead, out=lives)

    def hazard_now(self) -> float | NDArray[np.float64]:
        """The exit hazard of each holder this year (after ``in_office`` counts it)."""
        hz = self.hazard
        if isinstance(hz, float):
            return hz
        np.add(self.in_office, 1, out=self.in_office)
        if callable(hz):
            return hz(self.in_office.astype(np.int64))
        return np.take(hz, self.in_office)

    def count_terms(self) -> None:
        """``ends``: this year ends a term; ``last``: the last term the limit allows."""
        term, ends, last = self.term, self.ends, self.last
        if term is None:
            return
        np.add(self.in_term, 1, out=self.in_term)
        np.equal(self.in_term, term.years, out=ends)
        if self.limit is not None:
            terms = self.terms
            np.add(terms, _like(ends, terms), out=terms)
            if self.lifetime:
                np.greater_equal(terms + self.prior, self.limit, out=last)
            else:
                np.greater_equal(terms, self.limit, out=last)
            if self.exempt:
                np.greater(last, self.first, out=last)

    def decide(self, hz: float | NDArray[np.float64]) -> None:
        """``stay``: the holder serves next year (the draw ``u`` is above the exit odds:
        ``h``, plus ``(1 - h)(1 - reelection)`` at the end of a renewable term), and
        ``keep``: it stays and no term ends (``u >= h``: the odds are never below ``h``)."""
        u, stay, ends, last, keep = self.u, self.stay, self.ends, self.last, self.keep
        if self.constant:
            return  # made with the draws
        if self.term is None:
            np.greater_equal(u, hz, out=stay)
            return
        odds = np.subtract(1.0, hz)
        odds *= 1.0 - self.r
        odds *= ends if self.limit is None else ends ^ last
        odds += hz
        np.greater_equal(u, odds, out=stay)
        if self.limit is not None:
            np.greater(stay, last, out=stay)
        np.greater(stay, ends, out=keep)

    def run(self, rng: np.random.Generator) -> TenureResult:
        n, years, term = self.n, self.years, self.term
        stay, first, stays = self.stay, self.first, self.stays
        holders_mean = np.empty(years)
        holders_var = np.empty(years)
        turnover = np.empty(years)
        sum_d = sum_d2 = 0  # sum of D and of D^2 over draws, exactly
        back = np.zeros(0, dtype=np.intp)
        for year in range(years):  # loop over years; every step is vectorized over draws
            hz = self.hazard_now()
            self.count_terms()
            self.draw(rng)
            self.decide(hz)
            if self.returns:
                back = self.returning(year, hz, rng)
            if term is not None:
                np.multiply(self.in_term, _like(self.keep, self.in_term), out=self.in_term)
                if self.limit is not None:
                    np.multiply(self.terms, _like(stay, self.terms), out=self.terms)
            if self.lifetime:
                np.multiply(self.prior, _like(stay, self.prior), out=self.prior)
                self.prior[back] = self.elected[back]  # earlier spells count against the limit
            if self.in_office.size:
                np.multiply(self.in_office, stay, out=self.in_office)
            if self.returns:
                np.add(self.total, _like(first, self.total), out=self.total)
                np.add(self.tenure, _like(self.spell1, self.tenure), out=self.tenure)
                np.logical_and(self.spell1, stay, out=self.spell1)
            elif year < self.first_until:
                np.add(self.tenure, _like(first, self.tenure), out=self.tenure)
            # H = k - D distinct holders have served in years 1..k = year + 1
            holders_mean[year], holders_var[year] = holder_moments(n, year + 1, sum_d, sum_d2)
            kept = int(np.count_nonzero(stay))
            turnover[year] = (n - kept) / n
            if year < self.first_until:
                np.logical_and(first, stay, out=first)
            if self.returns:
                first[back] = True
            if year + 1 < years:
                # D grows where the holder stays or the first one comes back
                moved = self.sums(stays, stay)
                if self.returns:
                    moved += int(stays[back].sum())
                    kept += back.size
                sum_d2 += 2 * moved + kept
                sum_d += kept
                np.add(stays, _like(stay, stays), out=stays)
                if self.returns:
                    stays[back] += 1
                    self.spells[back] += 1
        tenure = self.tenure.astype(np.int64)
        holders = years - stays.astype(np.int64)
        if self.returns:
            total, spells = self.total.astype(np.int64), self.spells.astype(np.int64)
        else:
            total, spells = tenure.copy(), np.ones(n, dtype=np.int64)
        return TenureResult(
            tenure, holders, holders_mean, holders_var, turnover, years, total, spells
        )

    def returning(
        self, year: int, hz: float | NDArray[np.float64], rng: np.random.Generator
    ) -> NDArray[np.intp]:
        """One year of the first holder's departures, deaths out of office and returns.

        Updates ``out``, ``elected`` and ``stay`` (a displaced incumbent leaves) in place
        and returns the draws whose first holder comes back next year.
        """
        stay, out, d = self.stay, self.out, self.d
        gone = self.first > stay  # the first holder leaves this year
        # the lowest death_share of the hazard band of u is death or incapacity
        alive = gone & (self.lives if self.constant else self.u >= d * hz)
        if self.lifetime:
            # terms elected to: completed ones plus the one cut short (one not at its end)
            elected = self.terms + self.prior
            elected += ~self.ends
            elected -= self.elected
            elected *= gone
            self.elected += elected
            alive &= self.elected < self.limit
        idx = np.flatnonzero(
            out
        )  # out since an earlier year: the election that replaced them is past
        if not idx.size:
            out |= alive
            return idx
        w = rng.random(idx.size)
        # out of office the death risk follows the year of the horizon
        hz_out = self.hazard
        if not isinstance(hz_out, float):
            hz_out = self.h(np.full(idx.size, year + 1, dtype=np.int64))
        q = d * hz_out
        dead = w < q
        # the incumbent's seat is open: it leaves, or its term ends
        vote = ~(stay if self.term is None else self.keep)[idx]
        won = vote & ~dead & (w < q + (1.0 - q) * self.c)
        out[idx] = ~(dead | won)
        back = idx[won]
        stay[back] = False
        if self.term is not None:
            self.keep[back] = False
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

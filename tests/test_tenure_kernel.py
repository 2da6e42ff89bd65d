"""The tenure kernels against the kernel they replaced, draw for draw.

``reference_simulate`` is :func:`govsim.tenure.simulate` as it was before the kernel kept
its state in one-byte types and the holder counts in running sums (int64/int32 state, a
``holders @ holders`` reduction every year), kept here unchanged. Both read the same
random stream, so every output must agree exactly: the integer arrays equal, the per-year
means, variances and turnover equal to the last bit (they come from the same integers).

Every test runs on each kernel (the ``kernel`` fixture): the byte kernel, the packed one
(:mod:`govsim.tenure._bits`, a constant hazard without returns, forced at every size),
and the packed one applying masks row by row as it does from ``_WIDE`` words on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from govsim import TermRule
from govsim._random import SeedLike, as_generator
from govsim.tenure import MAX_SIMULATION_CELLS, TenureResult, _bits, simulate
from govsim.tenure.simulate import HazardLike, _hazard_fn, _lifetime_limit, _MaskedSum

#: The module (``govsim.tenure.simulate`` the attribute is the function).
_SIMULATE = importlib.import_module("govsim.tenure.simulate")


@pytest.fixture(autouse=True, params=["bytes", "packed", "packed-wide"])
def kernel(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The kernel a test runs on: the packed one at every size, or never."""
    packed_from = MAX_SIMULATION_CELLS + 1 if request.param == "bytes" else 0
    monkeypatch.setattr(_SIMULATE, "_PACKED_FROM", packed_from)
    if request.param == "packed-wide":
        monkeypatch.setattr(_bits, "_WIDE", 0)
    return str(request.param)


def reference_simulate(
    term: TermRule | None,
    hazard: HazardLike,
    years: int,
    n: int,
    seed: SeedLike,
    reelection: float = 1.0,
    *,
    death_share: float = 0.4,
    comeback: float = 0.0,
    counted: int = 1,
) -> TenureResult:
    """The former kernel of ``simulate`` (parameters assumed valid)."""
    h = _hazard_fn(hazard, "reference_simulate")
    r, d, c, k0 = reelection, death_share, comeback, counted
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
    # terms counted for the current holder, less one: the first holder's earlier counted
    # terms (counted - 1; -1 after a reset), a successor's 0
    terms = np.full(n, k0 - 1 if limit is not None else 0, dtype=np.int32)
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


def hazard_of(kind: str, h: float) -> HazardLike:
    """A constant hazard, the same rising by year in office, or a callable of it."""
    if kind == "constant":
        return h
    if kind == "array":
        return [h / 2, h, min(2 * h, 1.0)]
    return lambda y: np.minimum(h * np.sqrt(y), 1.0)


def assert_same(new: TenureResult, old: TenureResult) -> None:
    """Every output equal; the floats come from the same integers by the same formulas."""
    assert new.years == old.years
    for name in ("tenure", "holders", "total", "spells"):
        got, want = getattr(new, name), getattr(old, name)
        assert got.dtype == np.int64, name
        np.testing.assert_array_equal(got, want, err_msg=name)
    for name in ("holders_mean", "holders_var", "turnover"):
        np.testing.assert_array_equal(getattr(new, name), getattr(old, name), err_msg=name)


RULES: list[TermRule | None] = [
    None,
    TermRule(years=5, max_terms=2, consecutive_only=True),
    TermRule(years=5, max_terms=2, consecutive_only=True, exempt_incumbent=True),
    TermRule(years=7, max_terms=1),
    TermRule(years=3, max_terms=3),
    TermRule(years=4),
]


@pytest.mark.parametrize("term", RULES)
@pytest.mark.parametrize("kind", ["constant", "array", "callable"])
@pytest.mark.parametrize("comeback", [0.0, 0.6])
def test_kernel_matches_the_former_kernel(
    term: TermRule | None, kind: str, comeback: float
) -> None:
    hazard = hazard_of(kind, 0.08)
    args, seed = (term, hazard, 40, 500), 17
    kwargs: dict[str, float] = {"death_share": 0.3, "comeback": comeback}
    for r in (1.0, 0.75):
        new = simulate(*args, seed=seed, reelection=r, **kwargs)  # type: ignore[arg-type]
        assert_same(new, reference_simulate(*args, seed=seed, reelection=r, **kwargs))  # type: ignore[arg-type]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    span=st.integers(1, 7),
    max_terms=st.one_of(st.none(), st.integers(1, 4)),
    consecutive=st.booleans(),
    exempt=st.booleans(),
    no_term=st.booleans(),
    kind=st.sampled_from(["constant", "array", "callable"]),
    h=st.floats(0.0, 0.5),
    r=st.floats(0.0, 1.0),
    d=st.floats(0.0, 1.0),
    comeback=st.sampled_from([0.0, 0.3, 1.0]),
    counted=st.integers(0, 6),
    years=st.integers(1, 45),
    n=st.integers(1, 300),
    seed=st.integers(0, 2**32 - 1),
)
def test_kernel_matches_on_random_inputs(
    span: int,
    max_terms: int | None,
    consecutive: bool,
    exempt: bool,
    no_term: bool,
    kind: str,
    h: float,
    r: float,
    d: float,
    comeback: float,
    counted: int,
    years: int,
    n: int,
    seed: int,
) -> None:
    term = (
        None
        if no_term
        else TermRule(
            years=span, max_terms=max_terms, consecutive_only=consecutive, exempt_incumbent=exempt
        )
    )
    kwargs: dict[str, float] = {"death_share": d, "comeback": comeback, "counted": counted}
    hazard = hazard_of(kind, h)
    new = simulate(term, hazard, years, n, seed=seed, reelection=r, **kwargs)  # type: ignore[arg-type]
    old = reference_simulate(term, hazard, years, n, seed=seed, reelection=r, **kwargs)  # type: ignore[arg-type]
    assert_same(new, old)


@pytest.mark.parametrize(
    ("term", "years", "n"),
    [
        # an exempt incumbent's count passes int8 (one-year terms over 300 years), tenures
        # and holder counts pass int8, the holder sums use few rows per block
        (TermRule(years=1, max_terms=2, exempt_incumbent=True), 300, 50),
        (TermRule(years=2, max_terms=3), 1000, 7),
        (None, 130, 1),
    ],
)
def test_kernel_matches_at_wide_ranges(term: TermRule | None, years: int, n: int) -> None:
    for comeback in (0.0, 0.5):
        new = simulate(term, 0.01, years, n, seed=4, reelection=0.97, comeback=comeback)
        old = reference_simulate(term, 0.01, years, n, seed=4, reelection=0.97, comeback=comeback)
        assert_same(new, old)


def test_kernel_draws_the_same_stream() -> None:
    """The same number of draws: a shared generator ends in the same state."""
    term = TermRule(years=5, max_terms=2, consecutive_only=True)
    a, b = np.random.default_rng(9), np.random.default_rng(9)
    simulate(term, 0.05, 30, 1000, seed=a, reelection=0.9, comeback=0.5)
    reference_simulate(term, 0.05, 30, 1000, seed=b, reelection=0.9, comeback=0.5)
    assert a.bit_generator.state == b.bit_generator.state


def test_masked_sum_is_exact() -> None:
    rng = np.random.default_rng(0)
    cases = [(1, 1, np.int8), (7, 50, np.int8), (1000, 127, np.int8), (1000, 50, np.int16)]
    cases += [(10_001, 10_000, np.int16), (333, 32_767, np.int16)]
    for n, high, kind in cases:
        x = rng.integers(0, high + 1, n).astype(kind)
        mask = rng.random(n) < 0.6
        assert _MaskedSum(n, high, kind)(x, mask) == int(x.astype(np.int64)[mask].sum())


def test_bit_planes_count_exactly() -> None:
    """Bit-sliced counters: ripple adds, values written at a spell's end, and the values
    read back (more than 8 planes: two byte groups) equal plain integer counts."""
    rng = np.random.default_rng(3)
    for n, bits, steps in [(1, 1, 1), (64, 3, 7), (1000, 5, 31), (777, 10, 1023)]:
        words = -(-n // 64)
        planes, want = _bits._Planes(bits, words), np.zeros(n, dtype=np.int64)
        for _ in range(steps):  # the count stays below 2^bits
            mask = rng.random(n) < 0.7
            planes.add(
                np.packbits(np.r_[mask, np.zeros(words * 64 - n, bool)], bitorder="little").view(
                    np.uint64
                ),
                bits,
            )
            want += mask
        np.testing.assert_array_equal(planes.values(n), want)
        written = _bits._Planes(bits, words)
        value = int(rng.integers(0, 2**bits))
        mask = rng.random(n) < 0.5
        written.put(
            np.packbits(np.r_[mask, np.zeros(words * 64 - n, bool)], bitorder="little").view(
                np.uint64
            ),
            value,
        )
        np.testing.assert_array_equal(written.values(n), np.where(mask, value, 0))


def test_packed_kernel_runs_from_the_threshold(kernel: str) -> None:
    """simulate picks the packed kernel from _PACKED_FROM draws (a constant hazard; with
    returns, a limit that restarts after a break) and the byte kernel otherwise: here the
    same outputs either way."""
    term = TermRule(years=5, max_terms=2, consecutive_only=True)
    calls: list[int] = []
    run = _bits.run_packed

    def counting(*args: object) -> object:
        calls.append(1)
        return run(*args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_SIMULATE, "run_packed", counting)
        new = simulate(term, 0.05, 12, 300, seed=2, reelection=0.9)
        simulate(term, [0.05], 12, 300, seed=2, reelection=0.9)  # by year: bytes
        simulate(term, 0.05, 12, 300, seed=2, reelection=0.9, comeback=0.5)  # returns
        lifetime = TermRule(years=5, max_terms=2)  # with returns: bytes
        simulate(lifetime, 0.05, 12, 300, seed=2, reelection=0.9, comeback=0.5)
    assert len(calls) == (0 if kernel == "bytes" else 2)
    assert_same(new, reference_simulate(term, 0.05, 12, 300, seed=2, reelection=0.9))

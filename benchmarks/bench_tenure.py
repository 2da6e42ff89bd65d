"""Tenure Monte Carlo: 10^6 draws x 50 years, against a plain per-draw Python loop.

Run: ``.venv/bin/python benchmarks/bench_tenure.py``

Prints the time of :func:`govsim.tenure.simulate` for 10^6 histories of 50 years under
Kazakhstan's pre-2022 rule (two 5-year terms, hazard 0.05, re-election 0.9; target
< 1 s), the time of a straightforward Python loop over draws on 2x10^4 histories scaled
to 10^6, the speed ratio, and checks both against the closed-form expected tenure.
Then the same with returns after a break (``comeback=0.5``, death share 0.4), checked
against the exact law of the first holder's total years (:func:`exact_total_years`).
"""

from __future__ import annotations

import time

import numpy as np

from govsim import TermRule
from govsim.tenure import (
    TenureResult,
    exact_expected_tenure,
    exact_total_years,
    expected_tenure,
    expected_total,
    p_return,
    simulate,
)

TERM = TermRule(years=5, max_terms=2, consecutive_only=True)
HAZARD, REELECTION, YEARS = 0.05, 0.9, 50
DEATH_SHARE, COMEBACK = 0.4, 0.5


def reference_tenures(n: int, seed: int) -> np.ndarray:
    """The first holder's tenure, one draw at a time, straight from the rules."""
    rng = np.random.default_rng(seed)
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        y = 0
        while y < YEARS:
            y += 1
            if rng.random() < HAZARD:
                break
            ends = y % TERM.years == 0
            if ends and (y // TERM.years >= TERM.max_terms or rng.random() >= REELECTION):  # type: ignore[operator]
                break
        out[i] = y
    return out


def best_of_3(n: int, comeback: float) -> tuple[float, TenureResult]:
    times = []
    for seed in range(3):
        t = time.perf_counter()
        res = simulate(
            TERM,
            HAZARD,
            YEARS,
            n,
            seed=seed,
            reelection=REELECTION,
            death_share=DEATH_SHARE,
            comeback=comeback,
        )
        times.append(time.perf_counter() - t)
    return min(times), res


def main() -> None:
    n = 10**6
    t_fast, res = best_of_3(n, 0.0)
    m = 20_000
    t = time.perf_counter()
    ref = reference_tenures(m, 0)
    t_ref = (time.perf_counter() - t) * n / m
    exact = exact_expected_tenure(TERM, HAZARD, YEARS, REELECTION)
    est = expected_tenure(res)
    ref_se = ref.std(ddof=1) / np.sqrt(m)
    assert abs(est.value - exact) < 4.5 * est.stderr
    assert abs(ref.mean() - exact) < 4.5 * ref_se
    print(f"simulate: {n:,} draws x {YEARS} years in {t_fast:.3f} s (best of 3; target < 1 s)")
    print(f"plain Python loop, scaled to {n:,} draws: {t_ref:.1f} s; ratio {t_ref / t_fast:.0f}x")
    print(
        f"expected tenure: simulated {est.value:.4f} +- {est.stderr:.4f}, reference {ref.mean():.4f} +- {ref_se:.4f}, exact {exact:.4f}"
    )
    t_back, back = best_of_3(n, COMEBACK)
    law = exact_total_years(TERM, HAZARD, YEARS, REELECTION, DEATH_SHARE, COMEBACK)
    total, ret = expected_total(back), p_return(back)
    assert abs(total.value - law.mean) < 4.5 * total.stderr
    assert abs(ret.value - law.p_return) < 4.5 * ret.stderr
    print(
        f"simulate with returns (comeback {COMEBACK}): {n:,} draws x {YEARS} years in "
        f"{t_back:.3f} s (best of 3)"
    )
    print(
        f"total years: simulated {total.value:.4f} +- {total.stderr:.4f}, exact {law.mean:.4f}; "
        f"P(return): simulated {ret.value:.4f} +- {ret.stderr:.4f}, exact {law.p_return:.4f}"
    )


if __name__ == "__main__":
    main()

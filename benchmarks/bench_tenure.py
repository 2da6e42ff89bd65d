"""Tenure Monte Carlo: 10^6 draws x 50 years, against a plain per-draw Python loop.

Run: ``.venv/bin/python benchmarks/bench_tenure.py``

Prints the time of :func:`govsim.tenure.simulate` for 10^6 histories of 50 years under
Kazakhstan's pre-2022 rule (two 5-year terms, hazard 0.05, re-election 0.9; target
< 1 s), the time of a straightforward Python loop over draws on 2x10^4 histories scaled
to 10^6, the speed ratio, and checks both against the closed-form expected tenure.
"""

from __future__ import annotations

import time

import numpy as np

from govsim import TermRule
from govsim.tenure import exact_expected_tenure, expected_tenure, simulate

TERM = TermRule(years=5, max_terms=2, consecutive_only=True)
HAZARD, REELECTION, YEARS = 0.05, 0.9, 50


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


def main() -> None:
    n = 10**6
    times = []
    for seed in range(3):
        t = time.perf_counter()
        res = simulate(TERM, HAZARD, YEARS, n, seed=seed, reelection=REELECTION)
        times.append(time.perf_counter() - t)
    t_fast = min(times)
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


if __name__ == "__main__":
    main()

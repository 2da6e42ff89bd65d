"""Tenure Monte Carlo: 10^6 draws x 50 years, against its floor and a plain Python loop.

Run: ``.venv/bin/python benchmarks/bench_tenure.py``

Prints, for 10^6 histories of 50 years under Kazakhstan's pre-2022 rule (two 5-year
terms, hazard 0.05, re-election 0.9):

* the time of :func:`govsim.tenure.simulate` and of :func:`floor`, the same random
  draws plus one pass over a state array per year, timed in this process, interleaved,
  best of 5, and their ratio against the target (simulate <= 1.5x the floor);
* the time of a straightforward Python loop over draws on 2x10^4 histories scaled to
  10^6, and checks both against the closed-form expected tenure;
* the same with returns after a break (``comeback=0.5``, death share 0.4) against its
  own floor (the same draws, the returns' second draws included), checked against the
  exact law of the first holder's total years (:func:`exact_total_years`).

The load average is printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable, Sequence
from typing import Any

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
from govsim.tenure.simulate import _CHUNK

TERM = TermRule(years=5, max_terms=2, consecutive_only=True)
HAZARD, REELECTION, YEARS = 0.05, 0.9, 50
DEATH_SHARE, COMEBACK = 0.4, 0.5
N, REPEATS, TARGET = 10**6, 5, 1.5


def floor(
    n: int, years: int, seed: int = 0, extra: Sequence[int] = (), chunk: int = _CHUNK
) -> None:
    """The least work a kernel with simulate's draws can do: draw them, read each once.

    Draws what :func:`simulate` draws for ``n`` histories over ``years`` years from the
    same generator (PCG64 seeded by ``seed``), as float64 in calls of ``chunk`` doubles
    (``chunk=n``: one call a year), plus ``extra[y]`` more in year ``y`` (the second draws
    of the returns, in one call), and makes one pass over a state array per year: each
    draw is compared with the hazard once, into a one-byte state (``u >= h``).
    """
    rng = np.random.default_rng(seed)
    u = np.empty(max(min(chunk, n), max(extra, default=0)))  # extra draws are at most n
    state = np.empty(n, dtype=bool)
    for year in range(years):
        for lo in range(0, n, chunk):
            seg = u[: min(lo + chunk, n) - lo]
            rng.random(out=seg)
            np.greater_equal(seg, HAZARD, out=state[lo : lo + seg.size])
        if year < len(extra) and extra[year]:
            seg = u[: extra[year]]
            rng.random(out=seg)
            np.greater_equal(seg, HAZARD, out=state[: seg.size])


class _CountingGenerator(np.random.Generator):
    """A PCG64 generator that counts the draws of each year beyond the ``n`` yearly ones
    (simulate makes those through ``out=``, the returns' second draws without)."""

    def __init__(self, seed: int, n: int) -> None:
        super().__init__(np.random.PCG64(seed))
        self.n, self.yearly = n, 0
        self.extra = [0] * YEARS

    def random(self, size: Any = None, dtype: Any = np.float64, out: Any = None) -> Any:
        if out is None:  # after the year's yearly draws
            self.extra[self.yearly // self.n - 1] += int(np.prod(size))
        else:
            self.yearly += out.size
        return super().random(size, dtype, out)


def extra_draws(comeback: float, seed: int = 0) -> list[int]:
    """The second draws of the returns that :func:`simulate` makes in each year."""
    rng = _CountingGenerator(seed, N)
    run(comeback, rng)
    assert rng.yearly == N * YEARS
    return rng.extra


def run(comeback: float, seed: int | np.random.Generator) -> TenureResult:
    return simulate(
        TERM,
        HAZARD,
        YEARS,
        N,
        seed=seed,
        reelection=REELECTION,
        death_share=DEATH_SHARE,
        comeback=comeback,
    )


def interleaved(jobs: dict[str, Callable[[int], object]]) -> dict[str, tuple[float, float]]:
    """Best wall and CPU time of each job over REPEATS rounds, the jobs interleaved."""
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    for seed in range(REPEATS):
        for name, job in jobs.items():
            t, c = time.perf_counter(), time.process_time()
            job(seed)
            wall[name].append(time.perf_counter() - t)
            cpu[name].append(time.process_time() - c)
    return {name: (min(wall[name]), min(cpu[name])) for name in jobs}


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


def report(label: str, times: dict[str, tuple[float, float]], target: float | None) -> None:
    """Print simulate's time against the faster floor, wall and CPU."""
    sim_wall, sim_cpu = times["simulate"]
    floors = {name: t for name, t in times.items() if name != "simulate"}
    best = min(floors, key=lambda name: floors[name][0])
    floor_wall, floor_cpu = floors[best]
    ratio = sim_wall / floor_wall
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{label}: simulate {sim_wall:.3f} s (CPU {sim_cpu:.3f} s), best of {REPEATS}")
    for name, (w, c) in floors.items():
        print(f"  floor, {name}: {w:.3f} s (CPU {c:.3f} s)")
    verdict = (
        "" if target is None else f"; target <= {target}x: {'met' if ratio <= target else 'MISSED'}"
    )
    print(
        f"  ratio to the floor: {ratio:.2f}x wall, {sim_cpu / floor_cpu:.2f}x CPU{verdict} "
        f"(load average {load})"
    )


def _timed(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def kernels() -> None:
    """The figures the kernel's comments rest on, measured here.

    * the dispatch: the byte kernel against the packed one (``_PACKED_FROM`` forced to
      either side) at 10^4 draws over 1,000 years and at ``_PACKED_FROM`` draws over 50;
    * nanoseconds per draw-year at 10^6 x 50 for a constant hazard, a hazard by year in
      office (a table) and returns after a break (``MAX_SIMULATION_CELLS``' note).
    """
    S = importlib.import_module("govsim.tenure.simulate")  # the package exports the function

    saved = S._PACKED_FROM
    for n, years in ((10**4, 1_000), (saved, YEARS)):

        def one(n: int = n, years: int = years) -> object:
            return simulate(TERM, HAZARD, years, n, seed=0, reelection=REELECTION)

        try:
            S._PACKED_FROM = n + 1  # the byte kernel
            byte = _timed(one)
            S._PACKED_FROM = 0  # the packed kernel
            packed = _timed(one)
        finally:
            S._PACKED_FROM = saved
        picked = "packed" if n >= saved else "byte"
        print(
            f"{n:,} draws x {years:,} years: byte kernel {byte * 1e3:.1f} ms, packed "
            f"{packed * 1e3:.1f} ms (byte / packed {byte / packed:.2f}); simulate picks {picked}"
        )
    table = np.full(40, HAZARD)
    table[10:] = 2 * HAZARD  # a hazard by year in office
    cells = N * YEARS
    for label, job in (
        ("constant hazard", lambda: run(0.0, 0)),
        ("hazard by year in office", lambda: simulate(TERM, table, YEARS, N, seed=0)),
        (f"returns (comeback {COMEBACK})", lambda: run(COMEBACK, 0)),
    ):
        print(f"{label}: {_timed(job, 3) / cells * 1e9:.1f} ns per draw-year at {N:,} x {YEARS}")


def main() -> None:
    times = interleaved(
        {
            "simulate": lambda seed: run(0.0, seed),
            f"draws in chunks of {_CHUNK}": lambda seed: floor(N, YEARS, seed),
            "draws one call a year": lambda seed: floor(N, YEARS, seed, chunk=N),
        }
    )
    report(f"{N:,} draws x {YEARS} years", times, TARGET)
    res = run(0.0, 0)
    m = 20_000
    t = time.perf_counter()
    ref = reference_tenures(m, 0)
    t_ref = (time.perf_counter() - t) * N / m
    exact = exact_expected_tenure(TERM, HAZARD, YEARS, REELECTION)
    est = expected_tenure(res)
    ref_se = ref.std(ddof=1) / np.sqrt(m)
    assert abs(est.value - exact) < 4.5 * est.stderr
    assert abs(ref.mean() - exact) < 4.5 * ref_se
    print(
        f"plain Python loop, scaled to {N:,} draws: {t_ref:.1f} s; "
        f"{t_ref / times['simulate'][0]:.0f}x simulate"
    )
    print(
        f"expected tenure: simulated {est.value:.4f} +- {est.stderr:.4f}, "
        f"reference {ref.mean():.4f} +- {ref_se:.4f}, exact {exact:.4f}"
    )
    extra = extra_draws(COMEBACK)
    times = interleaved(
        {
            "simulate": lambda seed: run(COMEBACK, seed),
            f"draws in chunks of {_CHUNK}": lambda seed: floor(N, YEARS, seed, extra),
        }
    )
    report(f"with returns (comeback {COMEBACK}; {sum(extra):,} second draws)", times, target=None)
    back = run(COMEBACK, 0)
    law = exact_total_years(TERM, HAZARD, YEARS, REELECTION, DEATH_SHARE, COMEBACK)
    total, ret = expected_total(back), p_return(back)
    assert abs(total.value - law.mean) < 4.5 * total.stderr
    assert abs(ret.value - law.p_return) < 4.5 * ret.stderr
    print(
        f"total years: simulated {total.value:.4f} +- {total.stderr:.4f}, exact {law.mean:.4f}; "
        f"P(return): simulated {ret.value:.4f} +- {ret.stderr:.4f}, exact {law.p_return:.4f}"
    )


if __name__ == "__main__":
    main()
    kernels()

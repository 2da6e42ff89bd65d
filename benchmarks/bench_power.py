"""Exact power indices: govsim against ``powerindex`` and against its own exact rationals.

Run: ``.venv/bin/python benchmarks/bench_power.py``

Printed (one run, best of a few repeats for the fast sides):

1. a 150-player weighted game (weights 1..20 drawn with seed 0, quota 51% of the total):
   Banzhaf and Shapley–Shubik by govsim and by ``powerindex``, their largest difference
   and the speed ratio (targets: >= 15x Banzhaf, >= 25x Shapley–Shubik);
2. 300 players (beyond ``powerindex``'s OverflowError from 171 players): govsim's float
   values against its big-integer exact path (Banzhaf at 300, Shapley–Shubik at 200);
3. the 536-player US lawmaking game (Shapley & Shubik 1954): float and exact-rational
   paths, their agreement and time (target < 1 s).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import powerindex

from govsim.power import BlockGame, WeightedGame, banzhaf, shapley_shubik


def best(f: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    out, times = None, []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def game(n: int, high: int = 21, seed: int = 0) -> tuple[np.ndarray, int]:
    w = np.random.default_rng(seed).integers(1, high, n)
    return w, int(np.ceil(0.51 * w.sum()))


def main() -> None:
    w, q = game(150)
    g = WeightedGame(w, q)
    t_bz, bz = best(lambda: banzhaf(g), 20)
    t_ss, ss = best(lambda: shapley_shubik(g), 5)
    peer = powerindex.Game(quota=q, weights=w.tolist())
    t0 = time.perf_counter()
    peer.calc_banzhaf()
    p_bz = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer.calc_shapley_shubik()
    p_ss = time.perf_counter() - t0
    d_bz = np.abs(np.asarray(peer.banzhaf) - bz).max()
    d_ss = np.abs(np.asarray(peer.shapley_shubik) - ss).max()
    assert d_bz < 1e-12, d_bz
    assert d_ss < 1e-12, d_ss
    print(f"150 players, W={w.sum()}, q={q}")
    print(
        f"  Banzhaf         govsim {t_bz * 1e3:8.2f} ms   powerindex {p_bz * 1e3:8.2f} ms   ratio {p_bz / t_bz:6.1f}x   max|diff| {d_bz:.1e}"
    )
    print(
        f"  Shapley-Shubik  govsim {t_ss * 1e3:8.2f} ms   powerindex {p_ss * 1e3:8.2f} ms   ratio {p_ss / t_ss:6.1f}x   max|diff| {d_ss:.1e}"
    )

    w, q = game(300)
    g = WeightedGame(w, q)
    try:
        powerindex.Game(quota=q, weights=w.tolist()).calc_shapley_shubik()
        peer_note = "ran"
    except OverflowError as exc:
        peer_note = f"OverflowError ({exc})"
    t_bz, bz = best(lambda: banzhaf(g), 5)
    t_ss, ss = best(lambda: shapley_shubik(g), 3)
    t_ex, ex = best(lambda: banzhaf(g, exact=True), 1)
    d_bz = np.abs(ex.astype(float) - bz).max()
    assert d_bz < 1e-13, d_bz
    assert abs(ss.sum() - 1) < 1e-11
    print(f"300 players, W={w.sum()}: powerindex SS: {peer_note}")
    print(
        f"  Banzhaf float {t_bz * 1e3:.2f} ms, exact big-int {t_ex * 1e3:.1f} ms, max|diff| {d_bz:.1e}"
    )
    print(f"  Shapley-Shubik float {t_ss * 1e3:.1f} ms, sum {ss.sum():.15f}")
    w, q = game(200, high=6)
    g = WeightedGame(w, q)
    t_ss, ss = best(lambda: shapley_shubik(g), 3)
    t_ex, ex = best(lambda: shapley_shubik(g, exact=True), 1)
    d_ss = np.abs(ex.astype(float) - ss).max()
    assert d_ss < 1e-13
    print(
        f"200 players (weights 1..5), Shapley-Shubik float {t_ss * 1e3:.2f} ms vs exact big-int {t_ex:.2f} s, max|diff| {d_ss:.1e}"
    )

    us = BlockGame(
        {"president": 1, "senate": 100, "house": 435},
        [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}],
    )
    t_ss, ss = best(lambda: shapley_shubik(us), 5)
    t_bz, bz = best(lambda: banzhaf(us), 5)
    t_ex, ex = best(lambda: shapley_shubik(us, exact=True), 3)
    d = max(abs(float(ex[b]) - ss[b]) for b in us.names)
    assert d < 1e-12, d
    assert t_ss < 1.0, t_ss
    print("536-player US lawmaking game")
    print(
        f"  Shapley-Shubik float {t_ss * 1e3:.1f} ms, exact rational {t_ex * 1e3:.1f} ms, max|diff| {d:.1e}"
    )
    print(f"  Banzhaf float {t_bz * 1e3:.1f} ms")
    print("  shares SS " + ", ".join(f"{b} {ss[b]:.6f}" for b in us.names))
    print("  shares BZ " + ", ".join(f"{b} {bz[b]:.6f}" for b in us.names))


if __name__ == "__main__":
    main()

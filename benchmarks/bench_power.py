"""Exact power indices: govsim against ``powerindex`` and against its own exact rationals.

Run: ``.venv/bin/python benchmarks/bench_power.py``

Printed (one run, best of a few repeats for the fast sides):

1. a 150-player weighted game (weights 1..20 drawn with seed 0, quota 51% of the total):
   Banzhaf and Shapley–Shubik by govsim and by ``powerindex``, their largest difference
   and the speed ratio (targets: >= 15x Banzhaf, >= 25x Shapley–Shubik);
2. 300 players (beyond ``powerindex``'s OverflowError from 171 players): govsim's float
   values against its big-integer exact path (Banzhaf at 300, Shapley–Shubik at 200);
3. the 536-player US lawmaking game (Shapley & Shubik 1954): float and exact-rational
   paths, their agreement and time (target < 1 s);
4. bloc games: a one-chamber bloc game (150 seats: party blocs 60/40/20/10 and 20
   independents, majority 76) is a weighted game, so ``powerindex`` plays it: the
   multi-weight engine against it (agreement, ratio); the Kazakhstan bloc lawmaking
   games of 2019 and 2024 (three dimensions, no peer: ``powerindex`` plays one quota)
   against the per-member game at d = 0;
5. the bloc lawmaking games of Russia 2020 and Kazakhstan 2019/2024 at d = 1/2 and 1
   (target < 0.2 s each): time against the per-member game of the same polity, and the
   separable path against the quadrature path it replaced (agreement, ratio);
6. the EU-27 double majority (55% of states and 65% of the population in thousands,
   Eurostat 2023, or 24 states): the multi-weight engine against the meet-in-the-middle
   count of ``govsim.testing.power_reference`` (``powerindex`` cannot play two quotas),
   and its one-axis path against the grid pass it uses for other games, interleaved,
   best of 5;
7. the EU-27 states-and-population clause alone, which ``powerindices`` (a weighted game
   with a minimal winning size) plays: its Shapley–Shubik and absolute Banzhaf indices
   against the engine's (agreement, ratio).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import powerindex

from govsim.power import (
    BlockGame,
    MultiWeightGame,
    WeightedGame,
    banzhaf,
    bloc_shares,
    lawmaking_shares,
    multiweight_banzhaf,
    multiweight_shapley_shubik,
    shapley_shubik,
)
from govsim.power import blocs as blocs_module
from govsim.power import multiweight as M
from govsim.scenarios import kazakhstan, kazakhstan_2019
from govsim.testing.power_reference import double_majority_mitm

#: EU-27 population on 1 Jan 2023 (Eurostat tps00001; as in tests/power/test_multiweight.py).
EU27_2023 = [
    84_358_845, 68_070_697, 58_850_717, 48_059_777, 36_753_736, 19_051_562, 17_811_291,
    11_754_004, 10_827_529, 10_521_556, 10_467_366, 10_394_055, 9_597_085, 9_104_772,
    6_447_710, 5_932_654, 5_563_970, 5_428_792, 5_194_336, 3_850_894, 2_857_279, 2_116_792,
    1_883_008, 1_365_884, 920_701, 660_809, 542_051,
]  # fmt: skip


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
    blocs()
    bloc_lawmaking()
    eu27()
    eu27_peer()


def blocs() -> None:
    seats = [60, 40, 20, 10]
    g = MultiWeightGame(
        [[s] for s in seats] + [[1]], [[76]], counts=[1, 1, 1, 1, 20], names=list("ABCDI")
    )

    def ours() -> tuple[dict[str, float], dict[str, float]]:
        M._counting.cache_clear()
        return multiweight_shapley_shubik(g), multiweight_banzhaf(g)

    t_ours, (ss, bz) = best(ours, 5)
    weights = seats + [1] * 20
    peer = powerindex.Game(quota=76, weights=weights)

    def theirs() -> None:
        peer.calc_shapley_shubik()
        peer.calc_banzhaf()

    t_peer, _ = best(theirs, 5)
    p_ss, p_bz = np.asarray(peer.shapley_shubik), np.asarray(peer.banzhaf)
    mine_ss = np.array([ss[k] for k in "ABCD"] + [ss["I"] / 20] * 20)
    mine_bz = np.array([bz[k] for k in "ABCD"] + [bz["I"] / 20] * 20)
    d = max(np.abs(mine_ss - p_ss).max(), np.abs(mine_bz - p_bz).max())
    assert d < 1e-12, d
    print("bloc game, one chamber of 150 (blocs 60/40/20/10, 20 independents, quota 76)")
    print(
        f"  SS + BZ  govsim {t_ours * 1e3:8.2f} ms   powerindex {t_peer * 1e3:8.2f} ms   "
        f"ratio {t_peer / t_ours:6.1f}x   max|diff| {d:.1e}"
    )
    for name, polity in (("2019", kazakhstan_2019()), ("2024", kazakhstan("2024-01-01"))):

        def uncached(p: Any = polity) -> dict[str, float]:
            blocs_module._indices.cache_clear()
            return bloc_shares(p, discipline=1.0)

        t_bloc, shares = best(uncached, 3)
        zero = bloc_shares(polity, discipline=0.0)
        ref = lawmaking_shares(polity)
        d0 = max(abs(zero[k] - ref[k]) for k in ref)
        assert d0 < 1e-9, d0
        print(
            f"  Kazakhstan {name} bloc game (d = 1): {t_bloc * 1e3:.1f} ms (game and indices, "
            f"no cache), president {shares['president']:.3f}; d = 0 vs per-member game "
            f"max|diff| {d0:.1e}"
        )


def bloc_lawmaking() -> None:
    """Bloc lawmaking games of Russia 2020 and Kazakhstan 2019/2024 at d = 1/2 and 1: the
    bloc game (game and indices, no cache) against the per-member game of the same
    polity, and the separable path against the quadrature path it replaced (agreement)."""
    from importlib.resources import files

    import govsim
    from govsim.power import lawmaking as lawmaking_module
    from govsim.power import lawmaking_blocs
    from govsim.power.exact import _nodes

    print("bloc lawmaking games: separable path, per-member game, former quadrature path")
    polities = (
        ("Russia 2020", govsim.load(files("govsim") / "data" / "russia_2020.toml")),
        ("Kazakhstan 2019", kazakhstan_2019()),
        ("Kazakhstan 2024", kazakhstan("2024-01-01")),
    )
    for name, polity in polities:

        def member(p: Any = polity) -> dict[str, float]:
            lawmaking_module._shares.cache_clear()
            return lawmaking_shares(p)

        t_member, _ = best(member, 5)
        for d in (0.5, 1.0):

            def bloc(p: Any = polity, dd: float = d) -> dict[str, float]:
                blocs_module._indices.cache_clear()
                return bloc_shares(p, discipline=dd)

            t_bloc, shares = best(bloc, 5)
            game = lawmaking_blocs(polity, discipline=d)
            x, wq = _nodes(game.n_players)
            t_quad, quad = best(lambda g=game, x=x, wq=wq: wq @ M._quadrature(g, x), 1)
            sep = wq @ M._separable(game, x)
            diff = float(np.abs(sep - quad).max())
            assert diff < 1e-9, diff
            head = next(iter(shares))
            print(
                f"  {name:16s} d = {d:3.1f}: bloc game {t_bloc * 1e3:7.1f} ms, per-member game "
                f"{t_member * 1e3:6.1f} ms (ratio {t_bloc / t_member:5.1f}x); quadrature path "
                f"{t_quad * 1e3:7.0f} ms ({t_quad / t_bloc:6.0f}x slower), max|diff| {diff:.1e}; "
                f"{head} {shares[head]:.4f}"
            )


def eu27() -> None:
    pop = np.round(np.array(EU27_2023) / 1000).astype(np.int64)
    quota = int(np.ceil(0.65 * pop.sum()))
    g = MultiWeightGame(np.c_[np.ones(27, dtype=np.int64), pop], [[15, quota], [24, 0]])

    def ours() -> tuple[dict[str, float], dict[str, float]]:
        M._counting.cache_clear()
        return multiweight_shapley_shubik(g), multiweight_banzhaf(g, normalized=False)

    def grid_pass() -> tuple[Any, Any]:
        M._counting.cache_clear()
        return M._counting(g, general=True)

    # interleaved, best of 5 each: the engine, the grid pass it uses for other games, the
    # meet-in-the-middle reference
    times: dict[str, list[float]] = {"ours": [], "grid": [], "ref": []}
    for _ in range(5):
        t_one, (ss, bz) = best(ours, 1)
        t_grid, (gss, gbz) = best(grid_pass, 1)
        t_mitm, (rss, rbz) = best(lambda: double_majority_mitm(pop.tolist(), 15, quota, 24), 1)
        times["ours"].append(t_one)
        times["grid"].append(t_grid)
        times["ref"].append(t_mitm)
    t_ours, t_grid, t_ref = (min(times[k]) for k in ("ours", "grid", "ref"))
    assert np.abs(gss - np.array([ss[str(i)] for i in range(27)])).max() < 1e-15
    assert np.abs(gbz - np.array([bz[str(i)] for i in range(27)])).max() < 1e-15
    d = max(
        max(abs(ss[str(i)] - float(rss[i])) for i in range(27)),
        max(abs(bz[str(i)] - float(rbz[i])) for i in range(27)),
    )
    assert d < 1e-11, d
    print("EU-27 double majority (population in thousands, Eurostat 2023)")
    print(
        f"  SS + raw BZ  govsim {t_ours:.3f} s   meet-in-the-middle reference {t_ref:.3f} s   "
        f"ratio {t_ref / t_ours:5.2f}x   max|diff| {d:.1e}"
    )
    print(
        f"  one-axis prefix sums {t_ours:.3f} s against the grid pass {t_grid:.3f} s "
        f"({t_grid / t_ours:.1f}x)"
    )
    print(f"  Germany SS {ss['0']:.4f}, Malta SS {ss['26']:.4f}")


def eu27_peer() -> None:
    """The EU-27 states-and-population clause alone (15 states holding 65%), which
    ``powerindices`` (Huettner; a weighted game with a minimal winning size) plays, in
    units of 10,000 people as its EU example rounds them: its SSI and absolute PBI
    against the multi-weight engine's. One peer run (some 8 s a index) between two
    best-of-5 runs of govsim."""
    try:
        import powerindices
    except ImportError:  # the peer is in the "bench" extra
        print("EU-27 against powerindices: not installed (pip install powerindices)")
        return
    pop = np.round(np.array(EU27_2023) / 10_000).astype(np.int64)
    quota = int(np.ceil(0.65 * pop.sum()))
    g = MultiWeightGame(np.c_[np.ones(27, dtype=np.int64), pop], [[15, quota]])

    def ours() -> tuple[dict[str, float], dict[str, float]]:
        M._counting.cache_clear()
        return multiweight_shapley_shubik(g), multiweight_banzhaf(g, normalized=False)

    t_before, (ss, bz) = best(ours, 5)
    t_ssi, p_ss = best(lambda: powerindices.compute_ssi(quota, pop.tolist(), 15), 1)
    t_pbi, p_bz = best(lambda: powerindices.compute_pbi(quota, pop.tolist(), 15), 1)
    t_after, _ = best(ours, 5)
    t_ours = min(t_before, t_after)
    d = max(
        np.abs(np.asarray(p_ss) - [ss[str(i)] for i in range(27)]).max(),
        np.abs(np.asarray(p_bz) - [bz[str(i)] for i in range(27)]).max(),
    )
    assert d < 1e-12, d
    print("EU-27, 15 states holding 65% (population in 10,000s), against powerindices")
    print(
        f"  SS + raw BZ  govsim {t_ours * 1e3:.1f} ms   powerindices {t_ssi + t_pbi:.2f} s   "
        f"ratio {(t_ssi + t_pbi) / t_ours:6.0f}x   max|diff| {d:.1e}"
    )


if __name__ == "__main__":
    main()

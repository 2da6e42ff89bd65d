"""Batched seat allocation against `apportionment` and `votelib`; Monte Carlo elections.

Run: ``.venv/bin/python benchmarks/bench_electoral.py [elections]`` (default 10,000).

* 10,000 elections x 8 parties x 69 seats, 5% threshold, D'Hondt and Hare: govsim
  allocates the whole batch in one call (best of 5). The peers allocate one election
  per Python call; they are timed on the first 500 (`apportionment`) and 200
  (`votelib`) elections and the time is scaled to the whole batch (stated in the
  output). Each peer's seats are checked against govsim's on the elections it ran
  (elections that govsim flags as tied are skipped: the peers break ties their own
  way).
* 10^5 Monte Carlo draws of the 2023 Mazhilis system (69 list seats, 5% Hare, plus
  29 single-member districts) under the default vote model (best of 3).

Targets (issue 5): >= 150x `apportionment`, >= 400x `votelib`, Monte Carlo < 1 s.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np

from govsim.electoral import allocate, simulate
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

SEATS = 69
THRESHOLD = 0.05
PARTIES = 8


def best_of(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def make_votes(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shares = rng.dirichlet(np.full(PARTIES, 2.0), size=n)
    return np.floor(shares * 1_000_000).astype(np.int64)


def peer_apportionment(method: str) -> Callable[[list[int]], list[int]]:
    import apportionment.methods as am

    name = {"dhondt": "dhondt", "hare": "largest_remainder"}[method]
    return lambda v: am.compute(name, v, SEATS, threshold=THRESHOLD)


def peer_votelib(method: str) -> Callable[[list[int]], list[int]]:
    import votelib.evaluate.core as core
    import votelib.evaluate.proportional as prop
    import votelib.evaluate.threshold as thr

    dist = prop.HighestAverages("d_hondt") if method == "dhondt" else prop.LargestRemainder("hare")
    ev = core.Conditioned(thr.RelativeThreshold(THRESHOLD), dist)

    def run(v: list[int]) -> list[int]:
        out = ev.evaluate(dict(enumerate(v)), SEATS)
        return [out.get(i, 0) for i in range(len(v))]

    return run


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    votes = make_votes(n)
    rows = votes.tolist()
    print(f"{n} elections x {PARTIES} parties x {SEATS} seats, threshold {THRESHOLD:.0%}")
    print(f"{'method':8} {'peer':14} {'govsim s':>10} {'peer s (scaled)':>16} {'ratio':>8}  agree")
    for method in ("dhondt", "hare"):
        seats, ties = allocate(votes, SEATS, method, THRESHOLD, return_ties=True)
        t_gov = best_of(lambda m=method: allocate(votes, SEATS, m, THRESHOLD), 5)
        for peer_name, make, subset in (
            ("apportionment", peer_apportionment, 500),
            ("votelib", peer_votelib, 200),
        ):
            k = min(subset, n)
            peer = make(method)
            t = time.perf_counter()
            got = [peer(rows[i]) for i in range(k)]
            t_peer = (time.perf_counter() - t) * n / k
            checked = [i for i in range(k) if not ties[i]]
            agree = all(got[i] == seats[i].tolist() for i in checked)
            print(
                f"{method:8} {peer_name:14} {t_gov:10.4f} {t_peer:16.3f} {t_peer / t_gov:7.0f}x"
                f"  {agree} ({len(checked)} of {k} run, scaled x{n / k:.0f})"
            )
            if not agree:
                raise SystemExit(f"{peer_name} disagrees with govsim on {method}")

    system = ElectoralSystem(
        body="mazhilis",
        tiers=(ListTier(seats=69, method="hare", threshold=0.05), SingleMemberTier(seats=29)),
    )
    draws = 100_000
    simulate(system, KAZAKHSTAN_2023, 1000, seed=0)  # warm-up
    t_mc = best_of(lambda: simulate(system, KAZAKHSTAN_2023, draws, seed=0), 3)
    r = simulate(system, KAZAKHSTAN_2023, draws, seed=0)
    print(
        f"Monte Carlo, 2023 Mazhilis system, {draws} draws: {t_mc:.3f} s "
        f"(P(majority) {r.p_majority:.3f}, P(2/3) {r.p_two_thirds:.3f}, "
        f"E[Gallagher] {r.expected_gallagher:.2f}, E[ENPs] {r.expected_enp:.2f})"
    )


if __name__ == "__main__":
    main()

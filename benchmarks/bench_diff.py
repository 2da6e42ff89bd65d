"""Benchmark: ``govsim.diff`` after the reforms that change the most relations.

Run: ``.venv/bin/python benchmarks/bench_diff.py`` (``--sizes 100000`` for a quick run).

For each reform, in one process on the same pair of polities:

* ``diff`` against its reference, the plain full comparison
  (:func:`govsim.testing.reforms.full_diff`: the id columns matched by a sort of
  both sides, every relation of both compared as a multiset, no shortcut through
  the rows the reform kept), best of ``--repeat`` each, interleaved, in wall and in
  CPU time of the process; the ratio diff / full is printed;
* the peak memory of each, as the largest total of the allocations traced
  (``tracemalloc``, which numpy reports its arrays to) above what was held before
  the call, in a run of its own (tracing slows Python's allocations, not the timed
  runs);
* the lazy result against the eager one (every relation and id built as a row
  model, what ``diff`` returned before): the two must compare equal and print the
  same summary, and so must the full comparison.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from govsim.reforms import DirectElection, Reform, TermLimit, diff
from govsim.scenarios import synthetic
from govsim.testing.reforms import eager_change, full_diff, synthetic_court


def cases() -> list[tuple[str, Reform]]:
    return [
        (
            "constitutional_court replacing the court",
            synthetic_court(),
        ),
        (
            "direct_election: all district executives",
            DirectElection(offices={"kind": "executive", "level": "district"}),
        ),
        (
            "direct_election: half the local executives",
            DirectElection(
                offices={"kind": "executive", "level": "local"}, share=0.5, appointer="dismissal"
            ),
        ),
        ("term_limit: one 7-year term (no relation changes)", TermLimit(years=7, max_terms=1)),
    ]


def best_of(fn: Callable[[], Any], k: int = 3) -> tuple[float, Any]:
    best, out = np.inf, None
    for _ in range(k):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def interleaved(fns: dict[str, Callable[[], Any]], k: int) -> dict[str, tuple[float, float]]:
    """Best-of-``k`` (wall, CPU) seconds of each function, one call of each per round."""
    best = {name: (np.inf, np.inf) for name in fns}
    for _ in range(k):
        for name, fn in fns.items():
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def peak_mb(fn: Callable[[], Any]) -> float:
    """MB that the call allocates at its peak above what was held before it (tracemalloc)."""
    tracemalloc.start()
    try:
        held = tracemalloc.get_traced_memory()[0]
        out = fn()
        peak = tracemalloc.get_traced_memory()[1]
        del out
    finally:
        tracemalloc.stop()
    return (peak - held) / 2**20


def run_size(n: int, repeat: int) -> None:
    p = synthetic(n, seed=0)
    print(f"\nsynthetic({n:,}): {p.n_institutions:,} institutions, {p.n_relations:,} relations")
    # why diff sorts instead of calling np.unique (no inverse) on the id column
    ids = p.institution_table.id
    t_unique, u = best_of(lambda: np.unique(ids))
    t_sort, s = best_of(lambda: np.sort(ids))
    assert np.array_equal(u, s)
    print(f"ids: np.unique {t_unique:.3f}s, np.sort {t_sort:.3f}s ({t_unique / t_sort:.1f}x)")
    print(
        f"{'reform':50s} {'rel +':>7s} {'rel -':>7s} {'diff':>15s} {'full':>15s} {'ratio':>11s}"
        f" {'peak MB':>11s} {'+summary':>8s} {'eager':>6s}"
    )
    print(
        f"{'':50s} {'':7s} {'':7s} {'wall / cpu':>15s} {'wall / cpu':>15s} {'wall / cpu':>11s}"
        f" {'diff / full':>11s}"
    )
    for label, reform in cases():
        q = reform.apply(p)
        change, full = diff(p, q), full_diff(p, q)
        t = interleaved(
            {"diff": lambda q=q: diff(p, q), "full": lambda q=q: full_diff(p, q)}, repeat
        )
        mem = {
            "diff": peak_mb(lambda q=q: diff(p, q)),
            "full": peak_mb(lambda q=q: full_diff(p, q)),
        }
        with_text, _ = best_of(lambda q=q: str(diff(p, q)))
        slow, eager = best_of(lambda q=q: eager_change(diff(p, q)), k=1)
        assert change == eager == eager_change(full), f"{label}: the changes differ"
        assert str(change) == str(eager) == str(full), f"{label}: the summaries differ"
        (fw, fc), (rw, rc) = t["diff"], t["full"]
        print(
            f"{label:50s} {len(change.relations_added):7,} {len(change.relations_removed):7,}"
            f" {fw:6.3f} / {fc:5.3f}s {rw:6.3f} / {rc:5.3f}s {fw / rw:5.2f} / {fc / rc:4.2f}"
            f" {mem['diff']:5.0f} / {mem['full']:4.0f} {with_text:7.3f}s {slow:5.2f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**6])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the timed runs")
    args = parser.parse_args()
    for n in args.sizes:
        run_size(n, args.repeat)


if __name__ == "__main__":
    main()

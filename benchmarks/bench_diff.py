"""Benchmark: ``govsim.diff`` after the reforms that change the most relations.

Run: ``.venv/bin/python benchmarks/bench_diff.py`` (``--sizes 100000`` for a quick run).

``diff`` holds added and removed relations as columns and builds row models only
when read. Beside it, the eager result (every relation and id built as a row model,
what ``diff`` returned before) is timed: the two must compare equal and print the
same summary, and the speed ratio is printed. Times are best of 3.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from govsim.reforms import DirectElection, Reform, TermLimit, diff
from govsim.scenarios import synthetic
from govsim.testing.reforms import eager_change, synthetic_court


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


def run_size(n: int) -> None:
    p = synthetic(n, seed=0)
    print(f"\nsynthetic({n:,}): {p.n_institutions:,} institutions, {p.n_relations:,} relations")
    # why diff sorts instead of calling np.unique (no inverse) on the id column
    ids = p.institution_table.id
    t_unique, u = best_of(lambda: np.unique(ids))
    t_sort, s = best_of(lambda: np.sort(ids))
    assert np.array_equal(u, s)
    print(f"ids: np.unique {t_unique:.3f}s, np.sort {t_sort:.3f}s ({t_unique / t_sort:.1f}x)")
    print(
        f"{'reform':52s} {'rel +':>8s} {'rel -':>8s} {'diff':>8s} {'+summary':>9s}"
        f" {'eager':>8s} {'ratio':>7s}"
    )
    for label, reform in cases():
        q = reform.apply(p)
        fast, change = best_of(lambda q=q: diff(p, q))
        with_text, _ = best_of(lambda q=q: str(diff(p, q)))
        slow, full = best_of(lambda q=q: eager_change(diff(p, q)), k=1)
        assert change == full, f"{label}: the lazy and eager changes differ"
        assert str(change) == str(full), f"{label}: the summaries differ"
        print(
            f"{label:52s} {len(change.relations_added):8,} {len(change.relations_removed):8,}"
            f" {fast:7.3f}s {with_text:8.3f}s {slow:7.2f}s {slow / fast:6.1f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**6])
    args = parser.parse_args()
    for n in args.sizes:
        run_size(n)


if __name__ == "__main__":
    main()

"""Sweep overhead: 10^4 trivial tasks in process and on a 2-process pool, chunked or not.

Run: ``.venv/bin/python benchmarks/bench_ensemble.py`` (``--tasks 1000`` for a quick run).

Prints, best of 3, the seconds :func:`govsim.ensemble.sweep` takes for ``--tasks``
tasks that do nothing (so the time is all scheduling): in process (target: well under
2 s for 10^4), on a ``ProcessPoolExecutor(2)`` with the default chunking (about four
chunks per worker, 8 submissions; target: under 5 s) and with one submission per task
(``chunksize=1``), and the ratios. Every run must give the same values.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from govsim.ensemble import EnsembleResult, sweep


def trivial(variant: int, seed: np.random.SeedSequence) -> float:
    return float(variant)


def best_of_3(run: Callable[[], EnsembleResult]) -> tuple[float, EnsembleResult]:
    times: list[float] = []
    res = None
    for _ in range(3):
        t = time.perf_counter()
        res = run()
        times.append(time.perf_counter() - t)
    assert res is not None
    return min(times), res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10**4)
    args = parser.parse_args()
    variants = list(range(args.tasks))
    t_in, ref = best_of_3(lambda: sweep(trivial, variants, progress=False))
    with ProcessPoolExecutor(2) as ex:
        sweep(trivial, [0, 1], executor=ex, progress=False)  # start the workers
        t_chunked, chunked = best_of_3(
            lambda: sweep(trivial, variants, executor=ex, progress=False)
        )
        t_single, single = best_of_3(
            lambda: sweep(trivial, variants, executor=ex, progress=False, chunksize=1)
        )
    for res in (chunked, single):
        np.testing.assert_array_equal(res.values, ref.values)
    print(f"{args.tasks} trivial tasks, best of 3")
    print(f"  in process                    {t_in:8.3f} s")
    print(
        f"  2 processes, default chunks   {t_chunked:8.3f} s   {t_chunked / t_in:6.1f}x in process"
    )
    print(
        f"  2 processes, chunksize=1      {t_single:8.3f} s   "
        f"{t_single / t_chunked:6.1f}x the default chunks"
    )


if __name__ == "__main__":
    main()

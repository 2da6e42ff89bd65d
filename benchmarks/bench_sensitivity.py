"""Sensitivity analysis: cost per sample in-process and on a process pool.

Run: ``.venv/bin/python benchmarks/bench_sensitivity.py [--n 10] [--workers 2]``

Runs Morris screening of ``examples/kazakhstan.toml`` over its declared ``[[uncertain]]``
inputs (``n`` trajectories of ``k + 1`` runs, each run the 2019 baseline and the
2021-2023 reforms under one draw, every metric before and after) once in this process
and once on a :class:`~concurrent.futures.ProcessPoolExecutor`, checks that the two
give the same numbers, and prints the cost per sample of each and their ratio. Each
measurement starts from empty polity caches (:mod:`govsim.uncertainty` keeps the
polities of repeated structural values per process); the pool's time includes
starting its workers, which is what a ``govsim sensitivity --workers`` call pays.
Then the Ishigami function through the same code path, whose runs cost nothing, gives
the sweep's own overhead per sample.
"""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from govsim import sensitivity, uncertainty
from govsim.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan.toml"


def timed(label: str, fn: object, runs: int) -> tuple[float, sensitivity.SensitivityResult]:
    uncertainty._POLITIES.clear()  # start cold
    t0 = time.perf_counter()
    res = fn()  # type: ignore[operator]
    dt = time.perf_counter() - t0
    print(f"{label:<34} {runs:>6} runs  {dt:8.2f} s  {1e3 * dt / runs:8.2f} ms per sample")
    return dt, res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10, help="Morris trajectories")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    sc = load_scenario(SCENARIO)
    k = len(sc.uncertain)
    runs = args.n * (k + 1)
    print(f"Morris on {sc.name}: {k} inputs, n = {args.n}")
    local, res_local = timed(
        "in-process",
        lambda: sensitivity.run(sc, method="morris", n=args.n, seed=0, progress=False),
        runs,
    )
    with ProcessPoolExecutor(args.workers) as pool:
        pooled, res_pool = timed(
            f"process pool ({args.workers} workers)",
            lambda: sensitivity.run(
                sc, method="morris", n=args.n, seed=0, progress=False, executor=pool
            ),
            runs,
        )
    same = np.array_equal(res_local.values, res_pool.values, equal_nan=True)
    print(f"identical results: {same}")
    print(f"process pool / in-process time per sample: {pooled / local:.2f}")
    assert same, "the process pool changed the numbers"

    f = sensitivity.Ishigami()
    n = 4096
    t0 = time.perf_counter()
    sensitivity.analyze(f, f.inputs(), method="sobol", n=n, seed=0, progress=False)
    dt = time.perf_counter() - t0
    print(
        f"Ishigami, Sobol' n = {n}: {n * 5} runs in {dt:.2f} s ({1e6 * dt / (n * 5):.1f} us per sample)"
    )


if __name__ == "__main__":
    main()

"""District-akim elections rolled out from 0 to 100%: what every accountability and
decentralization metric does.

Run: ``.venv/bin/python examples/akim_rollout.py`` (a few seconds).

The 2023 pilot elected 45 of about 200 district and city akims; the roll-out announced
in 2024 would elect all of them as their terms expire (shared/reference/kazakhstan.md
§5). Starting from Kazakhstan at 2024-01-01 (pilot included), this sweeps the share of
the remaining appointed district akims that are directly elected instead, with
``govsim.ensemble.sweep`` over a process pool, and prints one column per metric.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache

import numpy as np

from govsim.metrics import evaluate, iter_metrics
from govsim.reforms import get
from govsim.scenarios import kazakhstan

FAMILIES = ("accountability", "decentralization")


@cache
def start():  # one build per worker process
    return kazakhstan("2024-01-01")


def rollout(share: float, seed: np.random.SeedSequence) -> dict[str, float]:
    """Metrics after electing ``share`` of the still appointed district akims."""
    polity = start()
    if share > 0:
        reform = get("direct_election")(
            offices={"kind": ["executive"], "level": ["district"]},
            share=share,
            appointer="dismissal",
        )
        polity = reform.apply(polity)
    values = evaluate(polity)
    return {m.name: values[m.name] for m in iter_metrics(per_node=False) if m.family in FAMILIES}


def main() -> None:
    from govsim.ensemble import sweep

    shares = [0.0, 0.25, 0.5, 0.75, 1.0]
    workers = 1 if os.environ.get("GOVSIM_EXAMPLE_FAST") else 2
    with ProcessPoolExecutor(workers) as pool:
        result = sweep(rollout, {f"{s:.0%}": s for s in shares}, executor=pool)
    for failure in result.failures:
        print("failed:", failure)
    names = [n.split(".", 1)[1] for n in result.metric_names]
    width = max(len(n) for n in names)
    print("Share of the remaining appointed district akims elected (Kazakhstan, 2024-01-01)\n")
    print(f"{'metric':<{width}}  " + "  ".join(f"{label:>6}" for label in result.labels))
    family = None
    for k, name in enumerate(result.metric_names):
        if name.split(".", 1)[0] != family:
            family = name.split(".", 1)[0]
            print(f"[{family}]")
        row = result.values[:, 0, k]
        print(f"{names[k]:<{width}}  " + "  ".join(f"{v:6.3f}" for v in row))


if __name__ == "__main__":
    main()

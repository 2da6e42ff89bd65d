"""P(the largest party wins a constitutional 2/3 majority of the Mazhilis): 2019 vs 2023 system.

Run: ``.venv/bin/python examples/majority_probability.py`` (a few seconds).

The same uncertain voters (2023 list shares with Dirichlet noise and district swing,
``govsim.scenarios.kazakhstan_votes.KAZAKHSTAN_2023``) elect the Mazhilis under the system of
each polity: 2019, 98 list seats at 7% (the Assembly's 9 seats are not popularly
elected); 2023, 69 list seats at 5% plus 29 single-member districts. The systems are
read from the polities themselves. Majorities are of the popularly elected seats (in
2019, 2/3 of 98, not of all 107). ``govsim.ensemble.sweep`` runs blocks of draws per
system with independent child seeds, so the standard error comes from the blocks.
"""

from __future__ import annotations

import os

from govsim.electoral.montecarlo import simulate
from govsim.ensemble import sweep
from govsim.metrics.electoral import lower_chamber_system
from govsim.scenarios import kazakhstan, kazakhstan_2019
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

DRAWS_PER_BLOCK = 2_000


def elections(system, seed) -> dict[str, float]:
    """One block of simulated elections of ``system``."""
    result = simulate(system, KAZAKHSTAN_2023, DRAWS_PER_BLOCK, seed)
    return {
        "P(majority)": result.p_majority,
        "P(2/3)": result.p_two_thirds,
        "E[largest party seats]": float(result.largest.mean()),
    }


def main() -> None:
    systems = {
        "2019: 98 list seats, 7%": lower_chamber_system(kazakhstan_2019()),
        "2023: 69 list (5%) + 29 districts": lower_chamber_system(kazakhstan("2024-01-01")),
    }
    blocks = 4 if os.environ.get("GOVSIM_EXAMPLE_FAST") else 20
    result = sweep(elections, systems, seeds=blocks, seed=2023)
    summary = result.summary()
    print(f"Mazhilis, {blocks} x {DRAWS_PER_BLOCK:,} simulated elections per system\n")
    width = max(len(label) for label in result.labels)
    print(f"{'system':<{width}}  " + "  ".join(f"{m:>22}" for m in result.metric_names))
    for i, label in enumerate(result.labels):
        cells = [
            f"{summary.mean[i, k]:.3f} ± {summary.sem[i, k]:.3f}".rjust(22)
            for k in range(len(result.metric_names))
        ]
        print(f"{label:<{width}}  " + "  ".join(cells))


if __name__ == "__main__":
    main()

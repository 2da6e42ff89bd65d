"""The Mazhilis before and after the 2022 reform, through the electoral engine.

Run: ``.venv/bin/python examples/electoral_mazhilis.py`` (a few seconds).

1. The 2023 list tier: 69 seats, Hare largest remainder, 5% threshold, "against all"
   in the threshold base but ineligible (CEC results; shared/reference/kazakhstan.md §8),
   with Gallagher, Loosemore-Hanby and effective numbers (metrics.md §7).
2. A Monte Carlo of the same voters (2023 shares, Dirichlet uncertainty, district swing)
   under the 2019 system (98 list seats, 7%) and the 2023 system (69 list seats at 5% +
   29 single-member districts): P(one party holds a majority / two thirds).
"""

from __future__ import annotations

from govsim.electoral import (
    allocate,
    effective_number,
    gallagher,
    loosemore_hanby,
    simulate,
)
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

NAMES = ["Amanat", "Auyl", "Respublica", "Ak Zhol", "QHP", "OSDP", "Baytaq", "Against all"]
VOTES = [3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058, 146_431, 248_291]
ELIGIBLE = [True] * 7 + [False]


def main() -> None:
    seats, tie = allocate(VOTES, 69, "hare", threshold=0.05, eligible=ELIGIBLE, return_ties=True)
    print("Mazhilis 2023, list tier (69 seats, Hare, 5%):")
    for name, v, s in zip(NAMES, VOTES, seats.tolist(), strict=True):
        print(f"  {name:12} {v:>10,} votes {s:>3} seats")
    print(f"  tie at the last seat: {bool(tie)}")
    parties, party_seats = VOTES[:7], seats[:7]
    print(
        f"  Gallagher {gallagher(parties, party_seats):.2f}, "
        f"Loosemore-Hanby {loosemore_hanby(parties, party_seats):.2f}, "
        f"ENPv {effective_number(parties):.2f}, ENPs {effective_number(party_seats):.2f}"
    )

    systems = {
        "2019 (98 list, 7%)": ElectoralSystem(
            body="mazhilis", tiers=(ListTier(seats=98, method="hare", threshold=0.07),)
        ),
        "2023 (69 list, 5% + 29 SMD)": ElectoralSystem(
            body="mazhilis",
            tiers=(ListTier(seats=69, method="hare", threshold=0.05), SingleMemberTier(seats=29)),
        ),
    }
    print("\nSame voters (2023 shares, Dirichlet a0=300, district swing 0.5), 20,000 draws:")
    for label, system in systems.items():
        r = simulate(system, KAZAKHSTAN_2023, 20_000, seed=2023)
        print(
            f"  {label:28} P(majority) {r.p_majority:.3f}  P(2/3) {r.p_two_thirds:.3f}  "
            f"E[Gallagher] {r.expected_gallagher:5.2f}  E[ENPs] {r.expected_enp:.2f}"
        )


if __name__ == "__main__":
    main()

"""The bloc power metrics: registered, a reference on random small polities, Kazakhstan."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import Institution, Polity, Relation, Rule
from govsim.metrics import METRICS, evaluate
from govsim.metrics.power import head_of_state_bloc_half_power, head_of_state_bloc_power
from govsim.power import lawmaking_blocs
from govsim.scenarios import kazakhstan, kazakhstan_2019
from govsim.testing.power_reference import multiweight_subsets

TOL = 1e-10


def _random_polity(rng: np.random.Generator) -> Polity:
    """A president with a veto and one or two small chambers, with appointees and parties."""
    n_chambers = int(rng.integers(1, 3))
    insts = [
        Institution(id="voters", name="v", kind="electorate", level="national"),
        Institution(
            id="pres", name="p", kind="head_of_state", level="national", role="head_of_state"
        ),
        Institution(id="party.a", name="a", kind="party", level="national"),
        Institution(id="party.b", name="b", kind="party", level="national"),
    ]
    rels = [Relation(source="voters", target="pres", kind="elects")]
    roles = ["sole_chamber"] if n_chambers == 1 else ["lower_chamber", "upper_chamber"]
    rules = []
    for k, role in enumerate(roles):
        seats = int(rng.integers(2, 6))
        appointed = int(rng.integers(0, seats))
        cid = f"c{k}"
        insts.append(
            Institution(id=cid, name=cid, kind="chamber", level="national", seats=seats, role=role)
        )
        rels.append(Relation(source="voters", target=cid, kind="elects", seats=seats - appointed))
        if appointed:
            rels.append(Relation(source="pres", target=cid, kind="appoints", seats=appointed))
        free = seats - appointed
        a = int(rng.integers(0, free + 1))
        b = int(rng.integers(0, free - a + 1))
        for party, held in (("party.a", a), ("party.b", b)):
            if held:
                rels.append(Relation(source=party, target=cid, kind="holds_seats", seats=held))
        rels.append(Relation(source="pres", target=cid, kind="vetoes"))
        rels.append(Relation(source=cid, target="pres", kind="overrides", threshold=2 / 3))
        if n_chambers == 2:
            rules.append(Rule(kind="adopts_laws", subject=cid))
    if rng.random() < 0.5:
        rels.append(Relation(source="pres", target="party.a", kind="member_of"))
    return Polity("random-blocs", institutions=insts, relations=rels, rules=rules)


def test_registered_with_range_and_direction() -> None:
    for name in ("power.head_of_state_bloc", "power.head_of_state_bloc_half"):
        info = METRICS[name]
        assert info.range == pytest.approx((0.0, 1.0), abs=0.0)  # the declared bounds
        assert info.direction == "lower"
        assert "Shapley" in info.reference


def test_matches_brute_force_on_random_small_polities(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for _ in range(6):
        p = _random_polity(rng)
        for d, metric in ((1.0, head_of_state_bloc_power), (0.5, head_of_state_bloc_half_power)):
            ss, _ = multiweight_subsets(lawmaking_blocs(p, discipline=d))
            assert metric(p) == pytest.approx(float(ss["pres"]), abs=TOL)


def test_kazakhstan_range_over_discipline() -> None:
    """The President's share at d = 0, 1/2, 1 with his appointees as his bloc: it rises
    with discipline in both years and falls across the reform; every bloc metric
    applies to both polities (whatever party data they hold)."""
    polities = (kazakhstan_2019(), kazakhstan("2024-01-01"))
    curves = []
    for p in polities:
        ms = evaluate(p)
        for name in ("power.head_of_state_bloc", "power.head_of_state_bloc_half"):
            assert 0.0 <= ms[name] <= 1.0
        curves.append(
            (
                ms["power.head_of_state"],
                head_of_state_bloc_half_power(p, blocs="appointed"),
                head_of_state_bloc_power(p, blocs="appointed"),
            )
        )
    for d0, half, d1 in curves:
        assert d0 < half < d1
    assert curves[1][2] < curves[0][2]


def test_no_head_of_state_holds_nothing() -> None:
    p = Polity(
        "p",
        institutions=[
            Institution(id="voters", name="v", kind="electorate", level="national"),
            Institution(id="parl", name="p", kind="chamber", level="national", seats=5),
        ],
        relations=[Relation(source="voters", target="parl", kind="elects")],
    )
    assert head_of_state_bloc_power(p) == pytest.approx(0.0, abs=TOL)

"""Tests of the vote model, simulate, and the electoral.* metrics."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from govsim.electoral import VoteModel, allocate, simulate
from govsim.errors import ValidationError
from govsim.metrics import electoral as em
from govsim.metrics.registry import get_metric
from govsim.model import Polity
from govsim.model.rows import (
    ElectoralSystem,
    Institution,
    ListTier,
    Relation,
    SingleMemberTier,
)
from govsim.scenarios import kazakhstan_2019
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

MAZHILIS_2023 = ElectoralSystem(
    body="mazhilis",
    tiers=(ListTier(seats=69, method="hare", threshold=0.05), SingleMemberTier(seats=29)),
)
MAZHILIS_2019 = ElectoralSystem(
    body="mazhilis", tiers=(ListTier(seats=98, method="hare", threshold=0.07),)
)


def test_simulate_shapes_and_determinism() -> None:
    a = simulate(MAZHILIS_2023, KAZAKHSTAN_2023, 500, seed=7)
    b = simulate(MAZHILIS_2023, KAZAKHSTAN_2023, 500, seed=7)
    np.testing.assert_array_equal(a.seats, b.seats)
    assert a.seats.shape == (500, 9)
    assert (a.size == 98).all()
    assert (a.seats[:, 7] == 0).all()  # "against all" wins nothing
    assert (a.seats[:, 8] <= 29).all()  # self-nominated only in districts
    q = a.seat_quantiles()
    assert q.shape == (3, 9)
    s = a.summary()
    assert 0 <= s["p_two_thirds"] <= s["p_majority"] <= 1
    assert 1 <= s["expected_enp"] <= 9
    assert 0 <= s["expected_gallagher"] <= 100
    c = simulate(MAZHILIS_2023, KAZAKHSTAN_2023, 500, seed=np.random.default_rng(7))
    np.testing.assert_array_equal(a.seats, c.seats)


def test_list_tier_matches_allocate_per_draw() -> None:
    r = simulate(MAZHILIS_2019, KAZAKHSTAN_2023, 200, seed=3)
    np.testing.assert_array_equal(
        r.seats, allocate(r.votes, 98, "hare", 0.07, KAZAKHSTAN_2023.list_eligible)
    )


def test_no_uncertainty_reproduces_2023_list_tier() -> None:
    """A very concentrated Dirichlet reproduces the 2023 list result (CEC: 40/8/6/6/5/4/0)."""
    model = VoteModel(
        shares=KAZAKHSTAN_2023.shares,
        eligible=KAZAKHSTAN_2023.eligible,
        concentration=1e9,
        total_votes=6_366_441,
    )
    es = ElectoralSystem(body="m", tiers=(ListTier(seats=69, method="hare", threshold=0.05),))
    r = simulate(es, model, 20, seed=0)
    assert (r.seats[:, :7] == [40, 8, 6, 6, 5, 4, 0]).all()


def test_district_swing_zero_gives_front_runner_every_district() -> None:
    model = VoteModel(shares=(0.6, 0.4), concentration=1e9, district_swing=0.0)
    es = ElectoralSystem(body="m", tiers=(SingleMemberTier(seats=10),))
    r = simulate(es, model, 5, seed=0)
    assert (r.seats == [10, 0]).all()
    assert r.p_majority == pytest.approx(1.0, rel=1e-12)  # every draw: a share of counts


def test_vote_model_validation_and_pickle() -> None:
    with pytest.raises(ValidationError, match="'shares'"):
        VoteModel(shares=(0.5, -0.1))
    with pytest.raises(ValidationError, match="'concentration'"):
        VoteModel(shares=(1, 1), concentration=0)
    with pytest.raises(ValidationError, match="'eligible'"):
        VoteModel(shares=(1, 1), eligible=(True,))
    with pytest.raises(ValidationError, match="'n'"):
        simulate(MAZHILIS_2023, KAZAKHSTAN_2023, 0, seed=0)
    assert pickle.loads(pickle.dumps(KAZAKHSTAN_2023)) == KAZAKHSTAN_2023


def _stand_in(system: ElectoralSystem, seats: int) -> Polity:
    """A small polity: the Mazhilis (role lower chamber), the Senate (upper) and a large
    maslikhat, each filled by the voters (an electoral system is for a body an electorate
    elects)."""
    return Polity(
        "stand-in",
        institutions=[
            Institution(id="voters", name="Voters", kind="electorate", level="national"),
            Institution(
                id="mazhilis",
                name="Mazhilis",
                kind="chamber",
                level="national",
                seats=seats,
                role="lower_chamber",
            ),
            Institution(
                id="senate",
                name="Senate",
                kind="chamber",
                level="national",
                seats=50,
                role="upper_chamber",
            ),
            Institution(
                id="council", name="Maslikhat", kind="council", level="regional", seats=300
            ),
        ],
        relations=[
            Relation(source="voters", kind="elects", target="mazhilis", seats=system.seats),
            Relation(source="voters", kind="elects", target="senate", seats=40),
            Relation(source="voters", kind="elects", target="council"),
        ],
        electoral_systems=[
            ElectoralSystem(body="council", tiers=(ListTier(seats=300),)),
            ElectoralSystem(body="senate", tiers=(SingleMemberTier(seats=40),)),
            system,
        ],
    )


def test_metrics_on_stand_in_polities() -> None:
    """2019 (98 list seats, 7%) vs 2023 (69 list seats at 5% + 29 districts), same voters."""
    before, after = _stand_in(MAZHILIS_2019, 107), _stand_in(MAZHILIS_2023, 98)
    assert em.lower_chamber_system(after) == MAZHILIS_2023  # the Polity holds a copy
    for name in ("expected_gallagher", "expected_enp", "p_majority", "p_two_thirds"):
        info = get_metric(f"electoral.{name}")
        assert info.input == "polity"
        lo, hi = info.range
        for p in (before, after):
            assert lo <= info(p, vote_model=KAZAKHSTAN_2023) <= hi
    # the single-member tier adds seats for the largest party: a 2/3 majority is likelier
    assert em.p_two_thirds(after, vote_model=KAZAKHSTAN_2023) > em.p_two_thirds(
        before, vote_model=KAZAKHSTAN_2023
    )
    with pytest.raises(ValidationError, match="no electoral system for a chamber"):
        em.lower_chamber_system(Polity("no chamber"))
    appointed = Polity(
        "appointed lower chamber",
        institutions=[
            Institution(id="v", name="V", kind="electorate", level="national"),
            Institution(
                id="m", name="M", kind="chamber", level="national", seats=100, role="lower_chamber"
            ),
            Institution(
                id="s", name="S", kind="chamber", level="national", seats=50, role="upper_chamber"
            ),
        ],
        relations=[Relation(source="v", kind="elects", target="s")],
        electoral_systems=[ElectoralSystem(body="s", tiers=(SingleMemberTier(seats=50),))],
    )
    with pytest.raises(ValidationError, match="lower chamber 'm' has none"):
        em.lower_chamber_system(appointed)


def test_metrics_on_kazakhstan_2019_polity() -> None:
    polity = kazakhstan_2019()
    assert em.lower_chamber_system(polity).body == "mazhilis"
    assert 0 < em.expected_gallagher(polity, vote_model=KAZAKHSTAN_2023) < 100

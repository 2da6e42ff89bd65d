"""The head of state's share over discipline, and the merger effect behind it.

Russia 2020 used to give the President 0.163 at d = 0, 0.179 at d = 1/2 and 0.153 at
d = 1: the 85 governors (one grouped node, ``seats = 85``) were taken for one patron,
so their 85 senators became one bloc as d grew, and a bloc of *others* can lower a
player's Shapley–Shubik share (checked here exactly on that game). Each governor
appoints his own senator (art. 95(2) of the Constitution; Federal Law No. 229-FZ), so
the seats of a group of one-person offices are now independents, and the President's
share rises with his own 30 senators' discipline.
"""

from __future__ import annotations

from fractions import Fraction
from importlib.resources import files

import numpy as np
import pytest

import govsim
from govsim.model import Institution, Polity, Relation, Rule
from govsim.power import MultiWeightGame, bloc_shares, lawmaking_blocs, multiweight_shapley_shubik
from govsim.testing.power_reference import multiweight_subsets, multiweight_types

TOL = 1e-12
GRID = (0.0, 0.25, 0.5, 0.75, 1.0)


def _russia() -> Polity:
    return govsim.load(files("govsim") / "data" / "russia_2020.toml")


def test_hand_computed_merger_lowers_an_outsiders_share() -> None:
    """Five equal voters, majority 3: 1/5 each. When two others merge into a bloc of 2,
    the bloc is pivotal in second and third place (1/4 + 1/4 = 1/2) and the three
    single voters share the other half: 1/6 each, less than 1/5 (hand-computed)."""
    before = multiweight_subsets(MultiWeightGame([[1]] * 5, [[3]]))[0]
    after = multiweight_subsets(MultiWeightGame([[1], [2], [1], [1]], [[3]]))[0]
    assert before["0"] == Fraction(1, 5)
    assert after["0"] == Fraction(1, 6)
    assert after["1"] == Fraction(1, 2)


def test_russian_governors_bloc_was_a_merger_effect() -> None:
    """The Russian bloc game as it was built before the governors were split (the
    President with his 30 senators, the governors' 85 senators as one bloc): exact type
    enumeration gives the President 0.1527, against 0.2821 with the governors'
    senators independent. The engine agrees with the enumeration on both."""
    clauses = [[1, 226, 101], [0, 300, 134], [1, 300, 0]]
    one_bloc = MultiWeightGame(
        [[1, 0, 30], [0, 0, 85], [0, 1, 0], [0, 0, 1]], clauses, counts=[1, 1, 450, 85]
    )
    split = MultiWeightGame([[1, 0, 30], [0, 1, 0], [0, 0, 1]], clauses, counts=[1, 450, 170])
    exact_one = float(multiweight_types(one_bloc, ["0"])[0]["0"])
    exact_split = float(multiweight_types(split, ["0"])[0]["0"])
    assert multiweight_shapley_shubik(one_bloc)["0"] == pytest.approx(exact_one, abs=1e-9)
    assert multiweight_shapley_shubik(split)["0"] == pytest.approx(exact_split, abs=1e-9)
    assert exact_one == pytest.approx(0.1527, abs=5e-5)
    assert exact_split == pytest.approx(0.2821, abs=5e-5)
    assert exact_one < exact_split


def test_russia_president_rises_with_discipline() -> None:
    """Russia 2020: the governors' and the legislatures' senators are independents; the
    President's share grows with his own senators' discipline, from the per-member
    game's 0.1632 to 0.2821 at d = 1 (the exact type enumeration at d = 1)."""
    p = _russia()
    game = lawmaking_blocs(p, discipline=1.0)
    assert game.names == ("president", "state_duma", "federation_council")
    assert game.weights[0].tolist() == [1, 0, 30]
    shares = [bloc_shares(p, discipline=d)["president"] for d in GRID]
    assert np.all(np.diff(shares) > 0)
    exact = float(multiweight_types(game, ["president"])[0]["president"])
    assert shares[-1] == pytest.approx(exact, abs=1e-9)
    assert shares[0] == pytest.approx(0.1632, abs=5e-5)


def test_a_group_of_executives_is_many_patrons() -> None:
    """Ten governors (one node, seats = 10) each appoint one of a chamber's 10 seats: no
    bloc at any discipline; a single executive appointing 10 is one bloc."""

    def polity(governor_seats: int) -> Polity:
        return Polity(
            "groups",
            institutions=[
                Institution(id="head", name="Head", kind="head_of_state", level="national"),
                Institution(id="parl", name="Parl", kind="chamber", level="national", seats=30),
                Institution(
                    id="gov", name="Gov", kind="executive", level="regional", seats=governor_seats
                ),
            ],
            relations=[
                Relation(source="gov", target="parl", kind="appoints", seats=10),
                Relation(source="head", target="parl", kind="vetoes"),
            ],
            rules=[Rule(kind="adopts_laws", subject="parl")],
        )

    grouped = lawmaking_blocs(polity(10), discipline=1.0)
    assert grouped.names == ("head", "parl")
    single = lawmaking_blocs(polity(1), discipline=1.0)
    assert "gov" in single.names
    assert single.weights[single.names.index("gov")].tolist() == [0, 10]


def test_a_party_not_his_lowers_the_heads_share() -> None:
    """One chamber of 100 (majority 51), the head's veto overridden by 67: a party of 55
    seats voting as a bloc takes the head from 0.158 (d = 0) to 0.036 (d = 1), falling
    at every step; the engine against the exact type enumeration."""
    shares = []
    for d in GRID:
        k = int(55 * d + 0.5)
        weights, counts = [[1, 0], [0, 1]], [1, 100 - k]
        if k:
            weights.append([0, k])
            counts.append(1)
        game = MultiWeightGame(weights, [[1, 51], [0, 67]], counts=counts)
        got = multiweight_shapley_shubik(game)["0"]
        assert got == pytest.approx(float(multiweight_types(game, ["0"])[0]["0"]), abs=1e-9)
        shares.append(got)
    assert np.all(np.diff(shares) < 0)
    assert shares[0] == pytest.approx(0.1584, abs=5e-5)
    assert shares[-1] == pytest.approx(0.0361, abs=5e-5)

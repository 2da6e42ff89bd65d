"""Uzbekistan: the data-file baseline uzbekistan_2023 and examples/uzbekistan.toml.

The 2024 party seats: LDP 64, Milliy Tiklanish 29, Adolat 21, PDP 20, Ecological 16 (CEC via
UzA/MENAFN, devdiscourse 2024-10-28).

Counts are pinned against the sources cited in the data file: the Constitution of 2023
(seven-year term, at most two consecutive terms, the incumbent's earlier terms not counted:
interfax.com 2023-03-15), the Senate of 65 (4 senators from each of the 14 regional councils
+ 9 appointed by the President: adyrna.kz), the Legislative Chamber of 150 (IPU Parline) with
the 2019-2020 party seats (LDP 53, Milliy Tiklanish 36, Adolat 24, PDP 22, Ecological 15), and
the mixed system of December 2023 (75 list + 75 single-member seats: Azernews 2023-12-19).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import govsim
from govsim.metrics.tenure import incumbent_count
from govsim.model import RelationKind
from govsim.model.parties import seat_table
from govsim.model.roles import head_of_state, lower_chamber, upper_chamber
from govsim.scenario import BASELINE_FILES, DATA_DIR, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "uzbekistan.toml"


@pytest.fixture(scope="module")
def uz() -> govsim.Polity:
    return Scenario(name="uz", baseline="uzbekistan_2023").build_baseline()


def test_the_file_is_a_baseline_with_sources(uz: govsim.Polity) -> None:
    assert BASELINE_FILES["uzbekistan_2023"] == DATA_DIR / "uzbekistan_2023.toml"
    assert uz.sources
    for r in uz.relations:
        assert r.note, (r.source, r.target, r.kind)
    for rule in uz.rules:
        assert rule.note


def test_counts_match_the_constitution(uz: govsim.Polity) -> None:
    president = head_of_state(uz)
    assert president is not None
    assert president.term is not None
    assert (president.term.years, president.term.max_terms) == (7, 2)
    assert president.term.consecutive_only is True
    assert incumbent_count(uz) == 0  # the transitional rule
    lower, upper = lower_chamber(uz), upper_chamber(uz)
    assert lower is not None
    assert upper is not None
    assert (lower.id, lower.seats) == ("legislative_chamber", 150)
    assert (upper.id, upper.seats) == ("senate", 65)
    into_senate = [
        r
        for r in uz.relations
        if r.target == "senate" and r.kind in (RelationKind.ELECTS, RelationKind.APPOINTS)
    ]
    elected = [r for r in into_senate if r.kind == RelationKind.ELECTS]
    assert len(elected) == 14  # 12 regions, Karakalpakstan, Tashkent city
    assert {r.seats for r in elected} == {4}
    assert [r.seats for r in into_senate if r.source == "president"] == [9]
    khokims = [i for i in uz.select(kind="executive", level="regional")]
    assert len(khokims) == 14
    consents = {
        r.target
        for r in uz.relations
        if r.kind == RelationKind.CONSENTS and r.source.startswith("kengash.")
    }
    assert len(consents) == 13  # every khokim but Karakalpakstan's elected chairman
    assert not uz.select(kind="party")  # the party layer is the example's variant
    system = uz.electoral_system("legislative_chamber")
    assert system is not None
    (tier,) = system.tiers
    assert (tier.type, tier.seats, tier.formula) == ("single_member", 150, "two_round")


def test_example_timeline_and_the_reset() -> None:
    sc = load_scenario(EXAMPLE)
    assert sc.vote_model is not None
    assert sc.vote_model.names is not None
    assert len(sc.vote_model.names) == 5
    before, after = sc.run()
    assert incumbent_count(before) == 0
    assert incumbent_count(after) == 1  # the early election of July 2023 opened term one
    system = after.electoral_system("legislative_chamber")
    assert system is not None
    assert [(t.type, t.seats) for t in system.tiers] == [("list", 75), ("single_member", 75)]
    # the reset against the counterfactual in which the 2016 and 2021 terms count
    variant = next(i for i, v in enumerate(sc.variants) if v.label == "without the reset")
    _, kept = sc.run(variant=variant)
    assert incumbent_count(kept) == 2
    t_reset = govsim.evaluate(before, metrics=["tenure"])
    t_kept = govsim.evaluate(kept, metrics=["tenure"])
    seven = sum(0.95**y for y in range(7))  # the running term only
    assert t_kept["tenure.expected_years"] == pytest.approx(seven, rel=1e-12)
    assert t_reset["tenure.expected_years"] > t_kept["tenure.expected_years"] + 5.0
    assert t_reset["tenure.p_over_10_years"] > 0.5
    assert t_kept["tenure.p_over_10_years"] == pytest.approx(0.0, abs=1e-15)
    cmp = govsim.compare(before, after, vote_model=sc.vote_model, metrics=["electoral"])
    assert math.isfinite(cmp["electoral.expected_enp"].after)


def test_party_seats_of_2019_and_2024() -> None:
    sc = load_scenario(EXAMPLE)
    variant = next(i for i, v in enumerate(sc.variants) if v.label == "with the party seats")
    _, at2023 = sc.run(date="2023-06-01", variant=variant)
    table = seat_table(at2023, "legislative_chamber")
    assert sorted(table.seats.tolist(), reverse=True) == [53, 36, 24, 22, 15]
    _, at2025 = sc.run(variant=variant)
    table = seat_table(at2025, "legislative_chamber")
    seats = dict(zip(table.parties.tolist(), table.seats.tolist(), strict=True))
    assert seats == {
        "party.uzlidep": 64,
        "party.milliy_tiklanish": 29,
        "party.adolat": 21,
        "party.pdp": 20,
        "party.ecological": 16,
    }
    assert table.independents == 0

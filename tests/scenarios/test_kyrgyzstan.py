"""Kyrgyzstan: the data-file baselines kyrgyzstan_2010 and kyrgyzstan_2021 and
examples/kyrgyzstan.toml.

Counts are pinned against the sources cited in the data files: the 2010 Constitution
(art. 61: one six-year term; art. 70(2): 120 deputies by proportional representation), the
2021 Constitution (five-year term, at most two; 90 deputies; the People's Kurultai), the
Central Election Commission's results of 4 October 2015 (as reported: SDPK 38, Respublika-Ata
Jurt 28, Kyrgyzstan 18, Onuguu-Progress 13, Bir Bol 12, Ata-Meken 11) and of 28 November 2021
(Interfax 15 Dec 2021: 54 list seats, Ata-Jurt Kyrgyzstan 15, Ishenim 12, Yntymak 9,
Alliance 7, Butun Kyrgyzstan 6, Yiman Nuru 5; 36 single-member seats), and the 2025 election
in 30 three-seat districts (qazinform 2025-12-01).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import govsim
from govsim.metrics.tenure import incumbent_count
from govsim.model import RelationKind
from govsim.model.parties import seat_table
from govsim.model.roles import constitutional_court, head_of_state, office
from govsim.scenario import BASELINE_FILES, DATA_DIR, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "kyrgyzstan.toml"


def baseline(name: str) -> govsim.Polity:
    return Scenario(name=name, baseline=name).build_baseline()


@pytest.fixture(scope="module")
def kg2010() -> govsim.Polity:
    return baseline("kyrgyzstan_2010")


@pytest.fixture(scope="module")
def kg2021() -> govsim.Polity:
    return baseline("kyrgyzstan_2021")


def test_the_files_are_baselines_with_sources() -> None:
    for year in (2010, 2021):
        name = f"kyrgyzstan_{year}"
        assert BASELINE_FILES[name] == DATA_DIR / f"{name}.toml"
        polity = baseline(name)
        assert polity.sources
        for r in polity.relations:
            assert r.note, (r.source, r.target, r.kind)
        for rule in polity.rules:
            assert rule.note


def test_2010_counts(kg2010: govsim.Polity) -> None:
    president = head_of_state(kg2010)
    assert president is not None
    assert president.term is not None
    assert (president.term.years, president.term.max_terms) == (6, 1)  # art. 61
    kenesh = office(kg2010, "sole_chamber")
    assert kenesh is not None
    assert (kenesh.id, kenesh.seats) == ("jogorku_kenesh", 120)  # art. 70(2)
    system = kg2010.electoral_system("jogorku_kenesh")
    assert system is not None
    (tier,) = system.tiers
    assert (tier.type, tier.seats) == ("list", 120)
    assert tier.threshold == pytest.approx(0.07, abs=1e-12)
    kinds = {(r.source, r.target, r.kind.value) for r in kg2010.relations}
    assert ("jogorku_kenesh", "government", "elects") in kinds  # art. 84: parliamentary
    assert ("jogorku_kenesh", "government", "no_confidence") in kinds


def test_2021_counts(kg2021: govsim.Polity) -> None:
    president = head_of_state(kg2021)
    assert president is not None
    assert president.term is not None
    assert (president.term.years, president.term.max_terms) == (5, 2)
    assert president.term.consecutive_only is False
    assert incumbent_count(kg2021) == 1  # the 2021 six-year term is the first of two
    kenesh = office(kg2021, "sole_chamber")
    assert kenesh is not None
    assert kenesh.seats == 90
    system = kg2021.electoral_system("jogorku_kenesh")
    assert system is not None
    assert [(t.type, t.seats) for t in system.tiers] == [("list", 54), ("single_member", 36)]
    assert system.tiers[0].threshold == pytest.approx(0.05, abs=1e-12)
    assert kg2021.institution("peoples_kurultai").kind.value == "consultative"
    court = constitutional_court(kg2021)
    assert court is not None
    kinds = {(r.source, r.target, r.kind.value) for r in kg2021.relations}
    assert ("president", "government", "appoints") in kinds
    assert ("jogorku_kenesh", "government", "consents") in kinds
    assert not any(
        r.target == "government" and r.kind == RelationKind.ELECTS for r in kg2021.relations
    )
    governors = kg2021.select(kind="executive", level="regional")
    assert len(governors) == 9  # 7 regional representatives + the mayors of Bishkek and Osh


def test_the_presidential_turn(kg2010: govsim.Polity, kg2021: govsim.Polity) -> None:
    """From a parliamentary to a presidential constitution: the Government's chain to the
    voters runs through the President, and a second term becomes possible."""
    cmp = govsim.compare(kg2010, kg2021, metrics=["tenure", "checks"])
    assert cmp["tenure.expected_years"].after > cmp["tenure.expected_years"].before
    one_term = sum(0.95**y for y in range(6))  # a single six-year term, hazard 5%
    assert cmp["tenure.expected_years"].before == pytest.approx(one_term, rel=1e-12)


def test_party_seats_of_2015_and_2021() -> None:
    """The example's party layer (the baselines hold none: the structural metrics still
    count party nodes as offices): 2015 by the CEC as reported, 2021 by Interfax."""
    assert not baseline("kyrgyzstan_2021").select(kind="party")
    sc = load_scenario(EXAMPLE)
    variant = next(i for i, v in enumerate(sc.variants) if v.label == "with the party seats")
    _, at2020 = sc.run(date="2020-01-01", variant=variant)
    table = seat_table(at2020, "jogorku_kenesh")
    assert sorted(table.seats.tolist(), reverse=True) == [38, 28, 18, 13, 12, 11]
    assert table.independents == 0
    _, at2022 = sc.run(date="2022-01-01", variant=variant)
    table = seat_table(at2022, "jogorku_kenesh")
    seats = dict(zip(table.parties.tolist(), table.seats.tolist(), strict=True))
    assert seats == {
        "party.ata_jurt": 15,
        "party.ishenim": 12,
        "party.yntymak": 9,
        "party.alliance": 7,
        "party.butun_kyrgyzstan": 6,
        "party.yiman_nuru": 5,
    }
    assert table.independents == 36


def test_example_timeline() -> None:
    sc = load_scenario(EXAMPLE)
    assert sc.baseline.scenario == "kyrgyzstan_2010"
    assert sc.vote_model is not None
    _, at2022 = sc.run(date="2022-01-01")
    ref = baseline("kyrgyzstan_2021")
    for role in ("head_of_state", "sole_chamber"):
        a, b = office(at2022, role), office(ref, role)
        assert a is not None
        assert b is not None
        assert (a.seats, a.term) == (b.seats, b.term), role
    assert incumbent_count(at2022) == 1
    assert at2022.electoral_system("jogorku_kenesh") == ref.electoral_system("jogorku_kenesh")
    assert at2022.institution("peoples_kurultai").kind.value == "consultative"
    _, at2026 = sc.run()
    system = at2026.electoral_system("jogorku_kenesh")
    assert system is not None
    (tier,) = system.tiers
    assert (tier.type, tier.seats, tier.districts) == ("list", 90, 30)  # 30 x 3 seats (2025)
    cmp = govsim.compare(at2022, at2026, vote_model=sc.vote_model, metrics=["electoral"])
    assert math.isfinite(cmp["electoral.expected_enp"].before)
    # the election Monte Carlo simulates one nationwide list district: NaN, with the reason
    assert math.isnan(cmp["electoral.expected_enp"].after)
    assert "district" in cmp["electoral.expected_enp"].note

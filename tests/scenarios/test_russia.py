"""Russia: the data-file baselines russia_2019 and russia_2020 and examples/russia.toml.

Counts are pinned against the sources cited in the data files: the Constitution of the
Russian Federation before and after the amendments of 1 July 2020 (art. 81: six-year terms,
two consecutive before 2020 and two in all after, with the incumbent's count reset by
art. 81(3.1); art. 95: the State Duma's 450 deputies and the Federation Council's two
representatives per subject plus up to 17 (2014) / 30 (2020) appointed by the President;
art. 125: 19 / 11 Constitutional Court judges), Federal Law No. 20-FZ of 2014 (225 list seats
at 5% + 225 single-member districts) and the Central Election Commission's 2021 State Duma
results (Interfax 21 Sep 2021; IFES ElectionGuide).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govsim
from govsim.metrics.tenure import incumbent_count
from govsim.model import RelationKind
from govsim.model.parties import seat_table
from govsim.model.roles import constitutional_court, head_of_state, lower_chamber, upper_chamber
from govsim.scenario import BASELINE_FILES, DATA_DIR, Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "russia.toml"


def baseline(name: str) -> govsim.Polity:
    return Scenario(name=name, baseline=name).build_baseline()


@pytest.fixture(scope="module")
def ru2019() -> govsim.Polity:
    return baseline("russia_2019")


@pytest.fixture(scope="module")
def ru2020() -> govsim.Polity:
    return baseline("russia_2020")


def test_the_files_are_baselines() -> None:
    for year in (2019, 2020):
        assert BASELINE_FILES[f"russia_{year}"] == DATA_DIR / f"russia_{year}.toml"


def test_every_fact_has_a_source() -> None:
    for year in (2019, 2020):
        polity = baseline(f"russia_{year}")
        assert polity.sources
        for r in polity.relations:
            assert r.note, (r.source, r.target, r.kind)
            assert any(
                mark in r.note for mark in ("H)", "M)", "L)", "UNCONFIRMED", "; H", "; M")
            ), r.note
        for rule in polity.rules:
            assert rule.note


@pytest.mark.parametrize(
    ("name", "consecutive", "fc", "cc"),
    [("russia_2019", True, 187, 19), ("russia_2020", False, 200, 11)],
)
def test_counts_match_the_constitution(name: str, consecutive: bool, fc: int, cc: int) -> None:
    polity = baseline(name)
    president = head_of_state(polity)
    assert president is not None
    assert president.term is not None
    assert (president.term.years, president.term.max_terms) == (6, 2)  # art. 81(1), (3)
    assert president.term.consecutive_only is consecutive
    duma, council = lower_chamber(polity), upper_chamber(polity)
    assert duma is not None
    assert council is not None
    assert (duma.id, duma.seats) == ("state_duma", 450)  # art. 95(3)
    assert (council.id, council.seats) == ("federation_council", fc)  # art. 95(2)
    appointed = {
        r.source: r.seats
        for r in polity.relations
        if r.target == council.id and r.kind in (RelationKind.APPOINTS, RelationKind.ELECTS)
    }
    assert appointed == {"regional_legislatures": 85, "governors": 85, "president": fc - 170}
    court = constitutional_court(polity)
    assert court is not None
    assert court.seats == cc  # art. 125(1)
    system = polity.electoral_system("state_duma")
    assert system is not None
    assert [(t.type, t.seats) for t in system.tiers] == [("list", 225), ("single_member", 225)]
    assert system.tiers[0].threshold == pytest.approx(0.05, abs=1e-12)


def test_the_term_count(ru2019: govsim.Polity, ru2020: govsim.Polity) -> None:
    """Putin was elected in 2000, 2004, 2012 and 2018: the 2012 and 2018 terms are consecutive
    (2019: the running term is the last before a break); art. 81(3.1) resets the count."""
    assert incumbent_count(ru2019) == 2
    assert incumbent_count(ru2020) == 0
    assert ru2020.rules_of("term_count_reset")[0].subject == "president"


def test_2020_changes(ru2019: govsim.Polity, ru2020: govsim.Polity) -> None:
    kinds19 = {(r.source, r.target, r.kind.value) for r in ru2019.relations}
    kinds20 = {(r.source, r.target, r.kind.value) for r in ru2020.relations}
    assert ("federation_council", "constitutional_court", "dismisses") in kinds20 - kinds19
    assert ("president", "prosecutor_general", "appoints") in kinds20 - kinds19
    assert ("federation_council", "prosecutor_general", "appoints") in kinds19 - kinds20
    assert ("president", "state_council", "appoints") in kinds20
    assert ("state_duma", "government", "consents") in kinds19 & kinds20


def test_duma_seats_2021() -> None:
    """CEC, 24 Sep 2021: UR 324, CPRF 57, A Just Russia 27, LDPR 21, New People 13, Rodina,
    Party of Growth and Civic Platform 1 each, 5 self-nominated (the example's party layer;
    the baselines hold none: the structural metrics still count party nodes as offices)."""
    assert not baseline("russia_2020").select(kind="party")
    sc = load_scenario(EXAMPLE)
    variant = next(i for i, v in enumerate(sc.variants) if v.label == "with the 2021 Duma by party")
    _, after = sc.run(variant=variant)
    table = seat_table(after, "state_duma")
    seats = dict(zip(table.parties.tolist(), table.seats.tolist(), strict=True))
    assert seats["party.united_russia"] == 324
    assert seats["party.cprf"] == 57
    assert seats["party.just_russia"] == 27
    assert seats["party.ldpr"] == 21
    assert seats["party.new_people"] == 13
    assert sum(seats.values()) == 445
    assert table.independents == 5
    _, before_election = sc.run(date="2021-09-18", variant=variant)
    assert seat_table(before_election, "state_duma").parties.size == 0


def test_the_reset_lengthens_expected_tenure(ru2019: govsim.Polity, ru2020: govsim.Polity) -> None:
    """Default hazards (5% a year, re-election 0.9): before 2020 the running term is the last in
    a row (sum_(y<6) 0.95^y = 5.30 years); after the reset, the running term and two more
    (11.12 years; P(T > 10) = 0.95^10 * 0.9, one re-election by year 10 = 0.54)."""
    before, after = (
        govsim.evaluate(ru2019, metrics=["tenure"]),
        govsim.evaluate(ru2020, metrics=["tenure"]),
    )
    assert before["tenure.expected_years"] == pytest.approx(
        sum(0.95**y for y in range(6)), rel=1e-12
    )
    assert before["tenure.p_over_10_years"] == pytest.approx(0.0, abs=1e-15)
    assert after["tenure.expected_years"] == pytest.approx(11.1223, abs=1e-4)
    assert after["tenure.p_over_10_years"] == pytest.approx(0.95**10 * 0.9, rel=1e-12)
    assert after["tenure.expected_total_years"] > before["tenure.expected_total_years"]
    assert after["tenure.p_over_10_years_total"] > before["tenure.p_over_10_years_total"]


def test_example_timeline() -> None:
    """examples/russia.toml from the 2019 baseline: what the operators express agrees with
    russia_2020; the variant without the reset keeps the count at the limit."""
    sc = load_scenario(EXAMPLE)
    assert sc.baseline.scenario == "russia_2019"
    _, after = sc.run()
    ref = baseline("russia_2020")
    for role in (head_of_state, upper_chamber, constitutional_court):
        a, b = role(after), role(ref)
        assert a is not None
        assert b is not None
        assert (a.seats, a.term) == (b.seats, b.term), a.id
    assert incumbent_count(after) == 0
    assert after.institution("state_council").kind.value == "consultative"
    variant = next(i for i, v in enumerate(sc.variants) if v.label == "without the reset")
    _, kept = sc.run(variant=variant)
    assert incumbent_count(kept) == 2
    cmp = govsim.compare(kept, after, metrics=["tenure"])
    assert cmp["tenure.expected_years"].delta == pytest.approx(11.1223 - 5.2982, abs=1e-3)

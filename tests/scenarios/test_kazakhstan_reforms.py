"""The Kazakhstan 2019-2024 timeline against the project reference (shared/reference/kazakhstan.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import govsim
from govsim.reforms import diff
from govsim.scenario import load_scenario
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.scenarios.kazakhstan_reforms import kazakhstan, kazakhstan_reforms, pilot_units

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kazakhstan.toml"


@pytest.fixture(scope="module")
def after():  # type: ignore[no-untyped-def]
    return kazakhstan("2024-01-01")


def _elected(p: govsim.Polity, **sel: str) -> list[str]:
    """Ids of offices with an ``elects`` relation from an electorate."""
    rows = np.flatnonzero(p.mask(**sel))
    r = p.relation_table
    voters = p.institution_table.kind[r.source] == govsim.InstitutionKind.ELECTORATE.code
    hit = np.isin(r.target, rows) & (r.kind == govsim.RelationKind.ELECTS.code) & voters
    return sorted(set(p.institution_table.id[r.target[hit]].tolist()))


def test_regions(after) -> None:  # type: ignore[no-untyped-def]
    """ref §1.1 (H): 17 regions + 3 cities of republican significance after June 2022."""
    regional = [t for t in after.territories if t.level == "regional"]
    assert len(regional) == 20
    assert {"kz.abai", "kz.zhetysu", "kz.ulytau"} <= {t.id for t in regional}
    assert after.territory("kz.east_kazakhstan.city.semey").parent == "kz.abai"
    assert after.territory("kz.almaty.city.taldykorgan").parent == "kz.zhetysu"
    assert after.territory("kz.karaganda.district.ulytau").parent == "kz.ulytau"
    # offices conserved: every 2019 institution but the Constitutional Council survives
    before = kazakhstan_2019()
    gone = set(before.institution_table.id.tolist()) - set(after.institution_table.id.tolist())
    assert gone == {"constitutional_council"}
    assert sum(i.seats for i in after.select(kind="executive", level="local")) == 2345


def test_parliament(after) -> None:  # type: ignore[no-untyped-def]
    """ref §3 (H): Mazhilis 98 = 69 list + 29 single-member; Senate 50 = 40 elected + 10 appointed."""
    assert after.institution("mazhilis").seats == 98
    tiers = after.electoral_system("mazhilis").tiers
    assert [(t.type, t.seats) for t in tiers] == [("list", 69), ("single_member", 29)]
    assert tiers[0].threshold == pytest.approx(0.05, rel=1e-12)
    smd = after.relations_of(target="mazhilis", kind="elects")
    assert sorted(r.seats for r in smd) == [1] * 29 + [69]
    assert all(after.institution(r.source).kind == "electorate" for r in smd)
    assert after.institution("senate").seats == 50
    elected = sum(r.seats for r in after.relations_of(target="senate", kind="elects"))
    appointed = after.relations_of(source="president", target="senate", kind="appoints")
    assert (elected, appointed[0].seats) == (40, 10)
    nominated = after.relations_of(source="assembly_of_people", target="senate", kind="nominates")
    assert nominated[0].seats == 5
    # lawmaking: the Mazhilis adopts, the Senate approves (ref §3, H)
    assert [r.subject for r in after.rules_of("adopts_laws")] == ["mazhilis"]


def test_constitutional_court(after) -> None:  # type: ignore[no-untyped-def]
    """ref §6 (H): 11 judges: chair + 4 by the President, 3 by the Senate, 3 by the Mazhilis."""
    assert not after.has_institution("constitutional_council")
    assert after.institution("constitutional_court").seats == 11
    appointers = {
        r.source: r.seats
        for r in after.relations_of(target="constitutional_court", kind="appoints")
    }
    assert appointers == {"president": 5, "senate": 3, "mazhilis": 3}
    petitioners = {
        r.source for r in after.relations_of(target="constitutional_court", kind="petitions")
    }
    assert {"electorate.kz", "prosecutor_general", "ombudsman"} <= petitioners


def test_akims(after) -> None:  # type: ignore[no-untyped-def]
    """ref §2, §5 (H): regional akims appointed with maslikhat consent; 45 pilot akims
    elected; rural akims elected: 730 in the first round (Jul 2021), 1,668 in all by
    Aug 2023 (astanatimes 2023/08)."""
    for akim in after.select(kind="executive", level="regional"):
        region = akim.id.removeprefix("akim.region.")
        consents = after.relations_of(target=akim.id, kind="consents")
        assert [r.source for r in consents] == [f"maslikhat.region.{region}"]
        assert after.relations_of(source="president", target=akim.id, kind="appoints")
    elected = _elected(after, kind="executive", level="district")
    assert len(elected) == 45 == len(pilot_units())
    assert sum(".city." in e for e in elected) == 3
    rural = [i for i in after.select(kind="executive", level="local") if i.id.endswith(".elected")]
    assert sum(i.seats for i in rural) == 1668


def test_presidency_and_maslikhats(after) -> None:  # type: ignore[no-untyped-def]
    """ref §2 (H) single 7-year term, party-membership and nepotism bans; ref §4 maslikhats."""
    term = after.institution("president").term
    assert (term.years, term.max_terms) == (7, 1)
    assert after.rules_of("party_membership_ban", "president")
    assert after.rules_of("nepotism_ban", "president")
    assert after.rules_of("party_registration_threshold")[0].value == 5000
    region = after.electoral_system("maslikhat.region.abai").tiers
    assert [(t.type, t.seats) for t in region] == [("list", 15), ("single_member", 15)]
    district = after.electoral_system("maslikhat.district.akmola.d01").tiers
    assert [t.type for t in district] == ["single_member"]


def test_dates_and_switches() -> None:
    assert kazakhstan("2020-05-25") == kazakhstan_2019().with_metadata(
        name="Kazakhstan at 2020-05-25", year=2020
    )
    # the party law of May 2020 (mgorod.kz / Tengrinews 26 May 2020, H): 40,000 -> 20,000
    assert kazakhstan_2019().rules_of("party_registration_threshold")[0].value == 40000
    assert kazakhstan("2021-01-01").rules_of("party_registration_threshold")[0].value == 20000
    assert kazakhstan("2021-01-01").rules_of("party_branch_minimum")[0].value == 600
    mid = kazakhstan("2022-07-01")
    assert mid.has_institution("constitutional_council")
    assert mid.has_institution("akim.region.abai")
    assert mid.institution("president").term.years == 5
    full = kazakhstan("2024-06-01", announced=True)
    # all 203 district-level units of 2023 (CEC, election.gov.kz ID=8937; H), the 200 of
    # 2019 and Sauran, Kosshy, Samar (new_unit_steps)
    assert len(_elected(full, kind="executive", level="district")) == 203
    cautious = kazakhstan("2024-01-01", unconfirmed=False)
    assert cautious.relations_of(source="president", target="akim.region.akmola", kind="reviews")
    assert not cautious.relations_of(source="mazhilis", target="senate", kind="overrides")
    steps = kazakhstan_reforms()
    assert [s.status for s in steps].count("announced") == 1
    assert all(s.source for s in steps)


def test_diff_2019_2024_is_readable(after) -> None:  # type: ignore[no-untyped-def]
    text = str(diff(kazakhstan_2019(), after))
    assert (
        "+ kz.turkistan.district.sauran, kz.akmola.city.kosshy, "
        "kz.east_kazakhstan.district.samar, kz.abai, kz.zhetysu, kz.ulytau"
    ) in text
    assert "mazhilis: seats 107 -> 98" in text
    assert "- adopts_laws(senate)" in text


def test_example_scenario_file_matches_the_timeline() -> None:
    scenario = load_scenario(EXAMPLE)
    assert scenario.baseline.scenario == "kazakhstan_2019"
    built = scenario.reforms()
    steps = [s for s in kazakhstan_reforms() if s.status == "enacted"]
    assert [type(r).name for r in built] == [s.reform.name for s in steps]
    assert built == [s.reform for s in steps]
    assert [s.date for s in scenario.steps] == [s.date for s in steps]
    _, reformed = scenario.run(date="2024-01-01")
    assert diff(reformed, kazakhstan("2024-01-01")).institutions_changed == ()

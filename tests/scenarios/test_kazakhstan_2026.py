"""Kazakhstan's Constitution of 2026 in the timeline, and its referendum.

Every pinned count names its source; the sources and confidence marks are those of
:mod:`govsim.scenarios.kazakhstan_2026`.
"""

from __future__ import annotations

import datetime as dt

import pytest

from govsim import Polity, diff
from govsim.model import roles
from govsim.scenarios import kazakhstan, kazakhstan_reforms
from govsim.scenarios.kazakhstan_2026 import (
    FIRST_KURULTAI_ELECTION,
    IN_FORCE,
    KURULTAI_SEATS,
    KURULTAI_TERM_YEARS,
    REFERENDUM_2026,
    constitution_2026,
)

BEFORE = "2026-06-30"
AFTER = "2026-07-01"

#: Institutions the Constitution adds on 1 Jul 2026 (the Kurultai, the vice president,
#: the People's Council) and those it ends (the two chambers, the Assembly of People,
#: the National Kurultai, and the electorates of the Mazhilis' 29 single-member
#: districts): sources in govsim.scenarios.kazakhstan_2026.
ADDED = {"kurultai", "vice_president", "peoples_council"}
ENDED = {"mazhilis", "senate", "assembly_of_people", "national_kurultai"} | {
    f"electorate.mazhilis.smd{k:02d}" for k in range(1, 30)
}


@pytest.fixture(scope="module")
def pair() -> tuple[Polity, Polity]:
    return kazakhstan(BEFORE), kazakhstan(AFTER)


def _rels(p: Polity, ids: set[str]) -> set[tuple[str, str, str, int | None]]:
    return {
        (r.source, r.kind.value, r.target, r.seats)
        for r in p.relations
        if r.source in ids or r.target in ids
    }


def test_referendum_result_is_consistent() -> None:
    """Central Referendum Commission, 16 Mar 2026 (TASS; The Caspian Post; The Geneva
    Times; H): 87.15% yes = 7,954,667; 898,099 no; 146,558 invalid; turnout 73.12% of
    12,482,613 (9,127,192 took part)."""
    r = REFERENDUM_2026
    assert r.date == dt.date(2026, 3, 15)
    assert "Central Referendum Commission" in r.source
    # the published percentages are of the participants, rounded to 0.01 point
    assert 100 * r.yes / r.participants == pytest.approx(r.yes_percent, abs=0.005)
    assert 100 * r.participants / r.electorate == pytest.approx(r.turnout_percent, abs=0.005)
    # "against" is 9.84% of the participants; The Geneva Times prints 9.83% (truncated)
    assert 100 * r.no / r.participants == pytest.approx(9.84, abs=0.005)
    # the ballots counted (yes + no + invalid) are fewer than the participants: 127,868
    # ballots issued were not among them (the sources do not say why)
    assert r.yes + r.no + r.invalid == 8_999_324
    assert r.participants - (r.yes + r.no + r.invalid) == 127_868
    # valid: more than half of the electorate took part, and a majority said yes
    assert 2 * r.participants > r.electorate
    assert 2 * r.yes > r.participants


def test_the_constitution_is_dated_and_in_the_timeline() -> None:
    """In force 1 Jul 2026 (art. 94; gazeta.kg 169232; timesca.com ?p=51256; H)."""
    assert dt.date(2026, 7, 1) == IN_FORCE
    assert dt.date(2026, 8, 23) == FIRST_KURULTAI_ELECTION  # timesca.com ?p=51256 (M)
    steps = [s for s in kazakhstan_reforms() if s.date >= dt.date(2026, 1, 1)]
    assert steps == constitution_2026()
    assert all(s.date == IN_FORCE and s.source and s.status == "enacted" for s in steps)
    assert [s.reform.name for s in steps[:1]] == ["unicameral_parliament"]


def test_the_2026_polity_validates_and_round_trips() -> None:
    p = kazakhstan("2026-12-01")
    assert Polity.from_document(p.to_document()) == p
    assert p == kazakhstan("2027-06-01").with_metadata(name=p.name, year=p.year)


def test_done_when_2026_12_01() -> None:
    """A single 145-seat chamber, no Senate or Mazhilis, a vice president with the
    chamber's consent and the People's Council (issue 12, "Done when")."""
    p = kazakhstan("2026-12-01")
    chambers = p.select(kind="chamber", level="national")
    assert [c.id for c in chambers] == ["kurultai"]
    # 145 deputies, 5 years: qazinform.com 640723 and 44af96; enbekshiqazaq.kz 393712 (H)
    assert KURULTAI_SEATS == 145
    assert KURULTAI_TERM_YEARS == 5
    kurultai = p.institution("kurultai")
    assert kurultai.seats == 145
    assert kurultai.term is not None
    assert kurultai.term.years == 5
    assert not p.has_institution("senate")
    assert not p.has_institution("mazhilis")
    # all seats by PR in one nationwide district (same sources, H)
    system = p.electoral_system("kurultai")
    assert system is not None
    assert [(t.type, t.seats, t.districts) for t in system.tiers] == [("list", 145, 1)]
    assert [(r.source, r.seats) for r in p.relations_of(target="kurultai", kind="elects")] == [
        ("electorate.kz", 145)
    ]
    assert p.relations_of(source="kurultai", target="vice_president", kind="consents")
    assert p.relations_of(source="peoples_council", target="kurultai", kind="initiates")
    assert [r.subject for r in p.rules_of("adopts_laws")] == ["kurultai"]


def test_roles_are_found(pair: tuple[Polity, Polity]) -> None:
    before, after = pair
    assert roles.sole_chamber(after).id == "kurultai"
    assert roles.lower_chamber(after).id == "kurultai"  # the lookup falls back to it
    assert roles.upper_chamber(after) is None
    vp = roles.office(after, "vice_president")
    assert vp is not None
    assert vp.id == "vice_president"
    assert roles.head_of_state(after).id == "president"
    assert roles.roles_of(after.institution_table)["sole_chamber"] == "kurultai"
    assert roles.lower_chamber(before).id == "mazhilis"
    assert roles.office(before, "vice_president") is None


def test_the_day_it_takes_effect(pair: tuple[Polity, Polity]) -> None:
    """kazakhstan('2026-07-01') differs from kazakhstan('2026-06-30') as the
    Constitution says (module govsim.scenarios.kazakhstan_2026), and in nothing else."""
    before, after = pair
    b = {i.id for i in before.institutions}
    a = {i.id for i in after.institutions}
    assert a - b == ADDED
    assert b - a == ENDED
    changed = ADDED | ENDED | {"constitutional_court"}
    # everything that touches neither a new nor an ended institution nor the Court
    assert {x for x in _rels(before, b) if not {x[0], x[2]} & changed} == {
        x for x in _rels(after, a) if not {x[0], x[2]} & changed
    }
    # the Kurultai's relations: elected by all voters; the Mazhilis' consent to the PM
    # and no confidence; the override and the Senate's election of Supreme Court judges
    # (tengrinews 270804, M); the Senate's consent to the Prosecutor General and its
    # role over the ombudsman (UNCONFIRMED); consent to the Court and the vice
    # president (qazinform bfd3d9, M; art. 95, H)
    assert _rels(after, {"kurultai"}) == {
        ("electorate.kz", "elects", "kurultai", 145),
        ("kurultai", "consents", "government", None),
        ("kurultai", "no_confidence", "government", None),
        ("kurultai", "overrides", "president", None),
        ("president", "vetoes", "kurultai", None),
        ("constitutional_court", "reviews", "kurultai", None),
        ("kurultai", "petitions", "constitutional_court", None),
        ("kurultai", "consents", "constitutional_court", None),
        ("kurultai", "elects", "supreme_court", None),
        ("kurultai", "consents", "prosecutor_general", None),
        ("kurultai", "elects", "ombudsman", None),
        ("kurultai", "dismisses", "ombudsman", None),
        ("kurultai", "consents", "vice_president", None),
        ("peoples_council", "initiates", "kurultai", None),
    }
    over = after.relations_of(source="kurultai", target="president", kind="overrides")
    assert over[0].threshold == pytest.approx(2 / 3, rel=1e-12)
    # the Court: the President fills all 11 seats, the Kurultai consents (qazinform
    # bfd3d9, M; art. 95, H); before, 5 President + 3 Senate + 3 Mazhilis (ref: Law
    # No. 153-VII of 5 Nov 2022)
    court = "constitutional_court"
    assert after.institution(court).seats == before.institution(court).seats == 11
    assert [(r.source, r.seats) for r in after.relations_of(target=court, kind="appoints")] == [
        ("president", 11)
    ]
    assert sorted(
        (r.source, r.seats) for r in before.relations_of(target=court, kind="appoints")
    ) == [("mazhilis", 3), ("president", 5), ("senate", 3)]
    assert _rels(after, {"vice_president"}) == {
        ("president", "appoints", "vice_president", None),
        ("kurultai", "consents", "vice_president", None),
        ("president", "dismisses", "vice_president", None),
    }
    assert _rels(after, {"peoples_council"}) == {
        ("president", "appoints", "peoples_council", None),
        ("peoples_council", "initiates", "kurultai", None),
        ("peoples_council", "petitions", "president", None),
    }
    # the President's Senate quota (10) and the Assembly's nominations end with the Senate
    assert before.relations_of(source="president", kind="appoints", target="senate")[0].seats == 10
    assert [(r.kind.value, r.value) for r in after.rules_of("prosecution_consent")] == [
        ("prosecution_consent", "kurultai")
    ]


def test_the_diff_reads(pair: tuple[Polity, Polity]) -> None:
    text = str(diff(*pair))
    assert "~ kurultai: none -> list 145 (hare, 5%)" in text
    assert "+ adopts_laws(kurultai)" in text
    assert "- adopts_laws(mazhilis)" in text
    assert "~ president -appoints-> constitutional_court [seats=5] -> [seats=11]" in text


def test_switches_still_apply_to_2026() -> None:
    cautious = kazakhstan("2026-12-01", unconfirmed=False)
    assert roles.sole_chamber(cautious).id == "kurultai"
    assert not cautious.relations_of(source="kurultai", target="ombudsman", kind="elects")
    full = kazakhstan("2026-12-01", announced=True)
    assert full.has_institution("vice_president")

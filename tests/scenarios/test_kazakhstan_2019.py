"""The Kazakhstan 2019 baseline against the project reference.

"ref §N" is a section of shared/reference/kazakhstan.md.
"""

from __future__ import annotations

from collections import Counter

import pytest

from govsim.model import ListTier, Polity, TermRule
from govsim.scenarios.kazakhstan import (
    kazakhstan_2019,
    kazakhstan_2019_rows,
    slugify,
)

REGIONS = (
    "akmola",
    "aktobe",
    "almaty",
    "atyrau",
    "east_kazakhstan",
    "zhambyl",
    "west_kazakhstan",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "pavlodar",
    "north_kazakhstan",
    "turkistan",
)
REPUBLICAN_CITIES = ("astana", "almaty_city", "shymkent")


@pytest.fixture(scope="module")
def rows():
    return kazakhstan_2019_rows()


@pytest.fixture(scope="module")
def polity():
    return kazakhstan_2019()


@pytest.fixture(scope="module")
def inst(rows):
    return {i.id: i for i in rows.institutions}


def _edges(rows, kind, target=None, source=None):
    return [
        r
        for r in rows.relations
        if r.kind == kind
        and (target is None or r.target == target)
        and (source is None or r.source == source)
    ]


def test_builds_a_valid_polity(polity):
    """The rows pass the Polity's whole-polity validation (ids, ends, seat sums)."""
    assert isinstance(polity, Polity)
    assert polity.name == "Kazakhstan 2019 (pre-reform)"
    assert polity.year == 2019


def test_polity_matches_rows(polity, rows):
    """The Polity holds exactly the rows the builder produced."""
    assert polity.n_institutions == len(rows.institutions)
    assert polity.n_relations == len(rows.relations)
    assert polity.n_territories == len(rows.territories)


def test_seventeen_units_each_with_akim_maslikhat_electorate(rows, inst):
    """14 regions + 3 republican cities (ref §1.1, H), each with a presidentially
    appointed akim, a maslikhat elected by its electorate, and an electorate."""
    regional = [t for t in rows.territories if t.level == "regional"]
    assert len(regional) == 17
    assert {t.id for t in regional} == {f"kz.{s}" for s in REGIONS + REPUBLICAN_CITIES}
    for slug in REGIONS + REPUBLICAN_CITIES:
        akim, council, voters = (
            inst[f"{p}.region.{slug}"] for p in ("akim", "maslikhat", "electorate")
        )
        assert (akim.kind, council.kind, voters.kind) == ("executive", "council", "electorate")
        assert akim.territory == council.territory == voters.territory == f"kz.{slug}"
        assert _edges(rows, "appoints", target=akim.id, source="president")
        assert _edges(rows, "dismisses", target=akim.id, source="president")
        assert _edges(rows, "elects", target=council.id, source=voters.id)


def test_mazhilis_107_from_98_list_seats_and_9_assembly_seats(rows, inst):
    """Mazhilis: 107 = 98 national party-list seats + 9 chosen by the Assembly of
    People (ref §3, H; constitution.kz section 4, pre-2022 text)."""
    assert inst["mazhilis"].seats == 107
    channels = {r.source: r.seats for r in _edges(rows, "elects", target="mazhilis")}
    assert channels == {"electorate.kz": 98, "assembly_of_people": 9}
    assert inst["assembly_of_people"].kind == "consultative"


def test_senate_49_from_34_indirect_and_15_appointed(rows, inst):
    """Senate: 49 = 2 per region and republican city (34) elected by maslikhat
    deputies + 15 appointed by the President (ref §3, H)."""
    assert inst["senate"].seats == 49
    elected = _edges(rows, "elects", target="senate")
    assert {r.source for r in elected} == {
        f"maslikhat.region.{s}" for s in REGIONS + REPUBLICAN_CITIES
    }
    assert all(r.seats == 2 for r in elected)
    assert sum(r.seats for r in elected) == 34
    (appointed,) = _edges(rows, "appoints", target="senate")
    assert (appointed.source, appointed.seats) == ("president", 15)


def test_constitutional_council_7(rows, inst):
    """Constitutional Council: chair + 2 by the President, 2 by the Senate, 2 by the
    Mazhilis (ref §6; wikimili Constitutional_Council_(Kazakhstan), H)."""
    assert inst["constitutional_council"].seats == 7
    channels = {
        r.source: r.seats for r in _edges(rows, "appoints", target="constitutional_council")
    }
    assert channels == {"president": 3, "senate": 2, "mazhilis": 2}


def test_constitutional_council_access_and_review(rows):
    """Before 2022 citizens could not apply to the Council (ref §6, H); it reviews
    the chambers' laws and the President."""
    petitioners = {r.source for r in _edges(rows, "petitions", target="constitutional_council")}
    assert petitioners == {"president", "mazhilis", "senate", "government", "supreme_court"}
    assert not any(r.source.startswith("electorate") for r in _edges(rows, "petitions"))
    reviewed = {r.target for r in _edges(rows, "reviews", source="constitutional_council")}
    assert reviewed == {"mazhilis", "senate", "president"}


def test_rural_akims_about_2345_appointed_from_above(rows, inst):
    """About 2,345 rural akims, appointed by the district akims before 2021 (ref §1.2,
    §5; inform.kz and Wikipedia '2021 Kazakh municipal elections': 730 of 2,345)."""
    rural = [i for i in rows.institutions if i.level == "local"]
    assert {i.id for i in rural} == {f"akim.rural.{s}" for s in REGIONS}
    assert all(i.kind == "executive" for i in rural)
    assert sum(i.seats for i in rural) == 2345
    for i in rural:
        region = i.id.rsplit(".", 1)[1]
        appointers = {r.source for r in _edges(rows, "appoints", target=i.id)}
        assert appointers
        assert all(a.startswith(f"akim.district.{region}.") for a in appointers)
        assert not _edges(rows, "elects", target=i.id)


@pytest.mark.parametrize(
    ("region", "districts", "cities"),
    [
        (
            "east_kazakhstan",  # -> Abai
            [
                "Aksuat",
                "Abai",
                "Ayagoz",
                "Beskaragai",
                "Borodulikha",
                "Zharma",
                "Urzhar",
                "Kokpekti",
            ],
            ["Semey", "Kurchatov"],
        ),
        (
            "almaty",  # -> Zhetysu
            ["Aksu", "Alakol", "Eskeldi", "Karatal", "Kerbulak", "Koksu", "Panfilov", "Sarkand"],
            ["Taldykorgan", "Tekeli"],
        ),
        ("karaganda", ["Zhanaarka", "Ulytau"], ["Zhezkazgan", "Karazhal", "Satbayev"]),  # -> Ulytau
    ],
)
def test_districts_that_later_form_new_regions_are_named(rows, inst, region, districts, cities):
    """The units moved to Abai, Zhetysu and Ulytau in 2022 exist by name in their
    2019 regions (ref §1.1; inform.kz 3-new-regions-established, H)."""
    territories = {t.id: t for t in rows.territories}
    for tier, names in (("district", districts), ("city", cities)):
        for name in names:
            tid = f"kz.{region}.{tier}.{slugify(name)}"
            assert territories[tid].parent == f"kz.{region}"
            assert territories[tid].level == "district"
            assert name in territories[tid].name
            for office in ("akim", "maslikhat", "electorate"):
                assert inst[f"{office}.{tier}.{region}.{slugify(name)}"].territory == tid


def test_district_level_units(rows):
    """164 districts and 36 cities of regional significance; with Sauran (2021), Samar
    (2022) and Kosshy this gives the CEC's 166 district and 37 city maslikhats of
    Mar 2023 (ref §1.2, H). Each unit's akim is appointed by its regional akim with
    its maslikhat's consent (ref §5)."""
    units = [t for t in rows.territories if t.level == "district"]
    tiers = Counter(t.id.split(".")[2] for t in units)
    assert tiers == {"district": 164, "city": 36}
    assert not any(t.parent.removeprefix("kz.") in REPUBLICAN_CITIES for t in units)
    for t in units:
        _, region, tier, unit = t.id.split(".")
        akim = f"akim.{tier}.{region}.{unit}"
        assert [r.source for r in _edges(rows, "appoints", target=akim)] == [
            f"akim.region.{region}"
        ]
        assert [r.source for r in _edges(rows, "consents", target=akim)] == [
            f"maslikhat.{tier}.{region}.{unit}"
        ]


def test_president_term_rule(inst):
    """5-year term, at most 2 consecutive terms (ref §2, H); the First President's
    exemption (2007 amendment, M) only on request."""
    assert inst["president"].term == TermRule(years=5, max_terms=2, consecutive_only=True)
    exempt = {i.id: i for i in kazakhstan_2019_rows(first_president_exemption=True).institutions}
    assert exempt["president"].term.exempt_incumbent is True
    assert inst["president"].term.exempt_incumbent is False


def test_electoral_systems(rows, inst):
    """Mazhilis: 98 list seats, one national district, 7% threshold, Hare quota with
    largest remainders (ref §3, §8, H). Maslikhats: party lists (UNCONFIRMED, ref §4)."""
    systems = {e.body: e for e in rows.electoral_systems}
    assert systems["mazhilis"].tiers == (ListTier(seats=98, method="hare", threshold=0.07),)
    councils = {i.id for i in rows.institutions if i.kind == "council"}
    assert councils == set(systems) - {"mazhilis"}
    assert all(systems[c].seats == inst[c].seats for c in councils)
    assert all(isinstance(t, ListTier) for c in councils for t in systems[c].tiers)


def test_lawmaking_procedure(rows):
    """Before 2022 both chambers adopt laws; a presidential veto is overridden by 2/3
    of each chamber; a Senate rejection by a 2/3 Mazhilis re-approval (ref §3, M)."""
    adopters = {r.subject for r in rows.rules if r.kind == "adopts_laws"}
    assert adopters == {"mazhilis", "senate"}
    vetoes = {(r.source, r.target) for r in _edges(rows, "vetoes")}
    assert vetoes == {("president", "mazhilis"), ("president", "senate"), ("senate", "mazhilis")}
    overrides = {(r.source, r.target): r.threshold for r in _edges(rows, "overrides")}
    assert overrides == pytest.approx(
        {
            ("mazhilis", "president"): 2 / 3,
            ("senate", "president"): 2 / 3,
            ("mazhilis", "senate"): 2 / 3,
        },
        rel=1e-12,
    )


def test_government_accountability(rows):
    """The President appoints and dismisses the Government; the Mazhilis consents to
    the PM and may pass no confidence (issue 2 brief; 1995 Constitution)."""
    assert {(r.source, r.kind) for r in rows.relations if r.target == "government"} == {
        ("president", "appoints"),
        ("president", "dismisses"),
        ("mazhilis", "consents"),
        ("mazhilis", "no_confidence"),
    }


def test_rules(rows):
    """Party registration needs 40,000 members in 2019, 600 per regional branch (Tengrinews
    26 May 2020 via mgorod.kz, astanatimes.com 2022/03; H; the 2020 cut to 20,000 is a
    dated step); no party-membership ban for the President before 2022 (qazweek.kz
    2022-05-31, H)."""
    kinds = Counter(r.kind for r in rows.rules)
    assert kinds == {"adopts_laws": 2, "party_registration_threshold": 1, "party_branch_minimum": 1}
    (threshold,) = (r for r in rows.rules if r.kind == "party_registration_threshold")
    assert threshold.value == 40000
    (branch,) = (r for r in rows.rules if r.kind == "party_branch_minimum")
    assert branch.value == 600


def test_every_relation_cites_a_source(rows):
    """Each relation carries a note (a source, or UNCONFIRMED); no patronage ties."""
    assert all(r.note for r in rows.relations)
    assert not _edges(rows, "patronage")


def test_rural_akims_add_up_to_the_national_total(polity):
    """About 2,345 rural akims in all (ref §1.2 / §5, H): the split over regions is a
    placeholder (Hamilton by number of districts), but it must hand out exactly the total."""
    rural = polity.mask(kind="executive", level="local")
    assert polity.institution_table.seats[rural].sum() == 2345


def test_json_round_trip(polity, tmp_path):
    """The baseline survives govsim.save / govsim.load exactly."""
    import govsim

    path = tmp_path / "kazakhstan_2019.json"
    govsim.save(polity, path)
    assert govsim.load(path) == polity


def test_census_2021_populations(polity):
    """2021 census, 1 Sep 2021 (Bureau of National Statistics via astanatimes.com 2023/10,
    H; Shymkent 1,112.4 thousand via alataunews.kz, M). Karaganda on 1 May 2021
    (1,376,101, BNS via tobyl-torgai.kz, M) and North Kazakhstan on 1 Oct 2021 (543.7
    thousand, BNS via ult.kz, M); West Kazakhstan on 1 Jan 2021 (661,172, Wikipedia via a
    mirror, L-M) and Atyrau on 1 Jan 2024 (703,180, BNS via mgorod.kz, M): every region
    has a figure."""
    pop = {t.id: t.population for t in polity.territories if t.level == "regional"}
    assert pop["kz.almaty"] == 2_146_576
    assert pop["kz.turkistan"] == 2_054_021
    assert pop["kz.almaty_city"] == 2_030_285
    assert pop["kz.shymkent"] == 1_112_400
    assert pop["kz.karaganda"] == 1_376_101
    assert pop["kz.north_kazakhstan"] == 543_700
    assert pop["kz.west_kazakhstan"] == 661_172
    assert pop["kz.atyrau"] == 703_180
    assert {t for t, n in pop.items() if n is None} == set()

"""Kazakhstan data, second round: the first Kurultai election, the new district-level
units, the maslikhats of March 2023. Each pinned count names its source."""

from __future__ import annotations

from govsim.model.parties import seat_table
from govsim.scenarios import kazakhstan
from govsim.scenarios.kazakhstan_2026 import FIRST_KURULTAI_ELECTION, FIRST_KURULTAI_RESULT


def test_first_kurultai_result_not_found_so_not_recorded() -> None:
    """The election was called for 23 Aug 2026 (timesca.com ?p=51256, M); its result was
    not found in the searches the kazakhstan_2026 docstring lists, so the party layer
    gives the Kurultai no seats by party: all 145 are unattributed."""
    assert FIRST_KURULTAI_ELECTION.isoformat() == "2026-08-23"
    assert FIRST_KURULTAI_RESULT is None
    t = seat_table(kazakhstan("2026-12-01", parties=True), "kurultai")
    assert (t.parties.tolist(), t.independents) == ([], 145)


def _units(date: str) -> tuple[int, int]:
    p = kazakhstan(date)
    ids = [t.id for t in p.territories if t.level == "district"]
    return sum(".district." in i for i in ids), sum(".city." in i for i in ids)


def test_district_level_units_reach_the_cec_count_of_2023() -> None:
    """The CEC counted 166 district and 37 city maslikhats for 19 Mar 2023 (election.gov.kz
    release ID=8937; inform.kz a4025925: 223 maslikhats; H): the baseline's 164 + 36, Sauran
    (decree of 17 Mar 2021, kt.kz 1377913031, M), Kosshy (in force 27 Jul 2021,
    aqparat.info, H) and Samar (in force 7 Jun 2022, inform.kz a3929640, H)."""
    assert _units("2019-06-01") == (164, 36)
    assert _units("2021-03-16") == (164, 36)
    assert _units("2021-03-17") == (165, 36)
    assert _units("2021-07-27") == (165, 37)
    assert _units("2022-06-06") == (165, 37)
    assert _units("2023-03-19") == (166, 37)


def test_new_units_sit_where_the_decrees_put_them() -> None:
    """Sauran in Turkistan Region; Kosshy in Akmola; Samar stays in East Kazakhstan when
    Kokpekty passes to Abai on 8 Jun 2022 (inform.kz a3929640, a3929668; H)."""
    p = kazakhstan("2024-01-01")
    assert p.territory("kz.turkistan.district.sauran").parent == "kz.turkistan"
    assert p.territory("kz.akmola.city.kosshy").parent == "kz.akmola"
    assert p.territory("kz.east_kazakhstan.district.samar").parent == "kz.east_kazakhstan"
    assert p.territory("kz.east_kazakhstan.district.kokpekti").parent == "kz.abai"
    # each has its akim appointed by the regional akim and its own maslikhat
    for unit, region in (
        ("district.turkistan.sauran", "turkistan"),
        ("city.akmola.kosshy", "akmola"),
        ("district.east_kazakhstan.samar", "east_kazakhstan"),
    ):
        assert p.relations_of(
            source=f"akim.region.{region}", target=f"akim.{unit}", kind="appoints"
        )
        assert p.has_institution(f"maslikhat.{unit}")
    # a city of regional significance: Kosshy's akim appoints no rural akims
    assert not p.relations_of(source="akim.city.akmola.kosshy")


def _maslikhats(date: str) -> dict[str, int]:
    return {i.id: i.seats for i in kazakhstan(date).institutions if i.kind == "council"}


def test_maslikhats_of_march_2023_match_the_cec_totals() -> None:
    """CEC, 20 Jan 2023: 3,415 deputies of 223 maslikhats (inform.kz a4025925; H); 20
    regional, 166 district, 37 city (election.gov.kz ID=8937; H). Before the election the
    placeholder sizes of the data file hold (30 / 18 / 11)."""
    before = _maslikhats("2023-03-18")
    assert (len(before), sum(before.values())) == (223, 3092)
    after = _maslikhats("2023-03-19")
    assert (len(after), sum(after.values())) == (223, 3415)
    tiers = [b.split(".")[1] for b in after]
    assert (tiers.count("region"), tiers.count("district"), tiers.count("city")) == (20, 166, 37)
    assert _maslikhats("2026-12-01") == after  # no later change found


def test_maslikhats_the_regional_commissions_give() -> None:
    """North Kazakhstan: regional 30, Petropavl 18, 145 in 13 district maslikhats
    (inform.kz a4028543; M). Kostanay: regional 32, 232 in the 4 city and 16 district
    maslikhats (inform.kz a4028586; M). Astana 34: inferred from its 17 list seats
    (kapital.kz 114130; M) and the half-list rule (L)."""
    s = _maslikhats("2024-01-01")
    assert s["maslikhat.region.north_kazakhstan"] == 30
    assert s["maslikhat.city.north_kazakhstan.petropavl"] == 18
    assert (
        sum(n for b, n in s.items() if b.startswith("maslikhat.district.north_kazakhstan.")) == 145
    )
    assert s["maslikhat.region.kostanay"] == 32
    kostanay = [b for b in s if b.split(".")[1] in ("city", "district") and ".kostanay." in b]
    assert (len(kostanay), sum(s[b] for b in kostanay)) == (20, 232)
    assert s["maslikhat.region.astana"] == 34


def test_resized_maslikhats_elect_every_seat_in_single_member_districts() -> None:
    """The March 2023 system (jjtv.kz 29890, H): district and city maslikhats 100%
    single-member, one district electorate per seat, also in the bodies that shrank."""
    p = kazakhstan("2024-01-01")
    for body in ("maslikhat.district.turkistan.sauran", "maslikhat.city.kostanay.rudny"):
        seats = p.institution(body).seats
        (tier,) = p.electoral_system(body).tiers
        assert (tier.type, tier.seats) == ("single_member", seats)
        channels = p.relations_of(target=body, kind="elects")
        assert sorted(r.seats for r in channels) == [1] * seats


def test_pilot_of_november_2023_follows_the_cec_list() -> None:
    """The CEC's list of the 45 pilot units (shim.kz 136201, vlast.kz 57429, expert-kz.com
    182785; H): the cities Kurchatov, Priozersk, Rudny; per region of 2023 Akmola 5,
    Kostanay 4 districts + Rudny, Aktobe 3, West Kazakhstan 3, Karaganda 2 + Priozersk,
    Abai 1 + Kurchatov, and 2 each in Almaty Region, Atyrau, East Kazakhstan, Zhambyl,
    Zhetysu, Kyzylorda; Beyneu in Mangystau. The other 11 districts are placeholders."""
    p = kazakhstan("2024-01-01")
    elected = [
        r.target
        for r in p.relations
        if r.kind == "elects"
        and p.institution(r.source).kind == "electorate"
        and p.institution(r.target).kind == "executive"
        and p.institution(r.target).level == "district"
    ]
    regions = [p.territory(p.institution(a).territory).parent for a in elected]
    count = {r: regions.count(r) for r in set(regions)}
    cities = sorted(a for a in elected if ".city." in a)
    assert cities == [
        "akim.city.east_kazakhstan.kurchatov",
        "akim.city.karaganda.priozersk",
        "akim.city.kostanay.rudny",
    ]
    expected = {
        "kz.akmola": 5,
        "kz.kostanay": 5,
        "kz.aktobe": 3,
        "kz.west_kazakhstan": 3,
        "kz.karaganda": 3,
        "kz.abai": 2,
        "kz.almaty": 2,
        "kz.atyrau": 2,
        "kz.east_kazakhstan": 2,
        "kz.zhambyl": 2,
        "kz.zhetysu": 2,
        "kz.kyzylorda": 2,
    }
    assert {r: count[r] for r in expected} == expected
    assert "akim.district.mangystau.beyneu" in elected
    assert len(elected) == 45


def test_the_single_term_resets_the_incumbents_count_until_the_2022_election() -> None:
    """From the amendment of 17 Sep 2022 the 2019 term is not counted (he 'will be able to
    run once again and serve a seven-year term', kursiv.media 2022-09-03; M); the snap
    election of 20 Nov 2022 (trtworld.com 12784345; H) starts the one counted term."""
    from govsim.metrics.tenure import incumbent_count

    assert incumbent_count(kazakhstan("2022-09-16")) == 1
    assert incumbent_count(kazakhstan("2022-09-17")) == 0
    assert incumbent_count(kazakhstan("2022-11-20")) == 1
    assert kazakhstan("2022-11-20").rules_of("incumbent_terms")[0].value == 1


def test_single_member_mazhilis_deputies_can_be_recalled_until_2026() -> None:
    """Recall for loss of the voters' confidence (qazaqtv.com 23823, 7 Sep 2022; M), from
    the first single-member deputies (19 Mar 2023); the 29 districts end with the Mazhilis
    on 1 Jul 2026 (kazakhstan_2026)."""
    p = kazakhstan("2024-01-01")
    recall = p.relations_of(target="mazhilis", kind="dismisses")
    assert sorted(r.source for r in recall) == [
        f"electorate.mazhilis.smd{k:02d}" for k in range(1, 30)
    ]
    assert not kazakhstan("2023-03-18").relations_of(target="mazhilis", kind="dismisses")
    assert not kazakhstan("2026-12-01").has_institution("mazhilis")


def test_semey_elects_its_akim_on_12_october_2025() -> None:
    """The first election of a regional centre's akim, after the early end of the appointed
    akim's powers (nur.kz 2280312; news.mail.ru 68357578; M-H)."""

    def elected(date: str) -> bool:
        p = kazakhstan(date)
        return any(
            p.institution(r.source).kind == "electorate"
            for r in p.relations_of(target="akim.city.east_kazakhstan.semey", kind="elects")
        )

    assert not elected("2025-10-11")
    assert elected("2025-10-12")
    assert not kazakhstan("2025-10-12").relations_of(
        source="akim.region.abai", target="akim.city.east_kazakhstan.semey", kind="appoints"
    )

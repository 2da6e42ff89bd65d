"""Kazakhstan's reforms from 2019 as a dated reform list, and the polity at any date.

Each step cites its sources (URLs or publications) and its confidence mark (H:
official or two independent sources; M: one reputable source; L: weak or inferred). Dates are those on which a provision took effect;
where a law was signed earlier, the label says so. Steps that model a fact the
reference marks **UNCONFIRMED** carry ``unconfirmed=True`` and are left out by
``kazakhstan_reforms(unconfirmed=False)``, which also switches the UNCONFIRMED
details of confirmed steps to their conservative setting. The full roll-out of
district-akim elections is an **announced** step (Tokayev, III National Kurultai, 15 Mar 2024:
"as terms expire"; under review in 2025), applied only when asked for. The last
steps are the Constitution of 2026, in force 1 Jul 2026
(:func:`govsim.scenarios.kazakhstan_2026.constitution_2026`, with its sources).

Not modelled from 2022, with the reason: the removal of the First President's lifelong
powers (chair of the Security Council, taken over by Tokayev in January 2022, and of the
Assembly of People; 24.kg 222722, M): the 2019 baseline has no office for the First
President and the vocabulary no relation for chairing a body, so there is nothing to
remove (adding both would move the 2019 baseline); the President's reduced powers over
the Supreme Judicial Council (not an institution of the model); the party-membership ban
for CEC and Audit Chamber members (neither is modelled); the founding initiative group of
a party, 1,000 -> 700 citizens (no rule kind for it).

Placeholders: 11 of the 42 districts that held the Nov 2023 pilot elections (the CEC's
list was found for 34 of the 45 units; its tail was not), and the units of the list in
regions whose districts are numbered placeholders; the counts are real (H; see
:func:`pilot_units`).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from govsim._validation import check_bool
from govsim.electoral.apportion import apportion
from govsim.model.polity import Polity
from govsim.model.rows import ListTier, SingleMemberTier
from govsim.reforms import (
    AppointmentQuota,
    ChamberApproval,
    ConsentRequirement,
    ConstitutionalCourt,
    ConstitutionalOmbudsman,
    DatedReform,
    DirectElection,
    ElectoralSystemChange,
    ElectoralThreshold,
    EstablishConsultativeBody,
    EstablishInstitution,
    NepotismBan,
    PartyMembershipBan,
    PartyRegistrationThreshold,
    RemovePower,
    ResizeBody,
    Selector,
    SplitRegion,
    TermLimit,
    Timeline,
)
from govsim.reforms.grant_power import GrantPower
from govsim.reforms.party_seats import PartySeats
from govsim.reforms.split_unit import SplitUnit
from govsim.reforms.term_count_reset import TermCountReset
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.scenarios.kazakhstan_2026 import constitution_2026

__all__ = [
    "MASLIKHATS_2023",
    "MASLIKHAT_SEATS_2023",
    "NEW_REGIONS",
    "kazakhstan",
    "kazakhstan_reforms",
    "kazakhstan_timeline",
    "maslikhat_seats_2023",
    "maslikhat_steps",
    "new_unit_steps",
    "party_steps",
    "pilot_units",
]

_D = dt.date

#: The three regions created on 8 Jun 2022: (old region, new id, name, centre, units). Ref §1.1 (H).
NEW_REGIONS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "east_kazakhstan",
        "abai",
        "Abai Region",
        "Semey",
        (
            *(
                f"district.{d}"
                for d in (
                    "abai",
                    "aksuat",
                    "ayagoz",
                    "beskaragai",
                    "borodulikha",
                    "zharma",
                    "urzhar",
                    "kokpekti",
                )
            ),
            "city.semey",
            "city.kurchatov",
        ),
    ),
    (
        "almaty",
        "zhetysu",
        "Zhetysu Region",
        "Taldykorgan",
        (
            *(
                f"district.{d}"
                for d in (
                    "aksu",
                    "alakol",
                    "eskeldi",
                    "karatal",
                    "kerbulak",
                    "koksu",
                    "panfilov",
                    "sarkand",
                )
            ),
            "city.taldykorgan",
            "city.tekeli",
        ),
    ),
    (
        "karaganda",
        "ulytau",
        "Ulytau Region",
        "Zhezkazgan",
        (
            "district.zhanaarka",
            "district.ulytau",
            "city.zhezkazgan",
            "city.karazhal",
            "city.satbayev",
        ),
    ),
)

#: Populations of the new regions, BNS 1 Aug 2022 (kadam-media.kg 124426, L-M).
_NEW_POPULATION = {"abai": 610_700, "zhetysu": 699_000, "ulytau": 221_000}

#: The units of the 5 Nov 2023 pilot that the CEC's list names, by region of 2023 (the CEC
#: list as republished by shim.kz 136201, vlast.kz 57429 and expert-kz.com 182785 / NUR.KZ;
#: H): (territory id, the name in the list). Regions whose districts are numbered
#: placeholders in the baseline get as many placeholder districts as the list names there.
_PILOT_NAMED: tuple[tuple[str, str], ...] = (
    ("kz.east_kazakhstan.city.kurchatov", "Abai: city of Kurchatov"),
    ("kz.east_kazakhstan.district.abai", "Abai: Abai district"),
    *(
        (f"kz.akmola.district.d{k:02d}", "Akmola: one of Akkol, Astrakhan, Esil, Zhaksy, Shortandy")
        for k in range(2, 7)
    ),
    ("kz.aktobe.district.yrgyz", "Aktobe: Irgiz"),
    ("kz.aktobe.district.kobda", "Aktobe: Khobda"),
    ("kz.aktobe.district.oiyl", "Aktobe: Uil"),
    ("kz.almaty.district.balkhash", "Almaty Region: Balkhash"),
    ("kz.almaty.district.zhambyl", "Almaty Region: Zhambyl"),
    ("kz.atyrau.district.isatay", "Atyrau: Isatay"),
    ("kz.atyrau.district.kyzylkoga", "Atyrau: Kyzylkoga"),
    ("kz.east_kazakhstan.district.altai", "East Kazakhstan: Altai"),
    ("kz.east_kazakhstan.district.glubokoye", "East Kazakhstan: Glubokoye"),
    *(
        (f"kz.zhambyl.district.d{k:02d}", "Zhambyl: one of Zhualy, Turar Ryskulov")
        for k in range(1, 3)
    ),
    ("kz.almaty.district.kerbulak", "Zhetysu: Kerbulak"),
    ("kz.almaty.district.sarkand", "Zhetysu: Sarkand"),
    ("kz.west_kazakhstan.district.bokey_orda", "West Kazakhstan: Bokey Orda"),
    ("kz.west_kazakhstan.district.karatobe", "West Kazakhstan: Karatobe"),
    ("kz.west_kazakhstan.district.taskala", "West Kazakhstan: Taskala"),
    ("kz.karaganda.city.priozersk", "Karaganda: city of Priozersk"),
    ("kz.karaganda.district.aktogay", "Karaganda: Aktogay"),
    ("kz.karaganda.district.osakarov", "Karaganda: Osakarov"),
    ("kz.kostanay.city.rudny", "Kostanay: city of Rudny"),
    *(
        (
            f"kz.kostanay.district.d{k:02d}",
            "Kostanay: one of Altynsarin, Denisov, Karabalyk, Fedorov",
        )
        for k in range(1, 5)
    ),
    ("kz.kyzylorda.district.syrdariya", "Kyzylorda: Syrdariya"),
    ("kz.kyzylorda.district.shieli", "Kyzylorda: Shieli"),
    ("kz.mangystau.district.beyneu", "Mangystau: Beyneu"),
)

#: Regions whose pilot units the lists found name only in part (Mangystau: Beyneu) or not at
#: all: the other 11 of the 42 districts lie there (45 - 34 named), split by a PLACEHOLDER
#: rule (round robin over the regions in data-file order, each region's districts in order).
_PILOT_UNNAMED_REGIONS = ("mangystau", "pavlodar", "north_kazakhstan", "turkistan", "ulytau")


def pilot_units() -> tuple[str, ...]:
    """The 45 territories of the 5 Nov 2023 district-akim pilot (42 districts + 3 cities).

    The counts are real (inform.kz a4111536, el.kz 95865, H: "42 districts + 3 cities of
    regional significance, listed by the 17 regional maslikhats"). The CEC's list
    (republished by shim.kz 136201, vlast.kz 57429, expert-kz.com 182785; H) names 34 of
    them in 13 regions, with the three cities (Kurchatov, Priozersk, Rudny):
    ``_PILOT_NAMED``; where the baseline's districts are numbered placeholders (Akmola 5,
    Zhambyl 2, Kostanay 4) the count is the list's and the units are placeholders. The
    list's tail (Mangystau after Beyneu, Pavlodar, North Kazakhstan, Turkistan, Ulytau)
    was not found: those 11 districts are a PLACEHOLDER choice, round robin over the five
    regions, each region's districts in data-file order.

    Examples
    --------
    >>> units = pilot_units()
    >>> len(units), sum(".district." in u for u in units), len(set(units))
    (45, 42, 45)
    >>> units[0], units[-1]
    ('kz.east_kazakhstan.city.kurchatov', 'kz.mangystau.district.munaily')
    """
    base = kazakhstan_2019()
    moved = {f"kz.{old}.{unit}": new for old, new, _, _, units in NEW_REGIONS for unit in units}
    named = [u for u, _ in _PILOT_NAMED]
    by_region: dict[str, list[str]] = {r: [] for r in _PILOT_UNNAMED_REGIONS}
    for t in base.territories:
        if t.level == "district" and ".district." in t.id and t.id not in named:
            region = moved.get(t.id, str(t.parent)).removeprefix("kz.")
            if region in by_region:
                by_region[region].append(t.id)
    rest: list[str] = []
    for k in range(max(len(v) for v in by_region.values())):
        rest += [v[k] for v in by_region.values() if k < len(v)]
    return (*named, *rest[: 45 - len(named)])


def _rural_elected_ids() -> list[str]:
    return [f"{i.id}.elected" for i in kazakhstan_2019().select(kind="executive", level="local")]


def _new_unit(region: str, old: tuple[str, str], new: tuple[str, str], name: str) -> SplitUnit:
    """A district-level unit carved out of another in ``region`` (``(tier, slug)`` pairs),
    with its akim, electorate and maslikhat named as the builder names them."""
    (old_tier, old_slug), (new_tier, new_slug) = old, new
    ids = {
        f"{p}.{old_tier}.{region}.{old_slug}": f"{p}.{new_tier}.{region}.{new_slug}"
        for p in ("akim", "electorate", "maslikhat")
    }
    return SplitUnit(
        unit=f"kz.{region}.{old_tier}.{old_slug}",
        new_unit=f"kz.{region}.{new_tier}.{new_slug}",
        unit_name=name,
        institution_ids=ids,
    )


def new_unit_steps() -> list[DatedReform]:
    """The district-level units formed after 2019, each by the decree that formed it.

    With them the 200 units of the 2019 baseline (164 districts, 36 cities of regional
    significance) become the 203 whose maslikhats the CEC counted in March 2023
    (166 district + 37 city; election.gov.kz release ID=8937, inform.kz a4025925; H).
    Each new unit gets a copy of its parent unit's offices and their relations
    (:class:`~govsim.reforms.split_unit.SplitUnit`); populations stay unknown, as the
    parents' are. The Aksuat district, re-formed by the same decree as Samar (in
    force 7 Jun 2022, inform.kz a3929640, H), is already in the 2019 baseline (the
    data file says why); later changes (after March 2023) were not found. Sauran's akim,
    copied from the city of Kentau's, appoints no rural akims in the model (cities'
    akims do not; the grouped rural akims stay with the other district akims).

    Examples
    --------
    >>> [(s.date.isoformat(), s.reform.new_unit) for s in new_unit_steps()
    ...  if s.reform.name == "split_unit"]  # doctest: +NORMALIZE_WHITESPACE
    [('2021-03-17', 'kz.turkistan.district.sauran'), ('2021-07-27', 'kz.akmola.city.kosshy'),
     ('2022-06-07', 'kz.east_kazakhstan.district.samar')]
    """
    kosshy_akim = "akim.city.akmola.kosshy"
    return [
        DatedReform(
            date=_D(2021, 3, 17),
            reform=_new_unit(
                "turkistan",
                ("city", "kentau"),
                ("district", "sauran"),
                "Sauran district, Turkistan Region",
            ),
            label="March 2021: Sauran district formed from rural districts of the city of Kentau",
            source="Presidential decree of 17 Mar 2021, in force on its publication: Sauran "
            "district, centre Shornak, from twelve rural districts of Kentau "
            "(https://www.kt.kz/eng/politics/president_decreed_to_form_new_district_in_"
            "turkestan_rgn_1377913031.html ; M).",
        ),
        DatedReform(
            date=_D(2021, 7, 27),
            reform=_new_unit(
                "akmola", ("district", "d01"), ("city", "kosshy"), "Kosshy (city), Akmola Region"
            ),
            label="July 2021: Kosshy, taken out of Tselinograd district, a city of regional "
            "significance",
            source="Decree No. 629 of 26 Jul 2021, in force 27 Jul 2021 "
            "(https://aqparat.info/news/2021/07/27/10107895-kosshy_stal_gorodom_oblastnogo_"
            "znacheniy.html ; https://ada-adv.kz/rus/news?cid=0&rid=1477 ; aqshamnews.kz; H). "
            "Akmola's districts are numbered placeholders in the baseline: 'Akmola placeholder "
            "1' stands for Tselinograd.",
        ),
        DatedReform(
            date=_D(2021, 7, 27),
            reform=RemovePower(
                source=Selector(ids=(kosshy_akim,)),
                kind="appoints",
                targets=Selector(kind=("executive",), level=("local",)),
            ),
            label="July 2021: the akim of Kosshy appoints no rural akims (a city, as the "
            "other cities of regional significance in the model)",
            source="Kosshy was a village made a city (aqparat.info 2021/07/27; H); the "
            "model's cities of regional significance appoint no rural akims.",
        ),
        DatedReform(
            date=_D(2021, 7, 27),
            reform=RemovePower(
                source=Selector(ids=(kosshy_akim,)),
                kind="dismisses",
                targets=Selector(kind=("executive",), level=("local",)),
            ),
            label="July 2021: the akim of Kosshy dismisses no rural akims",
            source="As the step before (aqparat.info 2021/07/27; H).",
        ),
        DatedReform(
            date=_D(2022, 6, 7),
            reform=_new_unit(
                "east_kazakhstan",
                ("district", "kokpekti"),
                ("district", "samar"),
                "Samar district, East Kazakhstan Region",
            ),
            label="June 2022: Samar district formed from Kokpekty district (it stays in "
            "East Kazakhstan)",
            source="Decree of 4 May 2022, in force 7 Jun 2022: Samar district, centre "
            "Samarskoye, separated from Kokpekty district (Akorda via "
            "https://www.inform.kz/en/kazakh-president-decrees-to-establish-aksuat-and-samar-"
            "districts-in-e-kazakhstan_a3929640 ; H); East Kazakhstan keeps Samar after the "
            "split (orda.kz, the regional maslikhat's plan; M).",
        ),
    ]


#: Maslikhats and their seats at the elections of 19 Mar 2023 (CEC deputy chair Petrov,
#: 20 Jan 2023: "3,415 deputies of 223 maslikhats", inform.kz a4025925; 20 regional, 166
#: district, 37 city: election.gov.kz release ID=8937, electionguide.org 4078; H).
MASLIKHATS_2023 = 223
MASLIKHAT_SEATS_2023 = 3415

#: Bodies whose 2023 size a source gives: (seats, source).
_MASLIKHAT_KNOWN_2023: dict[str, tuple[int, str]] = {
    "maslikhat.region.north_kazakhstan": (30, "inform.kz a4028543 (regional commission), M"),
    "maslikhat.city.north_kazakhstan.petropavl": (18, "inform.kz a4028543, M"),
    "maslikhat.region.kostanay": (32, "inform.kz a4028586 (regional commission), M"),
    "maslikhat.region.astana": (
        34,
        "L: inferred from the 17 list seats the city commission allocated (Amanat 12, Ak Zhol "
        "3, People's Party 1, Baitaq 1; kapital.kz 114130, bes.media; M) and the half-list "
        "rule of regional and republican-city maslikhats (jjtv.kz 29890; H)",
    ),
}
#: Groups whose 2023 total a source gives: (region, tiers, seats, source).
_MASLIKHAT_POOLS_2023: tuple[tuple[str, tuple[str, ...], int, str], ...] = (
    ("north_kazakhstan", ("district",), 145, "13 district maslikhats, inform.kz a4028543, M"),
    (
        "kostanay",
        ("city", "district"),
        232,
        "the 4 city and 16 district maslikhats, inform.kz a4028586, M",
    ),
)


def _maslikhats_before_2023() -> dict[str, int]:
    """The maslikhats on 18 Mar 2023 and their (placeholder) seats, in file order."""
    base = kazakhstan_2019()
    seats = {i.id: i.seats for i in base.institutions if i.kind == "council"}
    for _, new, *_ in NEW_REGIONS:
        seats[f"maslikhat.region.{new}"] = seats["maslikhat.region.akmola"]
    for step in new_unit_steps():
        if isinstance(step.reform, SplitUnit) and step.reform.institution_ids:
            for old, new_id in step.reform.institution_ids.items():
                if old.startswith("maslikhat."):
                    seats[new_id] = seats[old]
    return seats


@cache
def maslikhat_seats_2023() -> dict[str, int]:
    """The seats of each of the 223 maslikhats elected on 19 Mar 2023.

    The total is the CEC's (:data:`MASLIKHAT_SEATS_2023` = 3,415 in
    :data:`MASLIKHATS_2023` = 223, H). Per-body sizes (CEC resolution 21/323 of 11 Sep
    2020 as amended, prg.kz 37763394: its annexes were not read) are known for a few
    bodies and groups only (``_MASLIKHAT_KNOWN_2023``, ``_MASLIKHAT_POOLS_2023``: North
    Kazakhstan, Kostanay, Astana). The rest is a **PLACEHOLDER** rule: the other regional
    and republican-city maslikhats keep the template's 30 seats; the seats left of the
    CEC total go to the remaining city and district maslikhats, and each known group's
    total to its bodies, in proportion to the template sizes (city 18, district 11; the
    data file's ``[maslikhat_seats]``) by largest remainders, ties to the earlier body in
    file order.

    Examples
    --------
    >>> sizes = maslikhat_seats_2023()
    >>> len(sizes), sum(sizes.values())
    (223, 3415)
    >>> sizes["maslikhat.region.kostanay"], sizes["maslikhat.city.north_kazakhstan.petropavl"]
    (32, 18)
    """
    before = _maslikhats_before_2023()
    template = _maslikhat_template()
    tier = {b: b.split(".")[1] for b in before}
    out = {b: n for b, (n, _) in _MASLIKHAT_KNOWN_2023.items()}
    pools: list[tuple[list[str], int]] = []
    for region, tiers, total, _ in _MASLIKHAT_POOLS_2023:
        members = [
            b for b in before if b not in out and tier[b] in tiers and b.split(".")[2] == region
        ]
        pools.append((members, total))
    pooled = {b for members, _ in pools for b in members}
    for b in before:
        if b not in out and b not in pooled and tier[b] == "region":
            out[b] = template["region"]
    rest = [b for b in before if b not in out and b not in pooled]
    left = MASLIKHAT_SEATS_2023 - sum(out.values()) - sum(t for _, t in pools)
    for members, total in (*pools, (rest, left)):
        shares = apportion([template[tier[b]] for b in members], total, method="hare")
        out.update(zip(members, (int(n) for n in shares), strict=True))
    return {b: out[b] for b in before}


def _maslikhat_template() -> dict[str, int]:
    """The data file's placeholder maslikhat sizes by tier (``region``, ``city``,
    ``district``)."""
    from govsim.scenarios.kazakhstan import _load

    return {k: int(v) for k, v in _load()["maslikhat_seats"].items()}


def maslikhat_steps() -> list[DatedReform]:
    """The maslikhats' sizes of 19 Mar 2023 (:func:`maslikhat_seats_2023`) as dated steps,
    one ``resize_body`` per size, placed before the March 2023 electoral-system steps.

    A body that shrinks first gets a one-seat electoral system (a technical step: a body
    cannot be made smaller than the seats its electoral system fills); the March 2023
    step for district and city maslikhats then gives every body its single-member
    districts, one per seat.

    Examples
    --------
    >>> steps = maslikhat_steps()
    >>> steps[0].reform.name, steps[1].reform.name
    ('electoral_system_change', 'resize_body')
    """
    before = _maslikhats_before_2023()
    after = maslikhat_seats_2023()
    date = _D(2023, 3, 19)
    shrink = tuple(b for b in before if after[b] < before[b])
    steps: list[DatedReform] = []
    if shrink:
        steps.append(
            DatedReform(
                date=date,
                reform=ElectoralSystemChange(
                    body=Selector(ids=shrink),
                    tiers=(SingleMemberTier(seats=1),),
                    district_electorates=False,
                ),
                label="March 2023 maslikhats (technical): bodies that shrink get a one-seat "
                "electoral system first",
                source="No fact: lets the next steps make these bodies smaller; the March "
                "2023 step for district and city maslikhats replaces it.",
            )
        )
    known = {b: src for b, (_, src) in _MASLIKHAT_KNOWN_2023.items()}
    by_size: dict[int, list[str]] = {}
    for b, n in after.items():
        if n != before[b]:
            by_size.setdefault(n, []).append(b)
    for n, bodies in sorted(by_size.items()):
        named = [known[b] for b in bodies if b in known]
        where = (
            f"{bodies[0]}: {named[0]}"
            if len(bodies) == 1 and named
            else "PLACEHOLDER split (maslikhat_seats_2023's rule) of the CEC total of 3,415 "
            "in 223 maslikhats (inform.kz a4025925; H) and of the regional totals of North "
            "Kazakhstan (inform.kz a4028543) and Kostanay (inform.kz a4028586; M)"
        )
        steps.append(
            DatedReform(
                date=date,
                reform=ResizeBody(body=Selector(ids=tuple(bodies)), seats=n),
                label=f"March 2023 maslikhats: {len(bodies)} of {n} seats",
                source=where + ".",
            )
        )
    return steps


def _akims_elected(level: str, **amount: Any) -> DirectElection:
    """Akims of one level elected directly; the higher akim keeps dismissal (UNCONFIRMED: no source found)."""
    return DirectElection(
        offices=Selector(kind=("executive",), level=(level,)), appointer="dismissal", **amount
    )


def party_steps() -> list[DatedReform]:
    """The party layer's dated steps: the Mazhilis results of 2021 and 2023 and the
    President's party (with :func:`~govsim.scenarios.kazakhstan.kazakhstan_2019`'s
    ``parties=True``, which holds the 2016 result and Tokayev's Nur Otan membership).

    Examples
    --------
    >>> [(s.date.isoformat(), s.reform.name) for s in party_steps()][:2]
    [('2021-01-10', 'party_seats'), ('2022-03-01', 'establish_institution')]
    """
    return [
        DatedReform(
            date=_D(2021, 1, 10),
            reform=PartySeats(
                body="mazhilis",
                parties=("party.nur_otan", "party.ak_zhol", "party.qhp"),
                seats=(76, 12, 10),
            ),
            label="January 2021 Mazhilis election: Nur Otan 76, Ak Zhol 12, People's Party 10 "
            "(+ the Assembly's 9)",
            source="CEC final results, 12 Jan 2021 (Nur Otan 71.09%, Ak Zhol 10.95%, People's "
            "Party 9.10%; Auyl 5.29% and Adal 3.57% under the 7% threshold): "
            "https://astanatimes.com/2021/01/kazakh-parliamentary-election-central-election-"
            "commission-announces-final-results/ ; armenpress.am 1039895 (TASS); H.",
        ),
        DatedReform(
            date=_D(2022, 3, 1),
            reform=EstablishInstitution(
                id="party.amanat",
                institution_name="Amanat",
                kind="party",
                level="national",
                territory="kz",
                replaces="party.nur_otan",
                inherit=("holds_seats", "member_of"),
            ),
            label="1 March 2022: Nur Otan renamed Amanat",
            source="RFE/RL, 26 Apr 2022 (https://rferl.org/amp/kazakhstan-toqaev-ruling-party/"
            "31821817.html: 'until March 1 was known as Nur-Otan'); H.",
        ),
        DatedReform(
            date=_D(2022, 4, 26),
            reform=RemovePower(source=Selector(ids=("president",)), kind="member_of"),
            label="26 April 2022: Tokayev leaves Amanat (before the June ban on party membership)",
            source="Tokayev at Amanat's XXIII congress, 26 Apr 2022: 'I ... decided to step down "
            "and leave the party' (https://www.inform.kz/en/kassym-jomart-tokayev-steps-down-as-"
            "chairman-of-amanat-party_a3927108 ; rferl.org 31821817); H.",
        ),
        DatedReform(
            date=_D(2023, 3, 19),
            reform=PartySeats(
                body="mazhilis",
                parties=(
                    "party.amanat",
                    "party.auyl",
                    "party.respublica",
                    "party.ak_zhol",
                    "party.qhp",
                    "party.jsdp",
                ),
                seats=(62, 8, 6, 6, 5, 4),
                names=(
                    "Amanat",
                    "Auyl People's Democratic Patriotic Party",
                    "Respublica",
                    "Ak Zhol Democratic Party",
                    "People's Party of Kazakhstan",
                    "Nationwide Social Democratic Party (OSDP)",
                ),
            ),
            label="March 2023 Mazhilis election: Amanat 62 (40 list + 22 districts), Auyl 8, "
            "Respublica 6, Ak Zhol 6, People's Party 5, OSDP 4; 7 self-nominated",
            source="CEC final results, 27 Mar 2023 (list seats 40/8/6/6/5/4: "
            "https://astanatimes.com/2023/03/six-parties-elected-to-parliament-according-to-"
            "final-results-of-central-election-commission/ ; H); the 29 districts: 22 Amanat, 7 "
            "self-nominated (CEC deputy chair Petrov, news.az; M-H).",
        ),
    ]


def kazakhstan_reforms(*, unconfirmed: bool = True, parties: bool = False) -> list[DatedReform]:
    """Kazakhstan's 2020-2023 reforms, the announced 2024 step and the Constitution of 2026, dated.

    Parameters
    ----------
    unconfirmed : bool, default True
        Include what the reference marks UNCONFIRMED: the removal of the
        President's power to cancel akims' acts, the ombudsman's election by the
        Senate, and the 2/3 Mazhilis override of a Senate refusal. With False, the
        first is left out and the other two take their conservative setting.
    parties : bool, default False
        Also the party layer's steps (:func:`party_steps`).

    Returns
    -------
    list of DatedReform
        In date order; one step (Mar 2024) has ``status="announced"``; the last
        ones are the Constitution of 2026's, dated 1 Jul 2026.

    Examples
    --------
    >>> steps = kazakhstan_reforms()
    >>> steps[0].date.isoformat(), steps[0].reform.name
    ('2020-05-26', 'party_registration_threshold')
    >>> [s.date.isoformat() for s in steps if s.status == "announced"]
    ['2024-03-15']
    >>> steps[-1].date.isoformat(), steps[-1].reform.name
    ('2026-07-01', 'remove_institution')

    References
    ----------
    .. [1] The sources named in each step's ``source``: the Central Election Commission
       (election.gov.kz), Akorda and Kazinform (inform.kz) releases, the Constitution's
       texts (constitution.kz, adilet.zan.kz) and the press they cite.
    """
    unconfirmed = check_bool(unconfirmed, "unconfirmed", "kazakhstan_reforms")
    with_parties = check_bool(parties, "parties", "kazakhstan_reforms")
    june = _D(2022, 6, 8)
    steps: list[DatedReform] = [
        DatedReform(
            date=_D(2020, 5, 26),
            reform=PartyRegistrationThreshold(members=20000, regional_branch=600),
            label="May 2020 party law: 40,000 -> 20,000 members to register a party",
            source="Amendments to the laws on political parties and on elections signed by "
            "Tokayev, reported 26 May 2020 (https://mgorod.kz/news/zakony-o-vyborax-i-partiyax-"
            "izmenili-v-kazaxstane , Tengrinews; vlast.kz 41287: 'in late May'; H); the regional "
            "branch minimum stays 600 (astanatimes.com 2022/03, H).",
        ),
        DatedReform(
            date=_D(2021, 7, 25),
            reform=_akims_elected("local", seats=730),
            label="2021 rural akim elections: first round, 730 of 2,345 posts (partial)",
            source="Law of 24 May 2021, first elections 25 Jul 2021 (inform.kz a3815286; kt.kz 1377918965; H). Which akims "
            "the higher akim may dismiss after election: UNCONFIRMED (kept, appointer='dismissal').",
        ),
        DatedReform(
            date=_D(2021, 7, 25),
            reform=TermLimit(
                office=Selector(ids=tuple(_rural_elected_ids())), years=4, max_terms=2
            ),
            label="2021 rural akim elections: elected rural akims limited to two 4-year terms",
            source="Two terms: Wikipedia '2021 Kazakh municipal elections' and astanatimes.com 2023/08 (H); 4-year terms: Wikipedia '2021 Kazakh municipal elections' (M).",
        ),
    ]
    for old, new, name, centre, units in NEW_REGIONS:
        steps.append(
            DatedReform(
                date=june,
                reform=SplitRegion(
                    region=f"kz.{old}",
                    new_region=f"kz.{new}",
                    region_name=name,
                    capital=centre,
                    districts=tuple(f"kz.{old}.{u}" for u in units),
                    population=_NEW_POPULATION[new],
                ),
                label=f"June 2022 referendum package: new region {name} (centre {centre})",
                source="Decree of 3-4 May 2022, in force 8 Jun 2022 (inform.kz a3929668; H); "
                "population BNS 1 Aug 2022 (L-M). The new maslikhat elects 2 senators; how "
                "the 3 new regions reached 2 seats each is UNCONFIRMED (no source found).",
            )
        )
    steps += [
        DatedReform(
            date=june,
            reform=AppointmentQuota(
                body="senate",
                appointer="president",
                seats=10,
                nominated_by="assembly_of_people",
                nominated_seats=5,
            ),
            label="June 2022 referendum package: Senate appointees 15 -> 10, 5 on the Assembly's proposal",
            source="astanatimes.com ?p=64853 (10 appointees, 5 on the Assembly's proposal; H).",
        ),
        DatedReform(
            date=june,
            reform=AppointmentQuota(
                body="mazhilis", appointer="assembly_of_people", seats=0, kind="elects"
            ),
            label="June 2022 referendum package: the Assembly of People's 9 Mazhilis seats abolished",
            source="Constitution as amended 8 Jun 2022: Mazhilis of 98 (sailaunews 2023-02-21; silkwaytv.kz; H).",
        ),
        DatedReform(
            date=june,
            reform=ConsentRequirement(offices=Selector(kind=("executive",), level=("regional",))),
            label="June 2022 referendum package: regional akims appointed with maslikhat consent",
            source="Decree of 8 Jun 2022; the President submits >= 2 candidates (inform.kz a3911918, a3942272; H).",
        ),
        DatedReform(
            date=june,
            reform=ChamberApproval(
                lower_chamber="mazhilis",
                upper_chamber="senate",
                override_threshold=2 / 3 if unconfirmed else None,
            ),
            label="June 2022 referendum package: the Mazhilis adopts laws, the Senate approves",
            source="loc.gov Global Legal Monitor 2022-07-20 (H); the 2/3 Mazhilis override after 2022 is UNCONFIRMED"
            + ("" if unconfirmed else " and left out"),
        ),
        DatedReform(
            date=june,
            reform=PartyMembershipBan(office="president"),
            label="June 2022 referendum package: no party membership for the President",
            source="qazweek.kz 2022-05-31 (the amendments put to the referendum; H).",
        ),
        DatedReform(
            date=june,
            reform=PartyMembershipBan(office="supreme_court"),
            label="June 2022 referendum package: no party membership for judges",
            source="qazweek.kz 2022-05-31: the ban also covers judges, CEC and Supreme Audit "
            "Chamber members (H); the CEC and the Audit Chamber are not modelled.",
        ),
        DatedReform(
            date=june,
            reform=ConstitutionalOmbudsman(
                office="ombudsman",
                head_of_state="president",
                upper_chamber="senate",
                senate_elects=unconfirmed,
            ),
            label="June 2022 referendum package: Commissioner for Human Rights in the Constitution (art. 83-1)",
            source="Art. 83-1; Constitutional Law No. 154-VII of 5 Nov 2022 (zanmedia.kz 91364; H); appointment by the Senate on the President's nomination is "
            "UNCONFIRMED" + ("" if unconfirmed else " and not modelled"),
            unconfirmed=unconfirmed,
        ),
        DatedReform(
            date=_D(2022, 6, 15),
            reform=EstablishConsultativeBody(
                id="national_kurultai",
                body_name="National Kurultai (Ulttyq Kuryltai)",
                appointer="president",
                advises=("president",),
            ),
            label="National Kurultai established by presidential decree",
            source="Decree signed 15 Jun 2022; first meeting 16 Jun 2022 in Ulytau; 117 members "
            "(not modelled as seats), chaired by the President "
            "(https://www.inform.kz/en/ulttyq-qurultay-to-hold-its-1st-meeting-today_a3944903 ; H; "
            "Wikipedia dates the decree 14 Jun). Its III session: 15 Mar 2024, Atyrau (akorda.kz "
            "1-1525938, H); IV: 14 Mar 2025, Burabai (astanatimes.com ?p=98310, H).",
        ),
    ]
    if unconfirmed:
        steps.append(
            DatedReform(
                date=june,
                reform=RemovePower(
                    source=Selector(ids=("president",)),
                    kind="reviews",
                    targets=Selector(kind=("executive",), level=("regional",)),
                ),
                label="June 2022 referendum package: the President may no longer cancel akims' acts",
                source="The November 2022 laws cut 'certain powers of the President over local "
                "executive bodies and the Supreme Judicial Council' (interfax.ru 871146, M); that "
                "the cut is the power to cancel akims' acts is UNCONFIRMED (no text found).",
                unconfirmed=True,
            )
        )
    steps += [
        DatedReform(
            date=_D(2022, 9, 17),
            reform=TermLimit(office=Selector(ids=("president",)), years=7, max_terms=1),
            label="September 2022: a single 7-year presidential term",
            source="Passed by Parliament 16 Sep, signed 17 Sep 2022, not in the referendum (newsline.kz 1081686; sputniknews.com 20220916; H).",
        ),
        DatedReform(
            date=_D(2022, 9, 17),
            reform=TermCountReset(
                office="president",
                note="Tokayev's 2019 term is not counted against the single term: he may run "
                "once under the new rule (kursiv.media 2022-09-03; M).",
            ),
            label="September 2022: the incumbent's 2019 term is not counted against the single "
            "7-year term (he may stand once more)",
            source="Vice-Minister of Justice Mukanova: if the amendment is in force before the "
            "election, the President 'will be able to run for president once again and serve a "
            "seven-year term' (https://kz.kursiv.media/en/2022-09-03/in-what-circumstances-"
            "tokayev-can-stay-in-office-until-2029-in-kazakhstan/ ; M).",
        ),
        DatedReform(
            date=_D(2022, 11, 20),
            reform=TermCountReset(
                office="president",
                counted=1,
                note="Elected on 20 Nov 2022 for the single 7-year term, to 2029, without "
                "re-election (trtworld.com 12784345; kursiv.media 2022-09-03; M-H).",
            ),
            label="20 November 2022 snap presidential election: the incumbent's one counted term "
            "begins (no re-election)",
            source="Snap election called for 20 Nov 2022 by decree of 21 Sep 2022 "
            "(https://www.trtworld.com/article/12784345 ; zerkalo: 'his term will end in 2029'); "
            "the single term without re-election (ccbsnews.info 5427, Tokayev's address of 1 "
            "Sep 2022; newsline.kz 1081686; H).",
        ),
        DatedReform(
            date=_D(2022, 11, 5),
            reform=NepotismBan(office="president"),
            label="November 2022 constitutional laws: the President's relatives barred from posts",
            source="Constitutional Law 'On the President', Nov 2022 (kt.kz 1377932344; zanmedia.kz 91364; H ban, M list).",
        ),
        DatedReform(
            date=_D(2022, 11, 5),
            reform=ElectoralThreshold(body="mazhilis", threshold=0.05),
            label="November 2022 constitutional laws: Mazhilis list threshold 7% -> 5%",
            source="Constitutional Law on Elections as amended Nov 2022 (astanatimes.com 2023/03 OSCE article; turk-pa.org; H).",
        ),
        DatedReform(
            date=_D(2022, 11, 5),
            reform=PartyRegistrationThreshold(members=5000, regional_branch=200),
            label="2022 party law: 5,000 members to register a party, 200 per regional branch",
            source="adyrna.kz 136911 (Ministry of Justice); astanatimes.com 2022/03 (H); the date the amendment took effect was not found "
            "(UNCONFIRMED), grouped here with the November 2022 laws.",
        ),
        DatedReform(
            date=_D(2023, 1, 1),
            reform=ConstitutionalCourt(
                replaces="constitutional_council",
                head_of_state="president",
                upper_chamber="senate",
                lower_chamber="mazhilis",
                petitioners=(
                    "president",
                    "senate",
                    "mazhilis",
                    "government",
                    "supreme_court",
                    "prosecutor_general",
                    "ombudsman",
                ),
                citizens="electorate.kz",
                term_years=8,
            ),
            label="November 2022 constitutional laws: the Constitutional Court (sits from 1 Jan 2023) replaces the Council",
            source="Constitutional Law No. 153-VII of 5 Nov 2022 (https://cis-legislation.com/"
            "document.fwx?rgn=144987 ; H); 11 judges for 8 years, one term only (Constitution art. "
            "71(1) as amended 8 Jun 2022: https://pavlodar.com/zakon/?all=020006&dok=00004 ; H; the "
            "one-term rule is not encoded).",
        ),
        DatedReform(
            date=_D(2023, 3, 19),
            reform=ElectoralSystemChange(
                body=Selector(ids=("mazhilis",)),
                tiers=(
                    ListTier(seats=69, method="hare", threshold=0.05),
                    SingleMemberTier(seats=29, formula="plurality"),
                ),
            ),
            label="March 2023 mixed elections: Mazhilis 69 list seats (5%) + 29 single-member districts",
            source="CEC (astanatimes.com 2023/03 six-parties article); turk-pa.org; H.",
        ),
        DatedReform(
            date=_D(2023, 3, 19),
            reform=GrantPower(
                source=Selector(ids=tuple(f"electorate.mazhilis.smd{k:02d}" for k in range(1, 30))),
                kind="dismisses",
                targets=Selector(ids=("mazhilis",)),
                note="Recall: the voters of a single-member district may end their Mazhilis "
                "deputy's mandate for loss of confidence (qazaqtv.com 23823; M).",
            ),
            label="March 2023: the voters of each single-member district may recall their "
            "Mazhilis deputy",
            source="Amendments to the constitutional laws implementing the address of 16 Mar "
            "2022, presented by Justice Minister Mussin, first reading 7 Sep 2022: voters may "
            "deprive Mazhilis and maslikhat deputies of their mandate for loss of confidence "
            "(https://qazaqtv.com/amp/en/news/society/23823-kazakhstan-to-introduce-rule-of-"
            "recalling-parliamentary-mandate ; M); dated to the first single-member deputies, "
            "19 Mar 2023; the recall of maslikhat deputies and the votes it needs are not "
            "modelled (UNCONFIRMED detail).",
        ),
        *maslikhat_steps(),
        DatedReform(
            date=_D(2023, 3, 19),
            reform=ElectoralSystemChange(
                body=Selector(kind=("council",), level=("regional",)),
                list_share=0.5,
                list_method="hare",
                list_threshold=0.05,
            ),
            label="March 2023 mixed elections: regional and republican-city maslikhats 50% list / 50% single-member",
            source="jjtv.kz 29890; sailaunews.kz (H); list method and threshold assumed equal to the Mazhilis' (UNCONFIRMED).",
        ),
        DatedReform(
            date=_D(2023, 3, 19),
            reform=ElectoralSystemChange(
                body=Selector(kind=("council",), level=("district",)), list_share=0.0
            ),
            label="March 2023 mixed elections: district and city maslikhats 100% single-member",
            source="jjtv.kz 29890; sailaunews.kz (H).",
        ),
        DatedReform(
            date=_D(2023, 8, 1),
            reform=_akims_elected("local", seats=1668 - 730),
            label="2022-2023 rural akim elections as terms expire: 1,668 of 2,345 elected in all by Aug 2023",
            source="1,668 rural akims elected by Aug 2023 (astanatimes.com 2023/08; H); the "
            "938 seats after the first round are spread over the regional groups in proportion to "
            "their appointed seats (PLACEHOLDER split, real total).",
        ),
        DatedReform(
            date=_D(2023, 11, 5),
            reform=_akims_elected("district", territories=pilot_units()),
            label="November 2023 pilot: 45 district and city akims directly elected (42 districts + 3 cities)",
            source="inform.kz a4111536, el.kz 95865 (H counts); the units: the CEC's list "
            "(shim.kz 136201, vlast.kz 57429, expert-kz.com 182785; H) for 34 of them, the "
            "other 11 and the units in placeholder regions a PLACEHOLDER choice (pilot_units); "
            "the regional akim keeping dismissal is UNCONFIRMED.",
        ),
        DatedReform(
            date=_D(2025, 10, 12),
            reform=_akims_elected("district", territories=("kz.east_kazakhstan.city.semey",)),
            label="12 October 2025: Semey elects its akim, the first directly elected akim of a "
            "regional centre (after the early end of the appointed akim's term)",
            source="Territorial election commission's resolution of 27 Aug 2025, after the Abai "
            "regional akim ended the city akim's powers on 18 Aug 2025 "
            "(https://www.nur.kz/politics/kazakhstan/2280312-pervye-vybory-akima-oblastnogo-"
            "centra-naznacheny-v-kazakhstane/ ; news.mail.ru 68357578: 'on 12 October the first "
            "elections of the city akim took place in Semey'; M-H). From 2025 district and city "
            "akims are elected as their terms end (news.mail.ru 68312578; total.kz, CEC chair "
            "Abdirov: 'from 2025 everywhere', M), but no list of those elections by date was "
            "found, and a regional akim may extend an akim's term once by two years (ng.kz "
            "58419, Kostanay, M): only the dated elections found are steps; Zhanasemey "
            "district (elected in 2025, news.mail.ru 68312578) is not a unit of the model.",
        ),
        DatedReform(
            date=_D(2024, 3, 15),
            reform=_akims_elected("district"),
            label="ANNOUNCED: all district and city akims directly elected as terms expire (not applied by default)",
            source="Tokayev at the III National Kurultai, Atyrau, 15 Mar 2024 (akorda.kz 1-1525938; "
            "https://qazinform.com/news/kazakhstans-large-scale-transformations-in-power-system-are-"
            "unprecedented-says-tokayev-41a56d ; M); under review in 2025 "
            "(https://en.orda.kz/toqayev-signals-possible-review-of-district-akim-elections-9473 ; M).",
            status="announced",
        ),
    ]
    steps += new_unit_steps()
    steps += constitution_2026()
    if with_parties:
        steps += party_steps()
    return sorted(steps, key=lambda s: s.date)


def kazakhstan_timeline(
    *, unconfirmed: bool = True, announced: bool = False, parties: bool = False
) -> Timeline:
    """The Kazakhstan timeline from the 2019 baseline (cached; polities are immutable).

    Raises
    ------
    govsim.ValidationError
        If ``unconfirmed``, ``announced`` or ``parties`` is not a bool (``"no"`` is not
        False).
    """
    return _timeline(
        check_bool(unconfirmed, "unconfirmed", "kazakhstan_timeline"),
        check_bool(announced, "announced", "kazakhstan_timeline"),
        check_bool(parties, "parties", "kazakhstan_timeline"),
    )


@cache
def _timeline(unconfirmed: bool, announced: bool, parties: bool) -> Timeline:
    return Timeline(
        kazakhstan_2019(parties=parties),
        kazakhstan_reforms(unconfirmed=unconfirmed, parties=parties),
        include_announced=announced,
        name="Kazakhstan",
    )


def kazakhstan(
    date: dt.date | str = "2024-01-01",
    *,
    unconfirmed: bool = True,
    announced: bool = False,
    parties: bool = False,
) -> Polity:
    """Kazakhstan's polity in force at ``date`` (2019 baseline + the dated reforms).

    Parameters
    ----------
    date : date or ISO string, default "2024-01-01"
        Dates before 2019 give the 2019 baseline; from 2026-07-01 the Constitution
        of 2026 is in force (the Kurultai, the vice president, the People's Council:
        :mod:`govsim.scenarios.kazakhstan_2026`).
    unconfirmed : bool, default True
        Include UNCONFIRMED facts (see :func:`kazakhstan_reforms`).
    announced : bool, default False
        Also apply the announced full roll-out of district-akim elections.
    parties : bool, default False
        Add the party layer: the Mazhilis' seats by party (CEC results of 2016, 2021
        and 2023) and the President's party (Nur Otan, renamed Amanat; none from
        26 Apr 2022), see :func:`party_steps`. Off by default because the structural
        metrics still count party institutions as offices.

    Returns
    -------
    Polity

    Raises
    ------
    govsim.ValidationError
        If ``date`` is not an ISO date, or ``unconfirmed`` / ``announced`` /
        ``parties`` is not a bool (``kazakhstan(unconfirmed="no")`` is an error, not a
        hybrid model).

    Examples
    --------
    >>> p = kazakhstan("2024-01-01")
    >>> p.institution("mazhilis").seats, p.institution("senate").seats
    (98, 50)
    >>> kazakhstan("2026-12-01").institution("kurultai").seats
    145
    >>> from govsim.model.parties import seat_table
    >>> seat_table(kazakhstan("2024-01-01", parties=True), "mazhilis").independents
    7
    """
    return _timeline(
        check_bool(unconfirmed, "unconfirmed", "kazakhstan"),
        check_bool(announced, "announced", "kazakhstan"),
        check_bool(parties, "parties", "kazakhstan"),
    ).at(date)

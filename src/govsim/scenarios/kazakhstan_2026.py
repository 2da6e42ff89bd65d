"""Kazakhstan's Constitution of 2026 as dated reforms, and its referendum.

The Constitution was approved by the republican referendum of 15 March 2026 and took
effect on 1 July 2026 (its art. 94), when the bicameral Parliament's mandate ended.
:func:`constitution_2026` gives its structural changes as dated steps on the polity in
force on 30 June 2026; :func:`govsim.scenarios.kazakhstan` applies them from
2026-07-01. Each step names its sources and confidence (H: official or two
independent sources; M: one reputable source; L: weak or inferred; UNCONFIRMED: no
source found), as the data file does.

What the sources give and the model encodes:

* **Kurultai** (role ``sole_chamber``): 145 deputies, proportional representation in
  one nationwide district, 5-year term; the Senate and the Mazhilis go with the
  President's 10 Senate appointees, the Assembly of People's 5 nominations and the
  29 single-member districts (qazinform.com 640723 and 44af96, 26 Jan 2026; the
  published draft, enbekshiqazaq.kz 393712 and orda.kz 9648; Reuters via
  devdiscourse.com 3869117 after the vote; H). Quotas for women, youth and people
  with disabilities stay in the party lists, and a deputy who leaves the party
  loses the mandate (mts.kg 9397; qazinform.com 640723; M): list composition and
  the imperative mandate have no place in the graph and are not encoded. The list
  tier's method and threshold are the Mazhilis' (Hare, 5%): **UNCONFIRMED** for the
  Kurultai.
* The Kurultai takes over the chambers' powers over other offices: consent to the
  Prime Minister, no confidence in the Government by a majority of deputies, the
  election of Supreme Court judges on the President's nomination (Beknazarov at the
  Constitutional Commission, en.tengrinews.kz 270804; M), the veto override. The
  Senate's consent to the Prosecutor General and its election and dismissal of the
  Commissioner for Human Rights pass to the Kurultai too: **UNCONFIRMED** (the text
  of those articles was not found; inform.kz aaf863 gives only that both are
  appointed anew within two months of 1 Jul 2026).
* **Consent to appointments** by a majority of the Kurultai's deputies: the vice
  president, the Prime Minister, the Constitutional Court's judges, the members of
  the CEC and the Supreme Audit Chamber (Justice Minister Sarsembayev, qazinform.com
  bfd3d9, 26 Jan 2026, M; transitional art. 95: the vice president, the chair and
  judges of the Constitutional Court with the Kurultai's consent within two months of
  its first session, inform.kz aaf863, 12 Feb 2026, H). The Constitutional Court's
  11 seats are then all filled by the President with the Kurultai's consent (the
  chambers' 3 + 3 end); whether the 11 are the chair and 10 judges is L. The CEC
  and the Audit Chamber are not modelled.
* **Vice president** (role ``vice_president``): appointed and dismissed by the
  President, with the Kurultai's consent to the appointment (presidential
  assistant Zhienbayev, mts.kg 9397, M; art. 95, H). The order of succession
  (vice president first) has no relation kind: not encoded.
* **People's Council (Halyk Kenesi)**: the highest consultative body, formed by the
  President from citizens (Zhienbayev, rus.baq.kz 300031626, 24 Jan 2026, M); it may
  submit bills to the Kurultai (art. 70-2 of the January draft, inform.kz 904924;
  section VI of the final draft, kazpravda.kz 2026-02-04; M-H): an ``initiates``
  relation. It takes the place of the Assembly of People and of the National
  Kurultai, whose "historical missions are complete" (Tokayev at the V National
  Kurultai, 20 Jan 2026, inform.kz e385d6; kazpravda.kz 2026-02-05; M).

Not encoded: the President's right to dissolve the Kurultai after a repeated refusal
of consent (draft arts. 46 and 62, enbekshiqazaq.kz 393784, M), because the 1995
Constitution's dissolution power (art. 63) is not in the 2019 baseline either and the
comparison would show a new power that is an old one; the Kurultai's request, by its
deputies, that the President dismiss a minister (a request, not a removal: no
relation kind); the changes to maslikhats and akims (section IX of the text,
"adapted to the transition to the Kurultai", inform.kz 3f6e98, without detail).

The first Kurultai election was called on 1 Jul 2026 for 23 Aug 2026 (timesca.com
?p=51256, M); the Senate chair had said it would be held within two months of the
chambers' end, the Kurultai to sit from 1 Sep 2026 (Ashimbayev, 19 Feb 2026:
kaz.zakon.kz 6076905, ar.inform.kz c89e89; M). **Its result was not found**: searched
on 2 Dec 2026 (pages and docs corpora) for "Kurultai election 2026 results", "Kazakhstan
first Kurultai elections held August 23 Amanat wins", "Kurultai elections preliminary
results exit poll turnout", "timesca Kazakhstan Kurultai elections results", "выборы в
Курултай 2026 итоги", "ЦИК Казахстана Курултай мандаты распределение партии август
2026", "Курултай депутаты избраны Amanat Ак жол Ауыл Respublica 145 мандатов" and
"Құрылтай сайлауы 2026 нәтижелері": every hit was the Mazhilis results of 2016-2023 or
reporting from before the vote (constitution.my "Kurultai Elections 2026: What Is
Already Known"). So no seats by party, turnout or party list is recorded for the
Kurultai (:data:`FIRST_KURULTAI_RESULT` is None), and the party layer holds none for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from govsim.model.rows import Relation
from govsim.reforms import (
    AppointmentQuota,
    ConsentRequirement,
    DatedReform,
    EstablishInstitution,
    RemovePower,
    Selector,
)
from govsim.reforms.remove_institution import RemoveInstitution
from govsim.reforms.unicameral import UnicameralParliament

__all__ = [
    "FIRST_KURULTAI_ELECTION",
    "FIRST_KURULTAI_RESULT",
    "IN_FORCE",
    "KURULTAI_SEATS",
    "KURULTAI_TERM_YEARS",
    "REFERENDUM_2026",
    "Referendum",
    "constitution_2026",
]

#: The Constitution takes effect (art. 94 of the text; gazeta.kg 169232, timesca.com
#: ?p=51256; H).
IN_FORCE = dt.date(2026, 7, 1)
#: Deputies of the Kurultai (qazinform.com 640723; enbekshiqazaq.kz 393712; H).
KURULTAI_SEATS = 145
#: The Kurultai's term (same sources; H).
KURULTAI_TERM_YEARS = 5
#: The first Kurultai election, called on 1 Jul 2026 (timesca.com ?p=51256; M).
FIRST_KURULTAI_ELECTION = dt.date(2026, 8, 23)
#: The first Kurultai election's seats by party: not found in the sources searched (the
#: module docstring lists the searches), so None, not a guess.
FIRST_KURULTAI_RESULT: dict[str, int] | None = None


@dataclass(frozen=True)
class Referendum:
    """A referendum's result as the commission gave it."""

    date: dt.date
    electorate: int
    participants: int
    yes: int
    no: int
    invalid: int
    yes_percent: float
    turnout_percent: float
    source: str


#: The republican referendum of 15 March 2026 on the new Constitution (Central
#: Referendum Commission, chair Nurlan Abdirov, 16 Mar 2026; H).
REFERENDUM_2026 = Referendum(
    date=dt.date(2026, 3, 15),
    electorate=12_482_613,
    participants=9_127_192,
    yes=7_954_667,
    no=898_099,
    invalid=146_558,
    yes_percent=87.15,
    turnout_percent=73.12,
    source=(
        "Central Referendum Commission of Kazakhstan, results of 16 Mar 2026, as reported by "
        "TASS (monitoruldestiri.ro 5327730), The Caspian Post "
        "(caspianpost.com/kazakhstan/kazakh-citizens-overwhelmingly-approve-new-constitution) "
        "and The Geneva Times (thegenevatimes.ch/?p=145126); H"
    ),
)

_SRC_KURULTAI = (
    "Constitution of 2026 (referendum 15 Mar, in force 1 Jul 2026, art. 94): qazinform.com "
    "640723 and 44af96 (26 Jan 2026), enbekshiqazaq.kz 393712, orda.kz 9648, devdiscourse.com "
    "3869117 (H: 145 deputies, PR in one nationwide district, 5 years, no presidential or "
    "Assembly quotas); the Kurultai inherits consent to the PM, no confidence and the election "
    "of Supreme Court judges (en.tengrinews.kz 270804, M) and the Senate's consent to the "
    "Prosecutor General and role over the ombudsman (UNCONFIRMED); Hare and 5% kept from the "
    "Mazhilis (UNCONFIRMED)."
)
_SRC_CONSENT = (
    "Constitution of 2026: the President appoints the judges of the Constitutional Court with "
    "the Kurultai's consent (qazinform.com bfd3d9, M; transitional art. 95, inform.kz aaf863, "
    "H); the chambers' 3 + 3 appointees end; that the 11 seats are the chair and 10 judges is L."
)
_SRC_VP = (
    "Constitution of 2026: vice president appointed by the President with the Kurultai's "
    "consent, dismissed by the President (mts.kg 9397, M; transitional art. 95, inform.kz "
    "aaf863, H). Succession (vice president first) is not encoded."
)
_NOTE_VP = "Constitution of 2026 (mts.kg 9397, M; art. 95, inform.kz aaf863, H)."
_NOTE_COUNCIL = "Constitution of 2026, section VI (rus.baq.kz 300031626; inform.kz 904924; M)."
_SRC_COUNCIL = (
    "Constitution of 2026, section VI: People's Council (Halyk Kenesi), highest consultative "
    "body, formed by the President, may submit bills to the Kurultai (rus.baq.kz 300031626, M; "
    "inform.kz 904924 art. 70-2; kazpravda.kz 2026-02-04, M-H); replaces the Assembly of People "
    "and the National Kurultai (inform.kz e385d6, 20 Jan 2026; M)."
)


def constitution_2026() -> list[DatedReform]:
    """The Constitution of 2026's structural changes, dated 1 Jul 2026 (see the module).

    Returns
    -------
    list of DatedReform
        In the order they apply.

    Examples
    --------
    >>> steps = constitution_2026()
    >>> steps[0].date.isoformat(), steps[0].reform.name
    ('2026-07-01', 'unicameral_parliament')
    """
    d = IN_FORCE
    court = "constitutional_court"
    return [
        DatedReform(
            date=d,
            reform=UnicameralParliament(
                id="kurultai",
                chamber_name="Kurultai",
                seats=KURULTAI_SEATS,
                term_years=KURULTAI_TERM_YEARS,
                abolish=("mazhilis", "senate"),
                electorate="electorate.kz",
                method="hare",
                threshold=0.05,
            ),
            label="Constitution of 2026: a unicameral Kurultai of 145 (PR, one nationwide "
            "district, 5 years) replaces the Senate and the Mazhilis",
            source=_SRC_KURULTAI,
        ),
        DatedReform(
            date=d,
            reform=AppointmentQuota(
                body=court, appointer="kurultai", seats=0, kind="appoints", resize=False
            ),
            label="Constitution of 2026: the chambers no longer appoint Constitutional Court judges",
            source=_SRC_CONSENT,
        ),
        DatedReform(
            date=d,
            reform=AppointmentQuota(
                body=court, appointer="president", seats=11, kind="appoints", resize=False
            ),
            label="Constitution of 2026: the President appoints all 11 Constitutional Court judges",
            source=_SRC_CONSENT,
        ),
        DatedReform(
            date=d,
            reform=RemovePower(
                source=Selector(ids=("kurultai",)),
                kind="consents",
                targets=Selector(ids=(court,)),
            ),
            label="Constitution of 2026: the consent to the Court's chair alone (the Senate's) ends",
            source=_SRC_CONSENT,
        ),
        DatedReform(
            date=d,
            reform=ConsentRequirement(offices=Selector(ids=(court,)), consenting_body="kurultai"),
            label="Constitution of 2026: the Kurultai consents to every Constitutional Court appointment",
            source=_SRC_CONSENT,
        ),
        DatedReform(
            date=d,
            reform=EstablishInstitution(
                id="vice_president",
                institution_name="Vice President",
                kind="executive",
                level="national",
                territory="kz",
                role="vice_president",
                relations=(
                    Relation(
                        source="president",
                        target="vice_president",
                        kind="appoints",
                        note=_NOTE_VP,
                    ),
                    Relation(
                        source="kurultai",
                        target="vice_president",
                        kind="consents",
                        note="By a majority of deputies. " + _NOTE_VP,
                    ),
                    Relation(
                        source="president",
                        target="vice_president",
                        kind="dismisses",
                        note=_NOTE_VP,
                    ),
                ),
            ),
            label="Constitution of 2026: a vice president, appointed with the Kurultai's consent",
            source=_SRC_VP,
        ),
        DatedReform(
            date=d,
            reform=EstablishInstitution(
                id="peoples_council",
                institution_name="People's Council of Kazakhstan (Halyk Kenesi)",
                kind="consultative",
                level="national",
                territory="kz",
                replaces="assembly_of_people",
                relations=(
                    Relation(
                        source="president",
                        target="peoples_council",
                        kind="appoints",
                        note="Formed by the President from citizens. " + _NOTE_COUNCIL,
                    ),
                    Relation(
                        source="peoples_council",
                        target="kurultai",
                        kind="initiates",
                        note="May submit bills to the Kurultai. " + _NOTE_COUNCIL,
                    ),
                    Relation(
                        source="peoples_council",
                        target="president",
                        kind="petitions",
                        note="Proposals on domestic policy. " + _NOTE_COUNCIL,
                    ),
                ),
            ),
            label="Constitution of 2026: the People's Council (Halyk Kenesi) replaces the "
            "Assembly of People and may submit bills",
            source=_SRC_COUNCIL,
        ),
        DatedReform(
            date=d,
            reform=RemoveInstitution(institutions=("national_kurultai",)),
            label="Constitution of 2026: the National Kurultai ends (its role passes to the "
            "People's Council)",
            source=_SRC_COUNCIL,
        ),
    ]

"""Kazakhstan's vote model: the 2023 Mazhilis list votes, for the Kazakhstan scenario.

The ``electoral.*`` metrics have no default vote model; the Kazakhstan scenario names
this one (the ``[vote_model]`` table of ``examples/kazakhstan.toml`` holds the same
figures, and a test checks that they agree). Evaluate a Kazakh polity under it with
``govsim.evaluate(polity, vote_model=KAZAKHSTAN_2023)``.

:data:`KAZAKHSTAN_2023_ENTRY` adds the party entry model (the members of each list's
party, :data:`REGISTERED_MEMBERS_2023`). The 2019 polity's 40,000-member threshold
keeps Baytaq (21,000, L) off the ballot; the 2020 (20,000) and 2022 (5,000) thresholds
let every 2023 list run. With ``DEFAULT_DRAWS`` and ``DEFAULT_SEED``::

    polity          vote model              expected_gallagher  expected_enp
    2019 (40,000)   KAZAKHSTAN_2023                       8.56         2.205
    2019 (40,000)   KAZAKHSTAN_2023_ENTRY                 7.11         2.250
    2024 (5,000)    either                                9.06         2.259

(``unregistered_votes="abstain"``: 7.12 and 2.249; ``"against_all"``: 7.74 and 2.204
for 2019.) So, with entry, the index rises 7.11 -> 9.06 from the 2019 system to the
2024 one instead of 8.56 -> 9.06: the lower threshold lets a small list run whose
votes win no seat. The observed whole-chamber move of 2021 -> 2023 (Gallagher 6.53 ->
8.33, effective number of parties by seats 1.60 -> 2.36) comes from actual results;
the entry model accounts for part of the rise of the index and, with Respublica's
membership unknown (so it runs under any threshold), for almost none of the rise of
the effective number of parties. Against the 2021 polity (20,000) there is no entry
effect at all, since Baytaq's 21,000 meet it. Figures from::

    from govsim.metrics.electoral import expected_enp, expected_gallagher
    from govsim.scenarios import kazakhstan
    from govsim.scenarios.kazakhstan import kazakhstan_2019
    for p in (kazakhstan_2019(), kazakhstan("2024-01-01")):
        for v in (KAZAKHSTAN_2023, KAZAKHSTAN_2023_ENTRY):
            print(expected_gallagher(p, vote_model=v), expected_enp(p, vote_model=v))
"""

from __future__ import annotations

import dataclasses

from govsim.electoral.vote_model import VoteModel

__all__ = [
    "KAZAKHSTAN_2023",
    "KAZAKHSTAN_2023_ENTRY",
    "LIST_VOTES_2023",
    "REGISTERED_MEMBERS_2023",
]

#: Valid list votes of the 19 March 2023 Mazhilis election by party, and the votes
#: "against all" (Central Election Commission, final results of 27 Mar 2023, as
#: reported by astanatimes.com 2023/03 and Kazinform a4049989; confidence H).
LIST_VOTES_2023: dict[str, int] = {
    "Amanat": 3_431_510,
    "Auyl": 693_938,
    "Respublica": 547_154,
    "Ak Zhol": 535_139,
    "QHP": 432_920,
    "OSDP": 331_058,
    "Baytaq": 146_431,
    "Against all": 248_291,
}

#: All valid list votes, "against all" included (6,366,441): the base of the district shares.
_ALL_VOTES = sum(LIST_VOTES_2023.values())

#: The vote model of the Kazakhstan scenario: the 2023 list shares (Dirichlet
#: concentration 300, district swing 0.5), "against all" (no seats) and the
#: self-nominated district candidates (list share 0; district share 0.3, so that they
#: win about a fifth of the single-member districts, 7 of 29 in 2023). A party's
#: district share is its share of all list votes.
KAZAKHSTAN_2023 = VoteModel(
    shares=(*LIST_VOTES_2023.values(), 0),
    eligible=(True,) * 7 + (False, False),
    district_shares=(
        *(v / _ALL_VOTES for k, v in LIST_VOTES_2023.items() if k != "Against all"),
        0.0,
        0.3,
    ),
    names=(*LIST_VOTES_2023, "Self-nominated"),
    label="Mazhilis 2023 list votes (CEC)",
    source=(
        "Central Election Commission of Kazakhstan, final results of the Mazhilis "
        "election of 19 March 2023, as reported by The Astana Times (27 March 2023) and Kazinform"
    ),
    confidence=(
        "H for the list votes; the dispersion (a0 = 300), the district swing (0.5) and "
        "the self-nominated district share (0.3, 7 of 29 districts) are calibrations"
    ),
)

#: Members of each 2023 list's party at (or near) registration, for the entry model
#: (:func:`govsim.electoral.entry.entrants`); ``None`` where no sourced figure was found
#: (the entry then always enters). Sources and confidence:
#:
#: * Amanat: 762,000, the membership Nur Otan (renamed Amanat on 1 Mar 2022) claimed in
#:   2007 (Wikipedia infobox, "Membership (2007) 762,000", https://enwikipedia.net/wiki/Nur_Otan ;
#:   L: a party claim 16 years before 2023, not a registration count).
#: * Baytaq: 21,000, the party's 2023 membership (Wikipedia infobox "Membership (2023)
#:   21,000", https://wiki.alquds.edu/?query=Baytaq ; L: a 2023 figure without a cited
#:   source, not the count it registered with on 28 Nov 2022 under the 5,000 rule,
#:   astanatimes.com/2022/12/baitak-party-registered-in-kazakhstan-... , H for the date).
#: * Respublica: None. No membership figure was found; it registered on 18 Jan 2023
#:   under the 5,000 rule (astanatimes.com/2023/01/respublica-party-registers-in-kazakhstan/ ,
#:   H), its founding congress had about 1,000 delegates (ulysmedia.kz 11777, 6 Dec 2022;
#:   delegates, not members), and in May 2022 no initiative group had passed the
#:   20,000-member stage since 2019 (vlast.kz 49855, M) -- consistent with fewer than
#:   20,000 members, but not a count, so none is assumed.
#: * Auyl, Ak Zhol, QHP (People's Party), OSDP: None (no figure found; all registered
#:   before 2019 under a higher threshold).
REGISTERED_MEMBERS_2023: dict[str, int | None] = {
    "Amanat": 762_000,
    "Auyl": None,
    "Respublica": None,
    "Ak Zhol": None,
    "QHP": None,
    "OSDP": None,
    "Baytaq": 21_000,
    "Against all": None,
}

#: :data:`KAZAKHSTAN_2023` with the entry model: the member counts of
#: :data:`REGISTERED_MEMBERS_2023` ("self-nominated" None) and the votes of a list that
#: cannot register spread over the registered parties in proportion to their shares
#: (``unregistered_votes="proportional"``). Under the 2019 polity's 40,000-member
#: threshold Baytaq cannot run; under 20,000 (2020-2022) and 5,000 (from 2022) every
#: list runs. The scenario file's ``[vote_model]`` is :data:`KAZAKHSTAN_2023` (no
#: member counts).
KAZAKHSTAN_2023_ENTRY = dataclasses.replace(
    KAZAKHSTAN_2023,
    registered_members=(*REGISTERED_MEMBERS_2023.values(), None),
    unregistered_votes="proportional",
    label="Mazhilis 2023 list votes (CEC), with party entry",
    confidence=(
        f"{KAZAKHSTAN_2023.confidence}; member counts L (Amanat 2007 and Baytaq 2023 "
        "figures; the others unknown: they enter)"
    ),
)

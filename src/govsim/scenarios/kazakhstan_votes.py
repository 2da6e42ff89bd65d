"""Kazakhstan's vote model: the 2023 Mazhilis list votes, for the Kazakhstan scenario.

The ``electoral.*`` metrics have no default vote model; the Kazakhstan scenario names
this one (the ``[vote_model]`` table of ``examples/kazakhstan.toml`` holds the same
figures, and a test checks that they agree). Evaluate a Kazakh polity under it with
``govsim.evaluate(polity, vote_model=KAZAKHSTAN_2023)``.
"""

from __future__ import annotations

from govsim.electoral.vote_model import VoteModel

__all__ = ["KAZAKHSTAN_2023", "LIST_VOTES_2023"]

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

"""Small hand-built polities for the structural metric tests."""

from __future__ import annotations

import pytest

from govsim.model.polity import Polity
from govsim.model.rows import Institution, Relation, Territory


def build(
    institutions: list[tuple],
    relations: list[tuple],
    territories: list[tuple] = (),
    name: str = "toy",
) -> Polity:
    """``institutions``: (id, kind, level[, seats[, territory]]); ``relations``:
    (source, kind, target[, seats]); ``territories``: (id, level, parent, population)."""
    terr = [
        Territory(id=t[0], name=t[0], level=t[1], parent=t[2], population=t[3]) for t in territories
    ]
    inst = [
        Institution(
            id=i[0],
            name=i[0],
            kind=i[1],
            level=i[2],
            seats=i[3] if len(i) > 3 else 1,
            territory=i[4] if len(i) > 4 else None,
        )
        for i in institutions
    ]
    rel = [
        Relation(source=r[0], kind=r[1], target=r[2], seats=r[3] if len(r) > 3 else None)
        for r in relations
    ]
    return Polity(name, territories=terr, institutions=inst, relations=rel)


@pytest.fixture(scope="session")
def toy() -> Polity:
    """A small presidential polity; every metric's hand computation refers to it.

    voters elect the president and 8 of 10 lower-chamber seats (the president
    appoints 2); the president appoints the government (lower chamber consents),
    2 of 6 upper-chamber seats (each regional council elects 2), 3 of 5 judges
    (the upper chamber 2) and the governor of r2 (council c2 consents); r1's voters
    elect their governor a1; the government appoints agency ag, council c1 appoints
    agency audit1; 'lonely' has no channel at all. Checks: the court reviews and
    both chambers override the president; the lower chamber (no confidence), the
    court (reviews) and the president (dismisses) check the government, which
    dismisses ag. Populations: r1 300, r2 100.
    """
    return build(
        [
            ("voters", "electorate", "national", 1, "nation"),
            ("pres", "head_of_state", "national"),
            ("gov", "government", "national"),
            ("lower", "chamber", "national", 10),
            ("upper", "chamber", "national", 6),
            ("court", "court", "national", 5),
            ("ag", "agency", "national"),
            ("lonely", "agency", "national"),
            ("v1", "electorate", "regional", 1, "r1"),
            ("v2", "electorate", "regional", 1, "r2"),
            ("c1", "council", "regional", 4, "r1"),
            ("c2", "council", "regional", 4, "r2"),
            ("a1", "executive", "regional", 1, "r1"),
            ("a2", "executive", "regional", 1, "r2"),
            ("audit1", "agency", "regional", 1, "r1"),
        ],
        [
            ("voters", "elects", "pres"),
            ("voters", "elects", "lower", 8),
            ("pres", "appoints", "lower", 2),
            ("pres", "appoints", "gov"),
            ("lower", "consents", "gov"),
            ("c1", "elects", "upper", 2),
            ("c2", "elects", "upper", 2),
            ("pres", "appoints", "upper", 2),
            ("pres", "appoints", "court", 3),
            ("upper", "appoints", "court", 2),
            ("v1", "elects", "c1"),
            ("v2", "elects", "c2"),
            ("v1", "elects", "a1"),
            ("pres", "appoints", "a2"),
            ("c2", "consents", "a2"),
            ("gov", "appoints", "ag"),
            ("c1", "appoints", "audit1"),
            ("court", "reviews", "pres"),
            ("lower", "overrides", "pres"),
            ("upper", "overrides", "pres"),
            ("lower", "no_confidence", "gov"),
            ("court", "reviews", "gov"),
            ("pres", "dismisses", "gov"),
            ("gov", "dismisses", "ag"),
        ],
        [
            ("nation", "national", None, 400),
            ("r1", "regional", "nation", 300),
            ("r2", "regional", "nation", 100),
        ],
    )


@pytest.fixture(scope="session")
def build_polity():
    """The :func:`build` helper, as a fixture (test modules cannot import conftest)."""
    return build

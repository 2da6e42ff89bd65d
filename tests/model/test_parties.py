"""Party ties in the polity: the holds_seats / member_of rules and the accessors."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import Institution, Polity, Relation, ValidationError
from govsim.metrics import evaluate
from govsim.model import RelationGroup, RelationKind
from govsim.model.kinds import PARTY_KINDS
from govsim.model.parties import membership, party_ids, party_of, seat_table


def inst(id_: str, kind: str, seats: int = 1, **kw: object) -> Institution:
    return Institution(id=id_, name=id_, kind=kind, level="national", seats=seats, **kw)


def polity(*relations: Relation) -> Polity:
    return Polity(
        "p",
        institutions=[
            inst("voters", "electorate"),
            inst("pres", "head_of_state", role="head_of_state"),
            inst("parl", "chamber", 10, role="sole_chamber"),
            inst("board", "agency", 5),
            inst("party.a", "party"),
            inst("party.b", "party"),
        ],
        relations=[
            Relation(source="voters", target="pres", kind="elects"),
            Relation(source="voters", target="parl", kind="elects"),
            *relations,
        ],
    )


def holds(party: str, seats: int | None, body: str = "parl") -> Relation:
    return Relation(source=party, target=body, kind="holds_seats", seats=seats)


def test_party_kinds_are_their_own_group_at_the_end() -> None:
    assert {RelationKind.HOLDS_SEATS, RelationKind.MEMBER_OF} == PARTY_KINDS
    for k in PARTY_KINDS:
        assert k.group is RelationGroup.PARTISAN
        assert k.code >= RelationKind.IMPEACHES.code


def test_seat_table_and_party_of() -> None:
    p = polity(
        holds("party.b", 3),
        holds("party.a", 6),
        Relation(source="pres", target="party.a", kind="member_of"),
    )
    t = seat_table(p, "parl")
    assert t.parties.tolist() == ["party.a", "party.b"]
    assert t.seats.tolist() == [6, 3]
    assert (t.independents, t.total) == (1, 10)
    assert party_of(p, "pres") == "party.a"
    assert party_of(p, "parl") is None
    assert membership(p).tolist() == [-1, 4, -1, -1, -1, -1]
    assert party_ids(p).tolist() == ["party.a", "party.b"]
    empty = seat_table(p, "board")
    assert empty.parties.size == 0
    assert empty.independents == 5
    assert Polity.from_document(p.to_dict()) == p


#: The measures defined on party data: POLCON reads each chamber's fractionalization and
#: its alignment with the executive, the partisan veto players the majority's parties.
PARTISAN_METRICS = {"veto.polcon", "veto.polcon_v", "veto.partisan_players"}


def test_party_ties_change_no_structural_metric() -> None:
    plain, partisan = polity(), polity(holds("party.a", 6), holds("party.b", 4))
    a, b = evaluate(plain), evaluate(partisan)
    for name in a.keys() - PARTISAN_METRICS:
        x, y = a[name], b[name]
        assert (np.isnan(x) and np.isnan(y)) or x == pytest.approx(y, abs=1e-12), name
    # the one chamber, opposed to a president of no party: s = 1 without seats by party,
    # 1 - F = 1 - (1 - 0.6^2 - 0.4^2) = 0.52 with them; POLCON III = 0.6667 * s
    assert a["veto.polcon"] == pytest.approx(0.6667, abs=1e-12)
    assert b["veto.polcon"] == pytest.approx(0.6667 * 0.52, abs=1e-12)


@pytest.mark.parametrize(
    ("relations", "match"),
    [
        ((holds("pres", 3),), r"holds_seats\): field 'source' must be a party"),
        ((holds("party.a", 3, "board"),), "field 'target' must be an elected body.*nothing elects"),
        ((holds("party.a", 3, "pres"),), "field 'target' must be an elected body"),
        ((holds("party.a", None),), "field 'seats' is required"),
        ((holds("party.a", 6), holds("party.b", 5)), r"'parl'.*hold 11 seats.*'seats' = 10"),
        ((holds("party.a", 2), holds("party.a", 3)), "already holds seats in 'parl'"),
        ((Relation(source="pres", target="parl", kind="member_of"),), "must be a party"),
        ((Relation(source="voters", target="party.a", kind="member_of"),), "must be an office"),
        ((Relation(source="party.b", target="party.a", kind="member_of"),), "must be an office"),
        (
            (
                Relation(source="pres", target="party.a", kind="member_of"),
                Relation(source="pres", target="party.b", kind="member_of"),
            ),
            "'pres' is 'member_of' both 'party.a' and 'party.b'",
        ),
    ],
)
def test_bad_party_ties_name_the_relation_and_field(
    relations: tuple[Relation, ...], match: str
) -> None:
    with pytest.raises(ValidationError, match=match):
        polity(*relations)


def test_accessors_name_a_bad_id() -> None:
    p = polity()
    with pytest.raises(ValidationError, match=r"'body' parameter of seat_table.*'nope'"):
        seat_table(p, "nope")
    with pytest.raises(ValidationError, match="'office' parameter of party_of"):
        party_of(p, 3)  # type: ignore[arg-type]

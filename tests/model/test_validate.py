"""Every whole-polity validation rule, on every construction path, with its message."""

from __future__ import annotations

import re

import numpy as np
import pytest

from govsim import (
    ElectoralSystem,
    Institution,
    ListTier,
    Polity,
    Relation,
    Rule,
    Territory,
    ValidationError,
)


def inst(id: str, kind: str = "executive", level: str = "national", **kw: object) -> Institution:
    return Institution(id=id, name=id.title(), kind=kind, level=level, **kw)


def arrays(**overrides: object) -> dict[str, object]:
    """Keyword arguments of a small valid ``Polity.from_arrays`` call, with overrides."""
    kw: dict[str, object] = {
        "territories": {
            "id": ["kz", "r1"],
            "level": ["national", "regional"],
            "parent": [-1, 0],
            "population": [100, 40],
        },
        "institutions": {
            "id": ["voters", "pres", "chamber"],
            "kind": ["electorate", "head_of_state", "chamber"],
            "level": ["national"] * 3,
            "territory": [0, 0, 0],
            "seats": [1, 1, 10],
        },
        "relations": {
            "source": [0, 0],
            "target": [1, 2],
            "kind": ["elects", "elects"],
            "seats": [-1, 6],
        },
    }
    for key, value in overrides.items():
        table, column = key.split("__")
        kw[table] = {**kw[table], column: value}  # type: ignore[dict-item]
    return kw


def test_the_fixture_is_valid() -> None:
    p = Polity.from_arrays("ok", **arrays())
    assert p.n_institutions == 3


# ---------------------------------------------------------------- rule 1: unique ids
def test_duplicate_institution_id_rows() -> None:
    with pytest.raises(
        ValidationError, match=r"Institution id 'a' is not unique \(rows 0 and 2\): field 'id'"
    ):
        Polity("p", institutions=[inst("a"), inst("b"), inst("a")])


def test_duplicate_institution_id_arrays() -> None:
    with pytest.raises(ValidationError, match="Institution id 'pres' is not unique"):
        Polity.from_arrays("p", **arrays(institutions__id=["voters", "pres", "pres"]))


def test_duplicate_territory_id() -> None:
    with pytest.raises(ValidationError, match="Territory id 'kz' is not unique"):
        Polity.from_arrays("p", **arrays(territories__id=["kz", "kz"]))


# ---------------------------------------------------------------- rule 2: references resolve
def test_relation_target_unknown_rows() -> None:
    with pytest.raises(
        ValidationError, match=r"Relation #0: field 'target' refers to unknown institution 'nobody'"
    ):
        Polity(
            "p",
            institutions=[inst("a")],
            relations=[Relation(source="a", target="nobody", kind="oversees")],
        )


def test_relation_source_unknown_rows() -> None:
    with pytest.raises(
        ValidationError, match="field 'source' refers to unknown institution 'ghost'"
    ):
        Polity(
            "p",
            institutions=[inst("a")],
            relations=[Relation(source="ghost", target="a", kind="oversees")],
        )


def test_relation_row_out_of_range_arrays() -> None:
    with pytest.raises(
        ValidationError, match=r"Relation #1 \('voters' -> row 7, elects\): field 'target'"
    ):
        Polity.from_arrays("p", **arrays(relations__target=[1, 7]))


def test_institution_territory_unknown() -> None:
    with pytest.raises(
        ValidationError,
        match="Institution 'a': field 'territory' refers to unknown territory 'mars'",
    ):
        Polity("p", institutions=[inst("a", territory="mars")])


def test_territory_parent_unknown() -> None:
    with pytest.raises(
        ValidationError, match="Territory 'r': field 'parent' refers to unknown territory 'x'"
    ):
        Polity("p", territories=[Territory(id="r", name="R", level="regional", parent="x")])


def test_electoral_system_body_unknown() -> None:
    system = ElectoralSystem(body="senate", tiers=[ListTier(seats=5)])
    with pytest.raises(
        ValidationError,
        match="ElectoralSystem for 'senate': field 'body' refers to an unknown institution",
    ):
        Polity("p", institutions=[inst("a")], electoral_systems=[system])


def test_rule_subject_unknown() -> None:
    with pytest.raises(
        ValidationError, match="Rule on 'king': field 'subject' refers to an unknown institution"
    ):
        Polity(
            "p", institutions=[inst("a")], rules=[Rule(kind="party_membership_ban", subject="king")]
        )


# ---------------------------------------------------------------- rule 3: territory forest
def test_territory_cycle() -> None:
    with pytest.raises(ValidationError, match="Territory 'a': field 'parent' makes a cycle"):
        Polity.from_arrays(
            "p", territories={"id": ["a", "b", "c"], "level": ["regional"] * 3, "parent": [1, 2, 0]}
        )


def test_territory_own_parent() -> None:
    with pytest.raises(
        ValidationError, match="Territory 'r1': field 'parent' refers to the territory itself"
    ):
        Polity.from_arrays("p", **arrays(territories__parent=[-1, 1]))


# ---------------------------------------------------------------- rule 4: ranges
def test_institution_seats_rows() -> None:
    with pytest.raises(
        ValidationError, match=r"field 'institutions\.0\.seats' \(institution 'a'\)"
    ):
        Polity(
            "p",
            institutions=[
                {"id": "a", "name": "A", "kind": "chamber", "level": "national", "seats": 0}
            ],
        )


def test_institution_seats_arrays() -> None:
    with pytest.raises(
        ValidationError, match=r"Institution 'chamber': field 'seats' must be >= 1\. Got 0 instead"
    ):
        Polity.from_arrays("p", **arrays(institutions__seats=[1, 1, 0]))


def test_relation_seats_arrays() -> None:
    with pytest.raises(ValidationError, match=r"field 'seats' must be >= 1\. Got 0 instead"):
        Polity.from_arrays("p", **arrays(relations__seats=[-1, 0]))


def test_population_arrays() -> None:
    with pytest.raises(
        ValidationError, match=r"Territory 'r1': field 'population' must be >= 0\. Got -5 instead"
    ):
        Polity.from_arrays("p", **arrays(territories__population=[100, -5]))


def test_threshold_arrays() -> None:
    with pytest.raises(
        ValidationError, match=r"field 'threshold' must be in \(0, 1\]. Got 1.5 instead"
    ):
        Polity.from_arrays("p", **arrays(relations__threshold=[np.nan, 1.5]))


def test_unknown_kind_value() -> None:
    with pytest.raises(
        ValidationError,
        match=r"institutions: field 'kind' has unknown value 'king'\. Known values:",
    ):
        Polity.from_arrays("p", **arrays(institutions__kind=["electorate", "king", "chamber"]))


def test_unknown_kind_code() -> None:
    with pytest.raises(
        ValidationError, match="Institution 'pres': field 'kind' has unknown code 99"
    ):
        Polity.from_arrays("p", **arrays(institutions__kind=np.array([0, 99, 2])))


def test_unknown_column() -> None:
    with pytest.raises(ValidationError, match=r"Unknown column\(s\) \['colour'\] in institutions"):
        Polity.from_arrays("p", **arrays(institutions__colour=["r", "g", "b"]))


def test_missing_column() -> None:
    with pytest.raises(ValidationError, match=r"Missing column\(s\) \['kind'\] in relations"):
        Polity.from_arrays("p", relations={"source": [], "target": []})


def test_column_lengths_differ() -> None:
    with pytest.raises(ValidationError, match="Column 'seats' of the institution table has 2 rows"):
        Polity.from_arrays("p", **arrays(institutions__seats=[1, 1]))


def test_unknown_field_in_rows() -> None:
    with pytest.raises(ValidationError, match="colour"):
        Polity(
            "p",
            institutions=[
                {"id": "a", "name": "A", "kind": "chamber", "level": "national", "colour": "red"}
            ],
        )


# ---------------------------------------------------------------- rule 5: seats add up
def test_channels_overfill_body() -> None:
    with pytest.raises(
        ValidationError,
        match=re.escape(
            "Institution 'chamber': its 'elects' and 'appoints' channels fill 12 seats, more than its field 'seats' = 10"
        ),
    ):
        Polity.from_arrays(
            "p",
            **arrays(
                relations__source=[0, 0, 1],
                relations__target=[1, 2, 2],
                relations__kind=["elects", "elects", "appoints"],
                relations__seats=[-1, 6, 6],
            ),
        )


def test_channels_exactly_fill_body() -> None:
    p = Polity.from_arrays(
        "p",
        **arrays(
            relations__source=[0, 0, 1],
            relations__target=[1, 2, 2],
            relations__kind=["elects", "elects", "appoints"],
            relations__seats=[-1, 6, 4],
        ),
    )
    assert p.n_relations == 3


def test_electoral_system_overfills_body() -> None:
    system = ElectoralSystem(body="chamber", tiers=[ListTier(seats=8), ListTier(seats=5)])
    with pytest.raises(
        ValidationError, match="field 'tiers' fills 13 seats, more than the body's 10"
    ):
        Polity.from_arrays("p", **arrays(), electoral_systems=[system])


def test_two_electoral_systems_for_one_body() -> None:
    system = ElectoralSystem(body="chamber", tiers=[ListTier(seats=5)])
    with pytest.raises(ValidationError, match="field 'body' has more than one electoral system"):
        Polity.from_arrays("p", **arrays(), electoral_systems=[system, system])


# ---------------------------------------------------------------- rule 6: no selection loops
@pytest.mark.parametrize("kind", ["elects", "appoints", "nominates", "consents"])
def test_selection_self_loop(kind: str) -> None:
    with pytest.raises(
        ValidationError, match="a selection relation cannot run from an institution to itself"
    ):
        Polity(
            "p", institutions=[inst("a")], relations=[Relation(source="a", target="a", kind=kind)]
        )


def test_non_selection_self_loop_allowed() -> None:
    p = Polity(
        "p", institutions=[inst("a")], relations=[Relation(source="a", target="a", kind="oversees")]
    )
    assert p.n_relations == 1


def test_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="not unique"):
        Polity("p", institutions=[inst("a"), inst("a")])

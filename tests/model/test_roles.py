"""Roles in the model: set in data, validated, and the one lookup of offices by role."""

from __future__ import annotations

import json

import numpy as np
import pytest

from govsim import Institution, Polity, ValidationError
from govsim.metrics import _kernels, power, tenure
from govsim.metrics import electoral as electoral_metrics
from govsim.model import Role, roles
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic


def inst(id_: str, kind: str, seats: int = 1, role: str | None = None, **kw: object) -> Institution:
    return Institution(
        id=id_, name=id_.title(), kind=kind, level=kw.pop("level", "national"), seats=seats,
        role=role, **kw,
    )  # fmt: skip


def bicameral(lower_seats: int, upper_seats: int) -> Polity:
    return Polity(
        "two houses",
        institutions=[
            inst("pres", "head_of_state", role="head_of_state"),
            inst("house", "chamber", lower_seats, role="lower_chamber"),
            inst("lords", "chamber", upper_seats, role="upper_chamber"),
        ],
    )


# --- validation ------------------------------------------------------------------------------
def test_a_role_is_held_once() -> None:
    with pytest.raises(
        ValidationError, match=r"'a' and 'b' both have field 'role' = 'lower_chamber'"
    ):
        Polity(
            "dup",
            institutions=[
                inst("a", "chamber", 10, role="lower_chamber"),
                inst("b", "chamber", 5, role="lower_chamber"),
            ],
        )


def test_a_role_fits_the_kind() -> None:
    with pytest.raises(
        ValidationError,
        match=r"'gov'.*'role' = 'lower_chamber' does not fit field 'kind' = 'government'",
    ):
        Polity("wrong kind", institutions=[inst("gov", "government", role="lower_chamber")])
    with pytest.raises(ValidationError, match=r"'court'.*'head_of_state' does not fit"):
        Polity("wrong kind", institutions=[inst("court", "court", role="head_of_state")])


def test_a_role_is_national() -> None:
    with pytest.raises(ValidationError, match=r"'gov'.*national role.*'regional'"):
        Polity(
            "regional",
            institutions=[inst("gov", "head_of_state", role="head_of_state", level="regional")],
        )


def test_sole_chamber_excludes_lower_and_upper() -> None:
    with pytest.raises(
        ValidationError, match=r"'sole_chamber'.*unicameral polity has no lower or upper"
    ):
        Polity(
            "both",
            institutions=[
                inst("a", "chamber", 10, role="sole_chamber"),
                inst("b", "chamber", 5, role="upper_chamber"),
            ],
        )


def test_unknown_role_names_the_field() -> None:
    with pytest.raises(ValidationError, match="'role'"):
        inst("a", "chamber", role="speaker")
    with pytest.raises(
        ValidationError, match=r"institutions: field 'role' has unknown value 'speaker'"
    ):
        Polity.from_arrays(
            "arrays",
            institutions={
                "id": ["a"],
                "kind": ["chamber"],
                "level": ["national"],
                "role": ["speaker"],
            },
        )
    with pytest.raises(ValidationError, match="'role' has unknown code 99"):
        Polity.from_arrays(
            "arrays",
            institutions={"id": ["a"], "kind": ["chamber"], "level": ["national"], "role": [99]},
        )
    with pytest.raises(ValidationError, match=r"field 'role'.*Known roles"):
        roles.office(bicameral(10, 5), "speaker")


def test_roles_from_arrays_by_name_code_and_none() -> None:
    p = Polity.from_arrays(
        "arrays",
        institutions={
            "id": ["h", "l", "u", "x"],
            "kind": ["head_of_state", "chamber", "chamber", "agency"],
            "level": ["national"] * 4,
            "role": ["head_of_state", "lower_chamber", Role.UPPER_CHAMBER.code, None],
        },
    )
    assert p.summary().roles == {"head_of_state": "h", "lower_chamber": "l", "upper_chamber": "u"}
    assert p.institution("x").role is None
    assert p.institution("u").role is Role.UPPER_CHAMBER


def test_role_round_trips_through_the_file_format() -> None:
    p = bicameral(10, 5)
    doc = p.to_dict()
    assert {i["id"]: i.get("role") for i in doc["institutions"]} == {
        "pres": "head_of_state", "house": "lower_chamber", "lords": "upper_chamber",
    }  # fmt: skip
    assert Polity.from_document(json.loads(json.dumps(doc))) == p
    schema = json.dumps(Polity.model_json_schema())
    assert "lower_chamber" in schema
    assert '"role"' in schema
    assert "Roles:" in str(p.summary())


# --- lookups ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "polity", [kazakhstan_2019(), kazakhstan("2024-01-01")], ids=["2019", "2024"]
)
def test_kazakhstan_lookups(polity: Polity) -> None:
    assert roles.head_of_state(polity).id == "president"
    assert roles.head_of_government(polity).id == "government"
    assert roles.lower_chamber(polity).id == "mazhilis"
    assert roles.upper_chamber(polity).id == "senate"
    assert roles.sole_chamber(polity) is None
    court = "constitutional_council" if polity.year in (None, 2019) and polity.has_institution(
        "constitutional_council") else "constitutional_court"  # fmt: skip
    assert roles.constitutional_court(polity).id == court
    assert roles.office(polity, "ombudsman").id == "ombudsman"


def test_the_new_constitutional_court_takes_the_role() -> None:
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    assert roles.constitutional_court(before).id == "constitutional_council"
    assert roles.constitutional_court(after).id == "constitutional_court"


def test_a_larger_upper_house_is_still_the_upper_house() -> None:
    p = bicameral(lower_seats=50, upper_seats=300)
    assert roles.lower_chamber(p).id == "house"
    assert roles.upper_chamber(p).id == "lords"
    # the metric families read the same lookup, the model's
    assert electoral_metrics.lower_chamber is roles.lower_chamber
    assert power.lower_chamber is roles.lower_chamber
    assert power.upper_chamber is roles.upper_chamber
    assert tenure.head_of_state is roles.head_of_state


def test_synthetic_lower_chamber_by_role() -> None:
    p = synthetic(10**5, seed=0)
    assert roles.lower_chamber(p).id == "lower_chamber"
    assert roles.upper_chamber(p).id == "upper_chamber"
    assert roles.head_of_state(p).id == "president"


def test_unicameral_lower_chamber_is_the_sole_chamber() -> None:
    labelled = Polity("one", institutions=[inst("assembly", "chamber", 9, role="sole_chamber")])
    unlabelled = Polity("one", institutions=[inst("assembly", "chamber", 9)])
    for p in (labelled, unlabelled):
        assert roles.sole_chamber(p).id == "assembly"
        assert roles.lower_chamber(p).id == "assembly"
        assert roles.upper_chamber(p) is None


def test_unlabelled_bicameral_has_no_lower_chamber() -> None:
    """No size heuristic: two national chambers without roles are not told apart."""
    p = Polity("two", institutions=[inst("a", "chamber", 10), inst("b", "chamber", 5)])
    assert roles.lower_chamber(p) is None
    assert roles.upper_chamber(p) is None
    assert roles.sole_chamber(p) is None


def test_head_of_state_fallback_and_kernel_agree() -> None:
    one = Polity("one", institutions=[inst("king", "head_of_state")])
    two = Polity("two", institutions=[inst("k1", "head_of_state"), inst("k2", "head_of_state")])
    labelled = Polity(
        "labelled",
        institutions=[
            inst("k1", "head_of_state"),
            inst("k2", "head_of_state", role="head_of_state"),
        ],
    )
    regional = Polity(
        "regional",
        institutions=[inst("gov", "head_of_state", level="regional"), inst("k", "head_of_state")],
    )
    for p, expected in ((one, "king"), (two, None), (labelled, "k2"), (regional, "k")):
        head = roles.head_of_state(p)
        assert (None if head is None else head.id) == expected
        kernel = _kernels.heads_of_state(p.compiled)
        assert [str(p.compiled.ids[i]) for i in kernel] == ([] if expected is None else [expected])
    assert roles.head_of_state(Polity("empty")) is None
    np.testing.assert_array_equal(_kernels.heads_of_state(Polity("empty").compiled), [])

"""The Polity container: construction paths, queries, immutability, equality."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import govsim
from govsim import (
    Institution,
    InstitutionKind,
    Polity,
    Relation,
    TermRule,
    Territory,
    ValidationError,
)


@pytest.fixture
def toy() -> Polity:
    return Polity(
        "toy",
        year=2019,
        territories=[
            Territory(id="kz", name="Kazakhstan", level="national", population=1000),
            Territory(id="r1", name="Region 1", level="regional", parent="kz", population=600),
            Territory(id="d1", name="District 1", level="district", parent="r1", population=250),
        ],
        institutions=[
            Institution(
                id="voters", name="Voters", kind="electorate", level="national", territory="kz"
            ),
            Institution(
                id="pres",
                name="President",
                kind="head_of_state",
                level="national",
                term=TermRule(years=5, max_terms=2),
            ),
            Institution(id="gov", name="Government", kind="government", level="national", seats=20),
            Institution(
                id="akim.r1", name="Akim R1", kind="executive", level="regional", territory="r1"
            ),
            Institution(
                id="akim.d1", name="Akim D1", kind="executive", level="district", territory="d1"
            ),
            Institution(
                id="maslikhat.d1",
                name="Maslikhat D1",
                kind="council",
                level="district",
                territory="d1",
                seats=15,
            ),
        ],
        relations=[
            Relation(source="voters", target="pres", kind="elects"),
            Relation(source="pres", target="gov", kind="appoints"),
            Relation(source="pres", target="akim.r1", kind="appoints"),
            Relation(source="akim.r1", target="akim.d1", kind="appoints"),
            Relation(
                source="maslikhat.d1",
                target="akim.d1",
                kind="consents",
                note="with the maslikhat's consent",
            ),
            Relation(source="pres", target="akim.r1", kind="dismisses"),
        ],
    )


def test_rows_and_arrays_build_the_same_polity(toy: Polity) -> None:
    t, i, r = toy.territory_table, toy.institution_table, toy.relation_table
    again = Polity.from_arrays(
        "toy",
        year=2019,
        territories={
            "id": t.id,
            "name": t.name,
            "level": t.level,
            "parent": t.parent,
            "population": t.population,
        },
        institutions={k: v for k, v in i.columns().items()},
        relations={k: v for k, v in r.columns().items()},
    )
    assert again == toy


def test_from_arrays_accepts_ids_and_names(toy: Polity) -> None:
    p = Polity.from_arrays(
        "toy",
        year=2019,
        territories={
            "id": ["kz", "r1", "d1"],
            "name": ["Kazakhstan", "Region 1", "District 1"],
            "level": ["national", "regional", "district"],
            "parent": [None, "kz", "r1"],
            "population": [1000, 600, 250],
        },
        institutions={
            "id": ["voters", "pres", "gov", "akim.r1", "akim.d1", "maslikhat.d1"],
            "name": ["Voters", "President", "Government", "Akim R1", "Akim D1", "Maslikhat D1"],
            "kind": [
                "electorate",
                "head_of_state",
                "government",
                "executive",
                "executive",
                "council",
            ],
            "level": ["national", "national", "national", "regional", "district", "district"],
            "territory": ["kz", None, None, "r1", "d1", "d1"],
            "seats": [1, 1, 20, 1, 1, 15],
            "term": [None, TermRule(years=5, max_terms=2), None, None, None, None],
        },
        relations={
            "source": ["voters", "pres", "pres", "akim.r1", "maslikhat.d1", "pres"],
            "target": ["pres", "gov", "akim.r1", "akim.d1", "akim.d1", "akim.r1"],
            "kind": ["elects", "appoints", "appoints", "appoints", "consents", "dismisses"],
            "note": [None, None, None, None, "with the maslikhat's consent", None],
        },
    )
    assert p == toy


def test_queries(toy: Polity) -> None:
    assert toy.institution("gov").seats == 20
    assert toy.institution("pres").term == TermRule(years=5, max_terms=2)
    assert toy.territory("d1").parent == "r1"
    assert [i.id for i in toy.select(kind="executive")] == ["akim.r1", "akim.d1"]
    assert [i.id for i in toy.select(kind="executive", level="district")] == ["akim.d1"]
    assert [i.id for i in toy.select(within="r1")] == ["akim.r1", "akim.d1", "maslikhat.d1"]
    assert [i.id for i in toy.select(territory="r1")] == ["akim.r1"]
    assert [r.target for r in toy.relations_of(kind="appoints", source="pres")] == [
        "gov",
        "akim.r1",
    ]
    assert toy.relations_of(kind="consents")[0].note == "with the maslikhat's consent"
    assert toy.index_of(["gov", "voters"]).tolist() == [2, 0]
    assert toy.has_institution("pres")
    assert not toy.has_institution("king")
    with pytest.raises(ValidationError, match="Unknown institution id 'king'"):
        toy.institution("king")
    with pytest.raises(ValidationError, match="unknown value 'king'"):
        toy.select(kind="king")


def test_row_models_round_trip(toy: Polity) -> None:
    again = Polity(
        "toy",
        year=2019,
        territories=toy.territories,
        institutions=toy.institutions,
        relations=toy.relations,
    )
    assert again == toy


def test_summary(toy: Polity) -> None:
    s = toy.summary()
    assert s.institutions[("executive", "district")] == 1
    assert s.seats[("government", "national")] == 20
    assert s.relations == {"elects": 1, "appoints": 3, "consents": 1, "dismisses": 1}
    assert s.territories == {"national": 1, "regional": 1, "district": 1}
    text = str(s)
    assert "council" in text
    assert "1 / 15" in text


def test_columns_are_read_only(toy: Polity) -> None:
    with pytest.raises(ValueError, match="read-only"):
        toy.institution_table.seats[0] = 99
    with pytest.raises(AttributeError, match="immutable"):
        toy._name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        toy.institution_table.seats = np.zeros(6)  # type: ignore[misc]


def test_callers_arrays_are_untouched() -> None:
    seats = np.array([1, 5])
    p = Polity.from_arrays(
        "p",
        institutions={
            "id": ["a", "b"],
            "kind": ["electorate", "chamber"],
            "level": ["national", "national"],
            "seats": seats,
        },
    )
    assert seats.flags.writeable
    seats[1] = 7
    assert p.institution("b").seats == 5


def test_equality_and_hash(toy: Polity) -> None:
    assert toy == pickle.loads(pickle.dumps(toy))
    assert hash(toy) == hash(pickle.loads(pickle.dumps(toy)))
    assert toy != toy.with_metadata(year=2020)
    assert toy.with_metadata(year=2020).year == 2020
    assert toy != "toy"


def test_pickled_polity_is_still_read_only(toy: Polity) -> None:
    again = pickle.loads(pickle.dumps(toy))
    assert not again.relation_table.source.flags.writeable


def test_apply_folds_reforms(toy: Polity) -> None:
    class Rename:
        def __init__(self, name: str) -> None:
            self.name = name

        def apply(self, polity: Polity) -> Polity:
            return polity.with_metadata(name=self.name)

    out = toy.apply(Rename("a"), Rename("b"))
    assert out.name == "b"
    assert toy.name == "toy"


def test_empty_polity() -> None:
    p = Polity("empty")
    assert (p.n_institutions, p.n_relations, p.n_territories) == (0, 0, 0)
    assert p.compiled.n_nodes == 0
    assert p.select(kind="chamber") == ()
    assert p == Polity.from_document(p.to_dict())


def test_enums_are_strings() -> None:
    assert InstitutionKind.EXECUTIVE == "executive"
    assert govsim.RelationKind("elects").group == "selection"
    assert InstitutionKind.from_code(InstitutionKind.COURT.code) is InstitutionKind.COURT


def test_repr(toy: Polity) -> None:
    assert repr(toy) == "Polity('toy', 3 territories, 6 institutions, 6 relations)"

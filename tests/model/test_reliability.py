"""Reliability of the model: govsim errors for bad rows, documented bounds, NUL-free ids,
sealed columns and the electoral-system rules.

Each test here failed before the fix it covers (a pydantic error leaking out, a NUL
silently dropped, a column that could be made writeable, an accepted bad polity).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pydantic
import pytest

import govsim
from govsim import ElectoralSystem, Institution, Polity, Relation, TermRule, Territory
from govsim.model import ListTier, PolityDocument, SingleMemberTier
from govsim.reforms import ResizeBody
from govsim.scenarios import synthetic


def _raises_govsim(make: Any, *needles: str) -> govsim.ValidationError:
    """``make()`` raises govsim.ValidationError (never pydantic's) whose text holds ``needles``."""
    with pytest.raises(govsim.ValidationError) as info:
        make()
    err = info.value
    assert not isinstance(err, pydantic.ValidationError)
    text = str(err)
    assert "\n" not in text
    for needle in needles:
        assert needle in text, text
    return err


def _toy(**chamber: Any) -> Polity:
    return Polity(
        "toy",
        institutions=[
            Institution(id="voters", name="Voters", kind="electorate", level="national"),
            Institution(id="chamber", name="Chamber", kind="chamber", level="national", seats=10),
        ],
        relations=[Relation(source="voters", target="chamber", kind="elects")],
        **chamber,
    )


# ------------------------------------------------------------------ 1. govsim errors from row models
@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (lambda: TermRule(years=0), ("TermRule", "'years'", "got 0")),
        (lambda: ListTier(seats=5, threshold=5), ("ListTier", "'threshold'", "got 5")),
        (lambda: SingleMemberTier(seats=-1), ("SingleMemberTier", "'seats'", "got -1")),
        (
            lambda: Institution(id="a", name="A", kind="chamber", level="national", seats=0),
            ("Institution", "'seats'", "got 0"),
        ),
        (
            lambda: Institution(id="a", name="A", kind="king", level="national"),
            ("Institution", "'kind'", "'king'"),
        ),
        (
            lambda: Institution(
                id="a", name="A", kind="chamber", level="national", term={"years": 0}
            ),
            ("Institution", "'term.years'", "got 0"),
        ),
        (lambda: Territory(id="t", name="T", level="national", population=-1), ("'population'",)),
        (lambda: Relation(source="a", target="b", kind="elects", seats=0), ("Relation", "'seats'")),
        (lambda: TermRule(years=5, colour="red"), ("TermRule", "'colour'", "unknown field")),
        (lambda: TermRule.model_validate({"years": 0}), ("TermRule", "'years'")),
        (lambda: TermRule.model_validate_json('{"years": 0}'), ("TermRule", "'years'")),
        (lambda: TermRule.model_validate_strings({"years": "0"}), ("TermRule", "'years'")),
        (lambda: ElectoralSystem(body="b", tiers=()), ("ElectoralSystem", "'tiers'")),
    ],
)
def test_row_models_raise_govsim_errors(make: Any, needles: tuple[str, ...]) -> None:
    err = _raises_govsim(make, *needles)
    assert err.model is not None
    assert err.detail is not None


def test_converted_error_carries_its_parts() -> None:
    err = _raises_govsim(lambda: TermRule(years=0, max_terms=0), "(and 1 more error)")
    assert err.model == "TermRule"
    assert err.field == "years"
    assert err.detail is not None
    assert str(err) == f"TermRule: {err.detail}"


def test_assigning_to_a_frozen_row_is_a_govsim_error() -> None:
    rule = TermRule(years=5)
    _raises_govsim(lambda: setattr(rule, "years", 7), "TermRule", "'years'")
    assert rule.years == 5


def test_booleans_and_words_are_not_flags_or_numbers() -> None:
    _raises_govsim(lambda: TermRule(years=True), "'years'", "not bool")
    _raises_govsim(lambda: TermRule(years=5, consecutive_only="no"), "'consecutive_only'")
    _raises_govsim(lambda: TermRule(years=5, exempt_incumbent=1), "'exempt_incumbent'")


def test_document_format_must_be_known() -> None:
    doc = {"format": 99, "name": "x"}
    _raises_govsim(lambda: Polity.from_document(doc), "'format'", "got 99")
    _raises_govsim(lambda: PolityDocument.model_validate(doc), "'format'")
    assert Polity.from_document({"format": 1, "name": "x"}).n_institutions == 0


# ------------------------------------------------------------------ 2. documented bounds
@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (lambda: TermRule(years=101), ("'years'", "100")),
        (lambda: TermRule(years=5, max_terms=1_000_000), ("'max_terms'", "100")),
        (
            lambda: Institution(
                id="a", name="A", kind="chamber", level="national", seats=10**7 + 1
            ),
            ("'seats'", "10000000"),
        ),
        (lambda: Relation(source="a", target="b", kind="elects", seats=2**63), ("'seats'",)),
        (
            lambda: Territory(id="t", name="T", level="national", population=10**11),
            ("'population'",),
        ),
        (lambda: ListTier(seats=2**63), ("'seats'",)),
    ],
)
def test_row_bounds(make: Any, needles: tuple[str, ...]) -> None:
    _raises_govsim(make, *needles)


def test_column_bounds_name_the_constant() -> None:
    ids = ["voters", "chamber"]
    base = {"id": ids, "kind": ["electorate", "chamber"], "level": ["national"] * 2}
    _raises_govsim(
        lambda: Polity.from_arrays("x", institutions={**base, "seats": [1, 2**40]}),
        "Institution 'chamber'",
        "'seats'",
        "MAX_SEATS",
    )
    _raises_govsim(
        lambda: Polity.from_arrays(
            "x",
            institutions={**base, "seats": [1, 10]},
            relations={"source": [0], "target": [1], "kind": ["elects"], "seats": [2**40]},
        ),
        "'seats'",
        "MAX_SEATS",
    )
    _raises_govsim(
        lambda: Polity.from_arrays(
            "x", territories={"id": ["t"], "level": ["national"], "population": [2**50]}
        ),
        "Territory 't'",
        "'population'",
        "MAX_POPULATION",
    )


# ------------------------------------------------------------------ 3. ids: blank and NUL
@pytest.mark.parametrize("bad", ["", " ", " x", "x ", "gov\x00", "g\x00v", "\x00"])
def test_row_ids_refuse_blank_and_nul(bad: str) -> None:
    _raises_govsim(lambda: Institution(id=bad, name="A", kind="chamber", level="national"), "'id'")
    _raises_govsim(lambda: Relation(source="a", target=bad, kind="elects"), "'target'")
    _raises_govsim(lambda: Territory(id="t", name="T", level="regional", parent=bad), "'parent'")
    _raises_govsim(lambda: ElectoralSystem(body=bad, tiers=[{"seats": 1}]), "'body'")


@pytest.mark.parametrize("container", [list, tuple, lambda v: np.array(v, dtype=object)])
def test_array_ids_refuse_nul(container: Any) -> None:
    """A trailing NUL used to vanish in the unicode column: 'gov\\x00' became 'gov'."""
    kinds = {"kind": ["electorate", "executive"], "level": ["national"] * 2}
    _raises_govsim(
        lambda: Polity.from_arrays("x", institutions={"id": container(["v", "gov\x00"]), **kinds}),
        "Institution #1",
        "'id'",
        "NUL",
    )
    _raises_govsim(
        lambda: Polity.from_arrays(
            "x",
            institutions={"id": ["v", "gov"], **kinds},
            relations={"source": ["v"], "target": container(["gov\x00"]), "kind": ["elects"]},
        ),
        "Relation #0",
        "'target'",
        "NUL",
    )
    _raises_govsim(
        lambda: Polity.from_arrays(
            "x",
            territories={
                "id": ["kz", "r"],
                "level": ["national", "regional"],
                "parent": container([None, "kz\x00"]),
            },
        ),
        "'parent'",
        "NUL",
    )


def test_lookups_do_not_strip_nul() -> None:
    p = _toy()
    assert p.has_institution("chamber")
    assert not p.has_institution("chamber\x00")
    _raises_govsim(lambda: p.index_of("chamber\x00"), "Unknown institution id")
    _raises_govsim(lambda: p.index_of(["voters", "chamber\x00"]), "Unknown institution id")


# ------------------------------------------------------------------ 5. electoral systems
def test_list_tier_needs_a_seat_per_district() -> None:
    _raises_govsim(lambda: ListTier(seats=3, districts=5), "ListTier", "'districts'", "'seats'")
    assert ListTier(seats=5, districts=5).districts == 5


def test_electoral_system_needs_an_elected_body() -> None:
    system = ElectoralSystem(body="chamber", tiers=[ListTier(seats=10)])
    assert _toy(electoral_systems=[system]).electoral_system("chamber") == system
    unelected = Polity(
        "toy",
        institutions=[
            Institution(id="king", name="King", kind="head_of_state", level="national"),
            Institution(id="chamber", name="Chamber", kind="chamber", level="national", seats=10),
        ],
        relations=[Relation(source="king", target="chamber", kind="appoints")],
    )
    _raises_govsim(
        lambda: Polity.from_tables(
            "x",
            unelected.territory_table,
            unelected.institution_table,
            unelected.relation_table,
            electoral_systems=[system],
        ),
        "ElectoralSystem for 'chamber'",
        "'body'",
        "elects",
    )


def test_builtin_polities_still_validate() -> None:
    """The new rules hold for the built-in data (checked when each polity is built)."""
    from govsim.scenarios import kazakhstan, kazakhstan_2019

    for p in (kazakhstan_2019(), kazakhstan("2024-01-01"), synthetic(1_000, seed=1)):
        assert p.electoral_systems
        for s in p.electoral_systems:
            assert p.relations_of(target=s.body, kind="elects")


# ------------------------------------------------------------------ 6. sealed columns
def _tables(p: Polity) -> list[Any]:
    return [p.territory_table, p.institution_table, p.relation_table]


def _assert_sealed(p: Polity) -> None:
    for table in _tables(p):
        for name, col in table.columns().items():
            assert not col.flags.writeable, name
            with pytest.raises(ValueError, match="WRITEABLE"):
                col.setflags(write=True)
            with pytest.raises(ValueError, match="read-only"):
                col[:1] = col[:1]


def test_columns_cannot_be_made_writeable(tmp_path: Path) -> None:
    p = synthetic(1_000, seed=1)
    _assert_sealed(p)
    _assert_sealed(_toy())
    _assert_sealed(p.apply(ResizeBody(body="lower_chamber", seats=120)))  # take/replace path
    _assert_sealed(pickle.loads(pickle.dumps(p)))
    govsim.save(p, tmp_path / "p.parquet")  # the columns a columnar load keeps as built
    _assert_sealed(govsim.load(tmp_path / "p.parquet"))


def test_caller_arrays_do_not_reach_the_polity() -> None:
    """Integer and float columns alike (a build keeps its own converted arrays uncopied)."""
    seats = np.array([1, 10], dtype=np.int64)
    threshold = np.array([0.5], dtype=np.float64)
    p = Polity.from_arrays(
        "x",
        institutions={
            "id": ["v", "c"],
            "kind": ["electorate", "chamber"],
            "level": ["national"] * 2,
            "seats": seats,
        },
        relations={"source": ["v"], "target": ["c"], "kind": ["elects"], "threshold": threshold},
    )
    seats[1] = 0
    threshold[0] = 0.9
    assert int(p.institution_table.seats[1]) == 10
    assert float(p.relation_table.threshold[0]) == pytest.approx(0.5)
    assert seats.flags.writeable  # the caller's arrays are left as they were
    assert threshold.flags.writeable


def test_a_code_column_of_the_wrong_length_names_it() -> None:
    """Found by tools/fuzz.py (seed 0, input 3885): an integer code column one longer than
    the ids raised IndexError while the message looked up the id of the extra row."""
    with pytest.raises(
        govsim.ValidationError, match="Column 'level' of the institution table has 5 rows"
    ):
        Polity.from_arrays(
            "x",
            institutions={
                "id": ["i0", "i1", "i2", "i3"],
                "kind": ["chamber", "electorate", "chamber", "executive"],
                "level": np.arange(5),
            },
        )

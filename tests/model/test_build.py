"""Construction from columns and documents: odd inputs are read or rejected, never misread.

Each test is a mistake a user made with ``Polity.from_arrays`` or a polity file that
used to pass silently (a truncated or wrapped number, a quoted number, a ``None`` id)
or to leak a numpy or pydantic error.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim import Institution, Polity, Relation, ValidationError
from govsim.model.build import validate_document

BASE = {"id": ["v", "a"], "kind": ["electorate", "executive"], "level": ["local", "local"]}


def build(**kw: object) -> Polity:
    return Polity.from_arrays("x", **kw)  # type: ignore[arg-type]


def test_dataframe_tables() -> None:
    p = build(
        institutions=pd.DataFrame({**BASE, "seats": [1, 3]}),
        relations=pd.DataFrame({"source": ["v"], "target": ["a"], "kind": ["elects"]}),
    )
    assert p.institution("a").seats == 3
    assert p.n_relations == 1


def test_pandas_missing_values_are_none() -> None:
    """NaN / pd.NA in optional columns mean "none", as None does."""
    p = build(
        territories={"id": ["t"], "level": ["national"], "population": [np.nan]},
        institutions={
            **BASE,
            "territory": pd.Series(["t", np.nan]),
            "seats": pd.Series([None, 4], dtype="Int64"),
        },
    )
    assert p.territory("t").population is None
    assert p.institution("v").territory == "t"
    assert p.institution("a").territory is None
    assert p.institution("v").seats == 1
    assert p.institution("a").seats == 4


def test_empty_lists() -> None:
    p = build(
        institutions={"id": [], "kind": [], "level": []},
        relations={"source": [], "target": [], "kind": []},
    )
    assert p.n_institutions == 0
    assert p.n_relations == 0


@pytest.mark.parametrize(
    ("seats", "shown"),
    [([2.5, 1], "2.5"), (["2", "1"], "'2'"), ([True, True], "True"), ([1e30, 1], r"1e\+30")],
)
def test_seats_not_whole_numbers(seats: list[object], shown: str) -> None:
    """Fractions used to be truncated, text parsed and booleans read as 1."""
    with pytest.raises(
        ValidationError,
        match=rf"^Institution 'v': field 'seats' must be a whole number or None\. Got {shown} instead\.$",
    ):
        build(institutions={**BASE, "seats": seats})


def test_whole_floats_are_counts() -> None:
    assert build(institutions={**BASE, "seats": np.array([2.0, 1.0])}).institution("v").seats == 2


def test_population_nan_is_unknown_not_garbage() -> None:
    p = build(territories={"id": ["t"], "level": ["national"], "population": np.array([np.nan])})
    assert p.territory_table.population.tolist() == [-1]


def test_code_out_of_int8_range_is_not_wrapped() -> None:
    """263 used to wrap round to 7 (a valid code) in the int8 cast."""
    with pytest.raises(
        ValidationError,
        match=r"^Institution 'v': field 'kind' has unknown code 263\. Known codes: 0 to 10\.$",
    ):
        build(institutions={**BASE, "kind": [263, 5]})


def test_row_number_out_of_int32_range_is_not_wrapped() -> None:
    with pytest.raises(
        ValidationError, match=r"^Relation #0: field 'target' refers to institution row 4294967297"
    ):
        build(
            institutions=BASE, relations={"source": [0], "target": [2**32 + 1], "kind": ["elects"]}
        )


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([None, "a"], r"^Institution #0: field 'id' is missing\.$"),
        (
            ["", "a"],
            r"^Institution #0: field 'id' must be non-empty without surrounding whitespace\. Got '' instead\.$",
        ),
        (["v ", "a"], r"^Institution #0: field 'id' must be non-empty .* Got 'v ' instead\.$"),
    ],
)
def test_bad_ids(ids: list[object], message: str) -> None:
    """None used to become the id 'None'; empty ids passed (the row models reject both)."""
    with pytest.raises(ValidationError, match=message):
        build(institutions={**BASE, "id": ids})


def test_unknown_value_names_the_row() -> None:
    with pytest.raises(
        ValidationError,
        match=r"unknown value 'None'\. Known values: .*\. Found in institution 'v'\.$",
    ):
        build(institutions={**BASE, "kind": [None, "executive"]})


def test_scalar_and_2d_columns() -> None:
    with pytest.raises(
        ValidationError,
        match=r"field 'level' must be a 1-d sequence .* Got a scalar 'local' instead",
    ):
        build(institutions={**BASE, "level": "local"})
    with pytest.raises(ValidationError, match=r"Got an array of shape \(2, 1\) instead"):
        build(institutions={**BASE, "seats": [[1], [2]]})


def test_text_threshold_and_numeric_note() -> None:
    rel = {"source": ["v"], "target": ["a"], "kind": ["elects"]}
    with pytest.raises(
        ValidationError,
        match=r"^Relation #0: field 'threshold' must be a number or None\. Got 'abc' instead\.$",
    ):
        build(institutions=BASE, relations={**rel, "threshold": ["abc"]})
    # a numeric note used to be stored and then break the JSON round trip
    with pytest.raises(
        ValidationError,
        match=r"^Relation #0: field 'note' must be a str or None\. Got 3 instead\.$",
    ):
        build(institutions=BASE, relations={**rel, "note": [3]})


def test_none_name_rejected() -> None:
    with pytest.raises(
        ValidationError, match=r"^Institution 'v': field 'name' must be a str\. Got None instead\.$"
    ):
        build(institutions={**BASE, "name": [None, "A"]})


def test_bad_term_is_one_line() -> None:
    with pytest.raises(ValidationError) as err:
        build(institutions={**BASE, "term": [{"years": 0}, None]})
    assert str(err.value) == (
        "Institution 'v': field 'term' is invalid: field 'years': "
        "Input should be greater than or equal to 1 (got 0)"
    )


# --------------------------------------------------------------------------- documents
DOC = {
    "name": "d",
    "institutions": [
        {"id": "v", "name": "V", "kind": "electorate", "level": "national"},
        {"id": "p", "name": "P", "kind": "chamber", "level": "national", "seats": 100},
    ],
    "relations": [{"source": "v", "target": "p", "kind": "elects"}],
}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("institutions", 1, "seats"),
            "100",
            r"field 'institutions\.1\.seats' \(institution 'p'\): Input should be a number, not str \(got '100'\)$",
        ),
        (("institutions", 1, "seats"), True, r"Input should be a number, not bool \(got True\)$"),
        (("year",), "2020", r"^field 'year': Input should be a number, not str"),
        (
            ("relations", 0, "threshold"),
            "0.5",
            r"\(relation 'v' -> 'p'\): Input should be a number, not str",
        ),
    ],
)
def test_document_numbers_are_not_text_or_flags(
    path: tuple[object, ...], value: object, message: str
) -> None:
    """A quoted number or a boolean in a file used to be read as a number (true as 1 seat)."""
    import copy

    doc = copy.deepcopy(DOC)
    target: object = doc
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ValidationError, match=message):
        validate_document(doc)


def test_numpy_scalars_still_accepted_by_rows() -> None:
    assert (
        Institution(id="a", name="A", kind="chamber", level="national", seats=np.int64(3)).seats
        == 3
    )
    assert Relation(
        source="a", target="b", kind="elects", threshold=np.float64(0.5)
    ).threshold == pytest.approx(0.5, rel=1e-12)


def test_document_messages_name_rows() -> None:
    doc = {**DOC, "territories": [{"id": "t", "name": "T", "level": "national", "population": -5}]}
    with pytest.raises(
        ValidationError, match=r"^field 'territories\.0\.population' \(territory 't'\): "
    ):
        validate_document(doc)  # it said "territorie"
    doc = {**DOC, "institutions": [{"name": "Voters", "kind": "electorate", "level": "national"}]}
    with pytest.raises(
        ValidationError,
        match=r"^field 'institutions\.0\.id' \(institution named 'Voters'\): Field required$",
    ):
        validate_document(doc)  # no longer dumps the whole row


def test_duplicate_institution_id_reported_before_relations() -> None:
    """The relation to the second copy's old id used to be reported as unknown instead."""
    doc = {
        **DOC,
        "institutions": [
            *DOC["institutions"],
            {"id": "v", "name": "V2", "kind": "court", "level": "national"},
        ],
    }
    with pytest.raises(
        ValidationError, match=r"^Institution id 'v' is not unique \(rows 0 and 2\): field 'id'\.$"
    ):
        Polity.from_document(doc)


def test_selection_criterion_must_be_names() -> None:
    p = Polity.from_document(DOC)
    with pytest.raises(ValidationError, match=r"must be a name or a list of names\. Got 3 instead"):
        p.select(level=3)

"""The id index of an appended table is merged from its parent's, equal to a fresh sort."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.model.validate as V
from govsim.model.tables import TerritoryTable, appended_to
from govsim.scenarios import synthetic

_IDS = st.lists(st.text(alphabet="abcz.", min_size=1, max_size=4), max_size=25)


def _table(ids: list[str]) -> TerritoryTable:
    n = len(ids)
    return TerritoryTable(id=ids, name=ids, level=[0] * n, parent=[-1] * n, population=[-1] * n)


@settings(max_examples=60)
@given(_IDS, _IDS.filter(bool))
def test_the_merged_index_is_the_sorted_one(old_ids: list[str], new_ids: list[str]) -> None:
    old = _table(old_ids)
    V.id_index(old.id)  # the parent's index, cached
    grown = old.concat(_table(new_ids))
    assert appended_to(grown.id) is old.id
    merged = V.id_index(grown.id)
    fresh = V.IdIndex(grown.id)
    np.testing.assert_array_equal(merged.order, fresh.order)
    np.testing.assert_array_equal(merged.sorted_ids, fresh.sorted_ids)
    assert merged.duplicates() == fresh.duplicates()
    rows, found = merged.lookup(np.array(new_ids))
    assert found.all()
    assert [str(grown.id[r]) for r in rows] == new_ids


@settings(max_examples=40)
@given(_IDS, st.lists(_IDS.filter(bool), min_size=1, max_size=4))
def test_a_layered_index_answers_as_a_fresh_sort(
    old_ids: list[str], appends: list[list[str]]
) -> None:
    """Lookups and the first duplicate of appended rows kept beside the base (not merged)."""
    table = _table(old_ids)
    V.id_index(table.id)
    for new_ids in appends:
        table = table.concat(_table(new_ids))
        index = V.id_index(table.id)
        fresh = V.IdIndex(table.id)
        assert index.duplicates() == fresh.duplicates()  # before order/sorted_ids are merged
        query = np.array(sorted(set(old_ids) | set(new_ids) | {"zz", "a"}))
        for got, want in zip(index.lookup(query), fresh.lookup(query), strict=True):
            np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(index.order, fresh.order)
    np.testing.assert_array_equal(index.sorted_ids, fresh.sorted_ids)


def test_an_append_keeps_the_base_of_the_index() -> None:
    """A few appended ids leave the parent's sorted arrays shared, not copied."""
    old = _table([f"t{k:04d}" for k in range(3000)])
    V.id_index(old.id).duplicates()
    grown = old.concat(_table(["a", "t0005x"]))
    index = V.id_index(grown.id)
    assert index._base is V.id_index(old.id)._base
    np.testing.assert_array_equal(index.tail_order, [3000, 3001])
    assert index.duplicates() is None
    twice = grown.concat(_table(["t0007"]))
    assert V.id_index(twice.id).duplicates() == ("t0007", 7, 3002)


def test_a_reform_that_adds_an_institution_merges_the_index() -> None:
    from govsim.model import InstitutionKind, Level, Relation
    from govsim.reforms import EstablishInstitution

    p = synthetic(2_000, seed=1)
    after = p.apply(
        EstablishInstitution(
            id="audit_chamber",
            institution_name="Audit Chamber",
            kind=InstitutionKind.AGENCY,
            level=Level.NATIONAL,
            relations=(Relation(source="president", target="audit_chamber", kind="appoints"),),
        )
    )
    assert appended_to(after.institution_table.id) is p.institution_table.id
    assert after.index_of("audit_chamber")[0] == p.n_institutions
    fresh = V.IdIndex(after.institution_table.id)
    np.testing.assert_array_equal(V.id_index(after.institution_table.id).order, fresh.order)

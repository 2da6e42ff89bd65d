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

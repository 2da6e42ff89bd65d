"""diff's shortcuts through the rows a reform kept give the change a full comparison gives."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import given, settings

from govsim import Polity, Relation
from govsim.errors import ReformError
from govsim.reforms import DirectElection, EstablishInstitution, diff
from govsim.scenarios import synthetic
from govsim.testing import polities
from govsim.testing.reforms import eager_change, full_diff, reforms, synthetic_court

D = importlib.import_module("govsim.reforms.diff")  # the package's `diff` is the function


@settings(max_examples=40, deadline=None)
@given(polity=polities(max_institutions=15, max_relations=40), reform=reforms())
def test_the_shortcut_agrees_with_the_full_comparison(polity: Polity, reform: Any) -> None:
    try:
        after = reform.apply(polity)
    except ReformError:
        return
    full = eager_change(full_diff(polity, after))
    fast = diff(polity, after)
    assert fast == full
    assert str(fast) == str(full)


@pytest.mark.parametrize(
    "reform",
    [
        synthetic_court(),
        DirectElection(offices={"kind": "executive", "level": "district"}),
        DirectElection(offices={"kind": "executive", "level": "local"}, share=0.5),
        EstablishInstitution(
            id="audit_office",
            institution_name="Audit",
            kind="agency",
            level="national",
            relations=(Relation(source="president", target="audit_office", kind="appoints"),),
        ),
    ],
)
def test_reforms_that_drop_and_append_relations_take_the_shortcut(
    reform: Any,
) -> None:
    p = synthetic(2_000, seed=2)
    q = reform.apply(p)
    assert D._kept_rows(p.relation_table, q.relation_table) is not None
    fast = diff(p, q)
    assert len(fast.relations_added) + len(fast.relations_removed) > 0
    assert fast == eager_change(full_diff(p, q))

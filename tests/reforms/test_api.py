"""Registry, Selector, primitives and Timeline."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import ReformError, UnknownNameError
from govsim.reforms import (
    DatedReform,
    Draft,
    ResizeBody,
    Selector,
    TermLimit,
    Timeline,
    get,
    names,
)
from govsim.reforms import primitives as P
from govsim.scenarios import synthetic

POLITY = synthetic(1_000, seed=1)


def test_registry() -> None:
    assert get("term_limit") is TermLimit
    assert all(n == n.lower() and " " not in n for n in names())
    with pytest.raises(UnknownNameError, match="Known reforms: appointment_quota, "):
        get("no_such_reform")
    with pytest.raises(UnknownNameError, match=r"\(did you mean 'direct_election'\?\)"):
        get("direct_elections")


def test_reforms_are_frozen_parameter_models() -> None:
    r = TermLimit(years=7, max_terms=1)
    with pytest.raises(Exception, match="frozen"):
        r.years = 5  # type: ignore[misc]
    with pytest.raises(Exception, match="Extra inputs"):
        TermLimit(years=7, colour="red")  # type: ignore[call-arg]
    assert str(r) == "term_limit(years=7, max_terms=1)"


def test_reform_error_names_reform_parameter_and_id() -> None:
    with pytest.raises(ReformError, match=r"resize_body: parameter 'body' \('nope'\)"):
        ResizeBody(body="nope", seats=3).apply(POLITY)
    with pytest.raises(ReformError, match=r"resize_body: parameter 'seats' \('lower_chamber'\)"):
        ResizeBody(body="lower_chamber", seats=50).apply(POLITY)  # 70 + 30 popular seats


def test_selector() -> None:
    assert Selector.model_validate("president").ids == ("president",)
    assert Selector.model_validate(["a", "b"]).ids == ("a", "b")
    sel = Selector.model_validate({"kind": "executive", "within": "r0"})
    mask = sel.mask(POLITY)
    assert mask.sum() == 1 + 10 + sum(
        1
        for i in POLITY.select(kind="executive", level="local")
        if i.territory and POLITY.territory(POLITY.territory(i.territory).parent).parent == "r0"
    )
    assert np.array_equal(mask, POLITY.mask(kind="executive", within="r0"))


def test_primitives_remove_institutions_remaps_relations() -> None:
    d = Draft.of(POLITY)
    row = int(POLITY.index_of("government")[0])
    out = P.remove_institutions(d, [row]).build()
    assert not out.has_institution("government")
    assert out.n_relations == POLITY.n_relations - POLITY.relation_mask(
        source="government"
    ).sum() - (POLITY.relation_mask(target="government").sum())
    # every surviving relation keeps its ends by id
    keep = {
        (r.source, r.target, r.kind)
        for r in POLITY.relations
        if "government" not in (r.source, r.target)
    }
    assert {(r.source, r.target, r.kind) for r in out.relations} == keep


def test_primitives_add_rewire_set() -> None:
    d = Draft.of(POLITY)
    d = P.add_institutions(d, ["x"], kinds="agency", levels="national", territories=0)
    x = len(d.institutions) - 1
    d = P.add_relations(d, int(POLITY.index_of("president")[0]), x, "appoints", notes="n")
    mask = d.relation_mask(["appoints"], targets=np.array([x]))
    d = P.rewire_relations(d, mask, source=int(POLITY.index_of("government")[0]))
    d = P.set_field(d, "institution", [x], "seats", 3)
    out = d.build()
    assert [(r.source, r.note) for r in out.relations_of(target="x")] == [("government", "n")]
    assert out.institution("x").seats == 3
    assert POLITY.n_institutions == out.n_institutions - 1  # input untouched


def test_timeline_orders_and_caches() -> None:
    steps = [
        DatedReform(date="2023-01-01", reform=TermLimit(years=5), label="b"),
        DatedReform(date="2022-01-01", reform=TermLimit(years=6), label="a"),
        DatedReform(date="2024-01-01", reform=TermLimit(years=9), label="c", status="announced"),
    ]
    tl = Timeline(POLITY, steps)
    assert [d.isoformat() for d in tl.dates()] == ["2022-01-01", "2023-01-01"]
    assert tl.at("2021-12-31").institution("president").term.years == 7
    assert tl("2022-06-01").institution("president").term.years == 6
    assert tl.at("2030-01-01").institution("president").term.years == 5
    assert tl.at("2030-01-01").year == 2030
    assert (
        Timeline(POLITY, steps, include_announced=True)
        .at("2030-01-01")
        .institution("president")
        .term.years
        == 9
    )
    assert [d for d, _ in tl] == tl.dates()

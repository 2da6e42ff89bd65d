"""Reforms' error paths: every bad parameter is a govsim error naming the field.

The invalid values generated from every registered reform's declared fields are
checked by the common checks (``tests/reforms/test_common_checks.py``, through
:func:`govsim.testing.reforms.invalid_values`); this file holds the cases of the
reliability issue one by one, and the error paths of ``apply``.
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import govsim
from govsim.model.polity import Polity
from govsim.reforms import (
    AppointmentQuota,
    ConsentRequirement,
    ConstitutionalCourt,
    DatedReform,
    ElectoralSystemChange,
    EstablishInstitution,
    Reform,
    ResizeBody,
    Selector,
    TermLimit,
)
from govsim.scenarios import synthetic


# ------------------------------------------------------------------ the issue's cases
@pytest.mark.parametrize(
    ("make", "needles"),
    [
        (lambda: TermLimit(office="president", years=0), ("TermLimit", "'years'", "got 0")),
        (lambda: TermLimit(years=7, max_terms=1_000_000), ("'max_terms'", "100")),
        (lambda: TermLimit(years=10**9), ("'years'", "100")),
        (
            lambda: AppointmentQuota(body="senate", appointer="president", seats=-1),
            ("AppointmentQuota", "'seats'", "got -1"),
        ),
        (lambda: ConstitutionalCourt(term_years=200), ("ConstitutionalCourt", "'term_years'")),
        (lambda: ConstitutionalCourt(id=" "), ("ConstitutionalCourt", "'id'", "got ' '")),
        (lambda: ConstitutionalCourt(upper_seats=2**63), ("'upper_seats'", "10000000")),
        (lambda: ResizeBody(body="lower_chamber", seats=2**63), ("ResizeBody", "'seats'")),
        (lambda: ResizeBody(body="lower_chamber", seats=100_000_000), ("'seats'", "10000000")),
        (
            lambda: EstablishInstitution(
                id="", institution_name="X", kind="agency", level="national"
            ),
            ("EstablishInstitution", "'id'"),
        ),
        (lambda: TermLimit(years=True), ("'years'", "bool")),
        (lambda: ElectoralSystemChange(body="x"), ("ElectoralSystemChange", "'tiers'")),
        (
            lambda: ElectoralSystemChange(body="x", tiers=[{"seats": 3, "districts": 5}]),
            ("'tiers", "'districts'"),
        ),
    ],
)
def test_issue_cases(make: Any, needles: tuple[str, ...]) -> None:
    with pytest.raises(govsim.ValidationError) as info:
        make()
    assert not isinstance(info.value, pydantic.ValidationError)
    for needle in needles:
        assert needle in str(info.value), str(info.value)


def test_reform_fields_are_frozen_with_a_govsim_error() -> None:
    reform = TermLimit(years=7)
    with pytest.raises(govsim.ValidationError, match="TermLimit: field 'years'"):
        reform.years = 5  # type: ignore[misc]


# ------------------------------------------------------------------ selectors
@pytest.mark.parametrize("empty", [{}, [], {"ids": []}, {"kind": []}, {"within": ()}])
def test_empty_selector_is_an_error(empty: Any) -> None:
    with pytest.raises(govsim.ValidationError):
        Selector.model_validate(empty)
    with pytest.raises(govsim.ValidationError, match="TermLimit: field 'office"):
        TermLimit(office=empty, years=5)
    with pytest.raises(govsim.ValidationError, match="ConsentRequirement: field 'offices"):
        ConsentRequirement(offices=empty)


def test_selector_ids_refuse_nul_and_blank() -> None:
    for bad in ("president\x00", " ", ""):
        with pytest.raises(govsim.ValidationError, match="'ids"):
            Selector(ids=(bad,))
    with pytest.raises(govsim.ValidationError, match=r"'office\.ids\[0\]'"):
        TermLimit(office="president\x00", years=5)


# ------------------------------------------------------------------ apply
def test_reform_never_creates_a_blank_id() -> None:
    """`load(save(p))` used to fail on a polity a reform had given a blank id."""
    for bad in (" ", "x ", "\t"):
        with pytest.raises(govsim.ValidationError, match="'id'"):
            EstablishInstitution(id=bad, institution_name="X", kind="agency", level="national")


def test_apply_turns_overflow_into_a_reform_error() -> None:
    class Boom(Reform):  # unnamed (unregistered): labelled by its class name
        def _apply(self, polity: Polity) -> Polity:
            raise OverflowError("Python int too large to convert to C long")

    with pytest.raises(govsim.ReformError, match=r"Boom: .*too large"):
        Boom().apply(synthetic(200))


def test_apply_turns_a_pydantic_error_into_a_reform_error() -> None:
    class Inner(pydantic.BaseModel):
        years: int = pydantic.Field(ge=1)

    class Builds(Reform):
        def _apply(self, polity: Polity) -> Polity:
            Inner(years=0)
            return polity

    with pytest.raises(govsim.ReformError, match=r"Builds: .*'years'"):
        Builds().apply(synthetic(200))


def test_single_member_districts_are_bounded_per_body() -> None:
    """10^5 single-member districts used to create 10^5 electorate nodes for one body."""
    big = ResizeBody(body="lower_chamber", seats=100_000).apply(synthetic(1_000, seed=1))
    change = ElectoralSystemChange(body="lower_chamber", list_share=0.0)
    with pytest.raises(govsim.ReformError, match=r"district_electorates.*MAX_DISTRICTS_PER_BODY"):
        change.apply(big)
    flat = ElectoralSystemChange(body="lower_chamber", list_share=0.0, district_electorates=False)
    q = flat.apply(big)
    system = q.electoral_system("lower_chamber")
    assert system is not None
    assert system.seats == 100_000
    assert q.n_institutions == big.n_institutions


def test_dated_reform_flags_are_bools() -> None:
    step = {"date": "2022-09-17", "reform": TermLimit(years=7), "label": "x"}
    with pytest.raises(govsim.ValidationError, match="DatedReform: field 'unconfirmed'"):
        DatedReform(**step, unconfirmed="no")
    with pytest.raises(govsim.ValidationError, match="DatedReform: field 'date'"):
        DatedReform.model_validate({**step, "date": "soon"})

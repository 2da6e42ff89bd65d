"""Reforms' error paths: every bad parameter is a govsim error naming the field.

For every registered reform, bad values are generated from its declared fields (a
value of the wrong type for every field; booleans and text for numbers, words for
flags, blank and NUL ids, values past the documented bounds) and each must raise
:class:`govsim.ValidationError` naming the reform class and the field, never
pydantic's own error. Then the cases of the reliability issue one by one.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Union

import pydantic
import pytest

import govsim
from govsim.model.base import ID_PATTERN
from govsim.model.polity import Polity
from govsim.reforms import (
    REGISTRY,
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

#: The smallest valid parameters of each reform (every other field keeps its default).
VALID: dict[str, dict[str, Any]] = {
    "appointment_quota": {"body": "upper_chamber", "appointer": "president", "seats": 10},
    "chamber_approval": {},
    "consent_requirement": {"offices": {"kind": "executive", "level": "regional"}},
    "constitutional_court": {},
    "constitutional_ombudsman": {},
    "direct_election": {"offices": {"kind": "executive", "level": "local"}},
    "electoral_system_change": {"body": "lower_chamber", "list_share": 0.5},
    "electoral_threshold": {"body": "lower_chamber", "threshold": 0.05},
    "establish_consultative_body": {},
    "establish_institution": {
        "id": "audit_chamber",
        "institution_name": "Audit Chamber",
        "kind": "agency",
        "level": "national",
    },
    "merge_regions": {"regions": ["r1"], "into": "r0"},
    "nepotism_ban": {},
    "party_membership_ban": {},
    "party_registration_threshold": {"members": 5000},
    "remove_power": {"source": "president", "kind": "dismisses"},
    "resize_body": {"body": "lower_chamber", "seats": 120},
    "split_region": {
        "region": "r0",
        "new_region": "r_new",
        "region_name": "New Region",
        "districts": ["d0"],
    },
    "term_limit": {"years": 7, "max_terms": 1},
}


def test_every_reform_has_valid_parameters() -> None:
    assert set(VALID) == set(REGISTRY)
    for name, params in VALID.items():
        REGISTRY[name](**params)


def _kinds(annotation: Any) -> set[str]:
    """What a field holds: 'int', 'float', 'bool', 'id' (a pattern-checked str), 'str', 'other'."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        return set().union(*(_kinds(a) for a in typing.get_args(annotation) if a is not type(None)))
    if origin is Annotated:
        base, *meta = typing.get_args(annotation)
        if base is str and any(getattr(m, "pattern", None) == ID_PATTERN for m in meta):
            return {"id"}
        return _kinds(base)
    if annotation is bool:
        return {"bool"}
    if annotation is int:
        return {"int"}
    if annotation is float:
        return {"float"}
    if annotation is str:
        return {"str"}
    return {"other"}


def _field_kinds(field: Any) -> set[str]:
    kinds = _kinds(field.annotation)
    if kinds == {"str"} and any(getattr(m, "pattern", None) == ID_PATTERN for m in field.metadata):
        return {"id"}
    return kinds


def _bad_values(field: Any) -> list[Any]:
    """Values no field of this type accepts."""
    kinds = _field_kinds(field)
    out: list[Any] = [object()]
    if kinds & {"int", "float"}:
        out += [True, "1", float("nan") if "float" in kinds else 1.5]
    if "int" in kinds:
        out += [2**63, -(2**63)]
    if "bool" in kinds:
        out += ["no", 1]
    if "id" in kinds:
        out += ["", " ", " x", "x\x00", "a\nb"]
    return out


CASES = [
    pytest.param(name, field, value, id=f"{name}.{field}[{k}]")
    for name, cls in sorted(REGISTRY.items())
    for field, info in cls.model_fields.items()
    for k, value in enumerate(_bad_values(info))
]


@pytest.mark.parametrize(("name", "field", "value"), CASES)
def test_bad_values_raise_govsim_errors_naming_the_field(name: str, field: str, value: Any) -> None:
    cls = REGISTRY[name]
    params = {**VALID[name], field: value}
    with pytest.raises(govsim.ValidationError) as info:
        cls(**params)
    err = info.value
    assert not isinstance(err, pydantic.ValidationError)
    assert str(err).startswith(f"{cls.__name__}: ")
    assert "\n" not in str(err)
    assert field in str(err)
    assert err.field is not None
    assert err.field.split(".")[0].split("[")[0] == field
    # the same through model_validate, as the scenario loader builds reforms
    with pytest.raises(govsim.ValidationError, match=field):
        cls.model_validate(params)


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

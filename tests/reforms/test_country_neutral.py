"""Reforms name no country's ids by default: they find offices by role, or require the id."""

from __future__ import annotations

import inspect

import pytest

from govsim import Institution, Polity, ReformError, Relation, Rule
from govsim.model import Role
from govsim.reforms import (
    ChamberApproval,
    ConstitutionalCourt,
    ConstitutionalOmbudsman,
    EstablishConsultativeBody,
    NepotismBan,
    PartyMembershipBan,
)
from govsim.reforms.registry import REGISTRY

KAZAKH_IDS = {"mazhilis", "senate", "electorate.kz", "president", "constitutional_council",
              "national_kurultai", "government", "ombudsman", "supreme_court", "prosecutor_general"}  # fmt: skip


def inst(id_: str, name: str, kind: str, seats: int = 1, role: str | None = None) -> Institution:
    return Institution(id=id_, name=name, kind=kind, level="national", seats=seats, role=role)


def france() -> Polity:
    """A small Fifth-Republic-like polity: no id is Kazakh, the upper house is the smaller."""
    return Polity(
        "France-like",
        institutions=[
            inst("electorat", "Electorate", "electorate"),
            inst("president_republique", "President", "head_of_state", role="head_of_state"),
            inst("premier_ministre", "Prime Minister", "government", role="head_of_government"),
            inst("assemblee", "Assemblee nationale", "chamber", 577, role="lower_chamber"),
            inst("senat_fr", "Senat", "chamber", 348, role="upper_chamber"),
            inst("conseil_constitutionnel", "Conseil", "court", 9, role="constitutional_court"),
            inst("cour_cassation", "Cour de cassation", "court", role="supreme_court"),
            inst("defenseur_droits", "Defenseur des droits", "ombudsman", role="ombudsman"),
        ],
        relations=[
            Relation(source="electorat", target="president_republique", kind="elects"),
            Relation(source="electorat", target="assemblee", kind="elects"),
            Relation(source="president_republique", target="premier_ministre", kind="appoints"),
            Relation(source="president_republique", target="assemblee", kind="dissolves"),
            Relation(source="assemblee", target="premier_ministre", kind="no_confidence"),
            Relation(source="president_republique", target="defenseur_droits", kind="appoints"),
            Relation(source="conseil_constitutionnel", target="assemblee", kind="reviews"),
        ],
        rules=[Rule(kind="adopts_laws", subject="assemblee")],
    )


def test_no_reform_default_names_a_kazakh_id() -> None:
    for name, cls in REGISTRY.items():
        for field, info in cls.model_fields.items():
            default = info.default
            values = default if isinstance(default, tuple) else (default,)
            named = {v for v in values if isinstance(v, str)} & KAZAKH_IDS
            assert not named, f"{name}.{field} defaults to {named}"


def test_constitutional_court_on_a_france_like_polity() -> None:
    p = france()
    q = ConstitutionalCourt().apply(p)
    assert not q.has_institution("conseil_constitutionnel")  # replaced: it held the role
    court = q.institution("constitutional_court")
    assert court.role is Role.CONSTITUTIONAL_COURT
    appointers = {r.source for r in q.relations_of(target="constitutional_court", kind="appoints")}
    assert appointers == {"president_republique", "senat_fr", "assemblee"}
    petitioners = {
        r.source for r in q.relations_of(target="constitutional_court", kind="petitions")
    }
    assert petitioners == {
        "president_republique", "senat_fr", "assemblee", "premier_ministre",
        "cour_cassation", "defenseur_droits",
    }  # fmt: skip
    assert {r.target for r in q.relations_of(source="constitutional_court", kind="reviews")} == {
        "assemblee"
    }


def test_other_reforms_find_offices_by_role() -> None:
    p = france()
    q = ChamberApproval().apply(p)
    assert [r.subject for r in q.rules_of("adopts_laws")] == ["assemblee"]
    assert q.relations_of(source="senat_fr", target="assemblee", kind="vetoes")
    q = ConstitutionalOmbudsman().apply(p)
    assert q.rules_of("prosecution_consent", "defenseur_droits")[0].value == "senat_fr"
    q = EstablishConsultativeBody().apply(p)
    assert q.relations_of(source="president_republique", target="consultative_body")
    for reform in (NepotismBan(), PartyMembershipBan()):
        assert reform.apply(p).rules_of(reform.name)[0].subject == "president_republique"


def test_a_missing_role_names_the_parameter() -> None:
    unicameral = Polity(
        "unicameral",
        institutions=[
            inst("head", "Head", "head_of_state", role="head_of_state"),
            inst("parl", "Parliament", "chamber", 100, role="sole_chamber"),
        ],
    )
    with pytest.raises(ReformError, match=r"parameter 'upper_chamber'.*role 'upper_chamber'"):
        ConstitutionalCourt().apply(unicameral)
    # without an upper chamber's judges or consent the court is built on the sole chamber
    q = ConstitutionalCourt(upper_seats=0, chair_consent=False).apply(unicameral)
    sources = {r.source for r in q.relations_of(target="constitutional_court", kind="appoints")}
    assert sources == {"head", "parl"}
    with pytest.raises(ReformError, match=r"parameter 'office'.*role 'ombudsman'"):
        ConstitutionalOmbudsman().apply(unicameral)
    headless = Polity("headless", institutions=[inst("parl", "P", "chamber", 9)])
    with pytest.raises(ReformError, match=r"parameter 'office'.*role 'head_of_state'"):
        NepotismBan().apply(headless)
    with pytest.raises(ReformError, match=r"parameter 'lower_chamber'.*role 'lower_chamber'"):
        ChamberApproval().apply(Polity("none", institutions=[inst("h", "H", "head_of_state")]))


def test_an_explicit_id_still_wins_and_is_checked() -> None:
    p = france()
    q = NepotismBan(office="premier_ministre").apply(p)
    assert q.rules_of("nepotism_ban")[0].subject == "premier_ministre"
    with pytest.raises(ReformError, match=r"parameter 'office' \('nobody'\)"):
        NepotismBan(office="nobody").apply(p)


def test_reform_docstrings_say_how_defaults_are_found() -> None:
    for cls in (ConstitutionalCourt, ConstitutionalOmbudsman, ChamberApproval):
        assert "role" in inspect.getdoc(cls)

"""Closed vocabularies: rule kinds with their parameters, and the new relation kinds."""

from __future__ import annotations

import math

import pytest

from govsim import Institution, Polity, Relation, Rule, ValidationError
from govsim.metrics import checks as K
from govsim.metrics import concentration as C
from govsim.model import RelationGroup, RelationKind, RuleKind
from govsim.model.kinds import CONSTRAINT_KINDS, REMOVAL_KINDS, RULE_PARAMETERS
from govsim.scenarios import kazakhstan, kazakhstan_2019

#: The relation codes stored in files and tables before the new kinds were added.
OLD_CODES = {
    "elects": 0, "appoints": 1, "nominates": 2, "consents": 3, "dismisses": 4,
    "no_confidence": 5, "reviews": 6, "vetoes": 7, "overrides": 8, "oversees": 9,
    "approves_budget": 10, "petitions": 11, "patronage": 12,
}  # fmt: skip


def inst(id_: str, kind: str, seats: int = 1, **kw: object) -> Institution:
    return Institution(id=id_, name=id_, kind=kind, level="national", seats=seats, **kw)


# --- rule kinds -------------------------------------------------------------------------------
def test_unknown_rule_kind_lists_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="Did you mean 'adopts_laws'") as info:
        Rule(kind="adopt_laws", subject="x")
    message = str(info.value)
    assert "field 'kind'" in message
    assert all(k.value in message for k in RuleKind)
    with pytest.raises(ValidationError, match=r"unknown rule kind 'zzz'\. Known kinds"):
        Rule(kind="zzz")
    with pytest.raises(ValidationError, match=r"field 'rules.0.kind'"):
        Polity.from_document({"name": "p", "rules": [{"kind": "adopt_laws", "subject": "x"}]})


def test_every_rule_kind_has_documented_parameters() -> None:
    assert set(RULE_PARAMETERS) == set(RuleKind)
    for kind in RuleKind:
        assert kind.value in (RuleKind.__doc__ or "")


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"kind": "adopts_laws"}, "'adopts_laws' needs field 'subject'"),
        ({"kind": "adopts_laws", "subject": "c", "value": 1}, "'adopts_laws' must be no value"),
        ({"kind": "passing_threshold", "subject": "c", "value": 1.5}, r"in \(0, 1\]"),
        ({"kind": "passing_threshold", "subject": "c", "value": True}, r"in \(0, 1\]"),
        ({"kind": "passing_threshold", "subject": "c", "value": float("nan")}, "NaN"),
        ({"kind": "party_registration_threshold", "value": 0}, "whole number >= 1"),
        ({"kind": "party_registration_threshold", "value": 2.5}, "whole number >= 1"),
        ({"kind": "prosecution_consent", "subject": "o", "value": 3}, "an institution id"),
        ({"kind": "administrative_centre", "value": ""}, "a text"),
    ],
)
def test_rule_values_are_checked_per_kind(kw: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        Rule(**kw)  # type: ignore[arg-type]


def test_rules_in_use_are_valid_and_compare_as_text() -> None:
    for p in (kazakhstan_2019(), kazakhstan("2024-01-01")):
        for r in p.rules:
            assert isinstance(r.kind, RuleKind)
    r = Rule(kind="party_registration_threshold", value=5000)
    assert r.kind == "party_registration_threshold"
    assert r.model_dump(mode="json")["kind"] == "party_registration_threshold"


# --- relation kinds ---------------------------------------------------------------------------
def test_old_relation_codes_are_unchanged() -> None:
    assert {k.value: k.code for k in RelationKind if k.value in OLD_CODES} == OLD_CODES


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        ("dissolves", RelationGroup.REMOVAL),
        ("impeaches", RelationGroup.REMOVAL),
        ("decrees", RelationGroup.CONSTRAINT),
        ("initiates", RelationGroup.ACCESS),
        ("refers", RelationGroup.ACCESS),
    ],
)
def test_new_relation_kinds_are_accepted(kind: str, group: RelationGroup) -> None:
    k = RelationKind(kind)
    assert k.group is group
    assert k.code >= len(OLD_CODES)
    assert (k in REMOVAL_KINDS) == (group is RelationGroup.REMOVAL)
    assert (k in CONSTRAINT_KINDS) == (group is RelationGroup.CONSTRAINT)
    p = Polity(
        "p",
        institutions=[inst("pres", "head_of_state"), inst("parl", "chamber", 10)],
        relations=[Relation(source="pres", target="parl", kind=kind)],
    )
    assert p.relations[0].kind is k
    assert Polity.from_document(p.to_dict()) == p
    assert p.summary().relations == {kind: 1}


def _president_and_parliament(*relations: Relation) -> Polity:
    return Polity(
        "p",
        institutions=[
            inst("voters", "electorate"),
            inst("pres", "head_of_state", role="head_of_state"),
            inst("parl", "chamber", 10, role="sole_chamber"),
        ],
        relations=[
            Relation(source="voters", target="pres", kind="elects"),
            Relation(source="voters", target="parl", kind="elects"),
            *relations,
        ],
    )


def test_impeachment_is_a_check_on_the_head_of_state() -> None:
    plain = _president_and_parliament()
    impeach = _president_and_parliament(Relation(source="parl", target="pres", kind="impeaches"))
    assert K.head_of_state(plain.compiled) == pytest.approx(0.0, abs=1e-12)
    # an elected parliament, independent of the president, can remove him: one full check
    assert K.head_of_state(impeach.compiled) == pytest.approx(1.0, rel=1e-12)


def test_dissolution_exposes_parliament_to_the_head_of_state() -> None:
    plain = _president_and_parliament()
    dissolve = _president_and_parliament(Relation(source="pres", target="parl", kind="dissolves"))
    assert C.removal_exposure(plain.compiled) == pytest.approx(0.0, abs=1e-12)
    # the parliament's 10 of the 11 office seats can be sent home by the president
    assert C.removal_exposure(dissolve.compiled) == pytest.approx(10 / 11, rel=1e-12)


def test_decrees_initiative_and_referendum_are_not_checks() -> None:
    plain = _president_and_parliament()
    other = _president_and_parliament(
        Relation(source="pres", target="parl", kind="decrees"),
        Relation(source="parl", target="pres", kind="initiates"),
        Relation(source="parl", target="voters", kind="refers"),
    )
    for core in (K.head_of_state, K.government):
        a, b = core(plain.compiled), core(other.compiled)
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, abs=1e-12)

"""UnicameralParliament and RemoveInstitution: behaviour on fixtures, and their refusals."""

from __future__ import annotations

import re

import pytest

from govsim import Polity, ReformError
from govsim.model import roles
from govsim.model.rows import Institution, Relation, Rule
from govsim.reforms.remove_institution import RemoveInstitution
from govsim.reforms.unicameral import UnicameralParliament
from govsim.scenarios import kazakhstan, kazakhstan_2019, synthetic


def _inst(id_: str, kind: str, seats: int = 1, role: str | None = None) -> Institution:
    return Institution(id=id_, name=id_, kind=kind, level="national", seats=seats, role=role)


def _bicameral() -> Polity:
    return Polity(
        "two chambers",
        institutions=[
            _inst("voters", "electorate"),
            _inst("districts", "electorate"),
            _inst("head", "head_of_state", role="head_of_state"),
            _inst("lower", "chamber", 10, role="lower_chamber"),
            _inst("upper", "chamber", 4, role="upper_chamber"),
            _inst("court", "court", 6),
            _inst("cabinet", "government", role="head_of_government"),
        ],
        relations=[
            Relation(source="voters", target="lower", kind="elects", seats=8),
            Relation(source="districts", target="lower", kind="elects", seats=2),
            Relation(source="head", target="upper", kind="appoints", seats=4),
            Relation(source="voters", target="head", kind="elects"),
            Relation(source="head", target="lower", kind="vetoes"),
            Relation(source="head", target="upper", kind="vetoes"),
            Relation(source="upper", target="lower", kind="vetoes"),
            Relation(source="lower", target="upper", kind="overrides", threshold=0.6),
            Relation(source="lower", target="court", kind="appoints", seats=3),
            Relation(source="upper", target="court", kind="appoints", seats=3),
            Relation(source="lower", target="cabinet", kind="no_confidence"),
            Relation(source="court", target="upper", kind="reviews"),
        ],
        rules=[
            Rule(kind="adopts_laws", subject="lower"),
            Rule(kind="adopts_laws", subject="upper"),
            Rule(kind="prosecution_consent", subject="court", value="upper"),
        ],
    )


def _rels(p: Polity) -> set[tuple[str, str, str, int | None]]:
    return {(r.source, r.kind.value, r.target, r.seats) for r in p.relations}


def test_the_chambers_give_way_to_one() -> None:
    q = UnicameralParliament(id="assembly", chamber_name="Assembly", seats=12).apply(_bicameral())
    assert [i.id for i in q.select(kind="chamber")] == ["assembly"]
    assert roles.sole_chamber(q).id == "assembly"
    assert roles.upper_chamber(q) is None
    # districts elected only lower-chamber seats: they go with it; voters stay
    assert not q.has_institution("districts")
    assert q.has_institution("voters")
    assert _rels(q) == {
        ("voters", "elects", "head", None),
        ("voters", "elects", "assembly", 12),
        ("head", "vetoes", "assembly", None),  # two vetoes merge into one
        ("assembly", "appoints", "court", 6),  # 3 + 3 seats
        ("assembly", "no_confidence", "cabinet", None),
        ("court", "reviews", "assembly", None),
    }
    assert [(r.kind.value, r.subject, r.value) for r in q.rules] == [
        ("adopts_laws", "assembly", None),
        ("prosecution_consent", "court", "assembly"),
    ]
    system = q.electoral_system("assembly")
    assert system is not None
    assert [t.seats for t in system.tiers] == [12]


def test_a_synthetic_polity() -> None:
    p = synthetic(1_000, seed=3)
    q = UnicameralParliament(seats=150, term_years=4).apply(p)
    assert roles.lower_chamber(q).id == "parliament"
    assert q.institution("parliament").term.years == 4
    assert not q.has_institution("lower_chamber")
    assert not q.has_institution("upper_chamber")
    assert p.has_institution("lower_chamber")  # the input is unchanged


def test_kazakhstan_2024_to_one_chamber() -> None:
    """On the 2023-2026 polity, before the 2026 steps that re-form the Court: the
    Senate's and the Mazhilis' 3 + 3 Constitutional Court judges merge into one channel."""
    q = UnicameralParliament(id="kurultai", seats=145).apply(kazakhstan("2024-01-01"))
    court = q.relations_of(source="kurultai", target="constitutional_court", kind="appoints")
    assert [r.seats for r in court] == [6]
    assert not any(i.id.startswith("electorate.mazhilis.smd") for i in q.institutions)


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"id": "lower"}, "'id'"),
        ({"abolish": ("court",)}, "'abolish'"),
        ({"abolish": ("nowhere",)}, "'abolish[0]'"),
        ({"electorate": "head"}, "'electorate'"),
    ],
)
def test_refusals_name_the_parameter(kwargs: dict[str, object], param: str) -> None:
    with pytest.raises(ReformError, match=re.escape(f"unicameral_parliament: parameter {param}")):
        UnicameralParliament(seats=5, **kwargs).apply(_bicameral())  # type: ignore[arg-type]


def test_no_electorate_is_refused() -> None:
    p = Polity("appointed", institutions=[_inst("head", "head_of_state"), _inst("c", "chamber")])
    with pytest.raises(ReformError, match="parameter 'electorate'"):
        UnicameralParliament(seats=5).apply(p)


def test_remove_institution() -> None:
    p = kazakhstan_2019()
    q = RemoveInstitution(institutions=("assembly_of_people",)).apply(p)
    assert not q.has_institution("assembly_of_people")
    assert q.institution("mazhilis").seats == 107  # its 9 seats' channel goes, not the seats
    assert len(q.institutions) == len(p.institutions) - 1
    with pytest.raises(ReformError, match=r"parameter 'institutions' \('upper'\)"):
        RemoveInstitution(institutions=("upper",)).apply(_bicameral())
    with pytest.raises(ReformError, match=r"parameter 'institutions\[1\]' \('nobody'\)"):
        RemoveInstitution(institutions=("court", "nobody")).apply(_bicameral())

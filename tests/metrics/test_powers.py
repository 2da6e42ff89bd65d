"""Presidential (Shugart & Carey 1992) and parliamentary (Fish & Kroenig 2009) powers.

The codings are checked by hand on the Kazakhstan and France data files and on small
polities built for one item each, and against the plain reference over relation rows
(govsim.testing.veto_reference) on random polities.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from govsim.io import load
from govsim.metrics import evaluate, get_metric
from govsim.metrics import powers as w
from govsim.model import Institution, Polity, Relation
from govsim.scenarios import kazakhstan
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.strategies import polities
from govsim.testing.veto_reference import (
    parliamentary_items_reference,
    presidential_items_reference,
)

#: Sums of small integers: exact in binary floating point.
EXACT = 1e-12


def _president_and_house(*extra: Relation) -> Polity:
    return Polity(
        "p",
        institutions=[
            Institution(id="voters", name="V", kind="electorate", level="national"),
            Institution(id="pres", name="P", kind="head_of_state", level="national"),
            Institution(id="gov", name="G", kind="government", level="national"),
            Institution(id="house", name="H", kind="chamber", level="national", seats=100),
        ],
        relations=[Relation(source="voters", target="house", kind="elects"), *extra],
    )


def test_kazakhstan_2019_coding_by_hand():
    # From the data file: the President's veto falls to 2/3 of each chamber (ref §3; M)
    # -> package veto 2; he appoints the government with the Mazhilis' consent -> 3;
    # dismisses it -> 4; the Mazhilis may vote no confidence and the data record no
    # dissolution -> censure 0, dissolution 0; no decrees or referendum relations.
    items = w.presidential_items(kazakhstan_2019())
    assert items == {
        "package_veto": 2,
        "partial_veto": 0,
        "decree": 0,
        "exclusive_introduction": 0,
        "budget": 0,
        "referendum": 0,
        "cabinet_formation": 3,
        "cabinet_dismissal": 4,
        "censure": 0,
        "dissolution": 0,
    }
    assert w.presidential_legislative(kazakhstan_2019()) == pytest.approx(2.0, abs=EXACT)
    assert w.presidential_nonlegislative(kazakhstan_2019()) == pytest.approx(7.0, abs=EXACT)


def test_kazakhstan_the_reforms_leave_the_coded_powers_unchanged():
    # The 2022 package kept the veto, the appointment and dismissal of the government
    # and the no-confidence vote; the bans and the term limit are outside both indices.
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    assert w.presidential_items(after) == w.presidential_items(before)
    assert w.parliamentary_items(after) == w.parliamentary_items(before)
    assert w.parliamentary_powers(before) == pytest.approx(7 / 13, abs=EXACT)


def test_france_coding_by_hand():
    # france_2024.toml: no presidential veto (promulgation, art. 10) -> 0; referendum on
    # the Government's proposal (art. 11) -> 2; appoints the PM without investiture
    # (art. 8) -> 4; no dismissal relation -> 0; censure (art. 49) with dissolution
    # (art. 12) -> 2; dissolution restricted by timing -> 3.
    fr = load("src/govsim/data/france_2024.toml")
    items = w.presidential_items(fr)
    assert (items["package_veto"], items["referendum"], items["decree"]) == (0, 2, 0)
    assert (items["cabinet_formation"], items["cabinet_dismissal"]) == (4, 0)
    assert (items["censure"], items["dissolution"]) == (2, 3)
    fk = w.parliamentary_items(fr)
    assert fk["fk10_no_dissolution"] is False
    assert fk["fk11_no_decree"] is False  # the Government's art. 37/38 decrees
    assert fk["fk12_veto_proof"] is True
    assert fk["fk18_all_elected"] is True


@pytest.mark.parametrize(
    ("threshold", "score"), [(None, 4), (0.75, 3), (2 / 3, 2), (0.6, 1), (0.5, 1)]
)
def test_package_veto_scale(threshold: float | None, score: int):
    rels = [Relation(source="pres", target="house", kind="vetoes")]
    if threshold is not None:
        rels.append(Relation(source="house", target="pres", kind="overrides", threshold=threshold))
    assert w.presidential_items(_president_and_house(*rels))["package_veto"] == score


def test_no_veto_scores_zero_and_is_veto_proof():
    p = _president_and_house()
    assert w.presidential_items(p)["package_veto"] == 0
    assert w.parliamentary_items(p)["fk12_veto_proof"] is True


def test_cabinet_formation_and_censure_scale():
    appoints = Relation(source="pres", target="gov", kind="appoints")
    consent = Relation(source="house", target="gov", kind="consents")
    nominates = Relation(source="pres", target="gov", kind="nominates")
    censure = Relation(source="house", target="gov", kind="no_confidence")
    dissolves = Relation(source="pres", target="house", kind="dissolves")
    assert w.presidential_items(_president_and_house(appoints))["cabinet_formation"] == 4
    assert w.presidential_items(_president_and_house(appoints, consent))["cabinet_formation"] == 3
    assert w.presidential_items(_president_and_house(nominates))["cabinet_formation"] == 1
    assert w.presidential_items(_president_and_house())["censure"] == 4
    assert w.presidential_items(_president_and_house(censure))["censure"] == 0
    both = w.presidential_items(_president_and_house(censure, dissolves))
    assert (both["censure"], both["dissolution"]) == (2, 3)
    fk = w.parliamentary_items(_president_and_house(censure, dissolves))
    assert fk["fk09_safe_no_confidence"] is False
    assert fk["fk01_remove_executive"] is True


@settings(max_examples=20)
@given(
    polity=polities(max_institutions=12, max_relations=30)
    | polities(max_institutions=12, max_relations=30, shaped=True)
)
def test_items_equal_the_reference_on_random_polities(polity: Polity):
    assert w.presidential_items(polity) == presidential_items_reference(polity)
    assert w.parliamentary_items(polity) == parliamentary_items_reference(polity)


def test_registered_and_in_range():
    for name, hi in (
        ("powers.presidential_legislative", 24.0),
        ("powers.presidential_nonlegislative", 16.0),
        ("powers.parliamentary", 1.0),
    ):
        info = get_metric(name)
        assert info.range[1] == pytest.approx(hi, abs=EXACT)
        assert info.reference
    ms = evaluate(kazakhstan("2024-01-01"), metrics=["powers"])
    assert not ms.notes
    assert len(ms) == 3
    assert len(w.FISH_KROENIG_ITEMS) == 13
    assert len(w.PRESIDENTIAL_ITEMS) == 10


def test_kazakhstan_2026_all_members_elected():
    # The Kurultai has no appointed seats (fk18 yes): 8 of the 13 visible items.
    p = kazakhstan("2026-12-01")
    assert w.parliamentary_items(p)["fk18_all_elected"] is True
    assert w.parliamentary_powers(p) == pytest.approx(8 / 13, abs=EXACT)
    assert w.presidential_items(p) == w.presidential_items(kazakhstan_2019())


def test_a_dissolution_by_any_office_counts_for_the_parliament():
    # Found by a random polity: a regional office dissolving the national chamber (the
    # view of national edges once dropped it). Fish & Kroenig's item 10 asks whether
    # the legislature is immune from dissolution, by anyone.
    p = Polity(
        "p",
        institutions=[
            Institution(id="governor", name="G", kind="executive", level="regional"),
            Institution(id="house", name="H", kind="chamber", level="national", seats=10),
        ],
        relations=[
            Relation(source="governor", target="house", kind="dissolves"),
            Relation(source="governor", target="house", kind="decrees"),
        ],
    )
    items = w.parliamentary_items(p)
    assert items["fk10_no_dissolution"] is False
    assert items["fk11_no_decree"] is False
    assert items == parliamentary_items_reference(p)


def test_budget_item():
    # 4: the president approves the budget and no chamber does; a chamber's approval: 0.
    head = Relation(source="pres", target="gov", kind="approves_budget")
    house = Relation(source="house", target="gov", kind="approves_budget")
    assert w.presidential_items(_president_and_house(head))["budget"] == 4
    assert w.presidential_items(_president_and_house(head, house))["budget"] == 0
    assert w.presidential_items(_president_and_house())["budget"] == 0


@pytest.mark.parametrize("seed", [0, 3])
def test_items_equal_the_reference_on_synthetic(seed: int):
    """The view keeps the edges of the president, the chambers and the courts only
    (not those of every national office, such as an audit office overseeing every
    local body): the items are still the reference's."""
    from govsim.scenarios import synthetic

    polity = synthetic(2_000, seed=seed)
    assert w.presidential_items(polity) == presidential_items_reference(polity)
    assert w.parliamentary_items(polity) == parliamentary_items_reference(polity)

"""The lawmaking game derived from a polity, and the registered power metrics."""

from __future__ import annotations

import pytest

from govsim import Institution, Relation, Rule, ValidationError
from govsim.metrics.registry import get_metric
from govsim.model import Polity
from govsim.power import BlockGame, lawmaking_game, seats_needed, shapley_shubik
from govsim.scenarios import kazakhstan, kazakhstan_2019

TWO_THIRDS = 2 / 3


def inst(id_: str, kind: str, seats: int = 1, role: str | None = None) -> Institution:
    return Institution(
        id=id_, name=id_.title(), kind=kind, level="national", seats=seats, role=role
    )


def us_polity() -> Polity:
    return Polity(
        "us",
        institutions=[
            inst("president", "head_of_state"),
            inst("senate", "chamber", 100, role="upper_chamber"),
            inst("house", "chamber", 435, role="lower_chamber"),
        ],
        relations=[
            Relation(source="president", target="house", kind="vetoes"),
            Relation(source="president", target="senate", kind="vetoes"),
            Relation(source="house", target="president", kind="overrides", threshold=TWO_THIRDS),
            Relation(source="senate", target="president", kind="overrides", threshold=TWO_THIRDS),
        ],
        rules=[
            Rule(kind="adopts_laws", subject="house"),
            Rule(kind="adopts_laws", subject="senate"),
        ],
    )


def kz_polity(after: bool, *, override_edge: bool = True) -> Polity:
    """Kazakhstan's procedure (reference kazakhstan.md §3): before 2022 both chambers adopt
    laws (Mazhilis 107, Senate 49); after, the Mazhilis (98) adopts and the Senate (50)
    approves, its refusal overridable by 2/3 of the Mazhilis (UNCONFIRMED)."""
    maz, sen = (98, 50) if after else (107, 49)
    relations = [
        Relation(source="president", target="mazhilis", kind="vetoes"),
        Relation(source="mazhilis", target="president", kind="overrides", threshold=TWO_THIRDS),
        Relation(source="senate", target="president", kind="overrides", threshold=TWO_THIRDS),
        Relation(source="senate", target="mazhilis", kind="vetoes"),
    ]
    if override_edge:
        relations.append(
            Relation(source="mazhilis", target="senate", kind="overrides", threshold=TWO_THIRDS)
        )
    rules = [Rule(kind="adopts_laws", subject="mazhilis")]
    if not after:
        rules.append(Rule(kind="adopts_laws", subject="senate"))
    return Polity(
        "kz",
        institutions=[
            inst("president", "head_of_state"),
            inst("mazhilis", "chamber", maz, role="lower_chamber"),
            inst("senate", "chamber", sen, role="upper_chamber"),
        ],
        relations=relations,
        rules=rules,
    )


def test_seats_needed() -> None:
    assert seats_needed(None, 100) == 51
    assert seats_needed(0.5, 435) == 218
    assert seats_needed(TWO_THIRDS, 100) == 67
    assert seats_needed(TWO_THIRDS, 435) == 290
    assert seats_needed(0.6, 5) == 3
    assert seats_needed(1.0, 7) == 7


def test_us_game_from_polity() -> None:
    """The polity encoding of the US procedure gives the Shapley & Shubik (1954) game."""
    game = lawmaking_game(us_polity())
    assert game == BlockGame(
        {"president": 1, "senate": 100, "house": 435},
        [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}],
    )
    shares = get_metric("power.head_of_state")(us_polity())
    assert shares == pytest.approx(0.1605, abs=1e-4)
    assert get_metric("power.lower_chamber")(us_polity()) == pytest.approx(
        shapley_shubik(game)["house"], rel=1e-12
    )
    assert get_metric("power.upper_chamber")(us_polity()) == pytest.approx(
        shapley_shubik(game)["senate"], rel=1e-12
    )


def test_kazakhstan_before_after() -> None:
    before = lawmaking_game(kz_polity(after=False))
    assert before.clauses == [
        {"president": 1, "mazhilis": 54, "senate": 25},
        {"president": 0, "mazhilis": 72, "senate": 33},
    ]
    after = lawmaking_game(kz_polity(after=True))
    assert after.clauses == [
        {"president": 1, "mazhilis": 50, "senate": 26},
        {"president": 0, "mazhilis": 66, "senate": 34},
        {"president": 1, "mazhilis": 66, "senate": 0},
    ]
    # the UNCONFIRMED override as a parameter: none, or by another fraction
    no_override = lawmaking_game(kz_polity(after=True), chamber_override=None)
    assert no_override.clauses == [
        {"president": 1, "mazhilis": 50, "senate": 26},
        {"president": 0, "mazhilis": 66, "senate": 34},
    ]
    assert lawmaking_game(kz_polity(after=True, override_edge=False)) == no_override
    assert (
        lawmaking_game(kz_polity(after=True, override_edge=False), chamber_override=TWO_THIRDS)
        == after
    )
    absolute = lawmaking_game(kz_polity(after=True), presidential_override=None)
    assert all(c["president"] == 1 for c in absolute.clauses)
    assert shapley_shubik(absolute)["president"] > shapley_shubik(after)["president"]
    # without a Senate that can refuse, the Mazhilis gains
    mazhilis = get_metric("power.lower_chamber")
    assert mazhilis(kz_polity(after=True)) > mazhilis(kz_polity(after=True), chamber_override=None)


def _kz_game(mazhilis: int, senate: int, override: bool) -> BlockGame:
    clauses = [
        {"president": 1, "mazhilis": mazhilis // 2 + 1, "senate": senate // 2 + 1},
        {
            "mazhilis": seats_needed(TWO_THIRDS, mazhilis),
            "senate": seats_needed(TWO_THIRDS, senate),
        },
    ]
    if override:
        clauses.append({"president": 1, "mazhilis": seats_needed(TWO_THIRDS, mazhilis)})
    return BlockGame({"president": 1, "mazhilis": mazhilis, "senate": senate}, clauses)


def test_kazakhstan_move_is_procedure_against_sizes() -> None:
    """The tiny move across the reform: the override's gain, cancelled by the new sizes.

    Values computed here with the exact index (documented in govsim.metrics.power): the
    override alone (98/50 seats) gives the Mazhilis +0.019 and takes 0.020 from the Senate;
    the sizes alone (107/49 -> 98/50, old procedure) take 0.020 from the Mazhilis.
    The override's effect vanishes as chambers grow (2e-4 at 301/151 seats).
    """
    before = shapley_shubik(_kz_game(107, 49, False))
    sizes_only = shapley_shubik(_kz_game(98, 50, False))
    after = shapley_shubik(_kz_game(98, 50, True))
    assert after["mazhilis"] - sizes_only["mazhilis"] == pytest.approx(0.0187, abs=1e-4)
    assert after["senate"] - sizes_only["senate"] == pytest.approx(-0.0197, abs=1e-4)
    assert sizes_only["mazhilis"] - before["mazhilis"] == pytest.approx(-0.0196, abs=1e-4)
    assert abs(after["mazhilis"] - before["mazhilis"]) < 0.002
    big = shapley_shubik(_kz_game(301, 151, True))
    big_without = shapley_shubik(_kz_game(301, 151, False))
    assert 0 < big["mazhilis"] - big_without["mazhilis"] < 3e-4
    assert lawmaking_game(kazakhstan("2024-01-01")) == _kz_game(98, 50, True)
    assert lawmaking_game(kazakhstan_2019()) == _kz_game(107, 49, False)


def test_unicameral_and_no_head() -> None:
    p = Polity(
        "uni",
        institutions=[inst("president", "head_of_state"), inst("kurultai", "chamber", 9)],
        relations=[Relation(source="president", target="kurultai", kind="vetoes")],
    )
    game = lawmaking_game(p)
    assert game.clauses == [{"president": 1, "kurultai": 5}]  # absolute veto: no override
    assert get_metric("power.upper_chamber")(p) == pytest.approx(0.0, abs=1e-12)
    assert get_metric("power.head_of_state")(p) == pytest.approx(0.5, rel=1e-12)  # a veto player
    q = Polity(
        "assembly",
        institutions=[inst("assembly", "chamber", 5)],
        rules=[Rule(kind="passing_threshold", subject="assembly", value=0.6)],
    )
    assert lawmaking_game(q).clauses == [{"assembly": 3}]
    assert get_metric("power.head_of_state")(q) == pytest.approx(0.0, abs=1e-12)
    assert get_metric("power.lower_chamber")(q) == pytest.approx(1.0, rel=1e-12)


def test_lawmaking_errors() -> None:
    two = [inst("a", "chamber", 5), inst("b", "chamber", 3)]
    with pytest.raises(ValidationError, match="adopts_laws"):
        lawmaking_game(Polity("x", institutions=two))
    with pytest.raises(ValidationError, match=r"Rule\(adopts_laws\).subject"):
        lawmaking_game(
            Polity(
                "x",
                institutions=[*two, inst("p", "head_of_state")],
                rules=[Rule(kind="adopts_laws", subject="p")],
            )
        )
    with pytest.raises(ValidationError, match="national chamber"):
        lawmaking_game(Polity("x", institutions=[inst("p", "head_of_state")]))
    with pytest.raises(ValidationError, match="'chamber_override'"):
        lawmaking_game(us_polity(), chamber_override=1.5)
    with pytest.raises(ValidationError, match="passing_threshold"):
        lawmaking_game(
            Polity(
                "x",
                institutions=[inst("a", "chamber", 5)],
                rules=[Rule(kind="passing_threshold", subject="a", value="most")],
            )
        )


def test_shipped_kazakhstan_data() -> None:
    """The 2019 data file: both chambers adopt, presidential veto overridable by 2/3 of each."""
    game = lawmaking_game(kazakhstan_2019())
    assert game.clauses == [
        {"president": 1, "mazhilis": 54, "senate": 25},
        {"president": 0, "mazhilis": 72, "senate": 33},
    ]

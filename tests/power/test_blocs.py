"""The bloc lawmaking game: its two ends, a hand-computed case, Kazakhstan 2019 -> 2023."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import Institution, Polity, Relation, Rule, ValidationError
from govsim.power import bloc_shares, lawmaking_blocs, lawmaking_shares
from govsim.power.blocs import patrons
from govsim.scenarios import kazakhstan, kazakhstan_2019
from govsim.testing.power_reference import multiweight_subsets

TOL = 1e-10


def inst(id_: str, kind: str, seats: int = 1, **kw: object) -> Institution:
    return Institution(id=id_, name=id_, kind=kind, level="national", seats=seats, **kw)


def small(*extra: Relation, appointed: int = 2, seats: int = 3) -> Polity:
    """A president with an absolute-majority-proof veto (override by all seats) and one
    chamber of ``seats``, ``appointed`` of them appointed by the president."""
    return Polity(
        "small",
        institutions=[
            inst("voters", "electorate"),
            inst("pres", "head_of_state", role="head_of_state"),
            inst("parl", "chamber", seats, role="sole_chamber"),
            inst("party.a", "party"),
            inst("party.b", "party"),
        ],
        relations=[
            Relation(source="voters", target="pres", kind="elects"),
            Relation(source="voters", target="parl", kind="elects", seats=seats - appointed),
            Relation(source="pres", target="parl", kind="appoints", seats=appointed),
            Relation(source="pres", target="parl", kind="vetoes"),
            Relation(source="parl", target="pres", kind="overrides", threshold=1.0),
            *extra,
        ],
    )


def test_hand_computed_discipline_half() -> None:
    """Chamber of 3 (majority 2; override needs all 3), 2 seats appointed by the president.

    d = 1: the president's bloc holds 2 seats and his veto: it wins alone (share 1).
    d = 1/2: round(0.5 x 2) = 1 seat votes with him; he needs one of the two
    independents and is a veto player: pivotal in the orderings where he comes second
    or third (2/3), each independent 1/6. Swings: his {I1}, {I2}, {I1, I2} (3 of 4);
    each independent's {P} (1 of 4): normalized Banzhaf 3/5, 1/5, 1/5.
    """
    p = small()
    assert bloc_shares(p, discipline=1.0)["pres"] == pytest.approx(1.0, abs=TOL)
    half = bloc_shares(p, discipline=0.5)
    assert half["pres"] == pytest.approx(2 / 3, abs=TOL)
    assert half["parl"] == pytest.approx(1 / 3, abs=TOL)  # the two independents together
    bz = bloc_shares(p, discipline=0.5, index="bz")
    assert bz["pres"] == pytest.approx(3 / 5, abs=TOL)


@pytest.mark.parametrize(
    "polity", [kazakhstan_2019(), kazakhstan("2023-12-31"), small()], ids=lambda p: p.name
)
def test_no_discipline_is_the_per_member_game(polity: Polity) -> None:
    per_member = lawmaking_shares(polity)
    blocs = bloc_shares(polity, discipline=0.0)
    assert set(blocs) == set(per_member)
    for name, value in per_member.items():
        assert blocs[name] == pytest.approx(value, abs=1e-9)


def test_kazakhstan_president_with_his_appointees() -> None:
    """The expert reviewer's illustration (issue 13): the President, his appointed
    senators (15 in 2019, 10 after the 2022 amendments) and, in 2019, the Assembly of
    People's 9 Mazhilis deputies (the President forms the Assembly) vote as one bloc;
    every other member votes on his own; parties are not blocs. About 0.49 -> 0.32."""
    before = bloc_shares(kazakhstan_2019(), blocs="appointed")["president"]
    after = bloc_shares(kazakhstan("2023-12-31"), blocs="appointed")["president"]
    assert before == pytest.approx(0.49, abs=0.02)
    assert after == pytest.approx(0.32, abs=0.02)
    g = lawmaking_blocs(kazakhstan_2019(), blocs="appointed")
    assert g.weights[g.names.index("president")].tolist() == [1, 9, 15]


@pytest.mark.parametrize("d", [0.0, 0.25, 0.5, 1.0])
def test_bloc_game_matches_brute_force(d: float) -> None:
    """The bloc game of a polity with parties, against enumeration of its members."""
    p = small(
        Relation(source="party.a", target="parl", kind="holds_seats", seats=2),
        Relation(source="party.b", target="parl", kind="holds_seats", seats=1),
        appointed=2,
        seats=6,
    )
    game = lawmaking_blocs(p, discipline=d)
    ss, bz = multiweight_subsets(game)
    got = bloc_shares(p, discipline=d)
    for name in game.names:
        assert got[name] == pytest.approx(float(ss[name]), abs=TOL)
    raw = np.array([float(bz[n]) for n in game.names])
    got_bz = bloc_shares(p, discipline=d, index="bz")
    np.testing.assert_allclose([got_bz[n] for n in game.names], raw / raw.sum(), atol=TOL)


def test_parties_and_the_head_of_states_party() -> None:
    p = small(
        Relation(source="party.a", target="parl", kind="holds_seats", seats=1),
        Relation(source="pres", target="party.a", kind="member_of"),
        appointed=1,
        seats=3,
    )
    g = lawmaking_blocs(p, blocs="parties")
    assert "party.a" in g.names
    merged = lawmaking_blocs(p, blocs="parties", head_party=True)
    assert "party.a" not in merged.names
    assert merged.weights[merged.names.index("pres")].tolist() == [1, 1]
    both = lawmaking_blocs(p, head_party=True)  # appointee and party seats join him
    assert both.weights[both.names.index("pres")].tolist() == [1, 2]


def test_patrons_climb_sole_appointers() -> None:
    kz = kazakhstan_2019()
    up = patrons(kz)
    ids = kz.institution_table.id
    assert ids[up[kz.index_of("assembly_of_people")[0]]] == "president"
    assert ids[up[kz.index_of("president")[0]]] == "president"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"discipline": 1.5}, "'discipline' parameter of lawmaking_blocs"),
        ({"discipline": True}, "'discipline' parameter"),
        ({"blocs": "friends"}, "'blocs' parameter of lawmaking_blocs"),
        ({"head_party": "yes"}, "'head_party' parameter"),
    ],
)
def test_bad_parameters_name_themselves(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        lawmaking_blocs(small(), **kwargs)  # type: ignore[arg-type]


def test_blocs_larger_than_the_chamber_are_an_error() -> None:
    p = small(
        Relation(source="party.a", target="parl", kind="holds_seats", seats=2),
        appointed=2,
        seats=3,
    )
    with pytest.raises(ValidationError, match="seats of 'parl'"):
        lawmaking_blocs(p)
    with pytest.raises(ValidationError, match="'index' parameter of bloc_shares"):
        bloc_shares(small(), index="owen")  # type: ignore[arg-type]


def test_rules_reach_the_bloc_game() -> None:
    """A passing threshold of the lawmaking game is the bloc game's clause too."""
    p = small(appointed=1, seats=3)
    strict = Polity(
        "strict",
        institutions=p.institutions,
        relations=p.relations,
        rules=(Rule(kind="passing_threshold", subject="parl", value=1.0),),
    )
    assert lawmaking_blocs(strict).clauses.tolist() != lawmaking_blocs(p).clauses.tolist()


def test_simulated_bloc_shares_average_the_draws() -> None:
    """Mean over Monte Carlo elections of the Mazhilis (2023 vote model, 20 draws):
    the average of the bloc game solved draw by draw; at d = 0 the parties do not
    matter and every draw gives the per-member game."""
    from govsim.metrics import electoral as em
    from govsim.power import simulated_bloc_shares
    from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023

    p = kazakhstan("2023-12-31")
    result = em.run(p, KAZAKHSTAN_2023, 20, 7)
    mean = simulated_bloc_shares(p, result, "mazhilis")
    names = result.names or ()
    by_draw = []
    for row in result.seats:
        draw = {names[k]: int(v) for k, v in enumerate(row) if v and result.parties[k]}
        by_draw.append(bloc_shares(p, party_seats={"mazhilis": draw})["president"])
    assert mean["president"] == pytest.approx(float(np.mean(by_draw)), abs=1e-12)
    assert sum(mean.values()) == pytest.approx(1.0, abs=1e-9)
    flat = simulated_bloc_shares(p, result, "mazhilis", discipline=0.0)
    assert flat["president"] == pytest.approx(lawmaking_shares(p)["president"], abs=1e-9)
    with pytest.raises(ValidationError, match="'result' parameter of simulated_bloc_shares"):
        simulated_bloc_shares(p, "draws", "mazhilis")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'party_seats' parameter of lawmaking_blocs"):
        lawmaking_blocs(p, party_seats={"nowhere": {"a": 1}})

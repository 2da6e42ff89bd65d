"""Veto players, POLCON and the setter model (govsim.metrics.veto).

Each core is checked against a hand computation (derivations in the comments), against
the plain references of govsim.testing.veto_reference on random games and polities (POLCON
against the published rule written out over the relation rows, below), and on the
Kazakhstan polities of 2019 and 2024. POLCON against the published dataset:
tests/metrics/test_polcon_published.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.errors import ValidationError
from govsim.metrics import evaluate, get_metric
from govsim.metrics import veto as v
from govsim.model import Institution, Polity, Relation, Rule
from govsim.power import lawmaking_game
from govsim.power.games import BlockGame
from govsim.scenarios import kazakhstan
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.veto_reference import (
    partisan_veto_players_reference,
    polcon_reference,
    receiver_gain_monte_carlo,
    setter_gain_monte_carlo,
    veto_players_brute,
)

#: Closed forms against exact arithmetic: only rounding separates them.
EXACT = 1e-12
#: Monte Carlo references with 40,000 draws: the setter's and the receiver's gains have
#: standard deviations below 0.4, so a standard error below 0.002 of the mean; divided by
#: the normaliser (1/3) at most 0.006. 0.03 is almost 5 errors.
MC_TOL = 0.03
MC_DRAWS = 40_000


def _us() -> Polity:
    return Polity(
        "us",
        institutions=[
            Institution(id="president", name="P", kind="head_of_state", level="national"),
            Institution(id="senate", name="S", kind="chamber", level="national", seats=100),
            Institution(id="house", name="H", kind="chamber", level="national", seats=435),
        ],
        relations=[
            Relation(source="president", target="house", kind="vetoes"),
            Relation(source="house", target="president", kind="overrides", threshold=2 / 3),
            Relation(source="senate", target="president", kind="overrides", threshold=2 / 3),
        ],
        rules=[
            Rule(kind="adopts_laws", subject="house"),
            Rule(kind="adopts_laws", subject="senate"),
        ],
    )


def _without_parties(p: Polity) -> Polity:
    """The polity without its parties and party ties: the structure alone."""
    doc = p.to_dict()
    parties = {i["id"] for i in doc["institutions"] if i["kind"] == "party"}
    doc["institutions"] = [i for i in doc["institutions"] if i["id"] not in parties]
    doc["relations"] = [
        r
        for r in doc["relations"]
        if r["kind"] not in ("holds_seats", "member_of")
        and r["source"] not in parties
        and r["target"] not in parties
    ]
    return Polity.from_document(doc)


def _with_mazhilis_parties(p: Polity, seats: dict[str, int], president: str | None) -> Polity:
    """The structure with these Mazhilis seats by party and the President's party."""
    doc = _without_parties(p).to_dict()
    for pid, n in seats.items():
        doc["institutions"].append({"id": pid, "name": pid, "kind": "party", "level": "national"})
        doc["relations"].append(
            {"source": pid, "target": "mazhilis", "kind": "holds_seats", "seats": n}
        )
    if president is not None:
        doc["relations"].append({"source": "president", "target": president, "kind": "member_of"})
    return Polity.from_document(doc)


def _one_chamber(
    parties: list[int],
    *,
    president_party: int | None = None,
    appointed: int = 0,
    seats: int | None = None,
    passing: float | None = None,
) -> Polity:
    """A president with a veto and one elected chamber whose parties hold ``parties`` seats."""
    total = seats if seats is not None else sum(parties) + appointed
    inst = [
        Institution(id="voters", name="Voters", kind="electorate", level="national"),
        Institution(id="pres", name="President", kind="head_of_state", level="national"),
        Institution(id="house", name="House", kind="chamber", level="national", seats=total),
    ] + [
        Institution(id=f"party.p{k}", name=f"P{k}", kind="party", level="national")
        for k in range(len(parties))
    ]
    rel = [
        Relation(source="voters", target="house", kind="elects"),
        Relation(source="pres", target="house", kind="vetoes"),
    ] + [
        Relation(source=f"party.p{k}", target="house", kind="holds_seats", seats=s)
        for k, s in enumerate(parties)
        if s > 0
    ]
    if appointed:
        rel.append(Relation(source="pres", target="house", kind="appoints", seats=appointed))
    if president_party is not None:
        rel.append(Relation(source="pres", target=f"party.p{president_party}", kind="member_of"))
    rules = (
        [] if passing is None else [Rule(kind="passing_threshold", subject="house", value=passing)]
    )
    return Polity("one chamber", institutions=inst, relations=rel, rules=rules)


# ------------------------------------------------------------------ institutional
def test_us_president_is_an_institutional_but_not_an_absolute_veto_player():
    # Shapley & Shubik's (1954) game: the 2/3 override bypasses the President.
    us = _us()
    assert v.institutional_veto_players(us) == ["president", "senate", "house"]
    assert v.absolute_veto_players(us) == ["senate", "house"]


def test_kazakhstan_2019_to_2024_the_senate_stops_being_an_absolute_veto_player():
    # 2019: both chambers adopt every law (data file, loc.gov 2022-07-20; H); from 2022
    # the Mazhilis adopts and may override a Senate refusal by 2/3 (UNCONFIRMED).
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    assert v.institutional_veto_players(before) == ["president", "mazhilis", "senate"]
    assert v.institutional_veto_players(after) == ["president", "mazhilis", "senate"]
    assert v.absolute_veto_players(before) == ["mazhilis", "senate"]
    assert v.absolute_veto_players(after) == ["mazhilis"]
    # without the unconfirmed override the Senate's refusal is final again
    assert v.absolute_veto_players(kazakhstan("2024-01-01", unconfirmed=False)) == [
        "mazhilis",
        "senate",
    ]


@st.composite
def block_games(draw: st.DrawFn) -> BlockGame:
    n = draw(st.integers(1, 4))
    sizes = {f"b{i}": draw(st.integers(1, 6)) for i in range(n)}
    clauses = []
    for _ in range(draw(st.integers(1, 4))):
        clause = {b: draw(st.integers(0, s)) for b, s in sizes.items()}
        first = next(iter(sizes))
        clause[first] = max(clause[first], 1) if not any(clause.values()) else clause[first]
        clauses.append(clause)
    return BlockGame(sizes, clauses)


@settings(max_examples=25)
@given(game=block_games())
def test_veto_blocks_equal_the_brute_force_definition(game: BlockGame):
    found = [b for b, x in zip(game.names, v.veto_blocks(game.threshold_array), strict=True) if x]
    assert found == veto_players_brute(game)


def test_veto_players_of_random_lawmaking_games_equal_brute_force(seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(5):
        p = _random_party_polity(rng)
        game = lawmaking_game(p)
        assert v.absolute_veto_players(p) == veto_players_brute(game)


# ---------------------------------------------------------------------- partisan
def test_majority_coalition_largest_first():
    # Mazhilis 2023 (CEC, Astana Times): Amanat 40 list + 22 districts = 62 of 98 holds
    # a majority (50) alone; by list seats only (40) it needs the next party (Auyl, 8)
    # and then one more.
    np.testing.assert_array_equal(
        v.majority_coalition([62, 8, 6, 6, 5, 4, 7], 50), [1, 0, 0, 0, 0, 0, 0]
    )
    np.testing.assert_array_equal(v.majority_coalition([40, 8, 6, 6, 5, 4], 50), [1, 1, 1, 0, 0, 0])


def test_one_party_holding_chamber_and_presidency_is_one_partisan_veto_player():
    p = _one_chamber([60, 40], president_party=0)
    assert v.partisan_veto_players(p) == ["party.p0"]
    # the membership ban cuts the tie: the President is an actor of its own
    banned = _one_chamber([60, 40])
    assert v.partisan_veto_players(banned) == ["pres", "party.p0"]
    # a coalition chamber: 45 + 35 of 100 (the largest two reach 51)
    coalition = _one_chamber([45, 35, 20], president_party=1)
    assert v.partisan_veto_players(coalition) == ["party.p1", "party.p0"]


def test_appointees_vote_with_the_appointer():
    # 15 appointed of 49, 34 unaffiliated (Kazakhstan's Senate before 2022): the majority
    # of 25 is the appointees (the President) and the unaffiliated seats as one actor.
    p = _one_chamber([], appointed=15, seats=49)
    blocs = v.chamber_blocs(p, "house")
    assert blocs is not None
    assert blocs.labels == ("pres",)
    assert blocs.unaffiliated == 34
    assert v.partisan_veto_players(p) == ["pres", "house:unaffiliated"]


def test_a_chamber_without_party_data_is_one_actor():
    assert v.partisan_veto_players(_without_parties(kazakhstan_2019()))[:2] == [
        "president",
        "mazhilis",
    ]
    assert v.partisan_veto_players(_us()) == ["president", "senate", "house"]


def test_effective_veto_players_on_a_line():
    # Tsebelis (2002) absorption in 1-D: VPs at 0.2, 0.5, 0.9 -> {0.2, 0.9}; one more at
    # 0.6 changes nothing.
    np.testing.assert_array_equal(v.effective_veto_players_1d([0.2, 0.5, 0.9]), [1, 0, 1])
    np.testing.assert_array_equal(v.effective_veto_players_1d([0.2, 0.5, 0.9, 0.6]), [1, 0, 1, 0])


# ------------------------------------------------------------------------- POLCON
def test_polcon_hand_computed_aligned_and_opposed():
    # A 60 / B 40 of 100: F = 1 - 0.36 - 0.16 = 0.48. President in A: aligned, s = F, so
    # POLCON III = B_1 * F = 0.6667 * 0.48 = 0.320016.
    assert v.polcon(_one_chamber([60, 40], president_party=0)) == pytest.approx(0.320016, abs=EXACT)
    # President in B: opposed, s = 1 - F = 0.52: 0.6667 * 0.52 = 0.346684.
    assert v.polcon(_one_chamber([60, 40], president_party=1)) == pytest.approx(0.346684, abs=EXACT)
    # A president without a party (a membership ban) is aligned with nobody.
    assert v.polcon(_one_chamber([60, 40])) == pytest.approx(0.346684, abs=EXACT)
    # A 40 / B 30 / C 30 (A largest): F = 1 - 0.16 - 0.09 - 0.09 = 0.66 -> 0.6667 * 0.66.
    assert v.polcon(_one_chamber([40, 30, 30], president_party=0)) == pytest.approx(
        0.440022, abs=EXACT
    )


@settings(max_examples=15, deadline=None)
@given(
    seats=st.lists(st.integers(1, 40), min_size=2, max_size=5),
    extra=st.integers(1, 30),
)
def test_polcon_follows_the_published_signs(seats: list[int], extra: int):
    """The signs Henisz's index is documented to have (QoG codebook, ``h_polcon3``:
    "legislative fractionalization ... increasing constraint for aligned executives and
    decreasing it for opposed ones"; the range 0 to 1), on one chamber whose largest
    party is the President's (aligned) or with a President of no party (opposed).
    Alignment lowers the constraint while the chamber is more than half held together
    (F < 1/2)."""
    big = [max(seats) + extra, *seats]  # party 0 is the largest
    aligned = v.polcon(_one_chamber(big, president_party=0))
    opposed = v.polcon(_one_chamber(big))
    f = 1.0 - sum((x / sum(big)) ** 2 for x in big)
    assert 0.0 <= aligned <= 1.0
    assert 0.0 <= opposed <= 1.0
    if abs(f - 0.5) > 1e-9:
        assert (aligned < opposed) == (f < 0.5)
    # a seat moved from party 0 to the smallest: more fractionalized, and party 0 still
    # the largest: more constraint on the aligned executive, less on the opposed one
    moved = list(big)
    moved[0] -= 1
    moved[int(np.argmin(moved[1:])) + 1] += 1
    if moved[0] > max(moved[1:]):
        assert v.polcon(_one_chamber(moved, president_party=0)) > aligned
        assert v.polcon(_one_chamber(moved)) < opposed


def test_polcon_kazakhstan_without_party_data():
    # 2019: President + Mazhilis (no party data: one actor, s = 1) + Senate (15 appointed
    # of 49, aligned: s = F = 1 - (15/49)^2 - 34/49^2 = 0.8921): B_2 * (1 + F) / 2.
    f = 1 - (15 / 49) ** 2 - 34 / 49**2
    assert v.polcon(_without_parties(kazakhstan_2019())) == pytest.approx(
        0.8 * (1 + f) / 2, abs=EXACT
    )
    # 2024: 10 appointed of 50: F = 1 - 0.04 - 40/2500 = 0.944.
    f = 1 - 0.2**2 - 40 / 50**2
    assert v.polcon(_without_parties(kazakhstan("2024-01-01"))) == pytest.approx(
        0.8 * (1 + f) / 2, abs=EXACT
    )


# --------------------------------------------------------------------- setter model
def test_setter_gain_hand_computed():
    # k = 1: 6 * (int_0^1/2 m^2 (1-m) dm + int_1/2^1 [(1-m)^3 + (1 - 8(1-m)^3)/6] dm)
    #      = 6 * (5/192 + 15/192) = 5/8.
    assert v.setter_gain(0) == pytest.approx(1.0, abs=EXACT)
    assert v.setter_gain(1) == pytest.approx(5 / 8, abs=EXACT)


@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
def test_setter_gain_matches_simulation(k: int):
    assert v.setter_gain(k) == pytest.approx(
        setter_gain_monte_carlo(k, MC_DRAWS, seed=k), abs=MC_TOL
    )


def test_setter_gain_falls_with_receivers():
    gains = np.array([v.setter_gain(k) for k in range(8)])
    assert np.all(np.diff(gains) < 0)


# ----------------------------------------------------------- random party polities
def _random_party_polity(rng: np.random.Generator) -> Polity:
    """A president and one or two chambers, with random parties, appointees, overrides."""
    n_ch = int(rng.integers(1, 3))
    n_parties = int(rng.integers(0, 4))
    inst = [
        Institution(id="voters", name="Voters", kind="electorate", level="national"),
        Institution(id="pres", name="President", kind="head_of_state", level="national"),
    ] + [
        Institution(id=f"party.p{k}", name=f"P{k}", kind="party", level="national")
        for k in range(n_parties)
    ]
    rel: list[Relation] = []
    rules: list[Rule] = []
    for c in range(n_ch):
        seats = int(rng.integers(3, 40))
        inst.append(
            Institution(id=f"ch{c}", name=f"C{c}", kind="chamber", level="national", seats=seats)
        )
        rel.append(Relation(source="voters", target=f"ch{c}", kind="elects"))
        left = seats
        for k in range(n_parties):
            s = int(rng.integers(0, left + 1)) if left else 0
            if s:
                rel.append(
                    Relation(source=f"party.p{k}", target=f"ch{c}", kind="holds_seats", seats=s)
                )
            left -= s
        if left and rng.random() < 0.5:
            rel.append(
                Relation(
                    source="pres",
                    target=f"ch{c}",
                    kind="appoints",
                    seats=int(rng.integers(1, left + 1)),
                )
            )
        rules.append(Rule(kind="adopts_laws", subject=f"ch{c}"))
        if rng.random() < 0.3:
            rules.append(
                Rule(
                    kind="passing_threshold",
                    subject=f"ch{c}",
                    value=float(rng.choice([0.5, 0.6, 2 / 3])),
                )
            )
        if rng.random() < 0.7:
            rel.append(Relation(source="pres", target=f"ch{c}", kind="vetoes"))
        if rng.random() < 0.5:
            rel.append(
                Relation(
                    source=f"ch{c}",
                    target="pres",
                    kind="overrides",
                    threshold=float(rng.choice([0.5, 2 / 3, 0.75])),
                )
            )
    if n_parties and rng.random() < 0.6:
        rel.append(
            Relation(
                source="pres", target=f"party.p{int(rng.integers(0, n_parties))}", kind="member_of"
            )
        )
    if rng.random() < 0.5:  # a constitutional court reviewing the first chamber
        inst.append(
            Institution(
                id="court",
                name="Court",
                kind="court",
                level="national",
                role="constitutional_court",
                seats=int(rng.integers(6, 12)),
            )
        )
        rel.append(Relation(source="court", target="ch0", kind="reviews"))
        if rng.random() < 0.7:
            rel.append(
                Relation(
                    source="pres", target="court", kind="appoints", seats=int(rng.integers(1, 4))
                )
            )
        if rng.random() < 0.5:
            rel.append(
                Relation(
                    source="ch0", target="court", kind="appoints", seats=int(rng.integers(1, 4))
                )
            )
    return Polity("random parties", institutions=inst, relations=rel, rules=rules)


def test_partisan_veto_players_and_polcon_equal_the_references(seed: int):
    rng = np.random.default_rng(seed)
    for _ in range(60):  # enough draws for ties between blocs (the order of the actors)
        p = _random_party_polity(rng)
        inst = v.institutional_veto_players(p)
        assert v.partisan_veto_players(p) == partisan_veto_players_reference(p, inst)
        assert v.polcon(p) == pytest.approx(polcon_reference(p, inst), abs=EXACT)
        assert v.polcon_v(p) == pytest.approx(polcon_reference(p, inst, judiciary=True), abs=EXACT)
        assert 0.0 <= v.polcon(p) <= 1.0
        assert 0.0 <= v.polcon_v(p) <= 1.0


# ------------------------------------------------------------------ registry, errors
def test_registered_with_range_direction_and_source():
    for name in (
        "veto.institutional_players",
        "veto.absolute_players",
        "veto.partisan_players",
        "veto.polcon",
        "veto.setter_gain",
        "veto.proposer_advantage",
        "veto.polcon_v",
    ):
        info = get_metric(name)
        assert info.reference
        assert info.definition
        assert info.direction in ("higher", "neutral")
    np.testing.assert_allclose(get_metric("veto.polcon").range, (0.0, 1.0), atol=EXACT)


def test_evaluate_shows_the_family_on_kazakhstan():
    ms = evaluate(kazakhstan_2019(), metrics=["veto"])
    assert set(ms) == {
        "veto.institutional_players",
        "veto.absolute_players",
        "veto.partisan_players",
        "veto.polcon",
        "veto.setter_gain",
        "veto.proposer_advantage",
        "veto.polcon_v",
    }
    assert not ms.notes


def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValidationError, match=r"'polity'.*MAX_POLCON_CHAMBERS"):
        v.polcon(_three_chambers())
    with pytest.raises(ValidationError, match=r"'polity'.*MAX_POLCON_CHAMBERS"):
        v.polcon_v(_three_chambers())
    with pytest.raises(ValidationError, match="'receivers'"):
        v.setter_gain(-1)
    with pytest.raises(ValidationError, match="MAX_SETTER_RECEIVERS"):
        v.setter_gain(v.MAX_SETTER_RECEIVERS + 1)
    with pytest.raises(ValidationError, match="'thresholds'"):
        v.veto_blocks([1, 2, 3])
    with pytest.raises(ValidationError, match="'need'"):
        v.majority_coalition([3, 2], -1)
    with pytest.raises(ValidationError, match="polity"):
        v.institutional_veto_players(Polity("empty"))


def _three_chambers() -> Polity:
    """A president and three chambers that must each adopt a law (a tricameral parliament)."""
    inst = [Institution(id="pres", name="P", kind="head_of_state", level="national")] + [
        Institution(id=f"ch{k}", name=f"C{k}", kind="chamber", level="national", seats=10)
        for k in range(3)
    ]
    rules = [Rule(kind="adopts_laws", subject=f"ch{k}") for k in range(3)]
    return Polity("tricameral", institutions=inst, rules=rules)


def test_executive_party_stands_for_an_informal_tie():
    # A non-partisan president governing with party A (Kazakhstan after the 2022 ban)
    banned = _one_chamber([60, 40])
    assert v.polcon(banned, executive_party="party.p0") == pytest.approx(0.320016, abs=EXACT)
    assert v.partisan_veto_players(banned, executive_party="party.p0") == ["party.p0"]
    with pytest.raises(ValidationError, match="'executive_party'"):
        v.polcon(banned, executive_party="house")


def test_kazakhstan_2026_the_kurultai_is_the_one_veto_chamber():
    # Constitution of 2026 in force 1 Jul 2026 (govsim.scenarios.kazakhstan_2026): one
    # chamber, the President keeps his veto. POLCON: one chamber without party data
    # (s = 1): B_1 = 0.6667; the setter faces one veto player: 5/8.
    p = kazakhstan("2026-12-01")
    assert v.institutional_veto_players(p) == ["president", "kurultai"]
    assert v.absolute_veto_players(p) == ["kurultai"]
    assert v.polcon(p) == pytest.approx(0.6667, abs=EXACT)
    assert v.setter_gain_metric(p) == pytest.approx(5 / 8, abs=EXACT)


def test_kazakhstan_with_the_mazhilis_party_seats():
    # 2019: the Mazhilis elected in 2016, Nur Otan 84, Ak Zhol 7, Communists 7 of 107
    # (Euractiv 2019-04-24; M), and Nur Otan's candidate Tokayev (same; H). 2023: the CEC
    # result (Amanat 62, Auyl 8, Respublica 6, Ak Zhol 6, People's Party 5, JSDP 4, 7
    # self-nominated; H) and no party for the President (2022 ban; H).
    before = _with_mazhilis_parties(
        kazakhstan_2019(),
        {"party.nur_otan": 84, "party.ak_zhol": 7, "party.qhp": 7},
        "party.nur_otan",
    )
    seats_2023 = {
        "party.amanat": 62,
        "party.auyl": 8,
        "party.respublica": 6,
        "party.ak_zhol": 6,
        "party.qhp": 5,
        "party.jsdp": 4,
    }
    after = _with_mazhilis_parties(kazakhstan("2024-01-01"), seats_2023, None)
    assert v.partisan_veto_players(before) == ["party.nur_otan", "senate:unaffiliated"]
    assert v.partisan_veto_players(after) == ["president", "party.amanat", "senate:unaffiliated"]
    # by hand: F(Mazhilis 2019) = 1 - (84^2 + 7^2 + 7^2 + 9) / 107^2 = 0.374, aligned; the
    # Senate's appointees aligned too (F as in test_polcon_kazakhstan_without_party_data):
    # B_2 * (F_m + F_s) / 2
    f_m = 1 - (84**2 + 7**2 + 7**2 + 9) / 107**2
    f_s = 1 - (15 / 49) ** 2 - 34 / 49**2
    assert v.polcon(before) == pytest.approx(0.8 * (f_m + f_s) / 2, abs=EXACT)
    assert v.polcon(before) == pytest.approx(0.5066, abs=5e-5)
    # 2023: F(Mazhilis) = 1 - (62^2 + 8^2 + 6^2 + 6^2 + 5^2 + 4^2 + 7) / 98^2 = 0.581, opposed
    # to a President of no party (s = 1 - F), the Senate aligned (F = 0.944); with Amanat
    # as his party the Mazhilis is aligned (s = F)
    f_m = 1 - (62**2 + 8**2 + 6**2 + 6**2 + 5**2 + 4**2 + 7) / 98**2
    f_s = 1 - 0.2**2 - 40 / 50**2
    assert v.polcon(after) == pytest.approx(0.8 * (1 - f_m + f_s) / 2, abs=EXACT)
    assert v.polcon(after, executive_party="party.amanat") == pytest.approx(
        0.8 * (f_m + f_s) / 2, abs=EXACT
    )
    assert v.polcon(after) == pytest.approx(0.5454, abs=5e-5)
    assert v.polcon(after, executive_party="party.amanat") == pytest.approx(0.6098, abs=5e-5)


def test_receiver_gain_hand_computed():
    # k = 1: the receiver loses, against the setter, 2 E[(o - m)+] per side, and
    # int int E_x[(o - m)+] dd dm = 1/96 + 1/96 = 1/48 over the two halves of m; so its
    # share is 5/8 - 6 * 2 / 48 = 3/8, and the proposer's advantage 5/8 - 3/8 = 1/4.
    assert v.receiver_gain(0) == pytest.approx(0.0, abs=EXACT)
    assert v.receiver_gain(1) == pytest.approx(3 / 8, abs=EXACT)
    assert v.setter_gain(1) - v.receiver_gain(1) == pytest.approx(1 / 4, abs=EXACT)


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_receiver_gain_matches_simulation(k: int):
    got = receiver_gain_monte_carlo(k, MC_DRAWS, seed=10 + k)
    assert v.receiver_gain(k) == pytest.approx(got, abs=MC_TOL)


def test_proposer_advantage_on_kazakhstan():
    # 2019 and 2023: the Mazhilis against the Senate and the President (0.425 - 0.275);
    # 2026: the Kurultai against the President (5/8 - 3/8).
    assert get_metric("veto.proposer_advantage")(kazakhstan_2019()) == pytest.approx(
        0.15, abs=EXACT
    )
    assert v.proposer_advantage(kazakhstan("2026-12-01")) == pytest.approx(0.25, abs=EXACT)


def _with_court(appointed_by_head: bool) -> Polity:
    base = _one_chamber([60, 40], president_party=1)  # opposed: an independent chamber
    doc = base.to_dict()
    doc["institutions"].append(
        {
            "id": "court",
            "name": "Court",
            "kind": "court",
            "level": "national",
            "role": "constitutional_court",
            "seats": 9,
        }
    )
    doc["relations"].append({"source": "court", "target": "house", "kind": "reviews"})
    if appointed_by_head:
        doc["relations"].append({"source": "pres", "target": "court", "kind": "appoints"})
    return Polity.from_document(doc)


def test_polcon_v_counts_an_independent_court_and_absorbs_a_packed_one():
    # executive + opposed chamber (F = 0.48, s = 0.52) + a court no one through the
    # President selects (I = 1): 0.6667 + D_1 * 0.52 = 0.6667 + 0.13333 * 0.52; a court the
    # President appoints entirely (I = 0): POLCON III, 0.6667 * 0.52.
    assert v.polcon_v(_with_court(False)) == pytest.approx(0.6667 + 0.13333 * 0.52, abs=EXACT)
    assert v.polcon_v(_with_court(True)) == pytest.approx(0.6667 * 0.52, abs=EXACT)
    assert v.polcon(_with_court(False)) == pytest.approx(0.6667 * 0.52, abs=EXACT)
    assert v.court_independence(_with_court(False)) == pytest.approx(1.0, abs=EXACT)
    assert v.court_independence(_with_court(True)) == pytest.approx(0.0, abs=EXACT)
    assert v.court_independence(_one_chamber([60, 40])) is None


def test_polcon_v_kazakhstan_by_hand():
    # 2019 (structure alone): the Constitutional Council's 7 members, 3 by the President,
    # 2 by each chamber; independence I = 2/7 * 34/49 (Senate: 15 appointed) + 2/7 * 98/107
    # (Mazhilis: 9 by the Assembly the President forms) = 0.4599. Chambers: the Mazhilis
    # (s = 1) and the Senate (aligned, s = F_s): (1 - I) * B_2 * m + I * (0.6667 + D_2 * m),
    # m = (1 + F_s) / 2.
    p = _without_parties(kazakhstan_2019())
    ind = 2 / 7 * 34 / 49 + 2 / 7 * 98 / 107
    f_s = 1 - (15 / 49) ** 2 - 34 / 49**2
    m = (1 + f_s) / 2
    expected = (1 - ind) * 0.8 * m + ind * (0.6667 + 0.1333 * m)
    assert v.court_independence(p) == pytest.approx(ind, abs=EXACT)
    assert v.polcon_v(p) == pytest.approx(expected, abs=EXACT)
    # 2026: all 11 judges appointed by the President (with the Kurultai's consent,
    # which is not independence): the court adds nothing.
    p26 = kazakhstan("2026-12-01")
    assert v.polcon_v(p26) == pytest.approx(v.polcon(p26), abs=EXACT)

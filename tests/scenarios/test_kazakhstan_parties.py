"""The party layer of the Kazakhstan scenario (``parties=True``): the Mazhilis' seats by
party and the President's party, against the CEC results."""

from __future__ import annotations

from govsim.model.parties import party_of, seat_table
from govsim.scenarios import kazakhstan, kazakhstan_2019


def _seats(date: str | None) -> tuple[dict[str, int], int]:
    p = kazakhstan_2019(parties=True) if date is None else kazakhstan(date, parties=True)
    t = seat_table(p, "mazhilis")
    return dict(zip(t.parties.tolist(), t.seats.tolist(), strict=True)), t.independents


def test_mazhilis_2016_in_the_2019_baseline() -> None:
    """CEC, 22 Mar 2016 (inform.kz a2884113; RFE/RL; H): Nur Otan 84, Ak Zhol 7, Communist
    People's Party 7 of the 98 list seats; the Assembly's 9 belong to no party."""
    assert _seats(None) == ({"party.nur_otan": 84, "party.ak_zhol": 7, "party.qhp": 7}, 9)


def test_mazhilis_2021() -> None:
    """CEC, 12 Jan 2021 (astanatimes.com 2021/01; armenpress 1039895; H): Nur Otan 76,
    Ak Zhol 12, People's Party 10, plus the Assembly's 9."""
    assert _seats("2021-01-09") == _seats(None)
    assert _seats("2021-01-10") == (
        {"party.nur_otan": 76, "party.ak_zhol": 12, "party.qhp": 10},
        9,
    )


def test_mazhilis_2023() -> None:
    """CEC, 27 Mar 2023 (astanatimes.com 2023/03, H; news.az, Petrov: 22 of the 29 districts
    Amanat, 7 self-nominated, M-H): Amanat 62 = 40 + 22, Auyl 8, Respublica 6, Ak Zhol 6,
    People's Party 5, OSDP 4, and 7 self-nominated of 98."""
    seats, independents = _seats("2024-01-01")
    assert seats == {
        "party.amanat": 62,
        "party.auyl": 8,
        "party.respublica": 6,
        "party.ak_zhol": 6,
        "party.qhp": 5,
        "party.jsdp": 4,
    }
    assert independents == 7
    assert sum(seats.values()) + independents == 98


def test_the_presidents_party() -> None:
    """Nur Otan's nominee in 2019 (Euractiv, M); Nur Otan renamed Amanat on 1 Mar 2022
    (RFE/RL, H); Tokayev left it on 26 Apr 2022 (inform.kz a3927108, H)."""
    assert party_of(kazakhstan_2019(parties=True), "president") == "party.nur_otan"
    assert party_of(kazakhstan("2022-03-01", parties=True), "president") == "party.amanat"
    assert party_of(kazakhstan("2022-04-25", parties=True), "president") == "party.amanat"
    assert party_of(kazakhstan("2022-04-26", parties=True), "president") is None
    assert party_of(kazakhstan("2026-12-01", parties=True), "president") is None


def test_the_kurultai_has_no_party_seats_yet() -> None:
    """The 23 Aug 2026 election's result was not found (govsim.scenarios.kazakhstan_2026):
    the Mazhilis' parties do not pass to the Kurultai, and none are invented."""
    p = kazakhstan("2026-12-01", parties=True)
    t = seat_table(p, "kurultai")
    assert t.parties.size == 0
    assert t.independents == 145
    assert p.has_institution("party.amanat")  # the parties themselves remain


def test_the_layer_is_off_by_default() -> None:
    """Without ``parties=True`` no party is in the polity (the structural metrics still
    count parties as offices), and the layer changes nothing else."""
    assert not kazakhstan_2019().select(kind="party")
    with_layer = kazakhstan("2024-01-01", parties=True)
    ids = {i.id for i in with_layer.institutions if i.kind != "party"}
    assert ids == {i.id for i in kazakhstan("2024-01-01").institutions}
    plain = {
        (r.source, r.kind.value, r.target, r.seats)
        for r in with_layer.relations
        if r.kind.value not in ("holds_seats", "member_of")
    }
    assert plain == {(r.source, r.kind.value, r.target, r.seats) for r in kazakhstan().relations}

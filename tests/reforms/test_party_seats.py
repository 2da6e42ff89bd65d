"""PartySeats: an election result as the seats each party holds in a body."""

from __future__ import annotations

import pytest

from govsim import ReformError, ValidationError
from govsim.model.parties import seat_table
from govsim.reforms.party_seats import PartySeats
from govsim.scenarios import kazakhstan_2019


def test_sets_replaces_and_adds_parties() -> None:
    p = kazakhstan_2019()
    q = PartySeats(body="mazhilis", parties=("party.a", "party.b"), seats=(60, 30)).apply(p)
    t = seat_table(q, "mazhilis")
    assert (t.parties.tolist(), t.seats.tolist(), t.independents) == (
        ["party.a", "party.b"],
        [60, 30],
        17,
    )
    # a second result replaces the first; a party with 0 seats holds none but stays
    r = PartySeats(body="mazhilis", parties=("party.b", "party.a"), seats=(50, 0)).apply(q)
    t = seat_table(r, "mazhilis")
    assert (t.parties.tolist(), t.seats.tolist()) == (["party.b"], [50])
    assert r.has_institution("party.a")
    assert not p.select(kind="party")  # the input is unchanged


def test_names_of_new_parties() -> None:
    q = PartySeats(body="mazhilis", parties=("party.x",), seats=(1,), names=("Party X",)).apply(
        kazakhstan_2019()
    )
    assert q.institution("party.x").name == "Party X"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"parties": ("party.a", "party.a"), "seats": (1, 1)}, "parties"),
        ({"parties": ("party.a",), "seats": (1, 2)}, "seats"),
        ({"parties": ("party.a",), "seats": (-1,)}, "seats"),
        ({"parties": ("party.a",), "seats": (1,), "names": ("A", "B")}, "names"),
    ],
)
def test_bad_parameters_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=f"field '{field}"):
        PartySeats(body="mazhilis", **kwargs)  # type: ignore[arg-type]


def test_refusals_name_the_parameter() -> None:
    p = kazakhstan_2019()
    with pytest.raises(ReformError, match=r"parameter 'seats' \('mazhilis'\)"):
        PartySeats(body="mazhilis", parties=("party.a",), seats=(108,)).apply(p)
    with pytest.raises(ReformError, match=r"parameter 'parties' \('senate'\): is not a party"):
        PartySeats(body="mazhilis", parties=("senate",), seats=(1,)).apply(p)
    with pytest.raises(ReformError, match=r"parameter 'body' \('nowhere'\)"):
        PartySeats(body="nowhere", parties=("party.a",), seats=(1,)).apply(p)

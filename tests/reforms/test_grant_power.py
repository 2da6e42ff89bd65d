"""GrantPower: a power from some institutions over others (the counterpart of RemovePower)."""

from __future__ import annotations

import pytest

from govsim import ReformError
from govsim.reforms import Selector
from govsim.reforms.grant_power import GrantPower
from govsim.scenarios import kazakhstan_2019


def test_adds_each_pair_once_and_never_a_self_loop() -> None:
    p = kazakhstan_2019()
    g = GrantPower(
        source=Selector(ids=("mazhilis", "senate")),
        kind="dismisses",
        targets=Selector(ids=("ombudsman", "senate")),
        note="test",
    )
    q = g.apply(p)
    added = {(r.source, r.target) for r in q.relations if r.kind == "dismisses"} - {
        (r.source, r.target) for r in p.relations if r.kind == "dismisses"
    }
    # senate -> ombudsman exists already; senate -> senate is a self-loop
    assert added == {("mazhilis", "ombudsman"), ("mazhilis", "senate")}
    assert g.apply(q) == q  # idempotent
    assert len(q.relations) == len(p.relations) + 2


def test_refuses_seat_filling_kinds_and_empty_selections() -> None:
    p = kazakhstan_2019()
    with pytest.raises(ReformError, match=r"parameter 'kind' \('elects'\)"):
        GrantPower(source="president", kind="elects", targets="senate").apply(p)
    with pytest.raises(ReformError, match="parameter 'targets'"):
        GrantPower(source="president", kind="reviews", targets="nowhere").apply(p)

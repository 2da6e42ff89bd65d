"""govsim.diff against a plain reference on random reforms of random polities."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings

from govsim.errors import ReformError
from govsim.reforms import ResizeBody, diff
from govsim.scenarios import synthetic
from govsim.testing import polities
from govsim.testing.reforms import reforms


def _reference(before, after):  # type: ignore[no-untyped-def]
    """Institution id sets and relation multisets, with plain Python sets and Counters."""
    ib = {i.id: i for i in before.institutions}
    ia = {i.id: i for i in after.institutions}
    key = lambda r: (r.source, r.target, r.kind.value, r.seats, r.threshold)  # noqa: E731
    rb, ra = Counter(map(key, before.relations)), Counter(map(key, after.relations))
    changed = {i for i in ib.keys() & ia.keys() if ib[i] != ia[i]}
    return set(ia) - set(ib), set(ib) - set(ia), changed, ra - rb, rb - ra


@settings(max_examples=40, deadline=None)
@given(polity=polities(max_institutions=15, max_relations=40), reform=reforms())
def test_diff_matches_reference(polity, reform) -> None:  # type: ignore[no-untyped-def]
    try:
        after = reform.apply(polity)
    except ReformError:
        after = polity
    change = diff(polity, after)
    added, removed, changed, r_added, r_removed = _reference(polity, after)
    assert set(change.institutions_added) == added
    assert set(change.institutions_removed) == removed
    assert {c.id for c in change.institutions_changed} == changed
    key = lambda r: (r.source, r.target, r.kind.value, r.seats, r.threshold)  # noqa: E731
    got_added = Counter(map(key, change.relations_added)) + Counter(
        key(new) for _, new in change.relations_changed
    )
    got_removed = Counter(map(key, change.relations_removed)) + Counter(
        key(old) for old, _ in change.relations_changed
    )
    assert got_added == r_added
    assert got_removed == r_removed
    assert not diff(polity, polity)


def test_summary_is_readable() -> None:
    p = synthetic(1_000)
    text = str(diff(p, ResizeBody(body="lower_chamber", seats=120).apply(p)))
    assert "lower_chamber: seats 100 -> 120" in text
    assert text.startswith("Changes from")

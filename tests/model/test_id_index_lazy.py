"""The id index without its sorted copy: lookups through the sort order and the blocked
uniqueness check give what a plain search over the rows gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.model.validate as V

_IDS = st.lists(st.text(alphabet="abz.", min_size=1, max_size=3), min_size=1, max_size=60)


def _first_rows(ids: list[str]) -> dict[str, int]:
    first: dict[str, int] = {}
    for row, x in enumerate(ids):
        first.setdefault(x, row)
    return first


def _plain_duplicate(ids: list[str]) -> tuple[str, int, int] | None:
    """The smallest id held twice, with its two lowest rows."""
    rows: dict[str, list[int]] = {}
    for row, x in enumerate(ids):
        rows.setdefault(x, []).append(row)
    twice = sorted(x for x, r in rows.items() if len(r) > 1)
    return None if not twice else (twice[0], rows[twice[0]][0], rows[twice[0]][1])


@settings(max_examples=80)
@given(_IDS, st.lists(st.text(alphabet="abz.", min_size=1, max_size=3), max_size=80))
def test_lookups_equal_a_plain_search(ids: list[str], query: list[str]) -> None:
    first = _first_rows(ids)
    want_rows = [first.get(q, -1) for q in query]
    for chunk in (query[: max(len(ids) // 8 - 1, 0)], query):  # through the order; copied
        index = V.IdIndex(np.array(ids))
        rows, found = index.lookup(np.array(chunk, dtype=np.str_))
        assert rows.tolist() == want_rows[: len(chunk)]
        assert found.tolist() == [q in first for q in chunk]
    np.testing.assert_array_equal(index.sorted_ids, np.sort(np.array(ids), kind="stable"))


@settings(max_examples=80)
@given(_IDS, st.integers(1, 5))
def test_the_blocked_duplicate_check_equals_a_plain_one(ids: list[str], block: int) -> None:
    """Blocks of 1 to 5 sorted ids, so that equal neighbours fall across block edges."""
    saved = V.DUPLICATE_BLOCK
    V.DUPLICATE_BLOCK = block
    try:
        index = V.IdIndex(np.array(ids))
        assert index.duplicates() == _plain_duplicate(ids)
        assert index._base._sorted is None  # the check made no sorted copy
    finally:
        V.DUPLICATE_BLOCK = saved
    again = V.IdIndex(np.array(ids))
    _ = again.sorted_ids  # with the copy: one block
    assert again.duplicates() == _plain_duplicate(ids)


def test_a_few_lookups_make_no_sorted_copy() -> None:
    ids = np.array([f"x{k:05d}" for k in range(10_000)][::-1])
    index = V.IdIndex(ids)
    rows, found = index.lookup(np.array(["x00003", "nope"]))
    assert rows.tolist() == [9_996, -1]
    assert found.tolist() == [True, False]
    assert index._base._sorted is None

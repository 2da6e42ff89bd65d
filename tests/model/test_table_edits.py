"""Table.set_rows and the column helpers beside it, against the plain numpy operations."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from govsim.model.kinds import InstitutionKind
from govsim.model.tables import ascending, code_mask, edited_from
from govsim.scenarios import synthetic


@pytest.mark.parametrize("seed", range(12))
def test_set_rows_records_the_rows_a_sort_and_dedup_give(seed: int) -> None:
    """Rows in order (the fast path), shuffled, repeated or negative: one answer."""
    rng = np.random.default_rng(seed)
    table = synthetic(3_000, seed=seed % 3).institution_table
    n = len(table)
    k = int(rng.integers(1, n // 8))
    rows = np.sort(rng.choice(n, size=k, replace=False))
    shape = seed % 4
    if shape == 1:
        rows = rng.permutation(rows)
    elif shape == 2:
        rows = np.sort(np.concatenate([rows, rows[: k // 2 + 1]]))  # ascending with repeats
    elif shape == 3:
        rows = np.where(rng.random(k) < 0.5, rows - n, rows)  # negative indices
    values = rng.integers(1, 400, size=rows.shape[0])
    if shape == 2:
        values = np.full(rows.shape[0], 33)  # repeated rows: one value, whichever write wins
    new = table.set_rows("seats", rows, values)
    plain = table.seats.copy()
    plain[rows] = values
    # exact: integer seats copied, not computed
    np.testing.assert_array_equal(new.seats, plain)
    hit = edited_from(new.seats)
    assert hit is not None
    assert hit[0] is table.seats
    np.testing.assert_array_equal(hit[1], np.unique(np.where(rows < 0, rows + n, rows)))


def test_the_recorded_rows_do_not_follow_the_callers_array() -> None:
    table = synthetic(2_000, seed=1).institution_table
    rows = np.array([3, 9, 40], dtype=np.int64)
    new = table.set_rows("seats", rows, 7)
    rows[:] = [0, 1, 2]
    hit = edited_from(new.seats)
    assert hit is not None
    np.testing.assert_array_equal(hit[1], [3, 9, 40])


@pytest.mark.parametrize("seed", range(8))
def test_ascending_is_the_plain_definition(seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.integers(-5, 60, size=int(rng.integers(0, 40))))
    if seed % 2:
        rows = rng.permutation(rows)
    assert ascending(rows) == all(a < b for a, b in itertools.pairwise(rows.tolist()))


@pytest.mark.parametrize("seed", range(8))
def test_code_mask_is_isin(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.integers(-1, len(InstitutionKind), size=5_000).astype(np.int8)
    wanted = rng.integers(-2, len(InstitutionKind) + 2, size=int(rng.integers(0, 6)))
    # exact: boolean masks
    np.testing.assert_array_equal(code_mask(values, wanted), np.isin(values, wanted))
    assert not code_mask(values, [300]).any()  # beyond int8: matches no row (no wrap to 44)

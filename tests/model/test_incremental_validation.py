"""Incremental validation: checks rerun only for changed columns, with a full check's errors."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.model.validate as V
from govsim import Polity, ValidationError
from govsim.scenarios import synthetic
from govsim.testing.strategies import polities

#: (table, column, how to break or change it)
EDITS = [
    ("institution_table", "seats", lambda a, r: np.where(r.random(a.size) < 0.3, 0, a * 2)),
    ("institution_table", "seats", lambda a, r: a + 1),
    ("institution_table", "kind", lambda a, r: np.where(r.random(a.size) < 0.2, 99, a)),
    ("institution_table", "role", lambda a, r: np.roll(a, 1)),
    ("institution_table", "territory", lambda a, r: np.where(r.random(a.size) < 0.2, 10**6, a)),
    ("relation_table", "seats", lambda a, r: np.where(r.random(a.size) < 0.3, 10**3, a)),
    ("relation_table", "target", lambda a, r: r.permutation(a)),
    ("relation_table", "source", lambda a, r: np.where(r.random(a.size) < 0.1, -3, a)),
    ("relation_table", "threshold", lambda a, r: np.where(r.random(a.size) < 0.3, 1.5, a)),
    ("territory_table", "parent", lambda a, r: r.permutation(a)),
    ("territory_table", "population", lambda a, r: np.where(r.random(a.size) < 0.3, -7, a)),
]


def outcome(polity: Polity, table: str, column: str, values: Any) -> str:
    tables = {
        "territory_table": polity.territory_table,
        "institution_table": polity.institution_table,
        "relation_table": polity.relation_table,
    }
    tables[table] = tables[table].replace(**{column: values})
    try:
        Polity.from_tables(
            polity.name,
            tables["territory_table"],
            tables["institution_table"],
            tables["relation_table"],
            electoral_systems=polity.electoral_systems,
            rules=polity.rules,
        )
    except ValidationError as exc:
        return f"error: {exc}"
    return "valid"


@settings(max_examples=60)
@given(polities(shaped=True), st.sampled_from(range(len(EDITS))), st.integers(0, 2**32 - 1))
def test_warm_and_cold_checks_agree_on_random_edits(polity: Polity, k: int, seed: int) -> None:
    table, column, edit = EDITS[k]
    before = getattr(getattr(polity, table), column)
    values = edit(before, np.random.default_rng(seed)).astype(before.dtype)
    warm = outcome(polity, table, column, values)  # the unchanged columns passed already
    V._PASSED.clear()
    V._INDEXES.clear()
    cold = outcome(polity, table, column, values)
    assert warm == cold


def test_only_groups_that_read_a_changed_column_run_again() -> None:
    polity = synthetic(2_000, seed=3)
    ran: list[str] = []
    real = V._once

    def spy(group: str, columns: tuple[np.ndarray, ...], check: Any) -> None:
        def traced() -> object:
            ran.append(group)
            return check()

        real(group, columns, traced)

    V._once = spy  # type: ignore[assignment]
    try:
        seats = polity.institution_table.seats + 1
        Polity.from_tables(
            polity.name,
            polity.territory_table,
            polity.institution_table.replace(seats=seats),
            polity.relation_table,
            electoral_systems=polity.electoral_systems,
            rules=polity.rules,
        )
    finally:
        V._once = real  # type: ignore[assignment]
    assert sorted(ran) == ["channels", "institution seats"]

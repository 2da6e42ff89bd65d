"""Incremental validation: checks rerun only for changed columns, with a full check's errors."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.model.validate as V
from govsim import Polity, ValidationError
from govsim.model.kinds import InstitutionKind
from govsim.model.tables import InstitutionTable, RelationTable, TerritoryTable
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


def _rows_checked(build: Any) -> dict[str, Any]:
    """The rows each row-by-row check group read while ``build()`` ran (group -> rows)."""
    seen: dict[str, Any] = {}
    real = V._once_rows

    def spy(group: str, columns: tuple[np.ndarray, ...], rows_of: int, check: Any) -> None:
        def traced(rows: Any) -> object:
            seen[group] = rows
            return check(rows)

        real(group, columns, rows_of, traced)

    V._once_rows = spy  # type: ignore[assignment]
    try:
        build()
    finally:
        V._once_rows = real  # type: ignore[assignment]
    return seen


def test_only_groups_that_read_a_changed_column_run_again() -> None:
    polity = synthetic(2_000, seed=3)
    seats = polity.institution_table.seats + 1
    ran = _rows_checked(
        lambda: Polity.from_tables(
            polity.name,
            polity.territory_table,
            polity.institution_table.replace(seats=seats),
            polity.relation_table,
            electoral_systems=polity.electoral_systems,
            rules=polity.rules,
        )
    )
    assert sorted(ran) == ["channels", "institution seats"]


def _appended(polity: Polity, rng: np.random.Generator) -> tuple[Any, Any, Any]:
    """Random rows appended to each table; each column breaks a rule with probability 0.1."""
    t, i, r = polity.territory_table, polity.institution_table, polity.relation_table
    n_t, n_i = len(t), len(i)
    k_t, k_i, k_r = (int(x) for x in rng.integers(0, 4, 3))

    def ints(low: int, high: int, k: int, bad_low: int, bad_high: int) -> np.ndarray:
        """Values in [low, high), or (one time in ten) in [bad_low, bad_high)."""
        if rng.random() < 0.1:
            return rng.integers(bad_low, bad_high, k)
        return rng.integers(low, max(high, low + 1), k)

    def ids(old: np.ndarray, prefix: str, k: int) -> np.ndarray:
        fresh = np.array([f"{prefix}{j}" for j in range(k)], dtype=np.str_)
        if rng.random() < 0.1 and k:  # a duplicate: an old id or a repeated new one
            fresh[-1] = rng.choice(old) if old.size and rng.random() < 0.5 else fresh[0]
        return fresh

    n_t2 = n_t + k_t
    new_t = TerritoryTable(
        id=ids(t.id, "t.new", k_t),
        name=["x"] * k_t,
        level=ints(0, 4, k_t, 0, 5),
        parent=ints(-1, n_t, k_t, -1, n_t2 + 2),
        population=ints(-1, 10, k_t, -3, 10),
    )
    territory = ints(-1, n_t2, k_i, -2, n_t2 + 2)
    new_i = InstitutionTable(
        id=ids(i.id, "i.new", k_i),
        name=["x"] * k_i,
        kind=ints(0, len(InstitutionKind), k_i, 0, len(InstitutionKind) + 1),
        level=ints(0, 4, k_i, 0, 5),
        territory=territory,
        seats=ints(1, 8, k_i, 0, 3),
        term=[None] * k_i,
    )
    n_all = n_i + k_i
    new_r = RelationTable(
        source=ints(0, n_all, k_r, -1, n_all + 1),
        target=ints(0, n_all, k_r, 0, n_all + 1),
        kind=ints(0, 4, k_r, 0, 4),  # the chain kinds and their neighbours
        seats=np.where(rng.random(k_r) < 0.5, -1, ints(1, 4, k_r, 0, 4)),
        threshold=np.where(
            rng.random(k_r) < 0.7, np.nan, rng.random(k_r) * (1.5 if rng.random() < 0.1 else 1)
        ),
        note=[None] * k_r,
    )
    return t.concat(new_t), i.concat(new_i), r.concat(new_r)


def _build(polity: Polity, tables: tuple[Any, Any, Any]) -> str:
    try:
        q = Polity.from_tables(
            polity.name, *tables, electoral_systems=polity.electoral_systems, rules=polity.rules
        )
    except ValidationError as exc:
        return f"error: {exc}"
    return f"valid {q.n_territories} {q.n_institutions} {q.n_relations}"


@settings(max_examples=80, deadline=None)
@given(polities(shaped=True), st.integers(0, 2**32 - 1))
def test_appended_rows_are_checked_as_a_full_check_would(polity: Polity, seed: int) -> None:
    """Only the appended rows are checked when the old ones passed: same verdict, same message."""
    tables = _appended(polity, np.random.default_rng(seed))
    warm = _build(polity, tables)  # the old rows passed when `polity` was built
    V._PASSED.clear()
    V._DERIVED.clear()
    V._INDEXES.clear()
    cold = _build(polity, tables)
    assert warm == cold


def test_an_append_checks_only_the_new_rows() -> None:
    """After an append the row checks start at the first new row; the old rows are not read."""
    polity = synthetic(2_000, seed=3)
    i, r = polity.institution_table, polity.relation_table
    starts = _rows_checked(
        lambda: Polity.from_tables(
            polity.name,
            polity.territory_table,
            i.concat(i.take(np.array([0])).replace(id=["brand.new"])),
            r.concat(r.take(np.array([0, 1]))),
            electoral_systems=polity.electoral_systems,
            rules=polity.rules,
        )
    )
    assert starts["relations"] == slice(polity.n_relations, None)
    assert starts["institution seats"] == slice(polity.n_institutions, None)
    assert starts["institution codes"] == slice(polity.n_institutions, None)


#: (table, column, values for some rows: valid or breaking a rule)
ROW_EDITS = [
    ("institution_table", "seats", lambda r, k: r.integers(-1, 4, k)),
    ("institution_table", "kind", lambda r, k: r.integers(0, len(InstitutionKind) + 1, k)),
    ("institution_table", "level", lambda r, k: r.integers(0, 5, k)),
    ("institution_table", "territory", lambda r, k: r.integers(-2, 4, k)),
    ("relation_table", "seats", lambda r, k: r.choice([-1, 0, 1, 2, 10**3], k)),
    ("relation_table", "source", lambda r, k: r.integers(-1, 6, k)),
    ("relation_table", "target", lambda r, k: r.integers(0, 6, k)),
    ("relation_table", "threshold", lambda r, k: r.choice([np.nan, 0.5, 1.0, 1.5, 0.0], k)),
    ("relation_table", "kind", lambda r, k: r.integers(0, 5, k)),
]


@settings(max_examples=80, deadline=None)
@given(polities(shaped=True), st.sampled_from(range(len(ROW_EDITS))), st.integers(0, 2**32 - 1))
def test_edited_rows_are_checked_as_a_full_check_would(polity: Polity, k: int, seed: int) -> None:
    """An edit of a few rows (Table.set_rows) is checked on those rows: same verdict, same message."""
    table, column, draw = ROW_EDITS[k]
    rng = np.random.default_rng(seed)
    tab = getattr(polity, table)
    if len(tab) == 0:
        return
    rows = rng.choice(len(tab), size=max(1, len(tab) // 10), replace=False)
    tables = {
        "territory_table": polity.territory_table,
        "institution_table": polity.institution_table,
        "relation_table": polity.relation_table,
    }
    tables[table] = tab.set_rows(column, rows, draw(rng, rows.shape[0]))
    built = (tables["territory_table"], tables["institution_table"], tables["relation_table"])
    warm = _build(polity, built)
    V._PASSED.clear()
    V._DERIVED.clear()
    V._INDEXES.clear()
    assert warm == _build(polity, built)


def test_an_edit_checks_only_the_edited_rows() -> None:
    polity = synthetic(2_000, seed=3)
    seen = _rows_checked(
        lambda: Polity.from_tables(
            polity.name,
            polity.territory_table,
            polity.institution_table.set_rows("seats", [7, 3, 7, -1], 500),
            polity.relation_table,
            electoral_systems=polity.electoral_systems,
            rules=polity.rules,
        )
    )
    np.testing.assert_array_equal(seen["institution seats"], [3, 7, polity.n_institutions - 1])

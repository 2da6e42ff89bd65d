"""diff's shortcuts through the rows a reform kept give the change a full comparison gives."""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from govsim import Polity, Relation
from govsim.errors import GovsimError, ReformError
from govsim.reforms import DirectElection, EstablishInstitution, diff
from govsim.scenarios import synthetic
from govsim.testing import polities
from govsim.testing.reforms import eager_change, full_diff, reforms, synthetic_court

D = importlib.import_module("govsim.reforms.diff")  # the package's `diff` is the function


@settings(max_examples=40, deadline=None)
@given(polity=polities(max_institutions=15, max_relations=40), reform=reforms())
def test_the_shortcut_agrees_with_the_full_comparison(polity: Polity, reform: Any) -> None:
    try:
        after = reform.apply(polity)
    except ReformError:
        return
    full = eager_change(full_diff(polity, after))
    fast = diff(polity, after)
    assert fast == full
    assert str(fast) == str(full)


@pytest.mark.parametrize(
    "reform",
    [
        synthetic_court(),
        DirectElection(offices={"kind": "executive", "level": "district"}),
        DirectElection(offices={"kind": "executive", "level": "local"}, share=0.5),
        EstablishInstitution(
            id="audit_office",
            institution_name="Audit",
            kind="agency",
            level="national",
            relations=(Relation(source="president", target="audit_office", kind="appoints"),),
        ),
    ],
)
def test_reforms_that_drop_and_append_relations_take_the_shortcut(
    reform: Any,
) -> None:
    p = synthetic(2_000, seed=2)
    q = reform.apply(p)
    assert D._kept_rows(p.relation_table, q.relation_table) is not None
    fast = diff(p, q)
    assert len(fast.relations_added) + len(fast.relations_removed) > 0
    assert fast == eager_change(full_diff(p, q))


def _surplus_sizes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Record the rows of each side that diff's multiset comparison is given."""
    sizes: list[tuple[int, int]] = []
    real = D._multiset_surplus

    def spy(side_b: Any, side_a: Any) -> Any:
        sizes.append((side_b.rows(), side_a.rows()))
        return real(side_b, side_a)

    monkeypatch.setattr(D, "_multiset_surplus", spy)
    return sizes


def test_kept_relations_rewired_are_compared_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The court's reform drops the old court's relations and moves a few kept ones to
    the new court: the multisets compared are the dropped and moved rows against the
    moved and appended ones, not every relation."""
    p = synthetic(2_000, seed=2)
    q = synthetic_court().apply(p)
    sizes = _surplus_sizes(monkeypatch)
    fast = diff(p, q)
    assert len(sizes) == 1
    assert sizes[0][0] < p.n_relations // 2
    assert sizes[0][1] < q.n_relations // 10
    monkeypatch.undo()
    assert fast == eager_change(full_diff(p, q))


@pytest.mark.parametrize("seed", range(8))
def test_random_rewires_of_kept_rows_agree_with_the_full_comparison(seed: int) -> None:
    from govsim.reforms import primitives as P

    rng = np.random.default_rng(seed)
    p = synthetic(1_000, seed=seed)
    n_r, n_i = p.n_relations, p.n_institutions
    draft = P.Draft.of(p)
    draft = P.remove_relations(draft, rng.random(n_r) < rng.uniform(0, 0.3))
    moved = rng.random(len(draft.relations)) < rng.uniform(0, 0.05)
    ends = {"source": int(rng.integers(n_i))} if seed % 2 else {"target": int(rng.integers(n_i))}
    draft = P.rewire_relations(draft, moved, **ends)
    if seed % 3 == 0:
        draft = P.remove_institutions(draft, rng.choice(n_i, size=3, replace=False))
    try:
        q = draft.build()
    except GovsimError:
        return
    fast = diff(p, q)
    assert fast == eager_change(full_diff(p, q))
    assert str(fast) == str(full_diff(p, q))


def _shuffled_pairs(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Matched row pairs as a reform leaves them: runs shifted by removals, and (some
    draws) pairs in no order at all."""
    before = np.flatnonzero(rng.random(n) < rng.choice([1.0, 0.999, 0.99, 0.5]))
    after = np.cumsum(rng.random(before.shape[0]) < rng.choice([1.0, 0.999, 0.9]))
    after += int(rng.integers(0, 5))
    if rng.random() < 0.3:
        after = rng.permutation(n + 10)[: before.shape[0]]
    return before.astype(np.int64), after.astype(np.int64)


@pytest.mark.parametrize("seed", range(16))
def test_matched_columns_compare_as_the_gathered_pairs(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3_000))
    b_rows, a_rows = _shuffled_pairs(rng, n)
    old = rng.integers(0, 3, size=n).astype(np.str_)
    new = rng.integers(0, 3, size=n + 10).astype(np.str_)
    objects = np.array([None, (1,), "x"], dtype=object)[rng.integers(0, 3, size=n + 10)]
    for o, w in ((old, new), (new, new), (objects[:n], objects)):
        want = np.asarray(o[b_rows] != w[a_rows], dtype=bool)
        np.testing.assert_array_equal(D._matched_differ(o, w, b_rows, a_rows), want)


@pytest.mark.parametrize("seed", range(12))
def test_ids_are_matched_as_a_dictionary_matches_them(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 5_000))
    a = np.array([f"i{k}" for k in range(n)])
    keep = rng.random(n) < rng.choice([0.999, 0.9, 0.5])
    b = np.concatenate([a[keep], [f"new{k}" for k in range(int(rng.integers(0, 50)))]])
    if seed % 4 == 0:
        b = b[rng.permutation(b.shape[0])]
    only_a, only_b, a_rows, b_rows = D._match(a, b)
    where = {v: k for k, v in enumerate(b.tolist())}
    want = [(k, where[v]) for k, v in enumerate(a.tolist()) if v in where]
    assert list(zip(a_rows.tolist(), b_rows.tolist(), strict=True)) == want
    assert only_a.tolist() == [k for k, v in enumerate(a.tolist()) if v not in where]
    assert only_b.tolist() == sorted(set(range(b.shape[0])) - set(b_rows.tolist()))

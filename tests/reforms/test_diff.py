"""govsim.diff against a plain reference on random reforms of random polities."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from govsim.errors import ReformError
from govsim.reforms import ResizeBody, diff
from govsim.scenarios import synthetic
from govsim.testing import polities
from govsim.testing.reforms import LAZY_FIELDS, eager_change, reforms, synthetic_court


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


def test_relations_listed_in_id_order() -> None:
    """Added and removed relations come sorted by (source id, target id, kind, seats),
    whatever the rows' positions in either polity (the order the first sort-based
    implementation gave, kept by the packed-key one)."""
    from govsim.reforms import DirectElection, Selector

    p = synthetic(2_000)
    for reform in (
        DirectElection(offices=Selector(kind=("executive",), level=("district",))),
        synthetic_court(),
    ):
        change = diff(p, reform.apply(p))
        for rels in (change.relations_added, change.relations_removed):
            keys = [(r.source, r.target, r.kind.code, r.seats or -1) for r in rels]
            assert keys == sorted(keys)
            assert rels


def test_diff_after_a_removal_in_the_middle_matches_reference() -> None:
    """Removing an institution shifts every later row: matching by position fails and
    the id lookup must take over (synthetic(10**4), the court replaced)."""
    p = synthetic(10_000)
    after = synthetic_court().apply(p)
    change = diff(p, after)
    added, removed, changed, r_added, r_removed = _reference(p, after)
    assert (set(change.institutions_added), set(change.institutions_removed)) == (added, removed)
    assert {c.id for c in change.institutions_changed} == changed
    key = lambda r: (r.source, r.target, r.kind.value, r.seats, r.threshold)  # noqa: E731
    assert Counter(map(key, change.relations_added)) == r_added
    assert Counter(map(key, change.relations_removed)) == r_removed
    assert not change.relations_changed


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from([0, 1, 2, 5, 2**30]),  # 2**30: too wide to pack
            st.integers(0, 5),
            st.integers(0, 3),
            st.sampled_from([-1, 0, 2, 2**40]),
            st.sampled_from([-1.0, 0.0, 0.05, 2 / 3]),
        ),
        max_size=40,
    )
)
def test_packed_multiset_difference_matches_structured_sort(rows) -> None:  # type: ignore[no-untyped-def]
    """The packed int64 keys give the same surplus rows as the structured row sort."""
    import numpy as np

    from govsim.reforms.diff import _multiset_surplus, _multiset_surplus_wide, _Side

    def table(side: bool) -> np.ndarray:
        sel = [(*r[1:5], int(np.array(r[5]).view(np.int64))) for r in rows if r[0] is side]
        return np.array(sel, dtype=np.int64).reshape(-1, 5)

    b, a = table(False), table(True)
    both = np.concatenate([b, a])

    def canon(x: np.ndarray) -> list[tuple[int, ...]]:
        return sorted(map(tuple, x.tolist()))

    def side(x: np.ndarray) -> _Side:
        thr = x[:, 4].copy().view(np.float64)
        thr[thr == -1.0] = np.nan  # exact: -1.0 is the packed rows' sentinel for none
        return _Side(None, x[:, 0], x[:, 1], x[:, 2], x[:, 3], thr)

    got = _multiset_surplus(side(b), side(a))
    want = _multiset_surplus_wide(both, b.shape[0]) if both.shape[0] else (both, both)
    assert canon(got[0]) == canon(want[0])
    assert canon(got[1]) == canon(want[1])


def _check_lazy(change, before, after) -> None:  # type: ignore[no-untyped-def]
    import pickle

    eager = eager_change(change)
    for f in LAZY_FIELDS:
        lazy, items = getattr(change, f), getattr(eager, f)
        assert len(lazy) == len(items)
        assert lazy == items
        assert items == lazy
        assert [lazy[k] for k in range(len(lazy))] == list(items)
        assert [lazy[-k] for k in range(1, len(lazy) + 1)] == list(items[::-1])
        assert lazy[1:-1:2] == items[1:-1:2]
        assert hash(lazy) == hash(items)
        assert repr(lazy) == repr(items)
        assert pickle.loads(pickle.dumps(lazy)) == lazy
        assert bool(lazy) == bool(items)
        if items:
            assert lazy != items[:-1]
            assert lazy[:-1] != lazy  # two lazy sequences compare by columns
            assert lazy != list(items)  # a tuple, as before: not a list
    assert change == eager
    assert change == diff(before, after)
    assert str(change) == str(eager)
    # the summary's group counts, recounted from the built row models
    kinds = {i.id: i.kind.value for p in (before, after) for i in p.institutions}
    for f in ("relations_added", "relations_removed"):
        want = Counter((r.kind.value, kinds[r.source], kinds[r.target]) for r in getattr(eager, f))
        assert change.groups[f] == want


@settings(max_examples=40, deadline=None)
@given(polity=polities(max_institutions=15, max_relations=40), reform=reforms())
def test_lazy_sequences_equal_the_eager_result(polity, reform) -> None:  # type: ignore[no-untyped-def]
    """Every lazy sequence of a diff equals the tuple of its items: by index, slice,
    iteration, hash, repr, pickle, and the printed summary does not change."""
    try:
        after = reform.apply(polity)
    except ReformError:
        after = polity
    _check_lazy(diff(polity, after), polity, after)


def test_lazy_sequences_of_large_reforms() -> None:
    """The same on synthetic(2,000) reforms that add and remove hundreds of relations."""
    from govsim.reforms import DirectElection, Selector

    p = synthetic(2_000)
    for reform in (
        DirectElection(offices=Selector(kind=("executive",), level=("local",))),
        synthetic_court(),
    ):
        q = reform.apply(p)
        change = diff(p, q)
        assert len(change.relations_added) + len(change.relations_removed) > 200
        _check_lazy(change, p, q)


@settings(max_examples=60, deadline=None)
@given(
    ids=st.lists(st.text("abc.", min_size=1, max_size=4), unique=True, max_size=30),
    split=st.integers(0, 30),
    data=st.data(),
)
def test_id_ranks_sort_like_the_ids(ids, split, data) -> None:  # type: ignore[no-untyped-def]
    """Both ways of ranking joint codes (sorting the ids, or merging the cached index of
    the after ids with the removed ids) order codes as their ids compare."""
    import numpy as np

    from govsim.reforms.diff import _JointIds

    after, removed = np.array(ids[:split], dtype=str), np.array(ids[split:], dtype=str)
    joint = _JointIds(after, removed)
    drawn = data.draw(st.lists(st.integers(0, len(ids) - 1), max_size=20)) if ids else []
    codes = np.array(drawn, dtype=np.int64)
    names = [ids[c] for c in drawn]
    for by_rank in (True, False):
        rank = joint.ranks(codes, by_rank=by_rank)
        for i in range(codes.size):
            for j in range(codes.size):
                assert (rank[i] < rank[j]) == (names[i] < names[j])
                assert (rank[i] == rank[j]) == (names[i] == names[j])


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.sampled_from([0, 10, 3_000]),
    removed=st.integers(0, 40),
    added=st.integers(0, 40),
    shuffle=st.booleans(),
)
def test_match_by_offsets_matches_a_dict(seed, n, removed, added, shuffle) -> None:  # type: ignore[no-untyped-def]
    """Matching ids by position, guessed offsets and the index lookup gives the pairs a
    dict gives, after scattered removals (shifted rows), appends and shuffled blocks."""
    import numpy as np

    from govsim.reforms.diff import _match

    rng = np.random.default_rng(seed)
    a = np.array([f"i{k}" for k in rng.permutation(n)], dtype=str)
    b = np.delete(a, rng.choice(n, size=min(removed, n), replace=False))
    b = np.concatenate([b, np.array([f"new{k}" for k in range(added)], dtype=str)])
    if shuffle and b.size > 1:
        lo = int(rng.integers(0, b.size - 1))
        hi = int(rng.integers(lo + 1, b.size + 1))
        b[lo:hi] = rng.permutation(b[lo:hi])
    only_a, only_b, a_rows, b_rows = _match(a, b)
    where = {x: k for k, x in enumerate(b.tolist())}
    pairs = [(k, where[x]) for k, x in enumerate(a.tolist()) if x in where]
    assert list(zip(a_rows.tolist(), b_rows.tolist(), strict=True)) == pairs
    assert only_a.tolist() == [k for k, x in enumerate(a.tolist()) if x not in where]
    assert only_b.tolist() == sorted(set(range(b.size)) - {j for _, j in pairs})

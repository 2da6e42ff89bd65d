"""The :class:`Change` record of :func:`govsim.diff` and its readable summary.

:class:`Change` holds what changed between two polities (ids added and removed, fields
changed, relations, electoral systems, rules); :class:`LazyRows` the sequences it is
filled with; ``str(change)`` the text. Which rows changed is computed in
:mod:`govsim.reforms.diff`.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from govsim.model.rows import ElectoralSystem, Relation, Rule

__all__ = ["Change", "FieldChange", "LazyRows"]

_SHOW = 8  # ids or lines shown per group in the summary


@dataclass(frozen=True)
class FieldChange:
    """One field of one institution or territory that changed."""

    id: str
    field: str
    before: Any
    after: Any

    def __str__(self) -> str:
        return f"{self.id}: {self.field} {_fmt(self.before)} -> {_fmt(self.after)}"


T = TypeVar("T")
_CHUNK = 4096  # items built per batch while iterating


class LazyRows(Sequence[T]):
    """A read-only sequence held as numpy columns, whose items are built on access.

    A reform of a large polity can add or remove 10^5-10^6 relations; one pydantic
    row model each would cost seconds that a summary, a count or a look at the first
    few never needs (``benchmarks/bench_diff.py`` times both). Indexing builds one item, iteration builds
    them in batches, slicing gives another lazy sequence. It behaves like the tuple
    of its items: equal to that tuple (and to another lazy sequence of equal items),
    with the tuple's ``hash`` and ``repr``.
    """

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def _build(self, index: NDArray[np.int64]) -> list[T]:
        """The items at these positions (non-negative, in range)."""
        raise NotImplementedError

    def _take(self, index: NDArray[np.int64]) -> LazyRows[T]:
        """The lazy subsequence at these positions."""
        raise NotImplementedError

    def _key(self) -> tuple[np.ndarray, ...]:
        """Columns that determine the items (equal columns, equal items)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> LazyRows[T]: ...

    def __getitem__(self, i: int | slice) -> T | LazyRows[T]:
        n = len(self)
        if isinstance(i, slice):
            return self._take(np.arange(n)[i])
        k = operator.index(i)
        if not -n <= k < n:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._build(np.array([k % n]))[0]

    def __iter__(self) -> Iterator[T]:
        n = len(self)
        for start in range(0, n, _CHUNK):
            yield from self._build(np.arange(start, min(start + _CHUNK, n)))

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            assert isinstance(other, LazyRows)
            return len(self) == len(other) and all(
                np.array_equal(a, b) for a, b in zip(self._key(), other._key(), strict=True)
            )
        if isinstance(other, tuple | LazyRows):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


@dataclass(frozen=True)
class Change:
    """What changed between two polities, matched by id (relations by their ends and kind).

    Relations have no ids: a relation is identified by (source, target, kind,
    seats, threshold); when one relation between the same ends and of the same
    kind was removed and one added, it is reported as changed. Relation notes are
    not compared. ``str(change)`` is a readable summary.

    ``diff`` fills the id and relation fields with :class:`LazyRows`: read-only
    sequences that behave like tuples but build each id or row model only when it
    is read, so a change of 10^5 relations costs no 10^5 pydantic models until used.
    """

    before: str
    after: str
    territories_added: Sequence[str] = ()
    territories_removed: Sequence[str] = ()
    territories_changed: tuple[FieldChange, ...] = ()
    institutions_added: Sequence[str] = ()
    institutions_removed: Sequence[str] = ()
    institutions_changed: tuple[FieldChange, ...] = ()
    relations_added: Sequence[Relation] = ()
    relations_removed: Sequence[Relation] = ()
    relations_changed: Sequence[tuple[Relation, Relation]] = ()
    electoral_systems_changed: tuple[
        tuple[str, ElectoralSystem | None, ElectoralSystem | None], ...
    ] = ()
    rules_added: tuple[Rule, ...] = ()
    rules_removed: tuple[Rule, ...] = ()
    groups: dict[str, Counter[tuple[str, ...]]] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name not in _NOT_CHANGES)

    def summary(self) -> str:
        """A readable multi-line summary (what ``str()`` returns)."""
        lines = [f"Changes from {self.before!r} to {self.after!r}"]
        if not self:
            return lines[0] + ": none"
        lines.append(
            f"Territories: +{len(self.territories_added)} -{len(self.territories_removed)} "
            f"~{len(self.territories_changed)} fields"
        )
        lines += _ids_line("+", self.territories_added)
        lines += _ids_line("-", self.territories_removed)
        lines += _changes(self.territories_changed)
        lines.append(
            f"Institutions: +{len(self.institutions_added)} -{len(self.institutions_removed)} "
            f"~{len(self.institutions_changed)} fields"
        )
        for sign, key in (("+", "institutions_added"), ("-", "institutions_removed")):
            for (kind, level), n in sorted(self.groups.get(key, Counter()).items()):
                lines.append(f"  {sign} {n:,} {kind} ({level})")
        lines += _changes(self.institutions_changed)
        lines.append(
            f"Relations: +{len(self.relations_added)} -{len(self.relations_removed)} "
            f"~{len(self.relations_changed)}"
        )
        for sign, key in (("+", "relations_added"), ("-", "relations_removed")):
            for (kind, s, t), n in sorted(self.groups.get(key, Counter()).items()):
                lines.append(f"  {sign} {n:,} {kind}: {s} -> {t}")
        for old, new in self.relations_changed[:_SHOW]:
            lines.append(f"  ~ {_rel(old)} -> {_rel(new, ends=False)}")
        if len(self.relations_changed) > _SHOW:
            lines.append(f"  ... and {len(self.relations_changed) - _SHOW} more")
        if self.electoral_systems_changed:
            lines.append(f"Electoral systems: ~{len(self.electoral_systems_changed)}")
            for body, before, after in self.electoral_systems_changed[:_SHOW]:
                lines.append(f"  ~ {body}: {_system(before)} -> {_system(after)}")
            if len(self.electoral_systems_changed) > _SHOW:
                lines.append(f"  ... and {len(self.electoral_systems_changed) - _SHOW} more")
        if self.rules_added or self.rules_removed:
            lines.append(f"Rules: +{len(self.rules_added)} -{len(self.rules_removed)}")
            lines += [f"  + {_rule(r)}" for r in self.rules_added]
            lines += [f"  - {_rule(r)}" for r in self.rules_removed]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


_NOT_CHANGES = frozenset({"before", "after", "groups"})  # Change fields that record no change


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "years"):  # a TermRule
        limit = "no limit" if value.max_terms is None else f"max {value.max_terms}"
        cons = " consecutive" if value.consecutive_only else ""
        return f"{value.years}y, {limit}{cons}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _ids_line(sign: str, ids: Sequence[str]) -> list[str]:
    if not ids:
        return []
    more = f", ... ({len(ids):,})" if len(ids) > _SHOW else ""
    return [f"  {sign} {', '.join(ids[:_SHOW])}{more}"]


def _changes(changes: tuple[FieldChange, ...]) -> list[str]:
    out = [f"  ~ {c}" for c in changes[:_SHOW]]
    if len(changes) > _SHOW:
        by_field = Counter(c.field for c in changes[_SHOW:])
        more = ", ".join(f"{f} {n:,}" for f, n in sorted(by_field.items()))
        out.append(f"  ... and {len(changes) - _SHOW:,} more ({more})")
    return out


def _rel(r: Relation, ends: bool = True) -> str:
    extra = []
    if r.seats is not None:
        extra.append(f"seats={r.seats}")
    if r.threshold is not None:
        extra.append(f"threshold={r.threshold:.3g}")
    tail = f" [{', '.join(extra)}]" if extra else ""
    return f"{r.source} -{r.kind.value}-> {r.target}{tail}" if ends else (tail.strip() or "[]")


def _system(s: ElectoralSystem | None) -> str:
    if s is None:
        return "none"
    parts = []
    for t in s.tiers:
        if t.type == "list":
            parts.append(f"list {t.seats} ({t.method}, {t.threshold:.0%})")
        else:
            parts.append(f"single-member {t.seats} ({t.formula})")
    return " + ".join(parts)


def _rule(r: Rule) -> str:
    subject = f"({r.subject})" if r.subject else ""
    value = f" = {r.value}" if r.value is not None else ""
    return f"{r.kind}{subject}{value}"

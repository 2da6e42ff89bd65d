"""``diff(before, after)``: what a reform changed, by id, as a record and a readable summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import ElectoralSystem, Relation, Rule

__all__ = ["Change", "FieldChange", "diff"]

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


@dataclass(frozen=True)
class Change:
    """What changed between two polities, matched by id (relations by their ends and kind).

    Relations have no ids: a relation is identified by (source, target, kind,
    seats, threshold); when one relation between the same ends and of the same
    kind was removed and one added, it is reported as changed. Relation notes are
    not compared. ``str(change)`` is a readable summary.
    """

    before: str
    after: str
    territories_added: tuple[str, ...] = ()
    territories_removed: tuple[str, ...] = ()
    territories_changed: tuple[FieldChange, ...] = ()
    institutions_added: tuple[str, ...] = ()
    institutions_removed: tuple[str, ...] = ()
    institutions_changed: tuple[FieldChange, ...] = ()
    relations_added: tuple[Relation, ...] = ()
    relations_removed: tuple[Relation, ...] = ()
    relations_changed: tuple[tuple[Relation, Relation], ...] = ()
    electoral_systems_changed: tuple[
        tuple[str, ElectoralSystem | None, ElectoralSystem | None], ...
    ] = ()
    rules_added: tuple[Rule, ...] = ()
    rules_removed: tuple[Rule, ...] = ()
    groups: dict[str, Counter[tuple[str, ...]]] = field(default_factory=dict, compare=False)

    def __bool__(self) -> bool:
        return any(
            getattr(self, f)
            for f in (
                "territories_added",
                "territories_removed",
                "territories_changed",
                "institutions_added",
                "institutions_removed",
                "institutions_changed",
                "relations_added",
                "relations_removed",
                "relations_changed",
                "electoral_systems_changed",
                "rules_added",
                "rules_removed",
            )
        )

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


def _fmt(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "years"):  # a TermRule
        limit = "no limit" if value.max_terms is None else f"max {value.max_terms}"
        cons = " consecutive" if value.consecutive_only else ""
        return f"{value.years}y, {limit}{cons}"
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _ids_line(sign: str, ids: tuple[str, ...]) -> list[str]:
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


# -- computing the diff ------------------------------------------------------------------------------
def _match(a: NDArray[np.str_], b: NDArray[np.str_]) -> tuple[NDArray[np.int64], ...]:
    """Rows of ``a`` only, rows of ``b`` only, and matched row pairs (ia, ib), by id."""
    _, ia, ib = np.intersect1d(a, b, assume_unique=True, return_indices=True)
    only_a = np.setdiff1d(np.arange(a.shape[0]), ia)
    only_b = np.setdiff1d(np.arange(b.shape[0]), ib)
    order = np.argsort(ia)  # keep the "before" row order
    return only_a, only_b, ia[order], ib[order]


def _ref(ids: NDArray[np.str_], rows: NDArray[np.int64]) -> NDArray[np.str_]:
    """Ids of referenced rows, '' for -1."""
    padded = np.append(ids, "")
    return padded[np.where(rows < 0, -1, rows)]


def _field_changes(
    ids: NDArray[np.str_], cols: dict[str, tuple[np.ndarray, np.ndarray]], decode: dict[str, Any]
) -> tuple[FieldChange, ...]:
    out: list[tuple[int, int, FieldChange]] = []
    for j, (name, (old, new)) in enumerate(cols.items()):
        differ = (
            old != new
            if old.dtype != object
            else np.array([x != y for x, y in zip(old, new, strict=True)], dtype=bool)
        )
        for i in np.flatnonzero(differ):
            dec = decode.get(name, lambda v: v)
            o, n = old[i], new[i]
            o = dec(o.item() if hasattr(o, "item") else o)
            n = dec(n.item() if hasattr(n, "item") else n)
            out.append((int(i), j, FieldChange(str(ids[i]), name, o, n)))
    return tuple(fc for _, _, fc in sorted(out, key=lambda x: (x[0], x[1])))


def _relation_rows(p: Polity, codes: NDArray[np.int64]) -> NDArray[np.int64]:
    r = p.relation_table
    thr = np.where(np.isnan(r.threshold), -1.0, r.threshold).view(np.int64)
    return np.stack(
        [codes[r.source], codes[r.target], r.kind.astype(np.int64), r.seats, thr], axis=1
    )


def diff(before: Polity, after: Polity) -> Change:
    """The structured change from ``before`` to ``after``.

    Parameters
    ----------
    before, after : Polity

    Returns
    -------
    Change
        Territories and institutions added, removed and changed (field by field),
        relations added, removed and changed, electoral systems changed, rules
        added and removed. ``print(change)`` shows a summary.

    Examples
    --------
    >>> from govsim.reforms import ResizeBody
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000)
    >>> print(diff(p, ResizeBody(body="lower_chamber", seats=120).apply(p)).institutions_changed[0])
    lower_chamber: seats 100 -> 120
    """
    tb, ta = before.territory_table, after.territory_table
    t_only_b, t_only_a, tb_rows, ta_rows = _match(tb.id, ta.id)
    level = lambda c: Level.from_code(int(c)).value  # noqa: E731
    kind = lambda c: InstitutionKind.from_code(int(c)).value  # noqa: E731
    unknown = lambda v: None if v in (-1, "") else v  # noqa: E731
    t_changed = _field_changes(
        tb.id[tb_rows],
        {
            "name": (tb.name[tb_rows], ta.name[ta_rows]),
            "level": (tb.level[tb_rows], ta.level[ta_rows]),
            "parent": (_ref(tb.id, tb.parent[tb_rows]), _ref(ta.id, ta.parent[ta_rows])),
            "population": (tb.population[tb_rows], ta.population[ta_rows]),
        },
        {"level": level, "parent": unknown, "population": unknown},
    )
    ib, ia = before.institution_table, after.institution_table
    i_only_b, i_only_a, ib_rows, ia_rows = _match(ib.id, ia.id)
    i_changed = _field_changes(
        ib.id[ib_rows],
        {
            "name": (ib.name[ib_rows], ia.name[ia_rows]),
            "kind": (ib.kind[ib_rows], ia.kind[ia_rows]),
            "level": (ib.level[ib_rows], ia.level[ia_rows]),
            "territory": (_ref(tb.id, ib.territory[ib_rows]), _ref(ta.id, ia.territory[ia_rows])),
            "seats": (ib.seats[ib_rows], ia.seats[ia_rows]),
            "term": (ib.term[ib_rows], ia.term[ia_rows]),
        },
        {"kind": kind, "level": level, "territory": unknown},
    )
    groups: dict[str, Counter[tuple[str, ...]]] = {
        "institutions_added": _count(ia.kind[i_only_a], ia.level[i_only_a]),
        "institutions_removed": _count(ib.kind[i_only_b], ib.level[i_only_b]),
    }

    # relations: multisets of (source, target, kind, seats, threshold) over a joint id code
    all_ids, inverse = np.unique(np.concatenate([ib.id, ia.id]), return_inverse=True)
    code_b, code_a = inverse[: len(ib)], inverse[len(ib) :]
    rows_b, rows_a = _relation_rows(before, code_b), _relation_rows(after, code_a)
    both = np.concatenate([rows_b, rows_a])
    if both.shape[0]:
        _, first, group = np.unique(both, axis=0, return_index=True, return_inverse=True)
        group = group.reshape(-1)
        n_groups = first.shape[0]
        nb = np.bincount(group[: rows_b.shape[0]], minlength=n_groups)
        na = np.bincount(group[rows_b.shape[0] :], minlength=n_groups)
        surplus = na - nb
        added_rows = np.repeat(first, np.maximum(surplus, 0))
        removed_rows = np.repeat(first, np.maximum(-surplus, 0))
    else:
        added_rows = removed_rows = np.zeros(0, dtype=np.int64)
    added = both[added_rows]
    removed = both[removed_rows]
    # a lone removal and a lone addition on the same (source, target, kind) is a change
    key_a = [tuple(x) for x in added[:, :3].tolist()]
    key_r = [tuple(x) for x in removed[:, :3].tolist()]
    ca, cr = Counter(key_a), Counter(key_r)
    paired = {k for k in ca if ca[k] == 1 and cr.get(k) == 1}
    ka = np.array([k in paired for k in key_a], dtype=bool)
    kr = np.array([k in paired for k in key_r], dtype=bool)

    def to_rel(x: np.ndarray) -> Relation:
        thr = float(np.int64(x[4]).view(np.float64))
        return Relation.model_construct(
            source=str(all_ids[x[0]]),
            target=str(all_ids[x[1]]),
            kind=RelationKind.from_code(int(x[2])),
            seats=None if x[3] < 0 else int(x[3]),
            threshold=None if thr < 0 else thr,
            note=None,
        )

    rel_added = tuple(to_rel(x) for x in added[~ka])
    rel_removed = tuple(to_rel(x) for x in removed[~kr])
    pa = {tuple(x[:3]): x for x in added[ka].tolist()}
    changed = tuple(
        (to_rel(np.array(x)), to_rel(np.array(pa[tuple(x[:3])]))) for x in removed[kr].tolist()
    )
    kinds_all = np.zeros(all_ids.shape[0], dtype=np.int8)
    kinds_all[code_b] = ib.kind
    kinds_all[code_a] = ia.kind
    groups["relations_added"] = _count_rel(added[~ka], kinds_all)
    groups["relations_removed"] = _count_rel(removed[~kr], kinds_all)

    sb = {s.body: s for s in before.electoral_systems}
    sa = {s.body: s for s in after.electoral_systems}
    systems = tuple(
        (body, sb.get(body), sa.get(body))
        for body in [*sb, *(b for b in sa if b not in sb)]
        if sb.get(body) != sa.get(body)
    )
    rules_b, rules_a = set(before.rules), set(after.rules)
    return Change(
        before=before.name,
        after=after.name,
        territories_added=tuple(ta.id[t_only_a].tolist()),
        territories_removed=tuple(tb.id[t_only_b].tolist()),
        territories_changed=t_changed,
        institutions_added=tuple(ia.id[i_only_a].tolist()),
        institutions_removed=tuple(ib.id[i_only_b].tolist()),
        institutions_changed=i_changed,
        relations_added=rel_added,
        relations_removed=rel_removed,
        relations_changed=changed,
        electoral_systems_changed=systems,
        rules_added=tuple(r for r in after.rules if r not in rules_b),
        rules_removed=tuple(r for r in before.rules if r not in rules_a),
        groups=groups,
    )


def _count(kinds: np.ndarray, levels: np.ndarray) -> Counter[tuple[str, ...]]:
    key = kinds.astype(np.int64) * len(Level) + levels
    codes, counts = np.unique(key, return_counts=True)
    return Counter(
        {
            (
                InstitutionKind.from_code(int(c) // len(Level)).value,
                Level.from_code(int(c) % len(Level)).value,
            ): int(n)
            for c, n in zip(codes, counts, strict=True)
        }
    )


def _count_rel(rows: np.ndarray, kinds: np.ndarray) -> Counter[tuple[str, ...]]:
    if rows.shape[0] == 0:
        return Counter()
    key = np.stack([rows[:, 2], kinds[rows[:, 0]], kinds[rows[:, 1]]], axis=1)
    uniq, counts = np.unique(key, axis=0, return_counts=True)
    return Counter(
        {
            (
                RelationKind.from_code(int(k)).value,
                InstitutionKind.from_code(int(s)).value,
                InstitutionKind.from_code(int(t)).value,
            ): int(n)
            for (k, s, t), n in zip(uniq.tolist(), counts.tolist(), strict=True)
        }
    )

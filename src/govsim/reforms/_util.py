"""Small helpers shared by the policy reform modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from govsim.model.kinds import CHAIN_KINDS, InstitutionKind, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.roles import office
from govsim.model.rows import Rule
from govsim.model.validate import channel_fill
from govsim.reforms.primitives import Draft

if TYPE_CHECKING:
    from govsim.reforms.base import Reform

CHAIN_CODES = np.array(sorted(k.code for k in CHAIN_KINDS), dtype=np.int8)

#: Traits of a reform that edits relations, rules or fields of existing offices only.
IN_PLACE = frozenset(
    {
        "keeps_institutions",
        "keeps_territories",
        "no_new_institutions",
        "no_new_territories",
        "conserves_population",
    }
)


def has_relation(draft: Draft, source: int, target: int, kind: RelationKind | str) -> bool:
    """Whether a relation of this kind already runs from ``source`` to ``target`` (rows)."""
    r = draft.relations
    code = RelationKind(kind).code
    return bool(np.any((r.source == source) & (r.target == target) & (r.kind == code)))


def contains(haystack: NDArray[np.int64], needles: NDArray[np.int64]) -> NDArray[np.bool_]:
    """``np.isin(needles, haystack)`` by one sort and a binary search (no hashing)."""
    h = np.sort(haystack)
    if h.shape[0] == 0:
        return np.zeros(needles.shape[0], dtype=bool)
    pos = np.minimum(np.searchsorted(h, needles), h.shape[0] - 1)
    found: NDArray[np.bool_] = h[pos] == needles
    return found


def missing_pairs(
    draft: Draft, sources: NDArray[np.int64], targets: NDArray[np.int64], kind: RelationKind | str
) -> NDArray[np.bool_]:
    """For each (source, target) pair, whether no relation of this kind joins them yet."""
    r = draft.relations
    code = RelationKind(kind).code
    n = max(len(draft.institutions), 1)
    sel = r.kind == code
    have = r.source[sel].astype(np.int64) * n + r.target[sel]
    want = sources.astype(np.int64) * n + targets
    return ~contains(have, want)


def with_rule(rules: tuple[Rule, ...], rule: Rule) -> tuple[Rule, ...]:
    """Rules with ``rule`` in place of any rule of the same kind and subject."""
    kept = tuple(r for r in rules if not (r.kind == rule.kind and r.subject == rule.subject))
    return (*kept, rule)


def chain_fill(draft: Draft) -> NDArray[np.int64]:
    """Seats that the explicit ``elects``/``appoints`` channels fill, per institution row.

    From the fill that validation keeps per relation table
    (:func:`govsim.model.validate.channel_fill`): O(institutions) for a draft whose
    relations are those of a polity, not a pass over every relation.
    """
    rows, filled = channel_fill(draft.relations)
    out = np.zeros(len(draft.institutions), dtype=np.int64)
    out[rows] = filled
    return out


def first_by_key(
    keys: NDArray[np.int64], rows: NDArray[np.int64], want: NDArray[np.int64], size: int
) -> NDArray[np.int64]:
    """For each wanted key, the lowest row among ``rows`` with that key (-1 if none).

    ``keys[i]`` is the key of ``rows[i]``; keys lie in ``[0, size)``, so a dense
    table answers in O(n) without sorting.
    """
    table = np.full(size + 1, -1, dtype=np.int64)
    order = np.argsort(rows, kind="stable")[::-1]  # the lowest row is written last
    table[keys[order]] = rows[order]
    return table[np.where((want >= 0) & (want < size), want, size)]


def by_role(reform: Reform, polity: Polity, param: str, given: str | None, role: Role) -> str:
    """The id of an office parameter: ``given``, or (``None``) the holder of ``role``.

    Reforms name no country's ids by default: an office left out is found by its
    role in the polity (:mod:`govsim.model.roles`). A polity without that role
    raises a :class:`govsim.ReformError` naming the parameter and the role; a given
    id that is not in the polity, one naming the id.
    """
    if given is not None:
        reform.row(polity, param, given)
        return given
    holder = office(polity, role)
    if holder is None:
        raise reform.error(
            param,
            f"not given, and the polity has no institution with role {role.value!r} "
            f"(set 'role = \"{role.value}\"' on it in the data, or pass {param}=<id>)",
        )
    return holder.id


def same_territory(polity: Polity, rows: np.ndarray, kind: InstitutionKind) -> np.ndarray:
    """For each office row, the lowest-row institution of ``kind`` in its territory (-1 if none)."""
    t = polity.institution_table
    cand = np.flatnonzero((t.kind == kind.code) & (t.territory >= 0))
    return first_by_key(
        t.territory[cand].astype(np.int64), cand, t.territory[rows], len(polity.territory_table)
    )


def largest_remainder(weights: NDArray[np.int64], total: int) -> NDArray[np.int64]:
    """Split ``total`` over rows in proportion to ``weights``: Hamilton's largest remainders.

    Row ``i`` gets ``floor(w_i total / W)`` (``W = sum w``) and the seats left go to the
    largest remainders ``w_i total mod W``, ties to earlier rows: the ``hare`` method of
    :func:`govsim.electoral.allocate` (tested to agree), in exact integers, so that the
    reforms need no engine. ``0 <= total <= W``. The products stay in int64 while
    ``max(w) * total < 2**63`` (any polity's seats); beyond, they are Python integers.
    """
    weights = np.asarray(weights, dtype=np.int64)
    whole = int(weights.sum())
    if total == whole:
        return weights.copy()
    if whole == 0 or total == 0:
        return np.zeros_like(weights)
    if weights.size and int(weights.max()) * total < 2**63:
        product: NDArray[Any] = weights * np.int64(total)
    else:
        product = weights.astype(object) * total
    give = np.asarray(product // whole, dtype=np.int64)
    remainder = np.asarray(product % whole, dtype=np.int64)  # below W, inside int64
    left = total - int(give.sum())
    give[np.argsort(-remainder, kind="stable")[:left]] += 1
    return give


def clone_ids(
    reform: Reform,
    polity: Polity,
    old: list[str],
    derived: list[str],
    chosen: dict[str, str] | None,
    where: str,
) -> list[str]:
    """The ids of cloned institutions: ``derived`` with the user's ``chosen`` ids applied.

    Shared by the reforms that clone the offices of a territory (``split_region``,
    ``split_unit``). Every chosen key must be one of the ``old`` ids (an institution
    seated in ``where``); the result must hold distinct ids that the polity does not
    have yet. Errors name the parameter ``institution_ids``.
    """
    if chosen:
        unknown = set(chosen) - set(old)
        if unknown:
            raise reform.error(
                "institution_ids",
                f"is not an institution seated in the {where}",
                sorted(unknown)[0],
            )
        derived = [chosen.get(o, d) for o, d in zip(old, derived, strict=True)]
    if len(set(derived)) < len(derived):
        raise reform.error("institution_ids", "two cloned institutions would share an id")
    for d in derived:
        if polity.has_institution(d):
            raise reform.error("institution_ids", "an institution with this id already exists", d)
    return derived

"""A unicameral parliament in place of the chambers: :class:`UnicameralParliament`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.roles import lower_chamber, upper_chamber
from govsim.model.rows import (
    MAX_SEATS,
    MAX_TERM_YEARS,
    AllocationMethod,
    ElectoralSystem,
    Float,
    Id,
    Int,
    ListTier,
    Rule,
    TermRule,
)
from govsim.reforms import primitives as P
from govsim.reforms.base import Reform
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["UnicameralParliament"]

#: Relations into an abolished chamber that fill, pick or hold its seats: they end with it.
_SEAT_KINDS = np.array(
    sorted(
        k.code
        for k in (
            RelationKind.ELECTS,
            RelationKind.APPOINTS,
            RelationKind.NOMINATES,
            RelationKind.CONSENTS,
            RelationKind.HOLDS_SEATS,
        )
    ),
    dtype=np.int8,
)


def _members(values: NDArray[np.int32], rows: NDArray[np.int64], n: int) -> NDArray[np.bool_]:
    table = np.zeros(n, dtype=bool)
    table[rows] = True
    out: NDArray[np.bool_] = table[values]
    return out


@register
class UnicameralParliament(Reform):
    """Replace the chambers of parliament by one chamber elected in one nationwide list tier.

    Models Kazakhstan's Constitution of 2026 (approved by referendum on 15 Mar 2026,
    in force 1 Jul 2026): the Senate and the Mazhilis, with the President's and the
    Assembly of People's quotas, give way to the Kurultai, 145 deputies elected by
    proportional representation in one nationwide district for five years
    (qazinform.com 640723 and 44af96, 26 Jan 2026; astanatimes.com 2026/01; H).

    What the reform does, with ``A`` the abolished chambers and ``K`` the new one:

    * ``K`` (kind ``chamber``, role ``sole_chamber``, ``seats``, ``term_years``) is
      added at the national level, seated in the territory of the first chamber of
      ``A`` (of the electorate if ``A`` is empty); ``electorate`` elects all its seats, in one list tier (``method``,
      ``threshold``);
    * every relation *from* a chamber of ``A`` to another institution passes to ``K``
      (consent to the government, no confidence, veto overrides, the election of
      judges, ...); relations *into* ``A`` pass to ``K`` too (vetoes, constitutional
      review, ...) except the seat channels (``elects``, ``appoints``, ``nominates``,
      ``consents``) and the parties' seats (``holds_seats``), which end with the
      chambers whose seats they filled (the new chamber's parties come from its
      election: :class:`~govsim.reforms.party_seats.PartySeats`);
      relations between two chambers of ``A`` (the upper chamber's veto of the
      lower, its override) are dropped;
    * relations that become the same (source, target, kind) are merged into one,
      whose seats are the sum of the known seats (two chambers that each appointed
      3 judges give one channel of 6);
    * rules about a chamber of ``A`` (``adopts_laws``, ``passing_threshold``) pass to
      ``K`` (the first of a kind is kept), rules naming one as their value
      (``prosecution_consent``) name ``K``; ``K`` adopts laws;
    * electorates that elect nothing but seats of ``A`` (single-member districts)
      go with it.

    Parameters
    ----------
    id, chamber_name : str
        The new chamber's id (not already in the polity) and name.
    seats : int
        Its seats, all elected by ``electorate``.
    term_years : int or None
        Its term.
    abolish : tuple of str or None
        The chambers it replaces (``None``: the ``lower_chamber`` and the
        ``upper_chamber`` by role, if the polity has one; ``()``: none, a polity
        without a parliament gets one).
    electorate : str or None
        Who elects it (``None``: the first national electorate that elects seats of
        an abolished chamber).
    method, threshold
        The allocation method and legal threshold of its list tier.

    Raises
    ------
    govsim.ReformError
        If ``id`` is taken, an abolished institution is not a chamber, the
        polity has no chamber by role, or no electorate is found.

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan_2019
    >>> q = UnicameralParliament(id="kurultai", chamber_name="Kurultai", seats=145,
    ...                          term_years=5).apply(kazakhstan_2019())
    >>> q.institution("kurultai").role.value, q.has_institution("senate")
    ('sole_chamber', False)
    >>> [(r.source, r.seats) for r in q.relations_of(target="kurultai", kind="elects")]
    [('electorate.kz', 145)]
    """

    name = "unicameral_parliament"
    traits = frozenset({"keeps_territories", "no_new_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_institutions", "keeps_relations", "no_new_institutions", "rules_only"}
    )

    id: Id = "parliament"
    chamber_name: str = Field(default="Parliament", min_length=1)
    seats: Int = Field(ge=1, le=MAX_SEATS)
    term_years: Int | None = Field(default=None, ge=1, le=MAX_TERM_YEARS)
    abolish: tuple[Id, ...] | None = None
    electorate: Id | None = None
    method: AllocationMethod = "hare"
    threshold: Float = Field(default=0.0, ge=0.0, lt=1.0)

    # -- contract hooks (govsim.reforms.contract) -------------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        """Instances with ids from the pool (mostly unknown: the error path)."""
        from hypothesis import strategies as st

        return st.builds(
            cls,
            id=st.just("parliament") | pool.id(),
            seats=st.integers(1, 500),
            term_years=pool.maybe(st.integers(1, 10)),
            abolish=pool.maybe(pool.id_subset(2, 1)),
            electorate=pool.maybe(pool.id()),
            threshold=st.sampled_from([0.0, 0.03, 0.05]),
        )

    @classmethod
    def contract_fits(cls, view: View) -> bool:
        """The polity has an electorate."""
        return bool((view.kind == InstitutionKind.ELECTORATE.code).any())

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """All the polity's chambers (if any) give way to one elected by one of its electorates."""
        from hypothesis import strategies as st

        chambers = np.flatnonzero(view.kind == InstitutionKind.CHAMBER.code)
        voters = np.flatnonzero(view.kind == InstitutionKind.ELECTORATE.code).tolist()
        taken = set(view.ids)
        new = next(f"parliament_{k}" for k in range(view.n + 1) if f"parliament_{k}" not in taken)
        return cls(
            id=new,
            seats=draw(st.integers(1, 300)),
            term_years=view.maybe(draw, draw(st.integers(1, 7))),
            abolish=tuple(view.ids[int(k)] for k in chambers),
            electorate=view.ids[view.row(draw, voters)],
            threshold=draw(st.sampled_from([0.0, 0.05])),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The chambers found by role give way to a 100-seat chamber."""
        return cls(id="parliament", seats=100, term_years=5)

    def _chambers(self, polity: Polity) -> NDArray[np.int64]:
        if self.abolish is None:
            lower, upper = lower_chamber(polity), upper_chamber(polity)
            if lower is None:
                raise self.error("abolish", "not given, and the polity has no lower chamber")
            ids = [lower.id] + ([] if upper is None else [upper.id])
        else:
            ids = list(dict.fromkeys(self.abolish))
        rows = np.array(
            [self.row(polity, f"abolish[{k}]", i) for k, i in enumerate(ids)], dtype=np.int64
        ).reshape(-1)
        kinds = polity.institution_table.kind[rows]
        bad = np.flatnonzero(kinds != InstitutionKind.CHAMBER.code)
        if bad.size:
            raise self.error("abolish", "is not a chamber", ids[int(bad[0])])
        return rows

    def _electorate(self, polity: Polity, draft: P.Draft, chambers: NDArray[np.int64]) -> int:
        if self.electorate is not None:
            row = self.row(polity, "electorate", self.electorate)
            if polity.institution_table.kind[row] != InstitutionKind.ELECTORATE.code:
                raise self.error("electorate", "is not an electorate", self.electorate)
            return row
        t = draft.institutions
        r = draft.relations
        sel = draft.relation_mask(["elects"], targets=chambers)
        src = r.source[sel]
        ok = (t.kind[src] == InstitutionKind.ELECTORATE.code) & (
            t.level[src] == Level.NATIONAL.code
        )
        if not ok.any():
            raise self.error(
                "electorate", "not given, and no national electorate elects the chambers"
            )
        return int(src[np.flatnonzero(ok)[0]])

    def _apply(self, polity: Polity) -> Polity:
        if polity.has_institution(self.id):
            raise self.error("id", "an institution with this id already exists", self.id)
        chambers = self._chambers(polity)
        draft = P.Draft.of(polity)
        voters = self._electorate(polity, draft, chambers)
        t = draft.institutions
        n = len(t)
        gone_ids = set(t.id[chambers].tolist())

        # electorates whose every relation elects seats of an abolished chamber
        r = draft.relations
        into = _members(r.target, chambers, n)
        electorate_src = t.kind[r.source] == InstitutionKind.ELECTORATE.code
        out_all = np.bincount(r.source[electorate_src], minlength=n)
        out_gone = np.bincount(r.source[electorate_src & into], minlength=n)
        orphans = np.flatnonzero((out_all > 0) & (out_all == out_gone))
        orphans = orphans[orphans != voters]

        draft = P.add_institutions(
            draft,
            [self.id],
            names=self.chamber_name,
            kinds=InstitutionKind.CHAMBER.value,
            levels=Level.NATIONAL.value,
            territories=int(t.territory[chambers[0] if chambers.size else voters]),
            seats=self.seats,
            terms=None if self.term_years is None else TermRule(years=self.term_years),
        )
        new = n
        draft = P.set_field(draft, "institution", [new], "role", Role.SOLE_CHAMBER.code)

        # pass the chambers' relations to the new one
        r = draft.relations
        m = n + 1
        src_in = _members(r.source, chambers, m)
        tgt_in = _members(r.target, chambers, m)
        seat_channel = np.isin(r.kind, _SEAT_KINDS)
        dropped = (src_in & tgt_in) | (tgt_in & ~src_in & seat_channel)
        draft = P.rewire_relations(draft, src_in & ~tgt_in, source=new)
        draft = P.rewire_relations(draft, tgt_in & ~src_in & ~seat_channel, target=new)
        draft = P.remove_relations(draft, dropped)
        draft = P.add_relations(
            draft,
            voters,
            new,
            "elects",
            seats=self.seats,
            notes=f"All {self.seats} seats, one nationwide list tier.",
        )
        draft = self._merge(draft, new)

        # rules and electoral systems
        rules: list[Rule] = []
        seen: set[tuple[str, str | None]] = set()
        for rule in draft.rules:
            fields = rule.model_dump()
            if rule.subject in gone_ids:
                fields["subject"] = self.id
            if isinstance(rule.value, str) and rule.value in gone_ids:
                fields["value"] = self.id
            moved = Rule(**fields)
            key = (moved.kind.value, moved.subject)
            if moved.subject == self.id and key in seen:
                continue
            seen.add(key)
            rules.append(moved)
        if ("adopts_laws", self.id) not in seen:
            rules.append(
                Rule(kind="adopts_laws", subject=self.id, note="The one chamber adopts laws.")
            )
        tier = ListTier(seats=self.seats, method=self.method, threshold=self.threshold)
        systems = (*draft.electoral_systems, ElectoralSystem(body=self.id, tiers=(tier,)))
        draft = draft.replace(rules=tuple(rules), electoral_systems=systems)
        return P.remove_institutions(draft, np.concatenate([chambers, orphans])).build()

    @staticmethod
    def _merge(draft: P.Draft, new: int) -> P.Draft:
        """Merge the relations of the new chamber that share (source, target, kind)."""
        r = draft.relations
        touch = np.flatnonzero((r.source == new) | (r.target == new))
        if touch.size < 2:
            return draft
        m = len(draft.institutions)
        key = (r.source[touch].astype(np.int64) * m + r.target[touch]) * 64 + r.kind[touch]
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        if first.size == touch.size:
            return draft
        seats = r.seats[touch]
        known = np.bincount(inverse, weights=np.maximum(seats, 0)).astype(np.int64)
        any_known = np.bincount(inverse, weights=seats > 0) > 0
        keep = touch[first]
        draft = P.set_field(draft, "relation", keep, "seats", np.where(any_known, known, -1))
        drop = np.zeros(len(r), dtype=bool)
        drop[touch] = True
        drop[keep] = False
        return P.remove_relations(draft, drop)

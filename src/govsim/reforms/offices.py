"""Reforms of offices: the term rule of an office and new institutions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.rows import (
    MAX_SEATS,
    MAX_TERM_YEARS,
    MAX_TERMS,
    Bool,
    Id,
    Int,
    Relation,
    TermRule,
)
from govsim.reforms import primitives as P
from govsim.reforms._util import (
    IN_PLACE,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["EstablishInstitution", "TermLimit"]


@register
class TermLimit(Reform):
    """Set the term rule of an office: the length of a term and how many terms.

    Models Kazakhstan's constitutional amendment of 17 Sep 2022 (art. 42(5)): one
    7-year presidential term, no re-election, declared unamendable; before it, 5
    years and at most 2 consecutive terms (ref §2, H; sputniknews 2022-09-16,
    newsline.kz 1081686). It was passed by Parliament, not by the June referendum.

    Parameters
    ----------
    office : Selector, default all heads of state
        The offices whose holders the rule binds.
    years : int
        Length of one term.
    max_terms : int or None
        Most terms a person may hold (``None``: no limit).
    consecutive_only : bool
        The limit counts consecutive terms only.
    exempt_incumbent : bool
        The current holder is exempt (as the First President was, 2007-2022).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> q = TermLimit(years=7, max_terms=1).apply(synthetic(1_000, seed=1))
    >>> q.institution("president").term
    TermRule(years=7, max_terms=1, consecutive_only=False, exempt_incumbent=False)
    """

    name = "term_limit"
    traits = IN_PLACE | {"keeps_relations", "idempotent"}
    lacks = frozenset({"rules_only"})

    office: Selector = Selector(kind=(InstitutionKind.HEAD_OF_STATE,))
    years: Int = Field(ge=1, le=MAX_TERM_YEARS)
    max_terms: Int | None = Field(default=None, ge=1, le=MAX_TERMS)
    consecutive_only: Bool = False
    exempt_incumbent: Bool = False

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            office=pool.selector(),
            years=st.integers(1, 10),
            max_terms=pool.maybe(st.integers(1, 3)),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        return cls(
            office=view.selector(draw),
            years=draw(st.integers(1, 10)),
            max_terms=draw(st.none() | st.integers(1, 3)),
            consecutive_only=draw(st.booleans()),
            exempt_incumbent=draw(st.booleans()),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """One 7-year term for the head of state."""
        head = role_id(polity, "head_of_state")
        return cls(office=Selector(ids=(head,)), years=7, max_terms=1)

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "office", self.office)
        rule = TermRule(
            years=self.years,
            max_terms=self.max_terms,
            consecutive_only=self.consecutive_only,
            exempt_incumbent=self.exempt_incumbent,
        )
        return P.set_field(P.Draft.of(polity), "institution", rows, "term", rule).build()


@register
class EstablishInstitution(Reform):
    """Create an institution with its relations, optionally replacing an existing one.

    Parameters
    ----------
    id, institution_name : str
        The new institution's id (new, or equal to ``replaces``) and name.
    kind, level : str
        Its :class:`govsim.InstitutionKind` and :class:`govsim.Level`.
    territory : str, optional
        Territory id of its seat.
    seats : int
        Seats (1 for a single office).
    term : TermRule, optional
        Its holders' term rule.
    relations : tuple of Relation
        Relations to create; each refers to the new id and/or existing ids.
    replaces : str, optional
        An institution that ceases to exist: its relations go with it, except those
        of the kinds in ``inherit``, which pass to the new institution.
    inherit : tuple of RelationKind
        Relation kinds the new institution takes over from the one it replaces.
    role : Role, optional
        Its constitutional role (:class:`govsim.Role`); an institution that held the
        role before loses it (a new constitutional court takes over the role of the
        council it replaces or sits beside).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> from govsim import Relation
    >>> q = EstablishInstitution(
    ...     id="audit_chamber", institution_name="Audit Chamber", kind="agency", level="national",
    ...     relations=[Relation(source="president", target="audit_chamber", kind="appoints")],
    ... ).apply(synthetic(1_000))
    >>> [r.source for r in q.relations_of(target="audit_chamber")]
    ['president']
    """

    name = "establish_institution"
    traits = frozenset({"keeps_territories", "no_new_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_institutions", "keeps_relations", "no_new_institutions", "rules_only"}
    )

    id: Id
    institution_name: str = Field(min_length=1)
    kind: InstitutionKind
    level: Level
    territory: Id | None = None
    seats: Int = Field(default=1, ge=1, le=MAX_SEATS)
    term: TermRule | None = None
    relations: tuple[Relation, ...] = ()
    replaces: Id | None = None
    inherit: tuple[RelationKind, ...] = ()
    role: Role | None = None

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        one = pool.id()
        rel = st.builds(
            lambda s, t, k: Relation(source=s, target=t, kind=k),
            one | st.just("new_body"),
            one | st.just("new_body"),
            st.sampled_from(pool.relation_kinds),
        )
        return st.builds(
            cls,
            id=st.just("new_body") | one,
            institution_name=st.just("New body"),
            kind=st.sampled_from(pool.kinds),
            level=st.sampled_from(pool.levels),
            territory=pool.maybe(pool.territory()),
            seats=st.integers(1, 20),
            relations=st.lists(rel, max_size=3).map(tuple),
            replaces=pool.maybe(one),
            inherit=st.lists(st.sampled_from(pool.relation_kinds), max_size=2, unique=True).map(
                tuple
            ),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        feeds = v.feeds_system()
        keep = set(v.src[feeds].tolist()) | set(np.flatnonzero(v.system > 0).tolist())
        removable = [k for k in range(v.n) if k not in keep]
        replaces = draw(st.none() | st.sampled_from(removable)) if removable else None
        new = v.ids[replaces] if replaces is not None and draw(st.booleans()) else "new_body"
        others = [k for k in range(v.n) if k != replaces]
        relations = []
        for _ in range(draw(st.integers(0, 3)) if others else 0):
            other = v.ids[v.row(draw, others)]
            kind = draw(st.sampled_from(v.relation_kinds))
            pair = (new, other) if draw(st.booleans()) else (other, new)
            relations.append(Relation(source=pair[0], target=pair[1], kind=kind))
        return cls(
            id=new,
            institution_name="New body",
            kind=draw(st.sampled_from(v.kinds)),
            level=draw(st.sampled_from(v.levels)),
            territory=draw(st.none() | st.sampled_from(v.t_ids)) if v.t_ids else None,
            seats=draw(st.integers(1, 20)),
            relations=tuple(relations),
            replaces=None if replaces is None else v.ids[replaces],
            inherit=tuple(
                draw(st.lists(st.sampled_from(v.relation_kinds), max_size=2, unique=True))
            ),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """A national audit chamber the head of state appoints, overseeing the government."""
        head = role_id(polity, "head_of_state")
        government = role_id(polity, "head_of_government")
        new = "supreme_audit_chamber"
        return cls(
            id=new,
            institution_name="Supreme Audit Chamber",
            kind=InstitutionKind.AGENCY,
            level=Level.NATIONAL,
            territory=polity.institution(head).territory,
            relations=(
                Relation(source=head, target=new, kind=RelationKind.APPOINTS),
                Relation(source=new, target=government, kind=RelationKind.OVERSEES),
            ),
        )

    def _apply(self, polity: Polity) -> Polity:
        old = None if self.replaces is None else self.row(polity, "replaces", self.replaces)
        if polity.has_institution(self.id) and self.id != self.replaces:
            raise self.error("id", "an institution with this id already exists", self.id)
        terr = (
            -1
            if self.territory is None
            else self.territory_row(polity, "territory", self.territory)
        )
        draft = P.Draft.of(polity)
        new = len(draft.institutions)
        if old is not None and self.id == self.replaces:
            # the new institution takes the old id: rename the old one out of the way first
            ids = draft.institutions.id.astype(object)
            ids[old] = f"{self.id}\x00replaced"
            draft = draft.replace(institutions=draft.institutions.replace(id=ids.astype(np.str_)))
        draft = P.add_institutions(
            draft,
            [self.id],
            names=self.institution_name,
            kinds=self.kind.value,
            levels=self.level.value,
            territories=terr,
            seats=self.seats,
            terms=self.term,
        )
        if old is not None:
            if self.inherit:
                kinds = [k.value for k in self.inherit]
                out = draft.relation_mask(kinds, sources=np.array([old]))
                inn = draft.relation_mask(kinds, targets=np.array([old]))
                draft = P.rewire_relations(draft, out, source=new)
                draft = P.rewire_relations(draft, inn, target=new)
            draft = P.remove_institutions(draft, [old])
            new -= 1  # the replaced row came before the new one
        if self.role is not None:
            holders = np.flatnonzero(draft.institutions.role == self.role.code)
            draft = P.set_field(draft, "institution", holders, "role", -1)
            draft = P.set_field(draft, "institution", [new], "role", self.role.code)
        for k, rel in enumerate(self.relations):
            rows, found = draft.lookup([rel.source, rel.target])
            if not found.all():
                missing = rel.source if not found[0] else rel.target
                raise self.error(f"relations[{k}]", "no such institution in the polity", missing)
            draft = P.add_relations(
                draft,
                rows[0],
                rows[1],
                rel.kind.value,
                seats=-1 if rel.seats is None else rel.seats,
                thresholds=np.nan if rel.threshold is None else rel.threshold,
                notes=rel.note,
            )
        return draft.build()

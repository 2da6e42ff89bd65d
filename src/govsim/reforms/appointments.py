"""Reforms of appointments: quotas of seats, consent to appointments, removal powers."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import (
    MAX_SEATS,
    Bool,
    Id,
    Int,
)
from govsim.reforms import primitives as P
from govsim.reforms._util import (
    IN_PLACE,
    missing_pairs,
    same_territory,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["AppointmentQuota", "ConsentRequirement", "RemovePower"]


@register
class AppointmentQuota(Reform):
    """Set how many of a body's seats one selector fills, optionally on another's proposal.

    Models two June 2022 changes (ref §2, §3, H; astanatimes ?p=64853): the
    President's Senate appointees fell from 15 to 10, 5 of them proposed by the
    Assembly of People of Kazakhstan (a ``nominates`` relation with ``seats=5``),
    and the Assembly's 9 Mazhilis seats were abolished (``seats=0``).

    Parameters
    ----------
    body : str
        The body whose seats are filled.
    appointer : str
        The selector whose channel (``elects`` or ``appoints``) changes.
    seats : int
        Seats the channel fills from now on (0 removes it).
    kind : "appoints" or "elects", optional
        Which channel, when the appointer has both or none (default ``appoints``
        for a new channel).
    nominated_by : str, optional
        Who proposes ``nominated_seats`` of these appointees.
    nominated_seats : int, optional
        Seats filled on ``nominated_by``'s proposal (default: all ``seats``).
    resize : bool
        The body grows or shrinks by the change (True), or keeps its size.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = AppointmentQuota(body="senate", appointer="president", seats=10,
    ...                      nominated_by="assembly_of_people", nominated_seats=5
    ...                      ).apply(kazakhstan_2019())
    >>> q.institution("senate").seats
    44
    """

    name = "appointment_quota"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    body: Id
    appointer: Id
    seats: Int = Field(ge=0, le=MAX_SEATS)
    kind: Literal["appoints", "elects"] | None = None
    nominated_by: Id | None = None
    nominated_seats: Int | None = Field(default=None, ge=1, le=MAX_SEATS)
    resize: Bool = True

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        one = pool.id()
        return st.builds(
            cls,
            body=one,
            appointer=one,
            seats=st.integers(0, 20),
            kind=pool.maybe(st.sampled_from(["appoints", "elects"])),
            nominated_by=pool.maybe(one),
            nominated_seats=pool.maybe(st.integers(1, 5)),
            resize=st.booleans(),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        chain = np.isin(v.rkind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
        n = max(v.n, 1)
        pair_key = v.src * n + v.tgt
        counts = Counter(pair_key[chain].tolist())
        # an existing channel that records its seats and is the only one of its pair, or a new pair
        single = [
            int(e) for e in np.flatnonzero(chain & (v.rseats > 0)) if counts[int(pair_key[e])] == 1
        ]
        reuse: bool = draw(st.booleans())
        if single and reuse:
            e = int(draw(st.sampled_from(single)))
            a, b, old = int(v.src[e]), int(v.tgt[e]), int(v.rseats[e])
            kind = draw(st.sampled_from([None, v.relation_kinds[int(v.rkind[e])]]))
        else:
            free = [
                (a, b) for a in range(v.n) for b in range(v.n) if a != b and not counts[a * n + b]
            ]
            a, b = draw(st.sampled_from(free)) if free else (0, 0)
            old = 0
            kind = draw(st.sampled_from([None, "appoints", "elects"]))
        resize = draw(st.booleans())
        if resize:
            low = max(0, int(v.system[b]) - int(v.seats[b]) + old, 1 - int(v.seats[b]) + old)
            seats = draw(st.integers(low, old + 20))
        else:
            seats = draw(st.integers(0, max(0, int(v.seats[b] - v.fill[b]) + old)))
        nominated = seats > 0 and a != b and draw(st.booleans())
        return cls(
            body=v.ids[b],
            appointer=v.ids[a],
            seats=seats,
            kind=kind,
            nominated_by=v.other(draw, b) if nominated else None,
            nominated_seats=draw(st.none() | st.integers(1, seats)) if nominated else None,
            resize=resize,
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """Ten upper-chamber (else lower-chamber) seats appointed by the head of state, five
        of them on the nomination of a national consultative body (when there is one)."""
        nominators = polity.select(kind="consultative", level="national")
        nominated = {"nominated_by": nominators[0].id, "nominated_seats": 5} if nominators else {}
        return cls(
            body=role_id(polity, "upper_chamber", "lower_chamber"),
            appointer=role_id(polity, "head_of_state"),
            seats=10,
            **nominated,
        )

    def _apply(self, polity: Polity) -> Polity:
        b = self.row(polity, "body", self.body)
        a = self.row(polity, "appointer", self.appointer)
        draft = P.Draft.of(polity)
        kinds = [self.kind] if self.kind else ["elects", "appoints"]
        chan = draft.relation_mask(kinds, np.array([a]), np.array([b]))
        rows = np.flatnonzero(chan)
        if rows.shape[0] > 1:
            raise self.error(
                "kind", "the appointer has several channels to the body; name one", self.appointer
            )
        if rows.shape[0] == 1:
            old = int(draft.relations.seats[rows[0]])
            if old < 0:
                raise self.error(
                    "appointer", "its channel records no seat count to change", self.appointer
                )
        else:
            old = 0
        if self.nominated_by is not None and self.seats == 0:
            raise self.error(
                "nominated_by", "there are no seats left to nominate to", self.nominated_by
            )
        if (self.nominated_seats or 0) > self.seats:
            raise self.error("nominated_seats", f"exceeds the channel's {self.seats} seats")
        delta = self.seats - old
        if rows.shape[0] == 1 and self.seats == 0:
            draft = P.remove_relations(draft, chan)
        elif rows.shape[0] == 1:
            draft = P.set_field(draft, "relation", rows, "seats", self.seats)
        elif self.seats > 0:
            draft = P.add_relations(
                draft, a, b, self.kind or "appoints", seats=self.seats, notes="appointment_quota"
            )
        if self.resize:
            size = int(draft.institutions.seats[b]) + delta
            if size < 1:
                raise self.error("seats", "the body would have no seats left", self.body)
            draft = P.set_field(draft, "institution", [b], "seats", size)
        if self.nominated_by is not None:
            n = self.row(polity, "nominated_by", self.nominated_by)
            draft = P.remove_relations(
                draft, draft.relation_mask(["nominates"], np.array([n]), np.array([b]))
            )
            draft = P.add_relations(
                draft,
                n,
                b,
                "nominates",
                seats=self.nominated_seats or self.seats,
                notes=f"Proposes {self.nominated_seats or self.seats} of the {self.appointer}'s appointees.",
            )
        return draft.build()


@register
class ConsentRequirement(Reform):
    """Make appointments to some offices need a body's consent (``consents`` relations).

    Models the June 2022 rule that the President appoints regional and
    republican-city akims with the consent of the region's or city's maslikhat,
    choosing from at least two candidates (decree of 8 Jun 2022; ref §2, H;
    inform.kz a3911918, a3942272).

    Parameters
    ----------
    offices : Selector
        The offices appointed with consent.
    consenting_body : str, optional
        One body that consents for all of them.
    consenting_kind : InstitutionKind
        Otherwise, for each office, the institution of this kind seated in the
        office's own territory (the lowest row if several).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ConsentRequirement(offices={"kind": "executive", "level": "regional"}
    ...                        ).apply(kazakhstan_2019())
    >>> [r.source for r in q.relations_of(target="akim.region.akmola", kind="consents")]
    ['maslikhat.region.akmola']
    """

    name = "consent_requirement"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    offices: Selector
    consenting_body: Id | None = None
    consenting_kind: InstitutionKind = InstitutionKind.COUNCIL

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            offices=pool.selector(),
            consenting_body=pool.maybe(pool.id()),
            consenting_kind=st.sampled_from(pool.kinds),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        if draw(st.integers(0, 3)) == 0:
            # the consenting body of each office is found by kind in its territory
            seated = [k for k in range(v.n) if v.terr[k] >= 0]
            pairs = [(k, j) for k in seated for j in seated if j != k and v.terr[j] == v.terr[k]]
            if pairs:
                k, j = draw(st.sampled_from(pairs))
                return cls(offices=Selector(ids=(v.ids[k],)), consenting_kind=v.kind_name(j))
        offices = v.selector(draw)
        rows = set(offices.rows(v.polity).tolist())
        if len(rows) == v.n > 1:  # leave someone to consent
            offices = Selector(ids=(v.ids[v.row(draw)],))
            rows = set(offices.rows(v.polity).tolist())
        return cls(offices=offices, consenting_body=v.other(draw, *rows))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """Regional executives appointed with the consent of their regional councils."""
        return cls(offices=Selector(kind=(InstitutionKind.EXECUTIVE,), level=(Level.REGIONAL,)))

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "offices", self.offices)
        t = polity.institution_table
        if self.consenting_body is not None:
            src = np.full(rows.shape[0], self.row(polity, "consenting_body", self.consenting_body))
        else:
            src = same_territory(polity, rows, self.consenting_kind)
            bad = src < 0
            if bad.any():
                raise self.error(
                    "consenting_kind",
                    f"no {self.consenting_kind.value} is seated in the office's territory",
                    str(t.id[rows[np.flatnonzero(bad)[0]]]),
                )
        loops = src == rows
        if loops.any():
            raise self.error(
                "consenting_body", "an office cannot consent to itself", str(t.id[rows[loops][0]])
            )
        draft = P.Draft.of(polity)
        new = missing_pairs(draft, src, rows, "consents")
        draft = P.add_relations(
            draft, src[new], rows[new], "consents", notes="Appointment needs this body's consent."
        )
        return draft.build()


@register
class RemovePower(Reform):
    """Remove the relations of one kind from some institutions to others.

    The generic removal of a power. In the Kazakhstan timeline it models the
    seed's claim that the President lost the power to cancel or suspend akims'
    acts, which the reference marks **UNCONFIRMED** (ref §2); that step is
    labelled so and can be left out.

    Parameters
    ----------
    source : Selector
        Who loses the power.
    kind : RelationKind
        Which power.
    targets : Selector, optional
        Over whom (default: everyone).
    strict : bool
        Raise if no such relation exists (True), or do nothing.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> q = RemovePower(source="president", kind="dismisses").apply(synthetic(1_000))
    >>> q.relations_of(source="president", kind="dismisses")
    ()
    """

    name = "remove_power"
    traits = IN_PLACE
    lacks = frozenset({"idempotent", "keeps_relations", "rules_only"})

    source: Selector
    kind: RelationKind
    targets: Selector | None = None
    strict: Bool = True

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        sel = pool.selector()
        return st.builds(
            cls,
            source=sel,
            kind=st.sampled_from(pool.relation_kinds),
            targets=pool.maybe(sel),
            strict=st.booleans(),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        if v.src.shape[0] == 0:
            return cls(
                source=v.selector(draw), kind=draw(st.sampled_from(v.relation_kinds)), strict=False
            )
        edges = np.flatnonzero(~v.feeds_system())
        e = int(draw(st.sampled_from(edges.tolist()))) if edges.shape[0] else 0
        s, t = int(v.src[e]), int(v.tgt[e])
        targets = draw(st.sampled_from([None, Selector(ids=(v.ids[t],))]))
        return cls(
            source=v.selector(draw, [s]),
            kind=v.relation_kinds[int(v.rkind[e])],
            targets=targets,
            strict=draw(st.booleans()),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The head of state loses a power it holds (``reviews``, if it holds that one)."""
        head = role_id(polity, "head_of_state")
        held = [r.kind for r in polity.relations_of(source=head)]
        kind = RelationKind.REVIEWS if RelationKind.REVIEWS in held or not held else held[0]
        return cls(source=Selector(ids=(head,)), kind=kind)

    def _apply(self, polity: Polity) -> Polity:
        src = self.select(polity, "source", self.source)
        tgt = None if self.targets is None else self.select(polity, "targets", self.targets)
        draft = P.Draft.of(polity)
        mask = draft.relation_mask([self.kind.value], src, tgt)
        if self.strict and not mask.any():
            raise self.error("kind", f"no {self.kind.value} relation from {self.source.describe()}")
        return P.remove_relations(draft, mask).build()

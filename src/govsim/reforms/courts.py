"""Reforms of the courts and the ombudsman: a constitutional court, a constitutional ombudsman."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.roles import office
from govsim.model.rows import (
    MAX_SEATS,
    MAX_TERM_YEARS,
    Bool,
    Id,
    Int,
    Relation,
    Rule,
    TermRule,
)
from govsim.reforms import primitives as P
from govsim.reforms._util import (
    IN_PLACE,
    by_role,
    has_relation,
    with_rule,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.offices import EstablishInstitution
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["ConstitutionalCourt", "ConstitutionalOmbudsman"]


@register
class ConstitutionalCourt(Reform):
    """Create a constitutional court, replacing the polity's old one (Kazakhstan, 2023).

    Models the June 2022 amendments (arts. 71-74 as amended) and Constitutional Law
    No. 153-VII of 5 Nov 2022; the Court has sat since 1 Jan 2023 (ref §6, H;
    cis-legislation.com rgn=144987). 11 judges: the chair (appointed by the
    President with the Senate's consent) and 4 judges appointed by the President,
    3 by the Senate, 3 by the Mazhilis; 6-year terms. Who may apply: the President,
    the chairs of the chambers, >= 1/5 of MPs, the Prime Minister, the courts and,
    new, the Prosecutor General, the Commissioner for Human Rights and citizens
    (on laws that directly affect their rights) (ref §6, H; jjtv.kz 27676, tkl.kz).
    The Council it replaces had 7 members and no citizen access.

    Parameters
    ----------
    id, court_name : str
        The court's id and name.
    replaces : str or None
        The body it replaces (its review powers pass to the court unless
        ``reviews`` is given; its other relations end). ``None``: the institution
        with role ``constitutional_court``, if the polity has one (Kazakhstan's
        Constitutional Council). The new court takes the ``constitutional_court`` role.
    head_of_state, upper_chamber, lower_chamber : str or None
        Ids of the appointers; ``None`` finds each by its role (the lower chamber
        of a unicameral polity is its sole chamber). The upper chamber is needed
        only if it appoints judges or consents to the chair.
    head_of_state_seats, upper_seats, lower_seats : int
        Judges each appoints (the head of state's include the chair).
    chair_consent : bool
        The upper chamber consents to the chair's appointment.
    petitioners : tuple of str or None
        Institutions that may apply to the court (``petitions`` relations).
        ``None``: the holders of the roles head of state, upper chamber, lower (or
        sole) chamber, head of government, supreme court and ombudsman that the
        polity has, in that order.
    citizens : str or None
        The electorate whose members may apply (``None`` for no citizen access).
    reviews : tuple of str or None
        Institutions whose acts the court reviews; ``None`` takes over those of the
        replaced body.
    term_years : int
        Judges' term.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ConstitutionalCourt().apply(kazakhstan_2019())
    >>> q.institution("constitutional_court").seats, q.has_institution("constitutional_council")
    (11, False)
    """

    name = "constitutional_court"
    traits = frozenset({"keeps_territories", "no_new_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_institutions", "keeps_relations", "no_new_institutions", "rules_only"}
    )

    id: Id = "constitutional_court"
    court_name: str = Field(default="Constitutional Court", min_length=1)
    replaces: Id | None = None
    head_of_state: Id | None = None
    upper_chamber: Id | None = None
    lower_chamber: Id | None = None
    head_of_state_seats: Int = Field(default=5, ge=1, le=MAX_SEATS)
    upper_seats: Int = Field(default=3, ge=0, le=MAX_SEATS)
    lower_seats: Int = Field(default=3, ge=0, le=MAX_SEATS)
    chair_consent: Bool = True
    petitioners: tuple[Id, ...] | None = None
    citizens: Id | None = None
    reviews: tuple[Id, ...] | None = None
    term_years: Int = Field(default=6, ge=1, le=MAX_TERM_YEARS)

    def _petitioners(self, polity: Polity) -> tuple[str, ...]:
        if self.petitioners is not None:
            return self.petitioners
        roles = (
            Role.HEAD_OF_STATE,
            Role.UPPER_CHAMBER,
            Role.LOWER_CHAMBER,
            Role.HEAD_OF_GOVERNMENT,
            Role.SUPREME_COURT,
            Role.OMBUDSMAN,
        )
        found = (office(polity, r) for r in roles)
        return tuple(dict.fromkeys(i.id for i in found if i is not None))

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        one = pool.id()
        return st.builds(
            cls,
            replaces=pool.maybe(one),
            head_of_state=one,
            upper_chamber=one,
            lower_chamber=one,
            head_of_state_seats=st.integers(1, 6),
            upper_seats=st.integers(0, 3),
            lower_seats=st.integers(0, 3),
            chair_consent=st.booleans(),
            petitioners=pool.id_subset(),
            citizens=pool.maybe(one),
            reviews=pool.maybe(pool.id_subset()),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        replaces = draw(st.none() | st.integers(0, v.n - 1))
        keep = [k for k in range(v.n) if k != replaces] or [0]

        def one() -> str:
            return v.ids[v.row(draw, keep)]

        gone = () if replaces is None else (replaces,)
        return cls(
            replaces=None if replaces is None else v.ids[replaces],
            head_of_state=one(),
            upper_chamber=one(),
            lower_chamber=one(),
            head_of_state_seats=draw(st.integers(1, 6)),
            upper_seats=draw(st.integers(0, 3)),
            lower_seats=draw(st.integers(0, 3)),
            chair_consent=draw(st.booleans()),
            petitioners=v.some_ids(draw, 3, gone),
            citizens=v.maybe(draw, one()),
            reviews=v.maybe(draw, v.some_ids(draw, 2, gone)),
            term_years=draw(st.integers(1, 12)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """A court replacing the one that holds the role; the offices by role petition it,
        and the voters who elect the head of state."""
        head = role_id(polity, "head_of_state")
        roles = ("head_of_state", "upper_chamber", "lower_chamber", "head_of_government",
                 "supreme_court", "ombudsman")  # fmt: skip
        petitioners = tuple(o.id for o in (office(polity, r) for r in roles) if o is not None)
        voters = [
            r.source
            for r in polity.relations_of(target=head, kind="elects")
            if polity.institution(r.source).kind is InstitutionKind.ELECTORATE
        ]
        return cls(
            replaces=role_id(polity, "constitutional_court"),
            head_of_state=head,
            upper_chamber=role_id(polity, "upper_chamber"),
            lower_chamber=role_id(polity, "lower_chamber"),
            petitioners=petitioners,
            citizens=voters[0] if voters else None,
        )

    def _apply(self, polity: Polity) -> Polity:
        note = "Constitutional Law No. 153-VII of 5 Nov 2022 (ref §6, H)."
        head = by_role(self, polity, "head_of_state", self.head_of_state, Role.HEAD_OF_STATE)
        lower = by_role(self, polity, "lower_chamber", self.lower_chamber, Role.LOWER_CHAMBER)
        needs_upper = self.upper_seats > 0 or self.chair_consent
        upper = (
            by_role(self, polity, "upper_chamber", self.upper_chamber, Role.UPPER_CHAMBER)
            if needs_upper or self.upper_chamber is not None
            else None
        )
        replaces = self.replaces
        if replaces is None:
            old = office(polity, Role.CONSTITUTIONAL_COURT)
            replaces = None if old is None else old.id
        rels = [
            Relation(
                source=head,
                target=self.id,
                kind="appoints",
                seats=self.head_of_state_seats,
                note="The chair and 4 judges appointed by the President. " + note,
            )
        ]
        for source, seats in ((upper, self.upper_seats), (lower, self.lower_seats)):
            if seats and source is not None:
                rels.append(
                    Relation(
                        source=source,
                        target=self.id,
                        kind="appoints",
                        seats=seats,
                        note="Judges appointed by the chamber on its chair's proposal. " + note,
                    )
                )
        if self.chair_consent and upper is not None:
            rels.append(
                Relation(
                    source=upper,
                    target=self.id,
                    kind="consents",
                    seats=1,
                    note="The chair is appointed with the Senate's consent. " + note,
                )
            )
        petitioners = self._petitioners(polity)
        access = [*petitioners, *([self.citizens] if self.citizens else [])]
        for k, p in enumerate(access):
            param = "citizens" if k == len(petitioners) else f"petitioners[{k}]"
            self.row(polity, param, p)
            rels.append(
                Relation(source=p, target=self.id, kind="petitions", note="May apply. " + note)
            )
        inherit: tuple[RelationKind, ...] = ()
        if self.reviews is None:
            inherit = (RelationKind.REVIEWS,)
        else:
            for k, t in enumerate(self.reviews):
                self.row(polity, f"reviews[{k}]", t)
                rels.append(Relation(source=self.id, target=t, kind="reviews", note=note))
        terr = polity.institution(head).territory
        seats = self.head_of_state_seats + self.upper_seats + self.lower_seats
        return self.delegate(
            EstablishInstitution(
                id=self.id,
                institution_name=self.court_name,
                kind=InstitutionKind.COURT,
                level=Level.NATIONAL,
                territory=terr,
                seats=seats,
                term=TermRule(years=self.term_years),
                relations=tuple(rels),
                replaces=replaces,
                inherit=inherit,
                role=Role.CONSTITUTIONAL_COURT,
            ),
            polity,
        )


@register
class ConstitutionalOmbudsman(Reform):
    """Give the human-rights ombudsman constitutional status (Kazakhstan, art. 83-1 from 2022).

    Models the June 2022 amendment that wrote the Commissioner for Human Rights
    into the Constitution (art. 83-1): independent, not prosecutable without the
    Senate's consent, governed by Constitutional Law No. 154-VII of 5 Nov 2022
    (ref §6, H). Recorded as rules ``constitutional_status`` and
    ``prosecution_consent`` (value: the consenting chamber). The Commissioner may
    apply to the constitutional court (``court``).

    The post-2022 appointment procedure is **UNCONFIRMED** in the reference
    ("probably elected or approved by the Senate on the President's nomination");
    ``senate_elects=True`` models that (the head of state's ``appoints`` becomes
    ``nominates``, and the upper chamber ``elects``); set it to False to keep the
    appointment as it was.

    Parameters
    ----------
    office : str or None
        The ombudsman's id (``None``: the institution with role ``ombudsman``).
    head_of_state, upper_chamber : str or None
        Ids of the nominator and of the chamber whose consent/election is needed
        (``None``: found by role).
    senate_elects : bool
        Model the UNCONFIRMED Senate election on the President's nomination.
    immunity : bool
        Record that prosecution needs the upper chamber's consent.
    court : str, optional
        A court the ombudsman may apply to (a ``petitions`` relation).
    term_years : int or None
        Term of office (5 years before 2022, M; after 2022 UNCONFIRMED); ``None`` keeps it.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ConstitutionalOmbudsman().apply(kazakhstan_2019())
    >>> [r.kind.value for r in q.relations_of(target="ombudsman")]
    ['dismisses', 'nominates', 'elects']
    """

    name = "constitutional_ombudsman"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    office: Id | None = None
    head_of_state: Id | None = None
    upper_chamber: Id | None = None
    senate_elects: Bool = True
    immunity: Bool = True
    court: Id | None = None
    term_years: Int | None = Field(default=5, ge=1, le=MAX_TERM_YEARS)

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        one = pool.id()
        return st.builds(
            cls,
            office=one,
            head_of_state=one,
            upper_chamber=one,
            senate_elects=st.booleans(),
            immunity=st.booleans(),
            court=pool.maybe(one),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        o = view.row(draw)
        return cls(
            office=view.ids[o],
            head_of_state=view.other(draw, o),
            upper_chamber=view.other(draw, o),
            senate_elects=draw(st.booleans()),
            immunity=draw(st.booleans()),
            court=view.maybe(draw, view.other(draw, o)),
            term_years=draw(st.none() | st.integers(1, 10)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The ombudsman by role, elected by the upper chamber."""
        return cls(
            office=role_id(polity, "ombudsman"),
            head_of_state=role_id(polity, "head_of_state"),
            upper_chamber=role_id(polity, "upper_chamber"),
            senate_elects=True,
        )

    def _apply(self, polity: Polity) -> Polity:
        ombudsman = by_role(self, polity, "office", self.office, Role.OMBUDSMAN)
        head = by_role(self, polity, "head_of_state", self.head_of_state, Role.HEAD_OF_STATE)
        upper = by_role(self, polity, "upper_chamber", self.upper_chamber, Role.UPPER_CHAMBER)
        o = self.row(polity, "office", ombudsman)
        h = self.row(polity, "head_of_state", head)
        u = self.row(polity, "upper_chamber", upper)
        draft = P.Draft.of(polity)
        note = "Constitution art. 83-1 (2022) and Constitutional Law No. 154-VII (ref §6)."
        if self.senate_elects:
            unconfirmed = " Senate election on the President's nomination: UNCONFIRMED (ref §6)."
            draft = P.remove_relations(
                draft, draft.relation_mask(["appoints"], np.array([h]), np.array([o]))
            )
            if not has_relation(draft, h, o, "nominates"):
                draft = P.add_relations(draft, h, o, "nominates", notes=note + unconfirmed)
            if not has_relation(draft, u, o, "elects"):
                draft = P.add_relations(draft, u, o, "elects", notes=note + unconfirmed)
        if self.court is not None:
            c = self.row(polity, "court", self.court)
            if not has_relation(draft, o, c, "petitions"):
                draft = P.add_relations(draft, o, c, "petitions", notes=note)
        if self.term_years is not None:
            draft = P.set_field(draft, "institution", [o], "term", TermRule(years=self.term_years))
        rules = with_rule(
            draft.rules, Rule(kind="constitutional_status", subject=ombudsman, note=note)
        )
        if self.immunity:
            rules = with_rule(
                rules,
                Rule(
                    kind="prosecution_consent",
                    subject=ombudsman,
                    value=upper,
                    note="Cannot be prosecuted without the Senate's consent. " + note,
                ),
            )
        return draft.replace(rules=rules).build()

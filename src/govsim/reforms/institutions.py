"""Reforms of national institutions: terms, sizes, quotas, consent, powers, new bodies."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.roles import office
from govsim.model.rows import (
    MAX_SEATS,
    MAX_TERM_YEARS,
    MAX_TERMS,
    Bool,
    Float,
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
    chain_fill,
    first_by_key,
    has_relation,
    missing_pairs,
    with_rule,
)
from govsim.reforms.base import Reform
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

__all__ = [
    "AppointmentQuota",
    "ChamberApproval",
    "ConsentRequirement",
    "ConstitutionalCourt",
    "ConstitutionalOmbudsman",
    "EstablishConsultativeBody",
    "EstablishInstitution",
    "RemovePower",
    "ResizeBody",
    "TermLimit",
]

_TWO_THIRDS = 2 / 3


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
class ResizeBody(Reform):
    """Change the number of seats of a body.

    Parameters
    ----------
    body : Selector
        The bodies to resize (a bare id selects one).
    seats : int
        The new number of seats of each.

    Raises
    ------
    govsim.ReformError
        If the body's ``elects``/``appoints`` channels or electoral system fill more
        seats than ``seats``.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> ResizeBody(body="lower_chamber", seats=120).apply(synthetic(1_000)).institution(
    ...     "lower_chamber").seats
    120
    """

    name = "resize_body"
    traits = IN_PLACE | {"keeps_relations", "idempotent"}
    lacks = frozenset({"rules_only"})

    body: Selector
    seats: Int = Field(ge=1, le=MAX_SEATS)

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "body", self.body)
        draft = P.Draft.of(polity)
        fill = chain_fill(draft)[rows]
        systems = {s.body: s.seats for s in polity.electoral_systems}
        ids = polity.institution_table.id[rows]
        popular = np.array([systems.get(str(i), 0) for i in ids], dtype=np.int64)
        over = np.maximum(fill, popular) > self.seats
        if over.any():
            k = int(np.flatnonzero(over)[0])
            raise self.error(
                "seats",
                f"the body's channels or electoral system fill {int(max(fill[k], popular[k]))} "
                f"seats, more than {self.seats}",
                str(ids[k]),
            )
        return P.set_field(draft, "institution", rows, "seats", self.seats).build()


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


@register
class EstablishConsultativeBody(Reform):
    """Create a consultative body appointed by an office and advising some others.

    Models the National Kurultai (Ulttyq Kuryltai), created by presidential decree in
    June 2022 after the 16 Mar 2022 address and chaired by the President (not in the
    project reference beyond its IV session of Mar 2024: decree date UNCONFIRMED
    here). Advice is a ``petitions`` relation (the body may put proposals to the
    advised office); membership is appointed by ``appointer``.

    Parameters
    ----------
    id, body_name : str
        The body's id and name.
    appointer : str or None
        Who forms it (``None``: the head of state, found by role).
    advises : tuple of str or None
        Offices it makes proposals to (``None``: the appointer).
    seats : int
        Members (1 stands for the body when its size is not modelled).
    level : Level
        Its level; its territory is the appointer's.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> q = EstablishConsultativeBody().apply(synthetic(1_000))
    >>> q.institution("consultative_body").kind.value
    'consultative'
    """

    name = "establish_consultative_body"
    traits = frozenset(
        {"keeps_institutions", "keeps_territories", "no_new_territories", "conserves_population"}
    )
    lacks = frozenset({"idempotent", "keeps_relations", "no_new_institutions", "rules_only"})

    id: Id = "consultative_body"
    body_name: str = Field(default="Consultative body", min_length=1)
    appointer: Id | None = None
    advises: tuple[Id, ...] | None = None
    seats: Int = Field(default=1, ge=1, le=MAX_SEATS)
    level: Level = Level.NATIONAL

    def _apply(self, polity: Polity) -> Polity:
        appointer = by_role(self, polity, "appointer", self.appointer, Role.HEAD_OF_STATE)
        advises = (appointer,) if self.advises is None else self.advises
        for k, a in enumerate(advises):
            self.row(polity, f"advises[{k}]", a)
        note = "National Kurultai, presidential decree of June 2022 (UNCONFIRMED date)."
        rels = [Relation(source=appointer, target=self.id, kind="appoints", note=note)]
        rels += [
            Relation(source=self.id, target=a, kind="petitions", note="Advises. " + note)
            for a in advises
        ]
        return self.delegate(
            EstablishInstitution(
                id=self.id,
                institution_name=self.body_name,
                kind=InstitutionKind.CONSULTATIVE,
                level=self.level,
                territory=polity.institution(appointer).territory,
                seats=self.seats,
                relations=tuple(rels),
            ),
            polity,
        )


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


def same_territory(polity: Polity, rows: np.ndarray, kind: InstitutionKind) -> np.ndarray:
    """For each office row, the lowest-row institution of ``kind`` in its territory (-1 if none)."""
    t = polity.institution_table
    cand = np.flatnonzero((t.kind == kind.code) & (t.territory >= 0))
    return first_by_key(
        t.territory[cand].astype(np.int64), cand, t.territory[rows], len(polity.territory_table)
    )


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

    def _apply(self, polity: Polity) -> Polity:
        src = self.select(polity, "source", self.source)
        tgt = None if self.targets is None else self.select(polity, "targets", self.targets)
        draft = P.Draft.of(polity)
        mask = draft.relation_mask([self.kind.value], src, tgt)
        if self.strict and not mask.any():
            raise self.error("kind", f"no {self.kind.value} relation from {self.source.describe()}")
        return P.remove_relations(draft, mask).build()


@register
class ChamberApproval(Reform):
    """The lower chamber adopts laws; the upper chamber approves or refuses them.

    Models the June 2022 amendments (ref §3, H; loc.gov global legal monitor
    2022-07-20): before, a law needed the adoption of both chambers; after, the
    Mazhilis adopts laws and the Senate approves them. Encoded for the lawmaking
    game: ``Rule(kind="adopts_laws")`` only on the lower chamber (if
    ``drop_upper_adoption``), a ``vetoes`` relation upper -> lower (refusal), and an
    ``overrides`` relation lower -> upper with ``override_threshold``. The 2/3
    Mazhilis override after 2022 is **UNCONFIRMED** (ref §3); ``override_threshold=None``
    removes the override instead. ``lower_chamber`` and ``upper_chamber`` default
    to the holders of those roles.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ChamberApproval().apply(kazakhstan_2019())
    >>> [r.subject for r in q.rules_of("adopts_laws")]
    ['mazhilis']
    """

    name = "chamber_approval"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    lower_chamber: Id | None = None
    upper_chamber: Id | None = None
    drop_upper_adoption: Bool = True
    override_threshold: Float | None = Field(default=_TWO_THIRDS, gt=0.0, le=1.0)

    def _apply(self, polity: Polity) -> Polity:
        lower = by_role(self, polity, "lower_chamber", self.lower_chamber, Role.LOWER_CHAMBER)
        upper = by_role(self, polity, "upper_chamber", self.upper_chamber, Role.UPPER_CHAMBER)
        lo = self.row(polity, "lower_chamber", lower)
        up = self.row(polity, "upper_chamber", upper)
        if lo == up:
            raise self.error("upper_chamber", "must differ from the lower chamber", upper)
        note = "Mazhilis adopts, Senate approves (2022 amendments; ref §3, H)."
        draft = P.Draft.of(polity)
        if not has_relation(draft, up, lo, "vetoes"):
            draft = P.add_relations(draft, up, lo, "vetoes", notes="Senate refusal. " + note)
        over = draft.relation_mask(["overrides"], np.array([lo]), np.array([up]))
        if self.override_threshold is None:
            draft = P.remove_relations(draft, over)
        elif over.any():
            draft = P.set_field(draft, "relation", over, "threshold", self.override_threshold)
        else:
            draft = P.add_relations(
                draft,
                lo,
                up,
                "overrides",
                thresholds=self.override_threshold,
                notes="Mazhilis override of a Senate refusal: UNCONFIRMED after 2022 (ref §3).",
            )
        rules = tuple(
            r
            for r in draft.rules
            if not (self.drop_upper_adoption and r.kind == "adopts_laws" and r.subject == upper)
        )
        if not any(r.kind == "adopts_laws" and r.subject == lower for r in rules):
            rules = (*rules, Rule(kind="adopts_laws", subject=lower, note=note))
        return draft.replace(rules=rules).build()

"""Reforms of parties and informal ties: membership and nepotism bans, registration rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind, RelationKind, Role
from govsim.model.polity import Polity
from govsim.model.rows import MAX_POPULATION, Id, Int, Rule
from govsim.reforms import primitives as P
from govsim.reforms._util import IN_PLACE, by_role, with_rule
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["NepotismBan", "PartyMembershipBan", "PartyRegistrationThreshold"]


def _ban(draft: P.Draft, ties: np.ndarray, rule: Rule) -> Polity:
    """A ban: the ``patronage`` ties it forbids end and the rule is recorded (replacing its like)."""
    draft = P.remove_relations(draft, ties)
    return draft.replace(rules=with_rule(draft.rules, rule)).build()


@register
class NepotismBan(Reform):
    """Bar the office-holder's relatives from posts: its ``patronage`` ties end, a rule is recorded.

    Models the 2022 ban on the President's spouse and close relatives holding
    political civil-service posts or heading quasi-public entities, written into the
    Constitutional Law "On the President" in Nov 2022 (ref §2: H for the ban, M for
    the list of relatives; kt.kz 1377932344, zanmedia.kz 91364). ``patronage``
    relations from ``office`` (to ``targets``, default any) are removed, and
    ``Rule(kind="nepotism_ban", subject=office)`` records the ban for metrics.
    ``office`` defaults to the head of state (found by role).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> q = NepotismBan(office="president").apply(synthetic(1_000))
    >>> [r.kind.value for r in q.rules_of("nepotism_ban")]
    ['nepotism_ban']
    """

    name = "nepotism_ban"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    office: Id | None = None
    targets: Selector | None = None

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, office=pool.id(), targets=pool.maybe(pool.selector()))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        o = view.row(draw, _patrons(view))
        return cls(office=view.ids[o], targets=view.maybe(draw, view.selector(draw)))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The head of state's relatives barred from office."""
        return cls(office=role_id(polity, "head_of_state"))

    def _apply(self, polity: Polity) -> Polity:
        office = by_role(self, polity, "office", self.office, Role.HEAD_OF_STATE)
        o = self.row(polity, "office", office)
        tgt = None if self.targets is None else self.select(polity, "targets", self.targets)
        draft = P.Draft.of(polity)
        ties = draft.relation_mask(["patronage"], np.array([o]), tgt)
        rule = Rule(
            kind="nepotism_ban",
            subject=office,
            note="Relatives may not hold political posts or head quasi-public entities (2022; ref §2).",
        )
        return _ban(draft, ties, rule)


@register
class PartyMembershipBan(Reform):
    """Bar an office-holder from party membership: ties to parties end, a rule is recorded.

    Models the June 2022 amendment (art. 43) that bars the President from party
    membership for the whole term (ref §2, H; qazweek.kz 2022-05-31). ``patronage``
    relations between ``office`` and any ``party`` node (either way) are removed and
    ``Rule(kind="party_membership_ban", subject=office)`` is recorded. ``office``
    defaults to the head of state (found by role).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = PartyMembershipBan().apply(kazakhstan_2019())
    >>> q.rules_of("party_membership_ban")[0].subject
    'president'
    """

    name = "party_membership_ban"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    office: Id | None = None

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, office=pool.id())

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        return cls(office=view.ids[view.row(draw, _patrons(view, parties=True))])

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The head of state may not hold party office."""
        return cls(office=role_id(polity, "head_of_state"))

    def _apply(self, polity: Polity) -> Polity:
        office = by_role(self, polity, "office", self.office, Role.HEAD_OF_STATE)
        o = np.array([self.row(polity, "office", office)])
        parties = np.flatnonzero(polity.mask(kind="party"))
        draft = P.Draft.of(polity)
        ties = draft.relation_mask(["patronage"], o, parties) | draft.relation_mask(
            ["patronage"], parties, o
        )
        rule = Rule(
            kind="party_membership_ban",
            subject=office,
            note="No party membership during the term (2022 amendments, art. 43; ref §2, H).",
        )
        return _ban(draft, ties, rule)


@register
class PartyRegistrationThreshold(Reform):
    """Set the number of members a party needs to register (and per regional branch).

    Models the 2022 cut from 20,000 to 5,000 members, and from 600 to 200 per
    regional branch (ref §7, H; astanatimes 2022/03, baytaq.kz). Recorded as
    ``Rule(kind="party_registration_threshold", value=members)`` and
    ``Rule(kind="party_branch_minimum", value=regional_branch)``.

    The electoral metrics read the first rule through the party entry model
    (:func:`govsim.electoral.entry.entrants`): when the vote model gives each list's
    ``registered_members``, a list whose party has fewer than ``members`` cannot run,
    and its votes go as the model's ``unregistered_votes`` says (by default to the
    registered parties, in proportion to their shares). A vote model without member
    counts is not affected. The regional-branch minimum is recorded only: no metric
    reads it.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = PartyRegistrationThreshold(members=5000).apply(kazakhstan_2019())
    >>> q.rules_of("party_registration_threshold")[0].value
    5000
    """

    name = "party_registration_threshold"
    traits = IN_PLACE | {"keeps_relations", "rules_only", "idempotent"}
    lacks = frozenset()

    members: Int = Field(ge=1, le=MAX_POPULATION)
    regional_branch: Int | None = Field(default=None, ge=1, le=MAX_POPULATION)

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            members=st.integers(1, 50_000),
            regional_branch=pool.maybe(st.integers(1, 600)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """5,000 members and 200 per regional branch: Kazakhstan's 2022 figures, cited
        above (astanatimes.com 2022/03, H); the rule applies to any polity."""
        return cls(members=5000, regional_branch=200)

    def _apply(self, polity: Polity) -> Polity:
        note = "Members needed to register a party (ref §7)."
        rules = with_rule(
            polity.rules, Rule(kind="party_registration_threshold", value=self.members, note=note)
        )
        if self.regional_branch is not None:
            rules = with_rule(
                rules,
                Rule(
                    kind="party_branch_minimum",
                    value=self.regional_branch,
                    note="Members needed per regional branch (ref §7).",
                ),
            )
        return P.Draft.of(polity).replace(rules=rules).build()


def _patrons(view: View, parties: bool = False) -> list[int]:
    """Rows that hold a ``patronage`` tie (with a party, if ``parties``), else every row."""
    v = view
    tie = v.rkind == RelationKind.PATRONAGE.code
    if parties:
        party = InstitutionKind.PARTY.code
        a, b = v.src[tie & (v.kind[v.tgt] == party)], v.tgt[tie & (v.kind[v.src] == party)]
    else:
        a, b = v.src[tie], v.tgt[tie]
    rows = sorted({int(x) for x in np.concatenate([a, b])})
    return rows or list(range(v.n))

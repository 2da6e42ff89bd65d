"""A transitional rule on a term limit: the holder's term count reset, or set.

The reference case is Russia's 2020 amendment: art. 81(3) now allows "no more than two
terms" (no longer two *consecutive* ones), and art. 81(3.1) says the limit applies to
the person who held or holds the office when the amendment took effect "without taking
into account the number of terms" held or being held then (Constitution of the Russian
Federation as amended on 1 July 2020, official English text:
http://www.constitution.ru/en/10003000-05.htm and constitution.garant.ru/english; H).
Uzbekistan's 2023 Constitution carries the same clause for the holders of every office
whose term or election it changed (final provisions; interfax.com 2023-03-15; H).

The count is polity data, read by the tenure metrics (``counted`` of
:func:`govsim.tenure.simulate`): a ``term_count_reset`` rule (0 counted: the running
term is not counted either) or an ``incumbent_terms`` rule (``k`` counted, the running
term included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from govsim.model.kinds import Role, RuleKind
from govsim.model.polity import Polity
from govsim.model.rows import MAX_TERMS, Id, Int, Rule
from govsim.reforms import primitives as P
from govsim.reforms._util import IN_PLACE, by_role
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["TermCountReset"]

_COUNT_KINDS = (RuleKind.TERM_COUNT_RESET, RuleKind.INCUMBENT_TERMS)


@register
class TermCountReset(Reform):
    """Reset (or set) the count of terms the limit counts for an office's current holder.

    With ``counted=0`` (the default) the holder's earlier terms and the running one
    are not counted against the limit: ``Rule(kind="term_count_reset", subject=office)``
    is recorded, as Russia's 2020 amendment (art. 81(3.1)) and Uzbekistan's 2023
    Constitution did. With ``counted=k >= 1`` the holder has ``k`` counted terms, the
    running one included: ``Rule(kind="incumbent_terms", subject=office, value=k)``
    (an early election that starts a first counted term: ``counted=1``). Any earlier
    rule of either kind for the office is replaced. The term rule itself is left
    alone: change it with :class:`~govsim.reforms.TermLimit`. ``office`` defaults to
    the head of state (found by role).

    Parameters
    ----------
    office : str, optional
        The office whose holder's count is set; default the head of state.
    counted : int, default 0
        Terms counted when the running term ends, ``0 <= counted <= MAX_TERMS``.
    note : str, optional
        The rule's note (its source); a generic one by default.

    Examples
    --------
    Two six-year terms, the incumbent's count reset: the running term and two more.

    >>> from govsim.metrics.tenure import incumbent_count
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = TermCountReset().apply(kazakhstan_2019())
    >>> q.rules_of("term_count_reset")[0].subject, incumbent_count(q)
    ('president', 0)
    >>> incumbent_count(TermCountReset(counted=2).apply(q))
    2
    """

    name = "term_count_reset"
    traits = IN_PLACE | {"keeps_relations", "rules_only", "idempotent"}
    lacks = frozenset()

    office: Id | None = None
    counted: Int = Field(default=0, ge=0, le=MAX_TERMS)
    note: str | None = Field(default=None, max_length=2000)

    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, office=pool.maybe(pool.id()), counted=st.integers(0, 4))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        return cls(office=view.ids[view.row(draw)], counted=draw(st.integers(0, 4)))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The head of state's count reset."""
        return cls(office=role_id(polity, "head_of_state"))

    def _apply(self, polity: Polity) -> Polity:
        office = by_role(self, polity, "office", self.office, Role.HEAD_OF_STATE)
        if self.counted == 0:
            rule = Rule(
                kind="term_count_reset",
                subject=office,
                note=self.note
                or "Transitional rule: the holder's earlier terms and the running one are "
                "not counted against the limit.",
            )
        else:
            rule = Rule(
                kind="incumbent_terms",
                subject=office,
                value=self.counted,
                note=self.note
                or f"The holder has {self.counted} counted term(s), the running one included.",
            )
        draft = P.Draft.of(polity)
        kept = tuple(r for r in draft.rules if not (r.kind in _COUNT_KINDS and r.subject == office))
        return draft.replace(rules=(*kept, rule)).build()

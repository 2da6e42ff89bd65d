"""Give some institutions a power over others: :class:`GrantPower`, the counterpart of
:class:`~govsim.reforms.RemovePower`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from govsim.model.kinds import RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import Float
from govsim.reforms import primitives as P
from govsim.reforms._util import IN_PLACE
from govsim.reforms.base import Reform
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["MAX_GRANTS", "GrantPower"]

#: Most relations one grant may add (sources x targets): a national electorate over every
#: office of a large polity stays far below it; past it the reform refuses.
MAX_GRANTS = 10**6

#: Relation kinds that carry seats or feed electoral systems: a grant would fill seats, so
#: they are left to the reforms that manage seats (AppointmentQuota, DirectElection, ...).
_SEAT_KINDS = frozenset({"elects", "appoints", "holds_seats"})


@register
class GrantPower(Reform):
    """Add a relation of one kind from every selected source to every selected target.

    A relation that already exists (same source, target and kind) is not added twice,
    so the reform is idempotent; an institution is never given a power over itself.
    In the Kazakhstan timeline it models the recall of Mazhilis deputies elected in
    single-member districts (Constitutional Law on Elections as amended in November
    2022, first applied to the Mazhilis elected on 19 Mar 2023): each district's
    electorate ``dismisses`` into the Mazhilis.

    Parameters
    ----------
    source : Selector
        Who gains the power.
    kind : RelationKind
        Which power; not a seat-filling kind (``elects``, ``appoints``, ``holds_seats``).
    targets : Selector
        Over whom.
    threshold : float, optional
        The relation's threshold (a share of the source's votes), when the kind uses one.
    note : str, optional
        The relations' note (their source).

    Raises
    ------
    govsim.ReformError
        If a selector matches nothing, ``kind`` fills seats, or the grant would add more
        than :data:`MAX_GRANTS` relations.

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> q = GrantPower(source="lower_chamber", kind="dismisses", targets="government").apply(
    ...     synthetic(1_000))
    >>> len(q.relations_of(source="lower_chamber", target="government", kind="dismisses"))
    1
    """

    name = "grant_power"
    traits = IN_PLACE | {"idempotent"}
    lacks = frozenset({"keeps_relations", "rules_only"})

    source: Selector
    kind: RelationKind
    targets: Selector
    threshold: Float | None = Field(default=None, ge=0.0, le=1.0)
    note: str | None = Field(default=None, max_length=2000)

    # -- contract hooks (govsim.reforms.contract) -------------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        kinds = [k for k in pool.relation_kinds if k not in _SEAT_KINDS]
        return st.builds(
            cls,
            source=pool.selector(),
            kind=st.sampled_from(kinds),
            targets=pool.selector(),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """A non-seat power from one institution to another (distinct when there are two)."""
        from hypothesis import strategies as st

        kinds = [k for k in view.relation_kinds if k not in _SEAT_KINDS]
        s = view.row(draw)
        return cls(
            source=Selector(ids=(view.ids[s],)),
            kind=draw(st.sampled_from(kinds)),
            targets=Selector(ids=(view.other(draw, s),)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The first institution reviews the last one."""
        ids = polity.institution_table.id
        return cls(
            source=Selector(ids=(str(ids[0]),)),
            kind=RelationKind.REVIEWS,
            targets=Selector(ids=(str(ids[-1]),)),
        )

    def _apply(self, polity: Polity) -> Polity:
        kind = RelationKind(self.kind)
        if kind.value in _SEAT_KINDS:
            raise self.error(
                "kind", "fills seats: use the reform that manages the body's seats", kind.value
            )
        src = self.select(polity, "source", self.source)
        tgt = self.select(polity, "targets", self.targets)
        if src.shape[0] * tgt.shape[0] > MAX_GRANTS:
            raise self.error(
                "targets",
                f"the grant would add {src.shape[0] * tgt.shape[0]} relations, more than "
                f"MAX_GRANTS = {MAX_GRANTS}",
            )
        s = np.repeat(src, tgt.shape[0])
        t = np.tile(tgt, src.shape[0])
        r = polity.relation_table
        n = polity.institution_table.id.shape[0]
        have = r.source[r.kind == kind.code] * n + r.target[r.kind == kind.code]
        new = (s != t) & ~np.isin(s * n + t, have)
        draft = P.Draft.of(polity)
        if not new.any():
            return draft.build()
        return P.add_relations(
            draft,
            s[new],
            t[new],
            kind.value,
            thresholds=np.nan if self.threshold is None else self.threshold,
            notes=self.note or f"{kind.value} (grant_power)",
        ).build()

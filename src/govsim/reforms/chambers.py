"""Reforms of the chambers: their sizes and the lawmaking procedure between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from govsim.model.kinds import Role
from govsim.model.polity import Polity
from govsim.model.rows import (
    MAX_SEATS,
    Bool,
    Float,
    Id,
    Int,
    Rule,
)
from govsim.model.validate import channel_fill
from govsim.reforms import primitives as P
from govsim.reforms._util import (
    IN_PLACE,
    by_role,
    has_relation,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["ChamberApproval", "ResizeBody"]

_TWO_THIRDS = 2 / 3


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

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, body=pool.selector(), seats=st.integers(1, 120))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        body = view.selector(draw)
        rows = body.rows(view.polity)
        need = max(1, int(view.fill[rows].max()), int(view.system[rows].max()))
        return cls(body=body, seats=draw(st.integers(need, need + 60)))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The upper (else the lower) chamber enlarged by a fifth (rounded up)."""
        upper = role_id(polity, "upper_chamber", "lower_chamber")
        seats = -(-polity.institution(upper).seats * 6 // 5)
        return cls(body=Selector(ids=(upper,)), seats=seats)

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "body", self.body)  # ascending
        _, channel = channel_fill(polity.relation_table)
        tiers = np.array([s.seats for s in polity.electoral_systems], dtype=np.int64)
        if (channel > self.seats).any() or (tiers > self.seats).any():  # else none is over
            bodies, need = seats_needed(polity)
            over = need > self.seats
            # where each overfilled body is among the rows (-1: not resized): O(b log k)
            at = P.sparse_take(rows, np.arange(rows.shape[0]), bodies[over], default=-1)
            if (at >= 0).any():
                j = int(np.flatnonzero(at >= 0)[0])  # bodies ascending: the first row
                raise self.error(
                    "seats",
                    f"the body's channels or electoral system fill {int(need[over][j])} "
                    f"seats, more than {self.seats}",
                    str(polity.institution_table.id[rows[at[j]]]),
                )
        return P.set_field(P.Draft.of(polity), "institution", rows, "seats", self.seats).build()


def seats_needed(polity: Polity) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``(bodies, seats)``: the bodies that something fills seats of, ascending rows, and
    the least number of seats each can have.

    ``seats_b = max(c_b, e_b)`` where ``c_b`` is the sum of the explicit seats of the
    ``elects``/``appoints`` channels into ``b`` (the fill that validation keeps,
    :func:`govsim.model.validate.channel_fill`) and ``e_b`` the seats of ``b``'s
    electoral system (one a body, as validation checks); every other institution
    needs none. Sparse: O(m + e log e) for m filled bodies and e systems, with no pass
    over the institutions, so that resizing many bodies costs no more than the rows
    it sets.
    """
    filled, channel = channel_fill(polity.relation_table)
    systems = polity.electoral_systems
    if not systems:
        return filled.astype(np.int64), channel.astype(np.int64)  # copies: the fill is kept
    with_system = polity.index_of(np.array([s.body for s in systems], dtype=np.str_))
    bodies, which = np.unique(np.concatenate([filled, with_system]), return_inverse=True)
    seats = np.zeros(bodies.shape[0], dtype=np.int64)
    np.maximum.at(
        seats,
        which,
        np.concatenate([channel.astype(np.int64), [s.seats for s in systems]]),
    )
    return bodies, seats


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

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        one = pool.id()
        return st.builds(
            cls,
            lower_chamber=one,
            upper_chamber=one,
            drop_upper_adoption=st.booleans(),
            override_threshold=pool.maybe(st.sampled_from([0.5, 2 / 3])),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        lo = view.row(draw)
        return cls(
            lower_chamber=view.ids[lo],
            upper_chamber=view.other(draw, lo),
            drop_upper_adoption=draw(st.booleans()),
            override_threshold=draw(st.sampled_from([None, 0.5, 2 / 3, 1.0])),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The two chambers by role; the lower overrides the upper by two thirds."""
        return cls(
            lower_chamber=role_id(polity, "lower_chamber"),
            upper_chamber=role_id(polity, "upper_chamber"),
            override_threshold=2 / 3,
        )

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

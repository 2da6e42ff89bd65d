"""An election result as the seats each party holds in a body: :class:`PartySeats`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import numpy as np
from pydantic import Field, model_validator

from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import MAX_SEATS, Id, Int
from govsim.reforms import primitives as P
from govsim.reforms.base import Reform
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["MAX_PARTIES", "PartySeats"]

#: Most parties one result may list (the longest national ballots hold a few dozen).
MAX_PARTIES = 1000


@register
class PartySeats(Reform):
    """Set the seats each party holds in an elected body (an election result).

    The body's ``holds_seats`` relations are replaced by one per listed party with
    its seats (a party with 0 seats holds none); a party that is not yet in the
    polity is added (kind ``party``, national, seated where the body is, named
    ``names[k]``). The seats no listed party holds are independents or vacant
    (:func:`govsim.model.parties.seat_table`). Models the Mazhilis results of the
    Central Election Commission in the Kazakhstan timeline: 10 Jan 2021 (Nur Otan 76,
    Ak Zhol 12, People's Party 10 of the 98 elected seats; caravan.kz 706317,
    astanatimes.com 2021/01; H) and 19 Mar 2023 (Amanat 62 = 40 list + 22 districts,
    Auyl 8, Respublica 6, Ak Zhol 6, People's Party 5, Social Democrats 4, and 7
    self-nominated district winners; astanatimes.com 2023/03, news.az; H).

    Parameters
    ----------
    body : str
        The elected body (a chamber or council that something ``elects``).
    parties : tuple of str
        Party ids (``party.<name>`` by convention), distinct.
    seats : tuple of int
        The seats of each party, in the same order; they add up to at most the
        body's seats.
    names : tuple of str, optional
        Names of the parties, for those the reform adds (default: their ids).

    Raises
    ------
    govsim.ReformError
        If the body is not in the polity, a listed id is an institution that is not
        a party, or the seats exceed the body's.

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan_2019
    >>> from govsim.model.parties import seat_table
    >>> q = PartySeats(body="mazhilis", parties=("party.nur_otan", "party.ak_zhol", "party.qhp"),
    ...                seats=(76, 12, 10)).apply(kazakhstan_2019())
    >>> t = seat_table(q, "mazhilis")
    >>> t.seats.tolist(), t.independents
    ([76, 12, 10], 9)
    """

    name = "party_seats"
    traits = frozenset(
        {
            "keeps_institutions",
            "keeps_territories",
            "no_new_territories",
            "conserves_population",
            "idempotent",
        }
    )
    lacks = frozenset({"no_new_institutions", "keeps_relations", "rules_only"})

    body: Id
    parties: tuple[Id, ...] = Field(min_length=1, max_length=MAX_PARTIES)
    seats: tuple[Annotated[Int, Field(ge=0, le=MAX_SEATS)], ...] = Field(
        min_length=1, max_length=MAX_PARTIES
    )
    names: tuple[str, ...] | None = Field(default=None, max_length=MAX_PARTIES)

    @model_validator(mode="after")
    def _same_lengths(self) -> PartySeats:
        if len(set(self.parties)) != len(self.parties):
            raise ValueError("field 'parties': the party ids must be distinct")
        if len(self.seats) != len(self.parties):
            raise ValueError("field 'seats': one count per party in 'parties'")
        if self.names is not None and len(self.names) != len(self.parties):
            raise ValueError("field 'names': one name per party in 'parties'")
        return self

    # -- contract hooks (govsim.reforms.contract) -------------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        """A result for a pool id, with one or two parties."""
        from hypothesis import strategies as st

        return st.integers(1, 2).flatmap(
            lambda k: st.builds(
                cls,
                body=pool.id(),
                parties=st.just(tuple(f"party.p{j}" for j in range(k))),
                seats=st.tuples(*[st.integers(0, 20)] * k),
            )
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """A result for one of its elected bodies, within its seats (with none, a
        result of no seats for any body: the parties stood and won nothing)."""
        from hypothesis import strategies as st

        bodies = cls._bodies(view)
        taken = set(view.ids)
        new = [f"party.new{k}" for k in range(view.n + 2) if f"party.new{k}" not in taken][:2]
        if not bodies:
            return cls(body=view.ids[view.row(draw)], parties=tuple(new), seats=(0, 0))
        b = view.row(draw, bodies)
        cap = int(view.seats[b])
        first = draw(st.integers(0, cap))
        second = draw(st.integers(0, cap - first))
        return cls(body=view.ids[b], parties=tuple(new), seats=(first, second))

    @staticmethod
    def _bodies(view: View) -> list[int]:
        elected = np.zeros(view.n, dtype=bool)
        elected[view.tgt[view.rkind == RelationKind.ELECTS.code]] = True
        body = np.isin(view.kind, [InstitutionKind.CHAMBER.code, InstitutionKind.COUNCIL.code])
        return [int(k) for k in np.flatnonzero(elected & body)]

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """Two parties holding the lower chamber's seats (found by role)."""
        from govsim.model.roles import lower_chamber

        chamber = lower_chamber(polity)
        body = polity.institutions[0].id if chamber is None else chamber.id
        return cls(body=body, parties=("party.a", "party.b"), seats=(1, 1))

    def _apply(self, polity: Polity) -> Polity:
        b = self.row(polity, "body", self.body)
        t = polity.institution_table
        if int(sum(self.seats)) > int(t.seats[b]):
            raise self.error(
                "seats",
                f"the parties hold {sum(self.seats)} seats, more than the body's {int(t.seats[b])}",
                self.body,
            )
        draft = P.Draft.of(polity)
        rows, found = draft.lookup(list(self.parties))
        bad = found & (t.kind[np.where(found, rows, 0)] != InstitutionKind.PARTY.code)
        if bad.any():
            raise self.error("parties", "is not a party", self.parties[int(np.flatnonzero(bad)[0])])
        missing = np.flatnonzero(~found)
        if missing.size:
            names = self.names or self.parties
            draft = P.add_institutions(
                draft,
                [self.parties[k] for k in missing],
                names=[names[k] for k in missing],
                kinds=InstitutionKind.PARTY.value,
                levels=Level.NATIONAL.value,
                territories=int(t.territory[b]),
            )
            rows, _ = draft.lookup(list(self.parties))
        draft = P.remove_relations(
            draft, draft.relation_mask(["holds_seats"], targets=np.array([b]))
        )
        held = np.array(self.seats, dtype=np.int64) > 0
        return P.add_relations(
            draft,
            rows[held],
            b,
            "holds_seats",
            seats=np.array(self.seats, dtype=np.int64)[held],
            notes="party_seats",
        ).build()

"""Reforms that create consultative bodies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from govsim.model.kinds import InstitutionKind, Level, Role
from govsim.model.polity import Polity
from govsim.model.rows import (
    MAX_SEATS,
    Id,
    Int,
    Relation,
)
from govsim.reforms._util import (
    by_role,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.offices import EstablishInstitution
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["EstablishConsultativeBody"]


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

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, appointer=pool.id(), advises=pool.id_subset(2))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        return cls(
            appointer=view.ids[view.row(draw)],
            advises=view.some_ids(draw, 2),
            seats=draw(st.integers(1, 20)),
            level=draw(st.sampled_from(view.levels)),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """A national council the head of state appoints and consults."""
        head = role_id(polity, "head_of_state")
        return cls(
            id="national_council", body_name="National council", appointer=head, advises=(head,)
        )

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

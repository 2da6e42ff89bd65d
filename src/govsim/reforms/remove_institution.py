"""Remove (abolish) institutions: :class:`RemoveInstitution`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import Field

from govsim.model.kinds import InstitutionKind
from govsim.model.polity import Polity
from govsim.model.rows import Id
from govsim.reforms import primitives as P
from govsim.reforms.base import Reform
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["RemoveInstitution"]


@register
class RemoveInstitution(Reform):
    """Abolish institutions: they go with their relations, rules and electoral systems.

    Models, in Kazakhstan's Constitution of 2026, the end of the National Kurultai
    (Ulttyq Kuryltai, a consultative body created by decree in 2022), whose functions
    pass to the People's Council (Halyk Kenesi) with those of the Assembly of People
    (Tokayev at the V National Kurultai, 20 Jan 2026: "the historical missions of the
    Assembly of People and the National Kurultai are complete", inform.kz e385d6;
    kazpravda.kz 2026-02-04; M). A body that a successor replaces is better modelled
    by :class:`~govsim.reforms.EstablishInstitution` with ``replaces`` and ``inherit``.

    Parameters
    ----------
    institutions : tuple of str
        The ids of the institutions that cease to exist.

    Raises
    ------
    govsim.ReformError
        If an id is not in the polity, or a rule of another institution names one
        of them as its value (``prosecution_consent``): say first who takes over.

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan_2019
    >>> q = RemoveInstitution(institutions=("assembly_of_people",)).apply(kazakhstan_2019())
    >>> q.has_institution("assembly_of_people"), q.institution("mazhilis").seats
    (False, 107)
    """

    name = "remove_institution"
    traits = frozenset(
        {"keeps_territories", "no_new_territories", "no_new_institutions", "conserves_population"}
    )
    lacks = frozenset({"idempotent", "keeps_institutions", "keeps_relations", "rules_only"})

    institutions: tuple[Id, ...] = Field(min_length=1)

    # -- contract hooks (govsim.reforms.contract) -------------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        """Instances abolishing one to three ids of the pool."""
        from hypothesis import strategies as st

        return st.builds(cls, institutions=pool.id_subset(3, 1))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """One or two institutions of the polity, consultative bodies and agencies first."""
        from hypothesis import strategies as st

        soft = [
            int(k)
            for k in np.flatnonzero(
                np.isin(
                    view.kind,
                    [InstitutionKind.CONSULTATIVE.code, InstitutionKind.AGENCY.code],
                )
            )
        ]
        prefer_soft: bool = draw(st.booleans())
        rows = soft if soft and prefer_soft else list(range(view.n))
        first = view.row(draw, rows)
        more = view.some_ids(draw, 1, exclude=[first])
        return cls(institutions=(view.ids[first], *more))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The polity's first consultative body (else its first agency)."""
        t = polity.institution_table
        for kind in (InstitutionKind.CONSULTATIVE, InstitutionKind.AGENCY):
            rows = np.flatnonzero(t.kind == kind.code)
            if rows.size:
                return cls(institutions=(str(t.id[rows[0]]),))
        return cls(institutions=(str(t.id[0]),))

    def _apply(self, polity: Polity) -> Polity:
        ids = list(dict.fromkeys(self.institutions))
        rows = np.array(
            [self.row(polity, f"institutions[{k}]", i) for k, i in enumerate(ids)], dtype=np.int64
        )
        gone = set(ids)
        for rule in polity.rules:
            if isinstance(rule.value, str) and rule.value in gone and rule.subject not in gone:
                raise self.error(
                    "institutions",
                    f"rule {rule.kind.value}({rule.subject}) names it as its value",
                    rule.value,
                )
        return P.remove_institutions(P.Draft.of(polity), rows).build()

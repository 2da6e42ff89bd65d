"""A new territorial unit carved out of an existing one, with its own offices: :class:`SplitUnit`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from govsim.model.polity import Polity
from govsim.model.rows import MAX_POPULATION, Bool, ElectoralSystem, Id, Int
from govsim.reforms import primitives as P
from govsim.reforms._util import chain_fill, clone_ids
from govsim.reforms.base import Reform
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["SplitUnit"]


@register
class SplitUnit(Reform):
    """Carve a new unit out of an existing one and give it a copy of its offices.

    The new territory ``new_unit`` sits beside ``unit`` (same level and parent).
    Every institution seated in ``unit`` (in Kazakhstan a district's or city's akim,
    maslikhat and electorate) is cloned into it, with the id ``institution_ids``
    gives (else the old id with its last component replaced by ``new_unit``'s),
    the same kind, level, seats, term and electoral system; the old unit's name in
    its name becomes ``unit_name``. Relations among the cloned offices are copied
    among the clones, and relations between a cloned office and an institution
    seated outside ``unit`` are copied too (the regional akim appoints the new
    akim, the new akim appoints the grouped rural akims). The child territories of
    ``unit`` stay where they are. Models the decrees that formed new districts and
    cities of regional significance in Kazakhstan: Sauran district out of the city
    of Kentau (17 Mar 2021, kt.kz 1377913031), the city of Kosshy out of
    Tselinograd district (26 Jul 2021, aqparat.info 2021/07/27), Samar district out
    of Kokpekty district (in force 7 Jun 2022, inform.kz a3929640).

    Population is conserved: the new unit's ``population`` is taken from the old
    unit's; when the old unit's figure is known, ``population`` is required.

    Parameters
    ----------
    unit, new_unit : str
        The territory split, and the id of the new one.
    unit_name : str
        The new territory's name.
    population : int, optional
        The new unit's population, taken from the old unit's.
    institution_ids : dict, optional
        Old id -> new id for the cloned institutions.
    grow_bodies : bool
        Let a body that the cloned channels overfill grow (True) or raise.

    Raises
    ------
    govsim.ReformError
        If ``unit`` is unknown, ``new_unit`` or a derived institution id exists,
        ``population`` is missing or exceeds the old unit's, or (without
        ``grow_bodies``) a body would be overfilled.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = SplitUnit(unit="kz.turkistan.city.kentau", new_unit="kz.turkistan.district.sauran",
    ...     unit_name="Sauran district, Turkistan Region").apply(kazakhstan_2019())
    >>> q.institution("maslikhat.city.turkistan.sauran").seats
    18
    """

    name = "split_unit"
    traits = frozenset({"keeps_institutions", "keeps_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_relations", "no_new_institutions", "no_new_territories", "rules_only"}
    )

    unit: Id
    new_unit: Id
    unit_name: str = Field(min_length=1)
    population: Int | None = Field(default=None, ge=0, le=MAX_POPULATION)
    institution_ids: dict[Id, Id] | None = None
    grow_bodies: Bool = True

    # -- contract hooks (govsim.reforms.contract) -------------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            unit=pool.territory(),
            new_unit=st.just("t_new"),
            unit_name=st.just("New unit"),
            population=pool.maybe(st.integers(0, 10**5)),
            grow_bodies=st.booleans(),
        )

    @classmethod
    def contract_fits(cls, view: View) -> bool:
        return bool(view.t_ids)

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """A unit, preferably one with offices seated in it, and a share of its population."""
        from hypothesis import strategies as st

        v = view
        seating = sorted({int(t) for t in v.terr[v.terr >= 0]})
        prefer: bool = draw(st.booleans())
        units = seating if seating and prefer else list(range(len(v.t_ids)))
        u = int(draw(st.sampled_from(units)))
        pop_old = int(v.t_pop[u])
        return cls(
            unit=v.t_ids[u],
            new_unit="t_new",
            unit_name="New unit",
            population=draw(st.integers(0, pop_old)) if pop_old >= 0 else None,
            grow_bodies=draw(st.integers(0, 3)) > 0,
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The first territory that seats an institution (else the first) splits, the new
        unit taking half its population (when known)."""
        table = polity.territory_table
        seated = polity.institution_table.territory
        seated = seated[seated >= 0]
        u = int(seated[0]) if seated.shape[0] else 0
        known = int(table.population[u])
        return cls(
            unit=str(table.id[u]),
            new_unit=f"{table.id[u]}.new",
            unit_name="New unit",
            population=known // 2 if known >= 0 else None,
        )

    def _apply(self, polity: Polity) -> Polity:
        u = self.territory_row(polity, "unit", self.unit)
        draft = P.Draft.of(polity)
        if draft.territory_lookup(self.new_unit)[1][0]:
            raise self.error("new_unit", "a territory with this id already exists", self.new_unit)
        terr = draft.territories
        pop_old = int(terr.population[u])
        if self.population is None and pop_old >= 0:
            raise self.error(
                "population", "is needed: the old unit's population is known", self.unit
            )
        pops = terr.population.copy()
        if self.population is not None and pop_old >= 0:
            if self.population > pop_old:
                raise self.error("population", f"exceeds the old unit's {pop_old}", self.unit)
            pops[u] = pop_old - self.population
        t_new = len(terr)
        draft = draft.replace(territories=terr.replace(population=pops))
        draft = P.add_territories(
            draft,
            [self.new_unit],
            names=self.unit_name,
            levels=terr.level[u],
            parents=terr.parent[u],
            populations=-1 if self.population is None else self.population,
        )

        inst = polity.institution_table
        offices = np.flatnonzero(inst.territory == u)
        new_ids = self._new_ids(polity, inst.id[offices].tolist())
        names = inst.name[offices]
        if names.shape[0]:  # np.strings.replace fails on empty arrays (numpy 2.4)
            names = np.strings.replace(names, terr.name[u], self.unit_name)
        base = len(inst)
        draft = P.add_institutions(
            draft,
            new_ids,
            names=names,
            kinds=inst.kind[offices],
            levels=inst.level[offices],
            territories=t_new,
            seats=inst.seats[offices],
            terms=inst.term[offices],
        )
        clone = np.full(base, -1, dtype=np.int64)
        clone[offices] = base + np.arange(offices.shape[0])
        draft = self._copy_relations(draft, polity, clone, u)
        draft = self._grow(draft)
        systems = list(draft.electoral_systems)
        by_body = {s.body: s for s in polity.electoral_systems}
        for old, new in zip(inst.id[offices].tolist(), new_ids, strict=True):
            if old in by_body:
                systems.append(ElectoralSystem(body=new, tiers=by_body[old].tiers))
        return draft.replace(electoral_systems=tuple(systems)).build()

    def _new_ids(self, polity: Polity, old: list[str]) -> list[str]:
        last_old, last_new = self.unit.rsplit(".", 1)[-1], self.new_unit.rsplit(".", 1)[-1]
        derived = [
            f"{i.rsplit('.', 1)[0]}.{last_new}"
            if i.rsplit(".", 1)[-1] == last_old
            else f"{i}.{last_new}"
            for i in old
        ]
        return clone_ids(self, polity, old, derived, self.institution_ids, "unit")

    @staticmethod
    def _copy_relations(
        draft: P.Draft, polity: Polity, clone: NDArray[np.int64], u: int
    ) -> P.Draft:
        terr = polity.institution_table.territory
        in_unit_t = P.Draft.of(polity).territory_descendants(np.array([u]))
        in_unit = (terr >= 0) & in_unit_t[np.maximum(terr, 0)]
        r = polity.relation_table
        cloned = clone >= 0
        touch = np.flatnonzero(cloned[r.source] | cloned[r.target])
        s, t = r.source[touch], r.target[touch]
        cs, ct = clone[s], clone[t]
        s_o, t_o = cs >= 0, ct >= 0
        copy = (s_o & t_o) | (s_o & ~in_unit[t]) | (t_o & ~in_unit[s])
        k = touch[copy]
        return P.add_relations(
            draft,
            np.where(s_o[copy], cs[copy], s[copy]),
            np.where(t_o[copy], ct[copy], t[copy]),
            r.kind[k],
            seats=r.seats[k],
            thresholds=r.threshold[k],
            notes=r.note[k],
        )

    def _grow(self, draft: P.Draft) -> P.Draft:
        fill = chain_fill(draft)
        seats = draft.institutions.seats
        over = np.flatnonzero(fill > seats)
        if over.shape[0] == 0:
            return draft
        if not self.grow_bodies:
            raise self.error(
                "grow_bodies",
                f"the new unit's channels would fill {int(fill[over[0]])} seats of "
                f"{int(seats[over[0]])}",
                str(draft.institutions.id[over[0]]),
            )
        return P.set_field(draft, "institution", over, "seats", fill[over])

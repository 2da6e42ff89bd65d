"""Territorial reforms: split a region in two, merge regions into one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from govsim.errors import ValidationError
from govsim.model.kinds import InstitutionKind
from govsim.model.polity import Polity
from govsim.model.rows import MAX_POPULATION, Bool, ElectoralSystem, Id, Int, Rule
from govsim.reforms import primitives as P
from govsim.reforms._util import CHAIN_CODES, chain_fill, clone_ids, first_by_key
from govsim.reforms.base import Reform
from govsim.reforms.registry import register

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["MergeRegions", "SplitRegion"]


def _slug(territory_id: str) -> str:
    return territory_id.rsplit(".", 1)[-1]


def _rename(ids: list[str], old: str, new: str) -> list[str]:
    """Replace the id component equal to ``old`` by ``new`` (or append ``.new``)."""
    out = []
    for i in ids:
        parts = i.split(".")
        swapped = [new if p == old else p for p in parts]
        out.append(".".join(swapped) if swapped != parts else f"{i}.{new}")
    return out


@register
class SplitRegion(Reform):
    """Carve a new region out of an existing one, with its own offices.

    Models the decree of 3-4 May 2022 (in force 8 Jun 2022) that created Abai
    (from East Kazakhstan), Zhetysu (from Almaty Region) and Ulytau (from
    Karaganda), each with the districts and cities listed in ref §1.1 (H;
    inform.kz a3929668).

    What it does:

    * adds the territory ``new_region`` beside ``region`` (same level and parent)
      and moves the named ``districts`` (children of ``region``) under it, with
      everything seated in them;
    * clones every institution seated in ``region`` itself at the region's level,
      and every electorate seated there (in Kazakhstan its akim, maslikhat and
      electorates) into the new region. Ids
      are derived by replacing the id component equal to the old region's last id
      component by the new one's (``akim.region.east_kazakhstan`` ->
      ``akim.region.abai``), unless ``institution_ids`` maps them;
    * splits grouped institutions seated in ``region`` at a lower level (the
      grouped rural akims) in proportion to the districts moved;
    * rewires relations: relations among the cloned offices are copied among the
      clones; relations between a cloned office and the moved districts pass to
      the clone; relations with institutions outside the region are copied (so
      the President appoints the new akim and the new maslikhat elects its 2
      senators). A body whose ``elects``/``appoints`` channels then overfill it
      (the Senate) grows by the excess when ``grow_bodies``, else the reform
      raises.

    Offices and population are conserved: no institution is removed, grouped seats
    are split, and the new region's population (``population``, or the sum over
    the moved districts when all are known) is taken from the old region's. When
    the old region's figure is known, the new one's must be known too (else the
    reform raises, asking for ``population``).

    Parameters
    ----------
    region, new_region : str
        The territory split, and the id of the new one.
    region_name : str
        The new territory's name.
    capital : str, optional
        Its administrative centre, recorded as ``Rule(kind="administrative_centre")``
        on the new region's executive.
    districts : tuple of str
        Child territories of ``region`` that move to the new one.
    population : int, optional
        The new region's population.
    institution_ids : dict, optional
        Old id -> new id for the cloned institutions.
    grow_bodies : bool
        Let overfilled bodies grow (True) or raise.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> p = kazakhstan_2019()
    >>> q = SplitRegion(region="kz.karaganda", new_region="kz.ulytau", region_name="Ulytau Region",
    ...     capital="Zhezkazgan", districts=["kz.karaganda.district.ulytau",
    ...     "kz.karaganda.district.zhanaarka", "kz.karaganda.city.zhezkazgan",
    ...     "kz.karaganda.city.karazhal", "kz.karaganda.city.satbayev"],
    ...     population=221_000).apply(p)
    >>> q.institution("senate").seats, q.territory("kz.karaganda.city.satbayev").parent
    (51, 'kz.ulytau')
    """

    name = "split_region"
    traits = frozenset({"keeps_institutions", "keeps_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_relations", "no_new_institutions", "no_new_territories", "rules_only"}
    )

    region: Id
    new_region: Id
    region_name: str = Field(min_length=1)
    capital: str | None = None
    districts: tuple[Id, ...] = Field(min_length=1)
    population: Int | None = Field(default=None, ge=0, le=MAX_POPULATION)
    institution_ids: dict[Id, Id] | None = None
    grow_bodies: Bool = True

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            region=pool.territory(),
            new_region=st.just("t_new"),
            region_name=st.just("New region"),
            capital=pool.maybe(st.just("Centre")),
            districts=pool.territory_subset(3, 1),
            population=pool.maybe(st.integers(0, 10**5)),
            grow_bodies=st.booleans(),
        )

    @classmethod
    def contract_fits(cls, view: View) -> bool:
        return bool(view.t_ids)

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        regions = v.parents_with_children(2) or list(range(len(v.t_ids)))
        # prefer regions that seat offices at their own level, or electorates (they are cloned)
        voters = v.kind == InstitutionKind.ELECTORATE.code
        seating = [
            t for t in regions if ((v.terr == t) & ((v.level == v.t_level[t]) | voters)).any()
        ]
        prefer: bool = draw(st.booleans())
        reg = int(draw(st.sampled_from(seating if seating and prefer else regions)))
        children = [k for k in range(len(v.t_ids)) if v.t_parent[k] == reg]
        moved = draw(
            st.lists(
                st.sampled_from(children or [reg]),
                min_size=1,
                max_size=max(1, len(children) - 1),
                unique=True,
            )
        )
        pop_old = int(v.t_pop[reg])
        population = draw(st.integers(0, pop_old)) if pop_old >= 0 else None
        return cls(
            region=v.t_ids[reg],
            new_region="t_new",
            region_name="New region",
            capital=draw(st.none() | st.just("Centre")),
            districts=tuple(v.t_ids[k] for k in moved),
            population=population,
            grow_bodies=draw(st.integers(0, 3)) > 0,
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The region with the most districts (the root if no other has two) loses the
        first half of them to a new region with half its population (when known)."""
        table = polity.territory_table
        parents = table.parent[table.parent >= 0]
        counts = np.bincount(parents, minlength=len(table))
        inner = np.where(table.parent >= 0, counts, 0)  # regions before the root
        region = int(np.argmax(inner if inner.max(initial=0) >= 2 else counts))
        children = np.flatnonzero(table.parent == region)
        moved = children[: max(1, children.shape[0] // 2)]
        known = int(table.population[region])
        return cls(
            region=str(table.id[region]),
            new_region=f"{table.id[region]}.new",
            region_name="New region",
            capital="Centre",
            districts=tuple(str(i) for i in table.id[moved]),
            population=known // 2 if known >= 0 else None,
        )

    def _apply(self, polity: Polity) -> Polity:
        reg = self.territory_row(polity, "region", self.region)
        draft = P.Draft.of(polity)
        if draft.territory_lookup(self.new_region)[1][0]:
            raise self.error(
                "new_region", "a territory with this id already exists", self.new_region
            )
        terr = draft.territories
        moved = np.array([self.territory_row(polity, "districts", d) for d in self.districts])
        wrong = terr.parent[moved] != reg
        if wrong.any():
            bad = self.districts[int(np.flatnonzero(wrong)[0])]
            raise self.error("districts", f"is not a child territory of {self.region!r}", bad)
        moved = np.unique(moved)
        n_children = int((terr.parent == reg).sum())
        if moved.shape[0] >= n_children:
            raise self.error("districts", "must leave at least one district in the region")

        # population: taken from the old region
        pop_old = int(terr.population[reg])
        known = terr.population[moved] >= 0
        new_pop = self.population
        if new_pop is None and known.all():
            new_pop = int(terr.population[moved].sum())
        if new_pop is None and pop_old >= 0:
            raise self.error(
                "population",
                "is needed: the old region's population is known, the moved districts' are not all known",
                self.region,
            )
        pops = terr.population.copy()
        if new_pop is not None and pop_old >= 0:
            if new_pop > pop_old:
                raise self.error("population", f"exceeds the old region's {pop_old}", self.region)
            pops[reg] = pop_old - new_pop
        t_new = len(terr)
        draft = draft.replace(territories=terr.replace(population=pops))
        draft = P.add_territories(
            draft,
            [self.new_region],
            names=self.region_name,
            levels=terr.level[reg],
            parents=terr.parent[reg],
            populations=-1 if new_pop is None else new_pop,
        )
        draft = P.set_field(draft, "territory", moved, "parent", t_new)

        inst = polity.institution_table
        seated = inst.territory == reg
        level = terr.level[reg]
        voters = inst.kind == InstitutionKind.ELECTORATE.code
        # electorates are cloned whole (the new region has its own voters); grouped offices split
        offices = np.flatnonzero(seated & ((inst.level == level) | voters))
        grouped = np.flatnonzero(seated & (inst.level > level) & ~voters)
        share = moved.shape[0] / n_children
        g_seats = np.minimum(np.floor(inst.seats[grouped] * share + 0.5), inst.seats[grouped] - 1)
        g_keep = g_seats >= 1
        grouped, g_seats = grouped[g_keep], g_seats[g_keep].astype(np.int64)
        originals = np.concatenate([offices, grouped])
        new_ids = self._new_ids(polity, inst.id[originals].tolist())
        seats = np.concatenate([inst.seats[offices], g_seats])
        base = len(inst)
        draft = P.set_field(draft, "institution", grouped, "seats", inst.seats[grouped] - g_seats)
        names = inst.name[originals]
        if names.shape[0]:  # np.strings.replace fails on empty arrays (numpy 2.4)
            names = np.strings.replace(names, terr.name[reg], self.region_name)
        draft = P.add_institutions(
            draft,
            new_ids,
            names=names,
            kinds=inst.kind[originals],
            levels=inst.level[originals],
            territories=t_new,
            seats=seats,
            terms=inst.term[originals],
        )
        clone = np.full(base, -1, dtype=np.int64)
        clone[originals] = base + np.arange(originals.shape[0])
        draft = self._rewire(draft, polity, clone, reg, moved)
        draft = self._grow(draft, polity, clone)
        # electoral systems and the capital
        systems = list(draft.electoral_systems)
        by_body = {s.body: s for s in polity.electoral_systems}
        for old, new in zip(inst.id[offices].tolist(), new_ids, strict=False):
            if old in by_body:
                systems.append(ElectoralSystem(body=new, tiers=by_body[old].tiers))
        rules = draft.rules
        if self.capital is not None:
            execs = [
                n
                for o, n in zip(offices, new_ids, strict=False)
                if inst.kind[o] == InstitutionKind.EXECUTIVE.code
            ]
            rules = (
                *rules,
                Rule(
                    kind="administrative_centre",
                    subject=execs[0] if execs else None,
                    value=self.capital,
                    note=f"Administrative centre of {self.region_name} ({self.new_region}).",
                ),
            )
        return draft.replace(electoral_systems=tuple(systems), rules=rules).build()

    def _new_ids(self, polity: Polity, old: list[str]) -> list[str]:
        derived = _rename(old, _slug(self.region), _slug(self.new_region))
        return clone_ids(self, polity, old, derived, self.institution_ids, "region")

    def _rewire(
        self,
        draft: P.Draft,
        polity: Polity,
        clone: NDArray[np.int64],
        reg: int,
        moved: NDArray[np.int64],
    ) -> P.Draft:
        inst = polity.institution_table
        terr = inst.territory
        in_region_t = P.Draft.of(polity).territory_descendants(np.array([reg]))
        in_moved_t = P.Draft.of(polity).territory_descendants(moved)
        has_t = terr >= 0
        in_region = has_t & in_region_t[np.maximum(terr, 0)]
        in_moved = has_t & in_moved_t[np.maximum(terr, 0)]
        r = polity.relation_table
        # only relations touching a cloned office change: find them with one boolean
        # gather per end, then work on that handful instead of on every relation
        cloned = clone >= 0
        touch = np.flatnonzero(cloned[r.source] | cloned[r.target])
        s, t = r.source[touch], r.target[touch]
        cs, ct = clone[s], clone[t]
        s_o, t_o = cs >= 0, ct >= 0
        # relations with the moved districts pass to the clone
        rel = draft.relations
        src, tgt = rel.source.copy(), rel.target.copy()
        src[touch] = np.where(s_o & in_moved[t], cs, s)
        tgt[touch] = np.where(t_o & in_moved[s], ct, t)
        draft = draft.replace(relations=rel.replace(source=src, target=tgt))
        # relations among the clones, and with the outside, are copied
        copy = (s_o & t_o) | (s_o & ~in_region[t]) | (t_o & ~in_region[s])
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

    def _grow(self, draft: P.Draft, polity: Polity, clone: NDArray[np.int64]) -> P.Draft:
        fill = chain_fill(draft)
        seats = draft.institutions.seats
        over = np.flatnonzero(fill > seats)
        if over.shape[0] == 0:
            return draft
        if not self.grow_bodies:
            raise self.error(
                "grow_bodies",
                f"the new region's channels would fill {int(fill[over[0]])} seats of "
                f"{int(seats[over[0]])}",
                str(draft.institutions.id[over[0]]),
            )
        return P.set_field(draft, "institution", over, "seats", fill[over])


@register
class MergeRegions(Reform):
    """Merge regions into another one: the inverse of :class:`SplitRegion`.

    The absorbed regions' child territories move under ``into``; the institutions
    seated in an absorbed region itself are removed, except that grouped offices
    at a lower level add their seats to their counterpart in ``into`` (same kind
    and level); relations between a removed office and the moved districts pass to
    its counterpart; its other relations end, and bodies that lose ``elects`` /
    ``appoints`` seats with them shrink (``shrink_bodies``). Populations add up
    (``into`` keeps its figure when an absorbed one is unknown).

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> q = MergeRegions(regions=["r1"], into="r0").apply(p)
    >>> q.n_territories == p.n_territories - 1, q.institution("upper_chamber").seats
    (True, 12)
    """

    name = "merge_regions"
    traits = frozenset({"no_new_institutions", "no_new_territories", "conserves_population"})
    lacks = frozenset(
        {"idempotent", "keeps_institutions", "keeps_relations", "keeps_territories", "rules_only"}
    )

    regions: tuple[Id, ...] = Field(min_length=1)
    into: Id
    shrink_bodies: Bool = True

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(
            cls,
            regions=pool.territory_subset(2, 1),
            into=pool.territory(),
            shrink_bodies=st.booleans(),
        )

    @classmethod
    def contract_fits(cls, view: View) -> bool:
        return bool(view.t_ids)

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        n_t = len(v.t_ids)
        key = v.t_parent * 8 + v.t_level
        siblings = [k for k in range(n_t) if (key == key[k]).sum() >= 2] or list(range(n_t))
        into = int(draw(st.sampled_from(siblings)))
        rest = [k for k in range(n_t) if key[k] == key[into] and k != into] or [into]
        regions = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=2, unique=True))
        return cls(
            regions=tuple(v.t_ids[k] for k in regions),
            into=v.t_ids[into],
            shrink_bodies=draw(st.integers(0, 3)) > 0,
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The least populous region (of those with a known population) merged into the
        first other region under the same parent, at the highest level that has two."""
        table = polity.territory_table
        siblings: dict[tuple[int, int], list[int]] = {}
        for k in np.flatnonzero(table.parent >= 0).tolist():
            siblings.setdefault((int(table.level[k]), int(table.parent[k])), []).append(k)
        groups = [rows for _, rows in sorted(siblings.items()) if len(rows) >= 2]
        if not groups:
            raise ValidationError(f"The polity {polity.name!r} has no two sibling territories.")
        top = np.array(groups[0], dtype=np.int64)
        known = top[table.population[top] >= 0]
        pool = known if known.shape[0] >= 2 else top
        smallest = int(pool[np.argmin(table.population[pool])])
        into = int(next(k for k in top if k != smallest))
        return cls(regions=(str(table.id[smallest]),), into=str(table.id[into]))

    def _apply(self, polity: Polity) -> Polity:
        into = self.territory_row(polity, "into", self.into)
        absorbed = np.array([self.territory_row(polity, "regions", x) for x in self.regions])
        terr = polity.territory_table
        for k, a in enumerate(absorbed):
            if (
                a == into
                or terr.parent[a] != terr.parent[into]
                or terr.level[a] != terr.level[into]
            ):
                raise self.error(
                    "regions", f"is not a sibling region of {self.into!r}", self.regions[k]
                )
        absorbed = np.unique(absorbed)
        draft = P.Draft.of(polity)
        inst = polity.institution_table
        n = len(inst)
        seated = np.isin(inst.territory, absorbed)
        gone = np.flatnonzero(seated)
        # the counterpart in `into` of each removed office: same kind and level
        cand = np.flatnonzero(inst.territory == into)
        key = inst.kind.astype(np.int64) * 16 + inst.level
        counterpart = np.full(n, -1, dtype=np.int64)
        counterpart[gone] = first_by_key(key[cand], cand, key[gone], 16 * len(InstitutionKind))
        # grouped offices add their seats to the counterpart
        level = terr.level[into]
        grouped = gone[(inst.level[gone] > level) & (counterpart[gone] >= 0)]
        seats = inst.seats.copy()
        np.add.at(seats, counterpart[grouped], inst.seats[grouped])
        # relations with the absorbed regions' districts pass to the counterparts
        below = draft.territory_descendants(absorbed)
        has_t = inst.territory >= 0
        in_districts = has_t & below[np.maximum(inst.territory, 0)] & ~seated
        r = polity.relation_table
        # only relations touching a removed office change: work on those alone
        touch = np.flatnonzero(seated[r.source] | seated[r.target])
        s, t = r.source[touch], r.target[touch]
        pass_src = seated[s] & in_districts[t] & (counterpart[s] >= 0)
        pass_tgt = seated[t] & in_districts[s] & (counterpart[t] >= 0)
        s_new = np.where(pass_src, counterpart[s], s)
        t_new = np.where(pass_tgt, counterpart[t], t)
        unmatched = seated[s] & in_districts[t] & ~pass_src
        if unmatched.any():
            bad = str(inst.id[s[np.flatnonzero(unmatched)[0]]])
            raise self.error(
                "into", "has no institution of the same kind and level to take over from", bad
            )
        # bodies losing channels from removed offices shrink
        if self.shrink_bodies:
            k_seats = r.seats[touch]
            lost = seated[s_new] & ~seated[t_new] & np.isin(r.kind[touch], CHAIN_CODES)
            lost &= k_seats > 0
            np.subtract.at(seats, t_new[lost], k_seats[lost])
            if (seats < 1).any():
                bad = str(inst.id[np.flatnonzero(seats < 1)[0]])
                raise self.error("shrink_bodies", "a body would have no seats left", bad)
        src, tgt = r.source.copy(), r.target.copy()
        src[touch], tgt[touch] = s_new, t_new
        draft = draft.replace(
            institutions=inst.replace(seats=seats), relations=r.replace(source=src, target=tgt)
        )
        # territories: children move, populations add, the absorbed regions go
        parent = terr.parent.copy()
        parent[np.isin(parent, absorbed)] = into
        pop = terr.population.copy()
        if pop[into] >= 0:
            pop[into] += np.maximum(pop[absorbed], 0).sum()
        draft = draft.replace(territories=terr.replace(parent=parent, population=pop))
        draft = P.remove_institutions(draft, gone)
        return P.remove_territories(draft, absorbed).build()

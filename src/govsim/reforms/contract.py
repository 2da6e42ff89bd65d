"""What a reform's contract hooks receive: :class:`Pool` and :class:`View`.

Every registered reform declares, beside itself, how the contract suite
(:mod:`govsim.testing.reforms`) draws and builds instances of it, as three class
methods of :class:`govsim.reforms.Reform`:

- ``contract_strategy(pool)`` -- a hypothesis strategy of instances whose ids come
  from ``pool`` (a :class:`Pool`: any id, often unknown to the polity at hand, so the
  error path is covered). Required.
- ``contract_fitted(draw, view)`` -- one instance whose parameters are drawn (with
  hypothesis' ``draw``) from one polity (a :class:`View` of its columns), so that it
  usually applies; ``contract_fits(view)`` says whether the polity has anything to
  draw from (default: at least one institution). Optional: without it the success
  path is searched with the pool strategy alone.
- ``contract_example(polity)`` -- one instance that applies to ``polity`` (the
  suite passes Kazakhstan's 2019 baseline), its offices found by role or structure,
  never by a country's ids. Required.

This module imports hypothesis only inside the methods that build strategies, so
``import govsim`` never imports it; the hooks import it the same way (``from
hypothesis import strategies as st`` inside the method). ``govsim.testing.reforms``
re-exports :class:`Pool` and :class:`View`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import numpy as np
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.roles import office
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["KINDS", "LEVELS", "RELATION_KINDS", "Pool", "View", "role_id"]

_T = TypeVar("_T")

#: The vocabularies, as the values a reform's fields accept.
KINDS: tuple[str, ...] = tuple(k.value for k in InstitutionKind)
LEVELS: tuple[str, ...] = tuple(lv.value for lv in Level)
RELATION_KINDS: tuple[str, ...] = tuple(k.value for k in RelationKind)


def role_id(polity: Polity, role: str, *fallbacks: str) -> str:
    """The id of the institution holding ``role``, else the first of ``fallbacks`` held
    (for ``contract_example``: ``role_id(p, "upper_chamber", "lower_chamber")``).

    Raises
    ------
    govsim.ValidationError
        If no institution of ``polity`` holds any of the roles.
    """
    for wanted in (role, *fallbacks):
        held = office(polity, wanted)
        if held is not None:
            return held.id
    roles = " or ".join(repr(r) for r in (role, *fallbacks))
    raise ValidationError(f"The polity {polity.name!r} has no institution with role {roles}.")


@dataclass(frozen=True)
class Pool:
    """Ids the pool strategies draw from (``contract_strategy(pool)``).

    Attributes
    ----------
    ids, territories : tuple of str
        Institution and territory ids; they need not exist in the polity a drawn
        reform is applied to.
    """

    ids: tuple[str, ...]
    territories: tuple[str, ...]

    kinds: ClassVar[tuple[str, ...]] = KINDS
    levels: ClassVar[tuple[str, ...]] = LEVELS
    relation_kinds: ClassVar[tuple[str, ...]] = RELATION_KINDS

    def id(self) -> SearchStrategy[str]:
        """One institution id of the pool."""
        from hypothesis import strategies as st

        return st.sampled_from(list(self.ids))

    def territory(self) -> SearchStrategy[str]:
        """One territory id of the pool."""
        from hypothesis import strategies as st

        return st.sampled_from(list(self.territories))

    def id_subset(self, max_size: int = 3, min_size: int = 0) -> SearchStrategy[tuple[str, ...]]:
        """Distinct institution ids of the pool, as a tuple."""
        return _subset(self.ids, max_size, min_size)

    def territory_subset(
        self, max_size: int = 3, min_size: int = 0
    ) -> SearchStrategy[tuple[str, ...]]:
        """Distinct territory ids of the pool, as a tuple."""
        return _subset(self.territories, max_size, min_size)

    def selector(self) -> SearchStrategy[Selector]:
        """A selector by ids, by kind, by kind and level, or by kind within territories."""
        from hypothesis import strategies as st

        kinds = st.sampled_from(list(self.kinds)).map(lambda k: (k,))
        levels = st.sampled_from(list(self.levels)).map(lambda lv: (lv,))
        return st.one_of(
            self.id_subset(3, 1).map(lambda x: Selector(ids=x)),
            kinds.map(lambda k: Selector(kind=k)),
            st.builds(lambda k, lv: Selector(kind=k, level=lv), kinds, levels),
            st.builds(lambda k, w: Selector(kind=k, within=w), kinds, self.territory_subset(2, 1)),
        )

    @staticmethod
    def maybe(strategy: SearchStrategy[_T]) -> SearchStrategy[_T | None]:
        """``None`` or a value of ``strategy``."""
        from hypothesis import strategies as st

        return st.none() | strategy


def _subset(ids: Sequence[str], max_size: int, min_size: int) -> SearchStrategy[tuple[str, ...]]:
    from hypothesis import strategies as st

    one = st.sampled_from(list(ids))
    return st.lists(one, min_size=min_size, max_size=max_size, unique=True).map(tuple)


@dataclass(frozen=True)
class View:
    """The columns of one polity that the fitted hooks read, as plain arrays.

    Built once per polity (:meth:`of`); ``contract_fitted(draw, view)`` reads rows by
    position (``view.ids[row]`` is the id of institution ``row``) and draws with the
    helpers below, which take hypothesis' ``draw``.

    Attributes
    ----------
    ids : list of str
        Institution ids, by row.
    kind, level, terr, seats : int arrays
        Institution kind and level codes, territory row (-1: none) and seats.
    fill : int array
        Seats of each institution filled by explicit ``elects`` / ``appoints`` channels.
    system : int array
        Seats of each body's electoral system (0: none).
    lists : list of str
        Bodies whose electoral system has a party-list tier.
    t_ids, t_parent, t_level, t_pop
        Territory ids, parent rows (-1: root), level codes and populations (-1: unknown).
    src, tgt, rkind, rseats : int arrays
        Relation source and target rows, kind codes and seats.
    """

    polity: Polity
    ids: list[str]
    kind: NDArray[np.int64]
    level: NDArray[np.int64]
    terr: NDArray[np.int64]
    seats: NDArray[np.int64]
    fill: NDArray[np.int64]
    system: NDArray[np.int64]
    lists: list[str]
    t_ids: list[str]
    t_parent: NDArray[np.int64]
    t_level: NDArray[np.int64]
    t_pop: NDArray[np.int64]
    src: NDArray[np.int64]
    tgt: NDArray[np.int64]
    rkind: NDArray[np.int64]
    rseats: NDArray[np.int64]

    kinds: ClassVar[tuple[str, ...]] = KINDS
    levels: ClassVar[tuple[str, ...]] = LEVELS
    relation_kinds: ClassVar[tuple[str, ...]] = RELATION_KINDS

    @classmethod
    def of(cls, polity: Polity) -> View:
        """The view of ``polity``."""
        inst, terr, rel = polity.institution_table, polity.territory_table, polity.relation_table
        n = len(inst)
        chain = np.isin(rel.kind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
        chain &= rel.seats > 0
        fill = np.bincount(rel.target[chain], weights=rel.seats[chain], minlength=n)
        system = np.zeros(n, dtype=np.int64)
        lists = []
        for s in polity.electoral_systems:
            system[polity.index_of(s.body)[0]] = s.seats
            if any(t.type == "list" for t in s.tiers):
                lists.append(s.body)
        return cls(
            polity=polity,
            ids=[str(i) for i in inst.id],
            kind=np.asarray(inst.kind, dtype=np.int64),
            level=np.asarray(inst.level, dtype=np.int64),
            terr=np.asarray(inst.territory, dtype=np.int64),
            seats=np.asarray(inst.seats, dtype=np.int64),
            fill=fill.astype(np.int64),
            system=system,
            lists=lists,
            t_ids=[str(t) for t in terr.id],
            t_parent=np.asarray(terr.parent, dtype=np.int64),
            t_level=np.asarray(terr.level, dtype=np.int64),
            t_pop=np.asarray(terr.population, dtype=np.int64),
            src=np.asarray(rel.source, dtype=np.int64),
            tgt=np.asarray(rel.target, dtype=np.int64),
            rkind=np.asarray(rel.kind, dtype=np.int64),
            rseats=np.asarray(rel.seats, dtype=np.int64),
        )

    @property
    def n(self) -> int:
        """The number of institutions."""
        return len(self.ids)

    def kind_name(self, row: int) -> str:
        """The kind of institution ``row``, as a value of ``InstitutionKind``."""
        return KINDS[int(self.kind[row])]

    def level_name(self, row: int) -> str:
        """The level of institution ``row``, as a value of ``Level``."""
        return LEVELS[int(self.level[row])]

    # -- drawing ---------------------------------------------------------------------------------
    def row(self, draw: DrawFn, rows: Sequence[int] | None = None) -> int:
        """One institution row (of ``rows``, when given)."""
        from hypothesis import strategies as st

        pool = list(range(self.n)) if rows is None else list(rows)
        return int(draw(st.sampled_from(pool)))

    def other(self, draw: DrawFn, *not_rows: int) -> str:
        """An institution id other than those of ``not_rows`` (any id if there is no other)."""
        rest = [k for k in range(self.n) if k not in not_rows] or list(range(self.n))
        return self.ids[self.row(draw, rest)]

    def some_ids(
        self, draw: DrawFn, max_size: int = 3, exclude: Sequence[int] = ()
    ) -> tuple[str, ...]:
        """Up to ``max_size`` distinct institution ids, none of the rows ``exclude``."""
        from hypothesis import strategies as st

        pool = [self.ids[k] for k in range(self.n) if k not in exclude]
        if not pool:
            return ()
        return tuple(draw(st.lists(st.sampled_from(pool), max_size=max_size, unique=True)))

    def selector(self, draw: DrawFn, rows: Sequence[int] | None = None) -> Selector:
        """A selector that selects at least one institution (of ``rows``, when given)."""
        from hypothesis import strategies as st

        r = self.row(draw, rows)
        way = draw(st.integers(0, 3))
        if way == 1:
            return Selector(kind=(self.kind_name(r),))
        if way == 2:
            return Selector(kind=(self.kind_name(r),), level=(self.level_name(r),))
        if way == 3 and self.terr[r] >= 0:
            return Selector(kind=(self.kind_name(r),), within=(self.t_ids[int(self.terr[r])],))
        extra = self.some_ids(draw, 2) if rows is None else ()
        return Selector(ids=tuple(dict.fromkeys((self.ids[r], *extra))))

    @staticmethod
    def maybe(draw: DrawFn, value: Any) -> Any:
        """``value`` or ``None``, drawn."""
        from hypothesis import strategies as st

        return value if draw(st.booleans()) else None

    # -- structure -------------------------------------------------------------------------------
    def feeds_system(self) -> NDArray[np.bool_]:
        """Mask over relations: ``elects`` from an electorate to a body with an electoral
        system (removing one may leave the system with no electorate, which is invalid)."""
        voters: NDArray[np.bool_] = self.kind == InstitutionKind.ELECTORATE.code
        feeds: NDArray[np.bool_] = (
            (self.rkind == RelationKind.ELECTS.code)
            & voters[self.src]
            & (self.system[self.tgt] > 0)
        )
        return feeds

    def parents_with_children(self, at_least: int) -> list[int]:
        """Territory rows with at least ``at_least`` children, sorted."""
        parents = self.t_parent[self.t_parent >= 0]
        counts = np.bincount(parents, minlength=len(self.t_ids))
        return [int(p) for p in np.flatnonzero(counts >= at_least)]

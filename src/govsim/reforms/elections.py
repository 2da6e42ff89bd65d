"""Electoral reforms: direct election of offices, electoral systems and thresholds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import Field, model_validator

from govsim.model.kinds import SELECTION_KINDS, InstitutionKind, Level, RelationKind
from govsim.model.polity import Polity
from govsim.model.rows import (
    MAX_SEATS,
    AllocationMethod,
    Bool,
    ElectoralSystem,
    Float,
    Id,
    Int,
    ListTier,
    SingleMemberTier,
    Tier,
)
from govsim.reforms import primitives as P
from govsim.reforms._util import (
    CHAIN_CODES,
    IN_PLACE,
    contains,
    first_by_key,
    largest_remainder,
    missing_pairs,
    same_territory,
)
from govsim.reforms.base import Reform
from govsim.reforms.contract import role_id
from govsim.reforms.registry import register
from govsim.reforms.selector import Selector

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = [
    "MAX_DISTRICTS_PER_BODY",
    "DirectElection",
    "ElectoralSystemChange",
    "ElectoralThreshold",
]

#: Most single-member districts :class:`ElectoralSystemChange` gives one body its own
#: electorate node for (``district_electorates=True``): 10^4. The largest chambers
#: elected in single-member districts have a few hundred (the UK Commons 650, India's
#: Lok Sabha 543); the bound stops a body of 10^7 seats from creating 10^7 nodes.
#: Beyond it, ``district_electorates=False`` carries the tier in one channel.
MAX_DISTRICTS_PER_BODY = 10_000

_ELECTORATE = InstitutionKind.ELECTORATE.code
_SELECTION = [k.value for k in SELECTION_KINDS]
_NON_SELECTION = [k.value for k in RelationKind if k not in SELECTION_KINDS]


def _popular(draft: P.Draft, targets: NDArray[np.int64]) -> NDArray[np.bool_]:
    """Mask over relations: ``elects`` from an electorate to one of these rows."""
    r = draft.relations
    from_voters: NDArray[np.bool_] = draft.institutions.kind[r.source] == _ELECTORATE
    return draft.relation_mask(["elects"], targets=targets) & from_voters


@register
class DirectElection(Reform):
    """Offices chosen by their own territory's electorate instead of being appointed.

    Models Kazakhstan's direct elections of akims: rural akims from 25 Jul 2021
    (law of 24 May 2021; the first round covered 730 of ~2,345 posts, ref §5, H)
    and the akims of districts and cities of regional significance, piloted on
    5 Nov 2023 in 42 districts + 3 cities (ref §5, H), with the full roll-out
    announced "as terms expire" from 2024 (M).

    Each converted office loses its incoming ``appoints``, ``nominates`` and
    ``consents`` relations and gains ``elects`` from the electorate seated in the
    same territory at the same level (created as ``electorate.<office id>`` if
    there is none and ``create_electorates``). ``appointer`` says what the old
    appointers keep: ``"dismissal"`` (a ``dismisses`` relation), ``"consent"``
    (a ``consents`` relation, e.g. a confirmation of the elected holder) or
    ``"nothing"``. Offices already elected by an electorate are left alone.

    Partial roll-out: ``territories`` converts the selected offices seated in
    those territories; ``share`` (of the selected offices' appointed seats) or
    ``seats`` (a number of them) converts that many seats, shared over the offices
    in proportion to their seats by largest remainders (ties to earlier rows).
    A grouped office (``seats=N``, e.g. the rural akims of a region) given
    ``0 < k < N`` seats is **split**: the original id keeps the ``N - k``
    appointed seats and its relations; a new node ``<id>.elected`` (or the
    existing one, which grows) holds the ``k`` elected seats, with copies of the
    original's incoming relations other than selection ones. Outgoing relations
    stay with the original.

    Parameters
    ----------
    offices : Selector
        Offices to convert.
    share : float in [0, 1]
        Share of their appointed seats to convert.
    seats : int, optional
        Number of seats to convert (instead of ``share``).
    territories : tuple of str, optional
        Convert only offices seated in these territories (each must seat one).
    appointer : "dismissal", "consent" or "nothing"
        What the old appointers keep.
    create_electorates : bool
        Create a missing electorate rather than raise.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = DirectElection(offices={"kind": "executive", "level": "local"}, seats=730
    ...                    ).apply(kazakhstan_2019())
    >>> sum(i.seats for i in q.select(kind="executive", level="local")
    ...     if i.id.endswith(".elected"))
    730
    """

    name = "direct_election"
    traits = frozenset(
        {"keeps_institutions", "keeps_territories", "no_new_territories", "conserves_population"}
    )
    lacks = frozenset({"idempotent", "keeps_relations", "no_new_institutions", "rules_only"})

    offices: Selector
    share: Float = Field(default=1.0, ge=0.0, le=1.0)
    seats: Int | None = Field(default=None, ge=1, le=MAX_SEATS)
    territories: tuple[Id, ...] | None = Field(default=None, min_length=1)
    appointer: Literal["dismissal", "consent", "nothing"] = "nothing"
    create_electorates: Bool = True

    @model_validator(mode="after")
    def _one_amount(self) -> DirectElection:
        if self.seats is not None and self.share != 1.0:
            raise ValueError("give 'share' or 'seats', not both")
        return self

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        sel = pool.selector()
        return st.one_of(
            st.builds(
                cls,
                offices=sel,
                share=st.floats(0, 1),
                territories=pool.maybe(pool.territory_subset(2, 1)),
                appointer=st.sampled_from(["dismissal", "consent", "nothing"]),
                create_electorates=st.booleans(),
            ),
            st.builds(cls, offices=sel, seats=st.integers(1, 60)),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        voters = v.kind == InstitutionKind.ELECTORATE.code
        elected = np.zeros(v.n, dtype=bool)  # offices an electorate elects already stay as they are
        elected[v.tgt[(v.rkind == RelationKind.ELECTS.code) & voters[v.src]]] = True
        candidates = [k for k in range(v.n) if not (voters[k] or elected[k])] or None
        offices = v.selector(draw, candidates)
        rows = offices.rows(v.polity)
        common: dict[str, Any] = {
            "offices": offices,
            "appointer": draw(st.sampled_from(["dismissal", "consent", "nothing"])),
            "create_electorates": draw(st.integers(0, 5)) > 0,
        }
        seated = sorted({v.t_ids[int(t)] for t in v.terr[rows] if t >= 0})
        if seated and draw(st.integers(0, 3)) == 0:
            common["territories"] = tuple(
                draw(st.lists(st.sampled_from(seated), min_size=1, max_size=2, unique=True))
            )
        if draw(st.booleans()):
            return cls(share=draw(st.floats(0, 1)), **common)
        total = int(v.seats[rows].sum())
        return cls(seats=draw(st.integers(1, max(1, total))), **common)

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """A third of the seats of the lowest tier of executives (local, else district, else
        regional) elected directly; the appointer keeps the power to dismiss them."""
        for level in (Level.LOCAL, Level.DISTRICT, Level.REGIONAL):
            held = polity.select(kind="executive", level=level.value)
            if held:
                break
        total = sum(i.seats for i in held)
        offices = Selector(kind=(InstitutionKind.EXECUTIVE,), level=(level,))
        return cls(offices=offices, seats=max(1, total // 3), appointer="dismissal")

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "offices", self.offices)
        t = polity.institution_table
        if self.territories is not None:
            terr = np.array(
                [self.territory_row(polity, "territories", x) for x in self.territories]
            )
            seated = np.isin(terr, t.territory[rows])
            if not seated.all():
                bad = self.territories[int(np.flatnonzero(~seated)[0])]
                raise self.error("territories", "seats none of the selected offices", bad)
            rows = rows[np.isin(t.territory[rows], terr)]
        draft = P.Draft.of(polity)
        r = draft.relations
        elected = np.zeros(len(t), dtype=bool)
        elected[r.target[_popular(draft, rows)]] = True
        rows = rows[~elected[rows]]
        if rows.shape[0] == 0:
            return polity
        weights = t.seats[rows]
        total = int(weights.sum())
        k = self.seats if self.seats is not None else int(np.floor(self.share * total + 0.5))
        if k > total:
            raise self.error("seats", f"exceeds the {total} appointed seats of the offices")
        give = largest_remainder(weights, k)
        full = rows[give == weights]
        part, part_k = rows[(give > 0) & (give < weights)], give[(give > 0) & (give < weights)]

        draft, new_rows = self._split(draft, part, part_k)
        # converted rows and, for each, the original office whose appointers count
        conv = np.concatenate([full, new_rows])
        orig = np.concatenate([full, part])
        draft, voters = self._electorates(draft, conv, orig)
        draft, kept = self._appointers(draft, conv, orig)
        fresh = missing_pairs(draft, voters, conv, "elects")
        elects = {
            "sources": voters[fresh],
            "targets": conv[fresh],
            "kinds": "elects",
            "notes": "Directly elected (direct_election).",
        }
        return P.add_relation_groups(draft, *kept, elects).build()

    def _split(
        self, draft: P.Draft, part: NDArray[np.int64], k: NDArray[np.int64]
    ) -> tuple[P.Draft, NDArray[np.int64]]:
        """Split grouped offices: the elected part is ``<id>.elected`` (new or grown)."""
        if part.shape[0] == 0:
            return draft, part
        inst = draft.institutions
        ids = np.strings.add(inst.id[part], ".elected")
        at, exists = draft.lookup(ids)
        seats = inst.seats.copy()
        seats[part] -= k
        np.add.at(seats, at[exists], k[exists])
        draft = draft.replace(institutions=inst.replace(seats=seats))
        # clip the appointed remainder's channels to its new size
        r = draft.relations
        chan = np.isin(r.kind, CHAIN_CODES) & P._member(r.target, part, len(inst))
        clipped = np.where(chan, np.minimum(r.seats, seats[r.target]), r.seats)
        draft = draft.replace(relations=r.replace(seats=clipped))
        new = part[~exists]
        first = len(inst)
        draft = P.add_institutions(
            draft,
            ids[~exists],
            names=np.strings.add(inst.name[new], " (directly elected)"),
            kinds=inst.kind[new],
            levels=inst.level[new],
            territories=inst.territory[new],
            seats=k[~exists],
            terms=inst.term[new],
        )
        created = first + np.arange(new.shape[0])
        # copy the non-selection relations into each new part
        r = draft.relations
        copy = np.flatnonzero(draft.relation_mask(_NON_SELECTION, targets=new))
        where = np.full(len(draft.institutions), -1, dtype=np.int64)
        where[new] = created
        draft = P.add_relations(
            draft,
            r.source[copy],
            where[r.target[copy]],
            r.kind[copy],
            seats=r.seats[copy],
            thresholds=r.threshold[copy],
            notes=r.note[copy],
        )
        out = at.copy()
        out[~exists] = created
        return draft, out

    def _electorates(
        self, draft: P.Draft, rows: NDArray[np.int64], named: NDArray[np.int64]
    ) -> tuple[P.Draft, NDArray[np.int64]]:
        """The electorate of each office (same territory and level), created where missing."""
        inst = draft.institutions
        n_levels = len(Level)
        key = inst.territory.astype(np.int64) * n_levels + inst.level
        cand = np.flatnonzero((inst.kind == _ELECTORATE) & (inst.territory >= 0))
        voters = first_by_key(key[cand], cand, key[rows], (len(draft.territories) + 1) * n_levels)
        voters = np.where(inst.territory[rows] >= 0, voters, -1)
        found = voters >= 0
        if found.all():
            return draft, voters
        if not self.create_electorates:
            bad = str(inst.id[rows[np.flatnonzero(~found)[0]]])
            raise self.error(
                "create_electorates", "no electorate sits in the office's territory", bad
            )
        # one new electorate per missing (territory, level): the first such office names it
        miss = rows[~found]
        mkeys, mfirst, inverse = np.unique(key[miss], return_index=True, return_inverse=True)
        owners = named[~found][mfirst]  # a split office's electorate is named after the original
        base = len(inst)
        ids = np.strings.add("electorate.", inst.id[owners])
        taken = draft.lookup(ids)[1]
        if taken.any():
            raise self.error(
                "offices",
                "a non-electorate institution holds the new electorate's id",
                str(ids[taken][0]),
            )
        draft = P.add_institutions(
            draft,
            ids,
            names=np.strings.add("Electorate of ", inst.name[owners]),
            kinds=InstitutionKind.ELECTORATE.value,
            levels=inst.level[owners],
            territories=inst.territory[owners],
        )
        voters = voters.copy()
        voters[~found] = base + np.arange(mkeys.shape[0])[inverse.reshape(-1)]
        return draft, voters

    def _appointers(
        self, draft: P.Draft, conv: NDArray[np.int64], orig: NDArray[np.int64]
    ) -> tuple[P.Draft, list[dict[str, Any]]]:
        """Drop the converted offices' selection relations (and, unless the old appointers
        keep dismissal, their dismissals); return the relations they keep, to append."""
        r = draft.relations
        n = len(draft.institutions)
        appoints = np.flatnonzero(draft.relation_mask(["appoints"], targets=orig))
        # (appointer, converted row) pairs: map each original target to its converted row
        to_conv = np.full(n, -1, dtype=np.int64)
        to_conv[orig] = conv
        pairs_src = r.source[appoints].astype(np.int64)
        pairs_tgt = to_conv[r.target[appoints]]
        drop = draft.relation_mask(_SELECTION, targets=conv)
        if self.appointer != "dismissal":
            pair_keys = pairs_src * n + pairs_tgt
            rel_keys = r.source.astype(np.int64) * n + r.target
            drop |= (r.kind == RelationKind.DISMISSES.code) & contains(pair_keys, rel_keys)
        draft = P.remove_relations(draft, drop)  # one copy of the relation table for both
        kind = {"dismissal": "dismisses", "consent": "consents"}.get(self.appointer)
        if kind is None or pairs_src.shape[0] == 0:
            return draft, []
        fresh = missing_pairs(draft, pairs_src, pairs_tgt, kind)
        kept = {
            "sources": pairs_src[fresh],
            "targets": pairs_tgt[fresh],
            "kinds": kind,
            "notes": f"The former appointer keeps this power (direct_election, appointer={self.appointer!r}).",
        }
        return draft, [kept]


@register
class ElectoralSystemChange(Reform):
    """Change how the voters fill bodies' seats: list tier, single-member tier, or a mix.

    Models the 2022 constitutional amendments and Constitutional Law "On Elections"
    as amended on 5 Nov 2022, first applied on 19 Mar 2023 (ref §3, §4, H): the
    Mazhilis's 98 seats became 69 party-list seats (5% threshold, Hare largest
    remainders) + 29 single-member plurality seats; regional and republican-city
    maslikhats 50% list / 50% single-member; district and city maslikhats 100%
    single-member.

    Each single-member district is its own ``electorate`` node
    (``electorate.<body>.smd01`` ...) that ``elects`` one seat, when
    ``district_electorates``; otherwise one channel from the body's electorate
    carries all single-member seats. The list tier is one ``elects`` channel from
    the body's electorate (the source of its existing popular channel, else the
    electorate seated in its territory). Seats filled otherwise (appointed,
    indirectly elected) are untouched.

    Parameters
    ----------
    body : Selector
        The bodies.
    tiers : tuple of ListTier / SingleMemberTier, optional
        The same tiers for every body (they must fit beside its other channels).
    list_share : float in [0, 1], optional
        Instead of ``tiers``: all popular seats, ``round(list_share * seats)`` of
        them by list (``list_method``, ``list_threshold``) and the rest in
        single-member districts (``formula``).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ElectoralSystemChange(body={"kind": "council", "level": "regional"}, list_share=0.5
    ...                           ).apply(kazakhstan_2019())
    >>> q.electoral_system("maslikhat.region.akmola").tiers[1].seats
    15
    """

    name = "electoral_system_change"
    traits = frozenset(
        {"keeps_territories", "no_new_territories", "conserves_population", "idempotent"}
    )
    lacks = frozenset(
        {"keeps_institutions", "keeps_relations", "no_new_institutions", "rules_only"}
    )

    body: Selector
    tiers: tuple[Tier, ...] | None = Field(default=None, min_length=1)
    list_share: Float | None = Field(default=None, ge=0.0, le=1.0)
    list_method: AllocationMethod = "hare"
    list_threshold: Float = Field(default=0.0, ge=0.0, lt=1.0)
    formula: Literal["plurality", "two_round"] = "plurality"
    district_electorates: Bool = True

    @model_validator(mode="after")
    def _one_way(self) -> ElectoralSystemChange:
        if (self.tiers is None) == (self.list_share is None):
            raise ValueError("give exactly one of 'tiers' and 'list_share'")
        return self

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        sel = pool.selector()
        tiers = st.one_of(
            st.integers(1, 20).map(lambda n: (ListTier(seats=n, threshold=0.05),)),
            st.tuples(st.integers(1, 10), st.integers(1, 10)).map(
                lambda ab: (ListTier(seats=ab[0]), SingleMemberTier(seats=ab[1]))
            ),
        )
        return st.one_of(
            st.builds(cls, body=sel, tiers=tiers, district_electorates=st.booleans()),
            st.builds(cls, body=sel, list_share=st.floats(0, 1)),
        )

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        v = view
        electorate = InstitutionKind.ELECTORATE.code
        popular = (v.rkind == RelationKind.ELECTS.code) & (v.kind[v.src] == electorate)
        voted_in = {int(t) for t in v.terr[v.kind == electorate] if t >= 0}
        bodies = [
            k
            for k in range(v.n)
            if v.kind[k] != electorate and (popular[v.tgt == k].any() or int(v.terr[k]) in voted_in)
        ]
        if not bodies:
            bodies = list(range(v.n))
        body = draw(st.lists(st.sampled_from(bodies), min_size=1, max_size=2, unique=True))
        other_channel = (
            np.isin(v.rkind, [RelationKind.ELECTS.code, RelationKind.APPOINTS.code])
            & (v.rseats > 0)
            & ~popular
        )
        other = np.bincount(v.tgt[other_channel], weights=v.rseats[other_channel], minlength=v.n)
        room = max(1, int(min(v.seats[b] - other[b] for b in body)))
        selector = Selector(ids=tuple(v.ids[b] for b in body))
        if draw(st.booleans()):
            n_list = draw(st.integers(1, room))
            tiers: list[Any] = [
                ListTier(seats=n_list, threshold=draw(st.sampled_from([0.0, 0.05])))
            ]
            if n_list < room and draw(st.booleans()):
                tiers.append(SingleMemberTier(seats=draw(st.integers(1, room - n_list))))
            return cls(body=selector, tiers=tuple(tiers), district_electorates=draw(st.booleans()))
        return cls(
            body=selector,
            list_share=draw(st.floats(0, 1)),
            district_electorates=draw(st.booleans()),
        )

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """The lower chamber's popularly elected seats as a mixed system: 70% (rounded) on
        party lists at a 5% threshold, the rest in single-member districts."""
        lower = role_id(polity, "lower_chamber")
        seats = polity.institution(lower).seats
        popular = sum(
            seats if r.seats is None else r.seats
            for r in polity.relations_of(target=lower, kind="elects")
            if polity.institution(r.source).kind is InstitutionKind.ELECTORATE
        )
        n_list = (7 * popular + 5) // 10
        tiers: list[Tier] = [ListTier(seats=n_list, threshold=0.05)]
        if popular > n_list:
            tiers.append(SingleMemberTier(seats=popular - n_list))
        return cls(body=Selector(ids=(lower,)), tiers=tuple(tiers))

    def _apply(self, polity: Polity) -> Polity:
        rows = self.select(polity, "body", self.body)
        t = polity.institution_table
        voting = t.kind[rows] == _ELECTORATE
        if voting.any():
            # electorates vote; they are not filled by an electoral system
            raise self.error("body", "selects an electorate", str(t.id[rows[voting][0]]))
        draft = P.Draft.of(polity)
        n = len(t)
        # old single-member electorates of these bodies go (so the reform is idempotent)
        prefixes = np.strings.add(np.strings.add("electorate.", t.id[rows]), ".smd")
        r = draft.relations
        pop = _popular(draft, rows)
        src = r.source[pop]
        # rows are sorted and hold every target of ``pop``: search, not an n-sized table of prefixes
        is_smd = np.strings.startswith(t.id[src], prefixes[np.searchsorted(rows, r.target[pop])])
        old_smd = np.unique(src[is_smd])
        # the list electorate: the first non-district popular source, else the territory's
        voters = np.full(n, -1, dtype=np.int64)
        keep_src, keep_tgt = src[~is_smd][::-1], r.target[pop][~is_smd][::-1]
        voters[keep_tgt] = keep_src  # reversed, so the first relation wins
        none = voters[rows] < 0
        if none.any():
            voters[rows[none]] = same_territory(polity, rows[none], InstitutionKind.ELECTORATE)
        # seats: other channels stay; the popular seats are re-divided
        chain = np.isin(r.kind, CHAIN_CODES) & (r.seats > 0) & ~pop
        other = np.bincount(r.target[chain], weights=r.seats[chain], minlength=n).astype(np.int64)[
            rows
        ]
        if self.tiers is not None:
            n_list = np.full(rows.shape[0], sum(x.seats for x in self.tiers if x.type == "list"))
            n_smd = np.full(rows.shape[0], sum(x.seats for x in self.tiers if x.type != "list"))
        else:
            popular = t.seats[rows] - other
            n_list = np.floor(self.list_share * popular + 0.5).astype(np.int64)
            n_smd = popular - n_list
        over = n_list + n_smd + other > t.seats[rows]
        if over.any() or (n_list + n_smd < 1).any():
            k = int(np.flatnonzero(over | (n_list + n_smd < 1))[0])
            raise self.error(
                "tiers",
                f"{int(n_list[k] + n_smd[k])} popular seats do not fit beside {int(other[k])} "
                f"other seats in {int(t.seats[rows[k]])}",
                str(t.id[rows[k]]),
            )
        # only a list tier, or single-member seats carried in one channel, need the list
        # electorate: a body elected wholly in district electorates does not (and once it
        # is, its old electorate may no longer be linked to it, so asking would break
        # idempotence)
        needs_voters = (n_list > 0) | ((n_smd > 0) & (not self.district_electorates))
        missing = needs_voters & (voters[rows] < 0)
        if missing.any():
            bad = str(t.id[rows[np.flatnonzero(missing)[0]]])
            raise self.error("body", "the body has no electorate to elect it", bad)
        if self.district_electorates and (n_smd > MAX_DISTRICTS_PER_BODY).any():
            k = int(np.flatnonzero(n_smd > MAX_DISTRICTS_PER_BODY)[0])
            raise self.error(
                "district_electorates",
                f"{int(n_smd[k])} single-member districts are more than "
                f"MAX_DISTRICTS_PER_BODY = {MAX_DISTRICTS_PER_BODY} electorate nodes for one body; "
                "set district_electorates = false to carry them in one channel",
                str(t.id[rows[k]]),
            )
        lists = voters[rows]
        draft = P.remove_relations(draft, pop)
        # the channels: the list tier, then the single-member tier (one district
        # electorate per seat, or one channel from the list electorate)
        has_list = n_list > 0
        list_tier = _elects(lists[has_list], rows[has_list], n_list[has_list], "List tier")
        if self.district_electorates:
            draft, smd_src, smd_tgt = self._districts(draft, rows, n_smd)
            smd_tier = _elects(smd_src, smd_tgt, 1, "Single-member district")
        else:
            has = n_smd > 0
            smd_tier = _elects(lists[has], rows[has], n_smd[has], "Single-member tier")
        draft = P.add_relation_groups(draft, list_tier, smd_tier)
        draft = P.remove_institutions(draft, old_smd)
        bodies = t.id[rows].tolist()
        changed = set(bodies)
        systems = {s.body: s for s in draft.electoral_systems if s.body not in changed}
        # one set of tier models per distinct (list, single-member) split, shared by the bodies
        tiers: dict[tuple[int, int], tuple[Tier, ...]] = {}
        for body, nl, ns in zip(bodies, n_list.tolist(), n_smd.tolist(), strict=True):
            shared = tiers.get((nl, ns))
            if shared is None:
                shared = tiers[nl, ns] = self._tiers(nl, ns)
            systems[body] = ElectoralSystem(body=body, tiers=shared)
        return draft.replace(electoral_systems=tuple(systems.values())).build()

    def _tiers(self, n_list: int, n_smd: int) -> tuple[Tier, ...]:
        if self.tiers is not None:
            return self.tiers
        out: list[Tier] = []
        if n_list:
            out.append(
                ListTier(seats=n_list, method=self.list_method, threshold=self.list_threshold)
            )
        if n_smd:
            out.append(SingleMemberTier(seats=n_smd, formula=self.formula))
        return tuple(out)

    def _districts(
        self, draft: P.Draft, rows: NDArray[np.int64], n_smd: NDArray[np.int64]
    ) -> tuple[P.Draft, NDArray[np.int64], NDArray[np.int64]]:
        """Add one electorate per single-member seat; return them and the bodies they elect to."""
        inst = draft.institutions
        body = np.repeat(rows, n_smd)
        if body.shape[0] == 0:
            return draft, body, body
        starts = np.cumsum(n_smd) - n_smd
        number = np.arange(body.shape[0]) - np.repeat(starts, n_smd) + 1
        width = len(str(int(n_smd.max())))
        digits = np.strings.zfill(number.astype(np.str_), max(width, 2))
        ids = np.strings.add(
            np.strings.add(np.strings.add("electorate.", inst.id[body]), ".smd"), digits
        )
        base = len(inst)
        draft = P.add_institutions(
            draft,
            ids,
            names=np.strings.add(
                np.strings.add(inst.name[body], ": single-member district "), digits
            ),
            kinds=InstitutionKind.ELECTORATE.value,
            levels=inst.level[body],
            territories=inst.territory[body],
        )
        return draft, base + np.arange(body.shape[0]), body


def _elects(sources: np.ndarray, targets: np.ndarray, seats: object, what: str) -> dict[str, Any]:
    """A group of ``elects`` channels for :func:`primitives.add_relation_groups`."""
    return {
        "sources": sources,
        "targets": targets,
        "kinds": "elects",
        "seats": seats,
        "notes": f"{what} (electoral_system_change).",
    }


@register
class ElectoralThreshold(Reform):
    """Set the legal threshold of a body's party-list tier(s).

    Models the Mazhilis threshold cut from 7% to 5% (Constitutional Law "On
    Elections" as amended 5 Nov 2022; applied 19 Mar 2023; ref §3, H).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> q = ElectoralThreshold(body="mazhilis", threshold=0.05).apply(kazakhstan_2019())
    >>> q.electoral_system("mazhilis").tiers[0].threshold
    0.05
    """

    name = "electoral_threshold"
    traits = IN_PLACE | {"keeps_relations", "rules_only", "idempotent"}
    lacks = frozenset()

    body: Id
    threshold: Float = Field(ge=0.0, lt=1.0)

    # -- the contract suite (govsim.reforms.contract) ----------------------------------------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        from hypothesis import strategies as st

        return st.builds(cls, body=pool.id(), threshold=st.sampled_from([0.0, 0.03, 0.05, 0.07]))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        from hypothesis import strategies as st

        body = draw(st.sampled_from(view.lists)) if view.lists else view.ids[view.row(draw)]
        return cls(body=body, threshold=draw(st.sampled_from([0.0, 0.03, 0.05, 0.07])))

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """A 5% threshold for the lists of the lower chamber (else of the first body elected
        from party lists)."""
        lower = role_id(polity, "lower_chamber")
        lists = [s.body for s in polity.electoral_systems if any(t.type == "list" for t in s.tiers)]
        return cls(body=lower if lower in lists or not lists else lists[0], threshold=0.05)

    def _apply(self, polity: Polity) -> Polity:
        self.row(polity, "body", self.body)
        system = polity.electoral_system(self.body)
        if system is None or not any(x.type == "list" for x in system.tiers):
            raise self.error("body", "has no party-list tier", self.body)
        tiers = [
            {**x.model_dump(), "threshold": self.threshold} if x.type == "list" else x.model_dump()
            for x in system.tiers
        ]
        new = ElectoralSystem.model_validate({"body": self.body, "tiers": tiers})
        draft = P.map_systems(P.Draft.of(polity), lambda s: new, [self.body])
        return draft.build()

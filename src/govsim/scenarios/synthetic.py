"""A synthetic hierarchical polity of any size, for benchmarks and property tests."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from govsim._random import SeedLike, as_generator
from govsim._validation import check_fraction, check_int
from govsim.model.kinds import InstitutionKind as K
from govsim.model.kinds import Level as L
from govsim.model.kinds import RelationKind as R
from govsim.model.kinds import Role
from govsim.model.polity import Polity
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier, TermRule

__all__ = ["MAX_BRANCHING", "MAX_OFFICES", "synthetic"]

#: Most institutions :func:`synthetic` builds: 5x10^6. A polity takes about 1 GB per
#: 10^6 offices at its peak (README), so the bound keeps a typo such as
#: ``n_offices = 10**10`` from exhausting memory; real polities group identical
#: offices (Kazakhstan's whole state is about 1,000 nodes), and the benchmarks stop
#: at 10^6.
MAX_OFFICES = 5_000_000
#: Most districts per region and local units per district: 10^4. Real hierarchies
#: branch far less (Texas's 254 counties are the most units under one US state;
#: Kazakhstan has at most 20-odd districts per region); the shrinking of the
#: branching for small polities takes at most this many steps.
MAX_BRANCHING = 10_000

_NATIONAL = 8  # electorate, head of state, government, two chambers, court, ombudsman, audit agency
_PER_REGION = 3  # electorate, executive, council
_PER_DISTRICT = 3
_PER_LOCAL = 2  # electorate, executive


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.strings.add(prefix, np.arange(n).astype(np.str_))


def synthetic(
    n_offices: int = 10_000,
    seed: SeedLike = 0,
    *,
    districts_per_region: int = 10,
    locals_per_district: int = 20,
    elected_local_share: float = 0.3,
    elected_district_share: float = 0.0,
) -> Polity:
    """A realistic hierarchical polity with about ``n_offices`` institutions.

    The structure follows a unitary presidential state such as Kazakhstan: a
    directly elected head of state who appoints the government, regional
    executives, part of the upper chamber and the court; regional executives
    appoint district executives (with the district council's consent); district
    executives appoint local executives, of which a share ``elected_local_share``
    is elected by their own local electorate instead. Every territory has an
    electorate and (above the local level) a directly elected council that
    oversees and funds its executive. There are about three relations per
    institution (about 3x10^6 for ``n_offices=10**6``).

    Parameters
    ----------
    n_offices : int
        Number of institutions, in ``[100, MAX_OFFICES]`` (exact).
    seed : int, Generator or None
        Seed for populations and for which executives are elected.
    districts_per_region, locals_per_district : int
        Branching of the territorial hierarchy, each in ``[1, MAX_BRANCHING]``.
    elected_local_share, elected_district_share : float in [0, 1]
        Share of local / district executives chosen by their own electorate.

    Returns
    -------
    Polity

    Raises
    ------
    govsim.ValidationError
        For a parameter of the wrong type (a bool is not a number) or out of its
        bounds, checked before anything is allocated.

    Examples
    --------
    >>> p = synthetic(1_000, seed=1)
    >>> p.n_institutions
    1000
    """
    n_offices = check_int(
        n_offices, "n_offices", "synthetic", low=100, high=MAX_OFFICES, high_name="MAX_OFFICES"
    )
    districts_per_region = check_int(
        districts_per_region,
        "districts_per_region",
        "synthetic",
        low=1,
        high=MAX_BRANCHING,
        high_name="MAX_BRANCHING",
    )
    locals_per_district = check_int(
        locals_per_district,
        "locals_per_district",
        "synthetic",
        low=1,
        high=MAX_BRANCHING,
        high_name="MAX_BRANCHING",
    )
    q_local = check_fraction(
        elected_local_share, "elected_local_share", "synthetic", closed_right=True
    )
    q_district = check_fraction(
        elected_district_share, "elected_district_share", "synthetic", closed_right=True
    )
    rng = as_generator(seed)

    # Small polities: shrink the branching until one region fits.
    while (
        _NATIONAL
        + _PER_REGION
        + districts_per_region * (_PER_DISTRICT + _PER_LOCAL * locals_per_district)
        > n_offices
    ):
        if locals_per_district > 1:
            locals_per_district -= 1
        else:
            districts_per_region -= 1
    per_region = _PER_REGION + districts_per_region * (
        _PER_DISTRICT + _PER_LOCAL * locals_per_district
    )
    n_reg = max(1, (n_offices - _NATIONAL) // per_region)
    n_dis = n_reg * districts_per_region
    # Fill the remainder with local units spread over the districts, so the count is exact.
    base_locals = n_dis * locals_per_district
    spare = (
        n_offices
        - _NATIONAL
        - n_reg * _PER_REGION
        - n_dis * _PER_DISTRICT
        - _PER_LOCAL * base_locals
    )
    n_loc = base_locals + max(spare, 0) // _PER_LOCAL
    extra_agency = max(spare, 0) % _PER_LOCAL  # 0 or 1 more office: an extra national agency
    loc_district = np.sort(
        np.concatenate(
            [
                np.arange(base_locals) // locals_per_district,
                rng.integers(0, n_dis, n_loc - base_locals),
            ]
        )
    )
    dis_region = np.arange(n_dis) // districts_per_region

    # ---- territories: nation, regions, districts, local units
    t_ids = np.concatenate([["nation"], _ids("r", n_reg), _ids("d", n_dis), _ids("l", n_loc)])
    t_level = np.concatenate(
        [
            [L.NATIONAL.code],
            np.full(n_reg, L.REGIONAL.code),
            np.full(n_dis, L.DISTRICT.code),
            np.full(n_loc, L.LOCAL.code),
        ]
    )
    off_r, off_d, off_l = 1, 1 + n_reg, 1 + n_reg + n_dis
    t_parent = np.concatenate(
        [[-1], np.zeros(n_reg, np.int64), off_r + dis_region, off_d + loc_district]
    ).astype(np.int64)
    loc_pop = np.maximum(rng.lognormal(mean=7.5, sigma=0.8, size=n_loc).astype(np.int64), 50)
    dis_pop = np.bincount(loc_district, weights=loc_pop, minlength=n_dis).astype(np.int64)
    reg_pop = np.bincount(dis_region, weights=dis_pop, minlength=n_reg).astype(np.int64)
    t_pop = np.concatenate([[reg_pop.sum()], reg_pop, dis_pop, loc_pop]).astype(np.int64)

    # ---- institutions (row layout: national block, regions, districts, locals)
    nat_kinds = [
        K.ELECTORATE,
        K.HEAD_OF_STATE,
        K.GOVERNMENT,
        K.CHAMBER,
        K.CHAMBER,
        K.COURT,
        K.OMBUDSMAN,
        K.AGENCY,
    ]
    nat_ids = [
        "electorate",
        "president",
        "government",
        "lower_chamber",
        "upper_chamber",
        "court",
        "ombudsman",
        "audit",
    ]
    nat_seats = [1, 1, 20, 100, 2 * n_reg + 10, 9, 1, 1]
    ELECT, PRES, GOV, LOW, UP, COURT, OMB, AUDIT = range(_NATIONAL)
    i_R = _NATIONAL  # regional rows start here: electorate, executive, council per region
    i_D = i_R + _PER_REGION * n_reg
    i_L = i_D + _PER_DISTRICT * n_dis
    reg_elect, reg_exec, reg_coun = (
        i_R + np.arange(n_reg),
        i_R + n_reg + np.arange(n_reg),
        i_R + 2 * n_reg + np.arange(n_reg),
    )
    dis_elect, dis_exec, dis_coun = (
        i_D + np.arange(n_dis),
        i_D + n_dis + np.arange(n_dis),
        i_D + 2 * n_dis + np.arange(n_dis),
    )
    loc_elect, loc_exec = i_L + np.arange(n_loc), i_L + n_loc + np.arange(n_loc)

    i_ids = np.concatenate(
        [
            nat_ids,
            _ids("electorate.r", n_reg),
            _ids("akim.r", n_reg),
            _ids("council.r", n_reg),
            _ids("electorate.d", n_dis),
            _ids("akim.d", n_dis),
            _ids("council.d", n_dis),
            _ids("electorate.l", n_loc),
            _ids("akim.l", n_loc),
            ["audit2"][:extra_agency],
        ]
    )
    i_kind = np.concatenate(
        [
            [k.code for k in nat_kinds],
            np.repeat([K.ELECTORATE.code, K.EXECUTIVE.code, K.COUNCIL.code], n_reg),
            np.repeat([K.ELECTORATE.code, K.EXECUTIVE.code, K.COUNCIL.code], n_dis),
            np.repeat([K.ELECTORATE.code, K.EXECUTIVE.code], n_loc),
            [K.AGENCY.code] * extra_agency,
        ]
    ).astype(np.int8)
    i_level = np.concatenate(
        [
            np.full(_NATIONAL, L.NATIONAL.code),
            np.full(_PER_REGION * n_reg, L.REGIONAL.code),
            np.full(_PER_DISTRICT * n_dis, L.DISTRICT.code),
            np.full(_PER_LOCAL * n_loc, L.LOCAL.code),
            [L.NATIONAL.code] * extra_agency,
        ]
    ).astype(np.int8)
    i_terr = np.concatenate(
        [
            np.zeros(_NATIONAL, np.int64),
            np.tile(off_r + np.arange(n_reg), _PER_REGION),
            np.tile(off_d + np.arange(n_dis), _PER_DISTRICT),
            np.tile(off_l + np.arange(n_loc), _PER_LOCAL),
            np.zeros(extra_agency, np.int64),
        ]
    ).astype(np.int64)
    reg_council_seats = np.clip(reg_pop // 40_000, 15, 50)
    dis_council_seats = np.clip(dis_pop // 5_000, 7, 30)
    i_seats = np.concatenate(
        [
            nat_seats,
            np.ones(2 * n_reg, np.int64),
            reg_council_seats,
            np.ones(2 * n_dis, np.int64),
            dis_council_seats,
            np.ones(2 * n_loc, np.int64),
            np.ones(extra_agency, np.int64),
        ]
    ).astype(np.int64)
    terms = np.full(len(i_ids), None, dtype=object)
    terms[PRES] = TermRule(years=7, max_terms=1)

    # ---- relations
    src: list[np.ndarray] = []
    tgt: list[np.ndarray] = []
    kind: list[np.ndarray] = []
    seats: list[np.ndarray] = []
    thr: list[np.ndarray] = []

    def add(
        s: ArrayLike,
        t: ArrayLike,
        k: R,
        n_seats: ArrayLike = -1,
        threshold: float = np.nan,
    ) -> None:
        s_arr, t_arr = np.atleast_1d(s), np.atleast_1d(t)
        s_arr, t_arr = np.broadcast_arrays(s_arr, t_arr)
        src.append(s_arr)
        tgt.append(t_arr)
        kind.append(np.full(s_arr.shape[0], k.code, np.int8))
        seats.append(np.broadcast_to(np.asarray(n_seats, dtype=np.int64), s_arr.shape))
        thr.append(np.full(s_arr.shape[0], threshold))

    # national
    add(ELECT, [PRES, LOW], R.ELECTS)
    add(PRES, GOV, R.APPOINTS)
    add(LOW, GOV, R.CONSENTS)
    add(PRES, GOV, R.DISMISSES)
    add(LOW, GOV, R.NO_CONFIDENCE, threshold=0.5)
    add(PRES, UP, R.APPOINTS, 10)
    add(reg_coun, UP, R.ELECTS, 2)
    add(PRES, COURT, R.APPOINTS, 5)
    add(UP, COURT, R.APPOINTS, 2)
    add(LOW, COURT, R.APPOINTS, 2)
    add(UP, OMB, R.APPOINTS)
    add(LOW, AUDIT, R.APPOINTS)
    add(PRES, [LOW, UP], R.VETOES)
    add([LOW, UP], PRES, R.OVERRIDES, threshold=2 / 3)
    add(UP, LOW, R.VETOES)
    add(COURT, [PRES, LOW, UP, GOV], R.REVIEWS)
    add(AUDIT, GOV, R.OVERSEES)
    add([LOW, UP], GOV, R.APPROVES_BUDGET)
    add(ELECT, [COURT, OMB], R.PETITIONS)
    # regions
    add(PRES, reg_exec, R.APPOINTS)
    add(reg_coun, reg_exec, R.CONSENTS)
    add(PRES, reg_exec, R.DISMISSES)
    add(reg_elect, reg_coun, R.ELECTS)
    add(reg_coun, reg_exec, R.APPROVES_BUDGET)
    add(reg_coun, reg_exec, R.NO_CONFIDENCE, threshold=0.5)
    add(COURT, reg_exec, R.REVIEWS)
    # districts
    elected_d = rng.random(n_dis) < q_district
    add(dis_elect[elected_d], dis_exec[elected_d], R.ELECTS)
    add(reg_exec[dis_region[~elected_d]], dis_exec[~elected_d], R.APPOINTS)
    add(dis_coun[~elected_d], dis_exec[~elected_d], R.CONSENTS)
    add(reg_exec[dis_region], dis_exec, R.DISMISSES)
    add(dis_elect, dis_coun, R.ELECTS)
    add(dis_coun, dis_exec, R.APPROVES_BUDGET)
    add(dis_coun, dis_exec, R.OVERSEES)
    # local units
    elected_l = rng.random(n_loc) < q_local
    add(loc_elect[elected_l], loc_exec[elected_l], R.ELECTS)
    add(dis_exec[loc_district[~elected_l]], loc_exec[~elected_l], R.APPOINTS)
    add(dis_exec[loc_district], loc_exec, R.DISMISSES)
    add(dis_coun[loc_district], loc_exec, R.OVERSEES)
    add(loc_elect, dis_coun[loc_district], R.PETITIONS)
    add(AUDIT, loc_exec, R.OVERSEES)
    add(loc_elect, COURT, R.PETITIONS)
    if extra_agency:
        add(PRES, len(i_ids) - 1, R.APPOINTS)

    # roles by row, not by size: at 10^6 offices the upper chamber outgrows the lower
    i_role = np.full(len(i_ids), -1, dtype=np.int8)
    for row, role in (
        (PRES, Role.HEAD_OF_STATE),
        (GOV, Role.HEAD_OF_GOVERNMENT),
        (LOW, Role.LOWER_CHAMBER),
        (UP, Role.UPPER_CHAMBER),
        (COURT, Role.CONSTITUTIONAL_COURT),
        (OMB, Role.OMBUDSMAN),
    ):
        i_role[row] = role.code

    n_rel = sum(a.shape[0] for a in src)
    return Polity.from_arrays(
        f"synthetic({n_offices}, seed={seed if isinstance(seed, int) else '...'})",
        territories={"id": t_ids, "level": t_level, "parent": t_parent, "population": t_pop},
        institutions={
            "id": i_ids,
            "kind": i_kind,
            "level": i_level,
            "territory": i_terr,
            "seats": i_seats,
            "term": terms,
            "role": i_role,
        },
        relations={
            "source": np.concatenate(src),
            "target": np.concatenate(tgt),
            "kind": np.concatenate(kind),
            "seats": np.concatenate(seats) if n_rel else np.zeros(0, np.int64),
            "threshold": np.concatenate(thr) if n_rel else np.zeros(0),
        },
        electoral_systems=(
            ElectoralSystem(
                body="lower_chamber",
                tiers=(
                    ListTier(seats=70, method="hare", threshold=0.05),
                    SingleMemberTier(seats=30),
                ),
            ),
        ),
    )

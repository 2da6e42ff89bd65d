"""Benchmark: every registered reform on ``synthetic(10**6)`` and ``synthetic(10**5)``.

Run: ``.venv/bin/python benchmarks/bench_reforms.py`` (``--sizes 100000`` for a quick run).

Each reform is applied best-of-3 (timings on a shared machine are noisy, and the
first touch of large fresh arrays is slow), with realistic parameters for the
synthetic polity; the table gives the seconds and the institutions and relations
added and removed. Then, at 10^5, two reforms are redone the straightforward way
(edit the row models in Python, rebuild through ``Polity(...)``): the two results
must be equal, and the speed ratio is printed. First, the issue's two reform targets
(:func:`targets`): an edit of one column against copying it, and adding rows against
building the polity.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np

from govsim import Polity, Relation
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.reforms import (
    REGISTRY,
    AppointmentQuota,
    ChamberApproval,
    ConsentRequirement,
    ConstitutionalOmbudsman,
    DirectElection,
    ElectoralSystemChange,
    ElectoralThreshold,
    EstablishConsultativeBody,
    EstablishInstitution,
    MergeRegions,
    NepotismBan,
    PartyMembershipBan,
    PartyRegistrationThreshold,
    Reform,
    RemovePower,
    ResizeBody,
    SplitRegion,
    TermLimit,
    diff,
    names,
)
from govsim.reforms.primitives import Draft
from govsim.scenarios import synthetic
from govsim.testing.reforms import synthetic_court

LOCAL_EXEC = {"kind": "executive", "level": "local"}
DISTRICT_EXEC = {"kind": "executive", "level": "district"}
REGIONAL_EXEC = {"kind": "executive", "level": "regional"}


def cases(polity: Polity | None = None) -> list[tuple[str, Reform]]:
    """Realistic parameters for each registered reform on a synthetic polity.

    A registered reform without a case here takes its contract example for
    ``polity`` (``contract_example``, :mod:`govsim.reforms.contract`); without a
    polity, every reform must have a case.
    """
    out: list[tuple[str, Reform]] = [
        (
            "direct_election: half the local executives (keep dismissal)",
            DirectElection(offices=LOCAL_EXEC, share=0.5, appointer="dismissal"),
        ),
        ("direct_election: all district executives", DirectElection(offices=DISTRICT_EXEC)),
        (
            "consent_requirement: regional executives, upper chamber",
            ConsentRequirement(offices=REGIONAL_EXEC, consenting_body="upper_chamber"),
        ),
        (
            "electoral_system_change: regional councils 50/50",
            ElectoralSystemChange(body={"kind": "council", "level": "regional"}, list_share=0.5),
        ),
        (
            "electoral_system_change: lower chamber 70 list + 30 smd",
            ElectoralSystemChange(body="lower_chamber", list_share=0.7, list_threshold=0.05),
        ),
        (
            "electoral_threshold: lower chamber 5%",
            ElectoralThreshold(body="lower_chamber", threshold=0.05),
        ),
        (
            "split_region: r0 -> rX (3 districts)",
            SplitRegion(
                region="r0", new_region="rX", region_name="X", districts=["d0", "d1", "d2"]
            ),
        ),
        ("merge_regions: r1 into r0", MergeRegions(regions=["r1"], into="r0")),
        ("term_limit: one 7-year term", TermLimit(years=7, max_terms=1)),
        (
            "remove_power: district executives' dismissals",
            RemovePower(source=DISTRICT_EXEC, kind="dismisses"),
        ),
        (
            "appointment_quota: upper chamber, president 10 -> 5",
            AppointmentQuota(body="upper_chamber", appointer="president", seats=5),
        ),
        ("resize_body: lower chamber 120", ResizeBody(body="lower_chamber", seats=120)),
        (
            "chamber_approval",
            ChamberApproval(lower_chamber="lower_chamber", upper_chamber="upper_chamber"),
        ),
        (
            "constitutional_court replacing the court",
            synthetic_court("ombudsman"),
        ),
        (
            "constitutional_ombudsman",
            ConstitutionalOmbudsman(upper_chamber="upper_chamber", court="court"),
        ),
        ("establish_consultative_body", EstablishConsultativeBody()),
        (
            "establish_institution: audit chamber",
            EstablishInstitution(
                id="audit_chamber",
                institution_name="Audit Chamber",
                kind=InstitutionKind.AGENCY,
                level=Level.NATIONAL,
                relations=(Relation(source="president", target="audit_chamber", kind="appoints"),),
            ),
        ),
        ("nepotism_ban: president", NepotismBan()),
        ("party_membership_ban: president", PartyMembershipBan()),
        ("party_registration_threshold: 5000", PartyRegistrationThreshold(members=5000)),
    ]
    covered = {r.name for _, r in out}
    missing = sorted(set(names()) - covered)
    if polity is not None:
        out += [(f"{m}: contract example", REGISTRY[m].contract_example(polity)) for m in missing]
        missing = []
    assert not missing, f"reforms without a benchmark case: {missing}"
    return out


def best_of(fn: Callable[[], Polity], k: int = 3) -> tuple[float, Polity]:
    best, out = np.inf, None
    for _ in range(k):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    assert out is not None
    return best, out


def changes(before: Polity, after: Polity) -> tuple[int, int, int, int]:
    """Institutions added, removed; relations added, removed (a changed relation is both)."""
    d = diff(before, after)
    moved = len(d.relations_changed)
    return (
        len(d.institutions_added),
        len(d.institutions_removed),
        len(d.relations_added) + moved,
        len(d.relations_removed) + moved,
    )


def run_size(n: int) -> None:
    p = synthetic(n, seed=0)
    print(f"\nsynthetic({n:,}): {p.n_institutions:,} institutions, {p.n_relations:,} relations")
    print(
        f"{'reform':58s} {'best of 3':>10s} {'inst +':>8s} {'inst -':>7s} {'rel +':>8s} {'rel -':>8s}"
    )
    for label, reform in cases(p):
        seconds, q = best_of(lambda reform=reform: reform.apply(p))
        ia, ir, ra, rr = changes(p, q)
        print(f"{label:58s} {seconds:9.3f}s {ia:8,} {ir:7,} {ra:8,} {rr:8,}")


# -- the straightforward way: row models edited in Python, rebuilt through Polity(...) ----------
def rebuild(p: Polity, institutions: list, relations: list) -> Polity:
    return Polity(
        p.name,
        p.year,
        territories=p.territories,
        institutions=institutions,
        relations=relations,
        electoral_systems=p.electoral_systems,
        rules=p.rules,
        description=p.description,
        sources=p.sources,
    )


def consent_by_rows(p: Polity) -> Polity:
    """ConsentRequirement(offices=regional executives), one row at a time."""
    insts, rels = list(p.institutions), list(p.relations)
    council: dict[str, str] = {}
    for i in insts:
        if i.kind is InstitutionKind.COUNCIL and i.territory is not None:
            council.setdefault(i.territory, i.id)
    have = {(r.source, r.target) for r in rels if r.kind is RelationKind.CONSENTS}
    for i in insts:
        if i.kind is InstitutionKind.EXECUTIVE and i.level is Level.REGIONAL:
            src = council[i.territory]
            if (src, i.id) not in have:
                rels.append(
                    Relation(
                        source=src,
                        target=i.id,
                        kind="consents",
                        note="Appointment needs this body's consent.",
                    )
                )
    return rebuild(p, insts, rels)


def direct_election_by_rows(p: Polity) -> Polity:
    """DirectElection(offices=district executives, appointer="nothing"), one row at a time."""
    insts, rels = list(p.institutions), list(p.relations)
    kind_of = {i.id: i.kind for i in insts}
    voters: dict[tuple[str, str], str] = {}
    for i in insts:
        if i.kind is InstitutionKind.ELECTORATE and i.territory is not None:
            voters.setdefault((i.territory, i.level.value), i.id)
    chosen = [i for i in insts if i.kind is InstitutionKind.EXECUTIVE and i.level is Level.DISTRICT]
    popular = {
        r.target
        for r in rels
        if r.kind is RelationKind.ELECTS and kind_of[r.source] is InstitutionKind.ELECTORATE
    }
    conv = {i.id for i in chosen if i.id not in popular}
    appointers = {
        (r.source, r.target) for r in rels if r.kind is RelationKind.APPOINTS and r.target in conv
    }
    selection = {
        RelationKind.ELECTS,
        RelationKind.APPOINTS,
        RelationKind.NOMINATES,
        RelationKind.CONSENTS,
    }
    kept = [
        r
        for r in rels
        if not (r.target in conv and r.kind in selection)
        and not (r.kind is RelationKind.DISMISSES and (r.source, r.target) in appointers)
    ]
    for i in chosen:
        if i.id in conv:
            kept.append(
                Relation(
                    source=voters[(i.territory, i.level.value)],
                    target=i.id,
                    kind="elects",
                    note="Directly elected (direct_election).",
                )
            )
    return rebuild(p, insts, kept)


def compare_rows(n: int) -> None:
    # synthetic councils already consent to their executives: start without the regional ones
    p = RemovePower(source={"kind": "council", "level": "regional"}, kind="consents").apply(
        synthetic(n, seed=0)
    )
    print(f"\nvectorized reform vs row models rebuilt with Polity(...), synthetic({n:,})")
    pairs = [
        (
            "consent_requirement (regional, own council)",
            ConsentRequirement(offices=REGIONAL_EXEC),
            consent_by_rows,
        ),
        (
            "direct_election (district, appointer='nothing')",
            DirectElection(offices=DISTRICT_EXEC),
            direct_election_by_rows,
        ),
    ]
    for label, reform, by_rows in pairs:
        fast, q = best_of(lambda reform=reform: reform.apply(p))
        slow, ref = best_of(lambda by_rows=by_rows: by_rows(p), k=1)
        assert q == ref, f"{label}: the vectorized and row-by-row results differ"
        print(
            f"{label:50s} reform {fast:.3f}s  rows {slow:.2f}s  ratio {slow / fast:,.0f}x  (equal)"
        )


def _interleaved(fns: dict[str, Callable[[], object]], k: int) -> dict[str, float]:
    """Best-of-``k`` seconds of each function, the runs interleaved (one round calls each once).

    Wall time under each name, the CPU time of the process under ``name + " cpu"``.
    """
    best = dict.fromkeys([*fns, *(f"{name} cpu" for name in fns)], np.inf)
    for _ in range(k):
        for name, fn in fns.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
            best[f"{name} cpu"] = min(best[f"{name} cpu"], time.process_time() - c)
    return best


#: Rounds of the interleaved timings of the targets (each run takes milliseconds).
ROUNDS = 31


def code_masks(n: int = 10**6) -> None:
    """``tables.code_mask`` against ``np.isin`` on a column of int8 kind codes (the
    selectors' and reforms' mask of one or a few kinds), best of 31 interleaved."""
    from govsim.model.tables import code_mask

    codes = np.random.default_rng(0).integers(0, 20, n).astype(np.int8)
    for wanted in ([3], [3, 7, 11]):
        assert np.array_equal(code_mask(codes, wanted), np.isin(codes, wanted))
        t = _interleaved(
            {
                "isin": lambda w=wanted: np.isin(codes, w),
                "code_mask": lambda w=wanted: code_mask(codes, w),
            },
            ROUNDS,
        )
        print(
            f"mask of {len(wanted)} code(s) over {n:,} int8 rows: code_mask "
            f"{t['code_mask'] * 1e3:.2f} ms, np.isin {t['isin'] * 1e3:.2f} ms "
            f"({t['isin'] / t['code_mask']:.0f}x)"
        )


def _verdict(ratio: float, target: float) -> str:
    return f"target <= {target:g}x: {'met' if ratio <= target else 'NOT met'}"


def _first_apply(p: Polity, reform: Reform, column: np.ndarray) -> float:
    """Best-of-:data:`ROUNDS` ratio of ``reform`` applied once to a new polity, to copying.

    Each round builds a polity over ``p``'s tables (outside the timing) and applies the
    reform to it once, beside ``column.copy()``: nothing the first apply leaves on the
    polity (the kind and level masks it keeps) serves the timed one. What was kept for
    the columns when ``p`` was built (the id index, the channel fill, the checks that
    passed) serves it, as it serves a user who builds a polity and reforms it.
    """
    best = {"copy": np.inf, "first": np.inf}
    for _ in range(ROUNDS):
        fresh = Draft.of(p).build()  # a new polity over the same (sealed) tables
        start = time.perf_counter()
        column.copy()
        best["copy"] = min(best["copy"], time.perf_counter() - start)
        start = time.perf_counter()
        reform.apply(fresh)
        best["first"] = min(best["first"], time.perf_counter() - start)
    return best["first"] / best["copy"]


def targets(n: int) -> None:
    """The issue's two reform targets at ``n`` offices, each ratio from one process.

    * a reform that edits one column <= 3x the cost of copying that column. The
      reforms: ``resize_body`` of the lower chamber (the seats column, one row),
      ``term_limit`` of the head of state (the term column, one row) and
      ``resize_body`` of every council (the seats column, a fifth of the rows); each
      against ``column.copy()``, interleaved; and the first apply of each to a new
      polity over the same tables (:func:`_first_apply`). Beside them, not a reform: every row of
      the seats column replaced through ``Polity.from_tables(table.replace(seats=seats
      + 1))``, whose floor is three passes over the column (the new values, the copy
      that ``replace`` makes of the caller's array, one read to check them).
    * a reform that adds <= 10 rows <= 0.05x building the polity from arrays
      (``establish_institution``: one institution and one relation, against
      ``synthetic(n)``, which builds, validates and stores the columns). Each timed
      reform is the first to extend its polity (a chain of five, each on the last
      one's result), so it appends in the spare rows; a second reform on the same
      polity copies the columns, and is timed too.
    """
    import govsim.model.validate as V
    from govsim.scenarios import synthetic

    t_build, p = best_of(lambda: synthetic(n, seed=0), 2)
    seats, terms = p.institution_table.seats, p.institution_table.term
    reforms = {
        "resize_body lower chamber (seats, 1 row)": (
            ResizeBody(body="lower_chamber", seats=120),
            seats,
        ),
        "term_limit head of state (term, 1 row)": (TermLimit(years=7, max_terms=1), terms),
        "resize_body every council (seats, many rows)": (
            ResizeBody(body={"kind": "council"}, seats=60),
            seats,
        ),
    }
    for label, (reform, column) in reforms.items():
        q = reform.apply(p)  # warm: selectors, caches
        rows = int(np.count_nonzero(q.institution_table.seats != seats))
        t = _interleaved({"copy": column.copy, "reform": lambda r=reform: r.apply(p)}, ROUNDS)
        ratio = t["reform"] / t["copy"]
        first = _first_apply(p, reform, column)
        print(
            f"{label}: {t['reform'] * 1e3:.2f} ms, copying the column {t['copy'] * 1e3:.2f} ms: "
            f"{ratio:.1f}x ({_verdict(ratio, 3)}; CPU {t['reform cpu'] * 1e3:.2f} / "
            f"{t['copy cpu'] * 1e3:.2f} ms = {t['reform cpu'] / t['copy cpu']:.1f}x; "
            f"seats rows changed: {rows:,}); the first apply to a polity: {first:.1f}x"
        )

    def edit() -> Polity:
        return Polity.from_tables(
            p.name,
            p.territory_table,
            p.institution_table.replace(seats=seats + 1),
            p.relation_table,
            electoral_systems=p.electoral_systems,
            rules=p.rules,
        )

    t = _interleaved({"copy": seats.copy, "edit": edit}, ROUNDS)

    def cold() -> Polity:
        V._PASSED.clear()
        V._DERIVED.clear()
        return edit()

    t_cold, _ = best_of(cold, 3)
    ratio = t["edit"] / t["copy"]
    print(
        f"not a reform: every row of seats replaced through Polity.from_tables: "
        f"{t['edit'] * 1e3:.2f} ms, copying it {t['copy'] * 1e3:.2f} ms: {ratio:.1f}x "
        f"({_verdict(ratio, 3)}; CPU {t['edit cpu'] / t['copy cpu']:.1f}x); with every check "
        f"run again {t_cold * 1e3:.1f} ms"
    )

    def add(j: int) -> EstablishInstitution:
        return EstablishInstitution(
            id=f"audit_chamber_{j}",
            institution_name="Audit Chamber",
            kind=InstitutionKind.AGENCY,
            level=Level.NATIONAL,
            relations=(Relation(source="president", target=f"audit_chamber_{j}", kind="appoints"),),
        )

    q, t_add = p, np.inf
    for j in range(5):
        reform = add(j)
        start = time.perf_counter()
        q = q.apply(reform)
        t_add = min(t_add, time.perf_counter() - start)
    assert q.n_institutions == p.n_institutions + 5
    assert q.n_relations == p.n_relations + 5
    p.apply(add(100))  # p's spare rows now hold that one's rows
    t_again, _ = best_of(lambda: p.apply(add(101)), 3)
    share = t_add / t_build
    print(
        f"add one institution and one relation: {t_add * 1e3:.1f} ms; building "
        f"synthetic({n:,}) {t_build:.2f} s: {share:.4f}x ({_verdict(share, 0.05)}); "
        f"a second reform on the same polity (copies the columns): {t_again * 1e3:.0f} ms, "
        f"{t_again / t_build:.3f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**6, 10**5])
    parser.add_argument("--rows", type=int, default=10**5, help="size of the row-model comparison")
    args = parser.parse_args()
    print("load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    targets(max(args.sizes))
    code_masks(max(args.sizes))
    for n in args.sizes:
        run_size(n)
    compare_rows(args.rows)


if __name__ == "__main__":
    main()

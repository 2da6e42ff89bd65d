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
import time
from collections.abc import Callable

import numpy as np

from govsim import Polity, Relation
from govsim.model.kinds import InstitutionKind, Level, RelationKind
from govsim.reforms import (
    AppointmentQuota,
    ChamberApproval,
    ConsentRequirement,
    ConstitutionalCourt,
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
from govsim.scenarios import synthetic

LOCAL_EXEC = {"kind": "executive", "level": "local"}
DISTRICT_EXEC = {"kind": "executive", "level": "district"}
REGIONAL_EXEC = {"kind": "executive", "level": "regional"}


def cases() -> list[tuple[str, Reform]]:
    """Realistic parameters for each registered reform on a synthetic polity."""
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
            ConstitutionalCourt(
                replaces="court",
                upper_chamber="upper_chamber",
                lower_chamber="lower_chamber",
                petitioners=(
                    "president",
                    "upper_chamber",
                    "lower_chamber",
                    "government",
                    "ombudsman",
                ),
                citizens="electorate",
            ),
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
    missing = set(names()) - covered
    assert not missing, f"reforms without a benchmark case: {sorted(missing)}"
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
    for label, reform in cases():
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


def targets(n: int) -> None:
    """The issue's two reform targets at ``n`` offices, each ratio from one process.

    * a reform that edits one column <= 3x the cost of copying that column (the
      edit: every institution's seats + 1, rebuilt through ``Polity.from_tables``,
      which validates; the column copy: ``seats.copy()``);
    * a reform that adds <= 10 rows <= 0.05x building the polity from arrays
      (``establish_institution``: one institution and one relation, against
      ``synthetic(n)``, which builds, validates and stores the columns).
    """
    import govsim.model.validate as V
    from govsim.scenarios import synthetic

    t_build, p = best_of(lambda: synthetic(n, seed=0), 2)
    seats = p.institution_table.seats

    def edit() -> Polity:
        return Polity.from_tables(
            p.name,
            p.territory_table,
            p.institution_table.replace(seats=seats + 1),
            p.relation_table,
            electoral_systems=p.electoral_systems,
            rules=p.rules,
        )

    def copy() -> Polity:
        seats.copy()
        return p

    t_copy, _ = best_of(copy, 5)
    t_edit, _ = best_of(edit, 5)

    def cold() -> Polity:
        V._PASSED.clear()
        V._DERIVED.clear()
        return edit()

    t_cold, _ = best_of(cold, 3)
    ratio = t_edit / t_copy
    print(
        f"edit one column (seats) of synthetic({n:,}): {t_edit * 1e3:.1f} ms, copying it "
        f"{t_copy * 1e3:.2f} ms: {ratio:.0f}x (target <= 3x: {'met' if ratio <= 3 else 'NOT met'}); "
        f"with every check run again {t_cold * 1e3:.1f} ms"
    )
    add = EstablishInstitution(
        id="audit_chamber",
        institution_name="Audit Chamber",
        kind=InstitutionKind.AGENCY,
        level=Level.NATIONAL,
        relations=(Relation(source="president", target="audit_chamber", kind="appoints"),),
    )
    t_add, _ = best_of(lambda: p.apply(add), 3)
    share = t_add / t_build
    print(
        f"add one institution and one relation: {t_add:.3f} s; building synthetic({n:,}) "
        f"{t_build:.2f} s: {share:.3f}x (target <= 0.05x: {'met' if share <= 0.05 else 'NOT met'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**6, 10**5])
    parser.add_argument("--rows", type=int, default=10**5, help="size of the row-model comparison")
    args = parser.parse_args()
    targets(max(args.sizes))
    for n in args.sizes:
        run_size(n)
    compare_rows(args.rows)


if __name__ == "__main__":
    main()

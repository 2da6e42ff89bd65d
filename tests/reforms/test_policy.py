"""Behaviour of the policy reforms on synthetic and Kazakhstan polities."""

from __future__ import annotations

import pytest

from govsim import ReformError
from govsim.reforms import (
    AppointmentQuota,
    ConsentRequirement,
    DirectElection,
    ElectoralSystemChange,
    MergeRegions,
    SplitRegion,
    diff,
)
from govsim.scenarios import synthetic
from govsim.scenarios.kazakhstan import kazakhstan_2019

BASE = kazakhstan_2019()
LOCAL = {"kind": "executive", "level": "local"}


def test_partial_direct_election_splits_grouped_offices() -> None:
    """730 of 2,345 rural akims (ref §5, H) are shared over the 14 grouped nodes."""
    q = DirectElection(offices=LOCAL, seats=730).apply(BASE)
    parts = [i for i in q.select(**LOCAL) if i.id.endswith(".elected")]
    assert len(parts) == 14
    assert sum(i.seats for i in parts) == 730
    assert sum(i.seats for i in q.select(**LOCAL)) == 2345
    for part in parts:
        sources = [r.source for r in q.relations_of(target=part.id, kind="elects")]
        assert sources == [f"electorate.{part.id.removesuffix('.elected')}"]
        assert not q.relations_of(target=part.id, kind="appoints")
    # a second round grows the elected parts instead of creating new ones
    q2 = DirectElection(offices=LOCAL, seats=100).apply(q)
    assert sum(i.seats for i in q2.select(**LOCAL) if i.id.endswith(".elected")) == 830
    assert q2.n_institutions == q.n_institutions


@pytest.mark.parametrize(
    ("appointer", "kinds"),
    [("nothing", set()), ("dismissal", {"dismisses"}), ("consent", {"consents"})],
)
def test_what_the_old_appointer_keeps(appointer: str, kinds: set[str]) -> None:
    p = synthetic(1_000, seed=1)
    q = DirectElection(
        offices={"kind": "executive", "level": "district"}, appointer=appointer
    ).apply(p)
    akim = "akim.d0"
    powers = {r.kind.value for r in q.relations_of(source="akim.r0", target=akim)}
    assert powers == kinds
    assert [r.source for r in q.relations_of(target=akim, kind="elects")] == ["electorate.d0"]


def test_direct_election_by_territory_and_errors() -> None:
    p = synthetic(1_000, seed=1)
    q = DirectElection(
        offices={"kind": "executive", "level": "district"}, territories=["d3"]
    ).apply(p)
    assert diff(p, q).relations_added[-1].target == "akim.d3"
    with pytest.raises(ReformError, match=r"direct_election: parameter 'territories' \('r0'\)"):
        DirectElection(
            offices={"kind": "executive", "level": "district"}, territories=["r0"]
        ).apply(p)
    with pytest.raises(ReformError, match="parameter 'seats'"):
        DirectElection(offices={"kind": "executive", "level": "district"}, seats=10**6).apply(p)


def test_split_then_merge_is_the_identity() -> None:
    """Ref §1.1: Ulytau split from Karaganda; merging it back restores the 2019 polity."""
    split = SplitRegion(
        region="kz.karaganda",
        new_region="kz.ulytau",
        region_name="Ulytau Region",
        districts=("kz.karaganda.district.ulytau", "kz.karaganda.city.zhezkazgan"),
        population=221_000,  # BNS, 1 Aug 2022 (kadam-media.kg 124426); Karaganda's is known
    )
    q = split.apply(BASE)
    assert q.institution("senate").seats == 51
    assert {
        r.source for r in q.relations_of(target="akim.district.karaganda.ulytau", kind="appoints")
    } == {"akim.region.ulytau"}
    senators = q.relations_of(source="maslikhat.region.ulytau", target="senate")
    assert [r.seats for r in senators] == [2]
    # the new region's population is taken from the old one's (Karaganda 1,376,101, 2021)
    assert q.territory("kz.karaganda").population == 1_376_101 - 221_000
    assert q.territory("kz.ulytau").population == 221_000
    back = MergeRegions(regions=("kz.ulytau",), into="kz.karaganda").apply(q)
    assert not diff(BASE, back)


def test_split_conserves_offices_and_population() -> None:
    p = synthetic(1_000, seed=1)
    q = SplitRegion(region="r0", new_region="r9", region_name="Nine", districts=["d0", "d1"]).apply(
        p
    )
    assert (
        q.territory("r9").population + q.territory("r0").population == p.territory("r0").population
    )
    assert q.n_institutions == p.n_institutions + 3
    assert q.institution("upper_chamber").seats == p.institution("upper_chamber").seats + 2


def test_electoral_system_change_and_quota() -> None:
    q = AppointmentQuota(body="mazhilis", appointer="assembly_of_people", seats=0).apply(BASE)
    assert q.institution("mazhilis").seats == 98
    q = ElectoralSystemChange(body="mazhilis", list_share=69 / 98).apply(q)
    seats = sorted(r.seats for r in q.relations_of(target="mazhilis", kind="elects"))
    assert seats == [1] * 29 + [69]
    assert ElectoralSystemChange(body="mazhilis", list_share=69 / 98).apply(q) == q
    with pytest.raises(ReformError, match="electoral_system_change: parameter 'tiers'"):
        ElectoralSystemChange(body="senate", list_share=0.5).apply(BASE)  # no electorate


def test_consent_requirement_needs_a_council() -> None:
    with pytest.raises(ReformError, match="consent_requirement: parameter 'consenting_kind'"):
        ConsentRequirement(offices="president").apply(BASE)


def test_vectorized_on_a_large_synthetic_polity() -> None:
    """Reforms stay column operations on 10^5 offices (their speed, at 10^5 and 10^6:
    benchmarks/bench_reforms.py)."""
    p = synthetic(10**5, seed=0)
    for reform in (
        DirectElection(offices=LOCAL, share=0.5, appointer="dismissal"),
        ElectoralSystemChange(body={"kind": "council", "level": "regional"}, list_share=0.5),
        SplitRegion(region="r0", new_region="rX", region_name="X", districts=["d0", "d1"]),
        MergeRegions(regions=["r1"], into="r0"),
    ):
        q = reform.apply(p)
        assert q.n_institutions >= 0.99 * p.n_institutions
    assert q.territory("nation").population == p.territory("nation").population  # an int

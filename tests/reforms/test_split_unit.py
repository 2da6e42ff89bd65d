"""SplitUnit: a district-level unit carved out of another, with a copy of its offices."""

from __future__ import annotations

import pytest

from govsim import ReformError, ValidationError
from govsim.reforms import diff
from govsim.reforms.split_unit import SplitUnit
from govsim.scenarios import kazakhstan_2019

SAURAN = SplitUnit(
    unit="kz.turkistan.city.kentau",
    new_unit="kz.turkistan.district.sauran",
    unit_name="Sauran district, Turkistan Region",
    institution_ids={
        f"{p}.city.turkistan.kentau": f"{p}.district.turkistan.sauran"
        for p in ("akim", "electorate", "maslikhat")
    },
)


def test_clones_the_offices_and_their_outside_relations() -> None:
    p = kazakhstan_2019()
    q = SAURAN.apply(p)
    d = diff(p, q)
    assert list(d.territories_added) == ["kz.turkistan.district.sauran"]
    assert sorted(d.institutions_added) == [
        "akim.district.turkistan.sauran",
        "electorate.district.turkistan.sauran",
        "maslikhat.district.turkistan.sauran",
    ]
    assert q.territory("kz.turkistan.district.sauran").parent == "kz.turkistan"
    akim = "akim.district.turkistan.sauran"
    assert q.institution(akim).name == "Akim of Sauran district, Turkistan Region"
    kinds = sorted((r.source, r.kind.value) for r in q.relations_of(target=akim))
    assert kinds == sorted(
        (s.replace("city.turkistan.kentau", "district.turkistan.sauran"), k)
        for s, k in (
            (r.source, r.kind.value) for r in p.relations_of(target="akim.city.turkistan.kentau")
        )
    )
    assert q.electoral_system("maslikhat.district.turkistan.sauran") is not None
    assert not p.has_institution(akim)  # the input is unchanged


def test_population_is_taken_from_the_old_unit() -> None:
    p = kazakhstan_2019()
    kw = {"unit": "kz.atyrau.district.isatay", "new_unit": "kz.atyrau.district.new"}
    with pytest.raises(
        ReformError, match=r"parameter 'population' \('kz.atyrau.district.isatay'\)"
    ):
        SplitUnit(unit_name="New", **kw).apply(p)
    q = SplitUnit(unit_name="New", population=6_728, **kw).apply(p)
    assert q.territory("kz.atyrau.district.isatay").population == 20_000
    assert q.territory("kz.atyrau.district.new").population == 6_728
    with pytest.raises(ReformError, match="exceeds the old unit's 26728"):
        SplitUnit(unit_name="New", population=30_000, **kw).apply(p)


def test_refusals_name_the_parameter() -> None:
    p = kazakhstan_2019()
    with pytest.raises(ReformError, match=r"parameter 'new_unit' \('kz.atyrau'\)"):
        SplitUnit(unit="kz.atyrau.district.isatay", new_unit="kz.atyrau", unit_name="x").apply(p)
    with pytest.raises(ReformError, match=r"parameter 'unit' \('nowhere'\)"):
        SplitUnit(unit="nowhere", new_unit="kz.x", unit_name="x").apply(p)
    with pytest.raises(ReformError, match="parameter 'institution_ids'"):
        SplitUnit(
            unit="kz.turkistan.city.kentau",
            new_unit="kz.turkistan.city.x",
            unit_name="x",
            institution_ids={"president": "y"},
        ).apply(p)
    with pytest.raises(ValidationError, match="unit_name"):
        SplitUnit(unit="kz.turkistan.city.kentau", new_unit="kz.x", unit_name="")

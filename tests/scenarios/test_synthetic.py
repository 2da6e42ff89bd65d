"""The synthetic polity generator."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import ValidationError
from govsim.scenarios import synthetic


@pytest.mark.parametrize("n", [100, 101, 999, 1_000, 12_345, 50_000])
def test_exact_size(n: int) -> None:
    assert synthetic(n, seed=0).n_institutions == n


def test_deterministic_for_a_seed(seed: int) -> None:
    assert synthetic(3_000, seed=seed) == synthetic(3_000, seed=seed)


def test_seeds_differ() -> None:
    assert synthetic(3_000, seed=1) != synthetic(3_000, seed=2)


def test_about_three_relations_per_office() -> None:
    p = synthetic(20_000, seed=0)
    assert 2.5 <= p.n_relations / p.n_institutions <= 3.5


def test_population_adds_up_the_hierarchy() -> None:
    p = synthetic(5_000, seed=0)
    t = p.territory_table
    child_sum = np.bincount(
        t.parent[t.parent >= 0], weights=t.population[t.parent >= 0], minlength=len(t)
    )
    has_children = np.bincount(t.parent[t.parent >= 0], minlength=len(t)) > 0
    assert np.array_equal(child_sum[has_children], t.population[has_children])


def test_elected_local_share() -> None:
    p = synthetic(20_000, seed=0, elected_local_share=1.0)
    local_exec = p.mask(kind="executive", level="local")
    appointed = p.relation_mask(kind="appoints") & local_exec[p.relation_table.target]
    assert not appointed.any()
    assert (
        p.relation_mask(kind="elects") & local_exec[p.relation_table.target]
    ).sum() == local_exec.sum()


def test_bad_parameters() -> None:
    with pytest.raises(
        ValidationError,
        match=r"The 'n_offices' parameter of synthetic must be >= 100\. Got 5 instead\.",
    ):
        synthetic(5)
    with pytest.raises(ValidationError, match="elected_local_share"):
        synthetic(1_000, elected_local_share=1.5)

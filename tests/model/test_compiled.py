"""The compiled graph against networkx, on random polities."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given

from govsim import Polity, RelationKind, ValidationError
from govsim.model.kinds import CHAIN_KINDS
from govsim.testing.strategies import polities


def _networkx_edges(p: Polity, kinds: set[str]) -> Counter[tuple[str, str]]:
    g = p.to_networkx()
    return Counter((u, v) for u, v, d in g.edges(data=True) if d["kind"] in kinds)


def _csr_edges(p: Polity, kinds: set[str], reverse: bool) -> Counter[tuple[str, str]]:
    c = p.compiled
    csr = c.inn(kinds) if reverse else c.out(kinds)
    owner = csr.owners()
    pairs = zip(c.ids[owner], c.ids[csr.indices], strict=True)
    return Counter((str(b), str(a)) if reverse else (str(a), str(b)) for a, b in pairs)


@given(polities())
def test_csr_matches_networkx(p: Polity) -> None:
    for kinds in ({"elects"}, {k.value for k in CHAIN_KINDS}, {k.value for k in RelationKind}):
        expected = _networkx_edges(p, kinds)
        assert _csr_edges(p, kinds, reverse=False) == expected
        assert _csr_edges(p, kinds, reverse=True) == expected


@given(polities())
def test_node_and_edge_arrays_match_networkx(p: Polity) -> None:
    c = p.compiled
    g = p.to_networkx()
    assert c.n_nodes == g.number_of_nodes()
    assert c.n_edges == g.number_of_edges()
    for k, node in enumerate(c.ids):
        attrs = g.nodes[str(node)]
        assert c.seats[k] == attrs["seats"]
        assert attrs["kind"] == p.institution(str(node)).kind.value
    for u, v, e, attrs in g.edges(keys=True, data=True):  # the key is the relation row
        assert (str(c.ids[c.edge_source[e]]), str(c.ids[c.edge_target[e]])) == (u, v)
        expected_fill = attrs.get("seats", g.nodes[v]["seats"])
        assert c.edge_fill[e] == expected_fill


@given(polities())
def test_csr_edges_point_back_to_relations(p: Polity) -> None:
    c = p.compiled
    csr = c.out()
    assert np.array_equal(c.edge_source[csr.edges], csr.owners())
    assert np.array_equal(c.edge_target[csr.edges], csr.indices)
    assert np.all(np.diff(csr.owners()) >= 0)


@given(polities())
def test_matrix_counts_parallel_edges(p: Polity) -> None:
    c = p.compiled
    m = c.matrix("appoints")
    assert m.sum() == np.count_nonzero(c.edge_mask("appoints"))


def test_population_comes_from_territory() -> None:
    p = Polity.from_arrays(
        "p",
        territories={"id": ["a", "b"], "level": ["regional", "regional"], "population": [10, -1]},
        institutions={
            "id": ["x", "y", "z"],
            "kind": ["executive"] * 3,
            "level": ["regional"] * 3,
            "territory": [0, 1, -1],
        },
    )
    pop = p.compiled.population
    assert pop[0] == 10
    assert np.isnan(pop[1])
    assert np.isnan(pop[2])


def test_unknown_relation_kind() -> None:
    p = Polity("p")
    with pytest.raises(ValidationError, match="Unknown relation kind 'bribes'"):
        p.compiled.out("bribes")


def test_compiled_is_cached_and_read_only() -> None:
    from govsim.scenarios import synthetic

    p = synthetic(500, seed=3)
    assert p.compiled is p.compiled
    assert p.compiled.out("appoints") is p.compiled.out(["appoints"])
    with pytest.raises(ValueError, match="read-only"):
        p.compiled.out("appoints").indices[0] = 0

"""The separable path of the multi-weight engine (few blocs, independents by binomial tails).

It is checked against brute-force enumeration of the players on random small games,
against the type enumeration of :func:`govsim.testing.power_reference.multiweight_types`
and against the quadrature path it replaces on the lawmaking games of the baseline
countries (agreement to 1e-9, the target; measured about 1e-14).
"""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim
from govsim.power import MultiWeightGame, lawmaking_blocs, multiweight_shapley_shubik
from govsim.power import multiweight as M
from govsim.power.exact import _nodes
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.power_reference import multiweight_subsets, multiweight_types

TOL = 1e-12  # brute force against the float paths
SAME = 1e-9  # the separable path against the quadrature path it replaces


def _paths(game: MultiWeightGame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    x, wq = _nodes(game.n_players)
    half = np.array([0.5])
    return {
        "separable": (wq @ M._separable(game, x), M._separable(game, half)[0]),
        "quadrature": (wq @ M._quadrature(game, x), M._quadrature(game, half)[0]),
    }


@st.composite
def bloc_games(draw: st.DrawFn) -> MultiWeightGame:
    """A few blocs (weights in several dimensions), unit members per dimension, clauses."""
    n_dims = draw(st.integers(1, 3))
    n_blocs = draw(st.integers(0, 3))
    blocs = [[draw(st.integers(0, 3)) for _ in range(n_dims)] for _ in range(n_blocs)]
    bloc_counts = [draw(st.integers(1, 2)) for _ in range(n_blocs)]
    units = [draw(st.integers(0, 4)) for _ in range(n_dims)]
    units[0] = max(units[0], 1)
    weights = blocs + [list(np.eye(n_dims, dtype=int)[d]) for d in range(n_dims) if units[d]]
    counts = bloc_counts + [u for u in units if u]
    totals = (np.array(weights) * np.array(counts)[:, None]).sum(axis=0)
    clauses = np.array(
        [[draw(st.integers(0, int(t))) for t in totals] for _ in range(draw(st.integers(1, 3)))]
    )
    clauses[:, 0] = np.maximum(clauses[:, 0], 1)
    return MultiWeightGame(weights, clauses, counts=counts)


@settings(max_examples=25, deadline=None)
@given(game=bloc_games())
def test_separable_path_matches_brute_force(game: MultiWeightGame) -> None:
    ss, bz = multiweight_subsets(game)
    m = game.counts
    ref_ss = np.array([float(ss[n]) for n in game.names]) / m
    ref_bz = np.array([float(bz[n]) for n in game.names]) / m
    got_ss, got_bz = _paths(game)["separable"]
    np.testing.assert_allclose(got_ss, ref_ss, atol=TOL)
    np.testing.assert_allclose(got_bz, ref_bz, atol=TOL)
    types_ss, types_bz = multiweight_types(game)
    for name in game.names:
        assert float(types_ss[name]) == pytest.approx(float(ss[name]), abs=TOL)
        assert float(types_bz[name]) == pytest.approx(float(bz[name]), abs=TOL)


def _baseline(name: str) -> govsim.Polity:
    return govsim.load(files("govsim") / "data" / f"{name}.toml")


@pytest.mark.parametrize(
    ("name", "d"),
    [
        ("uzbekistan_2023", 0.5),
        ("uzbekistan_2023", 1.0),
        ("kyrgyzstan_2021", 1.0),
        ("russia_2020", 0.5),
    ],
)
def test_separable_path_matches_the_quadrature_path(name: str, d: float) -> None:
    """The lawmaking bloc games of the baseline countries: the same indices as the
    quadrature path that computed them before (Gauss–Legendre over capped weight grids)."""
    game = lawmaking_blocs(_baseline(name), discipline=d)
    assert M._plan(game, "test") == "separable"
    paths = _paths(game)
    for new, old in zip(paths["separable"], paths["quadrature"], strict=True):
        np.testing.assert_allclose(new, old, atol=SAME)


@pytest.mark.parametrize("blocs", ["all", "appointed"])
def test_kazakhstan_bloc_game_matches_the_quadrature_path(blocs: str) -> None:
    for d in (0.5, 1.0):
        game = lawmaking_blocs(kazakhstan_2019(parties=True), discipline=d, blocs=blocs)
        paths = _paths(game)
        for new, old in zip(paths["separable"], paths["quadrature"], strict=True):
            np.testing.assert_allclose(new, old, atol=SAME)


def test_russian_bloc_game_matches_type_enumeration() -> None:
    """The head of state's exact share in the Russian bloc game (537 players), by the
    integer type enumeration of the reference, against the engine."""
    game = lawmaking_blocs(_baseline("russia_2020"), discipline=1.0)
    ss, _ = multiweight_types(game, ["president"])
    got = multiweight_shapley_shubik(game)["president"]
    assert got == pytest.approx(float(ss["president"]), abs=SAME)


def test_eu27_keeps_the_counting_path() -> None:
    """27 classes of one member each are 2^27 bloc profiles: beyond MAX_BLOC_PROFILES."""
    w = np.c_[np.ones(27, dtype=np.int64), np.arange(1, 28)]
    game = MultiWeightGame(w, [[15, 246], [24, 0]])
    assert M._separable_cells(game) is None
    assert M._plan(game, "test") == "counting"


def test_null_classes_hold_nothing() -> None:
    game = MultiWeightGame([[0, 0], [1, 0], [0, 1]], [[2, 2]], counts=[2, 3, 3])
    assert M._plan(game, "test") == "separable"
    ss = multiweight_shapley_shubik(game)
    assert ss["0"] == pytest.approx(0.0, abs=TOL)
    assert sum(ss.values()) == pytest.approx(1.0, abs=TOL)

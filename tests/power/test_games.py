"""Construction and validation of WeightedGame and BlockGame."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from govsim import ValidationError
from govsim.power import BlockGame, WeightedGame

US = {"president": 1, "senate": 100, "house": 435}
US_CLAUSES = [{"president": 1, "senate": 51, "house": 218}, {"senate": 67, "house": 290}]


def test_weighted_game_basics() -> None:
    g = WeightedGame([3, 2, 1], 4)
    assert g.n_players == 3
    assert g.total_weight == 6
    assert g.is_winning([0, 2])
    assert not g.is_winning([1, 2])
    assert not g.weights.flags.writeable
    with pytest.raises(AttributeError):
        g.quota = 5  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(g)) == g
    assert hash(WeightedGame([3, 2, 1], 4)) == hash(g)


def test_weighted_game_copies_input() -> None:
    w = np.array([1, 2, 3])
    g = WeightedGame(w, 3)
    w[0] = 100
    assert g.weights[0] == 1


@pytest.mark.parametrize(
    ("weights", "quota", "field"),
    [
        ([1, -2, 3], 2, "weights"),
        ([1.5, 2], 2, "weights"),
        ([], 1, "weights"),
        ([1, 2], 0, "quota"),
        ([1, 2], 4, "quota"),
        ([1, 2], 2.0, "quota"),
        ([0, 0], 1, "quota"),
    ],
)
def test_weighted_game_rejects(weights: list[float], quota: object, field: str) -> None:
    with pytest.raises(ValidationError, match=f"'{field}' parameter of WeightedGame"):
        WeightedGame(weights, quota)  # type: ignore[arg-type]


def test_block_game_basics() -> None:
    g = BlockGame(US, US_CLAUSES)
    assert g.n_players == 536
    assert g.names == ("president", "senate", "house")
    assert g.clauses[1] == {"president": 0, "senate": 67, "house": 290}
    assert g.is_winning({"president": 1, "senate": 51, "house": 218})
    assert not g.is_winning({"president": 1, "senate": 50, "house": 435})
    assert g.winning([[1, 51, 218], [0, 66, 435]]).tolist() == [True, False]
    assert pickle.loads(pickle.dumps(g)) == g
    g.sizes["senate"] = 3  # a fresh dict: the game is unchanged
    assert g.sizes["senate"] == 100
    with pytest.raises(AttributeError):
        g.foo = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sizes", "clauses", "match"),
    [
        ({"a": 0}, [{"a": 0}], r"'sizes\[a\]'"),
        ({}, [{"a": 1}], "'sizes'"),
        ({"a": 3}, [], "'clauses'"),
        ({"a": 3}, [{"b": 1}], r"'clauses\[0\]'"),
        ({"a": 3}, [{"a": 4}], r"'clauses\[0\]\[a\]'"),
        ({"a": 3}, [{"a": -1}], r"'clauses\[0\]\[a\]'"),
        ({"a": 3}, [{"a": 2}, {"a": 0}], r"'clauses\[1\]'"),
    ],
)
def test_block_game_rejects(
    sizes: dict[str, int], clauses: list[dict[str, int]], match: str
) -> None:
    with pytest.raises(ValidationError, match=match):
        BlockGame(sizes, clauses)

"""Bounds and input checks of the electoral engine: errors naming the parameter, never a hang."""

from __future__ import annotations

import numpy as np
import pytest

from govsim import UnknownNameError, ValidationError
from govsim.electoral import (
    VoteModel,
    allocate,
    apportion,
    count_winners,
    mixed,
    simulate,
)
from govsim.electoral.allocate import MAX_SEATS
from govsim.model.rows import ElectoralSystem, ListTier, SingleMemberTier

pytestmark = pytest.mark.usefixtures("hang_guard")


def test_votes_beyond_int64_are_refused_before_conversion() -> None:
    """[2**63, 1, 1] is a uint64 array; its int64 conversion wrapped to -2**63: [0, 4, 3]."""
    with pytest.raises(ValidationError, match=r"'votes' parameter of allocate.*below 2\*\*63"):
        allocate([2**63, 1, 1], 7)
    with pytest.raises(ValidationError, match="'votes' parameter of allocate"):
        allocate([1e19, 1.0], 7)  # float -> int64 gave garbage with a RuntimeWarning
    with pytest.raises(ValidationError, match="'populations' parameter of apportion"):
        apportion(np.array([2**63, 5], dtype=np.uint64), 3)


def test_seat_bound() -> None:
    """Dean at 10^12 seats: d(k) = 2k(k+1) wrapped in int64 and the correction loop never ended."""
    with pytest.raises(ValidationError, match="'seats' parameter of allocate must be <= 10000000"):
        allocate([10, 10, 1], 10**12, "dean")
    with pytest.raises(ValidationError, match="'seats' parameter of allocate"):
        allocate([[10, 10, 1], [1, 2, 3]], np.array([3, 10**12]), "dean")
    assert allocate([10, 10, 1], MAX_SEATS, "dean").sum() == MAX_SEATS
    with pytest.raises(ValidationError, match="'list_seats' parameter of mixed"):
        mixed([10, 5], [0, 1], 10**12)


def test_unknown_method_is_the_registry_error() -> None:
    """allocate(method="dhont") gave a ValidationError without the registry's suggestion."""
    with pytest.raises(UnknownNameError, match="did you mean 'dhondt'"):
        allocate([10, 5], 3, method="dhont")
    with pytest.raises(UnknownNameError, match="did you mean 'huntington_hill'"):
        apportion([10, 5], 3, method="huntington_hil")
    with pytest.raises(UnknownNameError, match="Known allocation methods"):
        mixed([10, 5], [0, 1], 3, method=["hare"])  # type: ignore[arg-type]


def test_divisor_work_bound() -> None:
    """10^5 lists under Dean ran for minutes (one seat per correction step)."""
    votes = np.arange(1, 100_001)
    with pytest.raises(ValidationError, match=r"'votes' parameter of allocate.*MAX_DIVISOR_WORK"):
        allocate(votes, 100_000, "dean")
    assert allocate(votes, 100_000, "hare").sum() == 100_000  # quota methods have no loop


def test_count_winners_bounds() -> None:
    """parties = 10^12 asked numpy for a 10^12-entry array (and looped 10^12 times)."""
    with pytest.raises(ValidationError, match="'parties' parameter of count_winners"):
        count_winners([[0, 1]], 10**12)
    with pytest.raises(ValidationError, match="'winners' parameter of count_winners"):
        count_winners([[0.5, 1.0]], 3)


def test_vote_model_and_simulation_bounds() -> None:
    """total_votes = 10^30 overflowed floor(p * V) to int64; 10^9 draws exhausted memory."""
    with pytest.raises(ValidationError, match="'total_votes' parameter of VoteModel"):
        VoteModel(shares=(0.6, 0.4), total_votes=10**30)
    system = ElectoralSystem(body="m", tiers=(ListTier(seats=10), SingleMemberTier(seats=10)))
    model = VoteModel(shares=(0.6, 0.4))
    with pytest.raises(ValidationError, match="'n' parameter of simulate"):
        simulate(system, model, 10**9, seed=0)
    with pytest.raises(ValidationError, match="'system' parameter of simulate"):
        simulate("m", model, 10, seed=0)  # type: ignore[arg-type]


def test_many_districts_are_simulated_in_blocks() -> None:
    """2,000 draws of 10^5 districts wanted 1.6 GB of noise at once: now refused naming n;
    within the bound the noise is drawn in blocks of draws, with the same law."""
    big = ElectoralSystem(body="m", tiers=(SingleMemberTier(seats=100_000),))
    model = VoteModel(shares=(0.6, 0.4), district_swing=0.0)
    with pytest.raises(ValidationError, match="'n' parameter of simulate must be <= 499"):
        simulate(big, model, 2000, seed=0)
    system = ElectoralSystem(body="m", tiers=(SingleMemberTier(seats=30_000),))
    result = simulate(system, model, 200, seed=0)  # 3 blocks of 69 draws
    assert (result.size == 30_000).all()
    assert (result.seats[:, 0] == 30_000).all()  # no swing: the larger party takes every seat


@pytest.mark.parametrize(
    ("votes", "seats", "param"),
    [([[1, 2], [3]], 7, "votes"), ([1, 2, 3], [[1], [2, 3]], "seats")],
)
def test_ragged_input_is_a_govsim_error(votes: object, seats: object, param: str) -> None:
    """Found by tools/fuzz.py (seed 0): numpy's bare 'inhomogeneous shape' ValueError."""
    with pytest.raises(ValidationError, match=f"'{param}' parameter of allocate"):
        allocate(votes, seats, method="dean")  # type: ignore[arg-type]

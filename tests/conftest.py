"""Shared test configuration: the hypothesis profile and the seed fixture."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# One profile for `make test`, CI and every pytest-xdist worker alike: derandomized, so
# that every run draws the same examples and a red run replays exactly on any machine,
# and without a deadline, since numeric properties are not latency tests (speed is
# measured in benchmarks/). HYPOTHESIS_PROFILE=default gives hypothesis' own random
# profile for an exploratory run by hand.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(params=[0, 1, 42])
def seed(request: pytest.FixtureRequest) -> int:
    """Tests that take ``seed`` must hold for any seed; three are tried."""
    return int(request.param)

"""Shared test configuration: hypothesis profiles and the seed fixture."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Numeric properties are not latency tests: no deadline anywhere. CI runs a fixed,
# derandomized profile so that a red run can be replayed exactly.
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "dev",
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(params=[0, 1, 42])
def seed(request: pytest.FixtureRequest) -> int:
    """Tests that take ``seed`` must hold for any seed; three are tried."""
    return int(request.param)

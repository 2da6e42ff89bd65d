"""Shared test configuration: the hypothesis profile, the seed fixture and the Dask cluster."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

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


@pytest.fixture
def hang_guard() -> Iterator[None]:
    """Turn a test that blocks for a minute into a failure instead of a hung suite.

    A guard, not a timing assertion: the bounded cases fail fast because their checks
    come first. Only the main thread can take SIGALRM; elsewhere the guard does nothing.
    """
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("no answer within 60 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """One Dask ``LocalCluster`` (two worker processes, one thread each) for the session.

    Starting a cluster spawns its workers and imports govsim in each, seconds of work on
    a 2-core machine; the tests that check results on Dask share this one. Mark them
    ``@pytest.mark.xdist_group("dask")`` so that ``-n auto`` runs them on one worker
    (``--dist loadgroup`` in pyproject.toml) and starts the cluster once.
    """
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,  # no dashboard; its HTTP server on a free port, not 8787
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client

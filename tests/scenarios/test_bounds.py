"""Scenario functions check their parameters up front: types (a bool is not a number,
a word is not a bool) and documented bounds, before anything is allocated or looped.

Before the fix ``synthetic(locals_per_district=2**62)`` looped for ever, so these
tests run under a generous alarm that turns a hang into a failure; the errors come
fast because they are checked first, not because of the alarm.
"""

from __future__ import annotations

from typing import Any

import pytest

import govsim
from govsim.scenarios import kazakhstan, kazakhstan_2019, kazakhstan_reforms, synthetic
from govsim.scenarios.kazakhstan import kazakhstan_2019_rows
from govsim.scenarios.kazakhstan_reforms import kazakhstan_timeline

pytestmark = pytest.mark.usefixtures("hang_guard")


@pytest.mark.parametrize(
    ("kwargs", "needles"),
    [
        ({"n_offices": 10**10}, ("'n_offices'", "MAX_OFFICES")),
        ({"n_offices": 2**63}, ("'n_offices'", "MAX_OFFICES")),
        (
            {"n_offices": 1_000, "locals_per_district": 2**62},
            ("'locals_per_district'", "MAX_BRANCHING"),
        ),
        (
            {"n_offices": 1_000, "districts_per_region": 10**9},
            ("'districts_per_region'", "MAX_BRANCHING"),
        ),
        ({"n_offices": True}, ("'n_offices'", "int")),
        ({"n_offices": 1_000, "districts_per_region": True}, ("'districts_per_region'",)),
        ({"n_offices": 1_000, "elected_local_share": True}, ("'elected_local_share'",)),
        ({"n_offices": 1_000, "seed": True}, ("'seed'",)),
    ],
)
def test_synthetic_checks_parameters_first(
    kwargs: dict[str, Any], needles: tuple[str, ...]
) -> None:
    with pytest.raises(govsim.ValidationError) as info:
        synthetic(**kwargs)
    for needle in needles:
        assert needle in str(info.value), str(info.value)


def test_synthetic_at_the_branching_bound_still_builds() -> None:
    p = synthetic(1_000, seed=1, districts_per_region=10_000, locals_per_district=10_000)
    assert p.n_institutions == 1_000


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: kazakhstan(unconfirmed="no"), "unconfirmed"),
        (lambda: kazakhstan(announced="yes"), "announced"),
        (lambda: kazakhstan(unconfirmed=0), "unconfirmed"),
        (lambda: kazakhstan_reforms(unconfirmed="no"), "unconfirmed"),
        (lambda: kazakhstan_timeline(announced=1), "announced"),
        (lambda: kazakhstan_timeline(unconfirmed=[]), "unconfirmed"),
        (lambda: kazakhstan_2019(first_president_exemption="no"), "first_president_exemption"),
        (lambda: kazakhstan_2019_rows(first_president_exemption=1), "first_president_exemption"),
        (lambda: kazakhstan(date=True), "date"),
    ],
)
def test_kazakhstan_flags_are_bools(call: Any, param: str) -> None:
    """`kazakhstan(unconfirmed="no")` used to build a hybrid model ("no" is truthy)."""
    with pytest.raises(govsim.ValidationError, match=f"'{param}'"):
        call()


def test_kazakhstan_flags_still_work() -> None:
    import numpy as np

    assert kazakhstan("2024-01-01", unconfirmed=False) == kazakhstan(
        "2024-01-01", unconfirmed=np.bool_(False)
    )
    exempt = kazakhstan_2019(first_president_exemption=True).institution("president").term
    assert exempt is not None
    assert exempt.exempt_incumbent

"""Every registered metric stays in its declared range despite floating-point rounding.

The registry wraps each metric (``register_metric``) so that a value an ulp or two
outside the declared range lands on the bound; NaN, in-range values and values
far outside (a bug, not rounding) are returned as computed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from govsim.errors import ValidationError
from govsim.metrics import METRICS, decentralization, evaluate, get_metric, register_metric
from govsim.metrics.evaluate import load_metric_modules
from govsim.metrics.registry import RANGE_TOLERANCE, clip_to_range
from govsim.scenarios import kazakhstan

load_metric_modules()  # every family, so that the last test sees them all

# The values below are exact binary floats (bounds and ulp-sized offsets) that the
# clip returns as they are or replaces by a bound: no arithmetic happens between them
# and the checks, so the comparisons marked "exact" are meant to be exact.


@pytest.fixture
def scratch_metric():
    """Register metrics under a scratch family and remove them afterwards."""
    names: list[str] = []

    def register(name: str, value, range=(0.0, 1.0), per_node=False):
        full = f"scratch_range.{name}"
        names.append(full)

        @register_metric(
            full,
            definition="A constant, for the range tests.",
            range=range,
            direction="neutral",
            reference="-",
            per_node=per_node,
        )
        def metric(c):
            return value

        return metric

    yield register
    for name in names:
        METRICS.pop(name, None)


def test_rounding_above_the_top_lands_on_it():
    # exact comparisons (np.testing.assert_equal) on purpose in this file: clipping must
    # land on the bound bit for bit, and values it keeps must come back unchanged
    np.testing.assert_equal(clip_to_range(4.000000000000001, 0.0, 4.0), 4.0)
    np.testing.assert_equal(clip_to_range(np.nextafter(1.0, 2.0), 0.0, 1.0), 1.0)


def test_rounding_below_the_bottom_lands_on_it():
    np.testing.assert_equal(clip_to_range(-2.220446049250313e-16, 0.0, 1.0), 0.0)
    np.testing.assert_equal(clip_to_range(np.nextafter(1.0, 0.0), 1.0, math.inf), 1.0)


def test_nan_inside_and_far_outside_values_are_kept():
    assert math.isnan(clip_to_range(math.nan, 0.0, 1.0))
    np.testing.assert_equal(clip_to_range(0.25, 0.0, 1.0), 0.25)
    np.testing.assert_equal(clip_to_range(math.inf, 0.0, math.inf), math.inf)
    # a bug is not rounding: it stays visible to the metric contract tests
    np.testing.assert_equal(clip_to_range(-0.5, 0.0, 1.0), -0.5)
    np.testing.assert_equal(
        clip_to_range(1.0 + 10 * RANGE_TOLERANCE, 0.0, 1.0), 1.0 + 10 * RANGE_TOLERANCE
    )


def test_tolerance_is_relative_to_the_bound():
    np.testing.assert_equal(clip_to_range(100.0 * (1 + RANGE_TOLERANCE / 2), 0.0, 100.0), 100.0)
    assert clip_to_range(100.0 + 2 * RANGE_TOLERANCE * 100, 0.0, 100.0) > 100.0


def test_arrays_are_clipped_elementwise():
    x = np.array([-1e-17, 0.5, math.nan, 1 + 1e-15, 3.0])
    out = clip_to_range(x, 0.0, 1.0)
    assert isinstance(out, np.ndarray)
    assert out.shape == x.shape
    np.testing.assert_array_equal(out, [0.0, 0.5, math.nan, 1.0, 3.0])
    np.testing.assert_equal(x[0], -1e-17)  # the input is not written to
    inside = np.array([0.0, 0.5])
    assert clip_to_range(inside, 0.0, 1.0) is inside


def test_integers_and_python_floats_keep_their_type():
    assert clip_to_range(3, 0.0, 4.0) == 3
    assert type(clip_to_range(np.float64(4.000000000000001), 0.0, 4.0)) is float


def test_registered_function_and_registry_entry_are_clipped(scratch_metric):
    func = scratch_metric("above", 1.0000000000000002)
    np.testing.assert_equal(func(None), 1.0)
    assert get_metric("scratch_range.above").func is func
    assert func.__name__ == "metric"
    np.testing.assert_equal(func.__wrapped__(None), 1.0000000000000002)


def test_per_node_results_are_clipped(scratch_metric):
    func = scratch_metric("nodes", np.array([-1e-16, 2.0, math.inf]), (0.0, math.inf), True)
    np.testing.assert_array_equal(func(None), [0.0, 2.0, math.inf])


def test_evaluate_reports_the_clipped_value(scratch_metric):
    scratch_metric("below", -2.220446049250313e-16)
    p = kazakhstan("2019-01-01")
    np.testing.assert_equal(evaluate(p, metrics=["scratch_range"])["scratch_range.below"], 0.0)


@pytest.mark.parametrize(
    "bad", [(1.0, 0.0), (0.0, math.nan), (0.0,), "0-1", (True, 1.0), (0.0, "1")]
)
def test_a_bad_range_is_refused_at_registration(bad):
    with pytest.raises(ValidationError, match=r"'range' of metric 'scratch_range\.bad'"):
        register_metric(
            "scratch_range.bad", definition="-", range=bad, direction="neutral", reference="-"
        )
    assert "scratch_range.bad" not in METRICS


def test_district_score_of_the_full_akim_rollout_is_in_range():
    """Electing every district akim sums population-weighted scores of 4 and gave
    4.000000000000001 before the registry clipped (range [0, 4])."""
    from govsim.reforms import DirectElection

    reform = DirectElection(
        offices={"kind": ["executive"], "level": ["district"]}, share=1.0, appointer="dismissal"
    )
    p = reform.apply(kazakhstan("2024-01-01"))
    value = decentralization.district(p.compiled)
    assert 0.0 <= value <= 4.0
    assert value == pytest.approx(4.0, rel=1e-12)
    assert evaluate(p, metrics=["decentralization.district"])[
        "decentralization.district"
    ] == pytest.approx(4.0, rel=1e-12)


@pytest.mark.parametrize("name", sorted(METRICS))
def test_every_registered_metric_is_wrapped(name):
    info = METRICS[name]
    assert hasattr(info.func, "__wrapped__"), name
    assert info.range[0] <= info.range[1]

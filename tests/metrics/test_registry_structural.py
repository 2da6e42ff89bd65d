"""Every structural metric is registered with its definition, range, direction and source."""

from __future__ import annotations

import inspect

import pytest

from govsim.metrics import METRICS, accountability, checks, concentration, decentralization

HELPERS = {"check_score", "representation_scores", "unit_weights", "CHECK_KINDS"}


@pytest.mark.parametrize("module", [accountability, concentration, checks, decentralization])
def test_public_functions_are_registered(module):
    registered = {info.func for info in METRICS.values()}
    family = module.__name__.rsplit(".", 1)[1]
    for name in module.__all__:
        if name in HELPERS:
            continue
        func = getattr(module, name)
        assert inspect.isfunction(func)
        assert func in registered, f"{module.__name__}.{name} is not registered"
        info = next(i for i in METRICS.values() if i.func is func)
        assert info.family == family
        assert info.definition
        assert info.reference
        assert info.range[0] <= info.range[1]
        assert info.direction in ("higher", "lower", "neutral")

"""The metric contract, for every registered metric of every family (as Axelrod's TestPlayer).

On random polities (``govsim.testing.strategies.polities``, plain and shaped), on
``synthetic`` polities and on the Kazakhstan polities, each metric

- returns a float in its declared range, or NaN, or says why it does not apply
  by raising a govsim error (``evaluate`` turns that into NaN with the reason in
  ``MetricSet.notes``); it never raises anything else;
- gives the same value on an equal polity rebuilt from the same columns;
- does not change its input.

Per-node metrics return one value per institution, each in the range or NaN.
"""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from govsim.errors import GovsimError
from govsim.metrics import METRICS, MetricInfo, evaluate
from govsim.metrics.evaluate import METRIC_MODULES, load_metric_modules
from govsim.model.polity import Polity
from govsim.scenarios import kazakhstan, synthetic
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023
from govsim.testing.strategies import polities

LOADED = load_metric_modules()
INFOS = sorted(METRICS.values(), key=lambda i: i.name)
FAMILIES = {"accountability", "checks", "concentration", "decentralization"} | {
    "electoral",
    "power",
    "tenure",
    "veto",
    "powers",
}
#: Same value on an equal polity: the metrics are deterministic, so only summation
#: order could differ; far below any reported precision.
RTOL = 1e-12


def _rebuilt(p: Polity) -> Polity:
    """An equal polity built again from the same columns (not the same object)."""
    return Polity.from_document(p.to_dict())


def _value(info: MetricInfo, p: Polity) -> np.ndarray | None:
    """The metric's value(s) as a float array, or None when it says it does not apply."""
    try:
        out = info(p)
    except GovsimError as exc:
        reason = str(exc)
        assert reason, f"{info.name}: a govsim error without a reason"
        return None
    except Exception as exc:  # the contract: nothing but a govsim error
        raise AssertionError(
            f"{info.name} raised {type(exc).__name__} on {p.name!r}: {exc}"
        ) from exc
    arr = np.asarray(out, dtype=np.float64)
    if info.per_node:
        assert arr.shape == (p.n_institutions,), f"{info.name}: one value per institution"
    else:
        assert arr.shape == (), f"{info.name}: a summary metric returns one number"
        assert isinstance(float(out), float)
    return arr


def check_metrics(p: Polity) -> None:
    """The contract for every registered metric on one polity."""
    snapshot = pickle.loads(pickle.dumps(p))
    rebuilt = _rebuilt(p)
    for info in INFOS:
        value = _value(info, p)
        assert p == snapshot, f"{info.name} changed its input"
        again = _value(info, rebuilt)
        assert (value is None) == (again is None), (
            f"{info.name}: applies to one of two equal polities"
        )
        if value is None or again is None:
            continue
        lo, hi = info.range
        v = value[~np.isnan(value)]
        outside = v[(v < lo) | (v > hi)]
        assert outside.size == 0, (
            f"{info.name} on {p.name!r}: {outside[:3]} outside its declared range [{lo}, {hi}]"
        )
        np.testing.assert_allclose(again, value, rtol=RTOL, atol=0, equal_nan=True)


def test_every_family_is_registered() -> None:
    assert set(LOADED) == set(METRIC_MODULES)
    assert {i.family for i in INFOS} == FAMILIES


@pytest.mark.parametrize(
    "polity",
    [
        synthetic(300, seed=0),
        synthetic(1_000, seed=1),
        kazakhstan_2019(),
        kazakhstan("2024-01-01"),
        kazakhstan("2024-01-01", unconfirmed=False),
    ],
    ids=lambda p: p.name,
)
def test_metric_contract_on_known_polities(polity: Polity) -> None:
    check_metrics(polity)
    if polity.name.startswith("Kazakhstan"):  # complete polities: every summary metric applies
        ms = evaluate(polity, vote_model=KAZAKHSTAN_2023)  # the Kazakhstan scenario's voters
        assert not ms.notes, f"metrics that do not apply to {polity.name!r}: {dict(ms.notes)}"


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    polity=polities(max_institutions=12, max_relations=30)
    | polities(max_institutions=12, max_relations=30, shaped=True)
)
def test_metric_contract_on_random_polities(polity: Polity) -> None:
    check_metrics(polity)

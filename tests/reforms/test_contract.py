"""The reform contract (govsim.testing.reforms.check_reform) for every registered reform."""

from __future__ import annotations

import inspect
import pkgutil

import pytest
from hypothesis import given, settings

import govsim.reforms
from govsim.reforms import REGISTRY, Reform
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing import polities
from govsim.testing.reforms import STRATEGIES, check_reform, examples_kazakhstan, reforms

BASE = kazakhstan_2019()
EXAMPLES = examples_kazakhstan()  # each reform's contract_example, declared beside it


def _reform_classes() -> list[type[Reform]]:
    found = []
    for info in pkgutil.iter_modules(govsim.reforms.__path__, "govsim.reforms."):
        module = __import__(info.name, fromlist=["_"])
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Reform) and obj is not Reform and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def test_every_reform_class_is_registered() -> None:
    classes = _reform_classes()
    assert len(classes) == len(REGISTRY)
    for cls in classes:
        assert REGISTRY.get(cls.name) is cls, f"{cls.__qualname__} is not registered"


def test_every_registered_reform_has_a_strategy_and_an_example() -> None:
    assert set(STRATEGIES) == set(REGISTRY)
    assert set(EXAMPLES) == set(REGISTRY)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_contract_on_kazakhstan(name: str) -> None:
    out = check_reform(EXAMPLES[name], BASE)
    assert out is not None, f"the {name} example should apply to the 2019 baseline"


@settings(max_examples=60, deadline=None)
@given(polity=polities(max_institutions=20, max_relations=50), reform=reforms())
def test_contract_on_random_polities(polity, reform) -> None:  # type: ignore[no-untyped-def]
    check_reform(reform, polity)


# a small pool (national offices, two regions and a few of their units) keeps examples cheap
_IDS = [
    i.id
    for i in BASE.institutions
    if i.level == "national" or i.territory in ("kz.karaganda", "kz.astana")
] + [
    "akim.district.karaganda.ulytau",
    "maslikhat.district.karaganda.ulytau",
    "akim.rural.karaganda",
]
_TERR = [
    "kz",
    "kz.karaganda",
    "kz.astana",
    "kz.akmola",
    "kz.karaganda.district.ulytau",
    "kz.karaganda.district.zhanaarka",
    "kz.karaganda.city.karaganda",
    "kz.akmola.district.d01",
]


@settings(max_examples=30, deadline=None)
@given(reform=reforms(ids=_IDS, territories=_TERR))
def test_contract_on_kazakhstan_random_parameters(reform) -> None:  # type: ignore[no-untyped-def]
    check_reform(reform, BASE)

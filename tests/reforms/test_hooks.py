"""A reform is one module: its contract hooks beside it, discovered with no import line.

- every registered reform declares ``contract_strategy`` and ``contract_example`` (the
  contract suite reads them from the class; ``contract_fitted`` is optional);
- a registered reform without them fails the suite with a message naming the class,
  its registry name and the missing hooks;
- every public module of ``govsim.reforms`` is imported by the package (a new reform
  module registers itself), and ``import govsim`` imports no hypothesis.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

import govsim.reforms
from govsim.model.polity import Polity
from govsim.reforms import REGISTRY, Reform, register
from govsim.reforms.base import CONTRACT_HOOKS, declares
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.reforms import (
    check_hooks,
    check_reform,
    examples,
    missing_hooks,
    reforms,
    reforms_for,
    strategies,
)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_registered_reform_declares_its_hooks(name: str) -> None:
    check_hooks(REGISTRY[name])


def test_the_strategies_cover_the_registry() -> None:
    assert set(strategies()) == set(REGISTRY)


class _Bare(Reform):
    """A reform with traits and an ``_apply``, but no contract hooks."""

    name = "bare_for_test"
    traits = frozenset(
        {"keeps_institutions", "keeps_territories", "no_new_institutions",
         "no_new_territories", "keeps_relations", "conserves_population", "rules_only",
         "idempotent"}
    )  # fmt: skip
    lacks = frozenset()

    def _apply(self, polity: Polity) -> Polity:
        return polity


@pytest.fixture
def bare() -> Iterator[type[Reform]]:
    register(_Bare)
    try:
        yield _Bare
    finally:
        del REGISTRY[_Bare.name]


def test_a_reform_without_hooks_is_named_with_what_it_lacks(bare: type[Reform]) -> None:
    assert missing_hooks(bare) == list(CONTRACT_HOOKS)
    assert not declares(bare, "contract_fitted")
    pattern = (
        r"_Bare \('bare_for_test', in .*\) does not declare contract_strategy, contract_example"
    )
    with pytest.raises(AssertionError, match=pattern):
        check_hooks(bare)
    with pytest.raises(AssertionError, match=pattern):
        reforms(names=[bare.name])
    with pytest.raises(AssertionError, match=pattern):
        reforms_for(kazakhstan_2019(), names=[bare.name])
    with pytest.raises(AssertionError, match=pattern):
        examples(kazakhstan_2019(), names=[bare.name])
    with pytest.raises(NotImplementedError, match="declares no contract_example"):
        bare.contract_example(kazakhstan_2019())
    # the contract itself needs no hook: a user's reform runs it as it is
    assert check_reform(bare(), kazakhstan_2019()) is not None


def test_every_public_module_is_imported_by_the_package() -> None:
    public = {
        info.name
        for info in pkgutil.iter_modules(govsim.reforms.__path__, "govsim.reforms.")
        if not info.name.rpartition(".")[2].startswith("_")
    }
    code = (
        "import sys, govsim.reforms; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('govsim.reforms.')))); "
        "print('hypothesis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert public <= set(out[0].split())
    assert out[1] == "False", "import govsim.reforms imported hypothesis"

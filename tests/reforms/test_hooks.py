"""A reform is one module: its contract hooks beside it, discovered with no import line.

- every registered reform declares ``contract_strategy`` and ``contract_example`` (the
  contract suite reads them from the class; ``contract_fitted`` is optional);
- a registered reform without them fails the suite with a message naming the class,
  its registry name and the missing hooks;
- every public module of ``govsim.reforms`` is imported by the package (a new reform
  module registers itself), and ``import govsim`` imports no hypothesis;
- the examples find offices by role (a polity whose ids no country uses), and the
  helpers the hooks receive (``role_id``, ``View``) read the polity as they say.
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


def _roles_only() -> Polity:
    """A polity whose offices share no id with any country's data: only roles name them."""
    from govsim import Institution, Relation

    def inst(id_: str, kind: str, role: str | None = None, seats: int = 1) -> Institution:
        return Institution(id=id_, name=id_, kind=kind, level="national", seats=seats, role=role)

    return Polity(
        "roles only",
        institutions=[
            inst("v", "electorate"),
            inst("h", "head_of_state", "head_of_state"),
            inst("g", "government", "head_of_government"),
            inst("lo", "chamber", "lower_chamber", 60),
            inst("up", "chamber", "upper_chamber", 20),
        ],
        relations=[
            Relation(source="v", target="h", kind="elects"),
            Relation(source="v", target="lo", kind="elects"),
            Relation(source="h", target="g", kind="appoints"),
        ],
    )


def test_the_examples_find_offices_by_role() -> None:
    p = _roles_only()
    built = examples(p, ["chamber_approval", "nepotism_ban", "resize_body", "term_limit"])
    assert (built["chamber_approval"].lower_chamber, built["chamber_approval"].upper_chamber) == (
        "lo",
        "up",
    )
    assert built["nepotism_ban"].office == "h"
    assert built["resize_body"].body.ids == ("up",)
    assert built["term_limit"].office.ids == ("h",)
    for reform in built.values():
        assert check_reform(reform, p) is not None, reform.describe()


def test_role_id_falls_back_and_names_the_roles() -> None:
    from govsim.errors import ValidationError
    from govsim.reforms.contract import role_id

    p = _roles_only()
    assert role_id(p, "upper_chamber") == "up"
    assert role_id(p, "ombudsman", "lower_chamber") == "lo"
    with pytest.raises(
        ValidationError, match="no institution with role 'ombudsman' or 'vice_president'"
    ):
        role_id(p, "ombudsman", "vice_president")


def test_the_view_holds_the_polity_columns() -> None:
    from govsim.reforms.contract import View

    p = kazakhstan_2019()
    v = View.of(p)
    assert v.n == p.n_institutions
    assert v.ids == [i.id for i in p.institutions]
    assert v.t_ids == [t.id for t in p.territories]
    senate = v.ids.index("senate")
    assert int(v.fill[senate]) <= int(v.seats[senate])
    assert "mazhilis" in v.lists
    # the regions of Kazakhstan hold districts; the root holds the regions
    assert v.t_ids.index("kz") in v.parents_with_children(2)

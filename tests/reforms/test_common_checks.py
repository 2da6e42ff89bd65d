"""Common checks for every registered reform, in the style of scikit-learn's test_common.

- invalid values generated from each reform's declared fields are refused with a
  govsim error naming the field (never pydantic's, numpy's or an OverflowError);
- the contract suite reaches the success path of every reform on random polities
  (parameters drawn from the polity), and finds a counterexample to every trait a
  reform declares it lacks;
- every reform pins its traits (held and lacked) in its own class.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from govsim.errors import GovsimError
from govsim.model.polity import Polity
from govsim.reforms import REGISTRY, TRAITS, ElectoralSystemChange, Reform, TermLimit
from govsim.scenarios import synthetic
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.reforms import (
    TraitLog,
    check_invalid_parameter,
    check_reform,
    examples_kazakhstan,
    invalid_values,
    observe_traits,
    polities_and_reforms,
)

BASE = kazakhstan_2019()
EXAMPLES = examples_kazakhstan()  # each reform's contract_example, declared beside it

# -- invalid parameters ------------------------------------------------------------------------
CASES = [
    pytest.param(name, field, value, id=f"{name}-{field}-{k}")
    for name in sorted(REGISTRY)
    for k, (field, value) in enumerate(invalid_values(REGISTRY[name], EXAMPLES[name]))
]


def test_every_reform_and_field_has_invalid_values() -> None:
    covered = {(name, field) for name, field, _ in (c.values for c in CASES)}
    for name, cls in REGISTRY.items():
        for field in cls.model_fields:
            assert (name, field) in covered, f"no invalid value generated for {name}.{field}"


@pytest.mark.parametrize(("name", "field", "value"), CASES)
def test_invalid_parameter_is_refused_naming_the_field(
    name: str, field: str, value: object
) -> None:
    check_invalid_parameter(EXAMPLES[name], field, value, BASE)


@pytest.mark.parametrize(
    ("cls", "params", "field"),
    [  # the cases of the reliability issue, by name
        (TermLimit, {"office": "president", "years": 0}, "years"),
        (REGISTRY["appointment_quota"], {"body": "senate", "appointer": "president", "seats": -1}, "seats"),
        (REGISTRY["constitutional_court"], {"term_years": 200}, "term_years"),
        (REGISTRY["constitutional_court"], {"id": " "}, "id"),
        (REGISTRY["resize_body"], {"body": "senate", "seats": 2**63}, "seats"),
        (TermLimit, {"office": {}, "years": 5}, "office"),
        (
            ElectoralSystemChange,
            {"body": "mazhilis", "tiers": [{"type": "list", "seats": 5, "threshold": 5}]},
            "tiers",
        ),
    ],
)  # fmt: skip
def test_issue_examples_are_refused(cls: type[Reform], params: dict, field: str) -> None:
    with pytest.raises(GovsimError, match=field):
        cls(**params).apply(BASE)


# -- the success path on random polities ---------------------------------------------------------
#: Draws per reform, and how many of them must apply (the rest hit the error path:
#: an unknown id from the pool strategies, or a polity with nothing to act on).
DRAWS = 15
MIN_APPLIED = 6

#: Traits a reform lacks whose counterexample random polities do not reach, with
#: the test below that shows one.
UNREACHED = {
    (
        "electoral_system_change",
        "keeps_institutions",
    ): "test_electoral_system_change_removes_old_districts",
}


#: Known defects the contract run hits, with the regression test that pins each.
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_contract_reaches_the_success_path(name: str) -> None:
    log = TraitLog()
    applied = 0

    @settings(
        max_examples=DRAWS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        # derandomized draws name their failing example; no shrinking keeps a red run short
        phases=[Phase.explicit, Phase.generate],
    )
    @given(case=polities_and_reforms(names=[name], max_institutions=10, max_relations=24))
    def run(case: tuple) -> None:
        nonlocal applied
        polity, reform = case
        if check_reform(reform, polity, log) is not None:
            applied += 1

    run()
    assert applied >= MIN_APPLIED, f"{name} applied in {applied} of {DRAWS} draws"
    unrefuted = log.unrefuted(name) - {t for (n, t) in UNREACHED if n == name}
    assert not unrefuted, f"{name} declares it lacks {sorted(unrefuted)}, but they always held"


def test_electoral_system_change_all_districts_is_idempotent() -> None:
    # found by the contract run: the body's only electorate sits in another territory;
    # the first change replaces its channel by district electorates, and the second
    # looked for an electorate for the (empty) list tier and found none
    p = Polity.from_arrays(
        "outside-electorate",
        territories={"id": ["t0", "t1"], "level": ["national", "regional"], "parent": [-1, 0]},
        institutions={
            "id": ["n0", "n1"],
            "kind": ["consultative", "electorate"],
            "level": ["district", "regional"],
            "territory": [-1, 1],
            "seats": [1, 25],
        },
        relations={"source": [1], "target": [0], "kind": ["elects"], "seats": [1]},
    )
    reform = ElectoralSystemChange(body="n0", list_share=0.0)
    out = reform.apply(p)
    assert reform.apply(out) == out


def test_electoral_system_change_removes_old_districts() -> None:
    p = synthetic(1_000, seed=1)
    four = ElectoralSystemChange(
        body="lower_chamber", tiers=[{"type": "single_member", "seats": 4}]
    )
    two = ElectoralSystemChange(body="lower_chamber", tiers=[{"type": "single_member", "seats": 2}])
    before = four.apply(p)
    after = two.apply(before)
    assert not observe_traits(two, before, after)["keeps_institutions"]
    assert after.n_institutions == before.n_institutions - 2


# -- traits --------------------------------------------------------------------------------------
def test_every_reform_declares_every_trait_in_its_own_class() -> None:
    """The traits are pinned in each reform class (``traits`` held, ``lacks`` not held):
    both declared in the class body itself, never inherited, together exactly TRAITS."""
    for name, cls in REGISTRY.items():
        for declared in ("traits", "lacks"):
            assert declared in vars(cls), f"{name}: {cls.__qualname__} inherits {declared!r}"
        held, lacked = set(cls.traits), set(cls.lacks)
        assert held | lacked == set(TRAITS), f"{name}: traits {sorted(set(TRAITS) - held - lacked)}"
        assert not held & lacked, f"{name}: both holds and lacks {sorted(held & lacked)}"


def test_a_reform_must_declare_every_trait() -> None:
    with pytest.raises(TypeError, match="must declare the traits"):

        class Partial(Reform):
            name = "partial_for_test"
            traits = frozenset({"idempotent"})

    with pytest.raises(TypeError, match="both holds and lacks"):

        class Both(Reform):
            name = "both_for_test"
            traits = frozenset(TRAITS)
            lacks = frozenset({"idempotent"})

"""The reform contract suite and hypothesis strategies of reforms.

:func:`check_reform` is what every registered reform must pass, on any polity (in
the style of scikit-learn's ``check_estimator``): the input is unchanged, the
output is a valid polity, the result is deterministic, the reform and the output
round-trip through JSON and pickle, the declared traits hold, and a reform that
cannot apply raises :class:`govsim.ReformError` naming itself (never another
exception). :func:`reforms` draws reforms of every registered kind with ids from a
pool; :func:`reforms_for` draws them with parameters fitted to one polity, so that
most apply (and one in :data:`POOL_EVERY` takes the pool's, for the error path);
:func:`examples` builds one applicable instance of each for a polity.

None of them holds a table of reforms: they enumerate :data:`govsim.reforms.REGISTRY`
and call the contract hooks each reform class declares beside itself
(``contract_strategy``, ``contract_fitted``, ``contract_example``; see
:mod:`govsim.reforms.contract`, whose :class:`Pool` and :class:`View` they receive and
which this module re-exports). :func:`check_hooks` fails naming a reform that lacks one.
:func:`invalid_values` and :func:`check_invalid_parameter` are the common checks
of parameters: every bad value of every declared field is refused with a govsim
error naming the field.
"""

from __future__ import annotations

import importlib
import math
import pickle
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import numpy as np
from hypothesis import strategies as st

from govsim.errors import GovsimError, ReformError
from govsim.model.kinds import Level
from govsim.model.polity import Polity
from govsim.model.rows import Relation, TermRule
from govsim.reforms import REGISTRY, TRAITS, Change, ConstitutionalCourt, Reform, Selector
from govsim.reforms.base import CONTRACT_HOOKS, declares
from govsim.reforms.contract import KINDS, LEVELS, RELATION_KINDS, Pool, View, role_id

__all__ = [
    "CONTRACT_HOOKS",
    "HUGE_INT",
    "KINDS",
    "LAZY_FIELDS",
    "LEVELS",
    "POOL_EVERY",
    "RELATION_KINDS",
    "STRATEGIES",
    "Pool",
    "TraitLog",
    "View",
    "check_hooks",
    "check_invalid_parameter",
    "check_reform",
    "check_traits",
    "eager_change",
    "examples",
    "examples_kazakhstan",
    "full_diff",
    "invalid_values",
    "missing_hooks",
    "observe_traits",
    "polities_and_reforms",
    "reforms",
    "reforms_for",
    "role_id",
    "strategies",
    "synthetic_court",
]

_T = TypeVar("_T")

#: The fields of :class:`govsim.reforms.Change` that ``diff`` fills with lazy sequences.
LAZY_FIELDS = (
    "territories_added",
    "territories_removed",
    "institutions_added",
    "institutions_removed",
    "relations_added",
    "relations_removed",
    "relations_changed",
)


def eager_change(change: Change) -> Change:
    """The same change with every lazy sequence built into a plain tuple of its items.

    What ``diff`` returned before its sequences became lazy: the tests and
    ``benchmarks/bench_diff.py`` compare the two.
    """
    built: dict[str, Any] = {f: tuple(getattr(change, f)) for f in LAZY_FIELDS}
    return replace(change, **built)


def synthetic_court(*more_petitioners: str) -> ConstitutionalCourt:
    """The constitutional court that replaces the court of a synthetic polity.

    ``ConstitutionalCourt`` with the ids :func:`govsim.scenarios.synthetic` gives its
    national offices: it replaces ``court``, the ``upper_chamber`` and the
    ``lower_chamber`` choose its judges, the president, both chambers and the
    government may petition it (with ``more_petitioners`` after them), and the
    ``electorate`` may bring complaints. Of the registered reforms it is one of those
    that change the most relations of a synthetic polity (every relation of the old
    court is dropped and the new court's appended), so the diff tests and
    ``benchmarks/bench_diff.py`` and ``bench_reforms.py`` share it.
    """
    return ConstitutionalCourt(
        replaces="court",
        upper_chamber="upper_chamber",
        lower_chamber="lower_chamber",
        petitioners=(
            "president",
            "upper_chamber",
            "lower_chamber",
            "government",
            *more_petitioners,
        ),
        citizens="electorate",
    )


def full_diff(before: Polity, after: Polity) -> Change:
    """``diff`` with its shortcuts through the rows a reform kept turned off.

    The plain full comparison that ``diff``'s fast paths must agree with: the id
    columns matched by a sort of both (no pairing of kept rows,
    ``govsim.reforms.diff._pairing``) and every relation of both sides compared as
    a multiset (no cancelling of the rows kept on both,
    ``govsim.reforms.diff._kept_rows``). The tests and ``benchmarks/bench_diff.py``
    compare with it. Not thread-safe: the shortcuts are off for the whole process
    while it runs.
    """
    from unittest import mock

    from govsim.reforms import diff as _diff_function

    module = importlib.import_module("govsim.reforms.diff")  # the package's `diff` is the function
    with (
        mock.patch.object(module, "_kept_rows", return_value=None),
        mock.patch.object(module, "_pairing", return_value=None),
    ):
        return _diff_function(before, after)


# -- the contract --------------------------------------------------------------------------------
def _snapshot(p: Polity) -> Polity:
    copy: Polity = pickle.loads(pickle.dumps(p))
    return copy


def observe_traits(reform: Reform, before: Polity, after: Polity) -> dict[str, bool]:
    """Which traits of :data:`govsim.reforms.TRAITS` hold for ``before -> after``.

    ``idempotent`` holds when applying the reform to its own output gives the
    output back; a :class:`govsim.ReformError` on that second application counts as
    not idempotent.
    """
    ib, ia = before.institution_table.id, after.institution_table.id
    tb, ta = before.territory_table.id, after.territory_table.id
    tables_kept = (
        after.territory_table.equals(before.territory_table)
        and after.institution_table.equals(before.institution_table)
        and after.relation_table.equals(before.relation_table)
    )
    out = {
        "keeps_institutions": bool(np.isin(ib, ia).all()),
        "keeps_territories": bool(np.isin(tb, ta).all()),
        "no_new_institutions": bool(np.isin(ia, ib).all()),
        "no_new_territories": bool(np.isin(ta, tb).all()),
        "keeps_relations": after.relation_table.equals(before.relation_table),
        "conserves_population": _population_conserved(before, after),
        "rules_only": tables_kept,
    }
    try:
        out["idempotent"] = reform.apply(after) == after
    except ReformError:
        out["idempotent"] = False
    missing = set(TRAITS) - set(out)
    assert not missing, f"observe_traits has no check for the traits {sorted(missing)}"
    return out


def check_traits(reform: Reform, before: Polity, after: Polity) -> dict[str, bool]:
    """Assert that every trait ``reform`` holds (``traits``) holds for ``before -> after``.

    Returns what :func:`observe_traits` saw, so that a caller can collect
    counterexamples to the traits the reform lacks (see :class:`TraitLog`).
    """
    cls = type(reform)
    undeclared = set(TRAITS) - set(cls.traits) - set(cls.lacks)
    assert not undeclared, (
        f"{reform.name}: traits {sorted(undeclared)} declared neither held nor lacked"
    )
    seen = observe_traits(reform, before, after)
    for trait in sorted(cls.traits):
        assert seen[trait], f"{reform.name}: declared trait {trait!r} does not hold"
    return seen


class TraitLog:
    """Counterexamples to the traits reforms lack, collected over many applications.

    A trait a reform declares it lacks should fail somewhere: if it never does on
    many random applications, either the declaration is wrong (the trait holds) or
    the strategies never reach the case. :meth:`unrefuted` lists such traits.
    """

    def __init__(self) -> None:
        self.applied: Counter[str] = Counter()
        self.refuted: dict[str, Counter[str]] = {}

    def record(self, reform: Reform, seen: dict[str, bool]) -> None:
        self.applied[reform.name] += 1
        counts = self.refuted.setdefault(reform.name, Counter())
        for trait, held in seen.items():
            if not held:
                counts[trait] += 1

    def unrefuted(self, name: str) -> set[str]:
        """The traits reform ``name`` lacks that no recorded application contradicted."""
        lacks = REGISTRY[name].lacks
        return {t for t in lacks if not self.refuted.get(name, Counter())[t]}


def _population_conserved(before: Polity, after: Polity) -> bool:
    """At each level whose populations are all known before: all known after, same total."""
    tb, ta = before.territory_table, after.territory_table
    for code in range(len(Level)):
        pb = tb.population[tb.level == code]
        pa = ta.population[ta.level == code]
        all_known = pb.shape[0] and (pb >= 0).all()
        if all_known and not ((pa >= 0).all() and pa.sum() == pb.sum()):
            return False
    return True


def check_reform(reform: Reform, polity: Polity, log: TraitLog | None = None) -> Polity | None:
    """Run the reform contract on one polity; return the reformed polity (None if inapplicable).

    Every trait the reform holds is checked on the result; with a :class:`TraitLog`,
    what was seen of the traits it lacks is recorded there.

    Raises
    ------
    AssertionError
        Naming the broken clause.
    """
    name = type(reform).name
    assert name, f"{type(reform).__name__} has no registry name"
    assert REGISTRY.get(name) is type(reform), f"{type(reform).__name__} is not registered"
    # the reform itself: JSON (what scenario files and ensembles use) and pickle round-trips
    again = type(reform).model_validate_json(reform.model_dump_json())
    assert again == reform, f"{name}: JSON round-trip changed the reform"
    assert pickle.loads(pickle.dumps(reform)) == reform, f"{name}: pickle round-trip"
    snapshot = _snapshot(polity)
    message: str | None
    try:
        out = reform.apply(polity)
    except ReformError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        assert name in message, f"{name}: the ReformError does not name the reform: {message}"
        assert polity == snapshot, f"{name}: a failed apply changed its input"
        return None
    assert polity == snapshot, f"{name}: apply changed its input"
    assert isinstance(out, Polity)
    assert reform.apply(polity) == out, f"{name}: not deterministic"
    assert again.apply(polity) == out, f"{name}: the JSON round-tripped reform acts differently"
    # the output re-validates from its document form, and pickles
    assert Polity.from_document(out.to_dict()) == out, f"{name}: output does not round-trip"
    assert pickle.loads(pickle.dumps(out)) == out, f"{name}: output does not pickle"
    seen = check_traits(reform, polity, out)
    if log is not None:
        log.record(reform, seen)
    assert polity == snapshot, f"{name}: checking traits changed the input"
    return out


# -- the contract hooks --------------------------------------------------------------------------
def missing_hooks(cls: type[Reform]) -> list[str]:
    """The required contract hooks (:data:`govsim.reforms.base.CONTRACT_HOOKS`) ``cls`` lacks."""
    return [hook for hook in CONTRACT_HOOKS if not declares(cls, hook)]


def check_hooks(cls: type[Reform]) -> None:
    """Assert that a reform class declares its contract hooks beside itself.

    Raises
    ------
    AssertionError
        Naming the class, its registry name and the missing hooks.
    """
    missing = missing_hooks(cls)
    assert not missing, (
        f"{cls.__qualname__} ({cls.name!r}, in {cls.__module__}) does not declare "
        f"{', '.join(missing)}: a registered reform declares its contract hooks as class "
        "methods beside itself (govsim.reforms.contract; docs/extending.md, 'A reform')"
    )


def _classes(names: Sequence[str] | None) -> list[type[Reform]]:
    chosen = sorted(REGISTRY) if names is None else list(names)
    classes = [REGISTRY[n] for n in chosen]
    for cls in classes:
        check_hooks(cls)
    return classes


def _pool_strategies(pool: Pool, names: Sequence[str] | None) -> list[st.SearchStrategy[Reform]]:
    return [cls.contract_strategy(pool) for cls in _classes(names)]


def strategies() -> tuple[str, ...]:
    """The registered reforms that declare a pool strategy (``contract_strategy``), sorted."""
    return tuple(n for n in sorted(REGISTRY) if declares(REGISTRY[n], "contract_strategy"))


#: The names :func:`reforms` can draw when this module is imported (a test checks that
#: it covers the registry; :func:`strategies` gives the current set).
STRATEGIES: tuple[str, ...] = strategies()


def reforms(
    ids: Sequence[str] | None = None,
    territories: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
) -> st.SearchStrategy[Reform]:
    """Random reforms of the registered kinds, with ids drawn from pools.

    Each reform's strategy is its class's ``contract_strategy`` (declared beside it,
    see :mod:`govsim.reforms.contract`).

    Parameters
    ----------
    ids, territories : sequences of str, optional
        Institution and territory ids to draw from; the defaults match the ids of
        :func:`govsim.testing.polities` (``n0``.. ``n29``, ``t0``.. ``t9``).
    names : sequence of str, optional
        Restrict to these registry names.

    Raises
    ------
    AssertionError
        If a chosen reform declares no ``contract_strategy`` (:func:`check_hooks`).
    """
    ids = list(ids) if ids is not None else [f"n{k}" for k in range(30)]
    territories = list(territories) if territories is not None else [f"t{k}" for k in range(10)]
    return st.one_of(_pool_strategies(Pool(tuple(ids), tuple(territories)), names))


# -- strategies fitted to a polity ---------------------------------------------------------------
#: How often :func:`reforms_for` draws parameters from the pool strategies (ids
#: anywhere in the polity, or unknown) instead of fitted ones: 1 in this many draws,
#: so that the error path stays covered.
POOL_EVERY = 8

_GHOST = "no_such_id"  # an id no drawn polity holds


@st.composite
def _fitted(draw: st.DrawFn, /, cls: type[Reform], view: View) -> Reform:
    return cls.contract_fitted(draw, view)


def reforms_for(polity: Polity, names: Sequence[str] | None = None) -> st.SearchStrategy[Reform]:
    """Random reforms with parameters drawn from ``polity``, so that most of them apply.

    Each reform's fitted strategy is its class's ``contract_fitted`` (ids, selectors,
    seat counts and territories chosen from what the polity holds: a body is resized
    to at least the seats its channels fill, a region is split into a proper subset
    of its children, ...); one draw in :data:`POOL_EVERY` uses the pool strategies
    of :func:`reforms` instead (any id of the polity, or an unknown one), so the
    error path stays covered. A reform without ``contract_fitted``, or whose
    ``contract_fits`` refuses the polity, draws from its pool strategy alone.

    Parameters
    ----------
    polity : Polity
    names : sequence of str, optional
        Restrict to these registry names.

    Examples
    --------
    >>> from hypothesis import find
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> r = find(reforms_for(p, ["split_region"]), lambda r: True)
    >>> r.name, r.region in {t.id for t in p.territories}
    ('split_region', True)
    """
    v = View.of(polity)
    pool = Pool((*v.ids, _GHOST), (*v.t_ids, _GHOST))
    out = []
    for cls in _classes(names):
        drawn = cls.contract_strategy(pool)
        if declares(cls, "contract_fitted") and cls.contract_fits(v):
            drawn = _mixed(_fitted(cls, v), drawn)
        out.append(drawn)
    return st.one_of(out)


def _mixed(
    fit: st.SearchStrategy[Reform], pool: st.SearchStrategy[Reform]
) -> st.SearchStrategy[Reform]:
    """``pool`` in about one draw of :data:`POOL_EVERY`, else ``fit``."""

    def pick(k: int) -> st.SearchStrategy[Reform]:
        return pool if k % POOL_EVERY == 3 else fit

    # hypothesis favours small integers: test a residue that 0 and 1 miss
    return st.integers(0, 2**16).flatmap(pick)


@st.composite
def polities_and_reforms(
    draw: st.DrawFn, /, names: Sequence[str] | None = None, **polity_options: Any
) -> tuple[Polity, Reform]:
    """A random polity (:func:`govsim.testing.polities`) and a reform fitted to it.

    ``polity_options`` go to :func:`~govsim.testing.strategies.polities`; unless
    they say otherwise, the polities are ``shaped`` (levels by depth, electorates,
    electoral systems) and hold at least 2 institutions and 4 territories, so that
    every reform has something to act on (:func:`reforms` on ``polities()`` covers
    the empty and degenerate ones).
    """
    from govsim.testing.strategies import polities

    polity_options.setdefault("shaped", True)
    polity_options.setdefault("min_institutions", 2)
    polity_options.setdefault("min_territories", 4)
    polity = draw(polities(**polity_options))
    return polity, draw(reforms_for(polity, names))


# -- invalid parameters --------------------------------------------------------------------------
#: Far beyond any count a real polity needs and beyond int64: must be refused, never wrap.
HUGE_INT = 2**63


def _unwrap(annotation: Any) -> tuple[list[Any], bool, list[Any]]:
    """The member types of an annotation (Annotated and Optional removed), whether None
    is allowed, and the metadata found inside Annotated members."""
    members: list[Any] = []
    meta: list[Any] = []
    optional = False
    stack = [annotation]
    while stack:
        a = stack.pop()
        origin = get_origin(a)
        if a is type(None) or a is None:
            optional = True
        elif origin is Annotated:
            args = get_args(a)
            stack.append(args[0])
            meta.extend(args[1:])
        elif origin in (Union, UnionType):
            stack.extend(get_args(a))
        else:
            members.append(a)
    return members, optional, meta


def _bounds(meta: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in meta:
        for key in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            value = getattr(m, key, None)
            if value is not None:
                out[key] = value
        out.update(_bounds(getattr(m, "metadata", ()) or ()))
    return out


def _is_name(field: str) -> bool:
    """Free-text fields (names, notes), as opposed to ids and references."""
    return field.endswith("name") or field in ("capital", "note")


def invalid_values(cls: type[Reform], example: Reform) -> list[tuple[str, Any]]:
    """Bad values for every declared field of a reform class, from its annotations.

    Per field: wrong types (text for numbers, ``True`` for counts, numbers for ids),
    values outside the declared bounds, :data:`HUGE_INT` for counts, NaN for
    fractions, text beyond its maximum length for names and notes, empty, blank
    and NUL-carrying ids (the NUL appended to the
    ``example``'s own id, so that a lookup which drops it would find a real
    institution), an empty selector, unknown kinds and names, and bad nested tiers,
    relations and term rules. Each must be refused with a govsim error naming the
    field, at construction or on apply (:func:`check_invalid_parameter`).
    """
    out: list[tuple[str, Any]] = []
    for field, info in cls.model_fields.items():
        members, optional, meta = _unwrap(info.annotation)
        bounds = _bounds([*info.metadata, *meta])
        current = getattr(example, field)
        bad: list[Any] = []
        if not optional:
            bad.append(None)
        for t in members:
            origin, args = get_origin(t), get_args(t)
            if t is bool:
                bad += ["maybe", 2]
            elif t is int:
                bad += [True, 1.5, "3", HUGE_INT]
                if "ge" in bounds:
                    bad.append(bounds["ge"] - 1)
                if "gt" in bounds:
                    bad.append(bounds["gt"])
                if "le" in bounds:
                    bad.append(bounds["le"] + 1)
            elif t is float:
                bad += [True, "0.5", math.nan, math.inf]
                if "ge" in bounds:
                    bad.append(bounds["ge"] - 0.1)
                if "gt" in bounds:
                    bad.append(bounds["gt"])
                if "le" in bounds:
                    bad.append(bounds["le"] + 0.1)
                if "lt" in bounds:
                    bad.append(bounds["lt"])
            elif t is str:
                bad.append(5)
                if _is_name(field):
                    if bounds.get("min_length"):
                        bad.append("")
                    if bounds.get("max_length"):
                        bad.append("x" * (bounds["max_length"] + 1))
                else:
                    known = current if isinstance(current, str) else "president"
                    bad += ["", " ", f" {known}", f"{known}\x00"]
            elif isinstance(t, type) and issubclass(t, Selector):
                first = (current.ids or ("president",))[0] if current is not None else "president"
                bad += [
                    {},
                    {"ids": [""]},
                    {"ids": [" "]},
                    {"ids": [f"{first}\x00"]},
                    {"kind": ["bogus"]},
                    {"level": ["bogus"]},
                    5,
                ]
            elif (isinstance(t, type) and issubclass(t, Enum)) or origin is Literal:
                bad += ["bogus", 5]
            elif isinstance(t, type) and issubclass(t, TermRule):
                bad += [{"years": 0}, {"years": True}, {"years": HUGE_INT}]
            elif origin is tuple:
                item_types, _, _ = _unwrap(args[0])
                bad.append(5)
                if bounds.get("min_length"):
                    bad.append(())
                item = item_types[0] if len(item_types) == 1 else None
                if item is str:
                    known = current[0] if current else "president"
                    bad += [("",), (" ",), (f"{known}\x00",)]
                elif isinstance(item, type) and issubclass(item, Enum):
                    bad.append(("bogus",))
                elif isinstance(item, type) and issubclass(item, Relation):
                    bad += [
                        ({"source": "", "target": "president", "kind": "appoints"},),
                        ({"source": "president", "target": "president", "kind": "bogus"},),
                        ({"source": "president", "target": "x", "kind": "appoints", "seats": 0},),
                    ]
                else:  # tiers
                    bad += [
                        ({"type": "list", "seats": 0},),
                        ({"type": "list", "seats": 5, "threshold": 5},),
                        ({"type": "list", "seats": 3, "districts": 4},),
                        ({"type": "bogus", "seats": 3},),
                    ]
            elif origin is dict:
                bad += [5, {"": "x"}, {"x": 5}]
        out += [(field, value) for value in bad if not _same(value, current)]
    return out


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except Exception:
        return False


def check_invalid_parameter(example: Reform, field: str, value: Any, polity: Polity) -> str:
    """Build ``example`` with ``field = value`` and apply it; it must be refused.

    The refusal must be a :class:`govsim.GovsimError` (not pydantic's, numpy's or an
    OverflowError) whose message names ``field``, raised when the reform is built or
    when it is applied to ``polity``. Returns the message.

    Raises
    ------
    AssertionError
        If the value is accepted, or refused the wrong way.
    """
    cls = type(example)
    params = {k: getattr(example, k) for k in example.model_fields_set}
    params[field] = value
    try:
        reform = cls(**params)
        reform.apply(polity)
    except GovsimError as exc:
        message = str(exc)
        assert field in message, (
            f"{cls.name}: {field}={value!r} is refused, but the message does not name "
            f"{field!r}: {message}"
        )
        return message
    except Exception as exc:
        raise AssertionError(
            f"{cls.name}: {field}={value!r} raised {type(exc).__module__}.{type(exc).__name__} "
            f"instead of a govsim error: {str(exc)[:300]}"
        ) from exc
    raise AssertionError(f"{cls.name}: {field}={value!r} was accepted and applied")


def examples(polity: Polity, names: Sequence[str] | None = None) -> dict[str, Reform]:
    """One instance of every registered reform (or of ``names``) built for ``polity``.

    Each comes from its class's ``contract_example(polity)``, declared beside it.

    Raises
    ------
    AssertionError
        If a reform declares no ``contract_example`` (:func:`check_hooks`), or its
        example is not an instance of the class itself.
    """
    out: dict[str, Reform] = {}
    for cls in _classes(names):
        example = cls.contract_example(polity)
        assert type(example) is cls, (
            f"{cls.__qualname__}.contract_example returned a {type(example).__qualname__}"
        )
        out[cls.name] = example
    return out


def examples_kazakhstan() -> dict[str, Reform]:
    """One applicable instance of every registered reform for the Kazakhstan 2019 baseline."""
    from govsim.scenarios.kazakhstan import kazakhstan_2019

    return examples(kazakhstan_2019())

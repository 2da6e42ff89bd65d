"""The :class:`Reform` base class: a frozen model of parameters with ``apply(polity)``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pydantic
from numpy.typing import NDArray
from pydantic import ConfigDict

from govsim.errors import ReformError, ValidationError
from govsim.model.base import GovsimModel, pydantic_message
from govsim.model.polity import Polity
from govsim.reforms.selector import Selector, _unknown_id

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

    from govsim.reforms.contract import Pool, View

__all__ = ["CONTRACT_HOOKS", "TRAITS", "Reform", "declares"]

#: The traits of a reform. Every registered reform declares each one, either as held
#: (``traits``) or as not held (``lacks``); :func:`govsim.testing.reforms.check_reform`
#: checks the held ones on every application, and the common checks find a
#: counterexample for each one a reform lacks.
TRAITS: dict[str, str] = {
    "keeps_institutions": "every institution id of the input is still there",
    "keeps_territories": "every territory id of the input is still there",
    "no_new_institutions": "no institution id is added",
    "no_new_territories": "no territory id is added",
    "keeps_relations": "the relation table is unchanged",
    "conserves_population": "at each level whose populations are all known, they stay known and sum the same",
    "rules_only": "only rules and electoral systems change, never the tables",
    "idempotent": "applying the reform to its own output changes nothing",
}

#: The contract hooks every registered reform declares beside itself (see
#: :mod:`govsim.reforms.contract`); ``contract_fitted`` (with ``contract_fits``) is optional.
CONTRACT_HOOKS: tuple[str, ...] = ("contract_strategy", "contract_example")

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class Reform(GovsimModel):
    """A reform: its parameters, and ``apply(polity) -> Polity``.

    Subclasses hold only parameters (no logic in the constructor), declare a
    snake_case registry ``name`` and, as class variables, the keys of :data:`TRAITS`
    they hold (``traits``) and those they do not (``lacks``; a named reform places
    every trait in exactly one of the two), implement :meth:`_apply`, declare the
    contract hooks the contract suite builds instances from (:meth:`contract_strategy`,
    :meth:`contract_example` and, optionally, :meth:`contract_fitted`; see
    :mod:`govsim.reforms.contract`), and are registered with
    :func:`govsim.reforms.register`. :meth:`apply` never changes its input: it
    returns a new, validated polity, or raises :class:`govsim.ReformError` naming
    the reform, the parameter and the id at fault.

    Parameters are checked when the reform is built: a bad value (of the wrong
    type, out of its documented bounds, an empty or blank id, an id with a NUL)
    raises :class:`govsim.ValidationError` naming the reform class, the field and
    the value, e.g. ``TermLimit: field 'years': Input should be greater than or
    equal to 1 (got 0)``. Bounds on seats, terms and populations are those of the
    row models (:data:`govsim.model.rows.MAX_SEATS`, ``MAX_TERM_YEARS``,
    ``MAX_TERMS``, ``MAX_POPULATION``).

    Examples
    --------
    >>> from govsim.reforms import TermLimit
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> q = TermLimit(office="president", years=5, max_terms=2).apply(p)
    >>> q.institution("president").term.years, p.institution("president").term.years
    (5, 7)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str] = ""
    traits: ClassVar[frozenset[str]] = frozenset()
    lacks: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name and not _SNAKE.match(cls.name):
            raise TypeError(f"Reform name {cls.name!r} of {cls.__qualname__} is not snake_case.")
        unknown = (set(cls.traits) | set(cls.lacks)) - set(TRAITS)
        if unknown:
            raise TypeError(f"{cls.__qualname__} declares unknown traits {sorted(unknown)}.")
        both = set(cls.traits) & set(cls.lacks)
        if both:
            raise TypeError(f"{cls.__qualname__} both holds and lacks the traits {sorted(both)}.")
        undeclared = set(TRAITS) - set(cls.traits) - set(cls.lacks)
        if cls.name and undeclared:
            raise TypeError(
                f"{cls.__qualname__} must declare the traits {sorted(undeclared)} "
                "in 'traits' (held) or 'lacks' (not held)."
            )

    # -- the contract suite's hooks (govsim.testing.reforms; govsim.reforms.contract) ------------
    @classmethod
    def contract_strategy(cls, pool: Pool) -> SearchStrategy[Reform]:
        """A hypothesis strategy of instances with ids drawn from ``pool``.

        Every registered reform declares it; the contract suite draws from it on random
        polities (where most ids are unknown: the error path). Import hypothesis inside
        the method (``from hypothesis import strategies as st``).
        """
        raise NotImplementedError(_undeclared(cls, "contract_strategy"))

    @classmethod
    def contract_fitted(cls, draw: DrawFn, view: View) -> Reform:
        """One instance with parameters drawn from a polity's :class:`~govsim.reforms.contract.View`.

        Optional: declare it so that the contract suite reaches the success path on
        random polities (ids, seats and territories chosen from what the polity holds).
        """
        raise NotImplementedError(_undeclared(cls, "contract_fitted"))

    @classmethod
    def contract_fits(cls, view: View) -> bool:
        """Whether :meth:`contract_fitted` can draw from this polity (default: it has an institution)."""
        return view.n > 0

    @classmethod
    def contract_example(cls, polity: Polity) -> Reform:
        """One instance that applies to ``polity`` (the suite passes Kazakhstan's 2019
        baseline), its offices found by role or structure, never by a country's ids.

        Every registered reform declares it; the common checks derive the invalid
        values of each field from it.
        """
        raise NotImplementedError(_undeclared(cls, "contract_example"))

    # -- the contract ----------------------------------------------------------------------------
    def apply(self, polity: Polity) -> Polity:
        """Return the reformed polity; the input is never changed.

        Raises
        ------
        govsim.ReformError
            When the reform cannot apply (a missing target, a parameter that
            contradicts the polity, or a result that would be invalid).
        """
        if not isinstance(polity, Polity):
            raise ReformError(f"{self._label()}: expected a Polity. Got {type(polity).__name__}.")
        try:
            return self._apply(polity)
        except ReformError:
            raise
        except ValidationError as exc:
            raise ReformError(f"{self._label()}: the reformed polity is invalid: {exc}") from exc
        except pydantic.ValidationError as exc:  # a model built inside _apply without the base
            raise ReformError(
                f"{self._label()}: the reformed polity is invalid: {pydantic_message(exc)}"
            ) from None
        except (OverflowError, MemoryError) as exc:
            # parameters are bounded when the reform is built; this is the last guard
            raise ReformError(
                f"{self._label()}: the parameters {self.describe()} give numbers too large "
                f"to represent ({type(exc).__name__}: {exc})"
            ) from None

    def _apply(self, polity: Polity) -> Polity:
        raise NotImplementedError

    def describe(self) -> str:
        """One line: the registry name and the parameters that differ from the defaults."""
        params = self.model_dump(mode="json", exclude_defaults=True)
        shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return f"{self.name}({shown})"

    def __str__(self) -> str:
        return self.describe()

    # -- helpers for subclasses --------------------------------------------------------------------
    def _label(self) -> str:
        return self.name or type(self).__name__

    def delegate(self, inner: Reform, polity: Polity) -> Polity:
        """Apply a reform this one is built on; its errors are reported under this reform's name."""
        try:
            return inner._apply(polity)
        except ReformError as exc:
            raise ReformError(f"{self._label()} (via {exc})") from exc

    def error(self, param: str, message: str, id: str | None = None) -> ReformError:
        """A :class:`ReformError` naming this reform, the parameter and the id at fault."""
        at = f" ({id!r})" if id is not None else ""
        return ReformError(f"{self._label()}: parameter {param!r}{at}: {message}")

    def select(self, polity: Polity, param: str, selector: Selector) -> NDArray[np.int64]:
        """Rows chosen by a selector parameter; an unknown id or an empty selection is an error."""
        try:
            rows = selector.rows(polity)
        except ValidationError as exc:
            raise self.error(
                param, "no such institution or territory in the polity", _unknown_id(exc)
            ) from None
        if rows.shape[0] == 0:
            raise self.error(param, f"selects no institution ({selector.describe()})")
        return rows

    def row(self, polity: Polity, param: str, id: str) -> int:
        """The row of one institution id parameter."""
        if not polity.has_institution(id):
            raise self.error(param, "no such institution in the polity", id)
        return int(polity.index_of(id)[0])

    def territory_row(self, polity: Polity, param: str, id: str) -> int:
        """The row of one territory id parameter."""
        try:
            return int(polity.territory_index_of(id)[0])
        except ValidationError:
            raise self.error(param, "no such territory in the polity", id) from None


def declares(cls: type[Reform], hook: str) -> bool:
    """Whether ``cls`` (or a base class below :class:`Reform`) declares the contract ``hook``."""
    own = getattr(cls, hook, None)
    base = getattr(Reform, hook)
    return own is not None and getattr(own, "__func__", None) is not base.__func__


def _undeclared(cls: type[Reform], hook: str) -> str:
    return (
        f"{cls.__qualname__} ({cls.name!r}) declares no {hook}: a registered reform declares "
        f"its contract hooks beside itself (docs/extending.md, 'A reform')"
    )

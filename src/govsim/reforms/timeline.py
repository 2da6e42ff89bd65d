"""A baseline polity and dated reforms: the polity in force at any date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, TypeVar

from pydantic import ConfigDict, SerializeAsAny

from govsim.errors import ValidationError
from govsim.model.base import GovsimModel
from govsim.model.polity import Polity
from govsim.model.rows import Bool
from govsim.reforms.base import Reform

__all__ = ["DatedReform", "Timeline", "in_date_order"]

T = TypeVar("T")


def in_date_order(items: Iterable[T], date: Callable[[T], dt.date]) -> list[T]:
    """``items`` sorted by ``date(item)``; items of the same date keep their given order.

    The one order in which dated reforms apply: :class:`Timeline` uses it, and so do
    scenario files (``Scenario.run``, the ``govsim`` command and reports).

    >>> in_date_order(["b", "a", "c"], {"a": dt.date(2027, 1, 1), "b": dt.date(2030, 1, 1),
    ...                                 "c": dt.date(2027, 1, 1)}.__getitem__)
    ['a', 'c', 'b']
    """
    return sorted(items, key=date)  # sorted is stable


class DatedReform(GovsimModel):
    """A reform with the date it takes effect and what we know about it.

    Parameters
    ----------
    date : date
        When the reform takes effect (in force, not announced).
    reform : Reform
    label : str
        A short human label, e.g. "June 2022 referendum package: new regions".
    status : "enacted" or "announced"
        Announced steps are left out of a timeline unless asked for.
    unconfirmed : bool
        The reform models a fact the project reference marks UNCONFIRMED.
    source : str, optional
        Where the fact comes from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: dt.date
    reform: SerializeAsAny[Reform]
    label: str
    status: Literal["enacted", "announced"] = "enacted"
    unconfirmed: Bool = False
    source: str | None = None


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            f"The 'date' parameter of Timeline must be an ISO date (YYYY-MM-DD). Got {value!r} instead."
        ) from None


class Timeline:
    """The polity in force at any date: a baseline and dated reforms applied in date order.

    Reforms dated on or before the date apply, in date order (reforms of the same
    date keep their given order). Announced steps apply only with
    ``include_announced=True``. Intermediate polities are cached, so walking the
    dates forward costs one application per reform.

    Parameters
    ----------
    baseline : Polity
    reforms : iterable of DatedReform
    include_announced : bool
        Also apply steps whose status is "announced".
    name : str, optional
        Name of the polities returned (``"<name> at <date>"``); default the baseline's.

    Examples
    --------
    >>> from govsim.reforms import TermLimit, DatedReform
    >>> from govsim.scenarios import synthetic
    >>> tl = Timeline(synthetic(1_000), [DatedReform(date="2022-09-17",
    ...     reform=TermLimit(years=5, max_terms=2), label="term")])
    >>> tl.at("2022-01-01").institution("president").term.years
    7
    >>> tl.at("2023-01-01").institution("president").term.years
    5
    """

    def __init__(
        self,
        baseline: Polity,
        reforms: Iterable[DatedReform],
        *,
        include_announced: bool = False,
        name: str | None = None,
    ) -> None:
        steps = [
            r if isinstance(r, DatedReform) else DatedReform.model_validate(r) for r in reforms
        ]
        self.baseline = baseline
        self.name = baseline.name if name is None else name
        self.steps: tuple[DatedReform, ...] = tuple(
            in_date_order(
                (s for s in steps if include_announced or s.status == "enacted"),
                lambda s: s.date,
            )
        )
        self._prefix: dict[int, Polity] = {0: baseline}

    def dates(self) -> list[dt.date]:
        """The distinct dates at which something changes, sorted."""
        return sorted({s.date for s in self.steps})

    def in_force(self, date: dt.date | str) -> tuple[DatedReform, ...]:
        """The steps in effect at ``date``."""
        when = _as_date(date)
        return tuple(s for s in self.steps if s.date <= when)

    def at(self, date: dt.date | str) -> Polity:
        """The polity in force at ``date`` (named ``"<name> at <date>"``, year = the date's)."""
        when = _as_date(date)
        k = len(self.in_force(when))
        done = max(i for i in self._prefix if i <= k)
        polity = self._prefix[done]
        for i in range(done, k):
            polity = self.steps[i].reform.apply(polity)
            self._prefix[i + 1] = polity
        return polity.with_metadata(name=f"{self.name} at {when.isoformat()}", year=when.year)

    __call__ = at

    def __iter__(self) -> Iterator[tuple[dt.date, Polity]]:
        """(date, polity) after each distinct date, in order."""
        for d in self.dates():
            yield d, self.at(d)

    def __len__(self) -> int:
        return len(self.steps)

    def __repr__(self) -> str:
        return f"Timeline({self.baseline.name!r}, {len(self.steps)} reforms)"

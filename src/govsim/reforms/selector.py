"""Pick institutions by kind, level, territory or id: the ``offices`` of most reforms."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import ConfigDict, Field, model_validator

from govsim.errors import ValidationError
from govsim.model.base import GovsimModel
from govsim.model.kinds import InstitutionKind, Level
from govsim.model.polity import Polity
from govsim.model.rows import Id

__all__ = ["Selector"]


class Selector(GovsimModel):
    """Institutions matching every given criterion (an omitted one matches everything).

    Parameters
    ----------
    kind, level : tuple of names, optional
        Institution kinds and levels (see :class:`govsim.InstitutionKind`, :class:`govsim.Level`).
    territory : tuple of territory ids, optional
        Institutions seated in these territories.
    within : tuple of territory ids, optional
        Institutions seated in these territories or anywhere below them.
    ids : tuple of institution ids, optional
        These institutions.

    A bare string (or list of strings) stands for ``ids``, so a scenario file can
    write ``offices = "president"`` or ``offices = { kind = "executive", level = "district" }``.

    At least one criterion must be given, and none may be an empty list: an empty
    selector (``offices = {}``) or ``ids = []`` selects nothing, and is refused
    with a :class:`govsim.ValidationError` rather than read as "every institution".

    Examples
    --------
    >>> from govsim.scenarios import synthetic
    >>> p = synthetic(1_000, seed=1)
    >>> int(Selector(kind="executive", level="regional").mask(p).sum())
    2
    >>> Selector.model_validate("president").ids
    ('president',)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: tuple[InstitutionKind, ...] | None = Field(default=None, min_length=1)
    level: tuple[Level, ...] | None = Field(default=None, min_length=1)
    territory: tuple[Id, ...] | None = Field(default=None, min_length=1)
    within: tuple[Id, ...] | None = Field(default=None, min_length=1)
    ids: tuple[Id, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"ids": (data,)}
        if isinstance(data, (list, tuple)) and all(isinstance(x, str) for x in data):
            return {"ids": tuple(data)}
        if isinstance(data, dict):
            # one value stands for a one-element tuple
            return {k: (v,) if isinstance(v, str) else v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _selects_something(self) -> Selector:
        if all(getattr(self, name) is None for name in _CRITERIA):
            raise ValueError(
                "an empty selector selects nothing: give at least one of "
                + ", ".join(repr(c) for c in _CRITERIA)
            )
        return self

    def mask(self, polity: Polity, *, writeable: bool = True) -> NDArray[np.bool_]:
        """Boolean mask over the polity's institutions (read-only may be shared, see
        :meth:`govsim.Polity.mask`).

        Raises
        ------
        govsim.ValidationError
            For an unknown institution or territory id.
        """
        return polity.mask(
            kind=None if self.kind is None else [k.value for k in self.kind],
            level=None if self.level is None else [lv.value for lv in self.level],
            territory=self.territory,
            within=self.within,
            ids=self.ids,
            writeable=writeable,
        )

    def rows(self, polity: Polity) -> NDArray[np.int64]:
        """Row numbers of the selected institutions, in row order (ascending, distinct).

        A selector of ids alone is answered from the id index, ``sorted(set(rows of
        the ids))`` in O(q log n) for q ids, with no pass over the institutions; any
        other by the rows where :meth:`mask` holds.
        """
        if self.ids is not None and all(
            getattr(self, name) is None for name in _CRITERIA if name != "ids"
        ):
            return np.unique(polity.index_of(self.ids)).astype(np.int64, copy=False)
        return np.flatnonzero(self.mask(polity, writeable=False)).astype(np.int64, copy=False)

    def describe(self) -> str:
        """A short text such as ``kind=executive, level=district``."""
        parts = []
        for name in _CRITERIA:
            value = getattr(self, name)
            if value is not None:
                shown = [str(getattr(v, "value", v)) for v in value]
                more = f", ... ({len(shown)})" if len(shown) > 4 else ""
                parts.append(f"{name}={','.join(shown[:4])}{more}")
        return "; ".join(parts) or "all institutions"


_CRITERIA = ("kind", "level", "territory", "within", "ids")


def _unknown_id(exc: ValidationError) -> str:
    """The id quoted in a lookup error ("Unknown institution id 'x' ...")."""
    text = str(exc)
    start = text.find("'")
    end = text.find("'", start + 1)
    return text[start + 1 : end] if 0 <= start < end else text

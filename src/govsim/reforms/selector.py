"""Pick institutions by kind, level, territory or id: the ``offices`` of most reforms."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, model_validator

from govsim.errors import ValidationError
from govsim.model.kinds import InstitutionKind, Level
from govsim.model.polity import Polity

__all__ = ["Selector"]


class Selector(BaseModel):
    """Institutions matching every given criterion (``None`` matches everything).

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

    kind: tuple[InstitutionKind, ...] | None = None
    level: tuple[Level, ...] | None = None
    territory: tuple[str, ...] | None = None
    within: tuple[str, ...] | None = None
    ids: tuple[str, ...] | None = None

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

    def mask(self, polity: Polity) -> NDArray[np.bool_]:
        """Boolean mask over the polity's institutions.

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
        )

    def rows(self, polity: Polity) -> NDArray[np.int64]:
        """Row numbers of the selected institutions, in row order."""
        return np.flatnonzero(self.mask(polity)).astype(np.int64)

    def describe(self) -> str:
        """A short text such as ``kind=executive, level=district``."""
        parts = []
        for name in ("kind", "level", "territory", "within", "ids"):
            value = getattr(self, name)
            if value is not None:
                shown = [str(getattr(v, "value", v)) for v in value]
                more = f", ... ({len(shown)})" if len(shown) > 4 else ""
                parts.append(f"{name}={','.join(shown[:4])}{more}")
        return "; ".join(parts) or "all institutions"


def _unknown_id(exc: ValidationError) -> str:
    """The id quoted in a lookup error ("Unknown institution id 'x' ...")."""
    text = str(exc)
    start = text.find("'")
    end = text.find("'", start + 1)
    return text[start + 1 : end] if 0 <= start < end else text

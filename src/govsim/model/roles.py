"""The one lookup of a polity's offices by role.

Engines, metrics and reforms find the head of state, the chambers and the courts
here, through the ``role`` column of the institution table (set in data:
``role = "lower_chamber"``), never by size, order or id.

Two documented fallbacks keep polities written without roles usable, and neither
looks at sizes:

* **head of state**: if no institution holds the ``head_of_state`` role, the one
  national institution of kind ``head_of_state`` is the head of state (none if
  there are several: who would it be?);
* **chambers**: if no institution holds a chamber role, a polity with exactly one
  national chamber is unicameral and that chamber is its ``sole_chamber``. A
  polity with several unlabelled national chambers has no lower or upper chamber
  until its data say which is which.

A unicameral polity's lawmaking chamber is its sole chamber, so
:func:`lower_chamber` falls back to :func:`sole_chamber`: the ``electoral.*`` and
``power.lower_chamber`` metrics read the one parliament whatever it is called.
Every lookup returns ``None`` when the polity lacks the office, so that each
caller decides what a missing office means (a share of 0, NaN, or an error).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.compiled import Compiled
from govsim.model.kinds import CHAMBER_ROLES, InstitutionKind, Level, Role
from govsim.model.rows import Institution
from govsim.model.tables import InstitutionTable

if TYPE_CHECKING:
    from govsim.model.polity import Polity

__all__ = [
    "Columns",
    "constitutional_court",
    "head_of_government",
    "head_of_state",
    "lower_chamber",
    "office",
    "office_row",
    "role_rows",
    "roles_of",
    "sole_chamber",
    "upper_chamber",
]

_NATIONAL = Level.NATIONAL.code


class Columns(Protocol):
    """What the lookup reads: the role, kind and level code columns over institutions.

    An :class:`~govsim.model.tables.InstitutionTable` and a compiled polity
    (:class:`~govsim.model.compiled.Compiled`) both have them.
    """

    @property
    def role(self) -> np.ndarray: ...
    @property
    def kind(self) -> np.ndarray: ...
    @property
    def level(self) -> np.ndarray: ...


def _as_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise ValidationError(
            f"Unknown role {role!r}: field 'role'. Known roles: {known}."
        ) from None


def _explicit(table: Columns, role: Role) -> int:
    rows = np.flatnonzero(table.role == role.code)
    return int(rows[0]) if rows.size else -1


def _single(table: Columns, kind: InstitutionKind) -> int:
    rows = np.flatnonzero((table.kind == kind.code) & (table.level == _NATIONAL))
    return int(rows[0]) if rows.size == 1 else -1


def office_row(table: Columns, role: Role | str) -> int:
    """The row of the institution holding ``role`` in an institution table, or -1.

    Applies the fallbacks of the module docstring; ``lower_chamber`` falls back to
    the sole chamber. On a compiled view (:class:`~govsim.model.compiled.Compiled`,
    as immutable as its polity) the answers are computed once per view: one pass
    over the role column finds every explicit holder (:func:`_holders`), and each
    fallback is kept once computed; on a table, every call reads the columns.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> p = kazakhstan_2019()
    >>> str(p.institution_table.id[office_row(p.institution_table, "lower_chamber")])
    'mazhilis'
    """
    r = _as_role(role)
    if isinstance(table, Compiled):
        view = table
        return view.memo(("roles.office_row", r.code), lambda: _office_row(view, r))
    return _office_row(table, r)


def _holders(c: Compiled) -> dict[int, int]:
    """Role code -> first row holding it, of a compiled view (one pass, once per view)."""

    def compute() -> dict[int, int]:
        held = np.flatnonzero(c.role >= 0)
        codes, first = np.unique(c.role[held], return_index=True)
        return dict(zip(codes.tolist(), held[first].tolist(), strict=True))

    return c.memo("roles.holders", compute)


def _office_row(table: Columns, r: Role) -> int:
    """:func:`office_row` of a known role, without the per-view cache."""
    row = _holders(table).get(r.code, -1) if isinstance(table, Compiled) else _explicit(table, r)
    if row >= 0:
        return row
    if r is Role.HEAD_OF_STATE:
        return _single(table, InstitutionKind.HEAD_OF_STATE)
    if r is Role.LOWER_CHAMBER:
        return office_row(table, Role.SOLE_CHAMBER)
    if r is Role.SOLE_CHAMBER:
        labelled = np.isin(table.role, [c.code for c in CHAMBER_ROLES]).any()
        return -1 if labelled else _single(table, InstitutionKind.CHAMBER)
    return -1


def role_rows(table: Columns, role: Role | str) -> NDArray[np.int64]:
    """The row of ``role``'s holder as a 0- or 1-element array (for masks over nodes)."""
    row = office_row(table, role)
    out = np.array([row] if row >= 0 else [], dtype=np.int64)
    out.setflags(write=False)
    return out


def office(polity: Polity, role: Role | str) -> Institution | None:
    """The institution holding ``role`` in ``polity``, or None.

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> office(kazakhstan_2019(), "constitutional_court").id
    'constitutional_council'
    """
    # once per polity: its compiled view keeps the answer (a stand-in object without a
    # view, as some tests pass, is read through its table)
    row = office_row(getattr(polity, "compiled", polity.institution_table), role)
    return None if row < 0 else polity.institution(str(polity.institution_table.id[row]))


def head_of_state(polity: Polity) -> Institution | None:
    """The head of state (role ``head_of_state``; else the one national head of state).

    >>> from govsim.model import Institution, Polity
    >>> p = Polity("p", institutions=[
    ...     Institution(id="president", name="President", kind="head_of_state", level="national"),
    ... ])
    >>> head_of_state(p).id
    'president'
    >>> head_of_state(Polity("empty")) is None
    True
    """
    return office(polity, Role.HEAD_OF_STATE)


def head_of_government(polity: Polity) -> Institution | None:
    """The institution with role ``head_of_government``, or None."""
    return office(polity, Role.HEAD_OF_GOVERNMENT)


def lower_chamber(polity: Polity) -> Institution | None:
    """The lower chamber (role ``lower_chamber``), else the sole chamber, or None.

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> lower_chamber(kazakhstan_2019()).id
    'mazhilis'
    """
    return office(polity, Role.LOWER_CHAMBER)


def upper_chamber(polity: Polity) -> Institution | None:
    """The upper chamber (role ``upper_chamber``), or None (unicameral, or unlabelled).

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> upper_chamber(kazakhstan_2019()).id
    'senate'
    """
    return office(polity, Role.UPPER_CHAMBER)


def sole_chamber(polity: Polity) -> Institution | None:
    """The chamber of a unicameral polity (role ``sole_chamber``; see the fallback), or None."""
    return office(polity, Role.SOLE_CHAMBER)


def constitutional_court(polity: Polity) -> Institution | None:
    """The institution with role ``constitutional_court``, or None."""
    return office(polity, Role.CONSTITUTIONAL_COURT)


def roles_of(table: InstitutionTable) -> dict[str, str]:
    """Role name -> id of its holder, for the roles held explicitly (in role order)."""
    out: dict[str, str] = {}
    for r in Role:
        row = _explicit(table, r)
        if row >= 0:
            out[r.value] = str(table.id[row])
    return out

"""Parties in the polity: who holds a body's seats, and which party an office holder is in.

Parties are institutions of kind ``party`` with ids ``party.<name>`` by convention
(``party.amanat``). Two relation kinds of the ``partisan`` group
(:class:`~govsim.model.RelationGroup`) tie them to the rest of the polity:

* ``holds_seats`` (party -> elected body): the party holds ``seats`` of the body's
  seats. The seats of a body that no party holds are independents or vacant
  (:attr:`SeatTable.independents`).
* ``member_of`` (office -> party): the office's holder belongs to the party.

No structural metric reads these kinds, so party data change no accountability,
concentration or checks value; the bloc lawmaking game
(:func:`govsim.power.lawmaking_blocs`) and the party-aware power measures do.

Rules (checked with every polity, by :func:`check_party_relations`, vectorized
over the relation columns):

1. a ``holds_seats`` relation runs from a ``party`` to an elected body -- a
   ``chamber`` or ``council`` that some relation ``elects`` -- and records its
   ``seats``;
2. a party holds seats in a body through at most one relation, and the seats the
   parties hold in a body add up to at most the body's ``seats``;
3. a ``member_of`` relation runs from an office (neither a party nor an electorate)
   to a ``party``, and an office belongs to at most one party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from govsim.errors import ValidationError
from govsim.model.kinds import InstitutionKind, RelationKind
from govsim.model.tables import InstitutionTable, RelationTable

if TYPE_CHECKING:
    from govsim.model.polity import Polity

__all__ = [
    "ELECTED_BODY_KINDS",
    "SeatTable",
    "check_party_relations",
    "membership",
    "party_ids",
    "party_of",
    "seat_table",
]

_PARTY = InstitutionKind.PARTY.code
_ELECTORATE = InstitutionKind.ELECTORATE.code
_HOLDS = RelationKind.HOLDS_SEATS.code
_MEMBER = RelationKind.MEMBER_OF.code
_ELECTS = RelationKind.ELECTS.code

#: The kinds of institution a party can hold seats in (when something elects them).
ELECTED_BODY_KINDS: frozenset[InstitutionKind] = frozenset(
    {InstitutionKind.CHAMBER, InstitutionKind.COUNCIL}
)
_BODY_CODES = np.array(sorted(k.code for k in ELECTED_BODY_KINDS), dtype=np.int8)


class SeatTable(NamedTuple):
    """A body's seats by party: ``parties[k]`` holds ``seats[k]``; the rest are independents.

    Parties are in the order of their rows in the polity; ``total`` is the body's seats.
    """

    body: str
    parties: NDArray[np.str_]
    seats: NDArray[np.int64]
    independents: int
    total: int


def _kind_name(code: int) -> str:
    return InstitutionKind.from_code(code).value


def _describe(ids: NDArray[np.str_], rel: RelationTable, i: int, kind: str) -> str:
    src, tgt = str(ids[int(rel.source[i])]), str(ids[int(rel.target[i])])
    return f"Relation #{i} ({src!r} -> {tgt!r}, {kind})"


def check_party_relations(institutions: InstitutionTable, relations: RelationTable) -> None:
    """Raise :class:`govsim.ValidationError` if a party tie breaks the module's rules.

    Vectorized over the relation columns (a few masks and one ``bincount`` per rule);
    references are already known to resolve (the caller checks them first).
    """
    kind, ids, seats = institutions.kind, institutions.id, institutions.seats
    rk, src, tgt = relations.kind, relations.source, relations.target
    holds = np.flatnonzero(rk == _HOLDS)
    member = np.flatnonzero(rk == _MEMBER)
    if holds.size == 0 and member.size == 0:
        return
    n = kind.shape[0]
    if holds.size:
        bad = kind[src[holds]] != _PARTY
        if bad.any():
            i = int(holds[np.flatnonzero(bad)[0]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'holds_seats')}: field 'source' must be a party; "
                f"{str(ids[src[i]])!r} has kind {_kind_name(int(kind[src[i]]))!r}."
            )
        elected = np.zeros(n, dtype=bool)
        elected[tgt[rk == _ELECTS]] = True
        body = np.isin(kind[tgt[holds]], _BODY_CODES) & elected[tgt[holds]]
        if not body.all():
            i = int(holds[np.flatnonzero(~body)[0]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'holds_seats')}: field 'target' must be an "
                "elected body (a chamber or council that some relation 'elects'); "
                f"{str(ids[tgt[i]])!r} has kind {_kind_name(int(kind[tgt[i]]))!r}"
                + ("" if elected[tgt[i]] else " and nothing elects it")
                + "."
            )
        unseated = relations.seats[holds] < 1
        if unseated.any():
            i = int(holds[np.flatnonzero(unseated)[0]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'holds_seats')}: field 'seats' is required "
                "(how many of the body's seats the party holds)."
            )
        pair = src[holds].astype(np.int64) * n + tgt[holds]
        order = np.argsort(pair, kind="stable")
        twice = pair[order][1:] == pair[order][:-1]
        if twice.any():
            i = int(holds[order[1:][np.flatnonzero(twice)[0]]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'holds_seats')}: party {str(ids[src[i]])!r} "
                f"already holds seats in {str(ids[tgt[i]])!r} (one 'holds_seats' relation per "
                "party and body)."
            )
        held = np.bincount(tgt[holds], weights=relations.seats[holds], minlength=n)
        over = held > seats
        if over.any():
            b = int(np.flatnonzero(over)[0])
            raise ValidationError(
                f"Institution {str(ids[b])!r}: its parties hold {int(held[b])} seats "
                f"('holds_seats'), more than its field 'seats' = {int(seats[b])}."
            )
    if member.size:
        bad = kind[tgt[member]] != _PARTY
        if bad.any():
            i = int(member[np.flatnonzero(bad)[0]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'member_of')}: field 'target' must be a party; "
                f"{str(ids[tgt[i]])!r} has kind {_kind_name(int(kind[tgt[i]]))!r}."
            )
        bad = np.isin(kind[src[member]], np.array([_PARTY, _ELECTORATE], dtype=np.int8))
        if bad.any():
            i = int(member[np.flatnonzero(bad)[0]])
            raise ValidationError(
                f"{_describe(ids, relations, i, 'member_of')}: field 'source' must be an office; "
                f"{str(ids[src[i]])!r} has kind {_kind_name(int(kind[src[i]]))!r}."
            )
        count = np.bincount(src[member], minlength=n)
        if (count > 1).any():
            o = int(np.flatnonzero(count > 1)[0])
            parties = [str(ids[t]) for t in tgt[member][src[member] == o][:2]]
            raise ValidationError(
                f"Institution {str(ids[o])!r} is 'member_of' both {parties[0]!r} and "
                f"{parties[1]!r}: an office belongs to at most one party."
            )


def _row(polity: Polity, param: str, id: object, func: str) -> int:
    if not isinstance(id, str) or not polity.has_institution(id):
        raise ValidationError(
            f"The {param!r} parameter of {func} must be an institution id of polity "
            f"{polity.name!r}. Got {id!r} instead."
        )
    return int(polity.index_of(id)[0])


def party_ids(polity: Polity) -> NDArray[np.str_]:
    """The ids of the polity's parties (institutions of kind ``party``), in row order."""
    inst = polity.institution_table
    return np.asarray(inst.id[inst.kind == _PARTY])


def membership(polity: Polity) -> NDArray[np.int64]:
    """For every institution row, the row of its holder's party (``member_of``), ``-1`` if none.

    Vectorized: one scatter over the ``member_of`` relations.
    """
    rel = polity.relation_table
    out = np.full(polity.n_institutions, -1, dtype=np.int64)
    m = rel.kind == _MEMBER
    out[rel.source[m]] = rel.target[m]
    return out


def party_of(polity: Polity, office: str) -> str | None:
    """The id of the party the office's holder belongs to, or ``None``.

    Raises :class:`govsim.ValidationError` naming ``office`` if it is no institution id.

    >>> from govsim import Institution, Polity, Relation
    >>> p = Polity("p", institutions=[
    ...     Institution(id="pres", name="President", kind="head_of_state", level="national"),
    ...     Institution(id="party.a", name="A", kind="party", level="national")],
    ...     relations=[Relation(source="pres", target="party.a", kind="member_of")])
    >>> party_of(p, "pres"), party_of(p, "party.a")
    ('party.a', None)
    """
    row = _row(polity, "office", office, "party_of")
    party = int(membership(polity)[row])
    return None if party < 0 else str(polity.institution_table.id[party])


def seat_table(polity: Polity, body: str) -> SeatTable:
    """The seats each party holds in ``body`` (``holds_seats``), and the independents.

    Parameters
    ----------
    polity : Polity
    body : str
        The id of an institution (an elected chamber or council).

    Returns
    -------
    SeatTable
        ``parties`` (ids, row order) and their ``seats``; ``independents`` = the body's
        seats minus those the parties hold (independents and vacant seats); ``total``.
        A body no party holds seats in has no parties and all its seats independent.

    Raises
    ------
    govsim.ValidationError
        If ``body`` is not an institution id of the polity.
    """
    row = _row(polity, "body", body, "seat_table")
    rel, inst = polity.relation_table, polity.institution_table
    m = (rel.kind == _HOLDS) & (rel.target == row)
    src = rel.source[m]
    order = np.argsort(src, kind="stable")
    parties = np.asarray(inst.id[src[order]])
    seats = np.asarray(rel.seats[m][order], dtype=np.int64)
    total = int(inst.seats[row])
    return SeatTable(str(body), parties, seats, total - int(seats.sum()), total)

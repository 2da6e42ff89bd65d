"""Lookups kept on the compiled view (issue #16): role holders and the office seats.

Each is compared with the plain computation on random polities: the role lookup on
the view (one pass over the role column, answers kept per view) with the lookup on
the institution table (every call reads the columns), and the cached office-seat
total with the sum it replaced.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import govsim.metrics._kernels as K
from govsim.model import roles
from govsim.model.compiled import Compiled
from govsim.model.kinds import InstitutionKind, Role
from govsim.model.polity import Polity
from govsim.model.rows import Institution
from govsim.scenarios import synthetic
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.testing.strategies import polities

ANY = st.one_of(polities(), polities(shaped=True, min_institutions=2))


def _same_roles(p: Polity) -> None:
    c = Compiled(p)
    for role in Role:
        plain = roles.office_row(p.institution_table, role)
        assert roles.office_row(c, role) == plain, role  # computed on the view
        assert roles.office_row(c, role.value) == plain, role  # kept
        holder = roles.office(p, role)
        assert (holder is None) == (plain < 0)
        if holder is not None:
            assert holder.id == str(p.institution_table.id[plain])


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_role_lookups_on_the_view_equal_the_table_lookups(p: Polity) -> None:
    _same_roles(p)


def test_role_lookups_on_labelled_and_unlabelled_polities() -> None:
    _same_roles(kazakhstan_2019())
    _same_roles(synthetic(500, seed=2))
    # no roles: the head of state and the sole chamber by the fallbacks
    unlabelled = Polity(
        "u",
        institutions=[
            Institution(id="p", name="p", kind="head_of_state", level="national"),
            Institution(id="k", name="k", kind="chamber", level="national", seats=10),
        ],
    )
    _same_roles(unlabelled)
    c = unlabelled.compiled
    assert roles.office_row(c, Role.LOWER_CHAMBER) == 1  # the sole chamber
    assert roles.office_row(c, Role.HEAD_OF_STATE) == 0
    _same_roles(Polity("empty"))


def test_role_answers_are_kept_per_view() -> None:
    p = synthetic(500, seed=1)
    c = p.compiled
    row = roles.office_row(c, Role.HEAD_OF_STATE)
    assert c.memo(("roles.office_row", Role.HEAD_OF_STATE.code), lambda: -2) == row
    assert roles._holders(c) is roles._holders(c)
    fresh = p.with_metadata(name="fresh").compiled  # a new view computes its own
    assert ("roles.office_row", Role.HEAD_OF_STATE.code) not in fresh._memo


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_office_seat_total_equals_the_plain_sum(p: Polity) -> None:
    c = Compiled(p)
    offices = (c.kind != InstitutionKind.ELECTORATE.code) & (c.kind != InstitutionKind.PARTY.code)
    assert K.office_seats(c) == float(c.seats[offices].sum())  # exact: a sum of ints
    np.testing.assert_array_equal(K.office_mask(c), offices)
    assert not K.office_mask(c).flags.writeable
    assert K.office_mask(c) is K.office_mask(c)

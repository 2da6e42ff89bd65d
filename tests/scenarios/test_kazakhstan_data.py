"""Kazakhstan data, second round: the first Kurultai election, the new district-level
units, the maslikhats of March 2023. Each pinned count names its source."""

from __future__ import annotations

from govsim.model.parties import seat_table
from govsim.scenarios import kazakhstan
from govsim.scenarios.kazakhstan_2026 import FIRST_KURULTAI_ELECTION, FIRST_KURULTAI_RESULT


def test_first_kurultai_result_not_found_so_not_recorded() -> None:
    """The election was called for 23 Aug 2026 (timesca.com ?p=51256, M); its result was
    not found in the searches the kazakhstan_2026 docstring lists, so the party layer
    gives the Kurultai no seats by party: all 145 are unattributed."""
    assert FIRST_KURULTAI_ELECTION.isoformat() == "2026-08-23"
    assert FIRST_KURULTAI_RESULT is None
    t = seat_table(kazakhstan("2026-12-01", parties=True), "kurultai")
    assert (t.parties.tolist(), t.independents) == ([], 145)

"""The party entry model: who can run under a registration threshold, and where the votes go."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govsim.electoral.entry import entrants, entry_mask
from govsim.electoral.vote_model import (
    MAX_REGISTERED_MEMBERS,
    TABLE_FIELDS,
    VoteModel,
    vote_model_from_table,
)
from govsim.errors import ValidationError
from govsim.metrics import electoral as em
from govsim.reforms.parties import PartyRegistrationThreshold
from govsim.scenarios import kazakhstan
from govsim.scenarios.kazakhstan import kazakhstan_2019
from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023, KAZAKHSTAN_2023_ENTRY

# Three parties and "against all": 50, 25, 15 and 10 points; 100,000, 12,000 and 3,000
# members; "against all" has none (None: always enters).
HAND = VoteModel(
    shares=(50, 25, 15, 10),
    eligible=(True, True, True, False),
    names=("A", "B", "C", "Against all"),
    registered_members=(100_000, 12_000, 3_000, None),
    total_votes=1_000_000,
)


def test_hand_computed_proportional() -> None:
    """T = 20,000: B and C cannot run (d = 0.40). Proportional: A alone runs, so
    s'_A = 0.50 (1 + 0.40 / 0.50) = 0.90; "against all" keeps 0.10."""
    out = entrants(HAND, 20_000)
    assert out.shares == pytest.approx((0.90, 0.0, 0.0, 0.10), abs=1e-12)
    assert out.eligible == (True, False, False, False)
    assert out.total_votes == 1_000_000  # exact: proportional keeps every vote
    # T = 10,000: only C drops (d = 0.15) over A and B (S_P = 0.75): factor 1.2
    out = entrants(HAND, 10_000)
    assert out.shares == pytest.approx((0.60, 0.30, 0.0, 0.10), abs=1e-12)


def test_hand_computed_abstain() -> None:
    """T = 10,000, abstain: C's 15 points stay home; A, B and "against all" keep their
    votes over 85 points: 50/85, 25/85, 10/85, and 850,000 votes cast."""
    out = entrants(dataclasses.replace(HAND, unregistered_votes="abstain"), 10_000)
    assert out.shares == pytest.approx((50 / 85, 25 / 85, 0.0, 10 / 85), abs=1e-12)
    assert out.total_votes == 850_000  # exact: round(10^6 * 0.85), whole votes


def test_hand_computed_against_all() -> None:
    """T = 20,000, against all: B's and C's 40 points go to "against all" (0.10 + 0.40)."""
    out = entrants(dataclasses.replace(HAND, unregistered_votes="against_all"), 20_000)
    assert out.shares == pytest.approx((0.50, 0.0, 0.0, 0.50), abs=1e-12)


def test_everyone_enters_below_the_smallest_party() -> None:
    assert entrants(HAND, 3_000) is HAND
    assert entry_mask(HAND, 3_000).tolist() == [True, True, True, True]
    # at exactly T members a party registers (m >= T)
    assert entry_mask(HAND, 12_000).tolist() == [True, True, False, True]


def test_a_model_without_member_counts_is_unchanged() -> None:
    m = VoteModel(shares=(0.6, 0.4))
    assert entrants(m, 10**6) is m


def test_district_weights_and_transfers_follow_the_entrants() -> None:
    """A dropped entry wins no district and takes no second-round transfer; the others
    keep their district weights."""
    m = dataclasses.replace(
        HAND,
        district_shares=(0.5, 0.25, 0.15, 0.0),
        transfers=((0, 0.5, 0.3, 0), (0.4, 0, 0.4, 0), (0.3, 0.3, 0, 0), (0, 0, 0, 0)),
    )
    out = entrants(m, 10_000)
    assert out.district_shares == pytest.approx((0.5, 0.25, 0.0, 0.0), abs=1e-12)
    assert out.transfers is not None
    assert np.asarray(out.transfers)[:, 2] == pytest.approx(np.zeros(4), abs=0.0)
    assert out.transfers[0][1] == pytest.approx(0.5, abs=1e-12)


def _reference(model: VoteModel, threshold: int) -> tuple[list[float], int]:
    """Plain-loop version of the entrants' list shares (normalised) and total votes."""
    s = list(model.shares)
    members = model.registered_members or (None,) * len(s)
    eligible = list(model.list_eligible)
    enters = [m is None or m >= threshold for m in members]
    d = sum(x for x, e in zip(s, enters, strict=True) if not e)
    out = [x if e else 0.0 for x, e in zip(s, enters, strict=True)]
    total = model.total_votes
    if model.unregistered_votes == "proportional":
        parties = [i for i in range(len(s)) if enters[i] and eligible[i] and s[i] > 0]
        sp = sum(s[i] for i in parties)
        for i in parties:
            out[i] = s[i] * (1 + d / sp)
    elif model.unregistered_votes == "abstain":
        total = max(1, round(total * (1 - d)))
    else:
        (a,) = [i for i in range(len(s)) if enters[i] and not eligible[i] and s[i] > 0]
        out[a] += d
    norm = sum(out)
    return [x / norm for x in out], total


@st.composite
def _models(draw: st.DrawFn) -> tuple[VoteModel, int]:
    n = draw(st.integers(2, 8))
    shares = draw(st.lists(st.integers(1, 1000), min_size=n, max_size=n))
    members = draw(st.lists(st.none() | st.integers(0, 60_000), min_size=n, max_size=n))
    rule = draw(st.sampled_from(["proportional", "abstain", "against_all"]))
    # entry 0 is a party that always runs, so that some party has votes; with
    # "against_all", the last entry is the one "against all" entry (never a party)
    members[0] = None
    eligible = [True] * n
    if rule == "against_all":
        eligible[-1], members[-1] = False, None
    model = VoteModel(
        shares=tuple(shares),
        eligible=tuple(eligible),
        registered_members=tuple(members),
        unregistered_votes=rule,
        total_votes=draw(st.integers(1, 10**8)),
    )
    return model, draw(st.integers(1, 70_000))


@given(_models())
def test_entrants_match_the_plain_reference(case: tuple[VoteModel, int]) -> None:
    model, threshold = case
    shares, total = _reference(model, threshold)
    out = entrants(model, threshold)
    assert out.shares == pytest.approx(shares, rel=1e-9, abs=1e-12)
    assert out.total_votes == total  # exact: both round the same product to whole votes
    enters = entry_mask(model, threshold)
    assert not np.asarray(out.list_eligible)[~enters].any()
    assert math.isclose(sum(out.shares), 1.0, rel_tol=1e-12)


@pytest.mark.parametrize(
    "bad",
    [
        (-1, None, None, None),
        (1.5, None, None, None),
        (True, None, None, None),
        ("many", None, None, None),
        (MAX_REGISTERED_MEMBERS + 1, None, None, None),
        (1, 2),
    ],
)
def test_bad_member_counts_name_the_field(bad: tuple[object, ...]) -> None:
    with pytest.raises(ValidationError, match="registered_members"):
        dataclasses.replace(HAND, registered_members=bad)  # type: ignore[arg-type]


def test_bad_unregistered_votes_and_thresholds_name_the_field() -> None:
    with pytest.raises(ValidationError, match="unregistered_votes"):
        dataclasses.replace(HAND, unregistered_votes="to_the_winner")  # type: ignore[arg-type]
    for t in (0, -5, 2.5, True, MAX_REGISTERED_MEMBERS + 1):
        with pytest.raises(ValidationError, match="threshold"):
            entrants(HAND, t)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="vote_model"):
        entrants("votes", 10)  # type: ignore[arg-type]
    # no eligible party with votes can register
    with pytest.raises(ValidationError, match="threshold"):
        entrants(HAND, 200_000)
    # "against_all" without an "against all" entry
    no_aa = dataclasses.replace(
        HAND,
        eligible=(True,) * 4,
        registered_members=(100_000, 12_000, 3_000, 1),
        unregistered_votes="against_all",
    )
    with pytest.raises(ValidationError, match="unregistered_votes"):
        entrants(no_aa, 10_000)


def test_the_table_reads_member_counts_and_unknown() -> None:
    assert "registered_members" in TABLE_FIELDS
    assert "unregistered_votes" in TABLE_FIELDS
    m = vote_model_from_table(
        {
            "shares": [50, 25, 15, 10],
            "eligible": [True, True, True, False],
            "registered_members": [100_000, 12_000, 3_000, "unknown"],
        }
    )
    assert m.registered_members == (100_000, 12_000, 3_000, None)
    with pytest.raises(ValidationError, match=r"^registered_members: ") as info:
        vote_model_from_table({"shares": [1, 1], "registered_members": [5, -5]})
    assert info.value.field == "registered_members"
    with pytest.raises(ValidationError, match=r"^unregistered_votes: "):
        vote_model_from_table({"shares": [1, 1], "unregistered_votes": "nowhere"})


def test_the_metrics_draw_from_the_entrants() -> None:
    """With the rule and member counts the metrics equal those of the entrants' model;
    without member counts, or without the rule, the vote model is used as it is."""
    base = kazakhstan_2019()
    strict = PartyRegistrationThreshold(members=30_000).apply(base)
    vm = KAZAKHSTAN_2023_ENTRY
    dropped = entrants(vm, 30_000)
    assert dropped.shares[vm.names.index("Baytaq")] == 0  # exact: a list that cannot run
    got = em.run(strict, vm, 200, 7)
    want = em.run(strict, dropped, 200, 7)
    assert got.expected_gallagher == pytest.approx(want.expected_gallagher, rel=1e-12)
    assert got.expected_enp == pytest.approx(want.expected_enp, rel=1e-12)
    plain = em.run(strict, KAZAKHSTAN_2023, 200, 7)
    assert plain.expected_gallagher != pytest.approx(got.expected_gallagher, abs=0.1)
    # a threshold every list meets: the same elections as without member counts
    easy = PartyRegistrationThreshold(members=5_000).apply(base)
    a, b = em.run(easy, vm, 200, 7), em.run(easy, KAZAKHSTAN_2023, 200, 7)
    assert a.expected_gallagher == pytest.approx(b.expected_gallagher, rel=1e-12)


def test_kazakhstan_2019_against_2024_under_the_entry_model() -> None:
    """The 2019 polity (40,000 members) keeps Baytaq (21,000, L) off the ballot; the
    2024 one (5,000) lets every 2023 list run. Baytaq's 2.3% of wasted list votes then
    count in 2024 only: the expected Gallagher index of 2019 falls from 8.56 to 7.11
    and the move 2019 -> 2024 grows from +0.5 to +1.9 points (DEFAULT_DRAWS, seed)."""
    before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    g0 = em.expected_gallagher(before, vote_model=KAZAKHSTAN_2023)
    g1 = em.expected_gallagher(before, vote_model=KAZAKHSTAN_2023_ENTRY)
    a0 = em.expected_gallagher(after, vote_model=KAZAKHSTAN_2023)
    a1 = em.expected_gallagher(after, vote_model=KAZAKHSTAN_2023_ENTRY)
    assert (g0, g1) == pytest.approx((8.56, 7.11), abs=0.01)
    assert a1 == pytest.approx(a0, rel=1e-12)
    assert a1 - g1 == pytest.approx(1.95, abs=0.01)
    e0 = em.expected_enp(before, vote_model=KAZAKHSTAN_2023)
    e1 = em.expected_enp(before, vote_model=KAZAKHSTAN_2023_ENTRY)
    assert (e0, e1) == pytest.approx((2.205, 2.250), abs=0.001)

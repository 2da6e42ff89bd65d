"""Two-round (runoff) elections in single-member districts, batched.

:func:`two_round` decides every district of any batch at once (no Python loop over
districts or draws): a first round decided by an absolute majority (optionally with a
share of the registered voters, as in France), otherwise a second round among the
qualified candidates, whose votes follow a stated transfer model.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from govsim._validation import check_int, param_error

__all__ = ["MAX_CANDIDATES", "MAX_DISTRICT_VOTES", "RunoffResult", "two_round"]

#: Most votes (or registered voters) of one district: 10^10, more than the world's
#: population. The largest single-member electorates are a few tens of millions (a US
#: state electing a governor, an Indian constituency has about 3 million); a whole
#: country electing its president as one district stays below 10^9. The bound keeps
#: ``votes * den`` of the exact share tests inside int64.
MAX_DISTRICT_VOTES = 10**10
#: Most candidates of one district: 1,000. The longest ballots of real single-member
#: contests hold a few dozen names (the 2003 California recall had 135); the transfer
#: matrix is candidates x candidates.
MAX_CANDIDATES = 1000

_FUNC = "two_round"


@dataclass(frozen=True)
class RunoffResult:
    """Outcome of :func:`two_round`; arrays of shape (..., districts) unless noted.

    ``winners`` is the winning candidate's index (-1 where nobody has votes);
    ``first_round`` marks districts decided in the first round; ``qualified``
    (shape (..., districts, candidates)) the candidates of the second round (all
    False where the first round decided); ``second_round`` (same shape, float64) the
    second-round votes under the transfer model (0 for non-qualified candidates);
    ``ties`` marks districts whose winner was decided by the tie rule.
    """

    winners: NDArray[np.int64]
    first_round: NDArray[np.bool_]
    qualified: NDArray[np.bool_]
    second_round: NDArray[np.float64]
    ties: NDArray[np.bool_]


def _share(value: Any, param: str, *, allow_zero: bool = True) -> tuple[int, int]:
    """A share in [0, 1) (or (0, 1)) as an exact fraction with denominator <= 10^6."""
    if isinstance(value, bool) or not isinstance(
        value, (int, float, Fraction, np.integer, np.floating)
    ):
        raise param_error(param, _FUNC, "a real number in [0, 1)", value)
    f = value if isinstance(value, Fraction) else Fraction(float(value)).limit_denominator(10**6)
    if not (0 <= f < 1) or (not allow_zero and f == 0):
        raise param_error(param, _FUNC, "in [0, 1)" if allow_zero else "in (0, 1)", value)
    return f.numerator, f.denominator


def _votes(values: ArrayLike, param: str) -> NDArray[Any]:
    """Finite non-negative votes (ints or floats) within MAX_DISTRICT_VOTES."""
    a = np.asarray(values)
    if a.dtype == bool or not (
        np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)
    ):
        raise param_error(param, _FUNC, "an array of non-negative vote counts", f"dtype {a.dtype}")
    if a.size and (not np.all(np.isfinite(a)) or a.min() < 0):
        raise param_error(param, _FUNC, "an array of finite non-negative votes", "other values")
    if a.size and float(a.max()) > MAX_DISTRICT_VOTES:
        raise param_error(
            param, _FUNC, f"at most MAX_DISTRICT_VOTES = {MAX_DISTRICT_VOTES:,}", float(a.max())
        )
    return a.astype(np.int64) if np.issubdtype(a.dtype, np.integer) else a.astype(np.float64)


def _transfer(transfer: ArrayLike | None, n: int) -> NDArray[np.float64] | None:
    if transfer is None:
        return None
    try:
        t = np.asarray(transfer, dtype=np.float64)
    except (TypeError, ValueError):
        raise param_error("transfer", _FUNC, "a numeric matrix", "other values") from None
    if t.shape != (n, n):
        raise param_error("transfer", _FUNC, f"a matrix of shape ({n}, {n})", f"shape {t.shape}")
    t = t.copy()
    np.fill_diagonal(t, 0.0)
    if not np.all(np.isfinite(t)) or t.min() < 0 or float(t.sum(axis=1).max()) > 1 + 1e-9:
        raise param_error(
            "transfer",
            _FUNC,
            "finite, non-negative, with every row's off-diagonal sum at most 1",
            "other values",
        )
    return t


def two_round(
    first_round: ArrayLike,
    registered: ArrayLike | None = None,
    *,
    majority_registered: float | Fraction = 0.0,
    qualify_registered: float | Fraction | None = None,
    runoff_size: int = 2,
    transfer: ArrayLike | None = None,
) -> RunoffResult:
    """Winners of two-round single-member districts, simulated as two rounds, batched.

    Parameters
    ----------
    first_round : array_like, shape (..., districts, candidates)
        First-round votes cast for each candidate (counts or shares; any leading batch
        shape, e.g. (draws, districts, candidates)); at most ``MAX_DISTRICT_VOTES``
        each and ``MAX_CANDIDATES`` candidates.
    registered : array_like, shape broadcastable to (..., districts), optional
        Registered voters of each district (at least the votes cast there). Needed
        when ``majority_registered`` or ``qualify_registered`` is set.
    majority_registered : float or Fraction in [0, 1), default 0
        Share of the registered voters a first-round winner needs besides an absolute
        majority of the votes cast (France: 1/4, Code électoral art. L126).
    qualify_registered : float or Fraction in (0, 1), optional
        Candidates with at least this share of the registered voters go to the second
        round (France: 1/8); ``None``: only the ``runoff_size`` leaders go.
    runoff_size : int, default 2
        The leaders of the first round always in the second (France: the top two
        when fewer reach 12.5% of the registered), 1 to ``MAX_CANDIDATES``.
    transfer : array_like, shape (candidates, candidates), optional
        The transfer model: ``transfer[i, j]`` is the share of candidate ``i``'s
        first-round voters who vote for ``j`` in the second round when ``i`` is out
        of it and ``j`` in it; the rest of ``i``'s voters (including the shares
        pointing to other eliminated candidates) abstain. The diagonal is ignored;
        each row's sum is at most 1. ``None``: every eliminated candidate's voters
        abstain. A qualified candidate keeps all first-round votes.

    Returns
    -------
    RunoffResult

    Raises
    ------
    govsim.ValidationError
        Negative, non-finite or too large votes, fewer than two axes or too many
        candidates; ``registered`` missing where a registered share is set, of the
        wrong shape, or below the votes cast; a share outside its interval; a bad
        ``runoff_size`` or ``transfer``.

    Notes
    -----
    With votes ``v`` (total ``V``) and registered voters ``R`` of one district, the
    leader ``a`` wins in the first round when ``2 v_a > V`` and
    ``v_a >= majority_registered * R`` (exact integer comparisons for counts).
    Otherwise the second round holds the ``runoff_size`` leaders and every candidate
    with ``v_i >= qualify_registered * R``; candidate ``j`` of it receives
    ``v_j + sum_{i out} v_i transfer[i, j]`` and the most votes win (plurality, as
    in France). Ties go to the lower index (France gives them to the older
    candidate). Withdrawals between the rounds are not modelled: a transfer matrix
    can stand for their expected effect on the vote.

    Examples
    --------
    Top two, no transfer: the front runner of the first round wins the second.

    >>> r = two_round([[[40, 35, 25]], [[60, 30, 10]]])
    >>> r.winners.tolist(), r.first_round.tolist()
    ([[0], [0]], [[False], [True]])

    The third candidate's voters go 90% to the runner-up, who then wins.

    >>> t = [[0, 0, 0], [0, 0, 0], [0, 0.9, 0]]
    >>> two_round([[40, 35, 25]], transfer=t).winners.tolist()
    [1]

    References
    ----------
    .. [1] Code électoral (France), art. L126 (first-round majority and 25% of the
       registered; 12.5% of the registered to stand in the second round, at least
       the top two; relative majority in the second round).
    """
    a = _votes(first_round, "first_round")
    if a.ndim < 2 or a.shape[-1] == 0:
        raise param_error(
            "first_round",
            _FUNC,
            "an array of shape (..., districts, candidates)",
            f"shape {a.shape}",
        )
    n = a.shape[-1]
    if n > MAX_CANDIDATES:
        raise param_error(
            "first_round", _FUNC, f"at most MAX_CANDIDATES = {MAX_CANDIDATES:,} candidates", n
        )
    size = check_int(runoff_size, "runoff_size", _FUNC, low=1, high=MAX_CANDIDATES)
    mnum, mden = _share(majority_registered, "majority_registered")
    qual = None
    if qualify_registered is not None:
        qual = _share(qualify_registered, "qualify_registered", allow_zero=False)
    t = _transfer(transfer, n)
    districts = a.shape[:-1]
    v = a.reshape(-1, n)
    total = v.sum(axis=1)
    if float(total.max(initial=0)) > MAX_DISTRICT_VOTES:
        raise param_error(
            "first_round",
            _FUNC,
            f"districts of at most MAX_DISTRICT_VOTES = {MAX_DISTRICT_VOTES:,} votes",
            float(total.max()),
        )
    reg: NDArray[Any] | None = None
    if registered is not None:
        r = _votes(registered, "registered")
        try:
            reg = np.broadcast_to(r, districts).reshape(-1)
        except ValueError:
            raise param_error(
                "registered",
                _FUNC,
                f"broadcastable to the districts' shape {districts}",
                f"shape {r.shape}",
            ) from None
        if np.any(reg < total):
            first = int(np.flatnonzero(reg < total)[0])
            raise param_error(
                "registered",
                _FUNC,
                "at least the votes cast in each district",
                f"{reg[first]} registered for {total[first]} votes in district {first} (flat index)",
            )
    elif mnum or qual is not None:
        raise param_error(
            "registered",
            _FUNC,
            "given when 'majority_registered' or 'qualify_registered' is set",
            None,
        )

    # Ranks: leaders first, the lower index first among equal votes (a stable sort).
    order = np.argsort(-v, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(n)[None, :].repeat(v.shape[0], 0), axis=1)
    lead = order[:, 0]
    top = v[np.arange(v.shape[0]), lead]
    has = top > 0
    first = has & (2 * top > total)
    if mnum and reg is not None:
        first &= top * mden >= mnum * reg
    q = (rank < size) & (v > 0)
    if qual is not None and reg is not None:
        q |= v * qual[1] >= qual[0] * reg[:, None]
    q &= (has & ~first)[:, None]  # no second round where nobody voted
    vf = v.astype(np.float64)
    r2 = np.where(q, vf, 0.0)
    if t is not None:
        r2 += np.where(q, np.where(q, 0.0, vf) @ t, 0.0)
    key = np.where(q, r2, -1.0)
    win2 = key.argmax(axis=1)
    best = key[np.arange(v.shape[0]), win2]
    winners = np.where(first, lead, win2)
    winners = np.where(has, winners, -1)
    # a first-round winner has a strict majority, so only the second round can tie
    ties = has & ~first & ((key == best[:, None]).sum(axis=1) > 1)
    return RunoffResult(
        winners=winners.reshape(districts).astype(np.int64),
        first_round=first.reshape(districts),
        qualified=q.reshape(a.shape),
        second_round=r2.reshape(a.shape),
        ties=ties.reshape(districts),
    )

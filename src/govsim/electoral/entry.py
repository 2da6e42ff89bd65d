"""Party entry: which entries of a vote model can run under a registration threshold.

A party that cannot register cannot stand a list, so a registration threshold acts on
the ballot before any vote is counted. The entry model reads, for each entry of a
:class:`~govsim.electoral.VoteModel`, the members its party had (or would have had) at
registration (``registered_members``), and a threshold ``T`` (a polity's
``party_registration_threshold`` rule): the entrants are the entries with

    ``E_i = (m_i is None) or (m_i >= T)``,

so an entry of unknown membership, and every pseudo-entry ("against all",
"self-nominated", which carry ``None``), always enters. The votes of the entries that
cannot run (``D = not E``, share ``d = sum_{i in D} s_i``) go where the vote model's
``unregistered_votes`` says (see :func:`entrants`). The electoral metrics
(:mod:`govsim.metrics.electoral`) apply it when the polity has the rule and the vote
model has member counts.

The model is deliberately narrow: it says who may run, not who would have founded a
party, nor how the voters of a party that never ran would have voted; the
redistribution is a declared assumption, one of three.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

from govsim._validation import check_int, param_error
from govsim.electoral.vote_model import MAX_NOTE_CHARS, MAX_REGISTERED_MEMBERS, VoteModel
from govsim.errors import ValidationError

__all__ = ["entrants", "entry_mask"]


def _check(vote_model: object, threshold: object, func: str) -> int:
    if not isinstance(vote_model, VoteModel):
        raise param_error("vote_model", func, "a VoteModel", type(vote_model).__name__)
    high = MAX_REGISTERED_MEMBERS
    return check_int(
        threshold, "threshold", func, low=1, high=high, high_name="MAX_REGISTERED_MEMBERS"
    )


def entry_mask(vote_model: VoteModel, threshold: int) -> NDArray[np.bool_]:
    """Which entries can run: ``E_i = (m_i is None) or (m_i >= threshold)``.

    Parameters
    ----------
    vote_model : VoteModel
        Reads ``registered_members`` (``None``: every entry enters).
    threshold : int
        Members a party needs to register, at least 1.

    Returns
    -------
    ndarray of bool, shape (entries,)

    Raises
    ------
    govsim.ValidationError
        Naming ``vote_model`` or ``threshold``.

    Examples
    --------
    >>> m = VoteModel(shares=(5, 3, 2), registered_members=(50_000, 8_000, None))
    >>> entry_mask(m, 20_000).tolist()
    [True, False, True]
    """
    t = _check(vote_model, threshold, "entry_mask")
    members = vote_model.registered_members
    if members is None:
        return np.ones(vote_model.n_entries, dtype=bool)
    m = np.asarray(members, dtype=object)
    unknown: NDArray[np.bool_] = m == None  # noqa: E711 (elementwise, on an object array)
    m[unknown] = 0
    out: NDArray[np.bool_] = unknown | (m.astype(np.int64) >= t)
    return out


def entrants(vote_model: VoteModel, threshold: int) -> VoteModel:
    """The vote model of the entries that can register under ``threshold`` members.

    The result has the same entries, in the same order (so names and seat tables still
    line up); an entry that cannot run has list share 0, no district share, is not
    eligible for seats, and takes no second-round transfers (its voters abstain in the
    second round). With shares ``s`` (summing to 1), entrants ``E``
    (:func:`entry_mask`), the others ``D`` and ``d = sum_{i in D} s_i``, the new list
    shares ``s'`` are, by ``vote_model.unregistered_votes``:

    * ``"proportional"`` (default): to the parties that run, in proportion to their
      shares. With ``P`` the eligible entrants with a positive share and
      ``S_P = sum_{i in P} s_i``: ``s'_i = s_i (1 + d / S_P)`` for ``i in P``, ``s'_i = s_i``
      for the other entrants ("against all" keeps its share), ``s'_i = 0`` in ``D``.
      ``total_votes`` is unchanged.
    * ``"abstain"``: the voters stay home. ``s'_i = s_i / (1 - d)`` in ``E`` (every
      entrant, "against all" too, grows by the same factor), 0 in ``D``, and
      ``total_votes' = max(1, round(total_votes (1 - d)))``.
    * ``"against_all"``: to the one entrant ``a`` that is not eligible and has a
      positive share: ``s'_a = s_a + d``, the other entrants keep ``s_i``, 0 in ``D``.

    District contests: the district weights ``w`` (expected district shares) become
    ``w'_i = w_i`` in ``E`` and 0 in ``D``; since a district winner is an argmax of
    ``log(w_i p_i / s'_i) + noise`` and ``p_i / s'_i`` has mean 1, the dropped party's
    district voters are spread over the remaining contenders in proportion to ``w``
    (proportional and abstain alike). Under ``"against_all"`` they go to ``a`` when
    ``a`` contests districts (``w_a > 0``); when it does not, they change no winner.

    Parameters
    ----------
    vote_model : VoteModel
        With ``registered_members`` (without it, every entry enters and the model is
        returned as it is).
    threshold : int
        Members a party needs to register (a ``party_registration_threshold`` rule).

    Returns
    -------
    VoteModel
        ``vote_model`` itself when every entry enters; else the model above, with the
        same notes and a ``label`` that names the threshold.

    Raises
    ------
    govsim.ValidationError
        Naming ``threshold`` when no eligible party with votes can register, or
        ``unregistered_votes`` when it is ``"against_all"`` but the model has not
        exactly one "against all" entry that runs.

    Examples
    --------
    Two parties (60 and 30 points, 50,000 and 8,000 members) and "against all" (10):
    under a 20,000-member threshold the small party cannot run.

    >>> m = VoteModel(shares=(60, 30, 10), eligible=(True, True, False),
    ...               registered_members=(50_000, 8_000, None))
    >>> [round(x, 4) for x in entrants(m, 20_000).shares]  # 60 + 30: 0.9 to the party
    [0.9, 0.0, 0.1]
    >>> a = dataclasses.replace(m, unregistered_votes="abstain")
    >>> [round(x, 4) for x in entrants(a, 20_000).shares], entrants(a, 20_000).total_votes
    ([0.8571, 0.0, 0.1429], 700000)
    >>> entrants(m, 5_000) is m
    True
    """
    t = _check(vote_model, threshold, "entrants")
    enters = entry_mask(vote_model, t)
    if enters.all():
        return vote_model
    s = np.asarray(vote_model.shares, dtype=np.float64)
    eligible = vote_model.list_eligible
    w = vote_model.district_weights
    dropped = ~enters
    d = float(s[dropped].sum())
    parties = enters & eligible & (s > 0)
    if not parties.any():
        raise param_error(
            "threshold",
            "entrants",
            "a number of members that at least one eligible party with votes has",
            t,
        )
    new = np.where(enters, s, 0.0)
    w_new = np.where(enters, w, 0.0)
    total = vote_model.total_votes
    rule = vote_model.unregistered_votes
    if rule == "proportional":
        new[parties] *= 1.0 + d / float(s[parties].sum())
    elif rule == "abstain":
        total = max(1, round(total * (1.0 - d)))
    else:  # against_all
        target = np.flatnonzero(enters & ~eligible & (s > 0))
        if target.size != 1:
            raise ValidationError(
                "The 'unregistered_votes' parameter of VoteModel is 'against_all', which "
                "needs exactly one entry that runs, is not eligible and has votes (the "
                f"'against all' entry); the model has {target.size}."
            )
        new[target] += d
        if w[target[0]] > 0:
            w_new[target] += w[dropped].sum()
    transfers = vote_model.transfers
    if transfers is not None:
        m = np.asarray(transfers, dtype=np.float64)
        m[:, dropped] = 0.0
        transfers = tuple(map(tuple, m.tolist()))
    label = vote_model.label or "vote model"
    return dataclasses.replace(
        vote_model,
        shares=tuple(new.tolist()),
        eligible=tuple((eligible & enters).tolist()),
        district_shares=tuple(w_new.tolist()),
        total_votes=total,
        transfers=transfers,
        label=f"{label}, entrants at {t:,} members ({rule})"[:MAX_NOTE_CHARS],
    )

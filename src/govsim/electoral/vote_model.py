"""Vote models: who votes for whom, as data.

A :class:`VoteModel` is what the Monte Carlo elections of :func:`govsim.electoral.simulate`
and the ``electoral.*`` metrics draw voters from: party names and national list-vote
shares, a Dirichlet dispersion around them, a district swing for single-member seats,
and, for reports, a label, a source and a confidence note. No vote model is a default
of the library: a polity is evaluated under the vote model its scenario names (a
``[vote_model]`` table in a scenario file, read by :func:`vote_model_from_table`) or
the one passed to ``govsim.evaluate(polity, vote_model=...)``; without one the
``electoral.*`` metrics are NaN with the note :data:`NO_VOTE_MODEL`.

In a scenario file::

    [vote_model]
    label = "Mazhilis 2023 list votes (CEC)"
    source = "Central Election Commission, final results of 19 March 2023"
    names = ["Amanat", "Auyl", "Against all"]
    shares = [3431510, 693938, 248291]       # vote counts or fractions: normalised
    eligible = [true, true, false]           # "against all" wins no seats
    concentration = 300                      # Dirichlet a0 (optional)
    registered_members = [762000, "unknown", "unknown"]  # members at registration (optional)
    unregistered_votes = "proportional"

Every field is a :class:`VoteModel` parameter, with the same meaning; in a table, an
entry of ``registered_members`` that is not known is written ``"unknown"`` (TOML has no
null), which stands for ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from govsim._validation import check_int, param_error
from govsim.electoral.allocate import MAX_ENTRIES
from govsim.errors import ValidationError

__all__ = [
    "MAX_NOTE_CHARS",
    "MAX_REGISTERED_MEMBERS",
    "MAX_TOTAL_VOTES",
    "MAX_VOTE_MODEL_ENTRIES",
    "NO_VOTE_MODEL",
    "UNREGISTERED_VOTES",
    "VoteModel",
    "describe_vote_model",
    "vote_model_from_table",
]

#: Most votes cast in a :class:`VoteModel`: 10^10, more than the world's population, and
#: far inside int64 and float64's exact integers (``floor(p * total_votes)`` wrapped
#: around beyond 2**63).
MAX_TOTAL_VOTES = 10**10
#: Most entries (parties, coalitions and pseudo-parties such as "against all") of one
#: vote model: 1,000. The longest national ballots hold a few dozen lists (Italy 2018:
#: about 30 in a constituency; Ukraine 2019: 22), so 1,000 leaves room for any real
#: ballot and keeps a two-round transfer matrix (entries x entries) under 10^6 cells.
MAX_VOTE_MODEL_ENTRIES = 1_000
#: Longest ``label``, ``source`` or ``confidence`` note: 4,000 characters, a long
#: paragraph of citations; a report prints them whole.
MAX_NOTE_CHARS = 4_000
#: Most members a party may declare at registration: 10^10, the bound of a polity's
#: population (:data:`govsim.model.rows.MAX_POPULATION`), so that any membership a
#: registration threshold can ask for can be compared with it.
MAX_REGISTERED_MEMBERS = 10**10
#: Where the votes of an entry that cannot register go (``VoteModel.unregistered_votes``;
#: :func:`govsim.electoral.entry.entrants` gives the formulas).
UNREGISTERED_VOTES: tuple[str, ...] = ("proportional", "abstain", "against_all")
#: The note of an ``electoral.*`` metric evaluated without a vote model.
NO_VOTE_MODEL = (
    "no vote model: the electoral metrics need one (a [vote_model] table in the scenario "
    "file, or evaluate(..., vote_model=...)); none is assumed"
)


def _real(x: Any) -> bool:
    """A finite real number (not a bool, not a string)."""
    return (
        isinstance(x, (int, float, np.integer, np.floating))
        and not isinstance(x, (bool, np.bool_))
        and math.isfinite(x)
    )


def _shares(values: Any) -> NDArray[np.float64]:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise param_error("shares", "VoteModel", "a sequence of numbers", values)
    if len(values) > MAX_VOTE_MODEL_ENTRIES:
        raise param_error(
            "shares",
            "VoteModel",
            f"at most MAX_VOTE_MODEL_ENTRIES = {MAX_VOTE_MODEL_ENTRIES:,} entries",
            f"{len(values):,} entries",
        )
    arr = np.asarray(values)
    if arr.ndim == 1 and arr.dtype.kind in "iuf":
        return arr.astype(np.float64)
    if arr.ndim != 1 or not all(_real(x) for x in values):
        raise param_error(
            "shares",
            "VoteModel",
            "a non-empty sequence of non-negative shares with a positive sum",
            values,
        )
    return arr.astype(np.float64)


def _number(x: Any) -> float:
    if not _real(x):
        raise param_error("district_shares", "VoteModel", "finite numbers", x)
    return float(x)


def _eligible(x: Any) -> bool:
    if not isinstance(x, (bool, np.bool_)):
        raise param_error("eligible", "VoteModel", "booleans", x)
    return bool(x)


def _name(x: Any) -> str:
    if not isinstance(x, str) or not x.strip() or len(x) > MAX_NOTE_CHARS:
        raise param_error(
            "names", "VoteModel", f"non-empty strings of at most {MAX_NOTE_CHARS:,} characters", x
        )
    return x


def _note(x: Any, param: str) -> None:
    if x is not None and (not isinstance(x, str) or len(x) > MAX_NOTE_CHARS):
        shown = x if not isinstance(x, str) else f"{len(x):,} characters"
        raise param_error(
            param,
            "VoteModel",
            f"a string of at most MAX_NOTE_CHARS = {MAX_NOTE_CHARS:,} characters",
            shown,
        )


def _tuple(
    values: Sequence[Any] | None, n: int, param: str, kind: Callable[[Any], Any]
) -> tuple[Any, ...] | None:
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise param_error(param, "VoteModel", f"a sequence of {n} entries", values)
    out = tuple(values)
    if len(out) != n:
        raise param_error(param, "VoteModel", f"of length {n} (one entry per share)", len(out))
    return tuple(kind(x) for x in out)


def _count(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)) or not 1 <= x <= MAX_ENTRIES:
        raise param_error("members", "VoteModel", f"whole numbers in [1, {MAX_ENTRIES:,}]", x)
    return int(x)


def _registered(x: Any) -> int | None:
    if x is None:
        return None
    return check_int(
        x,
        "registered_members",
        "VoteModel",
        low=0,
        high=MAX_REGISTERED_MEMBERS,
        high_name="MAX_REGISTERED_MEMBERS",
    )


def _flag(x: Any) -> bool:
    if not isinstance(x, (bool, np.bool_)):
        raise param_error("minority", "VoteModel", "booleans", x)
    return bool(x)


def _transfer(rows: Any, n: int, func: str) -> NDArray[np.float64]:
    try:
        m = np.asarray(rows, dtype=np.float64)
    except (TypeError, ValueError):
        raise param_error("transfers", func, "a numeric matrix", "other values") from None
    off = m.shape == (n, n) and np.all(np.isfinite(m)) and m.min(initial=0.0) >= 0
    if not off or float((m.sum(axis=1) - np.diag(m)).max(initial=0.0)) > 1 + 1e-9:
        raise param_error(
            "transfers",
            func,
            f"a finite non-negative ({n}, {n}) matrix whose rows (off the diagonal) sum to <= 1",
            f"shape {m.shape}",
        )
    return m


@dataclass(frozen=True)
class VoteModel:
    """National list shares with Dirichlet uncertainty, plus district-level swing.

    Parameters
    ----------
    shares : sequence of float
        Expected national list-vote shares of each entry (normalised to sum to 1).
        Entries are parties and, optionally, "against all" (``eligible=False``) and
        "self-nominated" (list share 0, a positive ``district_shares`` entry).
    concentration : float, default 300
        Dirichlet concentration ``a0``: a draw is ``p ~ Dirichlet(a0 * shares)``
        over the entries with a positive share, so ``sd(p_i) ~ sqrt(s_i (1 - s_i) / a0)``
        (a0 = 300: about 2.9 points for a 54% party).
    district_swing : float, default 0.5
        Standard deviation of the independent normal swing of each candidate's
        log-share in each single-member district.
    eligible : sequence of bool, optional
        Entries that may win list seats (default: entries with a positive share).
    district_shares : sequence of float, optional
        Expected shares in district contests (default: ``shares`` of the eligible
        entries). A district's expected shares move with the national draw:
        ``q_i = district_shares_i * p_i / shares_i`` (ratio 1 where ``shares_i = 0``).
    total_votes : int, default 1_000_000
        Votes cast, at most ``MAX_TOTAL_VOTES``; a draw's list votes are
        ``floor(p * total_votes)``.
    names : sequence of str, optional
        Labels of the entries.
    members : sequence of int, optional
        Member parties of each list (1: a party; 2 or more: a coalition, which faces
        a list tier's ``coalition_thresholds``); default all 1.
    minority : sequence of bool, optional
        Lists of national minorities (exempt where a tier has ``exempt_minorities``).
    turnout : float in (0, 1], default 1
        Votes cast over registered voters in a district (two-round tiers read the
        registered-voter shares against ``district votes / turnout``).
    transfers : sequence of sequences of float, optional
        The second-round transfer matrix of two-round tiers (entries x entries, see
        :func:`~govsim.electoral.two_round`); default: eliminated voters abstain.
    registered_members : sequence of int or None, optional
        Members each entry's party had (or would have had) when it registered, for the
        entry model :func:`~govsim.electoral.entry.entrants`: under a polity's
        ``party_registration_threshold`` rule ``T``, an entry with fewer than ``T``
        members cannot run. ``None`` (per entry, or for the whole field) is unknown and
        always enters; pseudo-entries ("against all", "self-nominated") carry ``None``.
        Whole numbers in ``[0, MAX_REGISTERED_MEMBERS]``. Default: no entry model (the
        ``electoral.*`` metrics draw from the model as it is).
    unregistered_votes : {"proportional", "abstain", "against_all"}, default "proportional"
        Where the votes of an entry that cannot register go: to the registered parties
        in proportion to their shares, nowhere (the voters abstain), or to the one
        "against all" entry (``eligible=False``, a positive share). The formulas are in
        :func:`~govsim.electoral.entry.entrants`.
    label : str, optional
        What the model is, for reports (``"Mazhilis 2023 list votes (CEC)"``).
    source : str, optional
        Where its figures come from.
    confidence : str, optional
        How far to trust it (e.g. "H: official result; district model a guess").
        ``label``, ``source`` and ``confidence`` are notes: two models that differ only
        in them are equal (the same voters). Each is at most :data:`MAX_NOTE_CHARS`.

    Raises
    ------
    govsim.ValidationError
        Naming the parameter: shares that are not non-negative numbers with a positive
        sum, more than :data:`MAX_VOTE_MODEL_ENTRIES` entries, a per-entry field of
        another length, a non-numeric or out-of-range scalar, or a note that is not a
        string (or is longer than :data:`MAX_NOTE_CHARS`).

    Notes
    -----
    A district winner is ``argmax_i (log q_i + district_swing * e_di)`` with
    ``e_di ~ N(0, 1)`` i.i.d.: plurality on district vote shares that follow the
    national draw plus local noise. A two-round district draws first-round shares
    ``q_i exp(district_swing e_di)`` (normalised; the same order as the plurality
    model) and is decided by :func:`~govsim.electoral.two_round` with the tier's
    rules and ``transfers``.
    """

    shares: tuple[float, ...]
    concentration: float = 300.0
    district_swing: float = 0.5
    eligible: tuple[bool, ...] | None = None
    district_shares: tuple[float, ...] | None = None
    total_votes: int = 1_000_000
    names: tuple[str, ...] | None = field(default=None)
    members: tuple[int, ...] | None = None
    minority: tuple[bool, ...] | None = None
    turnout: float = 1.0
    transfers: tuple[tuple[float, ...], ...] | None = None
    registered_members: tuple[int | None, ...] | None = None
    unregistered_votes: Literal["proportional", "abstain", "against_all"] = "proportional"
    label: str | None = field(default=None, compare=False)
    source: str | None = field(default=None, compare=False)
    confidence: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        s = _shares(self.shares)
        if s.ndim != 1 or s.size == 0 or not np.all(np.isfinite(s)) or s.min() < 0 or s.sum() <= 0:
            raise param_error(
                "shares",
                "VoteModel",
                "a non-empty sequence of non-negative shares with a positive sum",
                self.shares,
            )
        n = s.size
        object.__setattr__(self, "shares", tuple(float(x) for x in s / s.sum()))
        if not (_real(self.concentration) and self.concentration > 0):
            raise param_error(
                "concentration", "VoteModel", "a finite number > 0", self.concentration
            )
        if not (_real(self.district_swing) and self.district_swing >= 0):
            raise param_error(
                "district_swing", "VoteModel", "a finite number >= 0", self.district_swing
            )
        for note in ("label", "source", "confidence"):
            _note(getattr(self, note), note)
        object.__setattr__(self, "eligible", _tuple(self.eligible, n, "eligible", _eligible))
        object.__setattr__(
            self, "district_shares", _tuple(self.district_shares, n, "district_shares", _number)
        )
        object.__setattr__(self, "names", _tuple(self.names, n, "names", _name))
        check_int(self.total_votes, "total_votes", "VoteModel", low=1, high=MAX_TOTAL_VOTES)
        d = self.district_shares
        if d is not None and not all(math.isfinite(x) and x >= 0 for x in d):
            raise param_error("district_shares", "VoteModel", "finite and non-negative", d)
        object.__setattr__(self, "members", _tuple(self.members, n, "members", _count))
        object.__setattr__(self, "minority", _tuple(self.minority, n, "minority", _flag))
        object.__setattr__(
            self,
            "registered_members",
            _tuple(self.registered_members, n, "registered_members", _registered),
        )
        if not isinstance(self.unregistered_votes, str) or (
            self.unregistered_votes not in UNREGISTERED_VOTES
        ):
            raise param_error(
                "unregistered_votes",
                "VoteModel",
                f"one of {', '.join(map(repr, UNREGISTERED_VOTES))}",
                self.unregistered_votes,
            )
        t = self.turnout
        if not (_real(t) and 0 < t <= 1):
            raise param_error("turnout", "VoteModel", "a number in (0, 1]", t)
        if self.transfers is not None:
            rows = _tuple(self.transfers, n, "transfers", tuple)
            assert rows is not None
            m = _transfer(np.asarray(rows, dtype=object).tolist(), n, "VoteModel")
            object.__setattr__(self, "transfers", tuple(tuple(float(x) for x in r) for r in m))

    @property
    def n_entries(self) -> int:
        """Number of entries (parties and pseudo-parties)."""
        return len(self.shares)

    @property
    def list_eligible(self) -> NDArray[np.bool_]:
        """Entries that may win list seats."""
        if self.eligible is not None:
            return np.asarray(self.eligible, dtype=bool)
        return np.asarray(self.shares) > 0

    @property
    def district_weights(self) -> NDArray[np.float64]:
        """Expected district-contest shares (zero: cannot win a district)."""
        if self.district_shares is not None:
            return np.asarray(self.district_shares, dtype=np.float64)
        return np.where(self.list_eligible, self.shares, 0.0)

    def draw_shares(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``n`` national share vectors, shape (n, entries).

        Parameters
        ----------
        n : int
            Draws.
        rng : numpy.random.Generator
            Randomness.

        Returns
        -------
        ndarray of float64, shape (n, entries)
            Rows drawn from ``Dirichlet(concentration * shares)`` over the entries with a
            positive share; entries with share 0 stay at 0.

        Examples
        --------
        >>> import numpy as np
        >>> p = VoteModel(shares=(0.6, 0.4, 0.0)).draw_shares(3, np.random.default_rng(0))
        >>> p.shape, bool(np.allclose(p.sum(axis=1), 1.0)), bool((p[:, 2] == 0).all())
        ((3, 3), True, True)
        """
        s = np.asarray(self.shares)
        pos = s > 0
        out = np.zeros((n, s.size))
        out[:, pos] = rng.dirichlet(self.concentration * s[pos], size=n)
        return out

    def district_winners(
        self, p: NDArray[np.float64], districts: int, rng: np.random.Generator
    ) -> NDArray[np.int64]:
        """Plurality winners of ``districts`` districts for each draw, shape (n, districts).

        Parameters
        ----------
        p : ndarray of float64, shape (n, entries)
            National shares of each draw (from :meth:`draw_shares`).
        districts : int
            Single-member districts.
        rng : numpy.random.Generator
            Randomness of the district swing.

        Returns
        -------
        ndarray of int64, shape (n, districts)
            Entry index of each district's winner: the largest
            ``log(district_weight * p / share) + district_swing * N(0, 1)``.

        Examples
        --------
        >>> import numpy as np
        >>> m = VoteModel(shares=(0.6, 0.4), district_swing=0.0)
        >>> m.district_winners(np.array([[0.6, 0.4]]), 4, np.random.default_rng(0)).tolist()
        [[0, 0, 0, 0]]
        """
        s = np.asarray(self.shares)
        w = self.district_weights
        ratio = np.where(s > 0, p / np.where(s > 0, s, 1.0), 1.0)
        with np.errstate(divide="ignore"):
            logq = np.log(w * ratio).astype(np.float32)  # -inf: cannot win
        contenders = np.flatnonzero(w > 0)
        noise = rng.standard_normal((p.shape[0], districts, contenders.size), dtype=np.float32)
        noise *= np.float32(self.district_swing)
        noise += logq[:, None, contenders]
        winners: NDArray[np.int64] = contenders[noise.argmax(axis=-1)]
        return winners


#: The fields a ``[vote_model]`` table may hold: every :class:`VoteModel` parameter.
TABLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(VoteModel))


def vote_model_from_table(table: Any) -> VoteModel:
    """A :class:`VoteModel` from a ``[vote_model]`` table of a scenario file.

    Parameters
    ----------
    table : mapping
        Keys are :class:`VoteModel` parameters (:data:`TABLE_FIELDS`); ``shares`` is
        required. Lists stand for tuples; ``transfers`` is a list of lists.

    Returns
    -------
    VoteModel

    Raises
    ------
    govsim.ValidationError
        Whose message begins with the field at fault (``shares: ...``): not a table,
        an unknown or missing field, a list longer than
        :data:`MAX_VOTE_MODEL_ENTRIES` (checked before anything is converted), or a
        value :class:`VoteModel` refuses. ``field`` holds the field's name.

    Examples
    --------
    >>> m = vote_model_from_table({"names": ["A", "B"], "shares": [60, 40], "label": "toy"})
    >>> m.shares, m.label
    ((0.6, 0.4), 'toy')
    >>> vote_model_from_table({"shares": [1], "colour": "red"})
    Traceback (most recent call last):
    ...
    govsim.errors.ValidationError: colour: unknown field of a vote model (known: shares, ...)
    """
    if not isinstance(table, Mapping):
        raise _field_error(None, f"a vote model is a table of fields; got {type(table).__name__}")
    for key in table:
        if key not in TABLE_FIELDS:
            known = ", ".join(TABLE_FIELDS)
            raise _field_error(str(key), f"unknown field of a vote model (known: {known})")
    if "shares" not in table:
        raise _field_error("shares", "missing required field of a vote model")
    params: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, list):
            if len(value) > MAX_VOTE_MODEL_ENTRIES:
                raise _field_error(
                    key,
                    f"at most MAX_VOTE_MODEL_ENTRIES = {MAX_VOTE_MODEL_ENTRIES:,} entries; "
                    f"got {len(value):,}",
                )
            if key == "registered_members":
                value = [None if isinstance(v, str) and v == "unknown" else v for v in value]
            if key == "transfers":
                for i, row in enumerate(value):
                    if not isinstance(row, list) or len(row) > MAX_VOTE_MODEL_ENTRIES:
                        raise _field_error(
                            f"transfers[{i}]",
                            f"a list of at most {MAX_VOTE_MODEL_ENTRIES:,} numbers",
                        )
                value = tuple(tuple(row) for row in value)
            else:
                value = tuple(value)
        params[key] = value
    try:
        return VoteModel(**params)
    except ValidationError as exc:
        message = str(exc)
        culprit = next((k for k in TABLE_FIELDS if f"'{k}' parameter" in message), None)
        raise _field_error(culprit, message) from None


def _field_error(name: str | None, message: str) -> ValidationError:
    err = ValidationError(f"{name}: {message}" if name else message)
    err.field = name
    err.detail = message
    return err


def describe_vote_model(model: VoteModel | None) -> str:
    """One line saying which vote model a report or a command used.

    Examples
    --------
    >>> describe_vote_model(None)
    'none: electoral metrics not computed'
    >>> describe_vote_model(VoteModel(shares=(0.6, 0.4), label="toy", source="made up"))
    'toy (source: made up; 2 entries)'
    """
    if model is None:
        return "none: electoral metrics not computed"
    label = model.label or "unlabelled vote model"
    parts = [f"source: {model.source}"] if model.source else []
    if model.confidence:
        parts.append(f"confidence: {model.confidence}")
    parts.append(f"{model.n_entries} entries")
    return f"{label} ({'; '.join(parts)})"

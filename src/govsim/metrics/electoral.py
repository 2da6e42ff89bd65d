"""The ``electoral.*`` metric family: the lower chamber under the polity's vote model.

Each metric simulates the polity's lower-chamber :class:`~govsim.model.rows.ElectoralSystem`
(the chamber with the ``lower_chamber`` role, else the ``sole_chamber``:
:func:`govsim.model.roles.lower_chamber`) under a vote model given as data
(:class:`~govsim.electoral.VoteModel`), with :data:`DEFAULT_DRAWS` draws and the fixed
seed :data:`DEFAULT_SEED`, so that two polities (e.g. 2019 and 2024) are compared under
the same voters. There is no default vote model: ``govsim.evaluate(p, vote_model=m)``
passes one (a scenario file names its own in a ``[vote_model]`` table, e.g. the
Kazakhstan scenario's :data:`govsim.scenarios.kazakhstan_votes.KAZAKHSTAN_2023`);
without one each metric raises a :class:`~govsim.errors.ValidationError` whose message
is :data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`, which ``evaluate`` reports as
NaN with that note. The simulation of one system is cached, so the four metrics cost
one run. ``govsim.evaluate(p, seed=s)`` and ``govsim sweep`` pass another seed to all
four (the same one to each), so that replicates are different elections.

Party entry: when the polity has a ``party_registration_threshold`` rule (value ``T``
members) and the vote model gives ``registered_members``, the metrics draw from
:func:`govsim.electoral.entry.entrants` ``(vote_model, T)``: the entries whose party has
fewer than ``T`` members cannot run, and their votes go as the model's
``unregistered_votes`` says. Otherwise (no rule, or no member counts) the vote model is
used as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from govsim._random import SeedLike, as_int_seed
from govsim.electoral.entry import entrants
from govsim.electoral.montecarlo import SimulationResult, simulate
from govsim.electoral.vote_model import NO_VOTE_MODEL, VoteModel
from govsim.errors import ValidationError
from govsim.metrics.registry import register_metric
from govsim.model.roles import lower_chamber
from govsim.model.rows import ElectoralSystem

if TYPE_CHECKING:
    from govsim.model.polity import Polity

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "expected_enp",
    "expected_gallagher",
    "lower_chamber_system",
    "p_majority",
    "p_two_thirds",
    "registration_threshold",
    "run",
]

#: Draws per evaluation: the standard error of a probability is at most 0.011.
DEFAULT_DRAWS = 2000
#: Fixed seed (the date of the 2023 Mazhilis election), so evaluations are reproducible.
DEFAULT_SEED = 20230319

F = TypeVar("F", bound=Callable[..., Any])

_REFERENCE = (
    "Gallagher (1991), Electoral Studies 10(1):33-51; Laakso & Taagepera (1979), "
    "CPS 12(1):3-27; vote model: the polity's own (evaluate(..., vote_model=...))."
)


def lower_chamber_system(polity: Polity) -> ElectoralSystem:
    """The electoral system of the polity's lower chamber.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads ``select`` and ``electoral_system(id)``.

    Returns
    -------
    ElectoralSystem
        The system of :func:`govsim.model.roles.lower_chamber`: the chamber whose
        role is ``lower_chamber`` (the Mazhilis), else the ``sole_chamber``.

    Raises
    ------
    govsim.ValidationError
        If the polity has no lower or sole chamber, or no electoral system fills it
        (e.g. an appointed one).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> lower_chamber_system(kazakhstan_2019()).tiers
    (ListTier(type='list', seats=98, method='hare', threshold=0.07, districts=1),)
    """
    chamber = lower_chamber(polity)
    if chamber is None:
        raise ValidationError(
            "The polity has no electoral system for a chamber: it has no lower or sole "
            "chamber (role 'lower_chamber' or 'sole_chamber'), so electoral metrics do not apply."
        )
    system = polity.electoral_system(chamber.id)
    if system is None:
        raise ValidationError(
            "The polity has no electoral system for a chamber: its lower chamber "
            f"{chamber.id!r} has none, so electoral metrics do not apply."
        )
    return system


def registration_threshold(polity: Any) -> int | None:
    """Members a party needs to register in the polity, or None without such a rule.

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads its ``party_registration_threshold`` rule (at most one: a reform replaces
        its like).

    Returns
    -------
    int or None

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> registration_threshold(kazakhstan_2019()), registration_threshold(kazakhstan("2024-01-01"))
    (40000, 5000)
    """
    rules = polity.rules_of("party_registration_threshold")
    if not rules:
        return None
    value = rules[0].value
    return int(value) if value is not None else None


@lru_cache(maxsize=64)
def _simulate(system: ElectoralSystem, model: VoteModel, n: int, seed: int) -> SimulationResult:
    return simulate(system, model, n, seed)


_PARAMETERS = """Parameters
    ----------
    polity : govsim.model.Polity
        Reads the system of its lower chamber (:func:`lower_chamber_system`).
    vote_model : VoteModel
        The voters (required: there is no default; ``None`` raises with
        :data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`). When it gives
        ``registered_members`` and the polity has a ``party_registration_threshold``
        rule, only the entries that can register run
        (:func:`~govsim.electoral.entry.entrants`); otherwise it is used unchanged.
    n : int, default DEFAULT_DRAWS
        Draws.
    seed : int, SeedSequence or Generator, default DEFAULT_SEED
        Seed of the draws. A SeedSequence stands for the int
        :func:`govsim._random.as_int_seed` gives (equal sequences, equal draws); a
        Generator draws that int from its stream."""

_RAISES = """Raises
    ------
    govsim.ValidationError
        Without a vote model (the message is
        :data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`), a ``vote_model`` that
        is not a VoteModel, or if the polity's lower chamber has no electoral system."""


def _shared_doc(func: F) -> F:
    # The four metrics take the same arguments and fail the same way: document it once.
    func.__doc__ = (func.__doc__ or "").format(parameters=_PARAMETERS, raises=_RAISES)
    return func


def run(
    polity: Any,
    vote_model: VoteModel | None,
    n: int = DEFAULT_DRAWS,
    seed: SeedLike = DEFAULT_SEED,
) -> SimulationResult:
    """The Monte Carlo elections the four metrics summarise (cached per system, model,
    draws and seed).

    Parameters
    ----------
    polity : govsim.model.Polity
        Reads the system of its lower chamber (:func:`lower_chamber_system`).
    vote_model : VoteModel
        The voters; ``None`` raises (there is no default).
    n : int, default DEFAULT_DRAWS
    seed : int, SeedSequence or Generator, default DEFAULT_SEED

    Returns
    -------
    SimulationResult
        Drawn from ``vote_model``, or from :func:`~govsim.electoral.entry.entrants`
        ``(vote_model, T)`` when the polity has a registration threshold ``T``
        (:func:`registration_threshold`) and the model has ``registered_members``.

    Raises
    ------
    govsim.ValidationError
        Without a vote model (message :data:`~govsim.electoral.vote_model.NO_VOTE_MODEL`),
        with something else than a VoteModel, or without a lower-chamber system.
    """
    if vote_model is None:
        raise ValidationError(NO_VOTE_MODEL)
    if not isinstance(vote_model, VoteModel):
        raise ValidationError(
            "The 'vote_model' parameter of the electoral metrics must be a VoteModel. "
            f"Got {type(vote_model).__name__} instead."
        )
    system = lower_chamber_system(polity)
    if vote_model.registered_members is not None:
        threshold = registration_threshold(polity)
        if threshold is not None:
            vote_model = entrants(vote_model, threshold)
    # the cache is keyed by the seed, so a SeedSequence or Generator becomes an int first
    return _simulate(system, vote_model, n, as_int_seed(seed))


@register_metric(
    "electoral.expected_gallagher",
    definition=(
        "Expected Gallagher least-squares index (0-100) of the lower chamber: list votes vs "
        "seats of all tiers, under the polity's vote model (NaN without one)."
    ),
    range=(0.0, 100.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def expected_gallagher(
    polity: Any,
    vote_model: VoteModel | None = None,
    n: int = DEFAULT_DRAWS,
    seed: SeedLike = DEFAULT_SEED,
) -> float:
    """Expected Gallagher index of the lower chamber under a vote model.

    {parameters}

    Returns
    -------
    float
        Mean over draws of ``sqrt(0.5 * sum_i (v_i - s_i)^2)`` in percentage points.

    {raises}

    Examples
    --------
    The 2019 Mazhilis (98 list seats, 7% threshold) against the 2023 one (69 list
    seats at 5% + 29 single-member districts), under the same voters:

    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023
    >>> before, after = kazakhstan_2019(), kazakhstan("2024-01-01")
    >>> b = expected_gallagher(before, vote_model=KAZAKHSTAN_2023)
    >>> a = expected_gallagher(after, vote_model=KAZAKHSTAN_2023)
    >>> round(b, 1), round(a, 1)
    (8.6, 9.1)

    Without a vote model there is nothing to simulate:

    >>> expected_gallagher(before)
    Traceback (most recent call last):
    ...
    govsim.errors.ValidationError: no vote model: ...

    References
    ----------
    Gallagher, M. (1991). Proportionality, disproportionality and electoral systems.
    *Electoral Studies* 10(1):33-51.
    """
    return run(polity, vote_model, n, seed).expected_gallagher


@register_metric(
    "electoral.expected_enp",
    definition=(
        "Expected Laakso-Taagepera effective number of parties by seats in the lower chamber, "
        "under the polity's vote model (NaN without one)."
    ),
    range=(1.0, float("inf")),
    direction="higher",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def expected_enp(
    polity: Any,
    vote_model: VoteModel | None = None,
    n: int = DEFAULT_DRAWS,
    seed: SeedLike = DEFAULT_SEED,
) -> float:
    """Expected effective number of parties by seats in the lower chamber.

    {parameters}

    Returns
    -------
    float
        Mean over draws of ``1 / sum_i s_i^2`` (seat shares).

    {raises}

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023
    >>> round(expected_enp(kazakhstan_2019(), vote_model=KAZAKHSTAN_2023), 2)
    2.21

    References
    ----------
    Laakso, M. and Taagepera, R. (1979). "Effective" number of parties. *Comparative
    Political Studies* 12(1):3-27.
    """
    return run(polity, vote_model, n, seed).expected_enp


@register_metric(
    "electoral.p_majority",
    definition=(
        "Probability that one party wins more than half of the lower chamber's elected seats, "
        "under the polity's vote model (NaN without one)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def p_majority(
    polity: Any,
    vote_model: VoteModel | None = None,
    n: int = DEFAULT_DRAWS,
    seed: SeedLike = DEFAULT_SEED,
) -> float:
    """P(the largest party holds a majority of the lower chamber's elected seats).

    {parameters}

    Returns
    -------
    float
        Share of draws in which one party holds more than half of the elected seats.

    {raises}

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023
    >>> round(p_majority(kazakhstan_2019(), vote_model=KAZAKHSTAN_2023), 2)
    1.0

    References
    ----------
    Vote model of the example: :data:`govsim.scenarios.kazakhstan_votes.KAZAKHSTAN_2023`
    (2023 Mazhilis list shares, Central Election Commission).
    """
    return run(polity, vote_model, n, seed).p_majority


@register_metric(
    "electoral.p_two_thirds",
    definition=(
        "Probability that one party wins at least two thirds of the lower chamber's elected "
        "seats (a constitutional majority), under the polity's vote model (NaN without one)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference=_REFERENCE,
    input="polity",
)
@_shared_doc
def p_two_thirds(
    polity: Any,
    vote_model: VoteModel | None = None,
    n: int = DEFAULT_DRAWS,
    seed: SeedLike = DEFAULT_SEED,
) -> float:
    """P(the largest party holds at least 2/3 of the lower chamber's elected seats).

    {parameters}

    Returns
    -------
    float
        Share of draws in which one party holds at least two thirds of the elected seats.

    {raises}

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> from govsim.scenarios.kazakhstan_votes import KAZAKHSTAN_2023
    >>> round(p_two_thirds(kazakhstan_2019(), vote_model=KAZAKHSTAN_2023), 2)
    0.33

    References
    ----------
    Vote model of the example: :data:`govsim.scenarios.kazakhstan_votes.KAZAKHSTAN_2023`
    (2023 Mazhilis list shares, Central Election Commission).
    """
    return run(polity, vote_model, n, seed).p_two_thirds

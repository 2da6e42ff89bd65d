"""Registered tenure metrics: the head of state's expected years and long-tenure risk.

``tenure.expected_years`` and ``tenure.p_over_10_years`` read the national head of
state's term rule (found by role, :mod:`govsim.model.roles`) and its holder's term
count (the rules ``incumbent_terms`` and ``term_count_reset``: see :func:`incumbent_count`)
and evaluate the closed forms of :mod:`govsim.tenure.exact`; ``tenure.expected_total_years`` and
``tenure.p_over_10_years_total`` its Markov chain of total years over
:data:`~govsim.tenure.TOTAL_HORIZON` years, returns after a break included. The
defaults (:data:`~govsim.tenure.DEFAULT_HAZARD`, ...) are modelling assumptions
documented in :mod:`govsim.tenure.simulate`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from govsim._validation import param_error
from govsim.metrics.registry import register_metric
from govsim.model.roles import head_of_state
from govsim.model.rows import MAX_TERMS, TermRule
from govsim.tenure.exact import (
    TotalYears,
    exact_expected_tenure,
    exact_p_tenure_over,
    exact_total_years,
)
from govsim.tenure.simulate import (
    DEFAULT_COMEBACK,
    DEFAULT_DEATH_SHARE,
    DEFAULT_HAZARD,
    DEFAULT_REELECTION,
    FIRST_TERM_COUNTED,
    TOTAL_HORIZON,
)

__all__ = [
    "expected_total_years",
    "expected_years",
    "incumbent_count",
    "p_over_10_years",
    "p_over_10_years_total",
]

F = TypeVar("F", bound=Callable[..., Any])


def _head_of_state(polity: Any) -> Any:
    head = head_of_state(polity)
    if head is None:
        raise param_error(
            "polity", "tenure metrics", "a polity with a national head_of_state", polity.name
        )
    return head


def _head_of_state_term(polity: Any) -> TermRule | None:
    return _head_of_state(polity).term  # type: ignore[no-any-return]


def incumbent_count(polity: Any, office: str | None = None) -> int:
    """Terms the limit counts for ``office``'s holder when the running term ends.

    ``0`` when a ``term_count_reset`` rule names the office (a transitional rule: the
    running term and the earlier ones are not counted, Russia 2020 art. 81(3.1)); the
    ``value`` of an ``incumbent_terms`` rule naming it (the running term included);
    otherwise :data:`~govsim.tenure.FIRST_TERM_COUNTED` (1, a first term). This is the
    ``counted`` of the tenure engine (:func:`govsim.tenure.simulate`).

    Parameters
    ----------
    polity : govsim.model.Polity
        The polity.
    office : str, optional
        An institution id; default the national head of state (by role).

    Returns
    -------
    int

    Raises
    ------
    govsim.ValidationError
        If the polity has no head of state (``office`` unset), both rules name the
        office (a polity cannot say both), or the count exceeds ``MAX_TERMS`` (100).

    Examples
    --------
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> incumbent_count(kazakhstan_2019())
    1
    """
    subject = getattr(_head_of_state(polity), "id", None) if office is None else office
    rules_of = getattr(polity, "rules_of", None)  # a stand-in of the Polity API may hold none
    if subject is None or rules_of is None:
        return FIRST_TERM_COUNTED
    reset = rules_of("term_count_reset", subject)
    counts = rules_of("incumbent_terms", subject)
    if reset and counts:
        raise param_error(
            "polity",
            "tenure metrics",
            f"at most one of the rules term_count_reset and incumbent_terms for {subject!r}",
            "both",
        )
    if reset:
        return 0
    if counts:
        value = max(int(r.value) for r in counts)
        if value > MAX_TERMS:  # a count read from a file: bounded as TermRule.max_terms is
            raise param_error(
                "polity",
                "tenure metrics",
                f"an incumbent_terms rule for {subject!r} of at most MAX_TERMS = {MAX_TERMS}",
                value,
            )
        return value
    return FIRST_TERM_COUNTED


_PARAMETERS = """Parameters
    ----------
    polity : govsim.model.Polity
        Reads the ``term`` of its national ``head_of_state`` (``exempt_incumbent`` honoured)
        and its holder's term count (:func:`incumbent_count`: a reset, or earlier terms).
    hazard : float, default DEFAULT_HAZARD
        Yearly exit probability.
    reelection : float, default DEFAULT_REELECTION
        Probability of staying for an allowed further term."""

_RAISES = """Raises
    ------
    govsim.ValidationError
        If the polity has no national head of state."""

_REFERENCES = """References
    ----------
    Svolik, M. W. (2012). *The Politics of Authoritarian Rule*. Cambridge University
    Press, ch. 3."""


def _doc(**fields: str) -> Callable[[F], F]:
    # The metrics read the same polity and defaults: document them once.
    def fill(func: F) -> F:
        func.__doc__ = (func.__doc__ or "").format(raises=_RAISES, references=_REFERENCES, **fields)
        return func

    return fill


_shared_doc = _doc(parameters=_PARAMETERS)


@register_metric(
    "tenure.expected_years",
    definition=(
        "Expected years in office of the national head of state under its TermRule and its "
        "holder's counted terms (a reset of the count, or earlier terms), "
        "a yearly exit hazard (default 0.05) and re-election probability (default 0.9); "
        "closed form, no horizon."
    ),
    range=(0.0, float("inf")),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_shared_doc
def expected_years(
    polity: Any, hazard: float = DEFAULT_HAZARD, reelection: float = DEFAULT_REELECTION
) -> float:
    """Expected tenure of the head of state (see :func:`exact_expected_tenure`).

    {parameters}

    Returns
    -------
    float
        ``E[T]`` in years, from :func:`exact_expected_tenure` with no horizon.

    {raises}

    Notes
    -----
    With the defaults (``h = 0.05``, ``r = 0.9``), two five-year terms give
    ``sum_(y<5) 0.95^y + 0.9 * 0.95^5 * sum_(y<5) 0.95^y = 4.52 + 3.15 = 7.68`` years and one
    seven-year term ``(1 - 0.95^7) / 0.05 = 6.03``. Tenure is one continuous spell: a
    return after a break, which a limit on *consecutive* terms (2019) allows and the
    single term without re-election (2022) forbids, does not count here; see
    :func:`expected_total_years` (``tenure.expected_total_years``) for that part of the
    reform.

    Examples
    --------
    Kazakhstan's two consecutive five-year terms (2019) against the single
    seven-year term (2024); the First President exemption lifts the limit:

    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(expected_years(kazakhstan_2019()), 2), round(expected_years(kazakhstan("2024-01-01")), 2)
    (7.68, 6.03)
    >>> round(expected_years(kazakhstan_2019(first_president_exemption=True)), 1)
    14.9

    {references}
    """
    return exact_expected_tenure(
        _head_of_state_term(polity), hazard, None, reelection, counted=incumbent_count(polity)
    )


@register_metric(
    "tenure.p_over_10_years",
    definition=(
        "Probability that the national head of state serves more than 10 years under its "
        "TermRule, a yearly exit hazard (default 0.05) and re-election probability (default 0.9)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_shared_doc
def p_over_10_years(
    polity: Any, hazard: float = DEFAULT_HAZARD, reelection: float = DEFAULT_REELECTION
) -> float:
    """``P(tenure > 10)`` of the head of state (see :func:`exact_p_tenure_over`).

    {parameters}

    Returns
    -------
    float
        ``P(T > 10)``, from :func:`exact_p_tenure_over`.

    {raises}

    Notes
    -----
    Two five-year terms end at 10 years and one seven-year term at 7, so both Kazakhstan
    rules give exactly 0 for a continuous spell; only a limit that does not bind (the
    First President exemption) or a return after a break (allowed by the 2019 limit on
    *consecutive* terms; see :func:`p_over_10_years_total`) could exceed 10 years.

    Examples
    --------
    Two five-year terms end at 10 years, so only the exempt First President can
    serve longer:

    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> p_over_10_years(kazakhstan_2019())
    0.0
    >>> round(p_over_10_years(kazakhstan_2019(first_president_exemption=True)), 3)
    0.485

    {references}
    """
    return exact_p_tenure_over(
        _head_of_state_term(polity), hazard, 10, reelection, counted=incumbent_count(polity)
    )


_TOTAL_PARAMETERS = (
    _PARAMETERS
    + """
    death_share : float, default DEFAULT_DEATH_SHARE
        Share of the hazard that is death or incapacity (no return).
    comeback : float, default DEFAULT_COMEBACK
        Probability that an eligible former head of state wins an election.
    horizon : int, default TOTAL_HORIZON
        Years counted."""
)

_TOTAL_NOTES = """The first holder's total years over ``horizon`` years, from the exact chain
    of :func:`exact_total_years` (deterministic). Under Kazakhstan's pre-2022 rule (two
    *consecutive* five-year terms) a former president may come back after a term out;
    under the 2022 rule (one seven-year term, no re-election ever) never, so the total is
    the single spell: ``sum_(y<7) 0.95^y = 6.03`` years and ``P(total > 10) = 0``."""


_total_doc = _doc(parameters=_TOTAL_PARAMETERS, notes=_TOTAL_NOTES)


def _total_law(
    polity: Any, hazard: float, reelection: float, death_share: float, comeback: float, horizon: int
) -> TotalYears:
    return exact_total_years(
        _head_of_state_term(polity),
        hazard,
        horizon,
        reelection,
        death_share,
        comeback,
        counted=incumbent_count(polity),
    )


@register_metric(
    "tenure.expected_total_years",
    definition=(
        "Expected total years in office of the national head of state over 30 years, returns "
        "after a break included, under its TermRule, a yearly exit hazard (default 0.05, 40% "
        "of it death), re-election 0.9 and comeback 0.5 per eligible election; exact Markov chain."
    ),
    range=(0.0, float(TOTAL_HORIZON)),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_total_doc
def expected_total_years(
    polity: Any,
    hazard: float = DEFAULT_HAZARD,
    reelection: float = DEFAULT_REELECTION,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = DEFAULT_COMEBACK,
    horizon: int = TOTAL_HORIZON,
) -> float:
    """Expected total years of the head of state, returns included (see :func:`exact_total_years`).

    {parameters}

    Returns
    -------
    float
        ``E[total]`` in years over the horizon.

    {raises}

    Notes
    -----
    {notes}

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(expected_total_years(kazakhstan_2019()), 2)
    13.45
    >>> round(expected_total_years(kazakhstan("2024-01-01")), 2)
    6.03
    >>> round(expected_total_years(kazakhstan_2019(), comeback=0.0), 2)  # first spell only
    7.68
    >>> round(expected_total_years(kazakhstan_2019(first_president_exemption=True)), 2)
    17.38

    {references}
    """
    return _total_law(polity, hazard, reelection, death_share, comeback, horizon).mean


@register_metric(
    "tenure.p_over_10_years_total",
    definition=(
        "Probability that the national head of state serves more than 10 years in all over "
        "30 years, returns after a break included (defaults as tenure.expected_total_years)."
    ),
    range=(0.0, 1.0),
    direction="lower",
    reference="Svolik (2012), The Politics of Authoritarian Rule, ch. 3; govsim.tenure.",
    input="polity",
)
@_total_doc
def p_over_10_years_total(
    polity: Any,
    hazard: float = DEFAULT_HAZARD,
    reelection: float = DEFAULT_REELECTION,
    death_share: float = DEFAULT_DEATH_SHARE,
    comeback: float = DEFAULT_COMEBACK,
    horizon: int = TOTAL_HORIZON,
) -> float:
    """``P(total > 10)`` of the head of state, returns included (see :func:`exact_total_years`).

    {parameters}

    Returns
    -------
    float
        ``P(total > 10)`` over the horizon.

    {raises}

    Notes
    -----
    {notes}

    Examples
    --------
    >>> from govsim.scenarios import kazakhstan
    >>> from govsim.scenarios.kazakhstan import kazakhstan_2019
    >>> round(p_over_10_years_total(kazakhstan_2019()), 3)
    0.626
    >>> p_over_10_years_total(kazakhstan("2024-01-01"))
    0.0

    {references}
    """
    return _total_law(polity, hazard, reelection, death_share, comeback, horizon).p_over(10)

"""One randomness convention for all of govsim.

Every function that draws random numbers takes ``seed: SeedLike``: ``None`` (fresh
OS entropy), an ``int``, a :class:`numpy.random.SeedSequence` or a
:class:`numpy.random.Generator`. There is no module-global generator. Ensembles
spawn independent child seeds up front with :func:`spawn_seeds`, so a result never
depends on how work is split across processes or machines.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np

from govsim.errors import ValidationError

__all__ = ["MAX_SEEDS", "SeedLike", "as_generator", "as_int_seed", "spawn_seeds"]

SeedLike: TypeAlias = int | np.integer | np.random.SeedSequence | np.random.Generator | None

#: Most replicate seeds per variant: 10^4. The standard error of a mean falls as
#: ``1/sqrt(n)``: 10^4 replicates give it to 1% of the spread of a single run, which
#: no comparison of reforms needs to beat; more buys only time and memory (every
#: seed is spawned up front, and each replicate re-applies the reforms and evaluates
#: every metric again). Read by ``govsim.ensemble.sweep`` and by scenario files'
#: ``seeds`` (``govsim.ensemble.MAX_SEEDS`` is this constant).
MAX_SEEDS = 10_000


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Return a :class:`numpy.random.Generator` for ``seed``.

    A Generator is returned as is (so the caller's stream advances); anything else
    seeds a new PCG64 generator.

    Raises
    ------
    govsim.ValidationError
        If ``seed`` is not one of the accepted types or is a negative integer.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or isinstance(seed, np.random.SeedSequence):
        return np.random.default_rng(seed)
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        if seed < 0:
            raise ValidationError(
                f"The 'seed' parameter must be a non-negative int. Got {seed!r} instead."
            )
        return np.random.default_rng(int(seed))
    raise ValidationError(
        "The 'seed' parameter must be None, an int, a numpy SeedSequence or a numpy Generator. "
        f"Got {type(seed).__name__} instead."
    )


def spawn_seeds(seed: SeedLike, n: int) -> list[np.random.SeedSequence]:
    """Spawn ``n`` independent child seed sequences from ``seed``.

    With an int or None this is ``SeedSequence(seed).spawn(n)``; with a Generator the
    children come from its bit generator's seed sequence, so the same Generator state
    yields the same children.
    """
    if n < 0:
        raise ValidationError(f"The 'n' parameter of spawn_seeds must be >= 0. Got {n} instead.")
    if isinstance(seed, np.random.Generator):
        return list(seed.bit_generator.seed_seq.spawn(n))  # type: ignore[attr-defined]
    if isinstance(seed, np.random.SeedSequence):
        return list(seed.spawn(n))
    if seed is not None and not isinstance(seed, (int, np.integer)):
        as_generator(seed)  # raises the standard message
    return list(np.random.SeedSequence(None if seed is None else int(seed)).spawn(n))


def as_int_seed(seed: SeedLike) -> int:
    """A non-negative int standing for ``seed``, for code that keys a cache by its seed.

    An int is returned as is; a :class:`numpy.random.SeedSequence` gives the first 64
    bits of its state, so equal sequences (the same entropy and spawn key, e.g. the
    same child of a sweep, whichever process holds it) give the same int; a
    :class:`numpy.random.Generator` draws the int from its stream (which advances);
    ``None`` draws one from fresh OS entropy.

    Raises
    ------
    govsim.ValidationError
        If ``seed`` is not one of the accepted types or is a negative integer.

    Examples
    --------
    >>> as_int_seed(7)
    7
    >>> child = np.random.SeedSequence(1).spawn(2)[1]
    >>> as_int_seed(child) == as_int_seed(np.random.SeedSequence(1, spawn_key=(1,)))
    True
    """
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        as_generator(seed)  # the standard message for a negative seed
        return int(seed)
    if isinstance(seed, np.random.SeedSequence):
        return int(seed.generate_state(1, np.uint64)[0])
    return int(as_generator(seed).integers(0, 2**63))

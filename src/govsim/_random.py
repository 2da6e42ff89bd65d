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

__all__ = ["SeedLike", "as_generator", "spawn_seeds"]

SeedLike: TypeAlias = int | np.integer | np.random.SeedSequence | np.random.Generator | None


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

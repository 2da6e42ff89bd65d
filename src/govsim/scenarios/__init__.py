"""Built-in scenarios: the Kazakhstan baseline and a synthetic polity of any size."""

from govsim.scenarios.synthetic import synthetic

__all__ = ["synthetic"]

try:  # the Kazakhstan builder lands separately
    from govsim.scenarios.kazakhstan import kazakhstan_2019

    __all__ += ["kazakhstan_2019"]
except ImportError:  # pragma: no cover
    pass

"""The electoral engine: batched seat allocation, apportionment, mixed systems, indices, Monte Carlo."""

from govsim.electoral.allocate import allocate
from govsim.electoral.methods import METHODS, DivisorMethod, QuotaMethod, get_method

__all__ = ["METHODS", "DivisorMethod", "QuotaMethod", "allocate", "get_method"]

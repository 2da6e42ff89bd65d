"""The electoral engine: batched seat allocation, apportionment, mixed systems, indices, Monte Carlo.

Every core takes a leading batch axis (elections, draws) and works on it in numpy:

- :func:`allocate` — list seats by any method of :data:`METHODS`, with exact thresholds,
  eligibility and a tie report; :func:`apportion` — seats to regions by population;
- :func:`qualifying_lists` — per-list (coalition) thresholds and exempt lists, also
  taken by :func:`allocate`; :func:`majority_bonus` — bonus seats or an assured majority;
- :func:`plurality`, :func:`two_round`, :func:`count_winners`, :func:`mixed` —
  single-member districts (first past the post, or two rounds with a transfer
  model) and parallel or compensatory mixed systems;
- :func:`gallagher`, :func:`loosemore_hanby`, :func:`effective_number` — indices;
- :class:`VoteModel`, :func:`simulate` — Monte Carlo elections of an
  :class:`~govsim.model.rows.ElectoralSystem`;
- :func:`entrants`, :func:`entry_mask` — party entry: the lists that can register under
  a membership threshold, and where the votes of the others go.
"""

from govsim.electoral.allocate import allocate, qualifying_lists
from govsim.electoral.apportion import apportion
from govsim.electoral.bonus import majority_bonus
from govsim.electoral.entry import entrants, entry_mask
from govsim.electoral.indices import effective_number, gallagher, loosemore_hanby
from govsim.electoral.methods import METHODS, DivisorMethod, QuotaMethod, get_method
from govsim.electoral.mixed import MixedResult, count_winners, mixed, plurality
from govsim.electoral.montecarlo import SimulationResult, VoteModel, simulate
from govsim.electoral.runoff import RunoffResult, two_round

__all__ = [
    "METHODS",
    "DivisorMethod",
    "MixedResult",
    "QuotaMethod",
    "RunoffResult",
    "SimulationResult",
    "VoteModel",
    "allocate",
    "apportion",
    "count_winners",
    "effective_number",
    "entrants",
    "entry_mask",
    "gallagher",
    "get_method",
    "loosemore_hanby",
    "majority_bonus",
    "mixed",
    "plurality",
    "qualifying_lists",
    "simulate",
    "two_round",
]

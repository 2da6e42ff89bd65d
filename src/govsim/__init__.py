"""govsim: simulate changes to a country's governance structure.

Institutions and the accountability ties between them form a typed graph (a
:class:`Polity`); reforms turn one polity into another; metrics computed in
vectorized numpy cores say what changed.
"""

from govsim.errors import GovsimError, ReformError, UnknownNameError, ValidationError
from govsim.model import (
    ElectoralSystem,
    Institution,
    InstitutionKind,
    Level,
    ListTier,
    Relation,
    RelationKind,
    Rule,
    SingleMemberTier,
    TermRule,
    Territory,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "ElectoralSystem",
    "GovsimError",
    "Institution",
    "InstitutionKind",
    "Level",
    "ListTier",
    "ReformError",
    "Relation",
    "RelationKind",
    "Rule",
    "SingleMemberTier",
    "TermRule",
    "Territory",
    "UnknownNameError",
    "ValidationError",
    "__version__",
]

"""Reforms: operators that turn one polity into another.

A reform is a frozen pydantic model of its parameters with ``apply(polity) ->
Polity`` (see :class:`Reform`); every reform is registered by a snake_case name
(:data:`REGISTRY`, :func:`get`) so that scenario files can name it
(``op = "direct_election"``). Policy reforms are built from the column
:mod:`~govsim.reforms.primitives`; :func:`diff` says what a reform changed;
:class:`Timeline` gives the polity in force at any date.

Every public module of this package is imported here (:func:`_discover`), so a reform
module dropped into ``src/govsim/reforms/`` registers itself with no import line;
its class is then ``govsim.reforms.get(name)`` or importable from its module.
"""

import importlib
import pkgutil

from govsim.reforms.appointments import AppointmentQuota, ConsentRequirement, RemovePower
from govsim.reforms.base import TRAITS, Reform
from govsim.reforms.chambers import ChamberApproval, ResizeBody
from govsim.reforms.change import Change, FieldChange
from govsim.reforms.consultative import EstablishConsultativeBody
from govsim.reforms.courts import ConstitutionalCourt, ConstitutionalOmbudsman
from govsim.reforms.diff import diff
from govsim.reforms.elections import DirectElection, ElectoralSystemChange, ElectoralThreshold
from govsim.reforms.offices import EstablishInstitution, TermLimit
from govsim.reforms.parties import NepotismBan, PartyMembershipBan, PartyRegistrationThreshold
from govsim.reforms.primitives import Draft
from govsim.reforms.registry import REGISTRY, get, get_reform, names, register
from govsim.reforms.selector import Selector
from govsim.reforms.territory import MergeRegions, SplitRegion
from govsim.reforms.timeline import DatedReform, Timeline

__all__ = [
    "REGISTRY",
    "TRAITS",
    "AppointmentQuota",
    "ChamberApproval",
    "Change",
    "ConsentRequirement",
    "ConstitutionalCourt",
    "ConstitutionalOmbudsman",
    "DatedReform",
    "DirectElection",
    "Draft",
    "ElectoralSystemChange",
    "ElectoralThreshold",
    "EstablishConsultativeBody",
    "EstablishInstitution",
    "FieldChange",
    "MergeRegions",
    "NepotismBan",
    "PartyMembershipBan",
    "PartyRegistrationThreshold",
    "Reform",
    "RemovePower",
    "ResizeBody",
    "Selector",
    "SplitRegion",
    "TermLimit",
    "Timeline",
    "diff",
    "get",
    "get_reform",
    "names",
    "register",
]


def _discover() -> None:
    """Import every public submodule, so that each reform module registers its reforms."""
    for info in pkgutil.iter_modules(__path__, f"{__name__}."):
        if not info.name.rpartition(".")[2].startswith("_"):
            importlib.import_module(info.name)


_discover()

"""Administrative units, offices, programmes, plans, their activities and responsibilities.

Nothing here knows about a particular district: the hierarchy of units is data of any depth, and a plan
can be issued by any unit for the units below it (since 2025 communes issue such plans too).

Models live in one module per aggregate: ``units`` (administrative units, their offices, users' memberships),
``plans`` (programmes, plans and what a plan holds: legal bases, components, activities,
responsibilities, duties) and ``money`` (rate tables, allocations). Every model is imported here so Django
registers it under the ``plans`` app.
"""

from plans.models.money import Allocation, AllocationKind, Rate, RateCode
from plans.models.plans import (
    ROMAN_QUARTERS,
    Activity,
    ActivityStatus,
    AddresseeKind,
    Component,
    Duty,
    LegalBasis,
    Plan,
    PlanStatus,
    Programme,
    Responsibility,
    TimePrecision,
)
from plans.models.units import COMMUNE_KINDS, GRASSROOTS_KINDS, AdministrativeUnit, Membership, Office, UnitKind

__all__ = [
    "COMMUNE_KINDS",
    "GRASSROOTS_KINDS",
    "ROMAN_QUARTERS",
    "Activity",
    "ActivityStatus",
    "AddresseeKind",
    "AdministrativeUnit",
    "Allocation",
    "AllocationKind",
    "Component",
    "Duty",
    "LegalBasis",
    "Membership",
    "Office",
    "Plan",
    "PlanStatus",
    "Programme",
    "Rate",
    "RateCode",
    "Responsibility",
    "TimePrecision",
    "UnitKind",
]

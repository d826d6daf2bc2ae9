"""Reads of plan data, always scoped to what the asking user may see.

A user works for one unit (their membership). They see that unit's subtree; plans issued by that unit,
by a unit above it (the plan they carry out) or by a unit below it. Administrators see everything.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from plans.models import (
    Activity,
    AddresseeKind,
    AdministrativeUnit,
    Allocation,
    Duty,
    LegalBasis,
    Membership,
    Office,
    Plan,
    Rate,
    Responsibility,
    UnitKind,
)
from tuachua.permissions import Role, role_of


def membership_of(user) -> Membership | None:
    """The user's membership with unit and office, loaded once per request object."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_tuachua_membership"):
        user._tuachua_membership = Membership.objects.select_related("unit", "office").filter(user=user).first()
    return user._tuachua_membership


def home_unit_of(user) -> AdministrativeUnit | None:
    membership = membership_of(user)
    return membership.unit if membership else None


def _sees_all(user) -> bool:
    return role_of(user) == Role.ADMIN and home_unit_of(user) is None


def units_for(user) -> QuerySet[AdministrativeUnit]:
    """Units the user may see: their own unit and everything below it."""
    units = AdministrativeUnit.objects.all()
    if _sees_all(user):
        return units
    unit = home_unit_of(user)
    if unit is None or role_of(user) is None:
        return units.none()
    return units.filter(path__startswith=unit.path)


def unit_for(user, pk) -> AdministrativeUnit:
    """One unit the user may see, or 404."""
    return get_object_or_404(units_for(user).select_related("parent"), pk=pk)


def units_below(user) -> QuerySet[AdministrativeUnit]:
    """The active units directly below the user's unit (communes of a district, villages of a commune);
    the top-level units for an administrator who belongs to no unit."""
    unit = home_unit_of(user)
    units = units_for(user).filter(is_active=True)
    units = units.filter(parent=unit) if unit is not None else units.filter(parent__isnull=True)
    return units.order_by("sort_order", "name")


def annotate_child_counts(units: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
    """Add `child_count`, the number of active units directly below each unit (one query for all)."""
    return units.annotate(child_count=Count("children", filter=Q(children__is_active=True)))


def villages_of(unit: AdministrativeUnit) -> QuerySet[AdministrativeUnit]:
    return unit.children.filter(is_active=True).order_by("sort_order", "name")


def plans_for(user) -> QuerySet[Plan]:
    """Plans the user may read: issued by their unit, by a unit above it, or by one below it."""
    plans = Plan.objects.select_related("issuing_unit", "programme")
    if _sees_all(user):
        return plans
    unit = home_unit_of(user)
    if unit is None or role_of(user) is None:
        return plans.none()
    return plans.filter(Q(issuing_unit_id__in=unit.ancestor_ids()) | Q(issuing_unit__path__startswith=unit.path))


def plan_for(user, pk) -> Plan:
    """One plan with everything its detail page shows, or 404 when the user may not see it."""
    activities = Activity.objects.select_related("lead_office", "component").prefetch_related("coordinating_offices")
    duties = Duty.objects.order_by("order")
    responsibilities = Responsibility.objects.select_related("office", "unit").prefetch_related(
        Prefetch("duties", queryset=duties)
    )
    queryset = plans_for(user).prefetch_related(
        Prefetch("legal_bases", queryset=LegalBasis.objects.order_by("order")),
        Prefetch("activities", queryset=activities),
        "components",
        Prefetch("responsibilities", queryset=responsibilities),
    )
    return get_object_or_404(queryset, pk=pk)


def activity_for(user, pk) -> Activity:
    """One activity of a plan the user may read, or 404."""
    return get_object_or_404(
        Activity.objects.filter(plan__in=plans_for(user)).select_related("plan", "lead_office"), pk=pk
    )


def current_plans_for(user, *, year: int | None = None) -> QuerySet[Plan]:
    """The plans of the given year (default: the latest year that has one) that the user may read."""
    plans = plans_for(user)
    if year is None:
        latest = plans.order_by("-year").values_list("year", flat=True).first()
        if latest is None:
            return plans.none()
        year = latest
    return plans.filter(year=year).prefetch_related(
        Prefetch(
            "activities",
            queryset=Activity.objects.select_related("lead_office", "component").order_by("order", "code"),
        )
    )


def duties_for_unit(unit: AdministrativeUnit) -> QuerySet[Duty]:
    """What a unit must do: duties addressed to it, or to every unit under the plan's issuer."""
    addressed = Q(responsibility__addressee_kind=AddresseeKind.UNIT, responsibility__unit=unit)
    if unit.parent_id:
        addressed |= Q(
            responsibility__addressee_kind=AddresseeKind.SUBORDINATE_UNITS,
            responsibility__plan__issuing_unit_id=unit.parent_id,
        )
    return _duty_list(Duty.objects.filter(addressed))


def duties_for_office(office: Office) -> QuerySet[Duty]:
    return _duty_list(
        Duty.objects.filter(responsibility__addressee_kind=AddresseeKind.OFFICE, responsibility__office=office)
    )


def duties_of_plans(plan_ids: list[int]) -> QuerySet[Duty]:
    """Every duty of the given plans, whoever it is addressed to."""
    return _duty_list(Duty.objects.filter(responsibility__plan_id__in=plan_ids)).select_related(
        "responsibility__office"
    )


def _duty_list(duties: QuerySet[Duty]) -> QuerySet[Duty]:
    return duties.select_related("responsibility__plan", "activity").order_by(
        "-responsibility__plan__year", "responsibility__plan_id", "responsibility__order", "order"
    )


def activities_for_office(office: Office) -> QuerySet[Activity]:
    """Activities an office leads or helps with, with what their rows show."""
    return (
        Activity.objects.filter(Q(lead_office=office) | Q(coordinating_offices=office))
        .distinct()
        .select_related("plan", "lead_office", "component")
        .order_by("-plan__year", "plan_id", "order", "code")
    )


def with_days_left(duties: list[Duty], *, today: datetime.date) -> list[Duty]:
    """Set `days_left` on each loaded duty (None without a due date; negative once past)."""
    for duty in duties:
        duty.days_left = (duty.due_date - today).days if duty.due_date else None
    return duties


def deadlines(duties, *, today: datetime.date, limit: int = 6) -> list[Duty]:
    """Dated duties from an already loaded list: the coming ones soonest first, then the latest past
    ones; each gets `days_left` (negative once the date has passed)."""
    dated = with_days_left([duty for duty in duties if duty.due_date], today=today)
    coming = sorted((d for d in dated if d.days_left >= 0), key=lambda d: d.due_date)
    past = sorted((d for d in dated if d.days_left < 0), key=lambda d: d.due_date, reverse=True)
    return (coming + past)[:limit]


def in_kind_order(units) -> list:
    """The units with communes before wards and towns (as official letters list them), each kind keeping its
    order."""
    order = list(UnitKind.values)
    return sorted(units, key=lambda unit: order.index(unit.kind) if unit.kind in order else len(order))


# --- money: rate tables and allocations -------------------------------------------------------------------


@dataclass(frozen=True)
class RateBook:
    """The rates that may apply to one unit's (or one plan's) money, loaded in one query; `on(code, day)`
    picks in memory, so an estimate of many events asks the database once."""

    rates: tuple[Rate, ...]
    depth: dict[int, int]  # unit id → depth in the scope (deeper = more specific)

    def on(self, code: str, day: datetime.date) -> Rate | None:
        """The row of `code` valid on `day`: a plan's own rate before a unit's (the nearest unit first) before
        a rate that applies everywhere; among equals, the one that took effect last."""
        valid = [
            rate
            for rate in self.rates
            if rate.code == code and rate.valid_from <= day and (rate.valid_to is None or day <= rate.valid_to)
        ]
        return max(
            valid,
            key=lambda r: (r.plan_id is not None, self.depth.get(r.issuing_unit_id, -1), r.valid_from, r.pk),
            default=None,
        )


def rate_book(*, unit: AdministrativeUnit | None = None, plan: Plan | None = None, codes=None) -> RateBook:
    """Every rate that applies to `plan` (or, without a plan, to plans of `unit`): the rates of no scope, of
    the unit and the units above it, and of the plan. `codes` narrows to some rate codes."""
    if unit is None and plan is not None:
        unit = plan.issuing_unit
    scope = [*unit.ancestor_ids(), unit.pk] if unit is not None else []
    rates = Rate.objects.filter(Q(issuing_unit__isnull=True) | Q(issuing_unit_id__in=scope))
    rates = rates.filter(Q(plan__isnull=True) | Q(plan=plan)) if plan is not None else rates.filter(plan__isnull=True)
    if codes is not None:
        rates = rates.filter(code__in=list(codes))
    return RateBook(rates=tuple(rates), depth={pk: index for index, pk in enumerate(scope)})


def rate_on(code: str, day: datetime.date, unit: AdministrativeUnit | None = None, *, plan: Plan | None = None):
    """The rate `code` valid on `day` for plans of `unit` (or for `plan`), or None when there is none."""
    return rate_book(unit=unit, plan=plan, codes=[code]).on(code, day)


def allocations_of(plan: Plan) -> list[Allocation]:
    """The funds of a plan: what decisions allocated and what was carried over, whole-plan rows first."""
    return list(
        Allocation.objects.filter(plan=plan)
        .select_related("activity")
        .order_by(F("activity__order").asc(nulls_first=True), "activity__code", "kind", "pk")
    )

"""Reads of the training app, scoped to the asking user."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import selectors as plan_selectors
from plans.models import Activity, AdministrativeUnit
from training.models import Delegate, ListStatus, QuotaOverride, RegistrationList, TrainingEvent
from training.quotas import Quota, quota_for
from tuachua.permissions import Role, role_of


def events_for(user) -> QuerySet[TrainingEvent]:
    """Events of the plans the user may read; a unit officer sees only the events their unit attends."""
    events = TrainingEvent.objects.filter(activity__plan__in=plan_selectors.plans_for(user)).select_related(
        "activity__plan"
    )
    if role_of(user) == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(user)
        events = events.filter(units=unit)
    return events.order_by("activity__order", "number")


def event_for(user, pk) -> TrainingEvent:
    return get_object_or_404(events_for(user), pk=pk)


def participating_units(event: TrainingEvent) -> list[AdministrativeUnit]:
    """The units that register for the event: the host (when it has seats) and the units it serves."""
    units = list(event.units.order_by("sort_order", "name"))
    if event.host_seats:
        units.insert(0, event.activity.plan.issuing_unit)
    return units


def unit_for_event(user, event: TrainingEvent, unit_pk: int) -> AdministrativeUnit:
    """A unit that takes part in `event` and that the user may see, or 404."""
    allowed = {unit.pk: unit for unit in participating_units(event)}
    visible = set(plan_selectors.units_for(user).filter(pk__in=allowed).values_list("pk", flat=True))
    if unit_pk not in visible:
        raise Http404
    return allowed[unit_pk]


def villages_by_unit(units: list[AdministrativeUnit]) -> dict[int, list[AdministrativeUnit]]:
    """Active villages of each unit, in one query."""
    result: dict[int, list[AdministrativeUnit]] = {unit.pk: [] for unit in units}
    villages = AdministrativeUnit.objects.filter(parent__in=units, is_active=True).order_by("sort_order", "name")
    for village in villages:
        result[village.parent_id].append(village)
    return result


def quotas_for(event: TrainingEvent, units: list[AdministrativeUnit]) -> dict[int, Quota]:
    """Quota of each unit, in two queries whatever the number of units."""
    villages = villages_by_unit(units)
    overrides = {o.unit_id: o for o in QuotaOverride.objects.filter(event=event, unit__in=units)}
    return {
        unit.pk: quota_for(
            event,
            unit,
            village_ids=tuple(v.pk for v in villages[unit.pk]),
            override=overrides.get(unit.pk),
        )
        for unit in units
    }


@dataclass
class BoardRow:
    """One unit on the status board."""

    unit: AdministrativeUnit
    quota: Quota
    reg_list: RegistrationList | None
    filled: int
    deadline: datetime.datetime | None = None

    @property
    def status(self) -> str:
        return self.reg_list.status if self.reg_list else ListStatus.NOT_STARTED

    @property
    def status_label(self) -> str:
        return ListStatus(self.status).label

    @property
    def is_late(self) -> bool:
        deadline = self.deadline
        if deadline is None:
            return False
        if self.reg_list and self.reg_list.submitted_at:
            return self.reg_list.submitted_at > deadline
        return timezone.now() > deadline and self.status in (ListStatus.NOT_STARTED, ListStatus.DRAFT)


def board(event: TrainingEvent) -> list[BoardRow]:
    """Every participating unit with quota, filled seats and list state; late ones first."""
    units = participating_units(event)
    quotas = quotas_for(event, units)
    lists = {
        reg_list.unit_id: reg_list
        for reg_list in RegistrationList.objects.filter(event=event).annotate(filled=Count("delegates"))
    }
    rows = []
    for unit in units:
        reg_list = lists.get(unit.pk)
        filled = reg_list.filled if reg_list else 0
        rows.append(
            BoardRow(
                unit=unit, quota=quotas[unit.pk], reg_list=reg_list, filled=filled, deadline=event.registration_deadline
            )
        )
    return rows


def list_with_delegates(reg_list: RegistrationList) -> RegistrationList:
    return (
        RegistrationList.objects.select_related("event__activity__plan", "unit", "reviewed_by", "submitted_by")
        .prefetch_related(
            Prefetch(
                "delegates", queryset=Delegate.objects.select_related("village", "assigned_event").order_by("order")
            )
        )
        .get(pk=reg_list.pk)
    )


def cross_unit_duplicates(event: TrainingEvent, *, limit: int | None = None) -> dict[str, list[RegistrationList]]:
    """Names that appear in lists of more than one unit for the same activity (flagged to staff); with
    `limit`, only the first names in alphabetical order."""
    return duplicates_for_board(event, limit=limit)[0]


def duplicates_for_board(event: TrainingEvent, *, limit: int | None = None) -> tuple[dict[str, list], int]:
    """(the first `limit` duplicated names with their delegates, the number of duplicated names): two queries."""
    keys = sorted(_duplicate_keys(event))
    result: dict[str, list] = {}
    shown = keys[:limit] if limit else keys
    delegates = (
        Delegate.objects.filter(reg_list__event__activity_id=event.activity_id, name_key__in=shown)
        .select_related("reg_list__unit")
        .order_by("name_key", "pk")
    )
    for delegate in delegates:
        result.setdefault(delegate.name_key, []).append(delegate)
    return result, len(keys)


def _duplicate_keys(event: TrainingEvent):
    return (
        Delegate.objects.filter(reg_list__event__activity_id=event.activity_id)
        .values("name_key")
        .annotate(units=Count("reg_list__unit", distinct=True))
        .filter(units__gt=1)
        .values_list("name_key", flat=True)
    )


def roster(event: TrainingEvent, *, unit_ids=None) -> list[Delegate]:
    """Delegates placed in the event (of `unit_ids` only, when given), by unit then level (unit level first,
    villages in order)."""
    delegates = Delegate.objects.filter(assigned_event=event)
    if unit_ids is not None:
        delegates = delegates.filter(reg_list__unit_id__in=unit_ids)
    return list(
        delegates.select_related("reg_list__unit", "village").order_by(
            "reg_list__unit__sort_order", "reg_list__unit__name", "village__sort_order", "order"
        )
    )


def roster_counts(event: TrainingEvent) -> list[tuple[int, int, int]]:
    """(unit id, delegates placed, of whom paid from the state budget) for each unit of the event's roster, in
    roster order, in one query: enough to page the roster and total it without loading every delegate."""
    rows = (
        Delegate.objects.filter(assigned_event=event)
        .values("reg_list__unit_id", "reg_list__unit__sort_order", "reg_list__unit__name")
        .annotate(n=Count("id"), paid=Count("id", filter=Q(paid_by_state=True)))
        .order_by("reg_list__unit__sort_order", "reg_list__unit__name")
    )
    return [(row["reg_list__unit_id"], row["n"], row["paid"]) for row in rows]


def lists_of_unit(unit: AdministrativeUnit, events: QuerySet[TrainingEvent]) -> dict[int, RegistrationList]:
    return {
        reg_list.event_id: reg_list
        for reg_list in RegistrationList.objects.filter(unit=unit, event__in=events).annotate(filled=Count("delegates"))
    }


def lists_count_by_status(events) -> dict[tuple[int, str], int]:
    rows = RegistrationList.objects.filter(event__in=events).values("event", "status").annotate(n=Count("id"))
    return {(row["event"], row["status"]): row["n"] for row in rows}


def unit_quotas(unit: AdministrativeUnit, events: list[TrainingEvent]) -> dict[int, Quota]:
    """The unit's quota for each event, in two queries whatever the number of events."""
    village_ids = tuple(unit.children.filter(is_active=True).values_list("pk", flat=True))
    overrides = {o.event_id: o for o in QuotaOverride.objects.filter(unit=unit, event__in=events)}
    return {
        event.pk: quota_for(event, unit, village_ids=village_ids, override=overrides.get(event.pk)) for event in events
    }


@dataclass
class LevelFill:
    """Seats used at one level of a list (the unit itself, or one village)."""

    label: str
    filled: int
    limit: int

    @property
    def over(self) -> bool:
        return self.filled > self.limit

    @property
    def missing(self) -> int:
        return max(self.limit - self.filled, 0)


def fill_by_level(delegates, quota: Quota, villages) -> list[LevelFill]:
    """Filled against allowed seats at the unit level and in each village (from loaded rows)."""
    counts: dict[int | None, int] = {}
    for delegate in delegates:
        counts[delegate.village_id] = counts.get(delegate.village_id, 0) + 1
    levels = [LevelFill(label=_("Cấp xã"), filled=counts.get(None, 0), limit=quota.unit_seats)]
    if quota.village_seats:
        levels += [LevelFill(label=v.name, filled=counts.get(v.pk, 0), limit=quota.village_seats) for v in villages]
    return levels


def group_by_unit(delegates: list[Delegate]) -> list[tuple[AdministrativeUnit, list[Delegate]]]:
    """Roster rows grouped by unit, keeping their order."""
    groups: dict[int, tuple[AdministrativeUnit, list[Delegate]]] = {}
    for delegate in delegates:
        unit = delegate.reg_list.unit
        groups.setdefault(unit.pk, (unit, []))[1].append(delegate)
    return list(groups.values())


def delegate_for(user, pk) -> Delegate:
    """An allocated delegate of an event the user may see, or 404."""
    return get_object_or_404(
        Delegate.objects.filter(reg_list__event__in=events_for(user), assigned_event__isnull=False).select_related(
            "reg_list__event", "assigned_event"
        ),
        pk=pk,
    )


def previous_list(event: TrainingEvent, unit: AdministrativeUnit) -> RegistrationList | None:
    """The unit's latest list for an earlier event of the same kind, with delegates (for pre-filling)."""
    return (
        RegistrationList.objects.filter(
            unit=unit,
            event__kind=event.kind,
            event__activity__plan__year__lte=event.activity.plan.year,
            delegates__isnull=False,
        )
        .exclude(event=event)
        .select_related("event__activity__plan")
        .annotate(filled=Count("delegates"))
        .order_by("-event__activity__plan__year", "-event__number", "-created_at")
        .first()
    )


# --- documents


def document_event(pk: int) -> TrainingEvent:
    """An event with everything a document's header reads (plan, its issuing unit, the lead office and its
    unit), in one query."""
    return TrainingEvent.objects.select_related(
        "activity__plan__issuing_unit", "activity__plan__programme", "activity__lead_office__unit"
    ).get(pk=pk)


def document_activity(pk: int) -> Activity:
    """An activity with its plan, issuing unit and lead office, in one query."""
    return Activity.objects.select_related("plan__issuing_unit", "plan__programme", "lead_office__unit").get(pk=pk)


def activity_events(activity: Activity) -> list[TrainingEvent]:
    """The activity's events in order, each with its served units loaded (two queries for all)."""
    units = AdministrativeUnit.objects.order_by("sort_order", "name")
    events = list(
        TrainingEvent.objects.filter(activity=activity)
        .order_by("number")
        .prefetch_related(Prefetch("units", queryset=units, to_attr="served_units"))
    )
    for event in events:
        event.activity = activity
    return events


def units_of_events(events: list[TrainingEvent]) -> dict[int, list[AdministrativeUnit]]:
    """`participating_units` of events loaded by `activity_events`, without a query per event."""
    return {
        event.pk: ([event.activity.plan.issuing_unit] if event.host_seats else []) + list(event.served_units)
        for event in events
    }


def village_ids_by_unit(unit_ids) -> dict[int, tuple[int, ...]]:
    """The ids of each unit's active villages, in order, in one light query (no model instances)."""
    result: dict[int, list[int]] = {}
    rows = AdministrativeUnit.objects.filter(parent_id__in=list(unit_ids), is_active=True).order_by(
        "sort_order", "name"
    )
    for pk, parent_id in rows.values_list("pk", "parent_id"):
        result.setdefault(parent_id, []).append(pk)
    return {unit_id: tuple(ids) for unit_id, ids in result.items()}


def quotas_of_events(
    events: list[TrainingEvent], units: dict[int, list[AdministrativeUnit]]
) -> dict[int, dict[int, Quota]]:
    """The quota of every participating unit of every event (`units`: event id → its units), in two
    queries whatever the number of events and units (villages, overrides)."""
    villages = village_ids_by_unit({unit.pk for members in units.values() for unit in members})
    overrides = {(o.event_id, o.unit_id): o for o in QuotaOverride.objects.filter(event__in=events)}
    return {
        event.pk: {
            unit.pk: quota_for(
                event,
                unit,
                village_ids=villages.get(unit.pk, ()),
                override=overrides.get((event.pk, unit.pk)),
            )
            for unit in units[event.pk]
        }
        for event in events
    }


def seats_by_event(events: list[TrainingEvent], units: dict[int, list[AdministrativeUnit]]) -> dict[int, int]:
    """Chỉ tiêu: the sum of the participating units' quotas of each event."""
    quotas = quotas_of_events(events, units)
    return {event.pk: sum(quota.total for quota in quotas[event.pk].values()) for event in events}


def registered_by_event(events: list[TrainingEvent]) -> dict[int, int]:
    """Đã đăng ký: delegates on the submitted or approved lists of each event, in one query."""
    rows = (
        Delegate.objects.filter(
            reg_list__event__in=events, reg_list__status__in=(ListStatus.SUBMITTED, ListStatus.APPROVED)
        )
        .values("reg_list__event")
        .annotate(n=Count("id"))
    )
    return {row["reg_list__event"]: row["n"] for row in rows}


def placed_by_event(events: list[TrainingEvent]) -> dict[int, list[Delegate]]:
    """The roster of each event (delegates placed in it, by unit, then the unit's own level before its
    villages, then the list's order), in one query for all events."""
    result: dict[int, list[Delegate]] = {event.pk: [] for event in events}
    delegates = (
        Delegate.objects.filter(assigned_event__in=events)
        .select_related("reg_list__unit", "village")
        .order_by(
            "reg_list__unit__sort_order",
            "reg_list__unit__name",
            F("village__sort_order").asc(nulls_first=True),
            "village__name",
            "order",
        )
    )
    for delegate in delegates:
        result[delegate.assigned_event_id].append(delegate)
    return result


# --- plan figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSize:
    """One training event with the units that register for it (host first) and the quota of each."""

    event: TrainingEvent
    units: list[AdministrativeUnit]
    quotas: dict[int, Quota]

    @property
    def total(self) -> int:
        return sum(quota.total for quota in self.quotas.values())


def plan_event_sizes(plan) -> dict[int, list[EventSize]]:
    """Every training event of `plan` by activity id, in order, with its participating units and their
    quotas (as `participating_units` and `quotas_for` give them), in four queries whatever the number of
    events and units."""
    units_in_order = Prefetch("units", queryset=AdministrativeUnit.objects.order_by("sort_order", "name"))
    events = list(
        TrainingEvent.objects.filter(activity__plan=plan)
        .select_related("activity__plan")
        .prefetch_related(units_in_order)
        .order_by("activity__order", "activity__code", "number")
    )
    host = plan.issuing_unit
    units = {event.pk: ([host] if event.host_seats else []) + list(event.units.all()) for event in events}
    quotas = quotas_of_events(events, units)
    result: dict[int, list[EventSize]] = {}
    for event in events:
        result.setdefault(event.activity_id, []).append(EventSize(event, units[event.pk], quotas[event.pk]))
    return result

"""Registration figures of a plan: per unit (quota, entered, sent, approved, late), per class (seats, placed,
capacity, attended) and the totals against the plan's numbers. A fixed number of queries whatever the size."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils import timezone

from plans.models import AdministrativeUnit, Plan
from training.models import Delegate, EventKind, ListStatus, RegistrationList, TrainingEvent
from training.selectors import quotas_of_events

SENT = (ListStatus.SUBMITTED, ListStatus.APPROVED)


@dataclass
class UnitRegistration:
    """One unit across the plan's events: seats, names entered, names sent, names approved, lists late."""

    unit: AdministrativeUnit
    quota: int = 0
    entered: int = 0
    sent: int = 0
    approved: int = 0
    lists: int = 0
    lists_sent: int = 0
    late: list = field(default_factory=list)  # events whose deadline passed without the unit's list

    @property
    def is_late(self) -> bool:
        return bool(self.late)

    @property
    def approved_rate(self) -> int:
        return round(100 * self.approved / self.quota) if self.quota else 0


@dataclass
class EventFill:
    """One class, the study tour or the review training: seats (the units' quotas), names sent, placed."""

    event: TrainingEvent
    seats: int
    sent: int = 0
    placed: int = 0
    attended: int | None = None
    person_days: int | None = None

    @property
    def capacity(self) -> int:
        return self.event.capacity or self.seats

    @property
    def fill_rate(self) -> int:
        return round(100 * self.placed / self.capacity) if self.capacity else 0


@dataclass
class Registration:
    units: list[UnitRegistration]
    events: list[EventFill]
    quotas: dict = field(default_factory=dict)  # event id → unit id → Quota

    def _of_kind(self, kind: str) -> list[EventFill]:
        return [fill for fill in self.events if fill.event.kind == kind]

    @property
    def classes(self) -> list[EventFill]:
        return self._of_kind(EventKind.TRAINING_CLASS)

    def seats(self, kind: str) -> int:
        return sum(fill.seats for fill in self._of_kind(kind))

    def placed(self, kind: str) -> int:
        return sum(fill.placed for fill in self._of_kind(kind))

    @property
    def class_seats(self) -> int:
        return self.seats(EventKind.TRAINING_CLASS)

    @property
    def class_placed(self) -> int:
        return self.placed(EventKind.TRAINING_CLASS)

    @property
    def tour_seats(self) -> int:
        return self.seats(EventKind.STUDY_TOUR)

    @property
    def tour_placed(self) -> int:
        return self.placed(EventKind.STUDY_TOUR)

    @property
    def late_units(self) -> list[UnitRegistration]:
        return [row for row in self.units if row.is_late]


def plan_events(plan: Plan, unit: AdministrativeUnit | None) -> list[TrainingEvent]:
    """The plan's events (those of `unit`), with what the estimates read too: plan, issuer, lead office, units."""
    units = Prefetch("units", queryset=AdministrativeUnit.objects.order_by("sort_order", "name"))
    events = (
        TrainingEvent.objects.filter(activity__plan=plan)
        .select_related("activity__plan__issuing_unit", "activity__lead_office__unit")
        .prefetch_related(units)
    )
    if unit is not None:
        events = events.filter(units=unit) if unit.pk != plan.issuing_unit_id else events.filter(host_seats__gt=0)
    return list(events.order_by("activity__order", "activity__code", "number"))


def participants(events: list[TrainingEvent], host: AdministrativeUnit) -> dict[int, list[AdministrativeUnit]]:
    """The units registering for each event (host first when it has seats), from prefetched units."""
    ordered = {}
    for event in events:
        ordered[event.pk] = ([host] if event.host_seats else []) + list(event.units.all())  # prefetched in order
    return ordered


def registration(
    plan: Plan,
    *,
    unit: AdministrativeUnit | None = None,
    now: datetime.datetime | None = None,
    events: list[TrainingEvent] | None = None,
    placed_by_event: dict[int, int] | None = None,
) -> Registration:
    """Registration figures of `plan`, for every unit or only `unit`. A caller that has read the events or the
    number of delegates placed in each (for the whole plan) passes them in."""
    now = now or timezone.now()
    events = plan_events(plan, unit) if events is None else events
    units_by_event = participants(events, plan.issuing_unit)
    if unit is not None:
        units_by_event = {pk: [u for u in units if u.pk == unit.pk] for pk, units in units_by_event.items()}
    quotas = quotas_of_events(events, units_by_event)
    lists = RegistrationList.objects.filter(event__in=events)
    if unit is not None:
        lists = lists.filter(unit=unit)
    counts = lists.values("event_id", "unit_id", "status", "submitted_at").annotate(n=Count("delegates"))
    if placed_by_event is None:
        placed = Delegate.objects.filter(assigned_event__in=events)
        if unit is not None:
            placed = placed.filter(reg_list__unit=unit)
        placed_by_event = dict(placed.values_list("assigned_event").annotate(n=Count("id")))
    return Registration(
        units=_unit_rows(events, units_by_event, quotas, list(counts), now),
        events=_event_rows(events, quotas, list(counts), placed_by_event),
        quotas=quotas,
    )


def _unit_rows(events, units_by_event, quotas, counts, now) -> list[UnitRegistration]:
    rows: dict[int, UnitRegistration] = {}
    lists = {(row["event_id"], row["unit_id"]): row for row in counts}
    for event in events:
        for member in units_by_event[event.pk]:
            row = rows.setdefault(member.pk, UnitRegistration(member))
            row.quota += quotas[event.pk][member.pk].total
            row.lists += 1
            found = lists.get((event.pk, member.pk))
            status = found["status"] if found else ListStatus.NOT_STARTED
            if found:
                row.entered += found["n"]
                row.sent += found["n"] if status in SENT else 0
                row.approved += found["n"] if status == ListStatus.APPROVED else 0
            row.lists_sent += status in SENT
            deadline = event.registration_deadline
            if deadline and now > deadline and status not in SENT:
                row.late.append(event)
    return sorted(rows.values(), key=lambda row: (not row.is_late, row.approved_rate, row.unit.sort_order))


def _event_rows(events, quotas, counts, placed_by_event) -> list[EventFill]:
    sent: dict[int, int] = defaultdict(int)
    for row in counts:
        if row["status"] in SENT:
            sent[row["event_id"]] += row["n"]
    return [
        EventFill(
            event=event,
            seats=sum(quota.total for quota in quotas[event.pk].values()),
            sent=sent[event.pk],
            placed=placed_by_event.get(event.pk, 0),
        )
        for event in events
    ]

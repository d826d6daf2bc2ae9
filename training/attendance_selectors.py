"""Điểm danh: reads of the attendance of events, in a fixed number of queries whatever their size.

`attendance_summary(events)` and `person_days_by_pay(events)` serve the dashboard and the cost estimate;
the other functions serve the attendance pages. Callers pass events they loaded through
`training.selectors.events_for(user)` (or `event_for`), which is where scoping by user happens; a unit
officer's view goes through `unit_delegates_attendance(event, unit)` with the officer's own unit.

Attendance rows are counted under the event they were recorded for (what happened), delegates under the
event they are placed in now.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F

from plans.models import AdministrativeUnit
from training.models import Attendance, Delegate, TrainingEvent
from training.selectors import participating_units


@dataclass(frozen=True)
class AttendanceSummary:
    """Attendance of one event: who was placed, who came, and person-days (người-ngày) by pay status."""

    event_id: int
    days: int
    placed: int = 0  # delegates placed in the event (the registered roster)
    attended: int = 0  # delegates present on at least one day
    person_days: int = 0  # sum over the days of the people present
    paid_person_days: int = 0  # … of people paid a salary from the state budget (hưởng lương NSNN)
    unpaid_person_days: int = 0  # … of people who are not (they get meal and travel support)
    by_day: dict[int, int] = field(default_factory=dict)  # day → people present (every day 1 … days)

    @property
    def never_came(self) -> int:
        return max(self.placed - self.attended, 0)

    @property
    def day_counts(self) -> list[tuple[int, int]]:
        return sorted(self.by_day.items())


def attendance_summary(events: Iterable[TrainingEvent]) -> dict[int, AttendanceSummary]:
    """The `AttendanceSummary` of each event, in three queries however many events and delegates."""
    events = list(events)
    placed = dict(
        Delegate.objects.filter(assigned_event__in=events)
        .values_list("assigned_event")
        .annotate(n=Count("id"))
        .order_by()
    )
    attended = dict(
        Attendance.objects.filter(event__in=events, present=True)
        .values_list("event")
        .annotate(n=Count("delegate", distinct=True))
        .order_by()
    )
    cells = (
        Attendance.objects.filter(event__in=events, present=True)
        .values_list("event", "day", "delegate__paid_by_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_day: dict[int, dict[int, int]] = {event.pk: dict.fromkeys(range(1, event.days + 1), 0) for event in events}
    pay: dict[int, dict[bool, int]] = defaultdict(lambda: {True: 0, False: 0})
    for event_id, day, paid, n in cells:
        by_day[event_id][day] = by_day[event_id].get(day, 0) + n
        pay[event_id][paid] += n
    return {
        event.pk: AttendanceSummary(
            event_id=event.pk,
            days=event.days,
            placed=placed.get(event.pk, 0),
            attended=attended.get(event.pk, 0),
            person_days=pay[event.pk][True] + pay[event.pk][False],
            paid_person_days=pay[event.pk][True],
            unpaid_person_days=pay[event.pk][False],
            by_day=by_day[event.pk],
        )
        for event in events
    }


def person_days_by_pay(events: Iterable[TrainingEvent]) -> dict[int, dict[str, int]]:
    """Người-ngày attended per event, split by pay: {event id: {"paid": n, "unpaid": n}} (one query).
    "paid" counts people paid a salary from the state budget, "unpaid" the others (the cost estimate
    gives them meal support per day)."""
    events = list(events)
    result = {event.pk: {"paid": 0, "unpaid": 0} for event in events}
    rows = (
        Attendance.objects.filter(event__in=events, present=True)
        .values_list("event", "delegate__paid_by_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    for event_id, paid, n in rows:
        result[event_id]["paid" if paid else "unpaid"] += n
    return result


def present_ids(event: TrainingEvent, day: int) -> set[int]:
    """The delegates marked present on `day` of the event (one query)."""
    return set(Attendance.objects.filter(event=event, day=day, present=True).values_list("delegate_id", flat=True))


def day_date(event: TrainingEvent, day: int) -> datetime.date | None:
    return event.start_date + datetime.timedelta(days=day - 1) if event.start_date else None


def roster_in_order(event: TrainingEvent, *, unit: AdministrativeUnit | None = None) -> list[Delegate]:
    """The delegates placed in the event in roster order (unit, the unit's own level, villages, list order)."""
    delegates = Delegate.objects.filter(assigned_event=event)
    if unit is not None:
        delegates = delegates.filter(reg_list__unit=unit)
    return list(
        delegates.select_related("reg_list__unit", "village").order_by(
            "reg_list__unit__sort_order",
            "reg_list__unit__name",
            F("village__sort_order").asc(nulls_first=True),
            "village__name",
            "order",
        )
    )


@dataclass(frozen=True)
class DayRow:
    """One delegate on one day: for the check-in buttons and the sheet's checkboxes."""

    delegate: Delegate
    present: bool


def day_rows(event: TrainingEvent, day: int) -> list[DayRow]:
    """Every delegate placed in the event with their state on `day`, in roster order (two queries)."""
    present = present_ids(event, day)
    return [DayRow(delegate, delegate.pk in present) for delegate in roster_in_order(event)]


def group_rows_by_unit(rows: list[DayRow]) -> list[tuple[AdministrativeUnit, list[DayRow]]]:
    groups: dict[int, tuple[AdministrativeUnit, list[DayRow]]] = {}
    for row in rows:
        unit = row.delegate.reg_list.unit
        groups.setdefault(unit.pk, (unit, []))[1].append(row)
    return list(groups.values())


@dataclass(frozen=True)
class UnitAttendance:
    """One unit's delegates in one event: placed, present on at least one day, person-days."""

    unit: AdministrativeUnit
    placed: int
    attended: int
    person_days: int


def units_attendance(event: TrainingEvent) -> list[UnitAttendance]:
    """Every participating unit with its attendance, in the order of the board (four queries)."""
    placed = dict(
        Delegate.objects.filter(assigned_event=event).values_list("reg_list__unit").annotate(n=Count("id")).order_by()
    )
    came = {
        row["delegate__reg_list__unit"]: (row["people"], row["days"])
        for row in Attendance.objects.filter(event=event, present=True)
        .values("delegate__reg_list__unit")
        .annotate(people=Count("delegate", distinct=True), days=Count("id"))
        .order_by()
    }
    return [
        UnitAttendance(unit, placed.get(unit.pk, 0), *came.get(unit.pk, (0, 0))) for unit in participating_units(event)
    ]


@dataclass(frozen=True)
class DelegateDays:
    """One delegate of a unit with the days they were present."""

    delegate: Delegate
    days: tuple[int, ...]


def unit_delegates_attendance(event: TrainingEvent, unit: AdministrativeUnit) -> list[DelegateDays]:
    """The unit's delegates placed in the event, in roster order, each with the days present (two
    queries). This is what a unit officer sees of the attendance."""
    delegates = roster_in_order(event, unit=unit)
    days: dict[int, list[int]] = defaultdict(list)
    rows = Attendance.objects.filter(event=event, present=True, delegate__in=[d.pk for d in delegates])
    for delegate_id, day in rows.values_list("delegate_id", "day").order_by("day"):
        days[delegate_id].append(day)
    return [DelegateDays(delegate, tuple(days[delegate.pk])) for delegate in delegates]


def placed_delegate(event: TrainingEvent, pk: int) -> Delegate | None:
    """A delegate placed in the event, or None (moved, or not on its roster)."""
    return Delegate.objects.filter(assigned_event=event, pk=pk).first()

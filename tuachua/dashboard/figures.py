"""Everything the dashboard shows, for one plan and the whole district or one unit, as of a moment.

The parts come from the apps (registration and attendance from training, monitoring from monitoring, money
from plans and training) and are put together here. The number of queries does not grow with the data.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from monitoring.models import ReportingPeriod
from plans.models import Activity, AdministrativeUnit, Duty, Plan
from plans.selectors import allocations_of
from training.attendance_selectors import attendance_summary
from training.estimates import estimates_by_activity, plan_money
from tuachua.dashboard.monitoring import Monitoring, monitoring
from tuachua.dashboard.registration import Registration, plan_events, registration


@dataclass(frozen=True)
class Deadline:
    day: datetime.date
    title: str
    days_left: int


@dataclass
class Dashboard:
    plan: Plan
    unit: AdministrativeUnit | None
    today: datetime.date
    activities: list[Activity]
    deadlines: list[Deadline]
    registration: Registration
    monitoring: Monitoring
    money: list = field(default_factory=list)
    money_total: object = None

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None


def upcoming_deadlines(plan: Plan, registration: Registration, periods, today: datetime.date, *, limit: int = 5):
    """The next dates that matter: list deadlines and first days of the events, report due dates, duties."""
    found: list[tuple[datetime.date, str]] = []
    for fill in registration.events:
        event = fill.event
        if event.registration_deadline:
            found.append((timezone.localdate(event.registration_deadline), f"Hạn gửi danh sách: {event.title}"))
        if event.start_date:
            found.append((event.start_date, f"Khai giảng: {event.title}"))
    for period in periods:
        found.append((period.due_date, f"Hạn nộp báo cáo: {period.name}"))
    duties = Duty.objects.filter(responsibility__plan=plan, due_date__gte=today).order_by("due_date")[:limit]
    for duty in duties.only("text", "due_date"):
        text = duty.text if len(duty.text) <= 90 else duty.text[:89].rstrip() + "…"
        found.append((duty.due_date, text))
    future = sorted({item for item in found if item[0] >= today})
    return [Deadline(day, title, (day - today).days) for day, title in future[:limit]]


def dashboard(plan: Plan, *, unit: AdministrativeUnit | None = None, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    today = timezone.localdate(now)
    activities = list(Activity.objects.filter(plan=plan).select_related("lead_office__unit").order_by("order", "code"))
    periods = list(ReportingPeriod.objects.filter(plan=plan).select_related("plan").order_by("start", "pk"))
    events = plan_events(plan, unit)
    summary = attendance_summary(events)
    placed = {pk: found.placed for pk, found in summary.items()} if unit is None else None
    reg = registration(plan, unit=unit, now=now, events=events, placed_by_event=placed)
    attended = _add_attendance(reg, summary)
    board = Dashboard(
        plan=plan,
        unit=unit,
        today=today,
        activities=activities,
        deadlines=upcoming_deadlines(plan, reg, periods, today),
        registration=reg,
        monitoring=monitoring(plan, unit=unit, today=today, periods=periods),
    )
    if unit is None:
        board.money, board.money_total = _money(plan, activities, reg, attended)
    return board


def _add_attendance(reg: Registration, summary) -> dict[int, dict[str, int]]:
    """Registered against attended; returns the attended person-days by pay for the estimate's actual side."""
    by_pay = {}
    for fill in reg.events:
        found = summary.get(fill.event.pk)
        if found is not None:
            fill.attended = found.attended
            fill.person_days = found.person_days
            by_pay[fill.event.pk] = {"paid": found.paid_person_days, "unpaid": found.unpaid_person_days}
    return by_pay


def _money(plan: Plan, activities: list[Activity], reg: Registration, attended):
    """Estimate, allocation and spending per activity, from what the page has read already."""
    allocations = allocations_of(plan)
    by_activity = estimates_by_activity(
        plan,
        events=[fill.event for fill in reg.events],
        activities=activities,
        allocations=allocations,
        quotas=reg.quotas,
        attended=attended,
    )
    rows = [(activity, by_activity[activity.pk]) for activity in activities if activity.pk in by_activity]
    return rows, plan_money(plan, by_activity, allocations=allocations)

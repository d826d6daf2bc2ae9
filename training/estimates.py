"""Dự toán kinh phí: the cost estimate of training events, computed from the data, and the writes around it.

Two kinds of lines make an event's estimate:
- lines computed on every read, never stored, so changing a delegate's pay flag or placing a list changes the
  estimate at once: meal support (hỗ trợ tiền ăn) for placed delegates not paid from the state budget × the
  event's days × the rate valid on the day the event starts (× 130 % when meals are organised centrally), and
  for a study tour the daily allowance (phụ cấp lưu trú) of its people × days × the rate of that day;
- lines staff add (lecturers, hall, materials, …).
Staff may set the amount of a computed line with a reason (an adjustment) and record actual spending per line.

`event_estimate(event)`, `estimates_by_activity(plan)` and `plan_money(plan)` read in a fixed number of queries
whatever the number of events and delegates. The writes are services: keyword-only, atomic, validated, and
logged against the event in the audit trail.
"""

import datetime
import importlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from plans import selectors as plan_selectors
from plans.models import COMMUNE_KINDS, Activity, AdministrativeUnit, AllocationKind, Plan, RateCode, TimePrecision
from training import selectors
from training.models import (
    Delegate,
    EstimateAdjustment,
    EstimateLine,
    EventKind,
    ListStatus,
    RegistrationList,
    Spending,
    TrainingEvent,
)
from tuachua.audit import log_action
from tuachua.text import clean_text

MEAL, ALLOWANCE = "meal", "allowance"
LINE_PREFIX = "line-"
# Where the attended person-days come from (written by the attendance work; optional).
ATTENDANCE_MODULES = ("training.attendance_selectors", "training.attendance")


@dataclass
class Line:
    """One line of an estimate: computed (`line` is None) or added by staff."""

    code: str
    label: str
    unit: str
    quantity: int
    days: int
    unit_price: int
    amount: int
    basis: str = ""  # how the quantity was found
    source: str = ""  # the legal source of the rate
    warning: str = ""
    note: str = ""
    kind_label: str = ""
    line: EstimateLine | None = None
    adjustment: EstimateAdjustment | None = None
    spendings: list[Spending] = field(default_factory=list)
    actual_quantity: int | None = None  # attended person-days
    actual_amount: int | None = None

    @property
    def is_computed(self) -> bool:
        return self.line is None

    @property
    def adjusted(self) -> int | None:
        return self.adjustment.amount if self.adjustment else None

    @property
    def reason(self) -> str:
        return self.adjustment.reason if self.adjustment else ""

    @property
    def final(self) -> int:
        """Thành tiền: the adjusted amount when there is one, else the computed (or typed) one."""
        return self.adjusted if self.adjustment else self.amount

    @property
    def spent(self) -> int:
        return sum(spending.amount for spending in self.spendings)

    @property
    def remaining(self) -> int:
        return self.final - self.spent


@dataclass
class Estimate:
    """The estimate of one event: its lines, the day whose rates apply, and its totals."""

    event: TrainingEvent
    lines: list[Line]
    rate_day: datetime.date
    rate_day_estimated: bool  # the event has no start date yet: the start of the activity's timeframe is used

    @property
    def total(self) -> int:
        return sum(line.final for line in self.lines)

    @property
    def computed_total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def spent(self) -> int:
        return sum(line.spent for line in self.lines)

    @property
    def remaining(self) -> int:
        return self.total - self.spent

    @property
    def has_actual(self) -> bool:
        return any(line.actual_amount is not None for line in self.lines)

    @property
    def actual_total(self) -> int | None:
        """The estimate with attended person-days in the computed lines (None before any attendance)."""
        if not self.has_actual:
            return None
        return sum(line.actual_amount if line.actual_amount is not None else line.final for line in self.lines)

    @property
    def warnings(self) -> list[str]:
        return [line.warning for line in self.lines if line.warning]


@dataclass
class ActivityMoney:
    """Money of one activity: its events' estimates, what was spent, what was allocated to it."""

    estimate: int
    spent: int
    allocated: int
    activity: Activity | None = None
    events: list[Estimate] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return self.allocated - self.estimate


@dataclass
class PlanMoney:
    """Money of a plan: the sum of its estimates and spending against every allocation (whole-plan ones
    included), by kind of fund."""

    estimate: int
    spent: int
    allocated: int
    allocated_to_plan: int  # allocations not tied to one activity
    by_kind: dict[str, int]
    allocations: list = field(default_factory=list)

    @property
    def remaining(self) -> int:
        """Kinh phí còn lại after the estimate (negative: the estimate exceeds the funds)."""
        return self.allocated - self.estimate

    @property
    def unspent(self) -> int:
        return self.allocated - self.spent


# --- computing ---------------------------------------------------------------------------------------------


def rate_day(event: TrainingEvent) -> tuple[datetime.date, bool]:
    """The day whose rates apply: the event's start date; before it is known, the first day of the activity's
    timeframe (the second value says it is such a stand-in)."""
    if event.start_date:
        return event.start_date, False
    activity = event.activity
    if activity.start_date:
        return activity.start_date, True
    month = 1
    if activity.time_precision == TimePrecision.QUARTER and activity.quarter:
        month = activity.quarter * 3 - 2
    elif activity.time_precision == TimePrecision.MONTH and activity.month:
        month = activity.month
    return datetime.date(activity.year, month, 1), True


def meal_rate_code(event: TrainingEvent) -> str:
    """Meetings held by a commune-level body take the commune rate; those of a district or province the
    district one."""
    issuer = event.activity.plan.issuing_unit
    return RateCode.MEAL_SUPPORT_COMMUNE if issuer.kind in COMMUNE_KINDS else RateCode.MEAL_SUPPORT_DISTRICT


def computed_codes(event: TrainingEvent) -> tuple[str, ...]:
    """A study tour's people get the daily allowance; every other event's unpaid delegates get meal support."""
    return (ALLOWANCE,) if event.kind == EventKind.STUDY_TOUR else (MEAL,)


@dataclass
class _Facts:
    """What the estimates of a set of events read, loaded in a fixed number of queries."""

    placed: dict[tuple[int, bool], int]  # (event id, paid by the state) → delegates placed
    approved: set[tuple[int, int]]  # (event id, unit id) of approved lists
    quotas: dict[int, dict]  # study tours: event id → unit id → Quota
    lines: dict[int, list[EstimateLine]]
    adjustments: dict[tuple[int, str], EstimateAdjustment]
    spendings: dict[tuple[int, str], list[Spending]]
    rates: plan_selectors.RateBook
    attended: dict[int, dict[str, int]] | None


def _events(queryset) -> list[TrainingEvent]:
    units = Prefetch("units", queryset=AdministrativeUnit.objects.order_by("sort_order", "name"))
    return list(
        queryset.select_related("activity__plan__issuing_unit", "activity__lead_office__unit")
        .prefetch_related(units)
        .order_by("activity__order", "activity__code", "number")
    )


def _attended(events: list[TrainingEvent]) -> dict[int, dict[str, int]] | None:
    """Attended person-days by pay, when the attendance reads exist; None otherwise."""
    for name in ATTENDANCE_MODULES:
        try:
            reader = getattr(importlib.import_module(name), "person_days_by_pay", None)
        except ImportError:
            continue
        if reader is not None:
            return reader(events)
    return None


def _facts(events: list[TrainingEvent], plan: Plan, *, quotas=None, attended=None) -> _Facts:
    """`quotas` (event id → unit id → Quota, for the study tours at least) and `attended` (as
    `person_days_by_pay` gives it) may come from a caller that has read them already."""
    placed_rows = (
        Delegate.objects.filter(assigned_event__in=events)
        .values_list("assigned_event", "paid_by_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    approved = RegistrationList.objects.filter(event__in=events, status=ListStatus.APPROVED)
    tours = [event for event in events if event.kind == EventKind.STUDY_TOUR]
    tour_units = {
        event.pk: ([plan.issuing_unit] if event.host_seats else []) + list(event.units.all()) for event in tours
    }
    lines: dict[int, list[EstimateLine]] = {event.pk: [] for event in events}
    for line in EstimateLine.objects.filter(event__in=events).order_by("order", "pk"):
        lines[line.event_id].append(line)
    spendings: dict[tuple[int, str], list[Spending]] = {}
    for spending in Spending.objects.filter(event__in=events).select_related("by").order_by("spent_on", "pk"):
        key = spending.line_code or f"{LINE_PREFIX}{spending.estimate_line_id}"
        spendings.setdefault((spending.event_id, key), []).append(spending)
    return _Facts(
        placed={(event_id, paid): n for event_id, paid, n in placed_rows},
        approved=set(approved.values_list("event_id", "unit_id")),
        quotas=quotas if quotas is not None else (selectors.quotas_of_events(tours, tour_units) if tours else {}),
        lines=lines,
        adjustments={(a.event_id, a.line_code): a for a in EstimateAdjustment.objects.filter(event__in=events)},
        spendings=spendings,
        rates=plan_selectors.rate_book(plan=plan),
        attended=attended if attended is not None else (_attended(events) if events else None),
    )


def _missing(code: str, day: datetime.date) -> str:
    return _("Chưa có định mức “%(code)s” có hiệu lực ngày %(day)s: hãy nhập trong trang quản trị.") % {
        "code": RateCode(code).label,
        "day": f"{day:%d/%m/%Y}",
    }


def _meal_line(event: TrainingEvent, facts: _Facts, day: datetime.date) -> Line:
    code = meal_rate_code(event)
    rate = facts.rates.on(code, day)
    price = rate.amount if rate else 0
    label = _("Hỗ trợ tiền ăn cho đại biểu không hưởng lương từ NSNN")
    sources, warning = ([rate.source] if rate else []), ("" if rate else _missing(code, day))
    if event.central_meals:
        percent = facts.rates.on(RateCode.MEAL_CENTRAL_PERCENT, day)
        if percent:
            price = price * percent.amount // 100
            label += _(" (tổ chức ăn tập trung: %(p)s%% mức khoán)") % {"p": percent.amount}
            sources.append(percent.source)
        else:
            warning = warning or _missing(RateCode.MEAL_CENTRAL_PERCENT, day)
    unpaid = facts.placed.get((event.pk, False), 0)
    line = Line(
        code=MEAL,
        label=label,
        unit=_("người"),
        quantity=unpaid,
        days=event.days,
        unit_price=price,
        amount=unpaid * event.days * price,
        basis=_("%(n)s đại biểu không hưởng lương từ NSNN đã xếp lớp") % {"n": unpaid},
        source="; ".join(sources),
        warning=warning,
    )
    if facts.attended is not None and sum(facts.attended.get(event.pk, {}).values()):
        line.actual_quantity = facts.attended[event.pk].get("unpaid", 0)
        line.actual_amount = line.actual_quantity * price
    return line


def tour_people(event: TrainingEvent, facts: _Facts) -> tuple[int, str]:
    """The tour's people: those placed from approved lists, plus the quota of every unit whose list is not
    approved yet; and the basis in words."""
    placed = facts.placed.get((event.pk, True), 0) + facts.placed.get((event.pk, False), 0)
    quotas = facts.quotas.get(event.pk, {})
    pending = [quota.total for unit_id, quota in quotas.items() if (event.pk, unit_id) not in facts.approved]
    by_quota = sum(pending)
    if not pending:
        basis = _("%(n)s người theo danh sách đã duyệt") % {"n": placed}
    elif not placed:
        basis = _("%(n)s người theo chỉ tiêu (danh sách chưa được duyệt)") % {"n": by_quota}
    else:
        basis = _("%(placed)s người theo danh sách đã duyệt + %(quota)s theo chỉ tiêu của %(units)s đơn vị chưa duyệt")
        basis %= {"placed": placed, "quota": by_quota, "units": len(pending)}
    return placed + by_quota, basis


def _allowance_line(event: TrainingEvent, facts: _Facts, day: datetime.date) -> Line:
    rate = facts.rates.on(RateCode.DAILY_ALLOWANCE, day)
    price = rate.amount if rate else 0
    people, basis = tour_people(event, facts)
    line = Line(
        code=ALLOWANCE,
        label=_("Phụ cấp lưu trú cho thành viên đoàn"),
        unit=_("người"),
        quantity=people,
        days=event.days,
        unit_price=price,
        amount=people * event.days * price,
        basis=basis,
        source=rate.source if rate else "",
        warning="" if rate else _missing(RateCode.DAILY_ALLOWANCE, day),
    )
    attended = facts.attended.get(event.pk, {}) if facts.attended is not None else {}
    if sum(attended.values()):
        line.actual_quantity = sum(attended.values())
        line.actual_amount = line.actual_quantity * price
    return line


def _added_line(line: EstimateLine) -> Line:
    return Line(
        code=f"{LINE_PREFIX}{line.pk}",
        label=line.description,
        unit=line.unit,
        quantity=line.quantity,
        days=line.times,
        unit_price=line.unit_price,
        amount=line.amount,
        note=line.note,
        kind_label=line.get_kind_display(),
        line=line,
    )


def _estimate(event: TrainingEvent, facts: _Facts) -> Estimate:
    day, estimated = rate_day(event)
    builders = {MEAL: _meal_line, ALLOWANCE: _allowance_line}
    lines = [builders[code](event, facts, day) for code in computed_codes(event)]
    for line in lines:
        line.adjustment = facts.adjustments.get((event.pk, line.code))
    lines += [_added_line(line) for line in facts.lines[event.pk]]
    for line in lines:
        line.spendings = facts.spendings.get((event.pk, line.code), [])
    return Estimate(event=event, lines=lines, rate_day=day, rate_day_estimated=estimated)


def _estimates(events: list[TrainingEvent], plan: Plan, **known) -> dict[int, Estimate]:
    facts = _facts(events, plan, **known)
    return {event.pk: _estimate(event, facts) for event in events}


# --- reads -------------------------------------------------------------------------------------------------


def event_estimate(event: TrainingEvent) -> Estimate:
    """The estimate of one event (a fixed number of queries)."""
    events = _events(TrainingEvent.objects.filter(pk=event.pk))
    return _estimates(events, events[0].activity.plan)[event.pk]


def estimates_by_activity(
    plan: Plan, *, events=None, activities=None, allocations=None, quotas=None, attended=None
) -> dict[int, ActivityMoney]:
    """Every activity of `plan` (by id, in the plan's order) with its events' estimates, spending and the funds
    allocated to it, in a fixed number of queries whatever the number of events and delegates. A caller that
    has already read the plan's events (with their units), activities, allocations, the tours' quotas or the
    attended person-days passes them in and saves those queries (the dashboard does)."""
    if events is None:
        events = _events(TrainingEvent.objects.filter(activity__plan=plan))
    estimates = _estimates(events, plan, quotas=quotas, attended=attended)
    allocated: dict[int | None, int] = {}
    for allocation in allocations if allocations is not None else plan_selectors.allocations_of(plan):
        allocated[allocation.activity_id] = allocated.get(allocation.activity_id, 0) + allocation.amount
    if activities is None:
        activities = Activity.objects.filter(plan=plan).select_related("lead_office__unit").order_by("order", "code")
    result = {}
    for activity in activities:
        activity.plan = plan
        own = [estimates[event.pk] for event in events if event.activity_id == activity.pk]
        result[activity.pk] = ActivityMoney(
            estimate=sum(e.total for e in own),
            spent=sum(e.spent for e in own),
            allocated=allocated.get(activity.pk, 0),
            activity=activity,
            events=own,
        )
    return result


def plan_money(plan: Plan, by_activity: dict[int, ActivityMoney] | None = None, *, allocations=None) -> PlanMoney:
    """The plan's totals: estimate and spending of every event against every allocation. Pass the result of
    `estimates_by_activity(plan)` when you have it, to read the events once."""
    if by_activity is None:
        by_activity = estimates_by_activity(plan)
    if allocations is None:
        allocations = plan_selectors.allocations_of(plan)
    by_kind = dict.fromkeys(AllocationKind.values, 0)
    for allocation in allocations:
        by_kind[allocation.kind] += allocation.amount
    return PlanMoney(
        estimate=sum(money.estimate for money in by_activity.values()),
        spent=sum(money.spent for money in by_activity.values()),
        allocated=sum(allocation.amount for allocation in allocations),
        allocated_to_plan=sum(a.amount for a in allocations if a.activity_id is None),
        by_kind=by_kind,
        allocations=allocations,
    )


def estimate_line_of(event: TrainingEvent, pk: int) -> EstimateLine:
    """A line of the event's estimate, or 404 (the event was loaded for the user first)."""
    return get_object_or_404(EstimateLine, event=event, pk=pk)


def spending_of(event: TrainingEvent, pk: int) -> Spending:
    return get_object_or_404(Spending.objects.select_related("event"), event=event, pk=pk)


# --- writes ------------------------------------------------------------------------------------------------


LINE_FIELDS = ("kind", "description", "quantity", "unit", "unit_price", "times", "order", "note")


@transaction.atomic
def estimate_line_save(*, event: TrainingEvent, by, values: dict, line: EstimateLine | None = None) -> EstimateLine:
    """Add a line to the event's estimate, or change one of its lines. `values` holds LINE_FIELDS."""
    if line is not None and line.event_id != event.pk:
        raise ValidationError(_("Dòng dự toán không thuộc lớp, đợt này."))
    before = {name: getattr(line, name) for name in LINE_FIELDS} if line is not None else None
    if line is None:
        line = EstimateLine(event=event)
        if values.get("order") is None:
            last = EstimateLine.objects.filter(event=event).aggregate(last=Max("order"))["last"]
            values = {**values, "order": (last or 0) + 1}
    for name in LINE_FIELDS:
        if name in values and values[name] is not None:
            value = values[name]
            setattr(line, name, clean_text(value) if isinstance(value, str) else value)
    line.full_clean()
    line.save()
    log_action(
        actor=by,
        action="estimate_line_change" if before else "estimate_line_add",
        obj=event,
        line=line.pk,
        description=line.description,
        amount=line.amount,
        before={key: str(value) for key, value in before.items()} if before else None,
    )
    return line


@transaction.atomic
def estimate_line_delete(*, line: EstimateLine, by) -> None:
    if line.spendings.exists():
        raise ValidationError(_("Dòng này đã có khoản chi thực tế: xóa các khoản chi đó trước."))
    log_action(
        actor=by,
        action="estimate_line_delete",
        obj=line.event,
        line=line.pk,
        description=line.description,
        amount=line.amount,
    )
    line.delete()


@transaction.atomic
def estimate_adjust(*, event: TrainingEvent, line_code: str, amount: int, reason: str, by) -> EstimateAdjustment:
    """Set the amount of a computed line instead of the computed one; a reason is required."""
    reason = clean_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Nhập lý do điều chỉnh.")})
    if line_code not in computed_codes(event):
        raise ValidationError(_("Chỉ điều chỉnh được các dòng tính tự động của lớp, đợt này."))
    adjustment = EstimateAdjustment.objects.select_for_update().filter(event=event, line_code=line_code).first()
    before = adjustment.amount if adjustment else None
    adjustment = adjustment or EstimateAdjustment(event=event, line_code=line_code)
    adjustment.amount, adjustment.reason, adjustment.by = amount, reason, by
    adjustment.full_clean()
    adjustment.save()
    log_action(
        actor=by, action="estimate_adjust", obj=event, line=line_code, amount=amount, before=before, reason=reason
    )
    return adjustment


@transaction.atomic
def estimate_adjustment_clear(*, event: TrainingEvent, line_code: str, by) -> None:
    """Go back to the computed amount of a line."""
    adjustment = EstimateAdjustment.objects.filter(event=event, line_code=line_code).first()
    if adjustment is None:
        return
    log_action(actor=by, action="estimate_adjust_clear", obj=event, line=line_code, amount=adjustment.amount)
    adjustment.delete()


def _line_target(event: TrainingEvent, line_key: str) -> tuple[str, EstimateLine | None]:
    """(line code, added line) for a line key: a computed line's code, or "line-<pk>" of one of its lines."""
    if line_key in computed_codes(event):
        return line_key, None
    pk = line_key.removeprefix(LINE_PREFIX)
    line = EstimateLine.objects.filter(event=event, pk=int(pk)).first() if pk.isdigit() else None
    if line is None or not line_key.startswith(LINE_PREFIX):
        raise ValidationError({"line": _("Chọn một dòng của dự toán.")})
    return "", line


@transaction.atomic
def spending_record(
    *, event: TrainingEvent, line_key: str, amount: int, spent_on: datetime.date, note: str = "", by
) -> Spending:
    """Record money actually spent on one line of the event's estimate."""
    line_code, line = _line_target(event, line_key)
    spending = Spending(
        event=event, line_code=line_code, estimate_line=line, amount=amount, spent_on=spent_on, note=clean_text(note)
    )
    spending.by = by if getattr(by, "is_authenticated", False) else None
    spending.full_clean()
    spending.save()
    log_action(actor=by, action="spending_add", obj=event, line=line_key, amount=amount, spent_on=str(spent_on))
    return spending


@transaction.atomic
def spending_delete(*, spending: Spending, by) -> None:
    line = spending.line_code or f"{LINE_PREFIX}{spending.estimate_line_id}"
    log_action(
        actor=by,
        action="spending_delete",
        obj=spending.event,
        line=line,
        amount=spending.amount,
        spent_on=str(spending.spent_on),
    )
    spending.delete()


@transaction.atomic
def event_set_central_meals(*, event: TrainingEvent, central_meals: bool, by) -> TrainingEvent:
    """Whether the event's meals are organised centrally (meal support then up to 130 % of the flat rate)."""
    if event.central_meals == central_meals:
        return event
    event.central_meals = central_meals
    event.save(update_fields=["central_meals", "updated_at"])
    log_action(actor=by, action="event_central_meals", obj=event, central_meals=central_meals)
    return event

"""Reads of the monitoring app, scoped to the asking user, and the board computations.

Scope follows `plans.selectors.plans_for`: what belongs to a plan the user may read. Within it a unit
officer sees only their unit (visits to it, recommendations addressed to it, its submissions) and office
staff see the recommendations addressed to their office. Everything here runs a constant number of queries.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from monitoring.models import (
    PENDING_STATUSES,
    MonitoringVisit,
    PublicHoliday,
    Recommendation,
    RecommendationStatus,
    ReportForm,
    ReportingPeriod,
    RequiredOf,
    Submission,
    SubmissionStatus,
    UnitFormRequirement,
    VisitStatus,
)
from monitoring.workdays import add_working_days
from plans import selectors as plan_selectors
from plans.models import AdministrativeUnit, Plan
from tuachua.permissions import Role, is_manager, role_of

# "Within 15 working days after a monitoring round" (Circular 10/2022); a setting may override it.
REPORT_WORKING_DAYS = getattr(settings, "MONITORING_REPORT_WORKING_DAYS", 15)


# ---- working days -------------------------------------------------------------------------------------


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Public holidays from `start` to `end` inclusive, in one query."""
    return set(PublicHoliday.objects.filter(date__range=(start, end)).values_list("date", flat=True))


def report_due_for(visits: Iterable[MonitoringVisit]) -> dict[int, datetime.date]:
    """Hạn báo cáo of each visit: 15 working days after it ended (or is planned to end); one query."""
    visits = list(visits)
    if not visits:
        return {}
    ends = [visit.end_date for visit in visits]
    # 15 working days never span more than ~3 weeks plus the longest Tết break; 90 days is ample.
    holidays = holidays_between(min(ends), max(ends) + datetime.timedelta(days=90))
    return {visit.pk: add_working_days(visit.end_date, REPORT_WORKING_DAYS, holidays) for visit in visits}


# ---- who may do what (views load the object through a selector first: 404 before 403) -----------------


def _is_in_subtree(user, unit: AdministrativeUnit) -> bool:
    home = plan_selectors.home_unit_of(user)
    if home is None:
        return role_of(user) == Role.ADMIN
    return unit.path.startswith(home.path)


def may_manage(user, *, plan: Plan | None = None, unit: AdministrativeUnit | None = None) -> bool:
    """Plan visits, record findings and recommendations, verify, review submissions: district staff (and
    administrators), for plans issued by their unit or below it and for units in their subtree."""
    if not is_manager(user):
        return False
    if plan is not None and not _is_in_subtree(user, plan.issuing_unit):
        return False
    return unit is None or _is_in_subtree(user, unit)


def may_respond(user, recommendation: Recommendation) -> bool:
    """The addressee (an officer of the unit, staff of the office) answers; managers may answer for them."""
    if is_manager(user):
        return may_manage(user, plan=recommendation.visit.activity.plan)
    role = role_of(user)
    if role == Role.UNIT_OFFICER and recommendation.unit_id:
        return _is_in_subtree(user, recommendation.unit)
    if role == Role.OFFICE_STAFF and recommendation.office_id:
        membership = plan_selectors.membership_of(user)
        return membership is not None and membership.office_id == recommendation.office_id
    return False


def may_upload(user, unit: AdministrativeUnit) -> bool:
    """An officer of the unit, or a manager over it, may upload the unit's reports."""
    return role_of(user) in (Role.UNIT_OFFICER, Role.DISTRICT_STAFF, Role.ADMIN) and _is_in_subtree(user, unit)


# ---- visits -------------------------------------------------------------------------------------------


def _officer_unit(user) -> AdministrativeUnit | None:
    return plan_selectors.home_unit_of(user) if role_of(user) == Role.UNIT_OFFICER else None


def visits_for(user) -> QuerySet[MonitoringVisit]:
    """Visits of plans the user may read; a unit officer sees only visits to their unit (or below it)."""
    visits = MonitoringVisit.objects.filter(activity__plan__in=plan_selectors.plans_for(user)).select_related(
        "activity__plan"
    )
    unit = _officer_unit(user)
    if unit is not None:
        through = MonitoringVisit.units.through.objects.filter(
            monitoringvisit_id=OuterRef("pk"), administrativeunit__path__startswith=unit.path
        )
        visits = visits.filter(Exists(through))
    return visits.order_by("planned_start", "pk")


def visit_for(user, pk) -> MonitoringVisit:
    return get_object_or_404(visits_for(user), pk=pk)


def upcoming_visits_for_unit(unit: AdministrativeUnit, *, today: datetime.date) -> QuerySet[MonitoringVisit]:
    """Visits the unit will host (planned or under way, not yet ended): what it must prepare."""
    return (
        MonitoringVisit.objects.filter(units=unit, status__in=["planned", "in_progress"], planned_end__gte=today)
        .select_related("activity__plan")
        .prefetch_related("team")
        .order_by("planned_start", "pk")
    )


# ---- recommendations ----------------------------------------------------------------------------------


def overdue_q(today: datetime.date) -> Q:
    """The database form of `Recommendation.is_overdue`."""
    return ~Q(status=RecommendationStatus.CLOSED) & Q(due_date__lt=today)


def recommendations_for(user) -> QuerySet[Recommendation]:
    """Recommendations in the user's scope: an officer sees those addressed to their unit, office staff
    those addressed to their office, staff and leaders every one of the plans they may read."""
    recs = Recommendation.objects.filter(visit__activity__plan__in=plan_selectors.plans_for(user)).select_related(
        "visit", "unit", "office"
    )
    role = role_of(user)
    if role == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(user)
        recs = recs.filter(unit__path__startswith=unit.path)
    elif role == Role.OFFICE_STAFF:
        membership = plan_selectors.membership_of(user)
        recs = recs.filter(office_id=membership.office_id) if membership and membership.office_id else recs.none()
    return recs.order_by("due_date", "pk")


def recommendation_for(user, pk) -> Recommendation:
    return get_object_or_404(recommendations_for(user), pk=pk)


# ---- reporting ----------------------------------------------------------------------------------------


def periods_for(user) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan__in=plan_selectors.plans_for(user)).select_related("plan")


def submissions_for(user) -> QuerySet[Submission]:
    """Submissions of periods the user may read; a unit officer sees only their unit's."""
    subs = Submission.objects.filter(period__plan__in=plan_selectors.plans_for(user)).select_related(
        "period", "unit", "form"
    )
    unit = _officer_unit(user)
    if unit is not None:
        subs = subs.filter(unit__path__startswith=unit.path)
    return subs


def submission_for(user, pk) -> Submission:
    return get_object_or_404(submissions_for(user), pk=pk)


def reporting_units(period: ReportingPeriod) -> QuerySet[AdministrativeUnit]:
    """Units that report for a period: the active units directly below the plan's issuer."""
    return AdministrativeUnit.objects.filter(parent_id=period.plan.issuing_unit_id, is_active=True).order_by(
        "sort_order", "name"
    )


def _catalogue() -> list[ReportForm]:
    return list(ReportForm.objects.filter(is_active=True).order_by("order", "code"))


def _implementing(unit_ids: list[int], forms: list[ReportForm]) -> set[tuple[int, int]]:
    form_ids = [form.pk for form in forms if form.required_of == RequiredOf.IMPLEMENTING_UNITS]
    if not form_ids or not unit_ids:
        return set()
    rows = UnitFormRequirement.objects.filter(unit_id__in=unit_ids, form_id__in=form_ids)
    return set(rows.values_list("unit_id", "form_id"))


def _forms_owed(
    unit_id: int, kind: str, forms: list[ReportForm], implementing: set[tuple[int, int]]
) -> list[ReportForm]:
    return [
        form
        for form in forms
        if form.applies_to(kind) and (form.required_of == RequiredOf.ALL_UNITS or (unit_id, form.pk) in implementing)
    ]


def required_forms(period: ReportingPeriod, units: Iterable[AdministrativeUnit]) -> dict[int, list[ReportForm]]:
    """Forms each unit owes for the period (unit id → forms in catalogue order), in two queries:
    forms required of all units, plus the implementing-unit forms the unit is set up for."""
    unit_ids = [unit.pk for unit in units]
    forms = [form for form in _catalogue() if form.applies_to(period.kind)]
    implementing = _implementing(unit_ids, forms)
    return {unit_id: _forms_owed(unit_id, period.kind, forms, implementing) for unit_id in unit_ids}


@dataclass
class Tally:
    """Counts of one row or column of the completeness board."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    accepted: int = 0
    returned: int = 0

    def add(self, submission: Submission | None, on_time: bool) -> None:
        self.expected += 1
        if submission is None:
            return
        self.submitted += 1
        self.on_time += on_time
        self.late += not on_time
        self.accepted += submission.status == SubmissionStatus.ACCEPTED
        self.returned += submission.status == SubmissionStatus.RETURNED

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    def _rate(self, count: int) -> float | None:
        return round(100 * count / self.expected, 1) if self.expected else None

    @property
    def submitted_rate(self) -> float | None:
        return self._rate(self.submitted)

    @property
    def on_time_rate(self) -> float | None:
        return self._rate(self.on_time)

    @property
    def accepted_rate(self) -> float | None:
        return self._rate(self.accepted)


@dataclass
class Cell:
    """One unit × form square: not required, missing, or the submission with its timeliness."""

    required: bool
    submission: Submission | None = None
    on_time: bool | None = None


@dataclass
class UnitRow:
    unit: AdministrativeUnit
    cells: list[Cell]
    tally: Tally = field(default_factory=Tally)


@dataclass
class FormRow:
    form: ReportForm
    tally: Tally = field(default_factory=Tally)


@dataclass
class Completeness:
    """The completeness board of one period: units × forms, with tallies per unit, per form and in total."""

    period: ReportingPeriod
    forms: list[ReportForm]
    unit_rows: list[UnitRow]
    form_rows: list[FormRow]
    total: Tally


def completeness(period: ReportingPeriod, units: Iterable[AdministrativeUnit]) -> Completeness:
    """Expected, submitted, on time, late, accepted for every unit and form of the period.

    Three queries whatever the number of units and forms (catalogue, implementing units, submissions).
    A submission is on time when its first version came in by the end of the due date.
    """
    units = list(units)
    catalogue = [form for form in _catalogue() if form.applies_to(period.kind)]
    implementing = _implementing([unit.pk for unit in units], catalogue)
    owed = {unit.pk: _forms_owed(unit.pk, period.kind, catalogue, implementing) for unit in units}
    # Columns: forms at least one of these units owes, in catalogue order.
    owed_ids = {form.pk for forms in owed.values() for form in forms}
    forms = [form for form in catalogue if form.pk in owed_ids]
    submissions = {
        (sub.unit_id, sub.form_id): sub
        for sub in Submission.objects.filter(period=period, unit_id__in=[unit.pk for unit in units]).only(
            "pk", "unit_id", "form_id", "status", "first_submitted_at", "submitted_at"
        )
    }
    deadline = period.deadline
    form_rows = {form.pk: FormRow(form) for form in forms}
    total = Tally()
    unit_rows = []
    for unit in units:
        row = UnitRow(unit, cells=[])
        unit_owes = {form.pk for form in owed[unit.pk]}
        for form in forms:
            if form.pk not in unit_owes:
                row.cells.append(Cell(required=False))
                continue
            sub = submissions.get((unit.pk, form.pk))
            on_time = sub is not None and sub.first_submitted_at < deadline
            row.cells.append(Cell(required=True, submission=sub, on_time=on_time if sub else None))
            for tally in (row.tally, form_rows[form.pk].tally, total):
                tally.add(sub, on_time)
        unit_rows.append(row)
    return Completeness(period, forms, unit_rows, list(form_rows.values()), total)


@dataclass
class OwedItem:
    """One thing a unit still owes: a report for a period, or a recommendation to carry out."""

    kind: str  # "report" or "recommendation"
    title: str
    due_date: datetime.date
    days_left: int
    returned: bool = False
    period: ReportingPeriod | None = None
    form: ReportForm | None = None
    recommendation: Recommendation | None = None

    @property
    def is_overdue(self) -> bool:
        return self.days_left < 0


def owed_by_unit(unit: AdministrativeUnit, *, today: datetime.date) -> list[OwedItem]:
    """Everything the unit still owes, soonest due first: reports not yet sent (or returned to it) for the
    periods of its parent's plans, and recommendations addressed to it that it has not reported done.
    Five queries whatever the number of periods."""
    items = []
    periods = list(ReportingPeriod.objects.filter(plan__issuing_unit_id=unit.parent_id).select_related("plan"))
    if periods:
        forms = _catalogue()
        implementing = _implementing([unit.pk], forms)
        done = {
            (sub.period_id, sub.form_id): sub.status
            for sub in Submission.objects.filter(unit=unit, period__in=periods).only("period_id", "form_id", "status")
        }
        for period in periods:
            for form in _forms_owed(unit.pk, period.kind, forms, implementing):
                status = done.get((period.pk, form.pk))
                if status in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
                    continue
                items.append(
                    OwedItem(
                        kind="report",
                        title=f"{form.code} — {period.name}",
                        due_date=period.due_date,
                        days_left=(period.due_date - today).days,
                        returned=status == SubmissionStatus.RETURNED,
                        period=period,
                        form=form,
                    )
                )
    recs = Recommendation.objects.filter(unit=unit, status__in=PENDING_STATUSES).select_related("visit")
    items.extend(
        OwedItem(
            kind="recommendation",
            title=rec.text,
            due_date=rec.due_date,
            days_left=(rec.due_date - today).days,
            recommendation=rec,
        )
        for rec in recs
    )
    return sorted(items, key=lambda item: (item.due_date, item.kind, item.title))


# ---- plan figures -------------------------------------------------------------------------------------


def plan_visits(plan: Plan) -> dict[int, list[MonitoringVisit]]:
    """The visits of `plan` that are not cancelled, by activity id, each with `team_size` (its number of team
    members) and its units; two queries whatever the number of visits."""
    visits = (
        MonitoringVisit.objects.filter(activity__plan=plan)
        .exclude(status=VisitStatus.CANCELLED)
        .annotate(team_size=Count("team", distinct=True))
        .prefetch_related("units")
        .order_by("planned_start", "pk")
    )
    result: dict[int, list[MonitoringVisit]] = {}
    for visit in visits:
        result.setdefault(visit.activity_id, []).append(visit)
    return result


# ---- dashboard ----------------------------------------------------------------------------------------


@dataclass
class PeriodCompleteness:
    """The reports of one period in figures: expected, submitted (on time or late), accepted, and the units that
    still owe something (with how many forms)."""

    period: ReportingPeriod
    total: Tally
    missing_units: list[tuple[AdministrativeUnit, int]]


def completeness_of_periods(
    periods: list[ReportingPeriod], units: Iterable[AdministrativeUnit]
) -> list[PeriodCompleteness]:
    """`completeness` in figures for several periods at once: three queries whatever the number of periods,
    units and forms (catalogue, implementing units, submissions)."""
    units = list(units)
    unit_ids = [unit.pk for unit in units]
    catalogue = _catalogue()
    implementing = _implementing(unit_ids, catalogue)
    owed: dict[tuple[int, str], list[int]] = {}  # (unit, period kind) → form ids, worked out once
    for kind in {period.kind for period in periods}:
        for unit_id in unit_ids:
            owed[(unit_id, kind)] = [form.pk for form in _forms_owed(unit_id, kind, catalogue, implementing)]
    submitted: dict[tuple[int, int, int], tuple[str, datetime.datetime]] = {}
    rows = Submission.objects.filter(period__in=periods, unit_id__in=unit_ids).values_list(
        "period_id", "unit_id", "form_id", "status", "first_submitted_at"
    )
    for period_id, unit_id, form_id, status, first in rows:
        submitted[(period_id, unit_id, form_id)] = (status, first)
    return [_period_completeness(period, units, owed, submitted) for period in periods]


def _period_completeness(period, units, owed, submitted) -> PeriodCompleteness:
    total, missing, deadline = Tally(), [], period.deadline
    for unit in units:
        unit_missing = 0
        for form_id in owed[(unit.pk, period.kind)]:
            found = submitted.get((period.pk, unit.pk, form_id))
            total.expected += 1
            if found is None:
                unit_missing += 1
                continue
            status, first = found
            total.submitted += 1
            on_time = first < deadline
            total.on_time += on_time
            total.late += not on_time
            total.accepted += status == SubmissionStatus.ACCEPTED
            total.returned += status == SubmissionStatus.RETURNED
        if unit_missing:
            missing.append((unit, unit_missing))
    return PeriodCompleteness(period, total, missing)


def period_totals(periods: list[ReportingPeriod], units: Iterable[AdministrativeUnit]) -> dict[int, Tally]:
    """The totals of `completeness` for each period (for the list of periods, which shows no unit rows): three
    queries whatever the number of periods, units and submissions. `units` are the
    reporting units of every plan the periods belong to; a period counts only those below its plan's issuer.
    Only the forms a unit owes count, as on the board; a submission is on time when its first version came by
    the due date."""
    units = list(units)
    unit_ids = [unit.pk for unit in units]
    catalogue = _catalogue()
    implementing = _implementing(unit_ids, catalogue)
    totals = {}
    kinds: dict[str, list[int]] = {}
    for period in periods:
        issuer = period.plan.issuing_unit_id
        own = [unit.pk for unit in units if unit.parent_id == issuer]
        owed = sum(len(_forms_owed(unit_id, period.kind, catalogue, implementing)) for unit_id in own)
        totals[period.pk] = Tally(expected=owed)
        kinds.setdefault(period.kind, []).append(period.pk)
    owed_pairs = {
        kind: {(unit.pk, form.pk) for unit in units for form in _forms_owed(unit.pk, kind, catalogue, implementing)}
        for kind in kinds
    }
    plan_of = {period.pk: (period.kind, period.plan.issuing_unit_id, period.deadline) for period in periods}
    parent_of = {unit.pk: unit.parent_id for unit in units}
    in_time = ExpressionWrapper(Q(first_submitted_at__date__lte=F("period__due_date")), output_field=BooleanField())
    rows = (
        Submission.objects.filter(period__in=periods, unit_id__in=unit_ids)
        .annotate(in_time=in_time)
        .values_list("period_id", "unit_id", "form_id", "status", "in_time")
    )
    for period_id, unit_id, form_id, status, on_time in rows:
        kind, issuer, _deadline = plan_of[period_id]
        if parent_of[unit_id] != issuer or (unit_id, form_id) not in owed_pairs[kind]:
            continue
        tally = totals[period_id]
        tally.submitted += 1
        tally.on_time += on_time
        tally.late += not on_time
        tally.accepted += status == SubmissionStatus.ACCEPTED
        tally.returned += status == SubmissionStatus.RETURNED
    return totals

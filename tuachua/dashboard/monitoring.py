"""Monitoring figures of a plan: visits done against planned, recommendations by addressee (open, overdue,
closed), report completeness per period with the units that still owe. A fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from monitoring.models import MonitoringVisit, Recommendation, RecommendationStatus, ReportingPeriod, VisitStatus
from monitoring.selectors import PeriodCompleteness, completeness_of_periods, reporting_units
from plans.models import AdministrativeUnit, Plan, UnitKind


@dataclass
class Visits:
    planned: int = 0
    in_progress: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.in_progress + self.done

    @property
    def done_rate(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class AddresseeRecs:
    """The recommendations addressed to one unit or office."""

    name: str
    open: int = 0
    overdue: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.open + self.closed


@dataclass
class Monitoring:
    visits: Visits
    addressees: list[AddresseeRecs]
    periods: list[PeriodCompleteness] = field(default_factory=list)

    @property
    def recs_open(self) -> int:
        return sum(row.open for row in self.addressees)

    @property
    def recs_overdue(self) -> int:
        return sum(row.overdue for row in self.addressees)

    @property
    def recs_closed(self) -> int:
        return sum(row.closed for row in self.addressees)


def visit_counts(plan: Plan, unit: AdministrativeUnit | None) -> Visits:
    visits = MonitoringVisit.objects.filter(activity__plan=plan).exclude(status=VisitStatus.CANCELLED)
    if unit is not None:
        visits = visits.filter(units=unit)
    counts = dict(visits.values_list("status").annotate(n=Count("id", distinct=True)))
    return Visits(
        planned=counts.get(VisitStatus.PLANNED, 0),
        in_progress=counts.get(VisitStatus.IN_PROGRESS, 0),
        done=counts.get(VisitStatus.DONE, 0),
    )


def recommendations_by_addressee(
    plan: Plan, unit: AdministrativeUnit | None, today: datetime.date
) -> list[AddresseeRecs]:
    recs = Recommendation.objects.filter(visit__activity__plan=plan)
    if unit is not None:
        recs = recs.filter(unit=unit)
    closed = Q(status=RecommendationStatus.CLOSED)
    rows = recs.values("unit__name", "unit__kind", "office__name").annotate(
        closed=Count("id", filter=closed),
        open=Count("id", filter=~closed),
        overdue=Count("id", filter=~closed & Q(due_date__lt=today)),
    )
    result = []
    for row in rows:
        if row["unit__name"]:
            name = f"{UnitKind(row['unit__kind']).label} {row['unit__name']}"
        else:
            name = row["office__name"] or "—"
        result.append(AddresseeRecs(name[:1].upper() + name[1:], row["open"], row["overdue"], row["closed"]))
    return sorted(result, key=lambda row: (-row.overdue, -row.open, row.name))


def monitoring(plan: Plan, *, unit: AdministrativeUnit | None = None, today: datetime.date, periods=None) -> Monitoring:
    if periods is None:
        periods = list(ReportingPeriod.objects.filter(plan=plan).select_related("plan").order_by("start", "pk"))
    if unit is None:
        units = list(reporting_units(periods[0])) if periods else []
    else:
        units = [unit]
    return Monitoring(
        visits=visit_counts(plan, unit),
        addressees=recommendations_by_addressee(plan, unit, today),
        periods=completeness_of_periods(periods, units),
    )

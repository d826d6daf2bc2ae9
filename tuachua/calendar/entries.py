"""The dated things a user may see, as calendar entries, and the clashes between them.

Every read goes through the apps' selectors, so the scope is theirs: a unit officer gets their unit's
events, the visits to their unit and their unit's deadlines; staff, leaders and offices their plans' (office
staff: the recommendations and duties addressed to their office). `calendar_entries` runs at most ten
queries whatever the amount of data (two of them load the user's role and unit once per request).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring import selectors as monitoring_selectors
from monitoring.models import PENDING_STATUSES, RecommendationStatus, VisitStatus
from plans import selectors as plan_selectors
from plans.models import Activity, ActivityStatus, AddresseeKind, AdministrativeUnit, Duty, TimePrecision
from training import selectors as training_selectors
from tuachua.permissions import Role, role_of

DAY = datetime.timedelta(days=1)
MAX_EVENT_DAYS = 31  # an event with a start date but no end date lasts its `days`, at most this long
TITLE_WORDS = 14  # recommendations and duties are free text: the calendar shows their first words


def first_words(text: str, count: int = TITLE_WORDS) -> str:
    """The first `count` words of a free text, with "…" when it goes on (a busy calendar has thousands)."""
    words = text.split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]) + "…"


def url_maker(name: str):
    """A fast `reverse` for one URL name taking one id: resolved once, then filled in per entry."""
    template = reverse(name, args=[987654321]).replace("987654321", "{}")
    return template.format


class EntryKind(models.TextChoices):
    """Loại mục lịch. The three training kinds share their values with `training.models.EventKind`."""

    CLASS = "class", gettext_lazy("Lớp tập huấn")
    STUDY_TOUR = "study_tour", gettext_lazy("Học tập kinh nghiệm")
    REVIEW_TRAINING = "review_training", gettext_lazy("Tập huấn rà soát")
    VISIT = "visit", gettext_lazy("Giám sát")
    LIST_DEADLINE = "list_deadline", gettext_lazy("Hạn gửi danh sách")
    REPORT_DEADLINE = "report_deadline", gettext_lazy("Hạn nộp báo cáo")
    RECOMMENDATION_DUE = "recommendation_due", gettext_lazy("Hạn thực hiện kiến nghị")
    DUTY_DUE = "duty_due", gettext_lazy("Hạn nhiệm vụ")
    ACTIVITY = "activity", gettext_lazy("Hoạt động")


TRAINING_KINDS = (EntryKind.CLASS, EntryKind.STUDY_TOUR, EntryKind.REVIEW_TRAINING)
# Things that take a unit's people for the day; deadlines and plan activities do not.
EVENT_KINDS = (*TRAINING_KINDS, EntryKind.VISIT)


@dataclass
class Entry:
    """Mục lịch: one dated thing, from `start` to `end` (both days included)."""

    kind: str
    start: datetime.date
    end: datetime.date
    title: str
    url: str
    uid: str  # stable key of the thing ("visit-12"): the feed's UID is made of it
    units: tuple[str, ...] = ()  # names of the units concerned that the user may see
    unit_ids: tuple[int, ...] = ()
    status: str = ""  # the status label of the thing, when it has one
    note: str = ""  # venue, addressee, lead office…
    flags: set[str] = field(default_factory=set)  # "clash", "planned", "actual"

    @property
    def kind_label(self) -> str:
        return str(EntryKind(self.kind).label)

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS

    @property
    def in_clash(self) -> bool:
        return "clash" in self.flags

    def days(self) -> Iterator[datetime.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += DAY

    def overlaps(self, start: datetime.date, end: datetime.date) -> bool:
        return self.start <= end and self.end >= start


class ClashKind(models.TextChoices):
    VISIT_DURING_TRAINING = "visit_during_training", gettext_lazy("Đoàn giám sát đến trong ngày đơn vị đi tập huấn")
    SAME_DAY = "same_day", gettext_lazy("Hai hoạt động của một đơn vị trong cùng ngày")


@dataclass(frozen=True)
class Clash:
    """Trùng lịch: two entries that take the same unit on the same day(s), `start` to `end`."""

    kind: str
    first: Entry
    second: Entry
    start: datetime.date
    end: datetime.date
    units: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(ClashKind(self.kind).label)

    def days(self) -> Iterator[datetime.date]:
        day = self.start
        while day <= self.end:
            yield day
            day += DAY


# ---- gathering ------------------------------------------------------------------------------------------


@dataclass
class _Scope:
    """What decides the user's view: their role, unit and office, read once."""

    user: object
    role: Role | None
    unit: AdministrativeUnit | None
    office_id: int | None
    sees_all: bool

    @property
    def officer_unit(self) -> AdministrativeUnit | None:
        return self.unit if self.role == Role.UNIT_OFFICER else None

    def visible(self, unit: AdministrativeUnit) -> bool:
        return self.sees_all or (self.unit is not None and unit.path.startswith(self.unit.path))

    def unit_fields(self, units: Iterable[AdministrativeUnit]) -> dict:
        shown = [unit for unit in units if self.visible(unit)]
        return {"units": tuple(self.name_of(unit) for unit in shown), "unit_ids": tuple(unit.pk for unit in shown)}

    def name_of(self, unit: AdministrativeUnit) -> str:
        """The unit's full name, worked out once per unit (a busy calendar names the same units again and again)."""
        names = self.__dict__.setdefault("_names", {})
        if unit.pk not in names:
            names[unit.pk] = unit.full_name
        return names[unit.pk]


def _scope(user) -> _Scope:
    role = role_of(user)
    membership = plan_selectors.membership_of(user)
    unit = membership.unit if membership else None
    return _Scope(
        user=user,
        role=role,
        unit=unit,
        office_id=membership.office_id if membership else None,
        sees_all=role == Role.ADMIN and unit is None,
    )


def calendar_entries(user, start: datetime.date, end: datetime.date) -> list[Entry]:
    """Everything dated the user may see that falls on a day from `start` to `end` (both included), soonest
    first: training events and their registration deadlines, monitoring visits (actual dates once started,
    planned ones before; cancelled ones left out), reporting period and open recommendation due dates, plan
    duties with a due date and plan activities with exact dates."""
    scope = _scope(user)
    if scope.role is None or (scope.unit is None and not scope.sees_all):
        return []  # no role, or a role without a unit: no plan to read
    entries = [
        *_training(scope, start, end),
        *_visits(scope, start, end),
        *_periods(scope, start, end),
        *_recommendations(scope, start, end),
        *_duties(scope, start, end),
        *_activities(scope, start, end),
    ]
    order = list(EntryKind.values)
    return sorted(entries, key=lambda e: (e.start, e.end, order.index(e.kind), e.title, e.uid))


def _units_prefetch() -> Prefetch:
    return Prefetch("units", queryset=AdministrativeUnit.objects.order_by("sort_order", "name"))


def _training(scope: _Scope, start, end) -> list[Entry]:
    open_ended = Q(end_date__isnull=True, start_date__gte=start - datetime.timedelta(days=MAX_EVENT_DAYS))
    events = (
        training_selectors.events_for(scope.user)
        .filter(
            Q(start_date__lte=end) & (Q(end_date__gte=start) | open_ended)
            | Q(registration_deadline__date__gte=start, registration_deadline__date__lte=end)
        )
        .prefetch_related(_units_prefetch())
    )
    unit = scope.officer_unit
    entries = []
    for event in events:
        # An officer goes straight to their unit's list; the board sends them there anyway.
        url = reverse("training:list", args=[event.pk, unit.pk]) if unit else reverse("training:board", args=[event.pk])
        units = scope.unit_fields(event.units.all())
        first, last = _event_days(event)
        if first and first <= end and last >= start:
            entries.append(
                Entry(
                    kind=event.kind,
                    start=first,
                    end=last,
                    title=event.title,
                    url=url,
                    uid=f"event-{event.pk}",
                    note=event.venue,
                    **units,
                )
            )
        deadline = timezone.localtime(event.registration_deadline) if event.registration_deadline else None
        if deadline and start <= deadline.date() <= end:
            entries.append(
                Entry(
                    kind=EntryKind.LIST_DEADLINE,
                    start=deadline.date(),
                    end=deadline.date(),
                    title=_("Hạn gửi danh sách: %(event)s") % {"event": event.title},
                    url=url,
                    uid=f"event-deadline-{event.pk}",
                    note=_("đến %(time)s") % {"time": deadline.strftime("%H:%M")},
                    **units,
                )
            )
    return entries


def _event_days(event) -> tuple[datetime.date | None, datetime.date | None]:
    """First and last day of an event; without an end date it lasts its number of days."""
    if not event.start_date:
        return None, None
    if event.end_date:
        return event.start_date, event.end_date
    return event.start_date, event.start_date + datetime.timedelta(days=min(max(event.days, 1), MAX_EVENT_DAYS) - 1)


def _visits(scope: _Scope, start, end) -> list[Entry]:
    first_day = Coalesce("actual_start", "planned_start")
    last_day = Coalesce("actual_end", Greatest("planned_end", first_day))
    visits = (
        monitoring_selectors.visits_for(scope.user)
        .exclude(status=VisitStatus.CANCELLED)
        .annotate(first_day=first_day, last_day=last_day)
        .filter(first_day__lte=end, last_day__gte=start)
        .prefetch_related(_units_prefetch())
    )
    visit_url = url_maker("monitoring:visit")
    return [
        Entry(
            kind=EntryKind.VISIT,
            start=visit.first_day,
            end=visit.last_day,
            title=visit.title,
            url=visit_url(visit.pk),
            uid=f"visit-{visit.pk}",
            status=visit.get_status_display(),
            note=visit.get_method_display(),
            flags={"actual" if visit.actual_start else "planned"},
            **scope.unit_fields(visit.units.all()),
        )
        for visit in visits
    ]


def _periods(scope: _Scope, start, end) -> list[Entry]:
    periods = monitoring_selectors.periods_for(scope.user).filter(due_date__gte=start, due_date__lte=end)
    unit = scope.officer_unit
    if unit is not None:
        # An officer's unit reports for the periods of the plans of the unit directly above it.
        periods = periods.filter(plan__issuing_unit_id=unit.parent_id)
    entries = []
    for period in periods:
        url = reverse("reports:unit", args=[unit.pk]) if unit else reverse("reports:board", args=[period.pk])
        entries.append(
            Entry(
                kind=EntryKind.REPORT_DEADLINE,
                start=period.due_date,
                end=period.due_date,
                title=_("Hạn nộp báo cáo: %(period)s") % {"period": period.name},
                url=url,
                uid=f"period-{period.pk}",
                note=period.get_kind_display(),
                **(scope.unit_fields([unit]) if unit else {}),
            )
        )
    return entries


def _recommendations(scope: _Scope, start, end) -> list[Entry]:
    recs = monitoring_selectors.recommendations_for(scope.user).filter(
        status__in=PENDING_STATUSES, due_date__gte=start, due_date__lte=end
    )
    url = url_maker("monitoring:recommendation")
    title = _("Hạn thực hiện kiến nghị: %(text)s")
    labels = {value: str(label) for value, label in RecommendationStatus.choices}
    return [
        Entry(
            kind=EntryKind.RECOMMENDATION_DUE,
            start=rec.due_date,
            end=rec.due_date,
            title=title % {"text": first_words(rec.text)},
            url=url(rec.pk),
            uid=f"recommendation-{rec.pk}",
            status=labels.get(rec.status, rec.status),
            note=str(rec.office) if rec.office_id else "",
            **(scope.unit_fields([rec.unit]) if rec.unit_id else {}),
        )
        for rec in recs
    ]


def _duty_queryset(scope: _Scope):
    if scope.role == Role.UNIT_OFFICER:
        return plan_selectors.duties_for_unit(scope.unit)
    if scope.role == Role.OFFICE_STAFF:
        return Duty.objects.filter(
            responsibility__addressee_kind=AddresseeKind.OFFICE, responsibility__office_id=scope.office_id
        )
    return Duty.objects.all()


def _duties(scope: _Scope, start, end) -> list[Entry]:
    duties = (
        _duty_queryset(scope)
        .filter(responsibility__plan__in=plan_selectors.plans_for(scope.user), due_date__gte=start, due_date__lte=end)
        .select_related("responsibility__plan", "responsibility__unit", "activity")
    )
    entries = []
    for duty in duties:
        responsibility = duty.responsibility
        if responsibility.addressee_kind == AddresseeKind.UNIT and responsibility.unit_id:
            units = scope.unit_fields([responsibility.unit])
        elif responsibility.addressee_kind == AddresseeKind.SUBORDINATE_UNITS and scope.officer_unit:
            units = scope.unit_fields([scope.officer_unit])
        else:
            units = {}
        anchor = f"#activity-{duty.activity.code}" if duty.activity_id else ""
        entries.append(
            Entry(
                kind=EntryKind.DUTY_DUE,
                start=duty.due_date,
                end=duty.due_date,
                title=_("Hạn nhiệm vụ: %(text)s") % {"text": first_words(duty.text)},
                url=reverse("plans:plan_detail", args=[responsibility.plan_id]) + anchor,
                uid=f"duty-{duty.pk}",
                note=responsibility.heading,
                **units,
            )
        )
    return entries


def _activities(scope: _Scope, start, end) -> list[Entry]:
    activities = (
        Activity.objects.filter(
            plan__in=plan_selectors.plans_for(scope.user),
            time_precision=TimePrecision.DATES,
            start_date__lte=end,
            end_date__gte=start,
        )
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("lead_office")
    )
    if scope.officer_unit is not None:
        # The plans above an officer's unit reach it through their events, visits and deadlines; the
        # activities shown are those of the plans its own unit (or one below) issued.
        activities = activities.filter(plan__issuing_unit__path__startswith=scope.unit.path)
    return [
        Entry(
            kind=EntryKind.ACTIVITY,
            start=activity.start_date,
            end=activity.end_date,
            title=f"{activity.code}. {activity.title}",
            url=reverse("plans:plan_detail", args=[activity.plan_id]) + f"#activity-{activity.code}",
            uid=f"activity-{activity.pk}",
            status=activity.get_status_display(),
            note=str(activity.lead_office),
        )
        for activity in activities
    ]


# ---- clashes --------------------------------------------------------------------------------------------


def clashes(entries: list[Entry]) -> list[Clash]:
    """Trùng lịch, soonest first: a visit to a unit during the days of a training it attends, and any two
    events (training or visits) of the same unit on a same day. Both entries of a clash get the "clash" flag;
    a pair that shares several units is one clash naming them all."""
    by_unit: dict[int, list[tuple[Entry, str]]] = defaultdict(list)
    for entry in entries:
        if entry.is_event:
            for unit_id, name in zip(entry.unit_ids, entry.units, strict=True):
                by_unit[unit_id].append((entry, name))
    found: dict[tuple[int, int], dict] = {}
    for items in by_unit.values():
        items.sort(key=lambda item: (item[0].start, item[0].end))
        for i, (first, name) in enumerate(items):
            for second, _name in items[i + 1 :]:
                if second.start > first.end:
                    break
                pair = found.setdefault((id(first), id(second)), {"first": first, "second": second, "units": []})
                pair["units"].append(name)
    result = [_clash(pair["first"], pair["second"], pair["units"]) for pair in found.values()]
    return sorted(result, key=lambda clash: (clash.start, clash.first.title, clash.second.title))


def _clash(first: Entry, second: Entry, units: list[str]) -> Clash:
    first.flags.add("clash")
    second.flags.add("clash")
    kinds = {first.kind == EntryKind.VISIT, second.kind == EntryKind.VISIT}
    kind = ClashKind.VISIT_DURING_TRAINING if kinds == {True, False} else ClashKind.SAME_DAY
    return Clash(
        kind=kind,
        first=first,
        second=second,
        start=max(first.start, second.start),
        end=min(first.end, second.end),
        units=tuple(units),
    )


def upcoming_first(entries: list[Entry], today: datetime.date) -> list[Entry]:
    """Entries not yet over, soonest first, then the past ones, latest first."""
    coming = [entry for entry in entries if entry.end >= today]
    past = sorted((entry for entry in entries if entry.end < today), key=lambda e: (e.end, e.start), reverse=True)
    return coming + past

"""What each role's home page shows. Reads only, through the apps' selectors."""

import datetime
from collections import Counter

from django.utils import timezone

from monitoring import selectors as monitoring_selectors
from plans import selectors
from plans.models import ActivityStatus
from training import selectors as training_selectors
from tuachua.permissions import Role, role_of

TEMPLATES = {
    Role.DISTRICT_STAFF: "home/staff.html",
    Role.LEADER: "home/leader.html",
    Role.UNIT_OFFICER: "home/officer.html",
    Role.OFFICE_STAFF: "home/office.html",
    Role.ADMIN: "home/staff.html",
}


def today() -> datetime.date:
    return timezone.localdate()


def home_for(user) -> tuple[str, dict]:
    """The template and context of the user's home page."""
    role = role_of(user)
    if role is None:
        return "home/no_role.html", {}
    builder = {
        Role.UNIT_OFFICER: _officer,
        Role.OFFICE_STAFF: _office,
        Role.LEADER: _leader,
    }.get(role, _staff)
    return TEMPLATES[role], builder(user)


def _plans_with_activities(user) -> list:
    plans = list(selectors.current_plans_for(user))
    for plan in plans:
        plan.activity_list = list(plan.activities.all())
    return plans


def _staff(user) -> dict:
    plans = _plans_with_activities(user)
    units = list(selectors.annotate_child_counts(selectors.units_below(user)))
    duties = list(selectors.duties_of_plans([plan.pk for plan in plans]))
    return {
        "plans": plans,
        "units": units,
        "village_total": sum(u.child_count for u in units),
        "deadlines": selectors.deadlines(duties, today=today()),
        "today": today(),
    }


def _leader(user) -> dict:
    context = _staff(user)
    activities = [activity for plan in context["plans"] for activity in plan.activity_list]
    counts = Counter(activity.status for activity in activities)
    context["status_counts"] = [(status, label, counts.get(status, 0)) for status, label in ActivityStatus.choices]
    context["activity_total"] = len(activities)
    context["done_percent"] = round(100 * counts.get(ActivityStatus.DONE, 0) / len(activities)) if activities else 0
    context["participant_total"] = sum(a.target_participants or 0 for a in activities)
    return context


def _officer(user) -> dict:
    unit = selectors.home_unit_of(user)
    now = today()
    duties = selectors.with_days_left(list(selectors.duties_for_unit(unit)), today=now)
    events = list(training_selectors.events_for(user))
    lists = training_selectors.lists_of_unit(unit, events)
    quotas = training_selectors.unit_quotas(unit, events)
    return {
        "unit": unit,
        "registrations": [(event, lists.get(event.pk), quotas[event.pk]) for event in events],
        "upcoming_visits": list(monitoring_selectors.upcoming_visits_for_unit(unit, today=now)),
        "owed": monitoring_selectors.owed_by_unit(unit, today=now)[:8],
        "villages": list(selectors.villages_of(unit)),
        "duties": duties,
        "plans": list(selectors.current_plans_for(user)),
        "today": now,
    }


def _office(user) -> dict:
    membership = selectors.membership_of(user)
    office = membership.office
    return {
        "office": office,
        "activities": list(selectors.activities_for_office(office)) if office else [],
        "duties": list(selectors.duties_for_office(office)) if office else [],
        "plans": list(selectors.current_plans_for(user)),
    }

"""E-mail of the monitoring app: reminders to the addressees of recommendations (the officers of the unit,
the staff of the office) before the due date, on it, and every week while it is overdue.

A mail failure is logged and never undoes anything; `send_recommendation_reminders` records each reminder
in the audit trail so that it is not repeated.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from monitoring.models import Recommendation
from tuachua.permissions import ROLE_GROUPS, Role

logger = logging.getLogger(__name__)

OVERDUE_EVERY_DAYS = 7


def reminder_threshold(due_date: datetime.date, today: datetime.date, *, before: int) -> int | None:
    """Which reminder is due today, as days after the due date: -`before` (the one before the due date),
    0 (the due date), 7, 14, … (each week overdue); None when none is. A day missed is caught up on the next
    run: the latest threshold reached counts, and each is sent once."""
    offset = (today - due_date).days
    if offset < 0:
        return -before if -offset <= before else None
    return OVERDUE_EVERY_DAYS * (offset // OVERDUE_EVERY_DAYS)


def addressee_emails(recommendations: list[Recommendation]) -> dict[int, list[str]]:
    """E-mail addresses of each recommendation's addressee, in one query: the active unit officers whose unit
    is the addressee unit, or the active office staff of the addressee office."""
    unit_ids = {rec.unit_id for rec in recommendations if rec.unit_id}
    office_ids = {rec.office_id for rec in recommendations if rec.office_id}
    if not unit_ids and not office_ids:
        return {}
    officer_group, office_group = ROLE_GROUPS[Role.UNIT_OFFICER], ROLE_GROUPS[Role.OFFICE_STAFF]
    rows = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(groups__name=officer_group, membership__unit_id__in=unit_ids)
            | Q(groups__name=office_group, membership__office_id__in=office_ids)
        )
        .values_list("email", "groups__name", "membership__unit_id", "membership__office_id")
    )
    by_unit, by_office = defaultdict(set), defaultdict(set)
    for email, group, unit_id, office_id in rows:
        if group == officer_group and unit_id in unit_ids:
            by_unit[unit_id].add(email)
        elif group == office_group and office_id in office_ids:
            by_office[office_id].add(email)
    return {
        rec.pk: sorted(by_unit[rec.unit_id] if rec.unit_id else by_office[rec.office_id]) for rec in recommendations
    }


def _send(template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"monitoring/email/{template}_subject.txt", context).split())
        body = render_to_string(f"monitoring/email/{template}.txt", context)
    try:
        return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError:
        logger.exception("Could not send %s mail to %s", template, recipients)
        return 0


def recommendation_reminder(*, recommendation: Recommendation, today: datetime.date, recipients: list[str]) -> int:
    """Remind the addressee of a recommendation of its due date (before, on it, or overdue); returns mails sent."""
    rec = recommendation
    days_left = (rec.due_date - today).days
    addressee = rec.unit.full_name if rec.unit_id else rec.office.name
    context = {
        "rec": rec,
        "visit": rec.visit,
        "addressee": addressee,
        "days_left": days_left,
        "days_overdue": -days_left,
    }
    return _send("recommendation_reminder", context, recipients)

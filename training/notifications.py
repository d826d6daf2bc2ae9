"""E-mail about registration lists: to the Labour office when a unit submits, to the unit when its list
is returned or approved, and deadline reminders. Sent after the transaction commits; a mail failure
never undoes the change it reports."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import translation

from tuachua.permissions import ROLE_GROUPS, Role

logger = logging.getLogger(__name__)


def _addresses(*, role: Role, unit_id: int) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ROLE_GROUPS[role], membership__unit_id=unit_id)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _send(template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"training/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"training/email/{template}.txt", context)
    try:
        return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except OSError:
        logger.exception("Could not send %s mail to %s", template, recipients)
        return 0


def list_submitted(reg_list) -> int:
    """Tell the plan's staff that a unit submitted its list."""
    issuing_unit_id = reg_list.event.activity.plan.issuing_unit_id
    return _send(
        "list_submitted", {"reg_list": reg_list}, _addresses(role=Role.DISTRICT_STAFF, unit_id=issuing_unit_id)
    )


def list_reviewed(reg_list) -> int:
    """Tell the unit's officers that their list was returned (with the comment) or approved."""
    return _send("list_reviewed", {"reg_list": reg_list}, _addresses(role=Role.UNIT_OFFICER, unit_id=reg_list.unit_id))


def deadline_reminder(*, event, unit, days_left: int) -> int:
    return _send(
        "deadline_reminder",
        {"event": event, "unit": unit, "days_left": days_left},
        _addresses(role=Role.UNIT_OFFICER, unit_id=unit.pk),
    )

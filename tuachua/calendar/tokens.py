"""Địa chỉ lịch cá nhân: create, read and revoke the secret key of a user's iCalendar feed.

Writes go through these services (one audit entry per change); the token itself never reaches the audit trail.
"""

import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from tuachua.audit import log_action
from tuachua.models import CalendarToken
from tuachua.permissions import role_of


def active_token_of(user) -> CalendarToken | None:
    """The user's current feed key, if they made one."""
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


@transaction.atomic
def calendar_token_create(*, user) -> CalendarToken:
    """A new feed key for the user; the old one (if any) stops working."""
    calendar_token_revoke(user=user)
    token = CalendarToken(user=user, token=secrets.token_urlsafe(32))
    token.full_clean()
    token.save()
    log_action(actor=user, action="calendar_token_create", obj=token)
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> CalendarToken | None:
    """Stop the user's current feed key; returns it (None when there was none)."""
    token = CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True).first()
    if token is None:
        return None
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(actor=user, action="calendar_token_revoke", obj=token)
    return token


def feed_owner(token: str):
    """The user whose feed the key opens, or 404: unknown or revoked keys, inactive accounts and accounts
    without a role open nothing."""
    found = CalendarToken.objects.select_related("user").filter(token=token, revoked_at__isnull=True).first()
    if found is None or not found.user.is_active or role_of(found.user) is None:
        raise Http404
    return found.user

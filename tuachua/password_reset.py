"""Throttling of password-reset mails: per e-mail address typed and per client address, over one hour."""

import datetime
import hashlib
import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuachua.client import client_ip
from tuachua.models import PasswordResetRequest

WINDOW = datetime.timedelta(hours=1)


def email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


def _wait(requests, limit: int, now) -> datetime.timedelta | None:
    """How long until one more request is allowed, or None when it is allowed now."""
    times = sorted(requests)
    if len(times) < limit:
        return None
    return times[-limit] + WINDOW - now


@transaction.atomic
def password_reset_request(*, email: str, ip: str) -> datetime.timedelta | None:
    """Record a request and return None, or return how long to wait (nothing recorded, no mail sent)."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(at__lt=now - WINDOW).delete()
    digest = email_digest(email)
    recent = PasswordResetRequest.objects.filter(at__gte=now - WINDOW)
    waits = [
        _wait(recent.filter(email_digest=digest).values_list("at", flat=True), _limit("ACCOUNT"), now),
        _wait(recent.filter(client_ip=ip).values_list("at", flat=True), _limit("ADDRESS"), now),
    ]
    longest = max((wait for wait in waits if wait is not None), default=None)
    if longest is None:
        PasswordResetRequest.objects.create(email_digest=digest, client_ip=ip)
    return longest


def _limit(kind: str) -> int:
    return max(1, getattr(settings, f"PASSWORD_RESET_LIMIT_PER_{kind}"))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, refusing with a clear message once the hourly limit is reached (HTTP 429)."""

    def form_valid(self, form):
        wait = password_reset_request(email=form.cleaned_data["email"], ip=client_ip(self.request))
        if wait is None:
            return super().form_valid(form)
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        form.add_error(
            None,
            _(
                "Đã có quá nhiều yêu cầu đặt lại mật khẩu cho địa chỉ thư này hoặc từ máy này. "
                "Vui lòng thử lại sau %(minutes)s phút, hoặc liên hệ quản trị viên."
            )
            % {"minutes": minutes},
        )
        response = self.form_invalid(form)
        response.status_code = 429
        return response

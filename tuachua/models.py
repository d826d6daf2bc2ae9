"""Models shared by every app: the audit trail, and the keys of personal calendar feeds."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Nhật ký thao tác: one change made through a service or the admin, or one refused write attempt
    (action "refused"), by whom, when and from which client address."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=80, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)
    client_ip = models.GenericIPAddressField(_("địa chỉ máy"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"


class CalendarToken(models.Model):
    """Địa chỉ lịch cá nhân: the secret key in one user's iCalendar feed address (no login: the token is the key).

    A user has at most one active token; creating a new one revokes the old, and revoking keeps the row.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True, editable=False)  # unique: indexed
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch cá nhân")
        verbose_name_plural = pgettext_lazy("plural", "địa chỉ lịch cá nhân")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(revoked_at__isnull=True), name="calendar_token_one_active"
            ),
        ]

    def __str__(self):
        # Never the token itself: this text lands in the audit trail.
        return gettext("Địa chỉ lịch của tài khoản #%(user)s") % {"user": self.user_id}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PasswordResetRequest(models.Model):
    """One request for a password-reset mail, counted to throttle them per e-mail address and per client.

    The address typed is kept only as a digest; a request counts whether or not an account has that address,
    so the answer never tells which addresses exist."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    email_digest = models.CharField(_("thư điện tử (băm)"), max_length=64, db_index=True)
    client_ip = models.CharField(_("địa chỉ máy"), max_length=45, db_index=True)

    class Meta:
        verbose_name = _("yêu cầu đặt lại mật khẩu")
        verbose_name_plural = pgettext_lazy("plural", "yêu cầu đặt lại mật khẩu")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.client_ip} {self.at:%d/%m/%Y %H:%M}"

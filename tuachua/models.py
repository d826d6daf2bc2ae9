"""Models shared by every app: the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEntry(models.Model):
    """Nhật ký thao tác: one change made through a service, by whom and when."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=80)
    object_type = models.CharField(_("loại đối tượng"), max_length=80)
    object_id = models.CharField(_("mã đối tượng"), max_length=40)
    object_repr = models.CharField(_("đối tượng"), max_length=255)
    data = models.JSONField(_("chi tiết"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = pgettext_lazy("plural", "nhật ký thao tác")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"

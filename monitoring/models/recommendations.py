"""Kiến nghị: recommendations of a visit, addressed to a unit or an office, followed until verified closed.

Life of a recommendation::

    open ──┬─> in_progress ──> reported_done ──┬─> closed          (staff verified it)
           └──────────────────> reported_done  └─> reopened ──> in_progress / reported_done …

"Reopened" is a status of its own (not "open" again) so lists can show which ones came back; it behaves
like "open" for the addressee. Each step (the addressee's responses and staff's verification) is a
`RecommendationResponse` row holding the status it set, so the history reads in one place.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from monitoring.models.files import StoredFile
from monitoring.models.visits import Finding, MonitoringVisit
from plans.models import AdministrativeUnit, Office


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED_DONE = "reported_done", _("Đã báo cáo hoàn thành")
    CLOSED = "closed", _("Đã kiểm tra, đóng")
    REOPENED = "reopened", _("Mở lại")


# What the addressee may set from each status (a response may keep "in progress" to report progress).
ADDRESSEE_TRANSITIONS = {
    RecommendationStatus.OPEN: {RecommendationStatus.IN_PROGRESS, RecommendationStatus.REPORTED_DONE},
    RecommendationStatus.REOPENED: {RecommendationStatus.IN_PROGRESS, RecommendationStatus.REPORTED_DONE},
    RecommendationStatus.IN_PROGRESS: {RecommendationStatus.IN_PROGRESS, RecommendationStatus.REPORTED_DONE},
}
# Statuses in which the addressee still has something to do.
PENDING_STATUSES = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS, RecommendationStatus.REOPENED)


class Recommendation(models.Model):
    """Kiến nghị: what a visit asks one unit or one office to do, by a due date."""

    visit = models.ForeignKey(
        MonitoringVisit, verbose_name=_("cuộc giám sát"), on_delete=models.PROTECT, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("phát hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    text = models.TextField(_("nội dung kiến nghị"))
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("phòng, ban thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    due_date = models.DateField(_("hạn thực hiện"))
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra, đóng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "kiến nghị")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, office__isnull=True) | Q(unit__isnull=True, office__isnull=False),
                name="recommendation_one_addressee",
                violation_error_message=_("Kiến nghị phải gửi đúng một nơi: một đơn vị hoặc một phòng, ban."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="recommendation_closed_has_time",
                violation_error_message=_("Kiến nghị đã đóng phải có thời điểm đóng."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="recommendation_has_text",
                violation_error_message=_("Hãy nhập nội dung kiến nghị."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self):
        return self.text[:80]

    @property
    def addressee(self):
        """The unit or the office that must act."""
        return self.unit if self.unit_id else self.office

    def is_overdue(self, today: datetime.date) -> bool:
        """Quá hạn: not closed and the due date has passed (a reported-done one waits for staff, still late)."""
        return self.status != RecommendationStatus.CLOSED and self.due_date < today

    def clean(self):
        if bool(self.unit_id) == bool(self.office_id):
            raise ValidationError({"unit": _("Kiến nghị phải gửi đúng một nơi: một đơn vị hoặc một phòng, ban.")})
        if self.finding_id and self.visit_id and self.finding.visit_id != self.visit_id:
            raise ValidationError({"finding": _("Phát hiện phải thuộc cùng cuộc giám sát.")})


class RecommendationResponse(models.Model):
    """Phản hồi: the addressee's report on a recommendation, or staff's verification; keeps the status set."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phản hồi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("nội dung"), blank=True)
    old_status = models.CharField(_("trạng thái trước"), max_length=15, choices=RecommendationStatus.choices)
    new_status = models.CharField(_("trạng thái mới"), max_length=15, choices=RecommendationStatus.choices)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phản hồi kiến nghị")
        verbose_name_plural = pgettext_lazy("plural", "phản hồi kiến nghị")
        ordering = ["recommendation_id", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_new_status_display()}: {self.text[:60]}"


class ResponseAttachment(StoredFile):
    """Tệp minh chứng attached to a response."""

    upload_dir = "recommendations"

    response = models.ForeignKey(
        RecommendationResponse, verbose_name=_("phản hồi"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = pgettext_lazy("plural", "tệp minh chứng")
        ordering = ["response_id", "pk"]

"""Periodic reporting: the form catalogue (Biểu 03–15, Mẫu 01, Mẫu 02), which unit owes which form,
reporting periods with their due dates, and units' submissions with every version kept.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from monitoring.models.files import StoredFile
from plans.models import AdministrativeUnit, Plan


class RequiredOf(models.TextChoices):
    ALL_UNITS = "all_units", _("Mọi đơn vị")
    IMPLEMENTING_UNITS = "implementing_units", _("Đơn vị trực tiếp thực hiện dự án, tiểu dự án")


class PeriodKind(models.TextChoices):
    SIX_MONTH = "six_month", _("6 tháng")
    ANNUAL = "annual", _("Hằng năm")
    AFTER_ROUND = "after_round", _("Sau đợt giám sát")
    BASELINE = "baseline", _("Đầu kỳ")
    MID_TERM = "mid_term", _("Giữa kỳ")
    FINAL = "final", _("Cuối kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class ReportForm(models.Model):
    """Biểu mẫu báo cáo (Thông tư 10/2022/TT-BLĐTBXH): one form of the catalogue, kept as data.

    `period_kinds` lists the kinds of period the form is due in (empty: every kind).
    """

    code = models.CharField(_("mã"), max_length=20, unique=True, help_text=_("Ví dụ: BIEU-03, MAU-01."))
    name = models.CharField(_("tên biểu mẫu"), max_length=255)
    component = models.CharField(
        _("dự án, tiểu dự án"), max_length=120, blank=True, help_text=_("Ví dụ: Tiểu dự án 1 Dự án 3.")
    )
    required_of = models.CharField(
        _("đơn vị phải nộp"), max_length=20, choices=RequiredOf.choices, default=RequiredOf.ALL_UNITS
    )
    period_kinds = models.JSONField(_("nộp trong kỳ"), default=list, blank=True, help_text=_("Trống: mọi kỳ."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "biểu mẫu báo cáo")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def applies_to(self, kind: str) -> bool:
        return not self.period_kinds or kind in self.period_kinds

    def clean(self):
        kinds = self.period_kinds
        if not isinstance(kinds, list) or any(kind not in PeriodKind.values for kind in kinds):
            raise ValidationError(
                {
                    "period_kinds": _("Danh sách kỳ không hợp lệ; dùng các mã: %(codes)s.")
                    % {"codes": ", ".join(PeriodKind.values)}
                }
            )


class UnitFormRequirement(models.Model):
    """Đơn vị thực hiện dự án: the unit carries out the form's component itself, so it owes that form."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="form_requirements"
    )
    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.CASCADE, related_name="unit_requirements"
    )

    class Meta:
        verbose_name = _("đơn vị thực hiện dự án")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị thực hiện dự án")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "form"],
                name="unit_form_requirement_unique",
                violation_error_message=_("Đơn vị đã được chọn cho biểu mẫu này."),
            )
        ]

    def __str__(self):
        return f"{self.unit} — {self.form.code}"

    def clean(self):
        if self.form_id and self.form.required_of != RequiredOf.IMPLEMENTING_UNITS:
            raise ValidationError({"form": _("Biểu mẫu này mọi đơn vị đều phải nộp; không cần chọn riêng.")})


class ReportingPeriod(models.Model):
    """Kỳ báo cáo of a plan ("6 tháng đầu năm 2024", "Năm 2024"), with the due date the plan sets."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="reporting_periods"
    )
    name = models.CharField(_("tên kỳ"), max_length=120)
    kind = models.CharField(_("loại kỳ"), max_length=12, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn nộp"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="period_unique_name",
                violation_error_message=_("Kế hoạch đã có kỳ báo cáo trùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="period_dates_ordered",
                violation_error_message=_("Ngày kết thúc kỳ phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def deadline(self) -> datetime.datetime:
        """The first moment that is late: midnight after the due date, in the site's time zone."""
        next_day = datetime.datetime.combine(self.due_date + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(next_day)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc kỳ phải sau ngày bắt đầu.")})


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Đã nộp, chờ duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class Submission(models.Model):
    """Báo cáo đã nộp: one unit's form for one period; each upload adds a `SubmissionVersion`.

    `first_submitted_at` decides on time or late; `submitted_at` is the latest upload.
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="report_submissions"
    )
    form = models.ForeignKey(
        ReportForm, verbose_name=_("biểu mẫu"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"))
    submitted_at = models.DateTimeField(_("nộp lúc"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("ý kiến của Phòng LĐTBXH"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo đã nộp")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo đã nộp")
        ordering = ["period_id", "unit_id", "form__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "form"],
                name="submission_unique",
                violation_error_message=_("Đơn vị đã có báo cáo này trong kỳ."),
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__gte=F("first_submitted_at")),
                name="submission_times_ordered",
                violation_error_message=_("Thời điểm nộp không hợp lệ."),
            ),
        ]

    def __str__(self):
        return f"{self.form.code} — {self.unit} — {self.period}"


class SubmissionVersion(StoredFile):
    """Lần nộp: one uploaded file of a submission; resubmitting adds a version and keeps the earlier ones."""

    upload_dir = "submissions"

    submission = models.ForeignKey(
        Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("lần nộp"))

    class Meta:
        verbose_name = _("lần nộp báo cáo")
        verbose_name_plural = pgettext_lazy("plural", "lần nộp báo cáo")
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"],
                name="submission_version_unique",
                violation_error_message=_("Lần nộp bị trùng số."),
            )
        ]

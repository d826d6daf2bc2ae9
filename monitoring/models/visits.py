"""Cuộc giám sát: monitoring visits of a plan activity, their team, attachments and findings."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from monitoring.models.files import StoredFile
from plans.models import Activity, AdministrativeUnit, Office

# What a visited unit prepares (BRIEF §5); staff may rewrite it for each visit.
DEFAULT_PREPARATION = _(
    "Bố trí địa điểm làm việc.\n"
    "Mời thành phần dự: Ban Chỉ đạo các chương trình mục tiêu quốc gia và các thành viên liên quan của xã.\n"
    "Chuẩn bị báo cáo tóm tắt kết quả thực hiện chương trình.\n"
    "Cử cán bộ đi cùng đoàn xuống thôn, bản và hộ gia đình."
)


def default_preparation() -> str:
    return str(DEFAULT_PREPARATION)


class VisitKind(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ")
    AD_HOC = "ad_hoc", _("Đột xuất")


class VisitMethod(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    INDIRECT = "indirect", _("Gián tiếp")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang giám sát")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


class MonitoringVisit(models.Model):
    """Cuộc giám sát: one visit (or indirect review) of a plan activity (2.1 or 2.2b) to one or more units.

    The report (Mẫu 01) is due 15 working days after the visit ends; that date needs the holiday table,
    so it is computed by `monitoring.selectors.report_due_for(visits)`, never inside the model.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.PROTECT, related_name="monitoring_visits"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=VisitKind.choices, default=VisitKind.PERIODIC)
    method = models.CharField(_("hình thức"), max_length=10, choices=VisitMethod.choices, default=VisitMethod.DIRECT)
    title = models.CharField(_("tên cuộc giám sát"), max_length=255)
    planned_start = models.DateField(_("dự kiến từ ngày"))
    planned_end = models.DateField(_("dự kiến đến ngày"))
    actual_start = models.DateField(_("thực tế từ ngày"), null=True, blank=True)
    actual_end = models.DateField(_("thực tế đến ngày"), null=True, blank=True)
    units = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị được giám sát"), related_name="monitoring_visits"
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    summary = models.TextField(_("kết quả giám sát"), blank=True)
    preparation_note = models.TextField(
        _("đơn vị cần chuẩn bị"), blank=True, default=default_preparation, help_text=_("Mỗi ý một dòng.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("cuộc giám sát")
        verbose_name_plural = pgettext_lazy("plural", "cuộc giám sát")
        ordering = ["planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="visit_planned_ordered",
                violation_error_message=_("Ngày kết thúc dự kiến phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="visit_actual_ordered",
                violation_error_message=_("Ngày kết thúc thực tế phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["in_progress", "done"]) | Q(actual_start__isnull=False),
                name="visit_started_has_start",
                violation_error_message=_("Cuộc giám sát đã bắt đầu phải có ngày bắt đầu thực tế."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(actual_end__isnull=False),
                name="visit_done_has_end",
                violation_error_message=_("Cuộc giám sát đã hoàn thành phải có ngày kết thúc thực tế."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def end_date(self):
        """The day the visit ended (or is planned to end): the report deadline counts from it."""
        return self.actual_end or self.planned_end

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Ngày kết thúc dự kiến phải sau ngày bắt đầu.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("Ngày kết thúc thực tế phải sau ngày bắt đầu.")
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    """Thành viên đoàn giám sát: a user of tuachua or a named person, with their office and role."""

    visit = models.ForeignKey(
        MonitoringVisit, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_teams",
    )
    name = models.CharField(_("họ và tên"), max_length=120)
    office = models.ForeignKey(
        Office, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=120, blank=True, help_text=_("Ví dụ: Trưởng đoàn."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên đoàn giám sát")
        verbose_name_plural = pgettext_lazy("plural", "thành viên đoàn giám sát")
        ordering = ["visit_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="team_member_has_name",
                violation_error_message=_("Hãy nhập họ và tên thành viên đoàn."),
            ),
            models.UniqueConstraint(
                fields=["visit", "user"],
                name="team_member_user_once",
                violation_error_message=_("Người này đã có trong đoàn giám sát."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", _("Biên bản")
    PHOTO = "photo", _("Ảnh")
    OTHER = "other", _("Tài liệu khác")


class VisitAttachment(StoredFile):
    """Tệp của cuộc giám sát: minutes (biên bản), photos and other papers."""

    upload_dir = "visits"

    visit = models.ForeignKey(
        MonitoringVisit, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("loại tệp"), max_length=10, choices=AttachmentKind.choices)

    class Meta:
        verbose_name = _("tệp của cuộc giám sát")
        verbose_name_plural = pgettext_lazy("plural", "tệp của cuộc giám sát")
        ordering = ["visit_id", "uploaded_at", "pk"]


class Finding(models.Model):
    """Phát hiện: one thing the visit found, optionally about one of the units visited."""

    visit = models.ForeignKey(
        MonitoringVisit, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="findings"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("nội dung"))
    order = models.PositiveSmallIntegerField(_("thứ tự"))

    class Meta:
        verbose_name = _("phát hiện")
        verbose_name_plural = pgettext_lazy("plural", "phát hiện")
        ordering = ["visit_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "order"],
                name="finding_unique_order",
                violation_error_message=_("Số thứ tự phát hiện bị trùng."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="finding_has_text",
                violation_error_message=_("Hãy nhập nội dung phát hiện."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

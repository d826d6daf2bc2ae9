"""Programmes and plans, and what a plan holds: legal bases, components, activities, responsibilities, duties.

A plan can be issued by any unit for the units below it (since 2025 communes issue such plans too).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models.units import AdministrativeUnit, Office

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Programme(models.Model):
    """Chương trình mục tiêu quốc gia (e.g. giảm nghèo bền vững 2021–2025)."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = pgettext_lazy("plural", "chương trình")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="programme_years_ordered")
        ]

    def __str__(self):
        return self.short_name or self.name


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Plan(models.Model):
    """Kế hoạch (…/KH-UBND): one unit's yearly plan for a part of a programme."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="plans"
    )
    issuing_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số"), max_length=20, blank=True, help_text=_("Để trống khi chưa có số."))
    symbol = models.CharField(_("ký hiệu"), max_length=40, default="KH-UBND")
    title = models.CharField(_("trích yếu"), max_length=500)
    issue_place = models.CharField(_("địa danh"), max_length=80)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    preamble = models.TextField(_("lời mở đầu"), blank=True)
    objectives = models.TextField(_("mục đích, yêu cầu"), blank=True, help_text=_("Mỗi ý một dòng."))
    funding = models.TextField(_("kinh phí"), blank=True)
    closing = models.TextField(_("lời kết"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng."))
    signing_capacity = models.CharField(
        _("thẩm quyền ký"),
        max_length=200,
        blank=True,
        help_text=_("Mỗi dòng một cấp, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH."),
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch")
        ordering = ["-year", "issuing_unit_id", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number", "symbol"],
                condition=~Q(number=""),
                name="plan_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issue_date__isnull=False), name="plan_issued_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def reference(self) -> str:
        """Số, ký hiệu as printed: "12/KH-UBND", or "…/KH-UBND" while the plan has no number."""
        return f"{self.number or '…'}/{self.symbol}"

    def clean(self):
        if self.status == PlanStatus.ISSUED and not self.issue_date:
            raise ValidationError({"issue_date": _("Kế hoạch đã ban hành phải có ngày ban hành.")})


class LegalBasis(models.Model):
    """Căn cứ: one legal basis of a plan, in the order the plan lists them."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("căn cứ")
        verbose_name_plural = pgettext_lazy("plural", "căn cứ")
        ordering = ["plan_id", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="legal_basis_unique_order")]

    def __str__(self):
        return self.text[:80]


class Component(models.Model):
    """Tiểu dự án (or any numbered section of a plan's content) that groups activities."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("mã"), max_length=10)
    title = models.CharField(_("tên"), max_length=255)

    class Meta:
        verbose_name = _("tiểu dự án")
        verbose_name_plural = pgettext_lazy("plural", "tiểu dự án")
        ordering = ["plan_id", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="component_unique_code")]

    def __str__(self):
        return f"{self.code}. {self.title}"


class TimePrecision(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")
    DATES = "dates", _("Ngày cụ thể")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang triển khai")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


class Activity(models.Model):
    """Hoạt động (1.1, 1.2, 2.1, …): what a plan will do, who leads it, when, for how many people."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="activities")
    component = models.ForeignKey(
        Component, verbose_name=_("tiểu dự án"), on_delete=models.PROTECT, related_name="activities"
    )
    code = models.CharField(_("mã"), max_length=10)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    participants_note = models.TextField(_("thành phần tham gia"), blank=True)
    target_participants = models.PositiveIntegerField(_("số người dự kiến"), null=True, blank=True)
    target_is_approximate = models.BooleanField(_("số người là ước tính"), default=False)
    form_note = models.TextField(_("hình thức thực hiện"), blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    time_precision = models.CharField(
        _("mức độ thời gian"), max_length=10, choices=TimePrecision.choices, default=TimePrecision.YEAR
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    time_note = models.CharField(_("ghi chú thời gian"), max_length=255, blank=True)
    lead_office = models.ForeignKey(
        Office, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="led_activities"
    )
    coordinating_offices = models.ManyToManyField(
        Office, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_activities"
    )
    coordination_note = models.TextField(_("ghi chú phối hợp"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    status_choices = ActivityStatus.choices

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = pgettext_lazy("plural", "hoạt động")
        ordering = ["plan_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="activity_unique_code"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="activity_quarter_range"
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="activity_month_range"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="activity_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    def clean(self):
        errors = {}
        if self.time_precision == TimePrecision.QUARTER and not self.quarter:
            errors["quarter"] = _("Hãy chọn quý.")
        if self.time_precision == TimePrecision.MONTH and not self.month:
            errors["month"] = _("Hãy chọn tháng.")
        if self.time_precision == TimePrecision.DATES and not (self.start_date and self.end_date):
            errors["start_date"] = _("Hãy nhập ngày bắt đầu và ngày kết thúc.")
        if self.component_id and self.plan_id and self.component.plan_id != self.plan_id:
            errors["component"] = _("Tiểu dự án phải thuộc cùng kế hoạch.")
        if errors:
            raise ValidationError(errors)

    @property
    def timeframe(self) -> str:
        """The time as the plan states it: "Năm 2024", "Quý II năm 2024", "Tháng 9 năm 2024", dates."""
        if self.time_precision == TimePrecision.QUARTER and self.quarter:
            return _("Quý %(q)s năm %(y)s") % {"q": ROMAN_QUARTERS[self.quarter], "y": self.year}
        if self.time_precision == TimePrecision.MONTH and self.month:
            return _("Tháng %(m)s năm %(y)s") % {"m": self.month, "y": self.year}
        if self.time_precision == TimePrecision.DATES and self.start_date and self.end_date:
            if self.start_date == self.end_date:
                return self.start_date.strftime("%d/%m/%Y")
            return f"{self.start_date:%d/%m/%Y} – {self.end_date:%d/%m/%Y}"
        return _("Năm %(y)s") % {"y": self.year}

    @property
    def period_end(self) -> datetime.date:
        """Last day of the stated timeframe, for ordering and "by when"."""
        if self.time_precision == TimePrecision.DATES and self.end_date:
            return self.end_date
        if self.time_precision == TimePrecision.QUARTER and self.quarter:
            month = self.quarter * 3
        elif self.time_precision == TimePrecision.MONTH and self.month:
            month = self.month
        else:
            month = 12
        next_month = datetime.date(self.year + (month == 12), month % 12 + 1, 1)
        return next_month - datetime.timedelta(days=1)


class AddresseeKind(models.TextChoices):
    OFFICE = "office", _("Một phòng, ban")
    UNIT = "unit", _("Một đơn vị")
    SUBORDINATE_UNITS = "subordinate_units", _("Tất cả đơn vị trực thuộc")


class Responsibility(models.Model):
    """Trách nhiệm (Tổ chức thực hiện): what one office, one unit or every subordinate unit must do."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    heading = models.CharField(_("tiêu đề"), max_length=200)
    addressee_kind = models.CharField(_("giao cho"), max_length=20, choices=AddresseeKind.choices)
    office = models.ForeignKey(
        Office, verbose_name=_("phòng, ban"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = pgettext_lazy("plural", "trách nhiệm")
        ordering = ["plan_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="responsibility_unique_order"),
            models.CheckConstraint(
                condition=(
                    Q(addressee_kind="office", office__isnull=False, unit__isnull=True)
                    | Q(addressee_kind="unit", unit__isnull=False, office__isnull=True)
                    | Q(addressee_kind="subordinate_units", unit__isnull=True, office__isnull=True)
                ),
                name="responsibility_addressee_matches_kind",
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        if self.addressee_kind == AddresseeKind.OFFICE and not self.office_id:
            raise ValidationError({"office": _("Hãy chọn phòng, ban.")})
        if self.addressee_kind == AddresseeKind.UNIT and not self.unit_id:
            raise ValidationError({"unit": _("Hãy chọn đơn vị.")})
        if self.addressee_kind != AddresseeKind.OFFICE:
            self.office = None
        if self.addressee_kind != AddresseeKind.UNIT:
            self.unit = None


class Duty(models.Model):
    """Nhiệm vụ: one ordered duty of a responsibility, with an optional due date."""

    responsibility = models.ForeignKey(
        Responsibility, verbose_name=_("trách nhiệm"), on_delete=models.CASCADE, related_name="duties"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("nội dung"))
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duties",
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ")
        ordering = ["responsibility_id", "order"]
        constraints = [models.UniqueConstraint(fields=["responsibility", "order"], name="duty_unique_order")]

    def __str__(self):
        return self.text[:80]

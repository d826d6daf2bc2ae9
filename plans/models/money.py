"""Money of a plan: the rate tables that law sets (as data, with their source and validity), and the funds a
plan receives (allocated by a decision, or carried over from the previous year).

Figures that law sets never live in code: a rate is a row with the article it comes from and the days it is
valid, so a new circular is a new row, and an estimate for an event uses the row valid on the event's start date
(`plans.selectors.rate_on`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models.plans import Activity, Plan
from plans.models.units import AdministrativeUnit

OVERLAP_MESSAGE = _(
    "Đã có định mức cùng loại, cùng phạm vi có hiệu lực trong thời gian này: "
    "nhập ngày hết hiệu lực của định mức cũ trước."
)


class RateCode(models.TextChoices):
    """The rates the software knows how to use (the amounts themselves are data)."""

    MEAL_SUPPORT_CITY = "meal_support_city", _("Hỗ trợ tiền ăn — cuộc họp tại quận của thành phố trực thuộc TW")
    MEAL_SUPPORT_DISTRICT = "meal_support_district", _("Hỗ trợ tiền ăn — cuộc họp do cấp tỉnh, cấp huyện tổ chức")
    MEAL_SUPPORT_COMMUNE = "meal_support_commune", _("Hỗ trợ tiền ăn — cuộc họp do cấp xã tổ chức")
    MEAL_CENTRAL_PERCENT = "meal_central_percent", _("Tỷ lệ tối đa khi tổ chức ăn tập trung (%)")
    DAILY_ALLOWANCE = "daily_allowance", _("Phụ cấp lưu trú khi đi công tác")


class Rate(models.Model):
    """Định mức chi: one amount of a rate table for a period of validity.

    A rate applies everywhere (no scope), in the plans of one unit's subtree (`issuing_unit`), or in one plan
    (`plan`); on a given day the most specific row valid that day wins.
    """

    code = models.CharField(_("loại định mức"), max_length=40, choices=RateCode.choices)
    name = models.CharField(_("tên định mức"), max_length=255)
    amount = models.PositiveBigIntegerField(_("mức chi"), help_text=_("Số đồng, hoặc số phần trăm với định mức tỷ lệ."))
    unit = models.CharField(_("đơn vị tính"), max_length=60, default="đồng/người/ngày")
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(
        _("hiệu lực đến hết ngày"), null=True, blank=True, help_text=_("Để trống khi còn hiệu lực.")
    )
    source = models.CharField(_("căn cứ"), max_length=255, help_text=_("Ví dụ: Thông tư 40/2017/TT-BTC, Điều 12.4."))
    issuing_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("chỉ áp dụng cho đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: áp dụng ở mọi nơi. Chọn một đơn vị: áp dụng cho kế hoạch của đơn vị đó và cấp dưới."),
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("chỉ áp dụng cho kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rates",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("định mức chi")
        verbose_name_plural = pgettext_lazy("plural", "định mức chi")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rate_validity_ordered",
            ),
        ]
        indexes = [models.Index(fields=["code", "valid_from"])]

    def __str__(self):
        return f"{self.name}: {self.amount:,} {self.unit}".replace(",", ".")

    @property
    def is_percent(self) -> bool:
        return self.unit.strip().startswith("%")

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
        if not (self.code and self.valid_from):
            return
        same_scope = Rate.objects.filter(code=self.code, issuing_unit=self.issuing_unit, plan=self.plan).exclude(
            pk=self.pk
        )
        overlap = same_scope.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        if self.valid_to:
            overlap = overlap.filter(valid_from__lte=self.valid_to)
        if overlap.exists():
            raise ValidationError(OVERLAP_MESSAGE)


class AllocationKind(models.TextChoices):
    ALLOCATED = "allocated", _("Kinh phí giao trong năm")
    CARRIED_OVER = "carried_over", _("Kinh phí chuyển nguồn từ năm trước")


class Allocation(models.Model):
    """Kinh phí được giao: money a decision gives a plan (or one activity of it), or funds carried over from
    the previous year."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="allocations")
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="allocations",
        help_text=_("Để trống: kinh phí giao chung cho cả kế hoạch."),
    )
    kind = models.CharField(_("nguồn"), max_length=20, choices=AllocationKind.choices, default=AllocationKind.ALLOCATED)
    source = models.CharField(
        _("căn cứ"), max_length=500, help_text=_("Ví dụ: Quyết định số 3208/QĐ-UBND ngày 19/12/2023 của UBND huyện.")
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kinh phí được giao")
        verbose_name_plural = pgettext_lazy("plural", "kinh phí được giao")
        ordering = ["plan_id", "kind", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount:,} đ".replace(",", ".")

    def clean(self):
        if self.activity_id and self.plan_id and self.activity.plan_id != self.plan_id:
            raise ValidationError({"activity": _("Hoạt động phải thuộc kế hoạch đã chọn.")})

"""Training events, their quotas, registration lists (Phụ lục I/II) and delegates.

Quotas come from rules stored on the event (seats per unit, per village, for the issuing unit), with
per-unit overrides that keep their reason. A unit fills one list per event; approved delegates are
allocated to a class (an event of the same activity) whose capacity is never exceeded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.models import Activity, AdministrativeUnit


class EventKind(models.TextChoices):
    TRAINING_CLASS = "class", _("Lớp tập huấn")
    STUDY_TOUR = "study_tour", _("Học tập trao đổi kinh nghiệm")
    REVIEW_TRAINING = "review_training", _("Tập huấn rà soát hộ nghèo")


class FormKind(models.TextChoices):
    """The registration form an event uses."""

    ANNEX_1 = "annex_1", _("Phụ lục I (tập huấn)")
    ANNEX_2 = "annex_2", _("Phụ lục II (học tập kinh nghiệm)")


class TrainingEvent(models.Model):
    """Lớp tập huấn / đoàn học tập: one class, tour or training of a plan activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.PROTECT, related_name="training_events"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=EventKind.choices)
    form = models.CharField(_("mẫu đăng ký"), max_length=10, choices=FormKind.choices, default=FormKind.ANNEX_1)
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=1)
    title = models.CharField(_("tên"), max_length=200)
    days = models.PositiveSmallIntegerField(_("số ngày"), default=1)
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    schedule_note = models.CharField(_("ghi chú thời gian, địa điểm"), max_length=255, blank=True, default="")
    invitation_note = models.TextField(_("mang theo, lưu ý trong giấy mời"), blank=True)
    units = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị tham gia"), related_name="training_events", blank=True
    )
    unit_seats = models.PositiveSmallIntegerField(
        _("chỉ tiêu cấp xã mỗi đơn vị"), default=0, help_text=_("Đại biểu cấp xã của mỗi đơn vị.")
    )
    village_seats = models.PositiveSmallIntegerField(
        _("chỉ tiêu mỗi thôn, bản"), default=0, help_text=_("Đại biểu của mỗi thôn, bản, tổ dân phố.")
    )
    host_seats = models.PositiveSmallIntegerField(
        _("chỉ tiêu cấp huyện"),
        default=0,
        help_text=_("Đại biểu của đơn vị ban hành kế hoạch (do Phòng LĐTBXH nhập)."),
    )
    capacity = models.PositiveIntegerField(
        _("sức chứa"),
        null=True,
        blank=True,
        help_text=_("Số đại biểu tối đa được xếp vào lớp; trống là không giới hạn."),
    )
    registration_deadline = models.DateTimeField(_("hạn đăng ký"), null=True, blank=True)
    central_meals = models.BooleanField(
        _("tổ chức ăn tập trung"),
        default=False,
        help_text=_("Mức hỗ trợ tiền ăn được tính tối đa 130% mức khoán (theo định mức hiện hành)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lớp, đợt tập huấn")
        verbose_name_plural = pgettext_lazy("plural", "lớp, đợt tập huấn")
        ordering = ["activity_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="event_unique_number"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="event_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def issuing_unit(self) -> AdministrativeUnit:
        return self.activity.plan.issuing_unit

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class QuotaOverride(models.Model):
    """Điều chỉnh chỉ tiêu: staff's override of one unit's seats for one event, with its reason."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="quota_overrides")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+")
    unit_seats = models.PositiveSmallIntegerField(_("chỉ tiêu cấp xã"))
    village_seats = models.PositiveSmallIntegerField(_("chỉ tiêu mỗi thôn, bản"))
    reason = models.CharField(_("lý do"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "điều chỉnh chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="quota_override_unique")]

    def __str__(self):
        return f"{self.event} — {self.unit}"


class ListStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa lập")
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt")


EDITABLE_STATUSES = (ListStatus.NOT_STARTED, ListStatus.DRAFT, ListStatus.RETURNED)


class RegistrationList(models.Model):
    """Danh sách đăng ký (Phụ lục I/II) of one unit for one event."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="lists")
    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="registration_lists")
    status = models.CharField(_("trạng thái"), max_length=12, choices=ListStatus.choices, default=ListStatus.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("ý kiến của Phòng LĐTBXH"), blank=True)
    reopened_until = models.DateTimeField(_("mở lại đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("danh sách đăng ký")
        verbose_name_plural = pgettext_lazy("plural", "danh sách đăng ký")
        ordering = ["event_id", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="list_unique_per_unit_event")]

    def __str__(self):
        return f"{self.event} — {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ListRevision(models.Model):
    """Một lần lưu danh sách: the rows of a registration list as one save left them, with who and when.

    Each save that changes the rows adds one, under the list's new version, so a user whose form was built
    from an older version can be shown what changed since (base → saved → theirs), and nothing is lost.
    `rows` holds each delegate's id and fields as saved.
    """

    reg_list = models.ForeignKey(RegistrationList, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("phiên bản"))
    rows = models.JSONField(_("các dòng"), default=list)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)
    on_behalf = models.BooleanField(_("sửa thay đơn vị"), default=False)

    class Meta:
        verbose_name = _("lần lưu danh sách")
        verbose_name_plural = pgettext_lazy("plural", "lần lưu danh sách")
        ordering = ["reg_list_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["reg_list", "version"], name="list_revision_unique_version"),
        ]

    def __str__(self):
        return f"{self.reg_list_id} v{self.version}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Nữ")
    MALE = "male", _("Nam")


class Delegate(models.Model):
    """Đại biểu: one row of a registration list."""

    reg_list = models.ForeignKey(RegistrationList, on_delete=models.CASCADE, related_name="delegates")
    order = models.PositiveSmallIntegerField(_("TT"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False, db_index=True)
    position = models.CharField(_("chức vụ"), max_length=200)
    village = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("thôn, bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống với đại biểu cấp xã."),
    )
    paid_by_state = models.BooleanField(_("hưởng lương từ NSNN"))
    notes = models.CharField(_("ghi chú"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    assigned_event = models.ForeignKey(
        TrainingEvent,
        verbose_name=_("xếp lớp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_delegates",
    )

    class Meta:
        verbose_name = _("đại biểu")
        verbose_name_plural = pgettext_lazy("plural", "đại biểu")
        ordering = ["reg_list_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["reg_list", "name_key"], name="delegate_unique_person_in_list"),
            models.UniqueConstraint(fields=["reg_list", "order"], name="delegate_unique_order"),
        ]
        indexes = [models.Index(fields=["assigned_event"])]

    def __str__(self):
        return self.full_name


class AttendanceSource(models.TextChoices):
    CHECKIN = "checkin", _("Điểm danh tại cửa")
    SHEET = "sheet", _("Nhập từ danh sách ký nhận")


class Attendance(models.Model):
    """Điểm danh: whether one delegate was present on one day (1 … days) of the event they are placed in.

    One row per delegate and day. `client_id` is the id of the last tap applied (a phone's offline queue
    sends it again until it hears back), so a tap re-sent is recognised and never applied twice.
    """

    # PROTECT: a delegate who attended cannot be deleted by any path (a list save refuses it with a message).
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("đại biểu"), on_delete=models.PROTECT, related_name="attendances"
    )
    event = models.ForeignKey(
        TrainingEvent, verbose_name=_("lớp, đợt"), on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.PositiveSmallIntegerField(_("ngày thứ"))
    present = models.BooleanField(_("có mặt"), default=False)
    source = models.CharField(_("nguồn"), max_length=10, choices=AttendanceSource.choices)
    client_id = models.UUIDField(_("mã lần chạm"), null=True, blank=True, editable=False)
    recorded_at = models.DateTimeField(_("ghi lúc"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = pgettext_lazy("plural", "điểm danh")
        ordering = ["event_id", "day", "delegate_id"]
        constraints = [
            models.UniqueConstraint(fields=["delegate", "day"], name="attendance_unique_delegate_day"),
            models.UniqueConstraint(
                fields=["client_id"], condition=Q(client_id__isnull=False), name="attendance_unique_client_id"
            ),
            models.CheckConstraint(condition=Q(day__gte=1), name="attendance_day_positive"),
        ]
        indexes = [models.Index(fields=["event", "day"])]

    def __str__(self):
        return f"{self.delegate_id} — {self.event_id} — {self.day}"

    def clean(self):
        if self.event_id and self.day and self.day > self.event.days:
            message = _("Ngày thứ %(day)s ngoài thời gian của lớp (%(days)s ngày).")
            raise ValidationError({"day": message % {"day": self.day, "days": self.event.days}})


# --- the cost estimate (dự toán) of an event: what staff add to the computed lines, and what was spent ---------


class EstimateLineKind(models.TextChoices):
    LECTURERS = "lecturers", _("Thù lao giảng viên, báo cáo viên")
    HALL = "hall", _("Thuê hội trường")
    MATERIALS = "materials", _("Tài liệu, văn phòng phẩm")
    BANNERS = "banners", _("Khẩu hiệu, phông, ma-két")
    VEHICLE = "vehicle", _("Thuê xe")
    ACCOMMODATION = "accommodation", _("Thuê phòng nghỉ")
    OTHER = "other", _("Chi khác")


class EstimateLine(models.Model):
    """Dòng dự toán do cán bộ nhập: a cost of an event that is not computed from the delegates (lecturers,
    hall, materials, banners, vehicle hire, accommodation, …); its amount is quantity × unit price × times."""

    event = models.ForeignKey(
        TrainingEvent, verbose_name=_("lớp, đợt"), on_delete=models.CASCADE, related_name="estimate_lines"
    )
    kind = models.CharField(_("khoản chi"), max_length=20, choices=EstimateLineKind.choices)
    description = models.CharField(_("nội dung"), max_length=255)
    quantity = models.PositiveIntegerField(_("số lượng"), default=1)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    unit_price = models.PositiveBigIntegerField(_("đơn giá (đồng)"))
    times = models.PositiveSmallIntegerField(_("số ngày, số lần"), default=1)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dòng dự toán")
        verbose_name_plural = pgettext_lazy("plural", "dòng dự toán")
        ordering = ["event_id", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(times__gte=1), name="estimate_line_times_positive")]

    def __str__(self):
        return self.description

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price * self.times


class EstimateAdjustment(models.Model):
    """Điều chỉnh dự toán: the amount staff set for a line computed from the delegates and the rates (meal
    support, daily allowance), with the reason; the computed amount stays visible next to it."""

    event = models.ForeignKey(
        TrainingEvent, verbose_name=_("lớp, đợt"), on_delete=models.CASCADE, related_name="estimate_adjustments"
    )
    line_code = models.CharField(_("dòng"), max_length=30)
    amount = models.PositiveBigIntegerField(_("số tiền điều chỉnh (đồng)"))
    reason = models.CharField(_("lý do"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điều chỉnh dự toán")
        verbose_name_plural = pgettext_lazy("plural", "điều chỉnh dự toán")
        constraints = [
            models.UniqueConstraint(fields=["event", "line_code"], name="estimate_adjustment_unique_line"),
            models.CheckConstraint(condition=~Q(reason=""), name="estimate_adjustment_has_reason"),
        ]

    def __str__(self):
        return f"{self.event_id} — {self.line_code}"


class Spending(models.Model):
    """Chi thực tế: money actually spent on one line of an event's estimate (a computed line by its code, or a
    line staff added)."""

    event = models.ForeignKey(
        TrainingEvent, verbose_name=_("lớp, đợt"), on_delete=models.CASCADE, related_name="spendings"
    )
    line_code = models.CharField(_("dòng tính tự động"), max_length=30, blank=True)
    estimate_line = models.ForeignKey(
        EstimateLine,
        verbose_name=_("dòng dự toán"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spendings",
    )
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    spent_on = models.DateField(_("ngày chi"))
    note = models.CharField(_("ghi chú, chứng từ"), max_length=255, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoản chi thực tế")
        verbose_name_plural = pgettext_lazy("plural", "khoản chi thực tế")
        ordering = ["event_id", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(line_code="") & Q(estimate_line__isnull=False))
                | (~Q(line_code="") & Q(estimate_line__isnull=True)),
                name="spending_one_line",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} — {self.amount}"

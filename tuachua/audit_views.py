"""Nhật ký thao tác: the audit trail's page. District staff read the entries of the people of their unit's
subtree (their refused attempts included); administrators read everything. Unit officers get a 404, the other
roles a 403."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from plans import selectors as plan_selectors
from tuachua.audit import HIDDEN, REFUSED
from tuachua.models import AuditEntry
from tuachua.permissions import ANY_ROLE, MANAGERS, REASON_MANAGER, REASON_ROLE, Role, require_roles, role_of

ACTION_LABELS = {
    "admin_add": _("Thêm (trang quản trị)"),
    "admin_change": _("Sửa (trang quản trị)"),
    "admin_delete": _("Xoá (trang quản trị)"),
    REFUSED: _("Bị từ chối"),
    # What the services record (log_action), in the words of the pages they are done on.
    "activity_set_status": _("Đổi tình trạng hoạt động"),
    "attendance_record": _("Điểm danh"),
    "attendance_sheet_save": _("Nhập điểm danh từ danh sách ký"),
    "calendar_token_create": _("Tạo địa chỉ lịch cá nhân"),
    "calendar_token_revoke": _("Thu hồi địa chỉ lịch cá nhân"),
    "deadline_reminder": _("Gửi thư nhắc hạn"),
    "delegate_move": _("Chuyển lớp đại biểu"),
    "estimate_adjust": _("Điều chỉnh dòng dự toán"),
    "estimate_adjust_clear": _("Bỏ điều chỉnh dòng dự toán"),
    "estimate_line_change": _("Sửa dòng dự toán"),
    "estimate_line_delete": _("Xoá dòng dự toán"),
    "event_central_meals": _("Đổi cách tổ chức ăn"),
    "event_set_deadline": _("Đổi hạn đăng ký"),
    "finding_add": _("Ghi kết quả giám sát"),
    "list_approve": _("Duyệt danh sách"),
    "list_reopen": _("Mở lại danh sách"),
    "list_return": _("Trả lại danh sách"),
    "list_save": _("Lưu danh sách"),
    "list_submit": _("Gửi danh sách"),
    "public_holiday_add": _("Thêm ngày nghỉ lễ"),
    "quota_override": _("Điều chỉnh chỉ tiêu"),
    "recommendation_create": _("Tạo kiến nghị"),
    "recommendation_respond": _("Báo cáo thực hiện kiến nghị"),
    "recommendation_verify": _("Xác nhận kiến nghị"),
    "report_form_add": _("Thêm biểu mẫu báo cáo"),
    "reporting_period_create": _("Tạo kỳ báo cáo"),
    "spending_add": _("Ghi chi tiêu"),
    "spending_delete": _("Xoá khoản chi"),
    "submission_review": _("Xem xét báo cáo"),
    "submission_upload": _("Nộp báo cáo"),
    "unit_form_requirement_set": _("Đặt biểu mẫu đơn vị phải nộp"),
    "user_assign": _("Gán vai trò, đơn vị"),
    "village_add": _("Thêm thôn, bản"),
    "village_rename": _("Đổi tên thôn, bản"),
    "visit_add_team_member": _("Thêm thành viên đoàn giám sát"),
    "visit_attach_file": _("Đính kèm tệp cuộc giám sát"),
    "visit_create": _("Tạo cuộc giám sát"),
    "visit_set_status": _("Đổi tình trạng cuộc giám sát"),
    "visit_update": _("Sửa cuộc giám sát"),
}
REASON_LABELS = {
    REASON_ROLE: _("vai trò không được dùng chức năng này"),
    REASON_MANAGER: _("chỉ cán bộ quản lý kế hoạch, quản trị được thay đổi"),
}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Keys of `data` shown elsewhere on the row (the object column, the changes).
SHOWN_APART = {"model", "object", "pk", "changes", "values", "path", "method", "reason", "status", "view"}


# --- reads -------------------------------------------------------------------------------------------------


def entries_for(user) -> QuerySet[AuditEntry]:
    """Entries the user may read: all for an administrator, those whose actor belongs to the unit subtree of
    a district staff member, none for anyone else."""
    entries = AuditEntry.objects.select_related("actor")
    role = role_of(user)
    if role == Role.ADMIN:
        return entries
    unit = plan_selectors.home_unit_of(user)
    if role != Role.DISTRICT_STAFF or unit is None:
        return entries.none()
    return entries.filter(actor__membership__unit__path__startswith=unit.path)


def actors_for(user) -> QuerySet:
    """Accounts whose entries the user may read (the choices of the "who" filter)."""
    users = get_user_model().objects.order_by("username")
    if role_of(user) == Role.ADMIN:
        return users
    unit = plan_selectors.home_unit_of(user)
    if unit is None:
        return users.none()
    return users.filter(membership__unit__path__startswith=unit.path)


def _distinct(entries: QuerySet[AuditEntry], name: str) -> list[str]:
    return sorted(entries.order_by().values_list(name, flat=True).distinct())


# --- labels ------------------------------------------------------------------------------------------------


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def type_label(label: str) -> str:
    model = _model(label)
    return str(capfirst(model._meta.verbose_name)) if model else label


def _field_label(model, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name)) if model else name
    except (FieldDoesNotExist, AttributeError):  # a form-only field, or a reverse relation without a label
        return name


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value) or "—"
    return str(value)


# --- the page ----------------------------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    new: str
    old: str | None = None  # None for an add: there was no value before


@dataclass
class Row:
    """One entry as the page shows it."""

    entry: AuditEntry
    action: str
    object_type: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    reason: str = ""


def _changes(model, changes: dict) -> list[Change]:
    rows = []
    for name, value in changes.items():
        label = _field_label(model, name)
        if isinstance(value, dict) and set(value) == {"old", "new"}:
            rows.append(Change(label, new=_text(value["new"]), old=_text(value["old"])))
        else:
            rows.append(Change(label, new=HIDDEN if value == HIDDEN else _text(value)))
    return rows


def _service_change(data: dict) -> list[Change]:
    """Services record a single change as `old=…, new=…` (a status, a name)."""
    if "old" in data and "new" in data:
        return [Change(str(_("Giá trị")), new=_text(data["new"]), old=_text(data["old"]))]
    return []


def row_of(entry: AuditEntry) -> Row:
    data = entry.data if isinstance(entry.data, dict) else {}
    model = _model(entry.object_type)
    if model is not None and data.get("model") and data["model"] != model._meta.model_name:
        model = _model(f"{model._meta.app_label}.{data['model']}")  # an inline row logged against its parent
    changes = _changes(model, data["changes"]) if isinstance(data.get("changes"), dict) else []
    changes += _service_change(data)
    shown_apart = SHOWN_APART | ({"old", "new"} if changes else set())
    values = data.get("values") if isinstance(data.get("values"), dict) else {}
    details = [(_field_label(model, key), _text(value)) for key, value in values.items()]
    details += [(key, _text(value)) for key, value in data.items() if key not in shown_apart]
    reason = str(data.get("reason") or "")
    return Row(
        entry=entry,
        action=str(ACTION_LABELS.get(entry.action, entry.action)),
        object_type=type_label(entry.object_type) if entry.object_type else "",
        changes=changes,
        details=details,
        reason=str(REASON_LABELS.get(reason, reason)),
    )


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Thao tác"), required=False)
    actor = forms.ModelChoiceField(label=_("Người thực hiện"), queryset=None, required=False)
    object_type = forms.CharField(label=_("Loại đối tượng"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS)

    def __init__(self, *args, actors: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filter_entries(entries: QuerySet[AuditEntry], values: dict) -> QuerySet[AuditEntry]:
    """Apply the filters that were valid (an invalid one is ignored, as on the other lists)."""
    if values.get("action"):
        entries = entries.filter(action=values["action"])
    if values.get("actor"):
        entries = entries.filter(actor=values["actor"])
    if values.get("object_type"):
        entries = entries.filter(object_type=values["object_type"])
    if values.get("date_from"):
        entries = entries.filter(at__gte=_start_of(values["date_from"]))
    if values.get("date_to"):
        entries = entries.filter(at__lt=_start_of(values["date_to"] + datetime.timedelta(days=1)))
    return entries


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def audit_list(request):
    role = role_of(request.user)
    if role == Role.UNIT_OFFICER:
        raise Http404
    if role not in MANAGERS:
        raise PermissionDenied(REASON_ROLE)
    entries = entries_for(request.user)
    form = AuditFilterForm(request.GET, actors=actors_for(request.user))
    form.is_valid()
    filtered = filter_entries(entries, form.cleaned_data).order_by("-at", "-id")
    page = Paginator(filtered, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    actions = sorted({*_distinct(entries, "action"), REFUSED})
    context = {
        "page": page,
        "rows": [row_of(entry) for entry in page],
        "form": form,
        "actions": [(action, ACTION_LABELS.get(action, action)) for action in actions],
        "object_types": [(label, type_label(label)) for label in _distinct(entries, "object_type") if label],
    }
    return render(request, "tuachua/audit_list.html", context)

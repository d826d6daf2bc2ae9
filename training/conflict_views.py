"""The page shown when a list was saved by someone else while the user edited it, and its merge action."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from training import revisions, selectors, services
from training.forms import MAX_ROWS
from training.list_rows import CONTENT_FIELDS, Row
from training.models import Gender, RegistrationList
from tuachua.permissions import ANY_ROLE, Role, require_roles, role_of
from tuachua.text import whole_number

MAX_MINE_BYTES = 512 * 1024


def _mine_json(rows: list[Row]) -> str:
    return json.dumps([row.as_data() for row in rows])


def _mine_from(text: str) -> list[Row] | None:
    """The user's rows carried by the conflict page, or None when they are not a list of row objects."""
    if len(text) > MAX_MINE_BYTES:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list) or len(data) > MAX_ROWS or not all(isinstance(item, dict) for item in data):
        return None
    if not all(_plausible({name: item.get(name) for name in CONTENT_FIELDS}, item) for item in data):
        return None
    return [Row.from_content(item) for item in data]


def _plausible(values: dict, item: dict) -> bool:
    texts = ("full_name", "position", "notes", "phone", "gender")
    if not all(isinstance(values[name], str | None) for name in texts):
        return False
    if not isinstance(values["village_id"], int | None) or not isinstance(values["paid_by_state"], bool | None):
        return False
    return isinstance(item.get("id"), int | None) and not isinstance(item.get("id"), bool)


def render_conflict(
    request, context, conflict: revisions.ListConflict, *, base_version: int, action: str = "save", error: str = ""
):
    items = revisions.compare(conflict)
    latest = conflict.reg_list.revisions.select_related("saved_by").first()
    villages = {village.pk: village.name for village in context["villages"]}
    for item in items:
        item.saved_view = _view(item.saved, villages, item.changed_fields)
        item.mine_view = _view(item.mine, villages, item.changed_fields)
    context.update(
        {
            "items": items,
            "latest": latest,
            "conflict_version": conflict.reg_list.version,
            "base_version": base_version,
            "mine_json": _mine_json(conflict.mine),
            "conflict_error": error,
            "then_submit": action == "submit",
            "needs_choice": sum(1 for item in items if item.differs and not item.default),
            "differences": sum(1 for item in items if item.differs),
            "same_count": sum(1 for item in items if not item.differs),
        }
    )
    return render(request, "training/list_conflict.html", context)


FIELD_LABELS = {
    "full_name": _lazy("Họ và tên"),
    "position": _lazy("Chức vụ"),
    "village_id": _lazy("Cấp"),
    "paid_by_state": _lazy("Lương từ NSNN"),
    "notes": _lazy("Ghi chú"),
    "phone": _lazy("Điện thoại"),
    "gender": _lazy("Giới tính"),
}


def _view(row: Row | None, villages: dict, changed: list[str]) -> list[tuple[str, str, bool]]:
    """(label, value, changed) of a row's fields as the page shows them; [] for a side without the row."""
    if row is None:
        return []
    values = {
        "full_name": row.full_name,
        "position": row.position,
        "village_id": villages.get(row.village_id, _("Cấp xã")) if row.village_id else _("Cấp xã"),
        "paid_by_state": {True: _("Hưởng"), False: _("Không hưởng"), None: "—"}[row.paid_by_state],
        "notes": row.notes,
        "phone": row.phone,
        "gender": dict(Gender.choices).get(row.gender, ""),
    }
    return [(FIELD_LABELS[name], value, name in changed) for name, value in values.items() if value or name in changed]


@require_POST
@require_roles(*ANY_ROLE)
def list_merge(request, event_pk, unit_pk):
    """Save the rows the user picked on the conflict page (or all of theirs, or all of the saved ones)."""
    from training.views import _list_context, _submit, render_rows_for_fixing  # training.views imports this module

    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    context = _list_context(request, event, unit, build_form=False)
    if not context["may_edit"]:
        raise PermissionDenied
    reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
    mine = _mine_from(request.POST.get("mine", ""))
    version = whole_number(request.POST.get("version"), max_digits=9)
    base_version = whole_number(request.POST.get("base_version"), max_digits=9)
    if reg_list is None or mine is None or version is None or base_version is None:
        messages.error(request, _("Trang so sánh đã cũ hoặc không hợp lệ; mở lại danh sách để sửa tiếp."))
        return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)
    conflict = _conflict_now(reg_list, base_version=base_version, mine=mine)
    if reg_list.version != version:
        error = _("Trong lúc bạn so sánh, danh sách lại vừa được lưu; đây là bản mới nhất để so sánh lại.")
        return render_conflict(request, context, conflict, base_version=base_version, error=error)
    items = revisions.compare(conflict)
    picks, missing = _picks(request.POST, items)
    if missing:
        error = _("Hãy chọn giữ bản nào ở %(n)s dòng được đánh dấu (cả hai bên đều đã sửa).") % {"n": missing}
        return render_conflict(request, context, conflict, base_version=base_version, error=error)
    rows = revisions.merged(items, picks)
    try:
        with transaction.atomic():
            reg_list = services.list_save(
                reg_list=reg_list,
                rows=rows,
                quota=context["quota"],
                by=request.user,
                expected_version=version,
                on_behalf=role_of(request.user) != Role.UNIT_OFFICER,
            )
    except services.ListConflict as again:
        return render_conflict(request, context, again, base_version=base_version)
    except ValidationError as error:
        return render_rows_for_fixing(request, event, unit, rows, error)
    if request.POST.get("then_submit") == "1" and role_of(request.user) == Role.UNIT_OFFICER:
        return _submit(request, reg_list, context["quota"])
    messages.success(request, _("Đã lưu danh sách theo lựa chọn của bạn (%(n)s đại biểu).") % {"n": len(rows)})
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)


def _conflict_now(reg_list: RegistrationList, *, base_version: int, mine: list[Row]) -> revisions.ListConflict:
    saved = [Row.from_delegate(d) for d in reg_list.delegates.order_by("order")]
    cleaned = [row.cleaned() for row in mine]
    base = revisions.rows_at(reg_list, base_version)
    return revisions.ListConflict(reg_list=reg_list, base=base, saved=saved, mine=cleaned)


def _picks(post, items: list[revisions.Item]) -> tuple[dict[int, str], int]:
    """The choice per item: "all-mine"/"all-saved" buttons, or each item's radio; counts unanswered ones."""
    everything = post.get("keep")
    picks, missing = {}, 0
    for index, item in enumerate(items):
        choice = everything if everything in ("mine", "saved") else post.get(f"pick-{index}")
        if choice in ("mine", "saved"):
            picks[index] = choice
        elif item.differs and not item.default:
            missing += 1
    return picks, missing

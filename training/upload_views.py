"""Excel upload of a filled Phụ lục I/II: preview with row-by-row problems, then confirm.

Nothing is saved before the officer confirms; the parsed rows wait in the session between the two steps.
"""

from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors as plan_selectors
from training import conflict_views, selectors, services
from training.models import EDITABLE_STATUSES, ListStatus, RegistrationList
from training.upload import MAX_UPLOAD_BYTES, UploadError, parse_registration_workbook
from training.views import _list_context, render_rows_for_fixing
from tuachua.permissions import ANY_ROLE, Role, is_manager, require_roles, role_of


def _session_key(event, unit) -> str:
    return f"upload:{event.pk}:{unit.pk}"


def _editable(request, event, unit) -> RegistrationList | None:
    """The list if this user may replace its rows now (403 otherwise)."""
    reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
    status = reg_list.status if reg_list else ListStatus.NOT_STARTED
    officer_may = role_of(request.user) == Role.UNIT_OFFICER and status in EDITABLE_STATUSES
    staff_may = is_manager(request.user) and status != ListStatus.APPROVED
    if not (officer_may or staff_may):
        raise PermissionDenied
    return reg_list


def _preview_problems(parsed, quota) -> dict[int, list[str]]:
    """Parser problems plus the list rules (quota, duplicates), by row index."""
    problems = {index: list(item.problems) for index, item in enumerate(parsed.rows) if item.problems}
    try:
        services.validate_rows([item.row for item in parsed.rows], quota=quota)
    except services.RowsInvalid as error:
        for index, errors in error.row_errors.items():
            problems.setdefault(index, []).extend(errors.values())
    return problems


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def upload(request, event_pk, unit_pk):
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    reg_list = _editable(request, event, unit)
    context = {"event": event, "unit": unit, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    if request.method != "POST":
        return render(request, "training/upload.html", context)
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            raise UploadError(_("Hãy chọn tệp Excel (.xlsx) cần tải lên."))
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise UploadError(
                _("Tệp lớn hơn %(mb)s MB; hãy xóa bớt trang tính, hình ảnh rồi tải lại.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        villages = [(v.pk, v.name) for v in plan_selectors.villages_of(unit)]
        parsed = parse_registration_workbook(uploaded, villages=villages, filename=uploaded.name)
    except UploadError as error:
        context["error"] = str(error)
        return render(request, "training/upload.html", context, status=400)
    quota = selectors.quotas_for(event, [unit])[unit.pk]
    problems = _preview_problems(parsed, quota)
    request.session[_session_key(event, unit)] = {
        "rows": [asdict(item.row) for item in parsed.rows],
        "filename": uploaded.name,
        # The list as the preview saw it: a save by someone else before "Lưu" is shown, not overwritten.
        "version": reg_list.version if reg_list is not None else 0,
    }
    village_names = {v.pk: v.name for v in plan_selectors.villages_of(unit)}
    context.update(
        {
            "parsed": parsed,
            "preview": [
                (item, village_names.get(item.row.village_id, _("Cấp xã")), problems.get(index, []))
                for index, item in enumerate(parsed.rows)
            ],
            "problem_count": len(problems),
            "filename": uploaded.name,
            "quota": quota,
        }
    )
    return render(request, "training/upload_preview.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def upload_confirm(request, event_pk, unit_pk):
    """Save the previewed rows (replacing the list, or after its current rows). If any row breaks a rule,
    nothing is saved and the rows open in the list form with the problems marked."""
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    reg_list = _editable(request, event, unit)
    stored = request.session.get(_session_key(event, unit))
    if not stored:
        messages.error(request, _("Không còn bản xem trước; hãy tải tệp lên lại."))
        return redirect("training:upload", event_pk=event.pk, unit_pk=unit.pk)
    rows = [services.Row(**row) for row in stored["rows"]]
    if request.POST.get("mode") == "append" and reg_list is not None:
        rows = [services.Row.from_delegate(d) for d in reg_list.delegates.order_by("order")] + rows
    quota = selectors.quotas_for(event, [unit])[unit.pk]
    try:
        with transaction.atomic():  # a list is created only together with a valid save
            reg_list = reg_list or services.list_for_unit(event=event, unit=unit)
            services.list_save(
                reg_list=reg_list,
                rows=rows,
                quota=quota,
                by=request.user,
                expected_version=stored.get("version", reg_list.version),
                on_behalf=role_of(request.user) != Role.UNIT_OFFICER,
            )
    except services.ListConflict as conflict:
        del request.session[_session_key(event, unit)]  # the rows travel on with the comparison page
        context = _list_context(request, event, unit, build_form=False)
        return conflict_views.render_conflict(request, context, conflict, base_version=stored.get("version", 0))
    except ValidationError as error:
        messages.warning(request, _("Danh sách tải lên còn lỗi nên chưa được lưu; sửa các dòng được đánh dấu rồi lưu."))
        return render_rows_for_fixing(request, event, unit, rows, error)
    del request.session[_session_key(event, unit)]
    messages.success(
        request, _("Đã lưu %(n)s đại biểu từ tệp %(file)s.") % {"n": len(stored["rows"]), "file": stored["filename"]}
    )
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)

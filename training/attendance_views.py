"""Pages of điểm danh: an event's attendance overview, check-in at the door (a phone page whose taps queue
offline and sync as JSON), and entry of a day from the signed sheet.

Anyone who may see the event reads the overview (a unit officer only their unit's delegates); only
managers (district staff, administrators) record attendance: others get a 403, and an event the user
may not see is a 404 before that.
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors as plan_selectors
from training import attendance, selectors
from training import attendance_selectors as reads
from training.models import AttendanceSource, TrainingEvent
from tuachua.permissions import ANY_ROLE, Role, is_manager, require_manager, require_roles, role_of
from tuachua.text import clean_text, whole_number

GET = ["GET", "HEAD"]
MAX_SYNC_BYTES = 256 * 1024  # 200 taps (MAX_TAPS) take about 30 KB


def _event_day(request, event_pk: int, day: int) -> TrainingEvent:
    """The event (404 when not visible), the day (404 outside 1 … days), then the right to record (403)."""
    event = selectors.event_for(request.user, event_pk)
    if not 1 <= day <= event.days:
        raise Http404
    require_manager(request.user)
    return event


def _days(event: TrainingEvent, counts: dict[int, int] | None = None) -> list[dict]:
    counts = counts or {}
    return [
        {"number": n, "date": reads.day_date(event, n), "present": counts.get(n, 0)} for n in range(1, event.days + 1)
    ]


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def overview(request, event_pk):
    """Điểm danh of an event: people present each day and per unit; one unit's delegates with their days."""
    event = selectors.event_for(request.user, event_pk)
    officer = role_of(request.user) == Role.UNIT_OFFICER
    unit = None
    if officer:
        unit = plan_selectors.home_unit_of(request.user)
    elif (unit_pk := whole_number(request.GET.get("unit"))) is not None:
        unit = selectors.unit_for_event(request.user, event, unit_pk)
    delegates = reads.unit_delegates_attendance(event, unit) if unit is not None else None
    context = {"event": event, "unit": unit, "delegates": delegates, "officer": officer}
    if officer:
        context["unit_totals"] = reads.UnitAttendance(
            unit,
            placed=len(delegates),
            attended=sum(1 for row in delegates if row.days),
            person_days=sum(len(row.days) for row in delegates),
        )
    else:
        summary = reads.attendance_summary([event])[event.pk]
        context |= {
            "summary": summary,
            "days": _days(event, summary.by_day),
            "units": reads.units_attendance(event),
            "can_manage": is_manager(request.user),
        }
    return render(request, "training/attendance.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def checkin(request, event_pk, day):
    """Điểm danh tại cửa: one big button per person. With JavaScript taps queue on the phone and sync as
    JSON (`checkin_sync`); without it each button posts here and the page comes back."""
    event = _event_day(request, event_pk, day)
    query = clean_text(request.GET.get("q") or request.POST.get("q"))
    if request.method == "POST":
        return _checkin_post(request, event, day, query)
    rows = reads.day_rows(event, day)
    items = []
    for row in rows:
        key = attendance.search_key(row.delegate.full_name)
        items.append({"row": row, "key": key, "shown": not query or attendance.matches(key, query)})
    context = {
        "event": event,
        "day": day,
        "date": reads.day_date(event, day),
        "days": _days(event),
        "items": items,
        "query": query,
        "shown": sum(1 for item in items if item["shown"]),
        "present_count": sum(1 for row in rows if row.present),
        "total": len(rows),
    }
    return render(request, "training/checkin.html", context)


def _checkin_post(request, event, day, query):
    back = reverse("training:checkin", args=[event.pk, day]) + (f"?{urlencode({'q': query})}" if query else "")
    pk = whole_number(request.POST.get("delegate"))
    delegate = reads.placed_delegate(event, pk) if pk is not None else None
    if delegate is None:
        messages.error(request, _("Người này không có trong danh sách lớp; tải lại trang."))
        return redirect(back)
    present = request.POST.get("present") == "1"
    try:
        attendance.attendance_record(
            event=event, delegate=delegate, day=day, present=present, by=request.user, source=AttendanceSource.CHECKIN
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if present:
        messages.success(request, _("%(name)s: có mặt.") % {"name": delegate.full_name})
    else:
        messages.info(request, _("%(name)s: bỏ đánh dấu có mặt.") % {"name": delegate.full_name})
    return redirect(f"{back}#d-{delegate.pk}")


class BadPayload(Exception):
    """The body of a sync request is not what the check-in page sends; the message says why (Vietnamese)."""


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _sync_payload(request) -> tuple[list, int | None]:
    """The taps and the day of a sync request's JSON body ({"day": n, "taps": [...]}), checked for size,
    depth and types before anything reads them."""
    if _content_length(request) > MAX_SYNC_BYTES or len(request.body) > MAX_SYNC_BYTES:
        raise BadPayload(_("Gửi quá nhiều dữ liệu một lần; hãy tải lại trang rồi điểm danh tiếp."))
    try:
        payload = json.loads(request.body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past what Python parses
        raise BadPayload(_("Dữ liệu gửi lên không hợp lệ.")) from None
    taps = payload.get("taps") if isinstance(payload, dict) else None
    if not isinstance(taps, list):
        raise BadPayload(_("Dữ liệu gửi lên không hợp lệ."))
    day = payload.get("day")
    return taps, day if isinstance(day, int) and not isinstance(day, bool) else None


@require_POST
@require_roles(*ANY_ROLE)
def checkin_sync(request, event_pk):
    """The check-in page's offline queue: {"day": n, "taps": [{client_id, delegate, day, present, at}]} →
    {"results": [one per tap], "day": n, "present": [delegate ids present on day n]}. A body that is not
    that is a 400 with {"error": "…"}."""
    event = selectors.event_for(request.user, event_pk)
    require_manager(request.user)
    try:
        taps, day = _sync_payload(request)
        results = attendance.attendance_sync(event=event, taps=taps, by=request.user)
    except BadPayload as error:
        return JsonResponse({"error": str(error)}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    data = {"results": [result.as_json() for result in results]}
    if day is not None and 1 <= day <= event.days:
        data |= {"day": day, "present": sorted(reads.present_ids(event, day))}
    return JsonResponse(data)


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def sheet(request, event_pk, day):
    """Nhập điểm danh từ danh sách ký nhận: tick who signed the paper sheet of one day, save the day."""
    event = _event_day(request, event_pk, day)
    if request.method == "POST":
        ids = [pk for pk in map(whole_number, request.POST.getlist("present")) if pk is not None]
        try:
            counts = attendance.attendance_sheet_save(event=event, day=day, present_ids=ids, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("training:attendance_sheet", event_pk=event.pk, day=day)
        messages.success(
            request,
            _("Đã lưu điểm danh ngày thứ %(day)s: %(present)s người có mặt, %(absent)s người vắng.")
            % {"day": day, **counts},
        )
        return redirect("training:attendance", event_pk=event.pk)
    rows = reads.day_rows(event, day)
    preset = request.GET.get("all")
    if preset in ("0", "1"):
        rows = [reads.DayRow(row.delegate, preset == "1") for row in rows]
    context = {
        "event": event,
        "day": day,
        "date": reads.day_date(event, day),
        "days": _days(event),
        "groups": reads.group_rows_by_unit(rows),
        "total": len(rows),
        "present_count": sum(1 for row in rows if row.present),
        "preset": preset,
    }
    return render(request, "training/attendance_sheet.html", context)

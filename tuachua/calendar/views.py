"""Pages of the calendar: the month, the list, the feed address page, and the iCalendar feed itself."""

import calendar as stdlib_calendar
import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tuachua.calendar import tokens
from tuachua.calendar.entries import Clash, Entry, EntryKind, calendar_entries, clashes, upcoming_first
from tuachua.calendar.ics import calendar_feed
from tuachua.permissions import ANY_ROLE, require_roles

GET = ["GET", "HEAD"]
MONTH_PARAM = re.compile(r"^(\d{4})-(\d{2})$")
LIST_DAYS_BACK = 3 * 366  # the list reaches back three years: last year's plan stays within reach
LIST_DAYS_AHEAD = 366
FEED_DAYS_BACK, FEED_DAYS_AHEAD = 60, 365
WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


@dataclass
class Day:
    """One square of the month grid (`date` None: a blank square before the 1st or after the last day).

    `slots` pairs each entry covering the day with whether it clashes on that very day (a two-day class
    with a visit on its second day is marked on the second day only)."""

    date: datetime.date | None
    is_today: bool = False
    slots: list[tuple[Entry, bool]] = field(default_factory=list)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()] if self.date else ""

    @property
    def has_clash(self) -> bool:
        return any(clash for _entry, clash in self.slots)


def month_of(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month asked for as "2024-06"; this month when absent or invalid."""
    match = MONTH_PARAM.match(value or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 9998 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return today.replace(day=1)


def month_weeks(
    first: datetime.date, entries: list[Entry], today: datetime.date, found: list[Clash] = ()
) -> list[list[Day]]:
    """The weeks of the month, Monday first, each day with the entries that cover it; `found` (the
    clashes of these entries) marks the entries on the days they clash."""
    clashing = {(id(entry), day) for clash in found for entry in (clash.first, clash.second) for day in clash.days()}
    by_day: dict[datetime.date, list[tuple[Entry, bool]]] = {}
    for entry in entries:
        for day in entry.days():
            if day.month == first.month and day.year == first.year:
                by_day.setdefault(day, []).append((entry, (id(entry), day) in clashing))
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [
            Day(day, is_today=day == today, slots=by_day.get(day, [])) if day.month == first.month else Day(None)
            for day in week
        ]
        for week in weeks
    ]


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def month(request):
    today = timezone.localdate()
    first = month_of(request.GET.get("month"), today)
    last = _shift(first, 1) - datetime.timedelta(days=1)
    entries = calendar_entries(request.user, first, last)
    found = clashes(entries)
    context = {
        "first": first,
        "clashes": found,
        "weeks": month_weeks(first, entries, today, found),
        "weekdays": WEEKDAYS,
        "entry_count": len(entries),
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "today": today,
        "kinds": EntryKind.choices,
    }
    return render(request, "calendar/month.html", context)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def entry_list(request):
    today = timezone.localdate()
    entries = calendar_entries(
        request.user, today - datetime.timedelta(days=LIST_DAYS_BACK), today + datetime.timedelta(days=LIST_DAYS_AHEAD)
    )
    clashes(entries)  # flags the entries in a clash
    kind = request.GET.get("kind", "")
    if kind in EntryKind.values:
        entries = [entry for entry in entries if entry.kind == kind]
    page = Paginator(upcoming_first(entries, today), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "kind": kind, "kinds": EntryKind.choices, "today": today}
    return render(request, "calendar/list.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def feed(request):
    """The user's feed address: make one (a new one replaces the old), see it, stop it."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            tokens.calendar_token_create(user=request.user)
            messages.success(request, _("Đã tạo địa chỉ lịch mới; địa chỉ cũ (nếu có) không còn dùng được."))
        elif action == "revoke":
            tokens.calendar_token_revoke(user=request.user)
            messages.success(request, _("Đã thu hồi địa chỉ lịch; ứng dụng lịch sẽ không nhận được cập nhật nữa."))
        else:
            return HttpResponseBadRequest(_("Thao tác không hợp lệ."))
        return redirect("calendar:feed")
    token = tokens.active_token_of(request.user)
    address = request.build_absolute_uri(reverse("calendar:ics", args=[token.token])) if token else ""
    context = {"token": token, "address": address, "webcal": re.sub(r"^https?://", "webcal://", address)}
    return render(request, "calendar/feed.html", context)


@never_cache
@require_http_methods(GET)
def ics(request, token):
    """The feed: no login, the token is the key; unknown or revoked → 404."""
    user = tokens.feed_owner(token)
    today = timezone.localdate()
    entries = calendar_entries(
        user, today - datetime.timedelta(days=FEED_DAYS_BACK), today + datetime.timedelta(days=FEED_DAYS_AHEAD)
    )
    clashes(entries)
    host = request.get_host()
    body = calendar_feed(
        entries,
        name=_("Lịch Dự án 7 — %(user)s") % {"user": user.get_full_name() or user.get_username()},
        base_url=f"{request.scheme}://{host}",
        domain=split_domain_port(host)[0] or "tuachua",
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tuachua.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response

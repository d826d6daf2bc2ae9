"""Template filters for Vietnamese formats: "." thousands, VND, lists kept one item per line."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tuachua.text import lines_of

register = template.Library()


@register.filter
def intdot(value) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator); empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter
def vnd(value) -> str:
    """Money in đồng: 150000 → "150.000 đ"."""
    text = intdot(value)
    return f"{text} đ" if text else ""


@register.filter
def lines(value) -> list[str]:
    return lines_of(value)


@register.filter
def days_left(days) -> str:
    """A due date's distance in words: "còn 3 ngày", "hôm nay", "quá hạn 2 ngày"."""
    if days is None:
        return ""
    if days == 0:
        return _("hạn hôm nay")
    if days > 0:
        return _("còn %(n)s ngày") % {"n": days}
    return _("quá hạn %(n)s ngày") % {"n": -days}


@register.filter
def minutes(delta) -> int:
    """A timedelta in whole minutes (rounded up), e.g. a login lockout's remaining cool-off."""
    if delta is None:
        return 0
    return -(-int(delta.total_seconds()) // 60)


@register.filter
def time_left(deadline, now) -> str:
    """Time from `now` to `deadline` in Vietnamese words: "còn 3 ngày 4 giờ", "còn 45 phút", "đã hết hạn"."""
    if not deadline or not now:
        return ""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("đã hết hạn")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return _("còn %(d)s ngày %(h)s giờ") % {"d": days, "h": hours}
    if hours:
        return _("còn %(h)s giờ %(m)s phút") % {"h": hours, "m": rest // 60}
    return _("còn %(m)s phút") % {"m": max(rest // 60, 1)}


@register.simple_tag
def document_url(exporter: str, pk, fmt: str, **params) -> str:
    """The download address of a document: {% document_url "annex" event.pk "pdf" unit=unit.pk %}."""
    url = reverse("document", args=[exporter, pk, fmt])
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{url}?{query}" if query else url


@register.simple_tag
def bar(value, maximum, tone: str = "primary", label: str = "") -> str:
    """A thin horizontal bar as inline SVG (no style attribute, so the strict CSP holds):
    {% bar placed seats %}. Values above the maximum fill the bar and turn it red."""
    colours = {"primary": "#0d6efd", "success": "#198754", "warning": "#ffc107", "danger": "#dc3545"}
    try:
        share = max(0.0, float(value or 0) / float(maximum)) if maximum else 0.0
    except (TypeError, ValueError):
        share = 0.0
    fill = colours["danger"] if share > 1 else colours.get(tone, colours["primary"])
    width = round(min(share, 1.0) * 100, 1)
    text = escape(label or f"{value}/{maximum}")
    return mark_safe(
        f'<svg class="bar" role="img" aria-label="{text}" width="100%" height="8" viewBox="0 0 100 8" '
        f'preserveAspectRatio="none"><rect width="100" height="8" rx="2" fill="#e9ecef"/>'
        f'<rect width="{width}" height="8" rx="2" fill="{fill}"/></svg>'
    )

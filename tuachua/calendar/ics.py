"""The iCalendar feed (RFC 5545), written by hand: whole-day events, escaped text, lines folded at 75 octets.

Each entry becomes one VEVENT with a UID that stays the same as long as the thing exists, so calendar apps
update it in place when dates move. Dates are whole days (VALUE=DATE) and DTEND is the day after the last
one, as the RFC wants; no time zone is needed.
"""

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tuachua.calendar.entries import TRAINING_KINDS, Entry, EntryKind

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//tuachua//Lich Du an 7//VI"
# Ask calendar apps to refresh the subscription a few times a day (RFC 7986 and the usual extension).
REFRESH = "PT6H"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as \\n, other controls dropped."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(char for char in value if char >= " " or char == "\t")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets of UTF-8, each continuation starting with a
    space; a character is never cut in the middle of its bytes."""
    parts = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(entry: Entry, url: str) -> str:
    lines = [entry.kind_label]
    if entry.in_clash:
        lines.append(_("Trùng lịch với một hoạt động khác của đơn vị."))
    if entry.units:
        lines.append(_("Đơn vị: %(units)s") % {"units": ", ".join(entry.units)})
    if entry.status:
        lines.append(_("Trạng thái: %(status)s") % {"status": entry.status})
    if entry.note:
        lines.append(entry.note)
    lines.append(url)
    return "\n".join(lines)


def vevent(entry: Entry, *, base_url: str, domain: str, stamp: datetime.datetime) -> list[str]:
    """The content lines (unfolded) of one entry."""
    url = base_url + entry.url
    summary = ("⚠ " if entry.in_clash else "") + entry.title
    lines = [
        "BEGIN:VEVENT",
        f"UID:{entry.uid}@{domain}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(entry.start)}",
        f"DTEND;VALUE=DATE:{_date(entry.end + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(_description(entry, url))}",
        f"CATEGORIES:{escape_text(entry.kind_label)}",
        f"URL:{url}",
        # Deadlines and plan activities do not take the day: calendar apps show the person as free.
        f"TRANSP:{'OPAQUE' if entry.is_event else 'TRANSPARENT'}",
    ]
    if entry.kind == EntryKind.VISIT:
        lines.append(f"STATUS:{'CONFIRMED' if 'actual' in entry.flags else 'TENTATIVE'}")
    if entry.kind in TRAINING_KINDS and entry.note:  # the venue
        lines.append(f"LOCATION:{escape_text(entry.note)}")
    lines.append("END:VEVENT")
    return lines


def calendar_feed(
    entries: Iterable[Entry], *, name: str, base_url: str, domain: str, stamp: datetime.datetime
) -> bytes:
    """The whole VCALENDAR in UTF-8 with CRLF line ends. `base_url` ("https://host") makes the entries'
    links absolute; `domain` ends every UID."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape_text(name)}",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    for entry in entries:
        lines.extend(vevent(entry, base_url=base_url, domain=domain, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines).encode("utf-8")

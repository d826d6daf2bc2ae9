"""Dates, names and numbers as official documents write them."""

import datetime
import re

from django.utils.text import capfirst

BLANK_DATE = "ngày … tháng … năm"


def date_line(place: str, day: datetime.date | None, *, year: int | None = None) -> str:
    """ "Tủa Chùa, ngày 05 tháng 3 năm 2024": days below 10 and months 1–2 take a leading zero. Without a day,
    the line is left to be filled in by hand: "Tủa Chùa, ngày … tháng … năm 2024"."""
    if day is None:
        return f"{place}, {BLANK_DATE} {year or ''}".rstrip()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def date_span(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "18/06/2024", "18–19/06/2024", "30/09–02/10/2024", "30/12/2024–03/01/2025"."""
    if not start:
        return ""
    if not end or end == start:
        return short_date(start)
    if start.year != end.year:
        return f"{short_date(start)}–{short_date(end)}"
    if start.month != end.month:
        return f"{start:%d/%m}–{short_date(end)}"
    return f"{start:%d}–{short_date(end)}"


def body_name(unit) -> str:
    """The name of a unit's People's Committee in a header, in capitals: "UBND XÃ MƯỜNG ĐUN"."""
    return f"UBND {unit.full_name.upper()}"


def programme_title(programme) -> str:
    """The programme's name without its period, as the forms print it: "Chương trình mục tiêu quốc gia giảm
    nghèo bền vững"."""
    return re.sub(r"\s+giai đoạn\s+\d{4}\s*[-–]\s*\d{4}\s*$", "", programme.name)


def level_heading(index: int, text: str) -> str:
    """ "I. Cấp xã", "II. Thôn Nà Sa": group headings numbered in Roman numerals."""
    return f"{roman(index)}. {capfirst(text)}"


def roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    values += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = ""
    for value, letters in values:
        while number >= value:
            result += letters
            number -= value
    return result


def two_digits(number: int) -> str:
    """Counts in running text take a leading zero below ten: "04 lớp", "02 ngày"."""
    return f"{number:02d}"


def lower_first(text: str) -> str:
    """ "Thực hiện Dự án 7" → "thực hiện Dự án 7", to continue a sentence."""
    return text[:1].lower() + text[1:]


def text_lines(text: str) -> list[str]:
    """The non-empty lines of a text field, without the list marks a user may have typed."""
    return [line.strip().lstrip("-+").strip() for line in (text or "").splitlines() if line.strip(" -+")]

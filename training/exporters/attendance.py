"""Danh sách ký nhận: the attendance sheet of a class or tour, one page set per day, where every delegate
signs ("ký nhận") next to their name on the day they attend.

One section (an Excel sheet) per day of the event: "Ngày thứ 1 (18/06/2024)" when the dates are set, else
"Ngày thứ 1"; `day=N` gives that day only. Rows follow the roster (by unit, order of positions, or `sort=name`
within each unit), are numbered straight through and are tall enough to sign in.
"""

import datetime

from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from training import selectors
from training.exporters.common import event_for_staff
from training.exporters.roster import (
    SORT_SUFFIX,
    arranged,
    event_heading,
    office_closing,
    office_header,
    schedule_note,
    sort_of,
)
from training.models import TrainingEvent
from tuachua.documents.blocks import Column, Document, Row, Section, Table, Title
from tuachua.documents.formats import short_date
from tuachua.exporters import Exporter, register

COLUMNS = (
    Column("TT", 10, "center"),
    Column("Họ và tên", 38, "left"),
    Column("Đơn vị", 29, "left"),
    Column("Chức vụ", 34, "left"),
    Column("Ký nhận", 40, "center"),
    Column("Ghi chú", 14, "left"),
)
ROW_HEIGHT_MM = 9


def days_of(event: TrainingEvent, params) -> list[int]:
    """The days asked for: every day of the event, or the one `day` names (1 … days; otherwise a 404)."""
    requested = str(params.get("day", "") or "")
    if not requested:
        return list(range(1, event.days + 1))
    if not requested.isdigit() or not 1 <= int(requested) <= event.days:
        raise Http404
    return [int(requested)]


def day_label(event: TrainingEvent, number: int) -> str:
    """ "Ngày thứ 2 (19/06/2024)", or "Ngày thứ 2" while the event has no dates."""
    if event.start_date is None:
        return f"Ngày thứ {number}"
    date = event.start_date + datetime.timedelta(days=number - 1)
    return f"Ngày thứ {number} ({short_date(date)})"


def attendance_rows(groups) -> list[Row]:
    """Numbered straight through; the unit by kind and name ("Xã Mường Đun"; the district's own people on a
    study tour are "Huyện Tủa Chùa", not to be taken for the town)."""
    rows, number = [], 0
    for unit, members in groups:
        unit_name = capfirst(unit.full_name)
        for delegate in members:
            number += 1
            rows.append(Row((number, delegate.full_name, unit_name, delegate.position, "", delegate.notes)))
    return rows


def day_section(event: TrainingEvent, number: int, rows: list[Row]) -> Section:
    label = day_label(event, number)
    kind = ("DANH SÁCH KÝ NHẬN", f"ĐẠI BIỂU THAM GIA {event_heading(event)}")
    title = Title(kind, (label,), note=schedule_note(event))
    blocks = [
        office_header(event.activity),
        title,
        Table(COLUMNS, tuple(rows), row_height_mm=ROW_HEIGHT_MM),
        office_closing(event.activity),
    ]
    return Section(label.replace("/", "-"), blocks)


class AttendanceExporter(Exporter):
    """Danh sách ký nhận: one signature sheet per day of a class or tour."""

    identifier = "attendance"
    label = gettext_lazy("Danh sách ký nhận — mỗi ngày một trang ký")
    model = TrainingEvent

    def get_object(self, user, pk, params):
        return event_for_staff(user, pk)

    def build(self, obj, params) -> Document:
        sort = sort_of(params)
        days = days_of(obj, params)
        event = selectors.document_event(obj.pk)
        rows = attendance_rows(arranged(selectors.placed_by_event([event])[event.pk], sort))
        year = event.activity.plan.year
        day_part = f"_Ngày {days[0]}" if len(days) == 1 and event.days > 1 else ""
        return Document(
            title=f"Danh sách ký nhận — {event.title} — {year}",
            filename=f"Danh sách ký nhận{SORT_SUFFIX[sort]}_{event.title}{day_part}_{year}",
            sections=[day_section(event, number, rows) for number in days],
        )


register(AttendanceExporter)

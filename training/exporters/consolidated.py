"""Bảng tổng hợp: one workbook for an activity's classes (or tour), for the Labour office to follow and report.

The first sheet, "Tổng hợp", has a row per class: the units it serves, its seats (chỉ tiêu: the sum of the
units' quotas), the delegates registered (on lists sent or approved), those placed in it ("đã xếp lớp") and
how many of them are paid or not paid from the state budget (NSNN), with the total. Then one sheet per class
with its roster, as the "roster" document prints it. The whole workbook is read in a fixed number of
queries, however many classes, units and delegates the activity has.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from plans import selectors as plan_selectors
from training import selectors
from training.exporters.roster import (
    SORT_SUFFIX,
    office_closing,
    office_header,
    pay_counts,
    roster_blocks,
    sort_of,
)
from tuachua.documents.blocks import TOTAL, Column, Document, Row, Section, Table, Title
from tuachua.exporters import Exporter, register
from tuachua.permissions import Role, role_of

SUMMARY = "Tổng hợp"
COLUMNS = (
    Column("TT", 9, "center", "1"),
    Column("Lớp, đoàn", 28, "left", "2"),
    Column("Đơn vị tham gia", 48, "left", "3"),
    Column("Chỉ tiêu", 16, "center", "4"),
    Column("Đã đăng ký", 16, "center", "5"),
    Column("Đã xếp lớp", 16, "center", "6"),
    Column("Hưởng lương từ NSNN", 16, "center", "7"),
    Column("Không hưởng lương từ NSNN", 16, "center", "8"),
)


def summary_rows(events, units, seats, registered, rosters) -> list[Row]:
    """A row per class, then "Tổng cộng" with the sum of every number column."""
    rows = []
    for number, event in enumerate(events, start=1):
        placed = rosters[event.pk]
        paid, unpaid = pay_counts(placed)
        names = capfirst(", ".join(unit.full_name for unit in units[event.pk]))
        counts = (seats[event.pk], registered.get(event.pk, 0), len(placed), paid, unpaid)
        rows.append(Row((number, event.title, names, *counts)))
    totals = [sum(row.cells[index] for row in rows) for index in range(3, 8)]
    rows.append(Row(("", "Tổng cộng", "", *totals), TOTAL))
    return rows


def summary_section(activity, rows: list[Row]) -> Section:
    year = activity.plan.year
    title = Title(
        ("TỔNG HỢP ĐẠI BIỂU THAM GIA", f"{activity.title.upper()} NĂM {year}"),
        note=f"(Hoạt động {activity.code} của kế hoạch năm {year})",
    )
    blocks = [office_header(activity), title, Table(COLUMNS, tuple(rows), number_row=True), office_closing(activity)]
    return Section(SUMMARY, blocks)


class ConsolidatedExporter(Exporter):
    """Bảng tổng hợp: the summary of an activity's classes, then each class's roster, in one workbook."""

    identifier = "consolidated"
    label = gettext_lazy("Bảng tổng hợp các lớp của hoạt động")
    formats = ("xlsx", "pdf")
    model = None

    def get_object(self, user, pk, params):
        activity = plan_selectors.activity_for(user, pk)
        if role_of(user) == Role.UNIT_OFFICER:
            raise PermissionDenied
        if not activity.training_events.exists():
            raise Http404
        return activity

    def build(self, obj, params) -> Document:
        sort = sort_of(params)
        activity = selectors.document_activity(obj.pk)
        events = selectors.activity_events(activity)
        units = selectors.units_of_events(events)
        rosters = selectors.placed_by_event(events)
        rows = summary_rows(
            events, units, selectors.seats_by_event(events, units), selectors.registered_by_event(events), rosters
        )
        sections = [summary_section(activity, rows)]
        sections += [Section(event.title, roster_blocks(event, rosters[event.pk], sort)) for event in events]
        return Document(
            title=f"Tổng hợp đại biểu — {activity.code}. {activity.title} — {activity.plan.year}",
            filename=f"Tổng hợp{SORT_SUFFIX[sort]}_Hoạt động {activity.code}_{activity.plan.year}",
            sections=sections,
        )


register(ConsolidatedExporter)

"""Danh sách lớp: the class roster, every delegate placed in one class (or in the study tour), unit by unit.

Issued by the Labour office (Phòng LĐTBXH) that leads the activity. Each unit is a group ("I. Xã Mường
Đun"), on a new page when units are large (a class, not the study tour), closed by a subtotal ("Cộng") with
the number of delegates paid and not paid from the state budget (NSNN) under the X columns; the total
("Tổng cộng") ends the table. Rows keep the order of positions of the unit's list (its own level first, then
village by village), or with `sort=name` the alphabetical order of given names (Vietnamese order) within
each unit.

The helpers for the Labour office's header, closing and the `sort` parameter are shared by the attendance
sheet and the consolidated workbook.
"""

import re

from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from training import selectors
from training.exporters.common import MARK, event_for_staff
from training.models import Delegate, EventKind, TrainingEvent
from tuachua.documents.blocks import (
    GROUP,
    SUBTOTAL,
    TOTAL,
    Closing,
    Column,
    Document,
    OfficialHeader,
    Paragraph,
    Row,
    Section,
    Signature,
    Table,
    Title,
)
from tuachua.documents.formats import body_name, date_line, date_span, level_heading, two_digits
from tuachua.exporters import Exporter, register
from tuachua.vietnamese.collation import name_sort_key

COLUMNS = (
    Column("TT", 10, "center", "1"),
    Column("Họ và tên", 39, "left", "2"),
    Column("Chức vụ", 42, "left", "3"),
    Column("Thôn, bản", 30, "left", "4"),
    Column("Hưởng lương từ NSNN", 15, "center", "5"),
    Column("Không hưởng lương từ NSNN", 15, "center", "6"),
    Column("Ghi chú", 14, "left", "7"),
)
# A unit starts a new page when units send this many delegates on average (a class: 50–70 each); a study
# tour's three per unit run on, or its roster would be a dozen near-empty pages.
PAGE_PER_UNIT_FROM = 10

BY_POSITION, BY_NAME = "position", "name"
SORT_SUFFIX = {BY_POSITION: "", BY_NAME: " (xếp theo tên)"}
LEVEL_OF_KIND = {"province": "Cấp tỉnh", "city": "Cấp tỉnh", "district": "Cấp huyện"}


# --- shared by the Labour office's documents -------------------------------------------------------------


def sort_of(params) -> str:
    """The `sort` parameter: "position" (default, the order of the lists) or "name"; anything else is a 404."""
    sort = str(params.get("sort", "") or BY_POSITION)
    if sort not in SORT_SUFFIX:
        raise Http404
    return sort


def arranged(delegates: list[Delegate], sort: str) -> list[tuple[object, list[Delegate]]]:
    """[(unit, delegates)] in roster order; with `sort=name`, each unit's delegates by given name."""
    groups = selectors.group_by_unit(delegates)
    if sort == BY_NAME:
        return [(unit, sorted(members, key=lambda d: name_sort_key(d.full_name))) for unit, members in groups]
    return groups


def office_body(office) -> str:
    """The lead office as an issuing body, in capitals and without its unit's kind, which the parent body
    above it already says: "Phòng Lao động - Thương binh và Xã hội huyện" → "PHÒNG LAO ĐỘNG - THƯƠNG BINH
    VÀ XÃ HỘI"."""
    kind = re.escape(office.unit.get_kind_display())
    return re.sub(rf"\s+{kind}$", "", office.name.strip(), flags=re.IGNORECASE).upper()


def office_header(activity) -> OfficialHeader:
    """The header of the Labour office's documents: "UBND HUYỆN TỦA CHÙA" over the lead office, the
    place and a date left to be written by hand."""
    plan = activity.plan
    issuer = plan.issuing_unit
    place = date_line(plan.issue_place or issuer.name, None, year=plan.year)
    if activity.lead_office_id is None:
        return OfficialHeader(issuing_body=body_name(issuer), place_date=place)
    body = office_body(activity.lead_office)
    return OfficialHeader(issuing_body=body, parent_body=body_name(issuer), place_date=place)


def office_closing(activity) -> Closing:
    """ "Người lập" at the left; the head of the lead office ("TRƯỞNG PHÒNG", "TRƯỞNG BAN") at the right."""
    office = activity.lead_office
    head = "TRƯỞNG BAN" if office is not None and office.name.lower().startswith("ban") else "TRƯỞNG PHÒNG"
    return Closing(
        Signature(("Người lập",), hint="(Ký, ghi rõ họ tên)"),
        Signature((head,), hint="(Ký, ghi rõ họ tên, đóng dấu)"),
    )


def event_heading(event: TrainingEvent) -> str:
    """The event and the year in capitals: "LỚP THỨ NHẤT NĂM 2024"."""
    return f"{event.title.upper()} NĂM {event.activity.plan.year}"


def schedule_note(event: TrainingEvent) -> str:
    """ "(Thời gian: 18–19/06/2024 (02 ngày); địa điểm: Hội trường UBND huyện)", from what is known."""
    parts = []
    if event.start_date:
        parts.append(f"Thời gian: {date_span(event.start_date, event.end_date)} ({two_digits(event.days)} ngày)")
    if event.venue:
        parts.append(f"địa điểm: {event.venue}")
    if not parts and event.schedule_note:
        parts.append(event.schedule_note)
    return f"({'; '.join(parts)})" if parts else ""


def unit_heading(index: int, unit) -> str:
    return level_heading(index, capfirst(unit.full_name))


def level_label(delegate: Delegate, unit) -> str:
    """Column "Thôn, bản": the village, or the unit's own level ("Cấp xã", "Cấp huyện" for the district's
    people on a study tour)."""
    if delegate.village is not None:
        return delegate.village.name
    return LEVEL_OF_KIND.get(unit.kind, "Cấp xã")


def pay_counts(delegates: list[Delegate]) -> tuple[int, int]:
    """(paid from the state budget, not paid)."""
    paid = sum(delegate.paid_by_state for delegate in delegates)
    return paid, len(delegates) - paid


# --- the roster ------------------------------------------------------------------------------------------


def delegate_row(number: int, delegate: Delegate, unit) -> Row:
    paid = delegate.paid_by_state
    return Row(
        (
            number,
            delegate.full_name,
            delegate.position,
            level_label(delegate, unit),
            MARK if paid else "",
            "" if paid else MARK,
            delegate.notes,
        )
    )


def roster_rows(groups) -> list[Row]:
    """Group heading, numbered delegates and "Cộng" per unit (numbering runs on), then "Tổng cộng"."""
    rows, number = [], 0
    for index, (unit, members) in enumerate(groups, start=1):
        rows.append(Row((unit_heading(index, unit),), GROUP))
        for delegate in members:
            number += 1
            rows.append(delegate_row(number, delegate, unit))
        paid, unpaid = pay_counts(members)
        rows.append(Row(("", f"Cộng: {len(members)} đại biểu", "", "", paid, unpaid, ""), SUBTOTAL))
    everyone = [delegate for _unit, members in groups for delegate in members]
    paid, unpaid = pay_counts(everyone)
    rows.append(Row(("", f"Tổng cộng: {len(everyone)} đại biểu", "", "", paid, unpaid, ""), TOTAL))
    return rows


def total_line(delegates: list[Delegate]) -> str:
    paid, unpaid = pay_counts(delegates)
    return f"Tổng cộng: {len(delegates)} đại biểu; hưởng lương từ NSNN: {paid}; không hưởng lương: {unpaid}."


def roster_title(event: TrainingEvent) -> Title:
    return Title(
        ("DANH SÁCH ĐẠI BIỂU THAM GIA", event_heading(event)),
        subject=(capfirst(event.activity.title),),
        note=schedule_note(event),
    )


def roster_table(delegates: list[Delegate], sort: str) -> Table:
    """The roster table; one unit a page when units are large (which also lets a long roster be laid out
    in parallel)."""
    groups = arranged(delegates, sort)
    page_per_group = len(delegates) >= PAGE_PER_UNIT_FROM * len(groups)
    return Table(COLUMNS, tuple(roster_rows(groups)), number_row=True, page_per_group=page_per_group)


def roster_blocks(event: TrainingEvent, delegates: list[Delegate], sort: str) -> list:
    """Header, title, the table, the total in words and the signatures."""
    return [
        office_header(event.activity),
        roster_title(event),
        roster_table(delegates, sort),
        Paragraph(total_line(delegates), "italic"),
        office_closing(event.activity),
    ]


def roster_prefix(event: TrainingEvent) -> str:
    return "Danh sách lớp" if event.kind == EventKind.TRAINING_CLASS else "Danh sách đại biểu"


class RosterExporter(Exporter):
    """Danh sách lớp: the delegates placed in one class or tour, by unit, with subtotals and the total."""

    identifier = "roster"
    label = gettext_lazy("Danh sách lớp — đại biểu đã xếp lớp, theo đơn vị")
    model = TrainingEvent

    def get_object(self, user, pk, params):
        return event_for_staff(user, pk)

    def build(self, obj, params) -> Document:
        sort = sort_of(params)
        event = selectors.document_event(obj.pk)
        delegates = selectors.placed_by_event([event])[event.pk]
        year = event.activity.plan.year
        return Document(
            title=f"Danh sách đại biểu — {event.title} — {year}",
            filename=f"{roster_prefix(event)}{SORT_SUFFIX[sort]}_{event.title}_{year}",
            sections=[Section(event.title, roster_blocks(event, delegates, sort))],
        )


register(RosterExporter)

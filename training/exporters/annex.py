"""Phụ lục I / Phụ lục II: a unit's registration list in the plan's appendix layout, filled or blank.

The filled form groups the delegates by level ("I. Cấp xã", then one group per village) with continuous
numbering, so the file can be printed, signed and stamped as it is, or edited and uploaded again. The blank
form has the numbered empty rows of the unit's quota, village by village, for units that still fill on paper.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from training import selectors
from training.exporters.common import ANNEX_NOTES, MARK, annex_title_lines, event_for, event_label, unit_of_request
from training.models import Delegate, RegistrationList
from tuachua.documents.blocks import (
    GROUP,
    Closing,
    Column,
    Document,
    Notes,
    OfficialHeader,
    Row,
    Section,
    Signature,
    Table,
    Title,
)
from tuachua.documents.formats import body_name, date_line, level_heading
from tuachua.exporters import Exporter, register

COLUMNS = (
    Column("TT", 12, "center", "1"),
    Column("Họ và tên", 46, "left", "2"),
    Column("Chức vụ", 45, "left", "3"),
    Column("Hưởng lương từ NSNN", 21, "center", "4"),
    Column("Không hưởng lương từ NSNN", 21, "center", "5"),
    Column("Ghi chú", 20, "left", "6"),
)


def village_label(village) -> str:
    """A village as written in a heading: its name when it already says "Thôn"/"Bản", else kind and name."""
    first = village.name.split()[0].lower() if village.name.split() else ""
    if first in {"thôn", "bản", "tổ", "xóm", "khối", "tdp", "khu", "làng"}:
        return village.name
    return capfirst(village.full_name)


def level_groups(villages, delegates):
    """[(heading, [delegates])]: the unit's own level first, then each village in order (empty ones left out
    when there are delegates; a list without villages has no headings)."""
    by_level: dict[int | None, list] = {}
    for delegate in delegates:
        by_level.setdefault(delegate.village_id, []).append(delegate)
    if not any(key is not None for key in by_level):
        return [(None, by_level.get(None, []))]
    groups = [("Cấp xã", by_level.get(None, []))]
    groups += [(village_label(v), by_level[v.pk]) for v in villages if v.pk in by_level]
    return groups


def annex_header(event, unit, day=None) -> OfficialHeader:
    parent = unit.parent
    return OfficialHeader(
        issuing_body=body_name(unit),
        parent_body=body_name(parent) if parent is not None else "",
        place_date=date_line(unit.name, day, year=event.activity.plan.year),
    )


def annex_closing() -> Closing:
    return Closing(
        Signature(("Người lập",), hint="(Ký, ghi rõ họ tên)"),
        Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), hint="(Ký tên, đóng dấu)"),
    )


def annex_document(event, unit, rows: list[Row], *, filename_suffix: str = "", day=None, blank=False) -> Document:
    label = event_label(event)
    blocks = [
        annex_header(event, unit, day),
        Title(annex_title_lines(event, unit), label=label, note=f"({event.title})"),
        Table(COLUMNS, tuple(rows), number_row=True, row_height_mm=8 if blank else 0),
        Notes(ANNEX_NOTES),
        annex_closing(),
    ]
    year = event.activity.plan.year
    return Document(
        title=f"{label} — {event.title} — {unit.full_name}",
        filename=f"{label}{filename_suffix}_{unit.name}_{year}",
        sections=[Section(label, blocks)],
    )


def delegate_row(number: int, delegate: Delegate) -> Row:
    paid = delegate.paid_by_state
    return Row(
        (number, delegate.full_name, delegate.position, MARK if paid else "", "" if paid else MARK, delegate.notes)
    )


class AnnexExporter(Exporter):
    """Phụ lục I/II filled with the unit's registration list."""

    identifier = "annex"
    label = gettext_lazy("Phụ lục I/II — danh sách đăng ký của đơn vị")
    model = RegistrationList

    def get_object(self, user, pk, params):
        event = event_for(user, pk)
        return event, unit_of_request(user, event, params)

    def admin_target(self, instance):
        return instance.event_id, {"unit": str(instance.unit_id)}

    def build(self, obj, params) -> Document:
        event, unit = obj
        reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
        delegates = list(reg_list.delegates.order_by("order")) if reg_list else []
        villages = selectors.villages_by_unit([unit])[unit.pk]
        rows, number = [], 0
        groups = level_groups(villages, delegates)
        for index, (heading, members) in enumerate(groups, start=1):
            if heading:
                rows.append(Row((level_heading(index, heading),), GROUP))
            for delegate in members:
                number += 1
                rows.append(delegate_row(number, delegate))
        day = reg_list.submitted_at.date() if reg_list and reg_list.submitted_at else None
        return annex_document(event, unit, rows, day=day)


class BlankAnnexExporter(Exporter):
    """Phụ lục I/II with the numbered empty rows of the unit's quota, level by level, to fill by hand."""

    identifier = "annex-blank"
    label = gettext_lazy("Phụ lục I/II — mẫu trống để điền tay")

    def get_object(self, user, pk, params):
        event = event_for(user, pk)
        return event, unit_of_request(user, event, params)

    def build(self, obj, params) -> Document:
        event, unit = obj
        villages = selectors.villages_by_unit([unit])[unit.pk]
        quota = selectors.quotas_for(event, [unit])[unit.pk]
        levels = [("Cấp xã", quota.unit_seats)]
        if quota.village_seats:
            levels += [(village_label(village), quota.village_seats) for village in villages]
        rows, number = [], 0
        for index, (heading, seats) in enumerate(levels, start=1):
            if len(levels) > 1:
                rows.append(Row((level_heading(index, heading),), GROUP))
            for _ in range(seats):
                number += 1
                rows.append(Row((number, "", "", "", "", "")))
        return annex_document(event, unit, rows, filename_suffix=" (mẫu trống)", blank=True)


register(AnnexExporter)
register(BlankAnnexExporter)

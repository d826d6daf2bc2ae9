"""Giấy mời (…/GM-UBND): the issuing unit invites the units of a class, tour or training to send delegates.

Addressed to the units the event serves, it gives the time, the place, the number of delegates of each unit
(its quota: commune level plus villages) with the total, who should come, what to bring and whom to contact,
and is signed as the plan is. Anyone who can see the event may download it: unit officers included, since the
letter is addressed to them.
"""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from plans.selectors import in_kind_order
from training import selectors
from training.exporters.common import event_for
from training.models import EventKind, TrainingEvent
from tuachua.documents.blocks import (
    CENTER,
    TOTAL,
    Closing,
    Column,
    Document,
    OfficialHeader,
    Paragraph,
    Recipients,
    Row,
    Section,
    Signature,
    Table,
    Title,
)
from tuachua.documents.formats import (
    body_name,
    date_line,
    date_span,
    lower_first,
    short_date,
    text_lines,
    two_digits,
)
from tuachua.exporters import Exporter, register

DEFAULT_BRING = "Đại biểu mang theo giấy mời, căn cước công dân và tài liệu liên quan."
UNSET_TIME = "thời gian cụ thể sẽ thông báo sau"
UNSET_PLACE = "địa điểm cụ thể sẽ thông báo sau"


def addressed_to(units) -> str:
    """Who the letter is for: "UBND xã Mường Đun" for one unit, "UBND các xã, thị trấn" for several."""
    if len(units) == 1:
        return f"UBND {units[0].full_name}"
    kinds = list(dict.fromkeys(unit.get_kind_display() for unit in units))
    return f"UBND các {', '.join(kinds)}" if units else "Các đơn vị tham gia"


def addressees(units) -> str:
    """ "UBND các xã, thị trấn: Mường Đun, Lao Xả Phình, Tủa Chùa" (or "UBND xã Mường Đun" for one unit)."""
    if len(units) < 2:
        return addressed_to(units)
    return f"{addressed_to(units)}: {', '.join(unit.name for unit in units)}"


def event_phrase(event: TrainingEvent) -> str:
    """What the delegates attend: "lớp tập huấn nâng cao năng lực thực hiện Chương trình năm 2024"."""
    year = event.start_date.year if event.start_date else event.activity.plan.year
    if event.kind == EventKind.TRAINING_CLASS:
        phrase = f"lớp tập huấn {lower_first(event.activity.title)}"
    else:
        phrase = lower_first(event.title)
    return phrase if str(year) in phrase else f"{phrase} năm {year}"


def time_text(event: TrainingEvent) -> str:
    days = f"{two_digits(event.days)} ngày"
    if event.start_date:
        return f"{days} ({date_span(event.start_date, event.end_date)})."
    return f"{days} ({UNSET_TIME})."


def quota_table(event: TrainingEvent, units, quotas) -> Table:
    """Units × delegates: commune level, villages and their delegates (when the event has village seats),
    the total of each unit, and a TOTAL row."""
    with_villages = any(quota.village_seats for quota in quotas.values())
    columns = [Column("TT", 12, "center"), Column("Đơn vị", 58)]
    if with_villages:
        columns += [
            Column("Cấp xã", 22, "center"),
            Column("Số thôn, bản", 22, "center"),
            Column("Cấp thôn, bản", 24, "center"),
        ]
    columns.append(Column("Tổng số đại biểu", 27, "center"))
    rows = []
    for number, unit in enumerate(units, start=1):
        quota = quotas[unit.pk]
        name = f"Cấp {unit.get_kind_display()}" if quota.is_host else capfirst(unit.full_name)
        cells = [number, name]
        if with_villages:
            villages = quota.village_seats * quota.villages
            cells += ([""] * 3) if quota.is_host else [quota.unit_seats, quota.villages, villages]
        rows.append(Row((*cells, quota.total)))
    total = ["", "Tổng cộng"] + ([""] * 3 if with_villages else []) + [sum(q.total for q in quotas.values())]
    rows.append(Row(tuple(total), TOTAL))
    return Table(tuple(columns), tuple(rows))


def body_blocks(event: TrainingEvent, units, quotas) -> list:
    """Kính gửi, the invitation itself and its numbered points."""
    plan = event.activity.plan
    issuer = f"UBND {plan.issuing_unit.full_name}"
    served = [unit for unit in units if not quotas[unit.pk].is_host]
    blocks = [
        Paragraph(f"Kính gửi: {addressees(served)}.", CENTER),
        Paragraph(
            f"Thực hiện Kế hoạch số {plan.reference} của {issuer} về việc {lower_first(plan.title)}; "
            f"{issuer} trân trọng kính mời {addressed_to(served)} cử đại biểu tham dự "
            f"{event_phrase(event)}, cụ thể như sau:"
        ),
        Paragraph(f"1. Thời gian: {time_text(event)}"),
        Paragraph(f"2. Địa điểm: {event.venue or event.activity.location or capfirst(UNSET_PLACE)}."),
        Paragraph("3. Thành phần đại biểu:"),
    ]
    blocks += [Paragraph(f"- {line}") for line in text_lines(event.activity.participants_note)]
    blocks.append(Paragraph("4. Số lượng đại biểu của từng đơn vị:"))
    blocks.append(quota_table(event, units, quotas))
    blocks.append(Paragraph("5. Đại biểu mang theo:"))
    blocks += [Paragraph(f"- {line}") for line in text_lines(event.invitation_note) or [DEFAULT_BRING]]
    blocks += contact_blocks(event)
    return blocks


def contact_blocks(event: TrainingEvent) -> list[Paragraph]:
    """6. Liên hệ: the lead office, which takes the lists of delegates by the deadline; the closing request."""
    office = event.activity.lead_office.name
    contact = f"6. Liên hệ: {office} để được hướng dẫn cụ thể."
    if event.registration_deadline:
        deadline = short_date(timezone.localtime(event.registration_deadline).date())
        contact = f"6. Liên hệ: {office}, nơi nhận danh sách đại biểu trước ngày {deadline}."
    return [
        Paragraph(contact),
        Paragraph("Rất mong các đơn vị quan tâm, cử đại biểu tham dự đầy đủ, đúng thành phần./."),
    ]


def signature(plan) -> Signature:
    lines = [*text_lines(plan.signing_capacity), plan.signer_title.strip()]
    return Signature(tuple(line for line in lines if line), name=plan.signer_name)


def invitation_document(event: TrainingEvent) -> Document:
    plan = event.activity.plan
    unit = plan.issuing_unit
    units = in_kind_order(selectors.participating_units(event))
    quotas = selectors.quotas_for(event, units)
    year = event.start_date.year if event.start_date else plan.year
    header = OfficialHeader(
        issuing_body=body_name(unit),
        parent_body=body_name(unit.parent) if unit.parent_id else "",
        number=f"Số: …/GM-{plan.symbol.split('-', 1)[-1]}",
        place_date=date_line(plan.issue_place or unit.name, None, year=year),
    )
    note = f"({event.title})" if event.kind == EventKind.TRAINING_CLASS else ""
    title = Title(("GIẤY MỜI",), subject=(capfirst(f"tham dự {event_phrase(event)}"),), note=note)
    recipients = [f"UBND {u.full_name};" for u in units if not quotas[u.pk].is_host] + ["Lưu: VT."]
    blocks = [header, title, *body_blocks(event, units, quotas)]
    blocks.append(Closing(Recipients(tuple(recipients)), signature(plan)))
    return Document(
        title=f"Giấy mời — {event.title}",
        filename=f"Giấy mời_{event.title}_{year}",
        sections=[Section("Giấy mời", blocks)],
    )


class InvitationExporter(Exporter):
    """Giấy mời of one event, to the units it serves."""

    identifier = "invitation"
    label = gettext_lazy("Giấy mời (…/GM-UBND) — mời các đơn vị cử đại biểu")
    model = TrainingEvent

    def get_object(self, user, pk, params):
        return event_for(user, pk)

    def build(self, obj, params) -> Document:
        return invitation_document(obj)


register(InvitationExporter)

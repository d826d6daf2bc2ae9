"""Dự toán kinh phí: the cost estimate of one event ("estimate") or of a whole plan ("estimate-plan"), in the
table the Labour office sends the Finance office to appraise: TT | Nội dung | Đơn vị tính | Số lượng | Số ngày |
Đơn giá | Thành tiền | Ghi chú, a bold row per activity and per event (plan), the total ("Tổng cộng"), the total
in words, the notes on how the computed lines were found, and the signatures "NGƯỜI LẬP" / "TRƯỞNG PHÒNG".

Amounts are numbers in the workbook (shown with thousands separators; no cell is a formula) and "1.200.000" in
the PDF. The figures come from `training.estimates`, so the document always shows what the page shows.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from plans import selectors as plan_selectors
from training import estimates
from training.exporters.common import event_for_staff
from training.exporters.roster import office_header, schedule_note
from training.models import TrainingEvent
from tuachua.documents.blocks import (
    SUBTOTAL,
    TOTAL,
    Closing,
    Column,
    Document,
    Notes,
    OfficialHeader,
    Paragraph,
    Row,
    Section,
    Signature,
    Table,
    Title,
)
from tuachua.documents.formats import body_name, date_line, lower_first, roman, two_digits
from tuachua.exporters import Exporter, register
from tuachua.permissions import Role, role_of

COLUMNS = (
    Column("TT", 10, "center", "1"),
    Column("Nội dung", 49, "left", "2"),
    Column("Đơn vị tính", 15, "center", "3"),
    Column("Số lượng", 14, "right", "4"),
    Column("Số ngày", 12, "right", "5"),
    Column("Đơn giá", 20, "right", "6"),
    Column("Thành tiền", 26, "right", "7 = 4 × 5 × 6"),
    Column("Ghi chú", 19, "left", "8"),
)
TITLE = "DỰ TOÁN KINH PHÍ"


# --- numbers -----------------------------------------------------------------------------------------------


def dots(number: int) -> str:
    """1200000 → "1.200.000"."""
    return f"{number:,}".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _hundreds(number: int, full: bool) -> list[str]:
    """Words of 0–999; `full` when a higher group precedes it ("không trăm linh năm")."""
    hundred, ten, unit = number // 100, number // 10 % 10, number % 10
    words = [_DIGITS[hundred], "trăm"] if full or hundred else []
    if ten == 0:
        if unit and words:
            words.append("linh")
    elif ten == 1:
        words.append("mười")
    else:
        words += [_DIGITS[ten], "mươi"]
    if unit == 1 and ten > 1:
        words.append("mốt")
    elif unit == 5 and ten > 0:
        words.append("lăm")
    elif unit:
        words.append(_DIGITS[unit])
    return words


def in_words(amount: int) -> str:
    """An amount of đồng in Vietnamese words: 1200000 → "Một triệu hai trăm nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index]:
            words += _hundreds(groups[index], full=index < len(groups) - 1)
            words += [_GROUPS[index]] if _GROUPS[index] else []
    text = " ".join(words)
    return f"{text[:1].upper()}{text[1:]} đồng"


def words_line(amount: int) -> Paragraph:
    return Paragraph(f"(Bằng chữ: {in_words(amount)}./.)", "italic")


# --- rows --------------------------------------------------------------------------------------------------


def line_note(line: estimates.Line) -> str:
    if line.adjustment:
        return f"Điều chỉnh (theo định mức: {dots(line.amount)}): {line.reason}"
    return line.note


def line_row(number, line: estimates.Line) -> Row:
    return Row((number, line.label, line.unit, line.quantity, line.days, line.unit_price, line.final, line_note(line)))


def total_row(label: str, amount: int, kind: str = TOTAL, number="", note: str = "") -> Row:
    return Row((number, label, "", "", "", "", amount, note), kind)


def rate_notes(items: list[estimates.Estimate]) -> list[str]:
    """One line per rate the computed lines use: its amount and legal source."""
    rates = {}
    for estimate in items:
        for line in estimate.lines:
            if line.is_computed and line.unit_price:
                rates.setdefault((line.label, line.unit_price, line.source), None)
    return [
        f"Đơn giá {lower_first(label)}: {dots(price)} đồng/người/ngày" + (f", theo {source}." if source else ".")
        for label, price, source in rates
    ]


def basis_notes(items: list[estimates.Estimate], *, named: bool) -> list[str]:
    """Who the computed lines count, event by event (`named`: prefixed with the event's title)."""
    notes = []
    for estimate in items:
        for line in estimate.lines:
            if line.is_computed:
                prefix = f"{capfirst(estimate.event.title)}: " if named else "Số người: "
                notes.append(f"{prefix}{line.basis}.")
    return notes


def day_note(items: list[estimates.Estimate]) -> list[str]:
    if len(items) == 1:
        estimate = items[0]
        text = f"Đơn giá theo định mức có hiệu lực ngày {estimate.rate_day:%d/%m/%Y}"
        estimated = " (chưa có ngày tổ chức: tạm tính theo thời gian của hoạt động)"
        return [text + (estimated if estimate.rate_day_estimated else "") + "."]
    note = "Đơn giá theo định mức có hiệu lực ngày bắt đầu của từng lớp, đợt"
    if any(estimate.rate_day_estimated for estimate in items):
        note += "; lớp, đợt chưa có ngày tổ chức được tạm tính theo thời gian của hoạt động"
    return [note + "."] if items else []


def estimate_notes(items: list[estimates.Estimate], *, named: bool) -> Notes | Paragraph:
    lines = basis_notes(items, named=named) + rate_notes(items) + day_note(items)
    return Notes(tuple(lines)) if lines else Paragraph("")


def closing(activity) -> Closing:
    office = activity.lead_office if activity is not None else None
    head = "TRƯỞNG BAN" if office is not None and office.name.lower().startswith("ban") else "TRƯỞNG PHÒNG"
    return Closing(
        Signature(("NGƯỜI LẬP",), hint="(Ký, ghi rõ họ tên)"),
        Signature((head,), hint="(Ký, ghi rõ họ tên)"),
    )


# --- documents ---------------------------------------------------------------------------------------------


def event_subject(event: TrainingEvent) -> str:
    activity = event.activity
    return f"{capfirst(event.title)} - {activity.code}. {activity.title} năm {activity.plan.year}"


def event_document(estimate: estimates.Estimate) -> Document:
    event = estimate.event
    rows = [line_row(number, line) for number, line in enumerate(estimate.lines, start=1)]
    rows.append(total_row("Tổng cộng", estimate.total))
    blocks = [
        office_header(event.activity),
        Title((TITLE,), subject=(event_subject(event),), note=schedule_note(event)),
        Table(COLUMNS, tuple(rows), number_row=True, font_size=11.5),
        words_line(estimate.total),
        estimate_notes([estimate], named=False),
        closing(event.activity),
    ]
    year = event.activity.plan.year
    return Document(
        title=f"Dự toán kinh phí — {event.title} — {year}",
        filename=f"Dự toán_{event.title}_{year}",
        sections=[Section("Dự toán", blocks)],
    )


def plan_rows(by_activity: dict[int, estimates.ActivityMoney]) -> list[Row]:
    """A bold row per activity (I, II, …) and per event (1, 2, …) with its total, the event's lines under it
    (1.1, 1.2, …)."""
    rows = []
    for index, money in enumerate(by_activity.values(), start=1):
        activity = money.activity
        note = "" if money.events else "Chưa có lớp, đợt"
        rows.append(
            total_row(f"{activity.code}. {capfirst(activity.title)}", money.estimate, SUBTOTAL, roman(index), note)
        )
        for number, estimate in enumerate(money.events, start=1):
            title = f"{capfirst(estimate.event.title)} ({two_digits(estimate.event.days)} ngày)"
            rows.append(total_row(title, estimate.total, SUBTOTAL, str(number)))
            rows += [line_row(f"{number}.{sub}", line) for sub, line in enumerate(estimate.lines, start=1)]
    return rows


def funding_lines(money: estimates.PlanMoney) -> list[Paragraph]:
    lines = [Paragraph("Nguồn kinh phí:", "subheading")]
    for allocation in money.allocations:
        where = f" (hoạt động {allocation.activity.code})" if allocation.activity_id else ""
        lines.append(
            Paragraph(f"- {allocation.get_kind_display()}{where}: {allocation.source}: {dots(allocation.amount)} đồng.")
        )
    if not money.allocations:
        lines.append(Paragraph("- Chưa có quyết định giao kinh phí."))
    balance = "còn lại" if money.remaining >= 0 else "còn thiếu"
    lines.append(
        Paragraph(
            f"- Tổng nguồn: {dots(money.allocated)} đồng; dự toán: {dots(money.estimate)} đồng; "
            f"{balance}: {dots(abs(money.remaining))} đồng."
        )
    )
    return lines


def plan_header(plan, activities) -> OfficialHeader:
    led = next((activity for activity in activities if activity.lead_office_id), None)
    if led is not None:
        return office_header(led)
    place = date_line(plan.issue_place or plan.issuing_unit.name, None, year=plan.year)
    return OfficialHeader(issuing_body=body_name(plan.issuing_unit), place_date=place)


def plan_document(plan, by_activity: dict[int, estimates.ActivityMoney], money: estimates.PlanMoney) -> Document:
    activities = [item.activity for item in by_activity.values()]
    rows = plan_rows(by_activity) + [total_row("Tổng cộng", money.estimate)]
    events = [estimate for item in by_activity.values() for estimate in item.events]
    issuer = plan.issuing_unit
    blocks = [
        plan_header(plan, activities),
        Title(
            (TITLE,),
            subject=(plan.title,),
            note=f"(Kèm theo Kế hoạch số {plan.reference} của Ủy ban nhân dân {issuer.full_name})",
        ),
        Table(COLUMNS, tuple(rows), number_row=True, font_size=11.5),
        words_line(money.estimate),
        *funding_lines(money),
        estimate_notes(events, named=True),
        closing(activities[0] if activities else None),
    ]
    return Document(
        title=f"Dự toán kinh phí — {plan.title}",
        filename=f"Dự toán kinh phí_Kế hoạch {plan.year}_{issuer.name}",
        sections=[Section("Dự toán", blocks)],
    )


# --- formats -----------------------------------------------------------------------------------------------


class EstimateExporter(Exporter):
    """Dự toán kinh phí of one class, tour or training: its computed and added lines, adjustments included."""

    identifier = "estimate"
    label = gettext_lazy("Dự toán kinh phí của lớp, đợt")
    model = TrainingEvent

    def get_object(self, user, pk, params):
        return event_for_staff(user, pk)

    def build(self, obj, params) -> Document:
        return event_document(estimates.event_estimate(obj))


class PlanEstimateExporter(Exporter):
    """Dự toán kinh phí of a plan: every activity with its events' lines, the total and the funds."""

    identifier = "estimate-plan"
    label = gettext_lazy("Dự toán kinh phí của kế hoạch")

    def get_object(self, user, pk, params):
        plan = get_object_or_404(plan_selectors.plans_for(user), pk=pk)
        if role_of(user) == Role.UNIT_OFFICER:
            raise PermissionDenied
        return plan

    def build(self, obj, params) -> Document:
        by_activity = estimates.estimates_by_activity(obj)
        return plan_document(obj, by_activity, estimates.plan_money(obj, by_activity))


register(EstimateExporter)
register(PlanEstimateExporter)

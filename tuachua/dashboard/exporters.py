"""The dashboard's figures as a document to take into a meeting (PDF, A4 with the official header) or to
work on (Excel): the same numbers as the page."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from tuachua.dashboard.figures import Dashboard, dashboard
from tuachua.dashboard.views import plan_of_request, unit_of_request
from tuachua.documents.blocks import (
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
from tuachua.documents.formats import body_name, date_line
from tuachua.exporters import Exporter, register

EVENTS = (
    Column("TT", 10, "center"),
    Column("Lớp, đoàn", 55, "left"),
    Column("Chỉ tiêu", 20, "right"),
    Column("Đã gửi", 20, "right"),
    Column("Đã xếp lớp", 20, "right"),
    Column("Có mặt", 20, "right"),
    Column("Tỷ lệ (%)", 20, "right"),
)
UNITS = (
    Column("TT", 10, "center"),
    Column("Đơn vị", 55, "left"),
    Column("Chỉ tiêu", 20, "right"),
    Column("Đã nhập", 20, "right"),
    Column("Đã gửi", 20, "right"),
    Column("Đã duyệt", 20, "right"),
    Column("Trễ hạn", 20, "center"),
)
RECS = (
    Column("TT", 10, "center"),
    Column("Nơi thực hiện kiến nghị", 95, "left"),
    Column("Chưa xong", 20, "right"),
    Column("Quá hạn", 20, "right"),
    Column("Đã đóng", 20, "right"),
)
PERIODS = (
    Column("TT", 10, "center"),
    Column("Kỳ báo cáo", 45, "left"),
    Column("Phải nộp", 18, "right"),
    Column("Đã nộp", 18, "right"),
    Column("Tỷ lệ (%)", 16, "right"),
    Column("Đơn vị còn thiếu", 58, "left"),
)
MONEY = (
    Column("TT", 10, "center"),
    Column("Hoạt động", 65, "left"),
    Column("Dự toán (đồng)", 30, "right"),
    Column("Được giao (đồng)", 30, "right"),
    Column("Đã chi (đồng)", 30, "right"),
)


def _dot(number) -> str:
    return f"{int(number or 0):,}".replace(",", ".")


def _event_rows(board: Dashboard) -> list[Row]:
    reg = board.registration
    rows = [
        Row((n, f.event.title, f.seats, f.sent, f.placed, "" if f.attended is None else f.attended, f.fill_rate))
        for n, f in enumerate(reg.events, start=1)
    ]
    classes = reg.classes
    if len(classes) > 1:
        sent = sum(f.sent for f in classes)
        rows.append(Row(("", "Cộng các lớp tập huấn", reg.class_seats, sent, reg.class_placed, "", ""), SUBTOTAL))
    seats = sum(f.seats for f in reg.events)
    placed = sum(f.placed for f in reg.events)
    rows.append(Row(("", "Tổng cộng", seats, sum(f.sent for f in reg.events), placed, "", ""), TOTAL))
    return rows


def _unit_rows(board: Dashboard) -> list[Row]:
    return [
        Row((n, capfirst(r.unit.full_name), r.quota, r.entered, r.sent, r.approved, "X" if r.is_late else ""))
        for n, r in enumerate(board.registration.units, start=1)
    ]


def _period_rows(board: Dashboard) -> list[Row]:
    rows = []
    for n, item in enumerate(board.monitoring.periods, start=1):
        missing = ", ".join(f"{unit.name} ({count})" for unit, count in item.missing_units)
        total = item.total
        rows.append(Row((n, item.period.name, total.expected, total.submitted, total.submitted_rate or 0, missing)))
    return rows


def _money_rows(board: Dashboard) -> list[Row]:
    rows = [
        Row((n, f"{a.code}. {a.title}", _dot(m.estimate), _dot(m.allocated), _dot(m.spent)))
        for n, (a, m) in enumerate(board.money, start=1)
    ]
    total = board.money_total
    if total is not None:
        rows.append(Row(("", "Cả kế hoạch", _dot(total.estimate), _dot(total.allocated), _dot(total.spent)), TOTAL))
    return rows


def dashboard_document(board: Dashboard) -> Document:
    plan, unit = board.plan, board.unit
    issuer = plan.issuing_unit
    parent = issuer.parent
    mon = board.monitoring
    reg = board.registration
    subject = f"Kế hoạch {plan.title[:1].lower()}{plan.title[1:]}"
    scope = capfirst(unit.full_name) if unit else capfirst(issuer.full_name)
    blocks = [
        OfficialHeader(
            issuing_body=body_name(issuer),
            parent_body=body_name(parent) if parent else "",
            place_date=date_line(plan.issue_place or issuer.name, board.today),
        ),
        Title(
            ("BÁO CÁO NHANH TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH",),
            subject=(subject,),
            note=f"({scope}, số liệu đến ngày {board.today:%d/%m/%Y})",
        ),
        Paragraph(
            f"Đại biểu các lớp tập huấn đã xếp lớp {reg.class_placed}/{reg.class_seats}; đoàn học tập kinh nghiệm "
            f"{reg.tour_placed}/{reg.tour_seats}; {len(reg.late_units)} đơn vị trễ hạn gửi danh sách. Giám sát: "
            f"{mon.visits.done}/{mon.visits.total} cuộc đã thực hiện; kiến nghị chưa xong {mon.recs_open}, quá hạn "
            f"{mon.recs_overdue}, đã đóng {mon.recs_closed}."
        ),
        Paragraph("1. Đăng ký đại biểu theo lớp, đoàn", "subheading"),
        Table(EVENTS, tuple(_event_rows(board))),
        Paragraph("2. Đăng ký đại biểu theo đơn vị", "subheading"),
        Table(UNITS, tuple(_unit_rows(board))),
        Paragraph("3. Kiến nghị qua giám sát", "subheading"),
        Table(RECS, tuple(Row((n, r.name, r.open, r.overdue, r.closed)) for n, r in enumerate(mon.addressees, 1))),
        Paragraph("4. Báo cáo định kỳ", "subheading"),
        Table(PERIODS, tuple(_period_rows(board))),
    ]
    if board.money:
        blocks += [Paragraph("5. Kinh phí", "subheading"), Table(MONEY, tuple(_money_rows(board)))]
    blocks.append(Closing(None, Signature(("NGƯỜI TỔNG HỢP",), hint="(Ký, ghi rõ họ tên)")))
    name = unit.name if unit else issuer.name
    return Document(
        title=f"Tiến độ kế hoạch — {scope} — {board.today:%d/%m/%Y}",
        filename=f"Tiến độ kế hoạch_{name}_{board.today:%Y-%m-%d}",
        sections=[Section("Tiến độ", blocks)],
    )


class DashboardExporter(Exporter):
    """The dashboard's figures, for the whole plan or one unit (a unit officer: their own)."""

    identifier = "dashboard"
    label = gettext_lazy("Tiến độ kế hoạch — bản in và Excel")

    def get_object(self, user, pk, params):
        plan = plan_of_request(user, {"plan": str(pk)})
        return plan, unit_of_request(user, params)

    def build(self, obj, params) -> Document:
        plan, unit = obj
        return dashboard_document(dashboard(plan, unit=unit))


register(DashboardExporter)

"""Mẫu số 01 draft (tuachua/mau01.py): what it counts from training and monitoring, and its three renderings."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring import services
from monitoring.models import PeriodKind, RecommendationStatus, VisitKind, VisitMethod, VisitStatus
from tests.monitoring import monitoring_world
from training.models import Delegate, EventKind, ListStatus, RegistrationList, TrainingEvent
from tuachua.mau01 import (
    date_line,
    mau01_context,
    mau01_filename,
    render_mau01_doc,
    render_mau01_html,
    render_mau01_pdf,
)

D = datetime.date
S = RecommendationStatus
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = D(2025, 1, 10)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


CLASS_DEADLINE = D(2024, 3, 18)


def _event(activity, number, *, start=None, deadline=CLASS_DEADLINE, title="Lớp thứ nhất", units=()):
    event = TrainingEvent.objects.create(
        activity=activity,
        kind=EventKind.TRAINING_CLASS,
        number=number,
        title=title,
        days=2,
        start_date=start,
        end_date=start + datetime.timedelta(days=1) if start else None,
        registration_deadline=datetime.datetime.combine(deadline, datetime.time(23, 59), tzinfo=TZ),
    )
    event.units.set(units)
    return event


def _list(event, unit, status, *, paid: list[bool]):
    reg_list = RegistrationList.objects.create(event=event, unit=unit, status=status)
    for order, paid_by_state in enumerate(paid, start=1):
        Delegate.objects.create(
            reg_list=reg_list,
            order=order,
            full_name=f"Giàng A Páo {order}",
            name_key=f"giang a pao {order}",
            position="Trưởng thôn",
            paid_by_state=paid_by_state,
        )


def _visit(world, activity, *, title, start, units, recs):
    """A done visit with a general finding, one finding per unit and the given recommendations."""
    staff = world.users.staff
    visit = services.visit_create(
        activity=activity,
        kind=VisitKind.AD_HOC,
        method=VisitMethod.INDIRECT,
        title=title,
        planned_start=start,
        planned_end=start,
        units=units,
        by=staff,
    )
    services.visit_set_status(visit=visit, status=VisitStatus.DONE, by=staff, actual_start=start, actual_end=start)
    services.finding_add(visit=visit, text=f"Nhận xét chung ({title})", by=staff)
    for unit in units:
        services.finding_add(visit=visit, text=f"Hồ sơ của {unit.name} còn thiếu", by=staff, unit=unit)
    for addressee, due in recs:
        target = {"office": addressee} if addressee == world.a.finance else {"unit": addressee}
        services.recommendation_create(visit=visit, text=f"Kiến nghị gửi {addressee}", due_date=due, by=staff, **target)
    return visit


@pytest.fixture
def small(world):
    """District A: the Q4 visit to both communes (findings, four recommendations in four statuses), one
    class held in March with an approved and a submitted list, a tour without dates (draft list, not
    counted), a class in September, and a class of district B (never counted)."""
    a, staff, officer = world.a, world.users.staff, world.users.officer_a
    mw = monitoring_world(world)
    visit = mw.visit
    services.visit_set_status(visit=visit, status=VisitStatus.IN_PROGRESS, by=staff, actual_start=D(2024, 10, 7))
    services.visit_set_status(visit=visit, status=VisitStatus.DONE, by=staff, actual_end=D(2024, 10, 9))
    services.finding_add(visit=visit, text="Các xã triển khai đúng quy trình", by=staff)
    first = services.finding_add(visit=visit, text="Phiếu B1 thiếu chữ ký", by=staff, unit=a.communes[0])
    services.finding_add(visit=visit, text="Chưa niêm yết công khai", by=staff, unit=a.communes[1])

    def rec(text, due, **target):
        return services.recommendation_create(visit=visit, text=text, due_date=due, by=staff, **target)

    closed = rec("Bổ sung chữ ký chủ hộ", D(2024, 11, 30), unit=a.communes[0], finding=first)
    services.recommendation_respond(recommendation=closed, by=officer, text="Xong", new_status=S.REPORTED_DONE)
    services.recommendation_verify(recommendation=closed, by=staff, close=True)
    rec("Cập nhật phần mềm", D(2024, 11, 30), unit=a.communes[0])  # open, overdue on TODAY
    progress = rec("Niêm yết kết quả", D(2025, 2, 28), unit=a.communes[1])
    services.recommendation_respond(
        recommendation=progress, by=world.users.officer_b, text="Đang làm", new_status=S.IN_PROGRESS
    )
    reported = rec("Bố trí kinh phí", D(2024, 12, 31), office=a.finance)
    services.recommendation_respond(
        recommendation=reported, by=world.users.office, text="Đã trình", new_status=S.REPORTED_DONE
    )

    training = a.activities[0]
    march = _event(training, 1, start=D(2024, 3, 20), units=a.communes)
    _list(march, a.communes[0], ListStatus.APPROVED, paid=[True, True, False])
    _list(march, a.communes[1], ListStatus.SUBMITTED, paid=[False, False])
    tour = _event(a.activities[1], 1, title="Đoàn học tập", units=a.communes)  # no dates: counts by its deadline
    _list(tour, a.communes[0], ListStatus.DRAFT, paid=[True, True, True, True])
    september = _event(training, 2, start=D(2024, 9, 10), deadline=D(2024, 8, 31), title="Lớp thứ hai")
    _list(september, a.communes[1], ListStatus.APPROVED, paid=[True])
    _event(world.b.activities[0], 1, start=D(2024, 3, 20), units=world.b.communes)

    def period(name, kind, end, due):
        return services.reporting_period_create(
            plan=a.plan, name=name, kind=kind, start=D(2024, 1, 1), end=end, due_date=due, by=staff
        )

    return {
        "world": world,
        "mw": mw,
        "half": period("6 tháng đầu năm 2024", PeriodKind.SIX_MONTH, D(2024, 6, 30), D(2024, 5, 25)),
        "year": period("Năm 2024", PeriodKind.ANNUAL, D(2024, 12, 31), D(2024, 11, 25)),
    }


def _context(small, period="year", unit=None):
    world = small["world"]
    return mau01_context(plan=world.a.plan, period=small[period], unit=unit, today=TODAY)


def _statuses(context) -> dict:
    return dict(context["recommendations"]["by_status"])


def test_district_year_counts(small):
    context = _context(small)
    visits = context["visits"]
    assert (visits["total"], visits["done"], visits["periodic"], visits["direct"], visits["units_visited"]) == (
        1,
        1,
        1,
        1,
        2,
    )
    assert visits["rows"][0]["team_size"] == 0 and visits["rows"][0]["dates"] == "07–09/10/2024"
    assert [finding["text"] for finding in context["findings"]] == [
        "Các xã triển khai đúng quy trình",
        "Phiếu B1 thiếu chữ ký",
        "Chưa niêm yết công khai",
    ]
    recs = context["recommendations"]
    assert recs["total"] == 4
    assert _statuses(context) == {
        "Chưa thực hiện": 1,
        "Đang thực hiện": 1,
        "Đã báo cáo hoàn thành": 1,
        "Đã kiểm tra, đóng": 1,
        "Mở lại": 0,
    }
    assert recs["overdue"] == 2  # the open one (30/11) and the office's reported-done one (31/12)
    assert recs["closed_rate"] == 25
    assert [row["overdue_days"] for row in recs["rows"]] == [0, 41, 10, 0]  # by due date
    training = context["training"]
    assert [(row["title"], row["registered"], row["approved"], row["unpaid"]) for row in training["events"]] == [
        ("Lớp thứ nhất", 5, 3, 1),
        ("Lớp thứ hai", 1, 1, 0),
        ("Đoàn học tập", 0, 0, 0),
    ]
    assert [(row["name"], row["registered"], row["approved"]) for row in training["units"]] == [
        ("xã Xã A1", 3, 3),
        ("xã Xã A2", 3, 1),
    ]
    assert training["total"] == {"registered": 6, "approved": 4}
    assert context["issuer_body"] == "UBND HUYỆN HUYỆN A"
    assert context["place_date"] == "Tủa Chùa, ngày 10 tháng 01 năm 2025"
    assert context["to"] == ["Ủy ban nhân dân tỉnh Điện Biên;", "Sở Lao động - Thương binh và Xã hội tỉnh Điện Biên."]


def test_one_unit_sees_its_own_part(small):
    commune = small["world"].a.communes[0]
    context = _context(small, unit=commune)
    assert context["issuer_body"] == "UBND XÃ XÃ A1"
    assert context["place_date"].startswith("Xã A1, ngày 10 tháng 01 năm 2025")
    assert [finding["text"] for finding in context["findings"]] == [
        "Các xã triển khai đúng quy trình",
        "Phiếu B1 thiếu chữ ký",
    ]
    assert context["recommendations"]["total"] == 2
    assert _statuses(context)["Đã kiểm tra, đóng"] == 1 and context["recommendations"]["overdue"] == 1
    assert [(row["title"], row["registered"]) for row in context["training"]["events"]] == [
        ("Lớp thứ nhất", 3),
        ("Đoàn học tập", 0),
    ]
    assert context["training"]["units"] == []
    assert context["signing"] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert "Phòng Lao động - Thương binh và Xã hội huyện" in context["to"][0]


def test_the_period_bounds_visits_and_events(small):
    context = _context(small, period="half")
    assert context["visits"]["total"] == 0 and context["findings"] == [] and context["recommendations"]["total"] == 0
    assert [row["title"] for row in context["training"]["events"]] == ["Lớp thứ nhất", "Đoàn học tập"]
    assert context["period_range"] == "từ ngày 01/01/2024 đến ngày 30/06/2024"


def test_cancelled_visits_are_left_out(small):
    world = small["world"]
    visit = services.visit_create(
        activity=small["mw"].activity,
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        title="Hủy",
        planned_start=D(2024, 11, 4),
        planned_end=D(2024, 11, 5),
        units=world.a.communes,
        by=world.users.staff,
    )
    services.visit_set_status(visit=visit, status=VisitStatus.CANCELLED, by=world.users.staff)
    assert _context(small)["visits"]["total"] == 1


def _queries(small, unit=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        _context(small, unit=unit)
    return len(captured)


def test_a_constant_number_of_queries(small):
    world = small["world"]
    before = (_queries(small), _queries(small, world.a.communes[0]))
    assert before[0] <= 9
    activity = small["mw"].activity
    for number in range(3):
        _visit(
            world,
            activity,
            title=f"Đột xuất {number}",
            start=D(2024, 11, 10 + number),
            units=world.a.communes,
            recs=[(world.a.communes[0], D(2024, 12, 1)), (world.a.finance, D(2024, 12, 2))],
        )
        event = _event(world.a.activities[0], 10 + number, start=D(2024, 5, 2 + number), units=world.a.communes)
        _list(event, world.a.communes[number % 2], ListStatus.APPROVED, paid=[True, False])
    after = (_queries(small), _queries(small, world.a.communes[0]))
    assert after == before
    assert _context(small)["recommendations"]["total"] == 10


def test_date_line_leading_zeros():
    assert date_line("Tủa Chùa", D(2024, 3, 5)) == "Tủa Chùa, ngày 05 tháng 3 năm 2024"
    assert date_line("Tủa Chùa", D(2024, 2, 15)) == "Tủa Chùa, ngày 15 tháng 02 năm 2024"
    assert date_line("Mường Báng", D(2024, 12, 25)) == "Mường Báng, ngày 25 tháng 12 năm 2024"


def test_html_has_the_official_layout(small):
    html = render_mau01_html(_context(small))
    for text in [
        "UBND HUYỆN HUYỆN A",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: …/BC-UBND",
        '<p class="place-date">Tủa Chùa, ngày 10 tháng 01 năm 2025</p>',
        "BÁO CÁO",
        "Kết quả giám sát thực hiện",
        "Năm 2024",
        "Kính gửi:",
        "I. KẾT QUẢ TỔ CHỨC GIÁM SÁT",
        "II. KẾT QUẢ NÂNG CAO NĂNG LỰC",
        "III. NHỮNG PHÁT HIỆN QUA GIÁM SÁT",
        "IV. KIẾN NGHỊ VÀ KẾT QUẢ THỰC HIỆN KIẾN NGHỊ",
        "V. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT, KIẾN NGHỊ",
        "Giám sát định kỳ quý IV",
        "quá hạn 41 ngày",
        "Nơi nhận:",
        "- Lưu: VT.",
        '<p class="sign">CHỦ TỊCH</p>',  # the plan of the test world has no signing capacity
        "@page :first",
        '"Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif", serif',
        "margin: 20mm 15mm 20mm 30mm",
    ]:
        assert text in html, text
    assert "mso-element:header" not in html  # Word's page-number header only goes into the .doc


def test_doc_is_word_html(small):
    context = _context(small, unit=small["world"].a.communes[0])
    doc = render_mau01_doc(context)
    assert doc.startswith(b"<!DOCTYPE html>\n<html")
    assert b'xmlns:w="urn:schemas-microsoft-com:office:word"' in doc
    assert b"@page WordSection1" in doc and b"mso-element:header" in doc
    assert "UBND XÃ XÃ A1".encode() in doc and "Kính gửi:".encode() in doc
    assert mau01_filename(context, "doc") == "mau01-xa-xa-a1-nam-2024.doc"


def test_pdf(small):
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:  # WeasyPrint needs Pango and its system libraries
        pytest.skip(f"WeasyPrint cannot load its system libraries: {exc}")
    pdf = render_mau01_pdf(_context(small))
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


def test_the_district_report_is_signed_as_the_plan_says(small):
    plan = small["world"].a.plan
    plan.signing_capacity = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    plan.signer_title, plan.signer_name = "PHÓ CHỦ TỊCH", "Vừ A Hùng"
    plan.save()
    context = _context(small)
    assert context["signing"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    html = render_mau01_html(context)
    assert '<p class="signer">Vừ A Hùng</p>' in html

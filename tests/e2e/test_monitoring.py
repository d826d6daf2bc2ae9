"""Monitoring (issue 5) through the real UI in Chromium, on the Tủa Chùa 2024 demo.

One journey, in order: the Labour office (phonglaodong, 1280 px) plans a visit of activity 2.1 to xã Mường Đun
and records a recommendation for the commune; the officer of xã Mường Đun (muong-dun, 360 px) finds the coming
visit (with what to prepare) and the recommendation on the home page, and reports it done with a PDF of evidence;
the office sees the response and its file and closes the recommendation. Then completeness: the office notes the
counts on the board of a six-month period, the officer uploads Biểu 03, the office accepts it and the board
counts it. Every browser context is watched for console errors, CSP violations and failed requests.

Reporting periods have no page to create them: `period` opens one around today through the services.

Run: .venv/bin/python -m pytest tests/e2e/test_monitoring.py -q --create-db -p no:randomly
"""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_registration import (
    alert,
    assert_no_horizontal_scroll,
    click_and_wait,
    log_in,
    open_nav_link,
)

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

PHONE = (360, 740)
DESKTOP = (1280, 800)
STAFF, OFFICER = "phonglaodong", "muong-dun"
UNIT = "Mường Đun"
UNIT_LABEL = "xã Mường Đun"  # str(AdministrativeUnit): its full name
ACTIVITY = "2.1. Giám sát, đánh giá"
VISIT_TITLE = "Giám sát thực hiện Chương trình tại xã Mường Đun"
PREPARATION = "Chuẩn bị báo cáo tóm tắt kết quả giảm nghèo 6 tháng và hồ sơ hộ nghèo của thôn 03."
REC_TEXT = "Bổ sung chữ ký chủ hộ vào phiếu B1 ở thôn 03."  # short: the home page cuts at 14 words
RESPONSE_TEXT = "Đã bổ sung đủ chữ ký của 11 chủ hộ; gửi kèm bản chụp phiếu B1."
CLOSE_COMMENT = "Hồ sơ đầy đủ."
EVIDENCE_NAME = "minh-chung-phieu-b1.pdf"
REPORT_NAME = "bieu-03-muong-dun.pdf"
TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM_CODE, FORM_NAME = "BIEU-03", "Biểu số 03"


def today() -> datetime.date:
    return timezone.localdate()  # Asia/Ho_Chi_Minh, the server's time zone


@pytest.fixture
def period(demo, settings, tmp_path):
    """A six-month reporting period of the 2024 plan (the half year of today), due in two weeks, with the default
    form catalogue; xã Lao Xả Phình has already sent its Biểu 03 so that the totals do not start at zero."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring import services
    from monitoring.models import PeriodKind, ReportForm
    from plans.demo.tua_chua_2024 import DISTRICT
    from plans.models import AdministrativeUnit, Plan

    settings.MEDIA_ROOT = tmp_path / "media"
    staff = get_user_model().objects.get(username=STAFF)
    services.report_forms_install_defaults(by=staff)
    plan = Plan.objects.get(year=2024, issuing_unit__code=DISTRICT["code"])
    now = today()
    first_half = now.month <= 6
    created = services.reporting_period_create(
        plan=plan,
        name=f"6 tháng {'đầu' if first_half else 'cuối'} năm {now.year}",
        kind=PeriodKind.SIX_MONTH,
        start=datetime.date(now.year, 1 if first_half else 7, 1),
        end=datetime.date(now.year, 6, 30) if first_half else datetime.date(now.year, 12, 31),
        due_date=now + datetime.timedelta(days=14),
        by=staff,
    )
    services.submission_upload(
        period=created,
        unit=AdministrativeUnit.objects.get(code="LAO-XA-PHINH"),
        form=ReportForm.objects.get(code=FORM_CODE),
        file=SimpleUploadedFile("bieu-03-lao-xa-phinh.pdf", TINY_PDF, content_type="application/pdf"),
        by=staff,
    )
    return created


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / EVIDENCE_NAME
    path.write_bytes(TINY_PDF)
    return path


@pytest.fixture
def report_file(tmp_path) -> Path:
    path = tmp_path / REPORT_NAME
    path.write_bytes(TINY_PDF)
    return path


# --- helpers ---------------------------------------------------------------------------------------------


def ddmmyyyy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def subnav(page: Page, name: str) -> None:
    """Follow a tab of the monitoring pages (Cuộc giám sát, Kiến nghị, Báo cáo định kỳ)."""
    click_and_wait(page, page.locator("ul.nav-tabs").get_by_role("link", name=name, exact=True))


def board_totals(page: Page) -> dict[str, int]:
    """The six figures above the board: {"Phải nộp": 24, "Đã nộp": 1, ...}."""
    cards = page.get_by_test_id("totals").locator(".card")
    labels = cards.locator(".small.text-muted").all_inner_texts()
    numbers = cards.locator(".stat-number").all_inner_texts()
    assert len(labels) == len(numbers) == 6, (labels, numbers)
    return {label.strip(): int(number) for label, number in zip(labels, numbers, strict=True)}


def board_column(page: Page, header: str) -> int:
    """Index of a column of the board by its heading (0 is the unit column): "BIEU-03", "Đã nộp"..."""
    headers = [text.strip() for text in page.get_by_test_id("board").locator("thead th").all_inner_texts()]
    return headers.index(header)


def _text(cell: Locator) -> str:
    return " ".join(cell.inner_text().split())


def board_cell(page: Page, unit: str, header: str) -> Locator:
    """One square of a unit's row of the board, under `header` (a form code or a count)."""
    row = (
        page.get_by_test_id("board")
        .locator("tbody tr")
        .filter(has=page.get_by_role("rowheader", name=unit, exact=True))
    )
    expect(row).to_have_count(1)
    return row.locator("th, td").nth(board_column(page, header))


def form_total(page: Page, label: str, form_code: str) -> str:
    """A figure of the board's footer for one form ("Đã nộp" of BIEU-03: "2 (16,7%)", a decimal comma)."""
    row = (
        page.get_by_test_id("form-totals")
        .locator("tr")
        .filter(has=page.get_by_role("rowheader", name=label, exact=True))
    )
    return _text(row.locator("th, td").nth(board_column(page, form_code)))


# --- the journey -----------------------------------------------------------------------------------------


def test_monitoring_journey(period, open_browser, pdf_file, report_file, screenshots_dir):
    staff = open_browser(*DESKTOP)
    officer = open_browser(*PHONE)
    s, o = staff.page, officer.page
    start, end = today() + datetime.timedelta(days=3), today() + datetime.timedelta(days=4)
    rec_due = today() + datetime.timedelta(days=10)

    # 1. The Labour office plans a visit of activity 2.1 to xã Mường Đun (and xã Mường Báng)...
    log_in(staff, STAFF)
    open_nav_link(s, "Giám sát")
    expect(s.locator("h1")).to_have_text("Giám sát, đánh giá")
    click_and_wait(s, s.get_by_role("link", name="Lên kế hoạch cuộc giám sát"))
    expect(s.locator("h1")).to_have_text("Lên kế hoạch cuộc giám sát")
    s.get_by_label("Hoạt động").select_option(label=ACTIVITY)
    s.get_by_label("Tên cuộc giám sát").fill(VISIT_TITLE)
    s.get_by_label("Loại").select_option(label="Định kỳ")
    s.get_by_label("Hình thức").select_option(label="Trực tiếp")
    s.get_by_label("Dự kiến từ ngày").fill(start.isoformat())
    s.get_by_label("Dự kiến đến ngày").fill(end.isoformat())
    s.get_by_label(UNIT_LABEL, exact=True).check()
    s.get_by_label("xã Mường Báng", exact=True).check()
    s.get_by_label("Đơn vị cần chuẩn bị").fill(PREPARATION)
    click_and_wait(s, s.get_by_role("button", name="Lưu", exact=True))
    expect(alert(s, "Đã lên kế hoạch cuộc giám sát.")).to_be_visible()
    expect(s.locator("h1")).to_have_text(VISIT_TITLE)
    expect(s.get_by_test_id("visit-status")).to_have_text("Đã lên kế hoạch")
    expect(s.get_by_text(f"Dự kiến: {ddmmyyyy(start)} – {ddmmyyyy(end)}")).to_be_visible()
    visit_url = s.url
    assert re.search(r"/monitoring/visits/\d+/$", visit_url), visit_url

    # ... and, on the visit page, records a recommendation for xã Mường Đun, due in ten days.
    recommendations = s.locator("#recommendations")
    recommendations.get_by_text("Ghi kiến nghị").click()
    rec_form = recommendations.locator("form")
    # Scoped to the form: its fields share ids with the findings and team forms (see test_visit_page_field_ids).
    rec_form.locator("textarea[name=text]").fill(REC_TEXT)
    rec_form.locator("select[name=unit]").select_option(label=UNIT_LABEL)
    rec_form.locator("input[name=due_date]").fill(rec_due.isoformat())
    click_and_wait(s, rec_form.get_by_role("button", name="Lưu kiến nghị"))
    expect(alert(s, "Đã ghi kiến nghị.")).to_be_visible()
    rec_item = s.locator("#recommendations li").filter(has_text=REC_TEXT)
    expect(rec_item).to_have_count(1)
    expect(rec_item).to_contain_text(f"{UNIT_LABEL} · hạn {ddmmyyyy(rec_due)} · Chưa thực hiện")

    # 2. The officer (phone) sees the coming visit, with what to prepare, and the recommendation on the home page.
    log_in(officer, OFFICER)
    visit_alert = o.get_by_test_id("upcoming-visit").filter(has_text=VISIT_TITLE)
    expect(visit_alert).to_be_visible()
    expect(visit_alert).to_contain_text(f"({ddmmyyyy(start)} – {ddmmyyyy(end)})")
    expect(visit_alert).to_contain_text(PREPARATION)
    owed = o.get_by_test_id("owed")
    expect(owed.get_by_role("heading")).to_have_text("Báo cáo, kiến nghị đơn vị cần thực hiện")
    owed_rec = owed.locator("li").filter(has=o.get_by_role("link", name=REC_TEXT, exact=True))
    expect(owed_rec).to_contain_text(f"Hạn {ddmmyyyy(rec_due)} · còn 10 ngày")
    # The period's two forms are owed too.
    for code in (FORM_CODE, "MAU-01"):
        expect(owed.locator("li").filter(has_text=f"{code} — {period.name}")).to_have_count(1)
    assert_no_horizontal_scroll(o)
    o.screenshot(path=screenshots_dir / "monitoring-home-muong-dun-360.png", full_page=True)

    # The visit's page, from the home page: what to prepare, the recommendation; nothing to edit.
    click_and_wait(o, visit_alert.get_by_role("link", name=VISIT_TITLE))
    expect(o).to_have_url(visit_url)
    expect(o.locator("h1")).to_have_text(VISIT_TITLE)
    expect(o.locator("main")).to_contain_text(f"Đơn vị cần chuẩn bị: {PREPARATION}")
    expect(o.locator("#recommendations li").filter(has_text=REC_TEXT)).to_have_count(1)
    expect(o.locator("main form")).to_have_count(0)
    assert_no_horizontal_scroll(o)
    o.go_back()

    # The officer opens the recommendation and reports it done, with a text and a PDF of evidence.
    click_and_wait(o, owed_rec.get_by_role("link", name=REC_TEXT))
    rec_url = o.url
    assert re.search(r"/monitoring/recommendations/\d+/$", rec_url), rec_url
    expect(o.locator("h1")).to_have_text("Kiến nghị")
    expect(o.get_by_text(REC_TEXT)).to_be_visible()
    expect(o.get_by_test_id("rec-status")).to_have_text("Chưa thực hiện")
    o.get_by_label("Tình trạng").select_option(label="Đã báo cáo hoàn thành")
    o.get_by_label("Báo cáo kết quả").fill(RESPONSE_TEXT)
    o.get_by_label(re.compile("^Tài liệu chứng minh")).set_input_files(pdf_file)
    click_and_wait(o, o.get_by_role("button", name="Gửi báo cáo"))
    expect(o).to_have_url(rec_url)
    expect(alert(o, "Đã gửi báo cáo thực hiện kiến nghị.")).to_be_visible()
    expect(o.get_by_test_id("rec-status")).to_have_text("Đã báo cáo hoàn thành")
    response = o.get_by_test_id("responses").locator("li")
    expect(response).to_have_count(1)
    expect(response).to_contain_text("Chưa thực hiện → Đã báo cáo hoàn thành")
    expect(response).to_contain_text(RESPONSE_TEXT)
    expect(response.get_by_role("link", name=EVIDENCE_NAME)).to_be_visible()
    expect(o.get_by_role("button", name="Gửi báo cáo")).to_have_count(0)  # waiting for the office's check
    assert_no_horizontal_scroll(o)
    o.screenshot(path=screenshots_dir / "monitoring-recommendation-muong-dun-360.png", full_page=True)

    # 3. The office opens the recommendation from the visit: the response and its file; it closes it.
    s.goto(visit_url)
    expect(rec_item).to_contain_text("Đã báo cáo hoàn thành")
    click_and_wait(s, rec_item.get_by_role("link", name=REC_TEXT))
    expect(s).to_have_url(rec_url)
    staff_response = s.get_by_test_id("responses").locator("li")
    expect(staff_response).to_contain_text(RESPONSE_TEXT)
    evidence = staff_response.get_by_role("link", name=EVIDENCE_NAME)
    expect(evidence).to_be_visible()
    expect(evidence).to_have_attribute("href", re.compile(r"^/monitoring/response-files/\d+/$"))
    s.get_by_label("Ý kiến").fill(CLOSE_COMMENT)
    click_and_wait(s, s.get_by_role("button", name="Xác nhận hoàn thành, đóng"))
    expect(alert(s, "Đã đóng kiến nghị.")).to_be_visible()
    expect(s.get_by_test_id("rec-status")).to_have_text("Đã kiểm tra, đóng")
    expect(s.get_by_test_id("responses").locator("li")).to_have_count(2)
    expect(s.get_by_test_id("responses").locator("li").nth(1)).to_contain_text(CLOSE_COMMENT)
    expect(s.get_by_role("button", name="Xác nhận hoàn thành, đóng")).to_have_count(0)

    # The officer sees it closed; the home page no longer lists it.
    o.reload()
    expect(o.get_by_test_id("rec-status")).to_have_text("Đã kiểm tra, đóng")
    o.goto(officer.url("/"))
    expect(o.get_by_test_id("owed").get_by_role("link", name=REC_TEXT)).to_have_count(0)

    # 4. Completeness. The office opens the period's board and notes the counts.
    open_nav_link(s, "Giám sát")
    subnav(s, "Báo cáo định kỳ")
    period_row = s.get_by_test_id("periods").locator("tbody tr").filter(has_text=period.name)
    click_and_wait(s, period_row.get_by_role("link", name=period.name))
    expect(s.locator("h1")).to_have_text(f"Tình hình nộp báo cáo: {period.name}")
    board_url = s.url
    before = board_totals(s)
    # 12 communes × (Biểu 03 + Mẫu 01); xã Lao Xả Phình's Biểu 03 is in, waiting for review.
    assert before == {
        "Phải nộp": 24,
        "Đã nộp": 1,
        "Đúng hạn": 1,
        "Trễ hạn": 0,
        "Đã chấp nhận": 0,
        "Còn thiếu": 23,
    }, before
    badge = board_cell(s, UNIT, FORM_CODE).locator("[data-state]")
    expect(badge).to_have_attribute("data-state", "missing")
    expect(badge).to_have_text("○ Chưa nộp")
    expect(board_cell(s, UNIT, "Đã nộp")).to_have_text("0 (0%)")
    expect(board_cell(s, UNIT, "Đã chấp nhận")).to_have_text("0 (0%)")
    assert form_total(s, "Đã nộp", FORM_CODE) == "1 (8,3%)"

    # The officer opens the unit's reports page (the "Báo cáo định kỳ" tab) and uploads Biểu 03.
    open_nav_link(o, "Giám sát")
    subnav(o, "Báo cáo định kỳ")
    expect(o.locator("h1")).to_have_text("Báo cáo phải nộp: Xã Mường Đun")
    assert re.search(r"/reports/units/\d+/$", o.url), o.url
    item = o.locator(f"tr[id^='item-{period.pk}-']").filter(has_text=f"{FORM_CODE} — {FORM_NAME}")
    expect(item).to_have_attribute("data-state", "missing")
    expect(item).to_contain_text("còn 14 ngày")
    assert_no_horizontal_scroll(o)
    item.get_by_label(f"Tệp {FORM_CODE}").set_input_files(report_file)
    click_and_wait(o, item.get_by_role("button", name="Nộp báo cáo"))
    expect(alert(o, f"Đã nộp {FORM_NAME} ({period.name}), lần nộp thứ 1.")).to_be_visible()
    expect(item).to_have_attribute("data-state", "on_time")
    expect(item).to_contain_text("Nộp đúng hạn")
    assert_no_horizontal_scroll(o)
    o.screenshot(path=screenshots_dir / "monitoring-reports-muong-dun-360.png", full_page=True)

    # The office sees it on the board, opens the submission and accepts it.
    s.reload()
    submitted = board_totals(s)
    assert submitted == {**before, "Đã nộp": 2, "Đúng hạn": 2, "Còn thiếu": 22}, submitted
    expect(badge).to_have_attribute("data-state", "on_time")
    expect(board_cell(s, UNIT, "Đã nộp")).to_have_text("1 (50%)")
    click_and_wait(s, badge)
    expect(s.locator("h1")).to_have_text(FORM_NAME)
    expect(s.get_by_test_id("status")).to_contain_text("chờ duyệt")
    expect(s.get_by_test_id("versions").get_by_role("link", name=REPORT_NAME)).to_be_visible()
    click_and_wait(s, s.get_by_role("button", name="Chấp nhận", exact=True))
    expect(alert(s, "Đã chấp nhận báo cáo.")).to_be_visible()
    expect(s.get_by_test_id("status")).to_contain_text("Đã chấp nhận")
    expect(s.get_by_role("button", name="Chấp nhận", exact=True)).to_have_count(0)

    # The board counts it as accepted.
    click_and_wait(s, s.locator("nav[aria-label=breadcrumb]").get_by_role("link", name=period.name))
    expect(s).to_have_url(board_url)
    after = board_totals(s)
    assert after == {**before, "Đã nộp": 2, "Đúng hạn": 2, "Đã chấp nhận": 1, "Còn thiếu": 22}, after
    expect(badge).to_have_attribute("data-state", "accepted")
    expect(badge).to_have_text("✓ Đã chấp nhận")
    expect(board_cell(s, UNIT, "Đã nộp")).to_have_text("1 (50%)")
    expect(board_cell(s, UNIT, "Đã chấp nhận")).to_have_text("1 (50%)")
    assert form_total(s, "Đã nộp", FORM_CODE) == "2 (16,7%)"
    assert form_total(s, "Đã chấp nhận", FORM_CODE) == "1 (8,3%)"
    s.screenshot(path=screenshots_dir / "monitoring-board-1280.png", full_page=True)

    # The officer's page shows Biểu 03 accepted, and the home page owes only Mẫu 01 of the period.
    o.reload()
    expect(item).to_have_attribute("data-state", "accepted")
    expect(item).to_contain_text("Đã xong")
    o.goto(officer.url("/"))
    expect(o.get_by_test_id("owed").locator("li").filter(has_text=f"{FORM_CODE} — {period.name}")).to_have_count(0)
    expect(o.get_by_test_id("owed").locator("li").filter(has_text=f"MAU-01 — {period.name}")).to_have_count(1)

    staff.assert_clean()
    officer.assert_clean()


def test_visit_page_field_ids(demo, open_browser):
    """Every id on a visit's page is unique, so each label names its own field."""
    from django.contrib.auth import get_user_model

    from monitoring import services
    from monitoring.models import VisitKind, VisitMethod
    from plans.models import Activity, AdministrativeUnit

    staff_user = get_user_model().objects.get(username=STAFF)
    visit = services.visit_create(
        activity=Activity.objects.get(plan__year=2024, code="2.1"),
        kind=VisitKind.PERIODIC,
        method=VisitMethod.DIRECT,
        title=VISIT_TITLE,
        planned_start=today() + datetime.timedelta(days=3),
        planned_end=today() + datetime.timedelta(days=4),
        units=[AdministrativeUnit.objects.get(code="MUONG-DUN")],
        by=staff_user,
    )
    session = open_browser(*DESKTOP)
    page = session.page
    log_in(session, STAFF)
    page.goto(session.url(f"/monitoring/visits/{visit.pk}/"))
    expect(page.locator("h1")).to_have_text(VISIT_TITLE)
    session.assert_clean()
    duplicates = page.evaluate(
        "() => { const ids = [...document.querySelectorAll('[id]')].map(el => el.id);"
        " return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]; }"
    )
    recommendation_form = page.locator("#recommendations form")
    labelled = page.get_by_label("Gửi đơn vị", exact=True)
    inside = labelled.evaluate("(el, form) => form.contains(el)", recommendation_form.element_handle())
    assert duplicates == [] and inside, f"duplicate ids {duplicates}; 'Gửi đơn vị' labels its own select: {inside}"

"""Delegate registration (issue 3) through the real UI in Chromium, on the Tủa Chùa 2024 demo.

One journey, in order: the Labour office (phonglaodong, 1280 px) moves the deadline of "Lớp thứ nhất" into the
future; the officer of xã Mường Đun (muong-dun, 360 px) types two delegates (adding a row with htmx), saves a
draft, appends one more from a Phụ lục I workbook, and submits; the office returns the list with a comment; the
officer fixes a position and resubmits; the office approves and finds the three people in the class roster.
An officer of another unit gets the 404 page for Mường Đun's list. Every browser context is watched for
console errors, CSP violations and failed requests (conftest's `Session`).

Run: .venv/bin/python -m pytest tests/e2e/test_registration.py -q --create-db
"""

import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import BROWSER_TIMEZONE, Session, log_in
from tests.training.excel_fixtures import Person, annex_workbook

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

PHONE = (360, 740)
DESKTOP = (1280, 800)
MAX_PAGE_BYTES = 600_000
STAFF, OFFICER, OTHER_OFFICER = "phonglaodong", "muong-dun", "lao-xa-phinh"
EVENT = "Lớp thứ nhất"
UNIT_HEADING = "Xã Mường Đun"  # unit.full_name|capfirst
QUOTA = "9 cấp xã + 5 × 10 thôn = 59"
COMMENT = "Bổ sung chức vụ đầy đủ của đại biểu Lò Văn Thượng (Chủ tịch UBND xã) rồi gửi lại."

# The delegates: two typed in the form, one read from the uploaded workbook.
TYPED = [
    {"name": "Lò Văn Thượng", "position": "Chủ tịch UBND", "level": "Cấp xã", "paid": "Hưởng lương"},
    {"name": "Giàng Thị Mỷ", "position": "Chi hội trưởng Phụ nữ", "level": "Thôn 03", "paid": "Không hưởng"},
]
UPLOADED = Person("Sùng A Páo", position="Trưởng thôn", paid=False, village="Thôn 05")
FIXED_POSITION = "Chủ tịch UBND xã"
NAMES = [TYPED[0]["name"], TYPED[1]["name"], UPLOADED.name]


@pytest.fixture
def training_demo(demo):
    """The demo plus its training events (the four classes of activity 1.1, the tour, the review training)."""
    from training.demo import load_training_demo

    load_training_demo()
    return demo


@pytest.fixture
def annex_file(tmp_path) -> Path:
    """A one-row Phụ lục I of xã Mường Đun, as an officer fills it in Excel."""
    path = tmp_path / "phu-luc-1-muong-dun.xlsx"
    path.write_bytes(annex_workbook([UPLOADED], village_column=True, unit_name="Mường Đun"))
    return path


# --- helpers ---------------------------------------------------------------------------------------------


def open_nav_link(page: Page, name: str) -> None:
    """Follow a link of the top menu, opening the collapsed menu first on a phone."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("link", name=name, exact=True).click()


def click_and_wait(page: Page, target: Locator) -> None:
    """Click a button or link that loads a new page (a form post and its redirect) and wait for it."""
    with page.expect_navigation():
        target.click()


def alert(page: Page, text: str) -> Locator:
    return page.get_by_role("alert").filter(has_text=text)


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " culprits: [...document.querySelectorAll('body *')]"
        ".filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(el => el.tagName + '.' + el.className)})"
    )
    assert widths["scroll"] <= widths["inner"] + 1, f"horizontal scroll at {widths['inner']}px: {widths}"


def measure_page_weight(open_browser, session: Session, url: str, width: int, height: int) -> tuple[int, int]:
    """Requests and bytes of a cold-cache load of `url`, in a new context with the same login."""
    weighing = open_browser(width, height, storage_state=session.context.storage_state())
    responses = []
    weighing.page.on("response", lambda response: responses.append(response))
    response = weighing.page.goto(url, wait_until="load")
    assert response is not None and response.ok and response.url == url
    weighing.page.wait_for_load_state("networkidle")
    size = sum(len(r.body()) for r in responses if not 300 <= r.status < 400)
    weighing.assert_clean()
    weighing.context.close()
    return len(responses), size


def rows(page: Page) -> Locator:
    return page.locator("#rows [data-row]")


def fill_row(row: Locator, delegate: dict[str, str]) -> None:
    row.get_by_label("Họ và tên", exact=True).fill(delegate["name"])
    row.get_by_label("Chức vụ", exact=True).fill(delegate["position"])
    row.get_by_label("Cấp", exact=True).select_option(label=delegate["level"])
    row.get_by_label(delegate["paid"], exact=True).check()


def row_named(page: Page, name: str) -> Locator:
    """The form row whose name field holds `name` (input values are not text, so match on the value)."""
    index = rows(page).evaluate_all(
        "(rows, name) => rows.findIndex(r => r.querySelector('input[name$=\"-full_name\"]').value === name)", name
    )
    assert index >= 0, f"no row for {name}"
    return rows(page).nth(index)


def delegates_table(page: Page) -> Locator:
    return page.get_by_test_id("delegates")


# --- the journey -----------------------------------------------------------------------------------------


def test_registration_journey(training_demo, open_browser, annex_file, screenshots_dir, page_weight):
    staff = open_browser(*DESKTOP)
    officer = open_browser(*PHONE)
    s, o = staff.page, officer.page

    # 1. The Labour office opens the board of "Lớp thứ nhất" and moves the deadline 30 days ahead.
    log_in(staff, STAFF)
    open_nav_link(s, "Đăng ký đại biểu")
    expect(s.locator("h1")).to_have_text("Đăng ký đại biểu")
    click_and_wait(s, s.get_by_role("link", name=EVENT, exact=True))
    expect(s.locator("h1")).to_have_text(EVENT)
    expect(s.get_by_text("Hạn đăng ký: 23:59 18/03/2024")).to_be_visible()
    # datetime-local is read in the server's time zone (Asia/Ho_Chi_Minh), whatever the machine's.
    today = datetime.datetime.now(ZoneInfo(BROWSER_TIMEZONE)).date()
    deadline = datetime.datetime.combine(today + datetime.timedelta(days=30), datetime.time(17, 0))
    s.get_by_label("Đổi hạn đăng ký").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    click_and_wait(s, s.get_by_role("button", name="Lưu hạn"))
    expect(alert(s, "Đã đổi hạn đăng ký.")).to_be_visible()
    expect(s.get_by_text(f"Hạn đăng ký: {deadline:%H:%M %d/%m/%Y}")).to_be_visible()
    board_url = s.url

    # 2. The officer (phone) opens the class: quota and time left, an empty form with one row.
    log_in(officer, OFFICER)
    open_nav_link(o, "Đăng ký đại biểu")
    card = o.get_by_test_id("event-card").filter(has=o.get_by_role("link", name=EVENT, exact=True))
    expect(card).to_contain_text(QUOTA)
    click_and_wait(o, card.get_by_role("link", name=EVENT, exact=True))
    list_url = o.url
    assert re.search(r"/registration/\d+/units/\d+/$", list_url), list_url
    expect(o.locator("h1")).to_have_text(EVENT)
    expect(o.get_by_test_id("quota-explain")).to_have_text(QUOTA)
    expect(o.get_by_test_id("time-left")).to_have_text(re.compile(r"^còn (29|30) ngày \d+ giờ$"))
    expect(o.get_by_test_id("list-status")).to_have_text("Chưa lập")
    expect(rows(o)).to_have_count(1)

    # Two delegates; "Thêm dòng" adds the second row in place (htmx), without loading a page.
    fill_row(rows(o).nth(0), TYPED[0])
    o.evaluate("window.__samePage = true")
    o.get_by_role("button", name="Thêm dòng").click()
    expect(rows(o)).to_have_count(2)
    assert o.url == list_url
    assert o.evaluate("window.__samePage === true"), "Thêm dòng reloaded the page"
    fill_row(rows(o).nth(1), TYPED[1])
    # A third row, removed again with its "Xóa dòng" button (JavaScript, no request).
    o.get_by_role("button", name="Thêm dòng").click()
    expect(rows(o)).to_have_count(3)
    rows(o).nth(2).get_by_role("button", name="Xóa dòng").click()
    expect(rows(o)).to_have_count(2)
    click_and_wait(o, o.get_by_role("button", name="Lưu nháp"))
    expect(alert(o, "Đã lưu danh sách (2 đại biểu).")).to_be_visible()
    expect(o.get_by_test_id("list-status")).to_have_text("Đang soạn")
    expect(o.get_by_test_id("filled")).to_have_text("2")
    expect(row_named(o, TYPED[1]["name"]).get_by_label("Cấp", exact=True)).to_have_value(
        re.compile(r"^\d+$")  # a village, not "Cấp xã"
    )

    # A third delegate from a one-row Phụ lục I: preview, then append.
    click_and_wait(o, o.get_by_role("link", name="Tải danh sách từ tệp Excel"))
    expect(o.locator("h1")).to_have_text("Tải danh sách từ tệp Excel")
    o.get_by_label("Tệp Excel").set_input_files(annex_file)
    click_and_wait(o, o.get_by_role("button", name="Xem trước"))
    preview = o.get_by_test_id("preview")
    expect(preview.locator("tbody tr")).to_have_count(1)
    expect(preview.locator("tbody tr")).to_contain_text(UPLOADED.name)
    expect(preview.locator("tbody tr")).to_contain_text(UPLOADED.position)
    expect(preview.locator("tbody tr")).to_contain_text(UPLOADED.village)
    expect(o.get_by_test_id("upload-warning")).to_have_count(0)
    click_and_wait(o, o.get_by_role("button", name="Lưu, thêm vào cuối danh sách"))
    expect(o).to_have_url(list_url)
    # The message counts the whole list, not the file's one row: see test_append_message_counts_the_file_rows.
    expect(alert(o, f"đại biểu từ tệp {annex_file.name}.")).to_be_visible()
    expect(o.get_by_test_id("filled")).to_have_text("3")
    filled_names = rows(o).evaluate_all("rows => rows.map(r => r.querySelector('input[name$=\"-full_name\"]').value)")
    assert [name for name in filled_names if name] == NAMES

    # The editable list page on a phone: fits the screen; its weight, cold cache.
    assert_no_horizontal_scroll(o)
    o.screenshot(path=screenshots_dir / "list-muong-dun-360.png", full_page=True)
    requests, size = measure_page_weight(open_browser, officer, list_url, *PHONE)
    page_weight("list-muong-dun-360", requests, size)
    assert size < MAX_PAGE_BYTES, f"the list page weighs {size} bytes"

    # Submit: the list is locked (a table, no fields).
    click_and_wait(o, o.get_by_role("button", name="Lưu và gửi"))
    expect(alert(o, "Đã gửi danh sách cho Phòng LĐTBXH.")).to_be_visible()
    expect(o.get_by_test_id("list-status")).to_have_text("Đã gửi")
    expect(o.locator("main").locator("input, select, textarea, button")).to_have_count(0)
    expect(delegates_table(o).locator("tbody tr")).to_have_count(3)
    assert_no_horizontal_scroll(o)
    o.screenshot(path=screenshots_dir / "list-muong-dun-submitted-360.png", full_page=True)

    # 3. The office returns it with a comment.
    s.goto(board_url)
    board_row = s.get_by_test_id("board").locator("tbody tr").filter(has_text="Mường Đun")
    expect(board_row.get_by_test_id("list-status")).to_have_text("Đã gửi")
    expect(board_row).to_contain_text("3 / 59")
    s.screenshot(path=screenshots_dir / "board-lop-thu-nhat-1280.png", full_page=True)
    click_and_wait(s, board_row.get_by_role("link", name=re.compile("Mường Đun")))
    expect(s).to_have_url(list_url)
    expect(delegates_table(s).locator("tbody tr")).to_have_count(3)
    s.get_by_label("Ý kiến trả lại").fill(COMMENT)
    click_and_wait(s, s.get_by_role("button", name="Trả lại để sửa"))
    expect(alert(s, "Đã trả lại danh sách cho đơn vị kèm ý kiến.")).to_be_visible()
    expect(s.get_by_test_id("list-status")).to_have_text("Trả lại để sửa")

    # 4. The officer reads the comment, fixes the position and submits again.
    o.reload()
    expect(o.get_by_test_id("review-comment")).to_contain_text(COMMENT)
    expect(o.get_by_test_id("list-status")).to_have_text("Trả lại để sửa")
    position = row_named(o, TYPED[0]["name"]).get_by_label("Chức vụ", exact=True)
    expect(position).to_have_value(TYPED[0]["position"])
    position.fill(FIXED_POSITION)
    click_and_wait(o, o.get_by_role("button", name="Lưu và gửi"))
    expect(alert(o, "Đã gửi danh sách cho Phòng LĐTBXH.")).to_be_visible()
    expect(o.get_by_test_id("list-status")).to_have_text("Đã gửi")
    expect(o.get_by_test_id("review-comment")).to_have_count(0)
    expect(delegates_table(o).locator("tbody tr").filter(has_text=TYPED[0]["name"])).to_contain_text(FIXED_POSITION)

    # 5. The office approves and finds the three people in the roster of the class, under xã Mường Đun.
    s.reload()
    expect(s.get_by_test_id("list-status")).to_have_text("Đã gửi")
    click_and_wait(s, s.get_by_role("button", name="Duyệt danh sách"))
    expect(alert(s, "Đã duyệt danh sách")).to_be_visible()
    expect(s.get_by_test_id("list-status")).to_have_text("Đã duyệt")
    s.goto(board_url)
    click_and_wait(s, s.get_by_role("link", name="Danh sách lớp"))
    expect(s.locator("h1")).to_have_text(f"Danh sách lớp: {EVENT}")
    expect(s.get_by_test_id("roster-total")).to_have_text("3")
    heading = s.get_by_role("heading", name=re.compile(rf"^{UNIT_HEADING} \(\d+\)$"))
    group = s.locator("section.card").filter(has=heading)
    expect(group).to_have_count(1)
    expect(group.get_by_role("heading")).to_contain_text("(3)")
    for name in NAMES:
        expect(group.locator("tbody tr").filter(has_text=name)).to_have_count(1)
    expect(group.locator("tbody tr").filter(has_text=TYPED[0]["name"])).to_contain_text(FIXED_POSITION)
    s.screenshot(path=screenshots_dir / "roster-lop-thu-nhat-1280.png", full_page=True)

    # The officer sees the approved list, placed in the class.
    o.reload()
    expect(o.get_by_test_id("list-status")).to_have_text("Đã duyệt")
    expect(delegates_table(o).locator("tbody tr").filter(has_text=EVENT)).to_have_count(3)

    # 6. Both print what they need: the officer the signed Phụ lục I, the office the class roster.
    with o.expect_download() as officer_download:
        o.get_by_test_id("documents").get_by_role("link", name="PDF").first.click()
    annex_pdf = officer_download.value
    assert annex_pdf.suggested_filename == "Phụ lục I_Mường Đun_2024.pdf"  # the UTF-8 name wins
    assert Path(annex_pdf.path()).read_bytes()[:5] == b"%PDF-"
    s.goto(board_url)
    s.get_by_test_id("documents").locator("summary").click()
    with s.expect_download() as staff_download:
        s.get_by_test_id("documents").get_by_role("link", name="Excel").first.click()
    roster_file = staff_download.value
    assert roster_file.suggested_filename.startswith("Danh sách lớp")
    sheet = load_workbook(io.BytesIO(Path(roster_file.path()).read_bytes())).active
    cells = {str(value) for row in sheet.iter_rows(values_only=True) for value in row if value}
    assert {FIXED_POSITION, *NAMES} <= cells

    staff.assert_clean()
    officer.assert_clean()


def test_other_unit_gets_404_for_the_list(training_demo, open_browser):
    """An officer of xã Lao Xả Phình (same class) cannot open xã Mường Đun's list: the 404 page."""
    from plans.models import AdministrativeUnit
    from training.models import TrainingEvent

    event = TrainingEvent.objects.get(activity__code="1.1", number=1)
    unit = AdministrativeUnit.objects.get(code="MUONG-DUN")
    path = reverse("training:list", kwargs={"event_pk": event.pk, "unit_pk": unit.pk})

    session = open_browser(*PHONE)
    page = session.page
    log_in(session, OTHER_OFFICER)
    response = page.goto(session.url(path))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("không thuộc đơn vị của bạn")).to_be_visible()
    expect(page.get_by_text("Mường Đun")).to_have_count(0)
    assert_no_horizontal_scroll(page)
    # The one expected failure is that 404 (Chromium also logs it as a console error); nothing else.
    expected = [
        problem
        for problem in session.problems
        if problem == f"HTTP 404: GET {session.url(path)}"
        or (problem.startswith("console error: Failed to load resource") and session.url(path) in problem)
    ]
    assert expected, session.problems
    session.problems = [problem for problem in session.problems if problem not in expected]
    session.assert_clean()
    own = page.goto(session.url(reverse("training:event_list")))
    assert own is not None and own.ok
    expect(page.get_by_test_id("event-card").filter(has_text=EVENT)).to_have_count(1)
    session.assert_clean()


def test_append_message_counts_the_file_rows(training_demo, open_browser, annex_file):
    """After "Lưu, thêm vào cuối danh sách", the message counts the delegates read from the file."""
    from plans.models import AdministrativeUnit
    from training import services
    from training.models import TrainingEvent
    from training.selectors import quotas_for

    event = TrainingEvent.objects.get(activity__code="1.1", number=1)
    unit = AdministrativeUnit.objects.get(code="MUONG-DUN")
    reg_list = services.list_for_unit(event=event, unit=unit)
    typed = [services.Row(full_name=d["name"], position=d["position"], paid_by_state=True) for d in TYPED]
    services.list_save(
        reg_list=reg_list, rows=typed, quota=quotas_for(event, [unit])[unit.pk], by=None, expected_version=0
    )

    session = open_browser(*PHONE)
    page = session.page
    log_in(session, OFFICER)
    page.goto(session.url(reverse("training:upload", kwargs={"event_pk": event.pk, "unit_pk": unit.pk})))
    page.get_by_label("Tệp Excel").set_input_files(annex_file)
    click_and_wait(page, page.get_by_role("button", name="Xem trước"))
    click_and_wait(page, page.get_by_role("button", name="Lưu, thêm vào cuối danh sách"))
    expect(page.get_by_test_id("filled")).to_have_text("3")
    session.assert_clean()
    expect(alert(page, f"Đã lưu 1 đại biểu từ tệp {annex_file.name}.")).to_be_visible(timeout=2_000)

"""The leader's dashboard and the Labour office's cost estimate, in Chromium, on the Tủa Chùa 2024 demo.

1. The leader (lanhdao) opens "Tiến độ" at 1280 px: the classes total 708 seats and the study tour 48; the
   units that are late come first; they drill into the first late unit and download the print version (PDF).
   The same page at 360 px never scrolls sideways.
2. Staff (phonglaodong) open the estimate of "Lớp thứ nhất", whose six delegates of xã Mường Đun are
   approved (three of them not paid from the state budget): meal support 3 × 2 days × 150.000 = 900.000 đồng;
   they add the hall (2 days × 2.500.000), the total becomes 5.900.000 đồng, and the Excel they download says
   the same.

Run: .venv/bin/python -m pytest tests/e2e/test_dashboard.py -q --create-db
"""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.test_checkin import class1  # noqa: F401 - the fixture: six delegates approved in class 1
from tests.e2e.test_registration import assert_no_horizontal_scroll, click_and_wait, log_in

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]


def test_leader_reads_the_dashboard_and_prints_it(class1, open_browser, screenshots_dir):  # noqa: F811
    leader = open_browser(1280, 900, accept_downloads=True)
    page = leader.page
    log_in(leader, "lanhdao")
    click_and_wait(page, page.get_by_role("link", name="Tiến độ", exact=True))
    expect(page.get_by_test_id("class-total")).to_contain_text("/ 708")
    expect(page.get_by_test_id("tour-total")).to_contain_text("/ 48")
    rows = page.get_by_test_id("units").locator("tbody tr")
    expect(rows.first).to_have_class(re.compile("table-danger"))
    first_late = rows.first.get_by_role("link")
    unit_name = first_late.inner_text()
    page.screenshot(path=screenshots_dir / "dashboard-1280.png", full_page=True)
    click_and_wait(page, first_late)
    expect(page.locator("h1")).to_contain_text(unit_name)
    expect(page.get_by_test_id("units").locator("tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.get_by_role("link", name="Bản in (PDF)").click()
    content = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "BÁO CÁO NHANH TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH" in text and unit_name in text
    leader.assert_clean()

    phone = open_browser(360, 740)
    log_in(phone, "lanhdao")
    phone.page.goto(phone.url("/dashboard/"))
    assert_no_horizontal_scroll(phone.page)
    phone.page.screenshot(path=screenshots_dir / "dashboard-360.png", full_page=True)
    phone.assert_clean()


def test_staff_build_the_estimate_of_class_1_and_download_it(class1, open_browser, screenshots_dir):  # noqa: F811
    staff = open_browser(1280, 900, accept_downloads=True)
    page = staff.page
    log_in(staff, "phonglaodong")
    page.goto(staff.url(f"/registration/{class1.pk}/"))
    click_and_wait(page, page.get_by_role("link", name="Dự toán kinh phí"))
    expect(page.get_by_test_id("estimate-total")).to_have_text("900.000 đ")
    page.get_by_text("Thêm dòng chi (giảng viên, hội trường, tài liệu, …)").click()
    form = page.locator("form[action$='/lines/']")
    form.get_by_label("Khoản chi").select_option("hall")
    form.get_by_label("Nội dung").fill("Thuê hội trường")
    form.get_by_label("Số lượng").fill("1")
    form.get_by_label("Đơn vị tính").fill("ngày")
    form.get_by_label("Đơn giá (đồng)").fill("2.500.000")
    form.get_by_label("Số ngày, số lần").fill("2")
    click_and_wait(page, form.get_by_role("button", name="Thêm dòng"))
    expect(page.get_by_test_id("estimate-total")).to_have_text("5.900.000 đ")
    page.screenshot(path=screenshots_dir / "estimate-lop-thu-nhat-1280.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("documents").get_by_role("link", name="Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    numbers = [value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, int)]
    assert 5_900_000 in numbers and 900_000 in numbers and 5_000_000 in numbers
    staff.assert_clean()

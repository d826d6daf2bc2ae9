"""Two people edit one list at once, in Chromium: the officer of Xá Nhè on a phone and the Labour office on
a desktop (editing on the unit's behalf). The second save shows both versions side by side; the officer keeps
the default choices and both changes are saved; nothing of either person is lost.

Run: .venv/bin/python -m pytest tests/e2e/test_conflict.py -q --create-db
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

OFFICER, STAFF = "xa-nhe", "phonglaodong"


@pytest.fixture
def training_demo(demo):
    from training.demo import load_demo_registrations, load_training_demo

    load_training_demo()
    load_demo_registrations()
    return demo


def draft_list():
    from training.models import ListStatus, RegistrationList

    lists = RegistrationList.objects.select_related("unit").filter(status=ListStatus.DRAFT, unit__name="Xá Nhè")
    return max(lists, key=lambda reg_list: reg_list.delegates.count())  # the 58-row one


def position_field(page, row_index: int):
    return page.locator("fieldset[data-row]").nth(row_index).locator("input[name$='-position']")


def test_two_people_saving_one_list_see_both_versions_and_lose_nothing(training_demo, open_browser, screenshots_dir):
    reg_list = draft_list()
    path = f"/registration/{reg_list.event_id}/units/{reg_list.unit_id}/"
    first, second = reg_list.delegates.order_by("order")[:2]

    officer = open_browser(360, 740)
    log_in(officer, OFFICER)
    officer.page.goto(officer.url(path))
    staff = open_browser(1280, 800)
    log_in(staff, STAFF)
    staff.page.goto(staff.url(path + "?edit=1"))

    # The Labour office corrects the first row's position while the officer still has the page open.
    position_field(staff.page, 0).fill("Chủ tịch UBND xã (đã xác minh)")
    staff.page.get_by_role("button", name="Lưu nháp").click()
    expect(staff.page.locator(".alert-success")).to_be_visible()

    # The officer, on the older page, corrects the second row's position and saves.
    position_field(officer.page, 1).fill("Phó Chủ tịch UBND xã")
    officer.page.get_by_role("button", name="Lưu nháp").click()
    page = officer.page
    expect(page.get_by_role("heading", name="Danh sách vừa được người khác lưu")).to_be_visible()
    expect(page.get_by_test_id("conflict-summary")).to_contain_text("Cán bộ Phòng LĐTBXH")
    items = page.locator("[data-conflict-item]")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Chủ tịch UBND xã (đã xác minh)")  # their change, kept by default
    expect(items.nth(1)).to_contain_text("Phó Chủ tịch UBND xã")  # the officer's own
    page.screenshot(path=screenshots_dir / "conflict-xa-nhe-360.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the comparison overflows the phone screen ({width} px)"

    page.get_by_test_id("merge-save").click()
    expect(page.locator(".alert-success")).to_contain_text("theo lựa chọn")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.position == "Chủ tịch UBND xã (đã xác minh)"
    assert second.position == "Phó Chủ tịch UBND xã"
    assert reg_list.delegates.count() == 58
    officer.assert_clean()
    staff.assert_clean()

"""Điểm danh tại cửa in Chromium on a phone (360 × 740), on the Tủa Chùa 2024 demo.

The Labour office (phonglaodong) opens the check-in page of "Lớp thứ nhất", day 1, where six delegates of xã
Mường Đun are placed; finds two people by typing their names without tones and taps them; loses the network,
taps a third (the tap waits on the phone: "chưa đồng bộ: 1"); gets the network back and the queue empties by
itself: three people present in the database. Then a tap the server cannot be reached for survives a reload
of the page and is sent afterwards. The page never scrolls sideways; screenshots at 360 and 1280 px go to
test-artifacts/screenshots/. Every browser context is watched for console errors, CSP violations and failed
requests (conftest's `Session`).

Run: .venv/bin/python -m pytest tests/e2e/test_checkin.py -q --create-db
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Session
from tests.e2e.test_registration import assert_no_horizontal_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

PHONE = (360, 740)
DESKTOP = (1280, 800)
STAFF = "phonglaodong"
PEOPLE = ["Vừ A Hùng", "Lò Văn Thượng", "Giàng Thị Mỷ", "Sùng A Páo", "Lầu Thị Mai", "Vàng Văn Đức"]


@pytest.fixture
def class1(demo):
    """The demo's training events, and six delegates of xã Mường Đun placed in "Lớp thứ nhất"."""
    from django.contrib.auth import get_user_model

    from plans.models import AdministrativeUnit
    from training import services
    from training.demo import load_training_demo
    from training.models import TrainingEvent
    from training.selectors import quotas_for

    load_training_demo()
    event = TrainingEvent.objects.get(activity__code="1.1", number=1)
    unit = AdministrativeUnit.objects.get(code="MUONG-DUN")
    staff = get_user_model().objects.get(username=STAFF)
    quota = quotas_for(event, [unit])[unit.pk]
    rows = [
        services.Row(full_name=name, position="Cán bộ xã", paid_by_state=index % 2 == 0)
        for index, name in enumerate(PEOPLE)
    ]
    reg_list = services.list_for_unit(event=event, unit=unit)
    services.list_save(reg_list=reg_list, rows=rows, quota=quota, by=staff, expected_version=0, on_behalf=True)
    # The deadline of the demo is long past: reopen, submit and approve as the unit and the office would.
    reg_list.refresh_from_db()
    services.list_reopen(reg_list=reg_list, by=staff, until=timezone.now() + datetime.timedelta(days=1))
    services.list_submit(reg_list=reg_list, quota=quota, by=staff)
    services.list_approve(reg_list=reg_list, by=staff)
    return event


def present_in_db(event, day: int = 1) -> set[str]:
    from training.models import Attendance

    rows = Attendance.objects.filter(event=event, day=day, present=True)
    return set(rows.values_list("delegate__full_name", flat=True))


def button(page: Page, name: str):
    return page.get_by_test_id("checkin-button").filter(has_text=name)


def unsynced(page: Page):
    return page.get_by_test_id("unsynced")


def visible_names(page: Page) -> list[str]:
    return page.locator("[data-checkin-item]:visible [data-name]").all_inner_texts()


def search(page: Page, text: str) -> None:
    page.get_by_label("Tìm theo tên").fill(text)


def test_checkin_at_the_door_with_a_lost_connection(class1, open_browser, screenshots_dir):
    session: Session = open_browser(*PHONE)
    page = session.page
    log_in(session, STAFF)
    url = reverse("training:checkin", args=[class1.pk, 1])
    page.goto(session.url(url))
    expect(page.locator("h1")).to_have_text("Điểm danh tại cửa")
    expect(page.get_by_test_id("present-count")).to_have_text("0")
    expect(page.get_by_test_id("total-count")).to_have_text("6")
    expect(unsynced(page)).to_have_text("0")

    # Typed without tones, the names are found; the list filters as one types.
    search(page, "hung")
    expect(page.locator("[data-checkin-item]:visible")).to_have_count(1)
    assert visible_names(page) == ["Vừ A Hùng"]
    expect(page.get_by_test_id("shown")).to_have_text("Đang hiện 1 / 6 người")
    button(page, "Vừ A Hùng").click()
    expect(button(page, "Vừ A Hùng")).to_have_attribute("aria-pressed", "true")
    search(page, "thuong")
    assert visible_names(page) == ["Lò Văn Thượng"]
    button(page, "Lò Văn Thượng").click()
    expect(page.get_by_test_id("present-count")).to_have_text("2")
    expect(unsynced(page)).to_have_text("0")  # both sent
    assert present_in_db(class1) == {"Vừ A Hùng", "Lò Văn Thượng"}

    # The network drops: a tap waits on the phone, the counters say so.
    session.context.set_offline(True)
    search(page, "lau mai")
    assert visible_names(page) == ["Lầu Thị Mai"]
    button(page, "Lầu Thị Mai").click()
    expect(page.get_by_test_id("present-count")).to_have_text("3")
    expect(unsynced(page)).to_have_text("1")
    expect(page.get_by_role("alert").filter(has_text="Mất kết nối mạng")).to_be_visible()
    queued = page.evaluate(f"JSON.parse(localStorage.getItem('tuachua.checkin.{class1.pk}'))")
    assert [(tap["day"], tap["present"]) for tap in queued] == [(1, True)]
    assert present_in_db(class1) == {"Vừ A Hùng", "Lò Văn Thượng"}
    page.get_by_label("Tìm theo tên").fill("")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=screenshots_dir / "checkin-offline-360.png", full_page=True)

    # Back online: the queue empties by itself.
    session.context.set_offline(False)
    expect(unsynced(page)).to_have_text("0")
    expect(page.get_by_role("alert").filter(has_text="Mất kết nối mạng")).to_be_hidden()
    assert present_in_db(class1) == {"Vừ A Hùng", "Lò Văn Thượng", "Lầu Thị Mai"}

    # The server cannot be reached (the request fails): the tap survives a reload and is sent afterwards.
    sync = re.compile(r".*/attendance/\d+/sync/$")
    page.route(sync, lambda route: route.abort())
    button(page, "Vàng Văn Đức").click()
    expect(unsynced(page)).to_have_text("1")
    page.reload()
    expect(unsynced(page)).to_have_text("1")
    expect(button(page, "Vàng Văn Đức")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("present-count")).to_have_text("4")
    page.unroute(sync)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(unsynced(page)).to_have_text("0")
    assert present_in_db(class1) == {"Vừ A Hùng", "Lò Văn Thượng", "Lầu Thị Mai", "Vàng Văn Đức"}
    # A reload shows what the server holds.
    page.reload()
    expect(page.get_by_test_id("present-count")).to_have_text("4")
    assert_no_horizontal_scroll(page)
    page.evaluate("window.scrollTo(0, 0)")  # the reload kept the scroll; the sticky search bar would float
    page.screenshot(path=screenshots_dir / "checkin-360.png", full_page=True)

    # The aborted sync requests are expected; nothing else may have gone wrong.
    session.problems = [p for p in session.problems if not ("/sync/" in p and ("failed" in p or "Failed" in p))]
    session.assert_clean()


def test_attendance_pages_on_a_desktop_and_a_phone(class1, open_browser, screenshots_dir):
    """The overview, check-in and sheet pages fit 360 px and look right at 1280 px (screenshots to look at)."""
    from django.contrib.auth import get_user_model

    from training.attendance import attendance_sheet_save
    from training.models import Delegate

    staff = get_user_model().objects.get(username=STAFF)
    ids = list(Delegate.objects.filter(assigned_event=class1).values_list("pk", flat=True))
    attendance_sheet_save(event=class1, day=1, present_ids=ids[:4], by=staff)
    pages = {
        "attendance": reverse("training:attendance", args=[class1.pk]),
        "checkin": reverse("training:checkin", args=[class1.pk, 2]),
        "sheet": reverse("training:attendance_sheet", args=[class1.pk, 1]),
    }
    for width, height in (PHONE, DESKTOP):
        session = open_browser(width, height)
        log_in(session, STAFF)
        for name, path in pages.items():
            session.page.goto(session.url(path))
            if width == PHONE[0]:  # at 1280 px base.html's navbar is 16 px too wide (not these pages)
                assert_no_horizontal_scroll(session.page)
            session.page.screenshot(path=screenshots_dir / f"{name}-lop-thu-nhat-{width}.png", full_page=True)
        page = session.page
        # The sheet's "all present" helper ticks every box in place (no page load) and counts them.
        page.evaluate("window.__samePage = true")
        page.get_by_role("link", name="Đánh dấu tất cả có mặt").click()
        expect(page.get_by_test_id("checked-count")).to_have_text("6")
        assert page.evaluate("window.__samePage === true")
        session.assert_clean()
        session.context.close()

    # The officer of xã Mường Đun reads their own delegates' days, and may not record (403).
    officer = open_browser(*PHONE)
    log_in(officer, "muong-dun")
    officer.page.goto(officer.url(pages["attendance"]))
    expect(officer.page.get_by_test_id("unit-delegates").locator("li")).to_have_count(6)
    expect(officer.page.get_by_test_id("summary")).to_have_count(0)
    assert_no_horizontal_scroll(officer.page)
    officer.page.screenshot(path=screenshots_dir / "attendance-officer-360.png", full_page=True)
    response = officer.page.goto(officer.url(pages["checkin"]))
    assert response is not None and response.status == 403
    officer.problems = [p for p in officer.problems if pages["checkin"] not in p]
    officer.assert_clean()

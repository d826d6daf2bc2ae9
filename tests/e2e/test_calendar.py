"""The calendar through the real UI in Chromium, on the Tủa Chùa 2024 demo.

The demo's classes have no dates yet ("by invitation letter"), so the test gives the four classes of activity
1.1 dates in April 2024 and plans a monitoring visit to xã Mường Đun on the second day of its class (class 1):
a clash. The officer of xã Mường Đun (muong-dun, 360 px) opens "Lịch" from the menu, picks April 2024, sees
their class and the red clash marker, and the clash listed under the days; the page never scrolls sideways.
They then make a feed address and the feed answers with text/calendar. The Labour office (phonglaodong,
1280 px) sees every class in a month grid. Screenshots go to test-artifacts/screenshots/.

Run: .venv/bin/python -m pytest tests/e2e/test_calendar.py -q --create-db
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_registration import assert_no_horizontal_scroll, log_in, open_nav_link

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

PHONE = (360, 740)
DESKTOP = (1280, 900)
STAFF, OFFICER = "phonglaodong", "muong-dun"
MONTH = "2024-04"
CLASS_DAYS = {1: (9, 10), 2: (11, 12), 3: (16, 17), 4: (18, 19)}  # April 2024, two days each
VISIT_TITLE = "Giám sát thực hiện Chương trình tại xã Mường Đun"
SOON_TITLE = "Giám sát định kỳ xã Mường Đun, quý IV"  # two weeks ahead: inside the feed's window
CLASS_1, CLASS_2 = "Lớp thứ nhất", "Lớp thứ hai"


def april(day: int) -> datetime.date:
    return datetime.date(2024, 4, day)


@pytest.fixture
def calendar_demo(demo):
    """The demo, its training events, the classes dated in April 2024 and a visit during class 1."""
    from django.contrib.auth import get_user_model

    from monitoring import services
    from plans.demo.tua_chua_2024 import DISTRICT
    from plans.models import Activity, AdministrativeUnit
    from training.demo import load_training_demo
    from training.models import EventKind, TrainingEvent

    load_training_demo()
    for number, (first, last) in CLASS_DAYS.items():
        TrainingEvent.objects.filter(kind=EventKind.TRAINING_CLASS, number=number).update(
            start_date=april(first), end_date=april(last), venue="Hội trường UBND huyện Tủa Chùa"
        )
    staff = get_user_model().objects.get(username=STAFF)
    activity = Activity.objects.get(plan__issuing_unit__code=DISTRICT["code"], plan__year=2024, code="2.1")
    muong_dun = AdministrativeUnit.objects.get(parent__code=DISTRICT["code"], name="Mường Đun")
    soon = timezone.localdate() + datetime.timedelta(days=14)
    for title, day in ((VISIT_TITLE, april(10)), (SOON_TITLE, soon)):
        services.visit_create(
            activity=activity,
            kind="periodic",
            method="direct",
            title=title,
            planned_start=day,
            planned_end=day,
            units=[muong_dun],
            by=staff,
        )
    return demo


def assert_content_fits(page) -> None:
    """Nothing in the page's content reaches past the window. (The top menu is checked on its own: with all
    its links and the user badge it is wider than 1280 px for district staff, which is base.html's business.)"""
    culprits = page.evaluate(
        "() => [...document.querySelectorAll('main *')]"
        ".filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(el => el.tagName + '.' + el.className)"
    )
    assert culprits == [], culprits


def open_april(page) -> None:
    """Pick the month with the month field of the page (as a user would), then show it."""
    page.locator("input[name=month]").fill(MONTH)
    with page.expect_navigation():
        page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_test_id("month-title")).to_have_text("Tháng 4/2024")


def test_officer_sees_their_class_and_the_clash_on_a_phone(calendar_demo, open_browser, screenshots_dir):
    session = open_browser(*PHONE)
    page = session.page
    log_in(session, OFFICER)
    open_nav_link(page, "Lịch")
    expect(page.get_by_test_id("month-title")).to_be_visible()
    open_april(page)

    calendar = page.get_by_test_id("calendar")
    class_day = calendar.locator('[data-date="2024-04-10"]')
    expect(class_day.get_by_test_id("entry").filter(has_text=CLASS_1)).to_be_visible()
    expect(class_day.get_by_test_id("entry").filter(has_text=VISIT_TITLE)).to_be_visible()
    expect(class_day.locator(".cal-clash-mark").first).to_be_visible()
    expect(calendar.locator('[data-date="2024-04-09"]').get_by_test_id("entry")).to_have_count(1)
    # Another class of the district is not theirs; days without anything are not listed on a phone.
    expect(calendar.get_by_text(CLASS_2)).to_have_count(0)
    expect(calendar.locator('[data-date="2024-04-01"]')).to_be_hidden()
    clash = page.get_by_test_id("clash")
    expect(clash).to_have_count(1)
    expect(clash).to_contain_text("Mường Đun")
    expect(clash).to_contain_text("10/04/2024")
    page.screenshot(path=str(screenshots_dir / "calendar-officer-360.png"), full_page=True)
    assert_no_horizontal_scroll(page)

    # The list: what is coming first (the visit in two weeks), then the past, the clash marked.
    page.get_by_role("link", name="Danh sách", exact=True).click()
    rows = page.get_by_test_id("entry-row")
    expect(rows.first).to_contain_text(SOON_TITLE)
    expect(rows.filter(has_text=CLASS_1).first).to_contain_text("Trùng lịch")
    page.screenshot(path=str(screenshots_dir / "calendar-list-360.png"), full_page=True)
    assert_no_horizontal_scroll(page)

    # The feed address: made on its page, and the feed answers without a login.
    page.get_by_role("link", name="Đồng bộ lịch").click()
    page.get_by_role("button", name="Tạo địa chỉ lịch").click()
    address = page.get_by_test_id("feed-address")
    expect(address).to_have_value(re.compile(r"^http://.+/calendar/feed/[\w-]+\.ics$"))
    value = address.input_value()
    page.screenshot(path=str(screenshots_dir / "calendar-feed-360.png"), full_page=True)
    assert_no_horizontal_scroll(page)
    feed = session.context.request.get(value)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    lines = feed.text().replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "SUMMARY:Giám sát định kỳ xã Mường Đun\\, quý IV" in lines
    session.assert_clean()


def test_staff_month_grid_on_a_desktop(calendar_demo, open_browser, screenshots_dir):
    session = open_browser(*DESKTOP)
    page = session.page
    log_in(session, STAFF)
    page.goto(session.url(f"/calendar/?month={MONTH}"))
    calendar = page.get_by_test_id("calendar")
    for number, title in enumerate(("Lớp thứ nhất", "Lớp thứ hai", "Lớp thứ ba", "Lớp thứ tư"), start=1):
        first, _last = CLASS_DAYS[number]
        expect(calendar.locator(f'[data-date="2024-04-{first:02d}"]').get_by_text(title)).to_be_visible()
    # A grid: seven columns, the 1st of April 2024 (a Monday) in the first one, empty days shown too.
    head = page.locator(".cal-head > div")
    expect(head).to_have_count(7)
    monday = calendar.locator('[data-date="2024-04-01"]').bounding_box()
    tuesday = calendar.locator('[data-date="2024-04-02"]').bounding_box()
    assert abs(monday["y"] - tuesday["y"]) < 1 and tuesday["x"] > monday["x"]
    expect(page.get_by_test_id("clash")).to_have_count(1)
    page.screenshot(path=str(screenshots_dir / "calendar-staff-1280.png"), full_page=True)
    assert_content_fits(page)
    session.assert_clean()

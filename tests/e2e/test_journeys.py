"""Journeys through the real UI in Chromium: log in as each demo role, see that role's home page, log out.

Each journey runs on a desktop (1280x800) and a phone (360x740) viewport against the Tủa Chùa 2024 demo.
Run: .venv/bin/python -m pytest tests/e2e -m browser
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.e2e.conftest import REPO_ROOT, Session
from tuachua.permissions import Role

pytestmark = [pytest.mark.browser, pytest.mark.only_browser("chromium")]

PASSWORD = "demo2024"
VIEWPORTS = {1280: (1280, 800), 360: (360, 740)}
MAX_PAGE_BYTES = 600_000
LOGIN_URL = re.compile(r"/accounts/login/(\?next=(/|%2F))?$")
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")
STAFF_CODES = ["1.1", "1.2", "2.1", "2.2a", "2.2b"]


def role_label(role: Role) -> str:
    with translation.override("vi"):
        return str(role.label)


def check_staff(page: Page) -> None:
    card = page.get_by_test_id("plan-card").first
    expect(card).to_be_visible()
    rows = card.locator("tbody tr")
    expect(rows).to_have_count(len(STAFF_CODES))
    for code in STAFF_CODES:
        # The code as a whole word: "1.1" must not match "1.12" or "2.1.1".
        row = rows.filter(has_text=re.compile(rf"(?<![\w.]){re.escape(code)}(?![\w.])"))
        expect(row).to_have_count(1)
        expect(row).to_be_visible()


def check_officer(page: Page) -> None:
    expect(page.locator("h1")).to_contain_text("Mường Đun")
    duty = page.get_by_test_id("duty").filter(has_text="18/03/2024")
    expect(duty.first).to_be_visible()
    expect(page.get_by_test_id("villages").locator("li")).to_have_count(10)
    expect(page.get_by_role("heading", name="10 thôn, bản")).to_be_visible()


def check_leader(page: Page) -> None:
    total = page.get_by_test_id("activity-total")
    expect(total).to_be_visible()
    expect(total).to_have_text("5")


def check_office(page: Page) -> None:
    expect(page.locator("h1")).to_have_text("Phòng Tài chính - Kế hoạch huyện")


@dataclass(frozen=True)
class Journey:
    username: str
    role: Role
    check: Callable[[Page], None]


JOURNEYS = [
    Journey("phonglaodong", Role.DISTRICT_STAFF, check_staff),
    Journey("muong-dun", Role.UNIT_OFFICER, check_officer),
    Journey("lanhdao", Role.LEADER, check_leader),
    Journey("phongtaichinh", Role.OFFICE_STAFF, check_office),
]


def assert_styled(page: Page) -> None:
    """Bootstrap and app.css were served and applied (the brand background comes from app.css)."""
    navbar = page.locator("nav.navbar")
    background = navbar.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in TRANSPARENT, f"navbar has no background ({background}): app.css not loaded?"
    assert navbar.evaluate("el => getComputedStyle(el).display") == "flex", "Bootstrap CSS not loaded?"


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth,"
        " culprits: [...document.querySelectorAll('body *')]"
        ".filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)"
        ".slice(0, 5).map(el => el.tagName + '.' + el.className)})"
    )
    assert widths["scroll"] <= widths["inner"] + 1, f"horizontal scroll at {widths['inner']}px: {widths}"


def log_in(session: Session, username: str) -> None:
    page = session.page
    page.goto(session.url("/"))
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(session.url("/"))


def measure_page_weight(open_browser, session: Session, width: int, height: int) -> tuple[int, int]:
    """Requests and bytes of a cold-cache load of the home page, in a new context with the same login."""
    weighing = open_browser(width, height, storage_state=session.context.storage_state())
    responses = []
    weighing.page.on("response", lambda response: responses.append(response))
    response = weighing.page.goto(weighing.url("/"), wait_until="load")
    assert response is not None and response.ok and response.url == weighing.url("/")
    weighing.page.wait_for_load_state("networkidle")
    size = sum(len(r.body()) for r in responses if not 300 <= r.status < 400)
    weighing.assert_clean()
    weighing.context.close()
    return len(responses), size


@pytest.mark.parametrize("width", VIEWPORTS, ids=lambda w: str(w))
@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.username)
def test_role_journey(demo, open_browser, screenshots_dir, page_weight, journey: Journey, width: int):
    session = open_browser(*VIEWPORTS[width])
    page = session.page

    log_in(session, journey.username)
    assert_styled(page)
    journey.check(page)
    badge = page.get_by_test_id("user-badge")
    expect(badge).to_contain_text(role_label(journey.role))
    page.screenshot(path=screenshots_dir / f"home-{journey.username}-{width}.png", full_page=True)

    requests, size = measure_page_weight(open_browser, session, *VIEWPORTS[width])
    page_weight(f"{journey.username}-{width}", requests, size)
    assert size < MAX_PAGE_BYTES, f"home page of {journey.username} weighs {size} bytes"

    logout = page.get_by_role("button", name="Đăng xuất")
    assert_no_horizontal_scroll(page)  # the menu fits on one line at 1280 px, or collapses on a phone
    if width == 360:
        expect(logout).to_be_hidden()
        page.locator(".navbar-toggler").click()
        expect(page.locator(".navbar-toggler")).to_have_attribute("aria-expanded", "true")
    expect(logout).to_be_visible()
    expect(badge).to_be_visible()

    logout.click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.goto(session.url("/"))
    expect(page).to_have_url(LOGIN_URL)  # the session is really gone
    session.assert_clean()


def test_login_page_fits_a_phone(live_server, open_browser):
    session = open_browser(*VIEWPORTS[360])
    session.page.goto(session.url("/accounts/login/"))
    expect(session.page.locator("h1")).to_have_text("Đăng nhập")
    assert_styled(session.page)
    assert_no_horizontal_scroll(session.page)
    session.assert_clean()


@pytest.mark.skipif(
    not (REPO_ROOT / "locale" / "en" / "LC_MESSAGES" / "django.mo").exists(),
    reason="no English catalogue yet (locale/en/LC_MESSAGES/django.mo; run compilemessages)",
)
def test_login_page_switches_to_english(live_server, open_browser):
    session = open_browser(*VIEWPORTS[360])
    page = session.page
    page.goto(session.url("/accounts/login/"))
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.locator("select[name=language]").select_option("en")
    expect(page.locator("h1")).to_have_text("Log in")
    expect(page).to_have_url(session.url("/accounts/login/"))
    assert_no_horizontal_scroll(page)
    session.assert_clean()

"""Browser test harness: Debian Chromium driven by pytest-playwright against pytest-django's live server.

- One Chromium per session (pytest-playwright's `browser`), launched from /usr/bin/chromium or the
  path in TUACHUA_CHROMIUM; Playwright never downloads a browser. Without Chromium every test marked
  `browser` is skipped, with a message that says how to enable them.
- `demo` loads the Tủa Chùa 2024 demo (`plans.demo.loader.load_demo`) into the live server's database.
- `open_browser(width, height)` opens a fresh browser context on the live server and watches it for
  console errors, uncaught page errors, CSP violations and failed requests (`Session.assert_clean`).
- Screenshots and the page-weight figures go to test-artifacts/ at the repo root (git-ignored); the
  figures are also printed in the terminal summary and recorded as JUnit properties.
"""

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
PAGE_WEIGHT_FILE = ARTIFACTS_DIR / "page-weight.json"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
ENABLE_HINT = "apt-get install -y chromium (Debian Chromium at /usr/bin/chromium, or set TUACHUA_CHROMIUM)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The UI is Vietnamese; pin the browser's Accept-Language so LocaleMiddleware does not pick English
# (Chromium's default) once an English catalogue exists.
BROWSER_LOCALE = "vi-VN"
BROWSER_TIMEZONE = "Asia/Ho_Chi_Minh"

# Page weights measured during this session: {"phonglaodong-1280": {"requests": n, "bytes": n}, ...}
PAGE_WEIGHTS: dict[str, dict[str, int]] = {}


def chromium_path() -> Path:
    return Path(os.environ.get("TUACHUA_CHROMIUM") or DEFAULT_CHROMIUM)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run, or None when Chromium is there."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return f"Chromium not found at {path}; to run the browser tests: {ENABLE_HINT}"


def pytest_configure(config):
    # pytest-playwright 0.10 provides its `base_url` fallback fixture as an instance method, which pytest 9
    # deprecates; that is the plugin's business, not something these tests can fix.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    )


def pytest_collection_modifyitems(config, items):
    reason = chromium_missing()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not PAGE_WEIGHTS:
        return
    terminalreporter.write_sep("-", "page weight of the home pages (cold cache)")
    for name, weight in sorted(PAGE_WEIGHTS.items()):
        requests, size = weight["requests"], weight["bytes"]
        terminalreporter.write_line(f"{name:<24} {requests:>3} requests  {size:>9,} bytes  ({size / 1024:.1f} KiB)")
    terminalreporter.write_line(f"written to {PAGE_WEIGHT_FILE.relative_to(REPO_ROOT)}")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium (never a downloaded one)."""
    reason = chromium_missing()
    if reason is not None:
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium_path()),
        "args": CHROMIUM_ARGS,
        "headless": browser_type_launch_args.get("headless", True),
    }


@pytest.fixture(scope="session", autouse=True)
def static_served_as_in_production(collected_static):
    """The live server hands static requests to the application, where WhiteNoise serves the collected,
    hashed and compressed files, as under gunicorn. (pytest-django's own static handler looks files up by
    their source names, so it would answer 404 for every hashed name.)"""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    patch = pytest.MonkeyPatch()
    patch.setattr(StaticFilesHandler, "_should_handle", lambda self, path: False)
    yield
    patch.undo()


@pytest.fixture
def demo(live_server, transactional_db):
    """The Tủa Chùa 2024 demo in the live server's database (flushed again after each test)."""
    from plans.demo.loader import load_demo

    return load_demo()


@dataclass
class Session:
    """One browser context on the live server, with everything that went wrong in it."""

    context: BrowserContext
    page: Page
    base_url: str
    problems: list[str] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def watch(self) -> None:
        context = self.context
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.problems.append(f"page error: {error.error}"))
        context.on("response", self._on_response)
        context.on("requestfailed", lambda request: self.problems.append(f"request failed: {request.url}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium reports CSP violations ("Refused to load/apply/execute ...") as console errors.
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        assert not self.problems, "browser problems:\n" + "\n".join(self.problems)


DEMO_PASSWORD = "demo2024"


def log_in(session: Session, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login form as a demo user and land on the home page."""
    page = session.page
    page.goto(session.url("/accounts/login/?next=/"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(session.url("/"))


@pytest.fixture
def open_browser(new_context, live_server) -> Callable[..., Session]:
    """Open a fresh context (own cookies and cache) on the live server: `open_browser(360, 740)`."""

    def _open(width: int, height: int, **context_args) -> Session:
        context = new_context(
            viewport={"width": width, "height": height},
            locale=BROWSER_LOCALE,
            timezone_id=BROWSER_TIMEZONE,
            # Bootstrap skips its collapse animation then, so a tap never lands on a moving button.
            reduced_motion="reduce",
            **context_args,
        )
        context.set_default_timeout(10_000)
        # Also catch violations that Chromium might not log (reported through the DOM event).
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));"
        )
        session = Session(context=context, page=context.new_page(), base_url=live_server.url)
        session.watch()
        return session

    return _open


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS_DIR


@pytest.fixture
def page_weight(record_property) -> Callable[[str, int, int], None]:
    """Record a page weight: kept for the terminal summary, JSON file and JUnit properties."""

    def _record(name: str, requests: int, size: int) -> None:
        PAGE_WEIGHTS[name] = {"requests": requests, "bytes": size}
        record_property(f"page_weight[{name}]", json.dumps(PAGE_WEIGHTS[name]))
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        PAGE_WEIGHT_FILE.write_text(json.dumps(dict(sorted(PAGE_WEIGHTS.items())), indent=2) + "\n", encoding="utf-8")

    return _record

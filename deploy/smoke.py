#!/usr/bin/env python3
"""Smoke test of a served tuachua, through nginx, as its users see it.

    python deploy/smoke.py https://127.0.0.1:8443 --cafile cert.pem --password demo2024 \
        --users phonglaodong,lanhdao,muong-dun [--lockout-user sinh-phinh] [--report report.json]

Every user logs in through the login form and follows every link they are shown, breadth first, up to
--per-shape addresses of one shape (/lists/12/ and /lists/13/ are one shape) and --max-pages in all; the
documents they are offered are downloaded too. It fails (exit 1) on:
- any answer of 500 or more, or of 400 or more to a link the page itself showed;
- a page slower than --page-seconds (documents: --download-seconds);
- an HTML page, style sheet or script sent uncompressed to a client that accepts gzip;
- a missing security header, or a logged-in page or download that may be cached;
- a static file without a year of caching for its hashed name.
With --lockout-user it also checks the login throttling through the proxy: failures from one client address
lock that address out, not another one, and a forged X-Forwarded-For does not help.

Only the standard library is used, so it runs with any Python 3.11.
"""

import argparse
import gzip
import hashlib
import http.client
import json
import re
import ssl
import sys
import time
import urllib.parse
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

HTML_HEADERS = {
    "Content-Security-Policy": None,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Strict-Transport-Security": None,
}
DOWNLOAD_SUFFIXES = (".xlsx", ".pdf", ".doc", ".docx", ".ics", ".zip", ".csv")
SKIPPED_PATHS = ("/accounts/logout/", "/i18n/", "/admin/logout/")
COMPRESSIBLE = ("text/html", "text/css", "javascript", "application/json", "image/svg+xml")
GZIP_FLOOR = 1024  # smaller bodies may go uncompressed


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # decompressed
    wire_bytes: int  # as sent
    seconds: float

    def header(self, name: str) -> str:
        return self.headers.get(name, "") or ""


class Browser:
    """One user's cookies over keep-alive HTTPS connections, from a chosen local address."""

    def __init__(self, base: str, context: ssl.SSLContext | None, source: str | None = None):
        parts = urllib.parse.urlsplit(base)
        self.base, self.scheme, self.host = base.rstrip("/"), parts.scheme, parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.context, self.source = context, source
        self.cookies: dict[str, str] = {}
        self.connection = None

    def _connect(self):
        source = (self.source, 0) if self.source else None
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                self.host, self.port, context=self.context, timeout=120, source_address=source
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=120, source_address=source)

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Answer:
        sent = {"Accept-Encoding": "gzip", "User-Agent": "tuachua-smoke", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            try:
                start = time.perf_counter()
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                raw = response.read()
                seconds = time.perf_counter() - start
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        self._keep_cookies(response.headers)
        data = gzip.decompress(raw) if response.headers.get("Content-Encoding") == "gzip" else raw
        return Answer(response.status, response.headers, data, len(raw), seconds)

    def _keep_cookies(self, headers):
        for line in headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(line)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str, follow: bool = True) -> tuple[str, Answer]:
        for _hop in range(6):
            answer = self.request("GET", path)
            if not (follow and answer.status in (301, 302, 303, 307, 308)):
                return path, answer
            path = self.local(answer.header("Location"), path)
        return path, answer

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base + path,
            "Origin": self.base,
        }
        return self.request("POST", path, body=body, headers=headers)

    def local(self, href: str, current: str) -> str:
        absolute = urllib.parse.urljoin(self.base + current, href)
        parts = urllib.parse.urlsplit(absolute)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def same_site(self, href: str, current: str) -> bool:
        absolute = urllib.parse.urljoin(self.base + current, href)
        parts = urllib.parse.urlsplit(absolute)
        return (
            parts.scheme in ("http", "https")
            and parts.hostname == self.host
            and (parts.port or self.port) == (self.port)
        )

    def login(self, username: str, password: str) -> Answer:
        _path, page = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
        return self.post_form("/accounts/login/", fields)


class Links(HTMLParser):
    """The links (a href) and static files (link href, script src, img src) of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        elif (
            tag == "link"
            and values.get("href")
            and any(kind in (values.get("rel") or "") for kind in ("stylesheet", "icon"))
        ):
            self.assets.append(values["href"])
        elif tag in ("script", "img") and values.get("src"):
            self.assets.append(values["src"])


def shape(path: str) -> str:
    """/lists/12/edit?page=2&unit=7 -> /lists/#/edit?page&unit: addresses that render the same view."""
    parts = urllib.parse.urlsplit(path)
    keys = sorted({key for key, _value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "#", parts.path) + ("?" + "&".join(keys) if keys else "")


def is_download(path: str, answer: Answer | None = None) -> bool:
    plain = urllib.parse.urlsplit(path).path
    if plain.endswith(DOWNLOAD_SUFFIXES):
        return True
    return answer is not None and "attachment" in answer.header("Content-Disposition")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    pages: Counter = field(default_factory=Counter)
    downloads: Counter = field(default_factory=Counter)
    statics: set = field(default_factory=set)
    slowest: list = field(default_factory=list)
    heaviest: list = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.problems.append(message)


class Crawl:
    def __init__(self, args, context):
        self.args, self.context, self.report = args, context, Report()

    def run_user(self, username: str) -> None:
        browser = Browser(self.args.base, self.context)
        answer = browser.login(username, self.args.password)
        if answer.status != 302:
            self.report.fail(f"{username}: login answered {answer.status}, not a redirect")
            return
        seen, per_shape, queue = set(), Counter(), deque([("/", "login")])
        while queue and self.report.pages[username] + self.report.downloads[username] < self.args.max_pages:
            path, source = queue.popleft()
            if path in seen:
                continue
            seen.add(path)
            final, answer = browser.get(path)
            self.check(username, browser, path, source, answer)
            if answer.status != 200 or "text/html" not in answer.header("Content-Type"):
                continue
            for link in self.links_of(browser, final, answer):
                if link not in seen and per_shape[shape(link)] < self.args.per_shape:
                    per_shape[shape(link)] += 1
                    queue.append((link, final))
        if browser.connection:
            browser.connection.close()

    def links_of(self, browser: Browser, current: str, answer: Answer) -> list[str]:
        parser = Links()
        parser.feed(answer.body.decode("utf-8", "replace"))
        for asset in parser.assets:
            if browser.same_site(asset, current):
                self.check_static(browser, browser.local(asset, current))
        found = []
        for href in parser.links:
            if href.startswith(("#", "mailto:", "tel:", "javascript:")) or not browser.same_site(href, current):
                continue
            local = browser.local(href, current).split("#")[0]
            if not local.startswith(SKIPPED_PATHS):
                found.append(local)
        return found

    def check(self, username: str, browser: Browser, path: str, source: str, answer: Answer) -> None:
        where = f"{username} GET {path} (linked from {source})"
        download = is_download(path, answer)
        (self.report.downloads if download else self.report.pages)[username] += 1
        if answer.status >= 400:
            self.report.fail(f"{where}: HTTP {answer.status}")
            return
        limit = self.args.download_seconds if download else self.args.page_seconds
        self.report.slowest.append((answer.seconds, username, path))
        if answer.seconds > limit:
            self.report.fail(f"{where}: {answer.seconds:.2f} s (limit {limit} s)")
        cache = answer.header("Cache-Control")
        if not ("private" in cache and "no-store" in cache):
            self.report.fail(f"{where}: Cache-Control {cache!r} lets a logged-in page or download be stored")
        if not download:
            self.check_html(where, answer)
            self.report.heaviest.append((len(answer.body), answer.wire_bytes, username, path))

    def check_html(self, where: str, answer: Answer) -> None:
        for name, expected in HTML_HEADERS.items():
            value = answer.header(name)
            if not value or (expected and value != expected):
                self.report.fail(f"{where}: header {name} is {value!r}")
        self.check_compressed(where, answer)

    def check_compressed(self, where: str, answer: Answer) -> None:
        kind = answer.header("Content-Type")
        compressible = any(part in kind for part in COMPRESSIBLE) and len(answer.body) >= GZIP_FLOOR
        if compressible and answer.header("Content-Encoding") != "gzip":
            self.report.fail(f"{where}: {kind} of {len(answer.body)} bytes sent uncompressed")

    def check_static(self, browser: Browser, path: str) -> None:
        if path in self.report.statics:
            return
        self.report.statics.add(path)
        answer = browser.request("GET", path)
        where = f"static {path}"
        if answer.status != 200:
            self.report.fail(f"{where}: HTTP {answer.status}")
            return
        self.check_compressed(where, answer)
        if answer.header("X-Content-Type-Options") != "nosniff":
            self.report.fail(f"{where}: no X-Content-Type-Options")
        if re.search(r"\.[0-9a-f]{12}\.\w+$", path) and "immutable" not in answer.header("Cache-Control"):
            self.report.fail(f"{where}: hashed name without long caching ({answer.header('Cache-Control')!r})")


def check_public(args, context, report: Report) -> None:
    """What anyone gets: the health check, the login page, plain HTTP sent to HTTPS."""
    browser = Browser(args.base, context)
    _path, health = browser.get("/healthz")
    if health.status != 200 or json.loads(health.body).get("status") != "ok":
        report.fail(f"/healthz: HTTP {health.status} {health.body[:200]!r}")
    _path, login = browser.get("/accounts/login/")
    if login.status != 200:
        report.fail(f"login page: HTTP {login.status}")
    else:
        Crawl(args, context).check_html("GET /accounts/login/", login)
    if args.http_base:
        plain = Browser(args.http_base, None)
        answer = plain.request("GET", "/accounts/login/")
        if answer.status != 301 or not answer.header("Location").startswith("https://"):
            report.fail(f"plain HTTP: {answer.status} {answer.header('Location')!r}, not a redirect to HTTPS")


def check_lockout(args, context, report: Report) -> None:
    """Failures from 127.0.0.2 lock that address out, not 127.0.0.3; a forged header does not unlock it."""
    user = args.lockout_user
    guesser = Browser(args.base, context, source="127.0.0.2")
    for _attempt in range(args.failure_limit):
        guesser.login(user, "not-the-password")
    if guesser.login(user, args.password).status != 429:
        report.fail(f"lockout: {args.failure_limit} failures from 127.0.0.2 did not lock {user} out there")
    forger = Browser(args.base, context, source="127.0.0.2")
    _path, page = forger.get("/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1).decode()
    body = urllib.parse.urlencode({"username": user, "password": args.password, "csrfmiddlewaretoken": token})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": args.base + "/accounts/login/",
        "X-Forwarded-For": "203.0.113.9",
    }
    if forger.request("POST", "/accounts/login/", body=body.encode(), headers=headers).status != 429:
        report.fail("lockout: a forged X-Forwarded-For let the locked-out address in")
    if Browser(args.base, context, source="127.0.0.3").login(user, args.password).status != 302:
        report.fail(f"lockout: {user} could not log in from another address (127.0.0.3)")


def summary(args, report: Report) -> dict:
    heaviest = sorted(report.heaviest, reverse=True)[:8]
    return {
        "users": len(args.users),
        "pages": sum(report.pages.values()),
        "downloads": sum(report.downloads.values()),
        "static_files": len(report.statics),
        "per_user": {user: [report.pages[user], report.downloads[user]] for user in args.users},
        "slowest": [[round(s, 3), user, path] for s, user, path in sorted(report.slowest, reverse=True)[:8]],
        "heaviest_pages": [{"bytes": b, "gzip_bytes": w, "user": u, "path": p} for b, w, u, p in heaviest],
        "problems": report.problems,
    }


def fetch(args, context) -> int:
    """Download one address as the first user and compare its checksum (a restored site's file)."""
    browser = Browser(args.base, context)
    if browser.login(args.users[0], args.password).status != 302:
        print(f"FAIL {args.users[0]} could not log in")
        return 1
    _path, answer = browser.get(args.fetch)
    digest = hashlib.sha256(answer.body).hexdigest()
    print(f"GET {args.fetch}: HTTP {answer.status}, {len(answer.body)} bytes, sha256 {digest}")
    if answer.status != 200 or (args.expect_sha256 and digest != args.expect_sha256):
        print(f"FAIL expected HTTP 200 and sha256 {args.expect_sha256}")
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="e.g. https://127.0.0.1:8443")
    parser.add_argument("--http-base", help="the plain-HTTP address, checked to redirect to HTTPS")
    parser.add_argument("--cafile", help="certificate to trust (a self-signed test certificate)")
    parser.add_argument("--users", required=True, type=lambda text: [u for u in text.split(",") if u])
    parser.add_argument("--password", required=True)
    parser.add_argument("--max-pages", type=int, default=250, help="per user (default 250)")
    parser.add_argument("--per-shape", type=int, default=2, help="addresses of one shape per user (default 2)")
    parser.add_argument("--page-seconds", type=float, default=3.0)
    parser.add_argument("--download-seconds", type=float, default=30.0)
    parser.add_argument("--lockout-user", help="a user to lock out from 127.0.0.2 (left locked for a while)")
    parser.add_argument("--failure-limit", type=int, default=5)
    parser.add_argument("--report", help="write the figures as JSON here")
    parser.add_argument("--fetch", help="only download this address as the first user, and check it")
    parser.add_argument("--expect-sha256", help="with --fetch: the SHA-256 the downloaded file must have")
    args = parser.parse_args(argv)
    context = ssl.create_default_context(cafile=args.cafile) if args.base.startswith("https") else None
    if args.fetch:
        return fetch(args, context)

    started = time.perf_counter()
    crawl = Crawl(args, context)
    check_public(args, context, crawl.report)
    for username in args.users:
        crawl.run_user(username)
        print(f"{username}: {crawl.report.pages[username]} pages, {crawl.report.downloads[username]} downloads")
    if args.lockout_user:
        check_lockout(args, context, crawl.report)
    figures = summary(args, crawl.report)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as out:
            json.dump(figures, out, ensure_ascii=False, indent=1)
    print(json.dumps({key: value for key, value in figures.items() if key != "problems"}, ensure_ascii=False))
    for problem in crawl.report.problems:
        print("FAIL", problem)
    print(f"{len(crawl.report.problems)} problems")
    return 1 if crawl.report.problems else 0


if __name__ == "__main__":
    sys.exit(main())

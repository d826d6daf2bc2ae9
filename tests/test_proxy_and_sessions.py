"""What a production server behind nginx needs from the login: the real client's address for throttling
(and a direct client cannot forge it), throttled reset mails, private caching, idle and browser-close
session expiry."""

import time
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tuachua.client import client_ip
from tuachua.models import PasswordResetRequest

PASSWORD = "pw-test-2024"
PROXY = "127.0.0.1"


@pytest.fixture
def user(db):
    return UserFactory(username="canbo", email="canbo@tuachua.example")


def login(client, password, *, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "canbo", "password": password}, **extra)


# --- the client's address ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.7", None, "198.51.100.7"),  # direct, no header
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),  # direct client forging the header
        (PROXY, "203.0.113.5", "203.0.113.5"),  # through nginx
        (PROXY, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # the client's own header, then what nginx saw
        (PROXY, "203.0.113.5, 127.0.0.1", "203.0.113.5"),  # two trusted proxies on the way
        (PROXY, "2001:db8::5", "2001:db8::5"),
        (PROXY, "not-an-address", PROXY),
        (PROXY, "", PROXY),
        ("::1", "203.0.113.8", "203.0.113.8"),
    ],
)
def test_client_ip(remote, forwarded, expected):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_other_trusted_proxies_from_the_settings(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert client_ip(request) == "203.0.113.5"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")) == PROXY


# --- login throttling behind the proxy --------------------------------------------------------------------


def fail_to_the_limit(client, settings, **where):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "sai-mat-khau", **where)


def test_failures_from_one_forwarded_address_do_not_lock_out_another(client, user, settings):
    fail_to_the_limit(client, settings, forwarded="203.0.113.5")
    assert login(client, PASSWORD, forwarded="203.0.113.5").status_code == 429  # the guesser is locked
    response = login(client, PASSWORD, forwarded="203.0.113.6")  # the real user, elsewhere
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_a_direct_client_cannot_escape_its_lock_with_a_forged_header(client, user, settings):
    fail_to_the_limit(client, settings, remote="198.51.100.7")
    for forged in ("203.0.113.77", "127.0.0.1", "198.51.100.8, 203.0.113.77"):
        assert login(client, PASSWORD, remote="198.51.100.7", forwarded=forged).status_code == 429


def test_a_client_behind_the_proxy_cannot_escape_by_adding_to_the_header(client, user, settings):
    fail_to_the_limit(client, settings, forwarded="203.0.113.5")
    # The client sends "X-Forwarded-For: 198.51.100.1"; nginx appends the address it saw.
    assert login(client, PASSWORD, forwarded="198.51.100.1, 203.0.113.5").status_code == 429


# --- password reset throttling -----------------------------------------------------------------------------


def reset(client, email, ip="203.0.113.5"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)


def test_three_reset_mails_per_account_an_hour_then_a_clear_message(client, user):
    for _attempt in range(3):
        assert reset(client, "canbo@tuachua.example").status_code == 302
    assert len(mail.outbox) == 3
    response = reset(client, "CanBo@tuachua.example ")  # the same address, typed differently
    assert response.status_code == 429
    html = response.content.decode()
    assert "quá nhiều yêu cầu đặt lại mật khẩu" in html
    assert "60 phút" in html or "59 phút" in html
    assert len(mail.outbox) == 3


def test_the_answer_is_the_same_for_an_address_without_an_account(client, user):
    answers = []
    for email in ("canbo@tuachua.example", "khong-co@tuachua.example"):
        for _attempt in range(4):
            response = reset(client, email, ip=f"203.0.113.{len(answers)}")
            answers.append((email, response.status_code))
    assert [code for _email, code in answers] == [302, 302, 302, 429] * 2


def test_reset_requests_are_limited_per_client_address(client, user, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 4
    codes = [reset(client, f"nguoi{n}@tuachua.example").status_code for n in range(5)]
    assert codes == [302, 302, 302, 302, 429]
    assert reset(client, "nguoi9@tuachua.example", ip="203.0.113.99").status_code == 302


def test_the_hourly_window_moves_on(client, user):
    for _attempt in range(3):
        reset(client, "canbo@tuachua.example")
    PasswordResetRequest.objects.update(at=timezone.now() - timezone.timedelta(minutes=61))
    assert reset(client, "canbo@tuachua.example").status_code == 302
    assert PasswordResetRequest.objects.count() == 1  # the old ones were removed


# --- caching of private pages and downloads --------------------------------------------------------------


def test_logged_in_pages_are_private_and_not_stored(client, user):
    client.force_login(user)
    for url in (reverse("home"), reverse("password_change")):
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "Expires" not in response


def test_private_downloads_are_not_stored(client, world):
    from plans.models import Plan

    client.force_login(world.users.staff)
    plan = Plan.objects.filter(issuing_unit=world.a.unit).first()
    response = client.get(reverse("document", args=["plan", plan.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_login_page_is_never_cached_either(client, db):
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]


# --- session expiry -----------------------------------------------------------------------------------------


def test_sessions_end_when_the_browser_closes_and_after_eight_idle_hours(client, user, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert login(client, PASSWORD).status_code == 302
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert timezone.timedelta(hours=7, minutes=59) < remaining <= timezone.timedelta(hours=8)


def test_an_idle_session_ends(client, user):
    login(client, PASSWORD)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_using_the_site_moves_the_expiry_forward_at_most_every_few_minutes(client, user, settings):
    login(client, PASSWORD)
    client.get(reverse("home"))
    first = Session.objects.get().expire_date
    client.get(reverse("home"))
    assert Session.objects.get().expire_date == first  # no write on every page
    later = time.time() + settings.SESSION_REFRESH_SECONDS + 1
    with mock.patch("tuachua.middleware.time.time", return_value=later):
        client.get(reverse("home"))
    assert Session.objects.get().expire_date > first


def test_the_idle_time_is_configurable(monkeypatch):
    import importlib
    import os

    import tuachua.settings as production

    monkeypatch.setitem(os.environ, "SESSION_IDLE_HOURS", "2.5")
    monkeypatch.setitem(os.environ, "SESSION_EXPIRE_AT_BROWSER_CLOSE", "false")
    try:
        reloaded = importlib.reload(production)
        assert reloaded.SESSION_COOKIE_AGE == 9000
        assert reloaded.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
    finally:
        monkeypatch.undo()
        importlib.reload(production)

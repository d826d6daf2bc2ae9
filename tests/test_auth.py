"""Logging in and out, login throttling (django-axes), password reset and change, the health check, the
Content-Security-Policy header and the language switch."""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import UserFactory

PASSWORD = "pw-test-2024"
NEW_PASSWORD = "Bản-Hừ-Só-2024!"


@pytest.fixture
def user(db):
    return UserFactory(username="canbo", email="canbo@tuachua.example")


def login_post(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def is_logged_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


# --- login -----------------------------------------------------------------------------------------------


def test_login_page_is_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi" class="no-js">' in html
    assert "Đăng nhập" in html
    assert "Quên mật khẩu?" in html


def test_right_password_logs_in_and_goes_home(client, user):
    response = login_post(client, "canbo", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert is_logged_in(client, user)


def test_wrong_password_shows_djangos_error(client, user):
    response = login_post(client, "canbo", "sai-mat-khau")
    assert response.status_code == 200
    assert not is_logged_in(client, user)
    form = response.context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == ["invalid_login"]
    with translation.override("vi"):
        username_label = form.username_field.verbose_name
        message = AuthenticationForm.error_messages["invalid_login"] % {"username": username_label}
    assert escape(message) in response.content.decode()
    assert "Vui lòng điền vào" in message  # Django's own Vietnamese text


def test_lockout_after_the_failure_limit_even_with_the_right_password(client, user):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 2
    for _attempt in range(limit - 1):
        assert login_post(client, "canbo", "sai-mat-khau").status_code == 200
    login_post(client, "canbo", "sai-mat-khau")  # the limit-th failure

    response = login_post(client, "canbo", PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "tạm khóa" in html
    assert not is_logged_in(client, user)


def test_lockout_page_states_the_cool_off_in_minutes(client, user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "canbo", "sai-mat-khau")
    response = login_post(client, "canbo", PASSWORD)
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    assert f"Vui lòng thử lại sau {minutes} phút" in response.content.decode()


def test_lockout_is_per_username_and_address(client, user):
    other = UserFactory(username="canbo2")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_post(client, "canbo", "sai-mat-khau")
    # another account from the same address still logs in
    assert login_post(client, "canbo2", PASSWORD).status_code == 302
    assert is_logged_in(client, other)
    client.logout()
    # the same account from another address too
    response = login_post(client, "canbo", PASSWORD, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302
    assert is_logged_in(client, user)


def test_success_before_the_limit_resets_the_failures(client, user):
    limit = settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        login_post(client, "canbo", "sai-mat-khau")
    assert login_post(client, "canbo", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(limit - 1):
        login_post(client, "canbo", "sai-mat-khau")
    assert login_post(client, "canbo", PASSWORD).status_code == 302


# --- logout ----------------------------------------------------------------------------------------------


def test_logout_is_post_only(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("logout")).status_code == 405
    assert is_logged_in(client, user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # back to the login page


# --- password reset --------------------------------------------------------------------------------------


def test_password_reset_by_mail_then_login_with_the_new_password(client, user):
    response = client.post(reverse("password_reset"), {"email": "CanBo@tuachua.example"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo@tuachua.example"]
    links = re.findall(r"https?://[^/\s]+(/accounts/reset/[^\s]+/)", message.body)
    assert len(links) == 1
    assert "canbo" in message.body

    response = client.get(links[0], follow=True)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")

    assert login_post(client, "canbo", PASSWORD).status_code == 200  # the old password no longer works
    assert login_post(client, "canbo", NEW_PASSWORD).status_code == 302
    assert is_logged_in(client, user)


def test_reset_link_works_once(client, user):
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False
    assert "không hợp lệ hoặc đã được dùng" in response.content.decode()


def test_unknown_email_sends_nothing_but_shows_the_same_page(client, user):
    known = client.post(reverse("password_reset"), {"email": user.email}, follow=True)
    mail.outbox.clear()
    unknown = client.post(reverse("password_reset"), {"email": "ai.do@tuachua.example"}, follow=True)
    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert unknown.status_code == 200
    assert "Hãy kiểm tra hộp thư" in unknown.content.decode()


# --- password change -------------------------------------------------------------------------------------


def test_password_change(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert is_logged_in(client, user)  # the session survives the change
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_with_wrong_old_password_changes_nothing(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- health check ----------------------------------------------------------------------------------------


def test_healthz_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "static": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_a_database_failure_with_503(client, db):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("database is locked")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "unavailable"
    assert "database is locked" not in response.content.decode()  # no details of the failure leak out
    assert client.get(reverse("healthz")).status_code == 200  # the mock is gone again


# --- Content-Security-Policy -----------------------------------------------------------------------------


HTML_PAGES = [
    (None, lambda w: reverse("login")),
    (None, lambda w: reverse("password_reset")),
    (None, lambda w: reverse("password_reset_done")),
    (None, lambda w: reverse("password_reset_complete")),
    ("staff", lambda w: reverse("home")),
    ("officer_a", lambda w: reverse("home")),
    ("leader", lambda w: reverse("home")),
    ("office", lambda w: reverse("home")),
    ("staff", lambda w: reverse("password_change")),
    ("staff", lambda w: reverse("plans:plan_list")),
    ("staff", lambda w: reverse("plans:plan_detail", args=[w.a.plan.pk])),
    ("staff", lambda w: reverse("plans:unit_list")),
    ("staff", lambda w: reverse("plans:unit_detail", args=[w.a.communes[0].pk])),
    ("staff", lambda w: reverse("plans:unit_villages", args=[w.a.communes[0].pk])),
    ("staff", lambda w: reverse("plans:plan_detail", args=[w.b.plan.pk])),  # 404 page
    ("officer_a", lambda w: reverse("plans:unit_villages", args=[w.a.communes[0].pk])),  # 403 page
    ("staff", lambda w: "/no-such-page/"),
    ("admin", lambda w: reverse("admin:index")),
]


@pytest.mark.parametrize(("username", "url"), HTML_PAGES, ids=[f"{i}" for i in range(len(HTML_PAGES))])
def test_html_pages_carry_a_strict_content_security_policy(world, client, username, url):
    if username:
        client.force_login(getattr(world.users, username), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url(world))
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "default-src 'self'" in policy


@pytest.mark.parametrize(
    ("username", "url"), [p for p in HTML_PAGES if p[0] != "admin"], ids=[f"{i}" for i in range(len(HTML_PAGES) - 1)]
)
def test_our_pages_need_no_inline_script_or_style(world, client, username, url):
    """The policy forbids inline code, so a page with some would be broken in the browser."""
    if username:
        client.force_login(getattr(world.users, username), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(url(world)).content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []


def test_locked_out_page_carries_the_policy(client, user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = login_post(client, "canbo", "sai-mat-khau")
    assert response.status_code == 429
    assert "script-src 'self'" in response["Content-Security-Policy"]


# --- language --------------------------------------------------------------------------------------------


def test_language_switch_sets_the_cookie_and_english_follows(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.url == reverse("login")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    page = client.get(reverse("login"))
    assert '<html lang="en" class="no-js">' in page.content.decode()
    assert page["Content-Language"] == "en"


def test_browser_language_alone_does_not_switch_to_english(client, db):
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi" class="no-js">' in page.content.decode()
    assert page["Content-Language"] == "vi"


def test_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("login"))
    assert '<html lang="vi" class="no-js">' in page.content.decode()

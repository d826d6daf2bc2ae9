"""Small middleware of tuachua."""

import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """Send the strict Content-Security-Policy of settings on every HTML response.

    Every script and style is a vendored static file, so nothing inline is allowed. The Django admin
    keeps its own pages; they need no inline script either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (the language cookie).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: an office phone set
    to English still gets the Vietnamese pages the programme works in, until its user picks English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleMiddleware:
    """Keep an active session alive: its expiry (SESSION_COOKIE_AGE of idle time) moves forward as it is used.

    The session is saved again at most once per SESSION_REFRESH_SECONDS, so a busy officer's pages do not
    each write to the database, and a session left alone ends after the idle time, give or take that margin.
    """

    KEY = "_idle_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.session.is_empty():
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                request.session[self.KEY] = now
        return response


def session_started(sender, request, user, **kwargs):
    """On login (signal user_logged_in): the new session counts as just refreshed, so the first page after
    logging in does not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleMiddleware.KEY] = int(time.time())


class PrivatePagesMiddleware:
    """Nothing shown to a logged-in user is kept by a browser or a proxy: `Cache-Control: private, no-store`.

    On a shared office computer the next person cannot page back through someone's lists, and a download
    of a delegate list is not left in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response

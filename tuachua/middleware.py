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


class AuditContextMiddleware:
    """The audit trail's view of the request: its client address and user are bound for the services (which
    are not handed the request), and every refused write is recorded with action "refused" — a 403 answered
    to a POST, PUT, PATCH or DELETE, or a refusal a service noted (`tuachua.permissions.refuse`) while the view
    answered otherwise. 404s are never recorded: another unit's object must look like a missing one."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from tuachua import audit

        token = audit.bind_request(request)
        try:
            response = self.get_response(request)
            context = audit.current_request()
            if self._is_refused_write(request, response, context):
                self._record(request, response, context)
        finally:
            audit.unbind_request(token)
        return response

    def process_exception(self, request, exception):
        """Keep the reason of a PermissionDenied raised by a view (Django then answers 403)."""
        from django.core.exceptions import PermissionDenied

        from tuachua import audit

        context = audit.current_request()
        if isinstance(exception, PermissionDenied) and context is not None:
            context.refusals.append(str(exception))
        return None

    def _is_refused_write(self, request, response, context) -> bool:
        if request.method in self.SAFE_METHODS or response.status_code == 404:
            return False
        return response.status_code == 403 or bool(context.refusals)

    def _record(self, request, response, context) -> None:
        from tuachua import audit

        match = request.resolver_match
        audit.log_refusal(
            actor=context.user,
            reason="; ".join(dict.fromkeys(reason for reason in context.refusals if reason)),
            path=request.path,
            method=request.method,
            client_ip=context.client_ip,
            status=response.status_code,
            view=match.view_name if match else "",
        )

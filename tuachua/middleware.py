"""Small middleware of tuachua."""

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

"""Small middleware of tuachua."""

from django.conf import settings


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

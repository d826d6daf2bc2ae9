"""Top-level pages: the home page of each role, the health check, the login page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tuachua.home import home_for


@require_http_methods(["GET", "HEAD"])
@login_required
def home(request):
    template, context = home_for(request.user)
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request):
    """Liveness and database check for load balancers and monitoring: JSON, 200 or 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable", "detail": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_http_methods(["GET", "HEAD"])
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included; point them at the icon."""
    return redirect(static("favicon.svg"), permanent=True)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

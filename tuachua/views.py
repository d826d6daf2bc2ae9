"""Top-level pages: the home page of each role, the health check, the login page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from monitoring import selectors as monitoring_selectors
from plans import selectors as plan_selectors
from tuachua import health, mau01
from tuachua.documents.pdf import PdfUnavailable
from tuachua.exporters import get_exporter
from tuachua.home import home_for
from tuachua.permissions import ANY_ROLE, Role, require_roles, role_of


@require_http_methods(["GET", "HEAD"])
@login_required
def home(request):
    template, context = home_for(request.user)
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request):
    """Health for load balancers and monitoring: the database and the static manifest, JSON, 200 or 503."""
    checks = {"database": health.database_status(), "static": health.static_status()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@require_http_methods(["GET", "HEAD"])
def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included; point them at the icon."""
    return redirect(static("favicon.svg"), permanent=True)


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def mau01_download(request, period_pk, fmt):
    """The Mẫu 01 draft of a period, as .doc or PDF: a unit officer gets their unit's; staff, leaders and
    offices the district's, or one unit's with ?unit=<id>."""
    if fmt not in ("doc", "pdf"):
        raise Http404
    period = get_object_or_404(monitoring_selectors.periods_for(request.user), pk=period_pk)
    unit = None
    if role_of(request.user) == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(request.user)
    elif request.GET.get("unit", "").isdigit():
        unit = get_object_or_404(plan_selectors.units_for(request.user), pk=int(request.GET["unit"]))
    context = mau01.mau01_context(plan=period.plan, period=period, unit=unit)
    if fmt == "doc":
        content, content_type = mau01.render_mau01_doc(context), "application/msword"
    else:
        try:
            content, content_type = mau01.render_mau01_pdf(context), "application/pdf"
        except (ImportError, OSError):
            message = _(
                "Máy chủ chưa cài thư viện tạo PDF (Pango). Cài gói hệ thống: apt-get install -y libpango-1.0-0 "
                "libpangoft2-1.0-0 fonts-liberation2; trong lúc chờ, hãy tải bản Word."
            )
            return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=content_type)
    filename = mau01.mau01_filename(context, fmt)
    response["Content-Disposition"] = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{filename}"
    return response


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def document_download(request, exporter, pk, fmt):
    """Every document of tuachua: the exporter loads the object as the user may see it (404 / 403), builds
    the document and renders it, or takes the file rendered earlier for the same data."""
    exporter = get_exporter(exporter)
    if fmt not in exporter.formats:
        raise Http404
    obj = exporter.get_object(request.user, pk, request.GET)
    try:
        result = exporter.export(obj, fmt, request.GET)
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = result.content_disposition()
    response["X-Document-Cache"] = "hit" if result.cached else "miss"
    return response

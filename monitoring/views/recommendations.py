"""Pages of recommendations (kiến nghị): the list with overdue ones first, the addressee's responses with
evidence, and the Labour office's verification."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring import selectors, services
from monitoring.forms import VERIFY_DECISIONS, RespondForm, VerifyForm
from monitoring.models import (
    ADDRESSEE_TRANSITIONS,
    RecommendationResponse,
    RecommendationStatus,
    ResponseAttachment,
)
from monitoring.views.files import serve_stored_file
from tuachua.permissions import ANY_ROLE, require_roles

GET = ["GET", "HEAD"]
MAX_FILES = 5


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def recommendation_list(request):
    today = timezone.localdate()
    recs = selectors.recommendations_for(request.user).select_related("visit__activity")
    status = request.GET.get("status", "")
    if status == "overdue":
        recs = recs.filter(selectors.overdue_q(today))
    elif status in RecommendationStatus.values:
        recs = recs.filter(status=status)
    recs = recs.annotate(
        overdue_first=Case(
            When(selectors.overdue_q(today), then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("overdue_first", "due_date", "pk")
    page = Paginator(recs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": RecommendationStatus.choices, "today": today}
    return render(request, "monitoring/recommendation_list.html", context)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def recommendation_detail(request, pk):
    rec = selectors.recommendation_for(request.user, pk)
    responses = RecommendationResponse.objects.select_related("author").prefetch_related("attachments")
    rec = (
        type(rec)
        .objects.filter(pk=rec.pk)
        .select_related("visit__activity__plan", "unit", "office", "finding", "closed_by")
        .prefetch_related(Prefetch("responses", queryset=responses.order_by("created_at", "pk")))
        .get()
    )
    context = {
        "rec": rec,
        "today": timezone.localdate(),
        "may_respond": selectors.may_respond(request.user, rec) and rec.status in ADDRESSEE_TRANSITIONS,
        "may_verify": selectors.may_manage(request.user, plan=rec.visit.activity.plan)
        and rec.status == RecommendationStatus.REPORTED_DONE,
        "respond_form": RespondForm(),
        "verify_form": VerifyForm(),
        "max_files": MAX_FILES,
    }
    return render(request, "monitoring/recommendation_detail.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def recommendation_respond(request, pk):
    rec = selectors.recommendation_for(request.user, pk)
    if not selectors.may_respond(request.user, rec):
        raise PermissionDenied
    form = RespondForm(request.POST)
    files = request.FILES.getlist("files")[:MAX_FILES]
    if form.is_valid():
        try:
            services.recommendation_respond(
                recommendation=rec,
                by=request.user,
                text=form.cleaned_data["text"],
                new_status=form.cleaned_data["new_status"],
                files=files,
            )
            messages.success(request, _("Đã gửi báo cáo thực hiện kiến nghị."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Hãy ghi kết quả thực hiện và chọn tình trạng."))
    return redirect("monitoring:recommendation", pk=rec.pk)


@require_POST
@require_roles(*ANY_ROLE)
def recommendation_verify(request, pk):
    rec = selectors.recommendation_for(request.user, pk)
    if not selectors.may_manage(request.user, plan=rec.visit.activity.plan):
        raise PermissionDenied
    form = VerifyForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in VERIFY_DECISIONS or not form.is_valid():
        messages.error(request, _("Không xác nhận được: hãy bấm Đóng hoặc Mở lại, ý kiến viết bằng chữ."))
        return redirect("monitoring:recommendation", pk=rec.pk)
    close = decision == "close"
    try:
        services.recommendation_verify(
            recommendation=rec, by=request.user, close=close, comment=form.cleaned_data["comment"]
        )
        messages.success(request, _("Đã đóng kiến nghị.") if close else _("Đã mở lại kiến nghị."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("monitoring:recommendation", pk=rec.pk)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def response_file(request, pk):
    attachment = get_object_or_404(
        ResponseAttachment.objects.filter(response__recommendation__in=selectors.recommendations_for(request.user)),
        pk=pk,
    )
    return serve_stored_file(attachment)

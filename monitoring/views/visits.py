"""Pages of monitoring visits: the list, planning a visit, its team, findings, recommendations and files."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from monitoring import selectors, services
from monitoring.forms import AttachmentForm, FindingForm, RecommendationForm, TeamMemberForm, VisitForm, VisitStatusForm
from monitoring.models import MonitoringVisit, Recommendation, VisitAttachment, VisitStatus
from monitoring.views.files import serve_stored_file
from plans import selectors as plan_selectors
from plans.models import Activity, Office
from tuachua.permissions import ANY_ROLE, Role, is_manager, require_manager, require_roles, role_of

GET = ["GET", "HEAD"]


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def visit_list(request):
    visits = selectors.visits_for(request.user).annotate(
        unit_count=Count("units", distinct=True),
        open_recommendations=Count("recommendations", filter=~Q(recommendations__status="closed"), distinct=True),
    )
    status = request.GET.get("status", "")
    if status in VisitStatus.values:
        visits = visits.filter(status=status)
    page = Paginator(visits, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    due = selectors.report_due_for(page.object_list)
    rows = [(visit, due.get(visit.pk)) for visit in page.object_list]
    unit = plan_selectors.home_unit_of(request.user) if role_of(request.user) == Role.UNIT_OFFICER else None
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": VisitStatus.choices,
        "can_manage": is_manager(request.user),
        "upcoming": list(selectors.upcoming_visits_for_unit(unit, today=timezone.localdate())) if unit else [],
        "today": timezone.localdate(),
    }
    return render(request, "monitoring/visit_list.html", context)


def _manageable_activities(user):
    return (
        Activity.objects.filter(plan__in=plan_selectors.plans_for(user))
        .select_related("plan")
        .order_by("-plan__year", "order")
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def visit_create(request):
    require_manager(request.user)
    units = plan_selectors.units_below(request.user)
    form = VisitForm(request.POST or None, activities=_manageable_activities(request.user), units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_create(
                activity=data["activity"],
                kind=data["kind"],
                method=data["method"],
                title=data["title"],
                planned_start=data["planned_start"],
                planned_end=data["planned_end"],
                units=list(data["units"]),
                by=request.user,
                preparation_note=data["preparation_note"] or None,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _errors(error) if isinstance(error, ValidationError) else _("Không có quyền."))
        else:
            messages.success(request, _("Đã lên kế hoạch cuộc giám sát."))
            return redirect("monitoring:visit", pk=visit.pk)
    return render(request, "monitoring/visit_form.html", {"form": form})


def _visit_with_everything(user, pk) -> MonitoringVisit:
    visit = selectors.visit_for(user, pk)
    recommendations = Recommendation.objects.select_related("unit", "office").order_by("due_date", "pk")
    if role_of(user) == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(user)
        recommendations = recommendations.filter(unit__path__startswith=unit.path)
    return (
        MonitoringVisit.objects.filter(pk=visit.pk)
        .select_related("activity__plan", "created_by")
        .prefetch_related(
            "units",
            "team__office",
            "findings__unit",
            Prefetch("recommendations", queryset=recommendations),
            Prefetch("attachments", queryset=VisitAttachment.objects.order_by("uploaded_at")),
        )
        .get()
    )


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def visit_detail(request, pk):
    visit = _visit_with_everything(request.user, pk)
    can_manage = selectors.may_manage(request.user, plan=visit.activity.plan)
    units = visit.units.all()
    offices = Office.objects.filter(unit=visit.activity.plan.issuing_unit)
    today = timezone.localdate()
    # Each form gets its own id prefix (auto_id) so labels point at their own fields; names stay plain.
    context = {
        "visit": visit,
        "report_due": selectors.report_due_for([visit]).get(visit.pk),
        "can_manage": can_manage,
        "today": today,
        "status_form": VisitStatusForm(initial={"status": visit.status, "summary": visit.summary}, auto_id="status_%s"),
        "team_form": TeamMemberForm(offices=offices, auto_id="team_%s"),
        "finding_form": FindingForm(units=units, auto_id="finding_%s"),
        "recommendation_form": RecommendationForm(units=units, offices=offices, auto_id="rec_%s"),
        "attachment_form": AttachmentForm(auto_id="file_%s"),
    }
    return render(request, "monitoring/visit_detail.html", context)


def _manage_visit(request, pk) -> MonitoringVisit:
    visit = selectors.visit_for(request.user, pk)
    if not selectors.may_manage(request.user, plan=visit.activity.plan):
        raise PermissionDenied
    return visit


def _back(visit, anchor: str = ""):
    response = redirect("monitoring:visit", pk=visit.pk)
    response["Location"] += anchor
    return response


@require_POST
@require_roles(*ANY_ROLE)
def visit_status(request, pk):
    visit = _manage_visit(request, pk)
    form = VisitStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trạng thái không hợp lệ."))
    else:
        try:
            if form.cleaned_data["summary"] != visit.summary:
                services.visit_update(visit=visit, by=request.user, summary=form.cleaned_data["summary"])
            if form.cleaned_data["status"] != visit.status:
                services.visit_set_status(visit=visit, status=form.cleaned_data["status"], by=request.user)
            messages.success(request, _("Đã cập nhật cuộc giám sát."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    return _back(visit)


@require_POST
@require_roles(*ANY_ROLE)
def visit_team(request, pk):
    visit = _manage_visit(request, pk)
    form = TeamMemberForm(request.POST, offices=Office.objects.filter(unit=visit.activity.plan.issuing_unit))
    if form.is_valid():
        try:
            services.visit_add_team_member(visit=visit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã thêm thành viên đoàn."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return _back(visit, "#team")


@require_POST
@require_roles(*ANY_ROLE)
def visit_finding(request, pk):
    visit = _manage_visit(request, pk)
    form = FindingForm(request.POST, units=visit.units.all())
    if form.is_valid():
        try:
            services.finding_add(visit=visit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi phát hiện."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, _("Hãy nhập nội dung phát hiện."))
    return _back(visit, "#findings")


@require_POST
@require_roles(*ANY_ROLE)
def visit_recommendation(request, pk):
    visit = _manage_visit(request, pk)
    offices = Office.objects.filter(unit=visit.activity.plan.issuing_unit)
    form = RecommendationForm(request.POST, units=visit.units.all(), offices=offices)
    if form.is_valid():
        try:
            services.recommendation_create(visit=visit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã ghi kiến nghị."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return _back(visit, "#recommendations")


@require_POST
@require_roles(*ANY_ROLE)
def visit_attachment(request, pk):
    visit = _manage_visit(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.visit_attach_file(
                visit=visit, kind=form.cleaned_data["kind"], file=form.cleaned_data["file"], by=request.user
            )
            messages.success(request, _("Đã đính kèm tệp."))
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, _("Hãy chọn tệp cần đính kèm."))
    return _back(visit, "#files")


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def visit_file(request, pk):
    attachment = get_object_or_404(VisitAttachment.objects.filter(visit__in=selectors.visits_for(request.user)), pk=pk)
    return serve_stored_file(attachment)

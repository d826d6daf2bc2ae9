"""Pages of periodic reporting: periods, the completeness board, what a unit owes, uploads and review."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from monitoring import selectors, services
from monitoring.forms import SubmissionReviewForm
from monitoring.models import ReportForm, SubmissionStatus
from monitoring.services import MAX_UPLOAD_BYTES
from monitoring.views.files import serve_stored_file
from plans import selectors as plan_selectors
from plans.models import AdministrativeUnit
from tuachua.permissions import ANY_ROLE, Role, require_manager, require_roles, role_of

GET = ["GET", "HEAD"]
ACCEPT = ".xlsx,.docx,.pdf"


@dataclass(frozen=True)
class State:
    """How a required form stands, shown with a symbol and words (never by colour alone)."""

    key: str
    symbol: str
    label: str
    css: str


STATES = {
    state.key: state
    for state in (
        State("missing", "○", _lazy("Chưa nộp"), "text-bg-light border border-danger text-danger"),
        State("on_time", "●", _lazy("Nộp đúng hạn"), "text-bg-primary"),
        State("late", "!", _lazy("Nộp trễ hạn"), "text-bg-danger"),
        State("returned", "↩", _lazy("Trả lại để sửa"), "text-bg-warning"),
        State("accepted", "✓", _lazy("Đã chấp nhận"), "text-bg-success"),
    )
}


def state_of(cell) -> State:
    """What a board cell or an owed item shows: missing, on_time, late, returned or accepted."""
    if cell.submission is None:
        return STATES["missing"]
    if cell.submission.status in (SubmissionStatus.ACCEPTED, SubmissionStatus.RETURNED):
        return STATES[cell.submission.status]
    return STATES["on_time" if cell.on_time else "late"]


_PLACEHOLDER = 2147483647


def _url_template(name: str) -> str:
    """reverse() once for a whole board ("/reports/submissions/{}/"): it costs ~0.1 ms a call."""
    return reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")


def _board_cells(period, forms, row, urls, badges):
    """The cells of a unit's row as plain dicts (the fastest lookups for the template on a 200-unit board):
    the state's badge and where a click goes; None for a form the unit does not owe."""
    cells = []
    for form, cell in _zip(forms, row.cells):
        if not cell.required:
            cells.append(None)
        elif cell.submission is not None:
            cells.append({**badges[state_of(cell).key], "href": urls["submission"].format(cell.submission.pk)})
        else:
            link = urls["unit"].format(row.unit.pk) + f"#item-{period.pk}-{form.pk}"
            cells.append({**badges["missing"], "href": link})
    return cells


def _zip(forms, cells):
    return zip(forms, cells, strict=True)


def _officer_home(user):
    """The unit of a unit officer (who is sent to their own page), None for everyone else."""
    if role_of(user) != Role.UNIT_OFFICER:
        return None
    unit = plan_selectors.home_unit_of(user)
    if unit is None:
        raise PermissionDenied
    return unit


def _units_in_scope(user, period):
    return selectors.reporting_units(period).filter(pk__in=plan_selectors.units_for(user).values("pk"))


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def period_list(request):
    unit = _officer_home(request.user)
    if unit is not None:
        return redirect("reports:unit", unit_pk=unit.pk)
    periods = selectors.periods_for(request.user).select_related("plan").order_by("-due_date", "pk")
    page = Paginator(periods, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    issuers = {period.plan.issuing_unit_id for period in shown}
    units = AdministrativeUnit.objects.filter(parent_id__in=issuers, is_active=True).filter(
        pk__in=plan_selectors.units_for(request.user).values("pk")
    )
    totals = selectors.period_totals(shown, units)  # four queries for the whole page
    rows = [(period, totals[period.pk]) for period in shown]
    return render(request, "monitoring/reports/period_list.html", {"rows": rows, "page": page})


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def board(request, pk):
    period = get_object_or_404(selectors.periods_for(request.user), pk=pk)
    unit = _officer_home(request.user)
    if unit is not None:
        return redirect("reports:unit", unit_pk=unit.pk)
    result = selectors.completeness(period, _units_in_scope(request.user, period))
    missing_only = request.GET.get("missing") == "1"
    urls = {"submission": _url_template("reports:submission"), "unit": _url_template("reports:unit")}
    badges = {key: {**asdict(state), "label": str(state.label)} for key, state in STATES.items()}
    unit_rows = [row for row in result.unit_rows if not missing_only or row.tally.missing]
    page = Paginator(unit_rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (row, urls["unit"].format(row.unit.pk), _board_cells(period, result.forms, row, urls, badges))
        for row in page.object_list
    ]
    context = {
        "period": period,
        "board": result,
        "rows": rows,
        "page": page,
        "missing_only": missing_only,
        "states": STATES.values(),
    }
    return render(request, "monitoring/reports/board.html", context)


def _owed_periods(user, unit, today):
    """Each period the unit reports in: (period, items) where an item is (form, cell, state, days left).
    A period is open while one of its forms is not yet accepted; closed ones come back separately."""
    periods = selectors.periods_for(user).filter(plan__issuing_unit_id=unit.parent_id).order_by("due_date", "pk")
    open_periods, closed = [], []
    for period in periods:
        result = selectors.completeness(period, [unit])
        cells = _zip(result.forms, result.unit_rows[0].cells)
        items = [(form, cell, state_of(cell)) for form, cell in cells if cell.required]
        if items and all(state.key == "accepted" for _form, _cell, state in items):
            closed.append(period)
        elif items:
            open_periods.append((period, (period.due_date - today).days, items))
    return open_periods, closed


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def unit_reports(request, unit_pk):
    unit = plan_selectors.unit_for(request.user, unit_pk)
    open_periods, closed = _owed_periods(request.user, unit, timezone.localdate())
    context = {
        "unit": unit,
        "open_periods": open_periods,
        "closed_periods": closed,
        "may_upload": selectors.may_upload(request.user, unit),
        "accept": ACCEPT,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "monitoring/reports/unit.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def upload(request, period_pk, unit_pk, form_pk):
    period = get_object_or_404(selectors.periods_for(request.user), pk=period_pk)
    unit = plan_selectors.unit_for(request.user, unit_pk)
    form = get_object_or_404(ReportForm, pk=form_pk, is_active=True)
    if not selectors.may_upload(request.user, unit):
        raise PermissionDenied
    back = reverse("reports:unit", args=[unit.pk]) + f"#item-{period.pk}-{form.pk}"
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Hãy chọn tệp báo cáo (.xlsx, .docx hoặc .pdf) cần tải lên."))
        return redirect(back)
    try:
        submission = services.submission_upload(period=period, unit=unit, form=form, file=uploaded, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        _("Đã nộp %(form)s (%(period)s), lần nộp thứ %(n)s.")
        % {"form": form.name, "period": period.name, "n": submission.versions.count()},
    )
    if request.POST.get("next") == "submission":
        return redirect("reports:submission", pk=submission.pk)
    return redirect(back)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def submission_detail(request, pk):
    submission = selectors.submission_for(request.user, pk)
    on_time = submission.first_submitted_at < submission.period.deadline
    context = {
        "submission": submission,
        "state": state_of(selectors.Cell(required=True, submission=submission, on_time=on_time)),
        "versions": submission.versions.select_related("uploaded_by"),
        "may_review": submission.status == SubmissionStatus.SUBMITTED
        and selectors.may_manage(request.user, plan=submission.period.plan),
        "may_upload": submission.status != SubmissionStatus.ACCEPTED
        and selectors.may_upload(request.user, submission.unit),
        "on_time": on_time,
        "accept": ACCEPT,
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "monitoring/reports/submission.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def review(request, pk):
    submission = selectors.submission_for(request.user, pk)
    require_manager(request.user)
    form = SubmissionReviewForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Không duyệt được: hãy bấm Chấp nhận hoặc Trả lại, ý kiến viết bằng chữ, tối đa 2000 ký tự.")
        )
        return redirect("reports:submission", pk=submission.pk)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.submission_review(
            submission=submission, by=request.user, accept=accept, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã chấp nhận báo cáo.") if accept else _("Đã trả lại báo cáo cho đơn vị."))
    return redirect("reports:submission", pk=submission.pk)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def download(request, pk, number):
    submission = selectors.submission_for(request.user, pk)
    return serve_stored_file(get_object_or_404(submission.versions, number=number))

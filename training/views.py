"""Pages of delegate registration: the unit officer's list, the Labour office's board, review and rosters."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors as plan_selectors
from training import conflict_views, selectors, services
from training.forms import (
    STANDARD_POSITIONS,
    DeadlineForm,
    ListForm,
    MoveForm,
    OverrideForm,
    ReopenForm,
    ReturnForm,
    bound_data,
)
from training.history import list_history
from training.models import EDITABLE_STATUSES, EventKind, ListStatus, RegistrationList
from tuachua.permissions import ANY_ROLE, Role, is_manager, require_manager, require_roles, role_of
from tuachua.text import whole_number

GET = ["GET", "HEAD"]
DUPLICATES_SHOWN = 30  # names flagged on the board; the rest are counted
ROSTER_PAGE_DELEGATES = 200  # a page of the roster holds whole units, up to about this many delegates


def roster_pages(groups: list) -> list[list]:
    """The roster's unit groups cut into pages of whole units with at most ROSTER_PAGE_DELEGATES delegates
    (a bigger unit gets a page of its own): a class of three units fits one page."""
    pages: list[list] = [[]]
    count = 0
    for unit, members in groups:
        if pages[-1] and count + len(members) > ROSTER_PAGE_DELEGATES:
            pages.append([])
            count = 0
        pages[-1].append((unit, members))
        count += len(members)
    return pages if pages[0] else []


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def event_list(request):
    events = selectors.events_for(request.user).order_by("-activity__plan__year", "activity__order", "number")
    if role_of(request.user) == Role.UNIT_OFFICER:
        events = list(events)
        unit = plan_selectors.home_unit_of(request.user)
        lists = selectors.lists_of_unit(unit, events)
        quotas = selectors.unit_quotas(unit, events)
        rows = [(event, lists.get(event.pk), quotas[event.pk]) for event in events]
        return render(request, "training/event_list_officer.html", {"rows": rows, "unit": unit, "now": timezone.now()})
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    counts = selectors.lists_count_by_status(shown)
    placed = services.placed_counts(shown)
    rows = [
        (event, {status: counts.get((event.pk, status), 0) for status in ListStatus.values}, placed.get(event.pk, 0))
        for event in shown
    ]
    return render(request, "training/event_list.html", {"rows": rows, "page": page})


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def event_board(request, event_pk):
    event = selectors.event_for(request.user, event_pk)
    if role_of(request.user) == Role.UNIT_OFFICER:
        return redirect("training:list", event_pk=event.pk, unit_pk=plan_selectors.home_unit_of(request.user).pk)
    rows = selectors.board(event)
    status = request.GET.get("status", "")
    if status in ListStatus.values:
        rows = [row for row in rows if row.status == status]
    rows.sort(key=lambda row: (not row.is_late, row.unit.sort_order))
    siblings = list(selectors.events_for(request.user).filter(activity=event.activity))
    manager = is_manager(request.user)
    duplicates, duplicate_count = selectors.duplicates_for_board(event, limit=DUPLICATES_SHOWN) if manager else ({}, 0)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "event": event,
        "rows": page.object_list,
        "page": page,
        "status": status,
        "statuses": ListStatus.choices,
        "siblings": siblings,
        "quota_total": sum(row.quota.total for row in rows),
        "filled_total": sum(row.filled for row in rows),
        "duplicates": duplicates,
        "duplicate_count": duplicate_count,
        "can_manage": is_manager(request.user),
        "deadline_form": DeadlineForm(initial={"deadline": event.registration_deadline}),
    }
    return render(request, "training/event_board.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def event_deadline(request, event_pk):
    event = selectors.event_for(request.user, event_pk)
    require_manager(request.user)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        services.event_set_deadline(event=event, deadline=form.cleaned_data["deadline"], by=request.user)
        messages.success(request, _("Đã đổi hạn đăng ký."))
    else:
        messages.error(request, _("Ngày giờ không hợp lệ (dd/mm/yyyy hh:mm)."))
    return redirect("training:board", event_pk=event.pk)


def _list_context(request, event, unit, *, form=None, build_form=True):
    reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
    if reg_list is not None:
        reg_list = selectors.list_with_delegates(reg_list)
    quota = selectors.quotas_for(event, [unit])[unit.pk]
    villages = [] if quota.is_host else list(plan_selectors.villages_of(unit))
    delegates = list(reg_list.delegates.all()) if reg_list else []
    status = reg_list.status if reg_list else ListStatus.NOT_STARTED
    role = role_of(request.user)
    officer_edits = role == Role.UNIT_OFFICER and status in EDITABLE_STATUSES
    may_edit = officer_edits or (is_manager(request.user) and status != ListStatus.APPROVED)
    # Staff review a read-only list and open the form only to edit on the unit's behalf.
    editing = officer_edits or (may_edit and (request.method == "POST" or request.GET.get("edit") == "1"))
    previous = selectors.previous_list(event, unit) if editing and not delegates else None
    prefill = request.GET.get("prefill") == "previous" and previous is not None
    if form is None and editing and build_form:
        rows = [services.Row.from_delegate(d) for d in delegates]
        if prefill:
            rows = services.rows_from_previous(previous, village_ids={v.pk for v in villages})
            messages.info(
                request,
                _("Đã điền sẵn %(n)s đại biểu từ %(event)s (%(year)s). Kiểm tra, sửa rồi bấm Lưu nháp.")
                % {"n": len(rows), "event": previous.event.title, "year": previous.event.activity.plan.year},
            )
        form = ListForm(villages=villages, rows=rows, extra=1 if len(rows) < quota.total else 0)
        form.version = reg_list.version if reg_list else 0
    now = timezone.now()
    return {
        "event": event,
        "unit": unit,
        "reg_list": reg_list,
        "status": status,
        "status_label": ListStatus(status).label,
        "delegates": delegates,
        "villages": villages,
        "quota": quota,
        "levels": selectors.fill_by_level(delegates, quota, villages),
        "form": form,
        "may_edit": may_edit,
        "editing": editing,
        "may_submit": role == Role.UNIT_OFFICER and may_edit and bool(delegates),
        "can_manage": is_manager(request.user),
        "deadline_open": services.deadline_open(reg_list, now=now) if reg_list else _before_deadline(event, now),
        "deadline": services.effective_deadline(reg_list) if reg_list else event.registration_deadline,
        "now": now,
        "positions": STANDARD_POSITIONS,
        "previous": None if prefill else previous,
        "history": list_history(reg_list) if reg_list and role != Role.UNIT_OFFICER else [],
        "return_form": ReturnForm(),
        "reopen_form": ReopenForm(),
        "override_form": OverrideForm(initial={"unit_seats": quota.unit_seats, "village_seats": quota.village_seats}),
    }


def _before_deadline(event, now):
    return event.registration_deadline is None or now <= event.registration_deadline


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def list_detail(request, event_pk, unit_pk):
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    if request.method != "POST":
        return render(request, "training/list_detail.html", _list_context(request, event, unit))
    context = _list_context(request, event, unit, build_form=False)
    if not context["may_edit"]:
        raise PermissionDenied
    form = ListForm(villages=context["villages"], data=request.POST)
    action = request.POST.get("action", "save")
    if action == "add_row":
        form.forms = form.without_deleted() + [form.blank_form()]
        return _render_form(request, context, form)
    if not form.is_valid():
        form.list_errors.append(_("Một số ô chưa hợp lệ; xem các dòng được đánh dấu."))
        return _render_form(request, context, form)
    kept = form.kept()
    try:
        with transaction.atomic():  # a list is created only together with a valid save
            reg_list = services.list_for_unit(event=event, unit=unit)
            reg_list = services.list_save(
                reg_list=reg_list,
                rows=[f.to_row() for f in kept],
                quota=context["quota"],
                by=request.user,
                expected_version=form.version,
                on_behalf=role_of(request.user) != Role.UNIT_OFFICER,
            )
    except services.RowsInvalid as error:
        form.show_errors(error.row_errors, kept)
        form.list_errors.append(_("Danh sách chưa lưu được: sửa các dòng được đánh dấu rồi lưu lại."))
        return _render_form(request, context, form)
    except services.ListConflict as conflict:
        return conflict_views.render_conflict(request, context, conflict, base_version=form.version, action=action)
    except ValidationError as error:
        form.list_errors.extend(error.messages)
        return _render_form(request, context, form)
    if action == "submit" and role_of(request.user) == Role.UNIT_OFFICER:
        return _submit(request, reg_list, context["quota"])
    messages.success(request, _("Đã lưu danh sách (%(n)s đại biểu).") % {"n": len(kept)})
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)


def render_rows_for_fixing(request, event, unit, rows, error):
    """Show rows that were not saved (an upload that broke a rule) in the list form, problems marked."""
    context = _list_context(request, event, unit, build_form=False)
    version = context["reg_list"].version if context["reg_list"] else 0
    form = ListForm(villages=context["villages"], data=bound_data(rows, version=version))
    form.is_valid()
    if isinstance(error, services.RowsInvalid):
        form.show_errors(error.row_errors, form.kept())
    form.list_errors.extend(getattr(error, "list_errors", None) or error.messages)
    return _render_form(request, context, form)


def _render_form(request, context, form):
    context["form"] = form
    return render(request, "training/list_detail.html", context)


def _submit(request, reg_list, quota):
    try:
        services.list_submit(reg_list=reg_list, quota=quota, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi danh sách cho Phòng LĐTBXH. Danh sách được khóa trong khi chờ duyệt."))
    return redirect("training:list", event_pk=reg_list.event_id, unit_pk=reg_list.unit_id)


@require_POST
@require_roles(*ANY_ROLE)
def list_submit(request, event_pk, unit_pk):
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    if role_of(request.user) != Role.UNIT_OFFICER:
        raise PermissionDenied
    reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
    if reg_list is None:
        messages.error(request, _("Danh sách chưa có đại biểu nào."))
        return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)
    return _submit(request, reg_list, selectors.quotas_for(event, [unit])[unit.pk])


@require_POST
@require_roles(*ANY_ROLE)
def list_review(request, event_pk, unit_pk):
    """Approve, or return with a comment (staff)."""
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    require_manager(request.user)
    reg_list = RegistrationList.objects.filter(event=event, unit=unit).first()
    try:
        if reg_list is None:
            raise ValidationError(_("Đơn vị chưa lập danh sách."))
        if request.POST.get("decision") == "approve":
            services.list_approve(reg_list=reg_list, by=request.user)
            messages.success(request, _("Đã duyệt danh sách; đại biểu đã được xếp vào lớp."))
        else:
            form = ReturnForm(request.POST)
            comment = form.data.get("comment", "")
            services.list_return(reg_list=reg_list, by=request.user, comment=comment)
            messages.success(request, _("Đã trả lại danh sách cho đơn vị kèm ý kiến."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)


@require_POST
@require_roles(*ANY_ROLE)
def list_reopen(request, event_pk, unit_pk):
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    require_manager(request.user)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            reg_list = services.list_for_unit(event=event, unit=unit)
            services.list_reopen(reg_list=reg_list, by=request.user, until=form.cleaned_data["until"])
            messages.success(request, _("Đã mở lại danh sách cho đơn vị."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)


@require_POST
@require_roles(*ANY_ROLE)
def quota_override(request, event_pk, unit_pk):
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    require_manager(request.user)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.quota_override_set(event=event, unit=unit, by=request.user, **form.cleaned_data)
            messages.success(request, _("Đã điều chỉnh chỉ tiêu của đơn vị."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("training:list", event_pk=event.pk, unit_pk=unit.pk)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def new_row(request, event_pk, unit_pk):
    """One empty row for the list form (htmx "Thêm dòng")."""
    event = selectors.event_for(request.user, event_pk)
    unit = selectors.unit_for_event(request.user, event, unit_pk)
    if not _list_context(request, event, unit, build_form=False)["may_edit"]:
        raise PermissionDenied
    form = ListForm(villages=plan_selectors.villages_of(unit))
    return render(request, "training/_row.html", {"row": form.blank_form(), "number": ""})


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def roster(request, event_pk):
    event = selectors.event_for(request.user, event_pk)
    if role_of(request.user) == Role.UNIT_OFFICER:
        raise PermissionDenied
    counts = selectors.roster_counts(event)
    siblings = selectors.events_for(request.user).filter(activity=event.activity).exclude(pk=event.pk)
    page = Paginator(roster_pages([(unit_id, range(n)) for unit_id, n, _paid in counts]), 1)
    page = page.get_page(request.GET.get("page"))
    unit_ids = [unit_id for unit_id, _members in page.object_list[0]] if page.object_list else []
    total, paid = sum(n for _u, n, _p in counts), sum(p for _u, _n, p in counts)
    context = {
        "event": event,
        "groups": selectors.group_by_unit(selectors.roster(event, unit_ids=unit_ids)),
        "page": page,
        "total": total,
        "paid": paid,
        "unpaid": total - paid,
        "may_move": event.kind == EventKind.TRAINING_CLASS and siblings.exists(),
        "can_manage": is_manager(request.user),
        "move_form": MoveForm(events=siblings),
    }
    return render(request, "training/roster.html", context)


@require_POST
@require_roles(*ANY_ROLE)
def delegate_move(request, pk):
    delegate = selectors.delegate_for(request.user, pk)
    require_manager(request.user)
    siblings = selectors.events_for(request.user).filter(activity_id=delegate.assigned_event.activity_id)
    form = MoveForm(request.POST, events=siblings)
    if form.is_valid():
        try:
            services.delegate_move(delegate=delegate, to_event=form.cleaned_data["to_event"], by=request.user)
            messages.success(
                request,
                _("Đã chuyển %(name)s sang %(event)s.")
                % {"name": delegate.full_name, "event": form.cleaned_data["to_event"]},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Hãy chọn lớp cần chuyển đến."))
    back = whole_number(request.POST.get("from_event"), max_digits=9)
    return redirect("training:roster", event_pk=back or delegate.assigned_event_id)

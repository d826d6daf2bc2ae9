"""Pages of the plans app: plans, their activities, units and villages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors, services
from plans.forms import ActivityStatusForm, VillagesForm
from tuachua.permissions import ANY_ROLE, is_manager, require_manager, require_roles


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def plan_list(request):
    plans = selectors.plans_for(request.user).order_by("-year", "title")
    page = Paginator(plans, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"page": page})


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def plan_detail(request, pk):
    plan = selectors.plan_for(request.user, pk)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "can_manage": is_manager(request.user), "status_form": ActivityStatusForm()},
    )


@require_POST
@require_roles(*ANY_ROLE)
def activity_status(request, pk):
    activity = selectors.activity_for(request.user, pk)
    require_manager(request.user)
    form = ActivityStatusForm(request.POST)
    saved = form.is_valid()
    if saved:
        services.activity_set_status(activity=activity, status=form.cleaned_data["status"], by=request.user)
    if request.headers.get("HX-Request"):
        # The cell is swapped in place and says itself whether the change was saved (htmx swaps 200s only).
        context = {"activity": activity, "can_manage": True, "saved": saved, "failed": not saved}
        return render(request, "plans/_activity_status.html", context)
    if saved:
        messages.success(request, _("Đã cập nhật tình trạng hoạt động %(code)s.") % {"code": activity.code})
    else:
        messages.error(request, _("Tình trạng không hợp lệ."))
    return redirect("plans:plan_detail", pk=activity.plan_id)


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def unit_list(request):
    root = selectors.home_unit_of(request.user)
    units = selectors.annotate_child_counts(selectors.units_below(request.user))
    page = Paginator(units, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plans/unit_list.html", {"page": page, "root": root})


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def unit_detail(request, pk):
    unit = selectors.unit_for(request.user, pk)
    children = selectors.annotate_child_counts(selectors.villages_of(unit))
    return render(
        request,
        "plans/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "duties": selectors.duties_for_unit(unit),
            "can_manage": is_manager(request.user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def unit_villages(request, pk):
    unit = selectors.unit_for(request.user, pk)
    require_manager(request.user)
    if not unit.has_villages:
        raise Http404
    villages = list(selectors.villages_of(unit))
    form = VillagesForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.villages_update(
                unit=unit, names=form.renames(), new_names=form.additions(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu %(count)s thay đổi.") % {"count": changed})
            return redirect("plans:unit_detail", pk=unit.pk)
    return render(request, "plans/unit_villages.html", {"unit": unit, "form": form})

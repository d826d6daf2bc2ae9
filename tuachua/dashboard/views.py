"""The dashboard page: the whole plan for leaders, staff and offices (or one unit, drilled down), the officer's
own unit for a unit officer."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from plans import selectors as plan_selectors
from tuachua.dashboard.figures import dashboard
from tuachua.permissions import ANY_ROLE, Role, require_roles, role_of

# Units listed at first (late first, then the lowest approval rates); "?units=all" lists every unit.
UNIT_ROWS = 40


def plan_of_request(user, params):
    """The plan asked for (`?plan=`), or the latest one the user may read; 404 when there is none."""
    plans = plan_selectors.plans_for(user)
    requested = str(params.get("plan", "") or "")
    if requested:
        if not requested.isdigit():
            raise Http404
        return get_object_or_404(plans, pk=int(requested))
    plan = plans.order_by("-year", "pk").first()
    if plan is None:
        raise Http404
    return plan


def unit_of_request(user, params):
    """A unit officer always sees their own unit; others the whole plan, or one unit they can see (`?unit=`)."""
    requested = str(params.get("unit", "") or "")
    if role_of(user) == Role.UNIT_OFFICER:
        unit = plan_selectors.home_unit_of(user)
        if unit is None or (requested and requested != str(unit.pk)):
            raise Http404
        return unit
    if not requested:
        return None
    if not requested.isdigit():
        raise Http404
    return plan_selectors.unit_for(user, int(requested))


@require_http_methods(["GET", "HEAD"])
@require_roles(*ANY_ROLE)
def index(request):
    plan = plan_of_request(request.user, request.GET)
    unit = unit_of_request(request.user, request.GET)
    board = dashboard(plan, unit=unit)
    rows = board.registration.units
    show_all = request.GET.get("units") == "all"
    context = {
        "board": board,
        "plan": plan,
        "unit": unit,
        "unit_rows": rows if show_all else rows[:UNIT_ROWS],
        "hidden_units": 0 if show_all else max(len(rows) - UNIT_ROWS, 0),
    }
    return render(request, "dashboard/index.html", context)

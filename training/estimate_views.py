"""Pages of the cost estimate (dự toán): an event's estimate (read by everyone who sees the event; changed by
the Labour office) and a plan's estimate per activity against its funds and spending.

Every change is a POST that loads the event for the user first (404 when unseen), then checks the role (403),
then calls one service of `training.estimates`.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from plans import selectors as plan_selectors
from training import estimates, selectors
from training.models import EstimateLine
from tuachua.permissions import ANY_ROLE, Role, is_manager, require_manager, require_roles, role_of

GET = ["GET", "HEAD"]


# --- forms -------------------------------------------------------------------------------------------------


class MoneyField(forms.CharField):
    """An amount in đồng as people type it: "1.200.000", "1 200 000", "1200000 đ"."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off", "maxlength": "20"}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        digits = re.sub(r"[.\s]|đ|Đ|vnđ|VNĐ|VND|vnd", "", value)
        if not (digits.isascii() and digits.isdigit()):
            raise ValidationError(gettext_lazy("Nhập số tiền bằng chữ số, ví dụ 1.200.000."))
        if len(digits) > 15:
            raise ValidationError(gettext_lazy("Số tiền quá lớn."))
        return int(digits)


def styled(form: forms.BaseForm) -> forms.BaseForm:
    """Bootstrap classes on every widget (checkboxes keep theirs)."""
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{css} is-invalid" if bound.errors else css
    return form


class LineForm(forms.ModelForm):
    unit_price = MoneyField(label=gettext_lazy("Đơn giá (đồng)"))

    class Meta:
        model = EstimateLine
        fields = ["kind", "description", "quantity", "unit", "unit_price", "times", "note"]
        widgets = {"quantity": forms.NumberInput(attrs={"min": 0}), "times": forms.NumberInput(attrs={"min": 1})}


class AdjustForm(forms.Form):
    line_code = forms.CharField(widget=forms.HiddenInput)
    amount = MoneyField(label=gettext_lazy("Số tiền điều chỉnh (đồng)"))
    reason = forms.CharField(label=gettext_lazy("Lý do điều chỉnh"), max_length=500)


class SpendingForm(forms.Form):
    line = forms.ChoiceField(label=gettext_lazy("Dòng dự toán"))
    amount = MoneyField(label=gettext_lazy("Số tiền đã chi (đồng)"))
    spent_on = forms.DateField(
        label=gettext_lazy("Ngày chi"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú, số chứng từ"), max_length=255, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(line.code, line.label) for line in lines]


class MealsForm(forms.Form):
    central_meals = forms.BooleanField(
        label=gettext_lazy("Tổ chức ăn tập trung (tối đa 130% mức khoán)"), required=False
    )


# --- pages -------------------------------------------------------------------------------------------------


def _estimate_page(request, event, *, status=200, line_form=None, spending_form=None, adjust_form=None):
    estimate = estimates.event_estimate(event)
    for line in estimate.lines:
        if line.is_computed:
            initial = {"line_code": line.code, "amount": f"{line.final:,}".replace(",", "."), "reason": line.reason}
            bound = adjust_form if adjust_form is not None and adjust_form.data.get("line_code") == line.code else None
            line.adjust_form = styled(bound or AdjustForm(initial=initial))
    manager = is_manager(request.user)
    context = {
        "event": event,
        "estimate": estimate,
        "can_manage": manager,
        "is_officer": role_of(request.user) == Role.UNIT_OFFICER,
        "line_form": styled(line_form or LineForm()),
        "spending_form": styled(
            spending_form or SpendingForm(lines=estimate.lines, initial={"spent_on": timezone.localdate()})
        ),
        "meals_form": styled(MealsForm(initial={"central_meals": event.central_meals})),
        "shows_meals": estimates.MEAL in estimates.computed_codes(event),
    }
    return render(request, "training/estimate.html", context, status=status)


def _managed_event(request, event_pk):
    """The event for a change: 404 when the user does not see it, 403 when they may not change it."""
    event = selectors.event_for(request.user, event_pk)
    require_manager(request.user)
    return event


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def estimate(request, event_pk):
    return _estimate_page(request, selectors.event_for(request.user, event_pk))


@require_POST
@require_roles(*ANY_ROLE)
def line_add(request, event_pk):
    event = _managed_event(request, event_pk)
    form = LineForm(request.POST)
    if not form.is_valid():
        return _estimate_page(request, event, status=400, line_form=form)
    line = estimates.estimate_line_save(event=event, by=request.user, values=form.cleaned_data)
    messages.success(request, _("Đã thêm dòng “%(line)s”.") % {"line": line.description})
    return redirect("training:estimate", event_pk=event.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@require_roles(*ANY_ROLE)
def line_edit(request, event_pk, pk):
    event = _managed_event(request, event_pk)
    line = estimates.estimate_line_of(event, pk)
    copy = EstimateLine(**{name: getattr(line, name) for name in LineForm.Meta.fields})
    form = LineForm(
        request.POST or None, instance=copy, initial={"unit_price": f"{line.unit_price:,}".replace(",", ".")}
    )
    if request.method == "POST" and form.is_valid():
        estimates.estimate_line_save(event=event, line=line, by=request.user, values=form.cleaned_data)
        messages.success(request, _("Đã lưu dòng “%(line)s”.") % {"line": line.description})
        return redirect("training:estimate", event_pk=event.pk)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "line": line, "form": styled(form)}
    return render(request, "training/estimate_line.html", context, status=status)


@require_POST
@require_roles(*ANY_ROLE)
def line_delete(request, event_pk, pk):
    event = _managed_event(request, event_pk)
    line = estimates.estimate_line_of(event, pk)
    try:
        estimates.estimate_line_delete(line=line, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa dòng “%(line)s”.") % {"line": line.description})
    return redirect("training:estimate", event_pk=event.pk)


@require_POST
@require_roles(*ANY_ROLE)
def adjust(request, event_pk):
    event = _managed_event(request, event_pk)
    code = request.POST.get("line_code", "")
    if code not in estimates.computed_codes(event):
        raise Http404  # no such computed line on this event
    if request.POST.get("action") == "clear":
        estimates.estimate_adjustment_clear(event=event, line_code=code, by=request.user)
        messages.success(request, _("Đã trở về số tiền tính theo định mức."))
        return redirect("training:estimate", event_pk=event.pk)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        return _estimate_page(request, event, status=400, adjust_form=form)
    try:
        estimates.estimate_adjust(event=event, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return _estimate_page(request, event, status=400, adjust_form=form)
    messages.success(request, _("Đã điều chỉnh dự toán."))
    return redirect("training:estimate", event_pk=event.pk)


@require_POST
@require_roles(*ANY_ROLE)
def spending_add(request, event_pk):
    event = _managed_event(request, event_pk)
    form = SpendingForm(request.POST, lines=estimates.event_estimate(event).lines)
    if not form.is_valid():
        return _estimate_page(request, event, status=400, spending_form=form)
    data = form.cleaned_data
    estimates.spending_record(
        event=event,
        line_key=data["line"],
        amount=data["amount"],
        spent_on=data["spent_on"],
        note=data["note"],
        by=request.user,
    )
    messages.success(request, _("Đã ghi khoản chi."))
    return redirect("training:estimate", event_pk=event.pk)


@require_POST
@require_roles(*ANY_ROLE)
def spending_delete(request, event_pk, pk):
    event = _managed_event(request, event_pk)
    estimates.spending_delete(spending=estimates.spending_of(event, pk), by=request.user)
    messages.success(request, _("Đã xóa khoản chi."))
    return redirect("training:estimate", event_pk=event.pk)


@require_POST
@require_roles(*ANY_ROLE)
def meals(request, event_pk):
    event = _managed_event(request, event_pk)
    form = MealsForm(request.POST)
    form.is_valid()
    central = bool(form.cleaned_data.get("central_meals"))
    estimates.event_set_central_meals(event=event, central_meals=central, by=request.user)
    messages.success(request, _("Đã lưu cách tổ chức ăn."))
    return redirect("training:estimate", event_pk=event.pk)


@require_http_methods(GET)
@require_roles(*ANY_ROLE)
def estimate_plan(request, plan_pk):
    plan = get_object_or_404(plan_selectors.plans_for(request.user), pk=plan_pk)
    if role_of(request.user) == Role.UNIT_OFFICER:
        raise PermissionDenied
    by_activity = estimates.estimates_by_activity(plan)
    context = {
        "plan": plan,
        "activities": list(by_activity.values()),
        "money": estimates.plan_money(plan, by_activity),
    }
    return render(request, "training/estimate_plan.html", context)

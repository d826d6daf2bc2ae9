"""Back-office screens for training events and registration lists. Every change made here is written to
the audit trail, so it shows in the list's history next to the changes made through the pages."""

from django.contrib import admin

from training.models import Delegate, QuotaOverride, RegistrationList, TrainingEvent
from tuachua.admin_audit import AuditedAdmin
from tuachua.text import clean_text, compare_key


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    fields = ["order", "full_name", "position", "village", "paid_by_state", "notes", "assigned_event"]
    raw_id_fields = ["village"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(AuditedAdmin):
    list_display = ["title", "activity", "kind", "form", "registration_deadline", "capacity"]
    list_filter = ["kind", "form", "activity__plan__year"]
    search_fields = ["title"]
    list_select_related = ["activity"]
    filter_horizontal = ["units"]


@admin.register(RegistrationList)
class RegistrationListAdmin(AuditedAdmin):
    list_display = ["unit", "event", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "event"]
    search_fields = ["unit__name", "delegates__full_name"]
    list_select_related = ["unit", "event"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [DelegateInline]

    def save_formset(self, request, form, formset, change):
        """Delegates' names are normalised before the audited base saves and logs the rows."""
        for row in formset.forms:
            if isinstance(row.instance, Delegate) and row.has_changed():
                row.instance.full_name = clean_text(row.instance.full_name)
                row.instance.name_key = compare_key(row.instance.full_name)
        super().save_formset(request, form, formset, change)


@admin.register(Delegate)
class DelegateAdmin(AuditedAdmin):
    list_display = ["full_name", "position", "reg_list", "village", "paid_by_state", "assigned_event"]
    list_filter = ["paid_by_state", "assigned_event"]
    search_fields = ["full_name", "name_key", "position"]
    list_select_related = ["reg_list__unit", "reg_list__event", "village", "assigned_event"]
    raw_id_fields = ["reg_list", "village"]

    def audit_target(self, obj):
        return obj.reg_list

    def save_model(self, request, obj, form, change):
        obj.full_name = clean_text(obj.full_name)
        obj.name_key = compare_key(obj.full_name)
        super().save_model(request, obj, form, change)


@admin.register(QuotaOverride)
class QuotaOverrideAdmin(AuditedAdmin):
    list_display = ["event", "unit", "unit_seats", "village_seats", "reason", "set_by", "set_at"]
    list_filter = ["event"]
    list_select_related = ["event", "unit", "set_by"]

"""Back-office screens for plan data and accounts. Non-superusers (district staff) see only their unit's
subtree. Every save and delete made here goes to the audit trail (accounts too, never their passwords)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans import selectors
from plans.models import (
    Activity,
    AdministrativeUnit,
    Allocation,
    Component,
    Duty,
    LegalBasis,
    Membership,
    Office,
    Plan,
    Programme,
    Rate,
    Responsibility,
)
from tuachua.admin_audit import AuditedAdmin, AuditMixin
from tuachua.audit import HIDDEN
from tuachua.permissions import is_manager


class ScopedAdmin(AuditedAdmin):
    """Limit rows and choices to what the user's selectors allow (superusers see everything)."""

    unit_path = None  # lookup from this model to an AdministrativeUnit, e.g. "unit" or "plan__issuing_unit"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser or self.unit_path is None:
            return queryset
        unit = selectors.home_unit_of(request.user)
        if unit is None:
            return queryset.none()
        scope = Q(**{f"{self.unit_path}__path__startswith": unit.path})
        if self.unit_path.startswith("plan"):
            scope |= Q(**{f"{self.unit_path}_id__in": unit.ancestor_ids()})
        return queryset.filter(scope)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.related_model is AdministrativeUnit:
                kwargs["queryset"] = selectors.units_for(request.user)
            elif db_field.related_model is Office:
                kwargs["queryset"] = Office.objects.filter(unit__in=selectors.units_for(request.user))
            elif db_field.related_model is Plan:
                kwargs["queryset"] = selectors.plans_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ScopedAdmin):
    unit_path = ""
    list_display = ["name", "kind", "code", "parent", "sort_order", "is_active"]
    list_filter = ["kind", "is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "parent__name"]
    ordering = ["path"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    list_per_page = 50

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(pk__in=selectors.units_for(request.user))


@admin.register(Office)
class OfficeAdmin(ScopedAdmin):
    unit_path = "unit"
    list_display = ["short_name", "name", "unit", "code"]
    list_filter = ["unit__kind"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["unit"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin):
    list_display = ["name", "code", "start_year", "end_year"]
    search_fields = ["name", "code"]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    unit_path = "issuing_unit"
    list_display = ["reference", "title", "issuing_unit", "year", "status", "issue_date"]
    list_filter = ["status", "year", "programme"]
    search_fields = ["title", "number"]
    list_select_related = ["issuing_unit", "programme"]
    inlines = [LegalBasisInline, ComponentInline]
    date_hierarchy = "issue_date"

    @admin.display(description=_("số, ký hiệu"))
    def reference(self, obj):
        return obj.reference

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(pk__in=selectors.plans_for(request.user))


class PlanChildAdmin(ScopedAdmin):
    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.plan_path}__in": selectors.plans_for(request.user)})


@admin.register(Activity)
class ActivityAdmin(PlanChildAdmin):
    plan_path = "plan"
    list_display = ["code", "title", "plan", "time_precision", "target_participants", "lead_office", "status"]
    list_filter = ["status", "time_precision", "plan__year", "lead_office"]
    search_fields = ["code", "title", "description"]
    list_select_related = ["plan", "lead_office"]
    filter_horizontal = ["coordinating_offices"]


class DutyInline(admin.TabularInline):
    model = Duty
    extra = 0
    fields = ["order", "text", "due_date", "activity"]


@admin.register(Responsibility)
class ResponsibilityAdmin(PlanChildAdmin):
    plan_path = "plan"
    list_display = ["order", "heading", "plan", "addressee_kind", "office", "unit"]
    list_filter = ["addressee_kind", "plan__year"]
    search_fields = ["heading"]
    list_select_related = ["plan", "office", "unit"]
    inlines = [DutyInline]


@admin.register(Duty)
class DutyAdmin(PlanChildAdmin):
    plan_path = "responsibility__plan"
    list_display = ["__str__", "responsibility", "due_date", "activity"]
    list_filter = ["due_date"]
    search_fields = ["text"]
    list_select_related = ["responsibility", "activity"]


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ["unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class TuachuaUserAdmin(AuditMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "last_name", "email", "unit", "roles", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "membership__unit__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "membership__unit__name"]
    list_select_related = ["membership__unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("đơn vị"), ordering="membership__unit__name")
    def unit(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.unit if membership else "—"

    @admin.display(description=_("vai trò"))
    def roles(self, obj):
        from tuachua.permissions import role_of

        role = role_of(obj)
        return role.label if role else "—"

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            self.log_admin(request, "admin_change", user, changes={"password": HIDDEN})
        return response


admin.site.unregister(Group)


@admin.register(Group)
class TuachuaGroupAdmin(AuditMixin, GroupAdmin):
    """Roles are groups: changes to them and their permissions are audited like any other."""


# --- money: rate tables and allocations -------------------------------------------------------------------


class MoneyAdminPermissions:
    """Rates and allocations are kept by administrators and district staff (by role, not model permissions)."""

    def _allowed(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser or is_manager(request.user))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(Rate)
class RateAdmin(MoneyAdminPermissions, ScopedAdmin):
    """Rates that apply everywhere are the law's: only administrators change them. District staff read them
    and keep rates of their own unit's plans."""

    list_display = ["name", "code", "amount", "unit", "valid_from", "valid_to", "source", "issuing_unit", "plan"]
    list_filter = ["code", "valid_from"]
    search_fields = ["name", "source", "note"]
    list_select_related = ["issuing_unit", "plan"]
    date_hierarchy = "valid_from"

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        units = selectors.units_for(request.user)
        unit = selectors.home_unit_of(request.user)
        above = unit.ancestor_ids() if unit else []
        return queryset.filter(
            Q(issuing_unit__isnull=True, plan__isnull=True)
            | Q(issuing_unit__in=units)
            | Q(issuing_unit_id__in=above)
            | Q(plan__in=selectors.plans_for(request.user))
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and not request.user.is_superuser and obj.issuing_unit_id is None and obj.plan_id is None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and obj.issuing_unit_id is None and obj.plan_id is None:
            obj.issuing_unit = selectors.home_unit_of(request.user)
        super().save_model(request, obj, form, change)


@admin.register(Allocation)
class AllocationAdmin(MoneyAdminPermissions, ScopedAdmin):
    unit_path = "plan__issuing_unit"
    list_display = ["plan", "activity", "kind", "amount", "source"]
    list_filter = ["kind", "plan__year"]
    search_fields = ["source", "note", "plan__title"]
    list_select_related = ["plan", "activity"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "activity" and not request.user.is_superuser:
            kwargs["queryset"] = Activity.objects.filter(plan__in=selectors.plans_for(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

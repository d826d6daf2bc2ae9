"""Back-office screens for monitoring data. Every save and delete made here goes to the audit trail.

Day-to-day work (visits, responses, uploads, reviews) goes through the pages and the services; the admin
is for the data kept as reference (holidays, form catalogue, unit settings, periods) and for repairs.
"""

from django.contrib import admin

from monitoring.models import (
    Finding,
    MonitoringVisit,
    PublicHoliday,
    Recommendation,
    RecommendationResponse,
    ReportForm,
    ReportingPeriod,
    ResponseAttachment,
    Submission,
    SubmissionVersion,
    TeamMember,
    UnitFormRequirement,
    VisitAttachment,
)
from tuachua.admin_audit import AuditedAdmin


class ReadOnlyFileInline(admin.TabularInline):
    """Files are added through the services (they check type and size), never here."""

    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublicHoliday)
class PublicHolidayAdmin(AuditedAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["order", "name", "user", "office", "role"]
    raw_id_fields = ["user"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["order", "unit", "text"]
    raw_id_fields = ["unit"]


class VisitAttachmentInline(ReadOnlyFileInline):
    model = VisitAttachment
    readonly_fields = ["kind", *ReadOnlyFileInline.readonly_fields]
    fields = readonly_fields


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(AuditedAdmin):
    list_display = ["title", "activity", "kind", "method", "planned_start", "planned_end", "status"]
    list_filter = ["status", "kind", "method", "activity__plan__year"]
    search_fields = ["title", "summary", "units__name"]
    list_select_related = ["activity"]
    filter_horizontal = ["units"]
    date_hierarchy = "planned_start"
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [TeamMemberInline, FindingInline, VisitAttachmentInline]


class ResponseInline(admin.TabularInline):
    model = RecommendationResponse
    extra = 0
    can_delete = False
    fields = ["created_at", "author", "old_status", "new_status", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["__str__", "visit", "unit", "office", "due_date", "status"]
    list_filter = ["status", "visit__activity__plan__year", "office"]
    search_fields = ["text", "unit__name", "office__name", "visit__title"]
    list_select_related = ["visit", "unit", "office"]
    raw_id_fields = ["visit", "finding", "unit"]
    date_hierarchy = "due_date"
    readonly_fields = ["created_by", "created_at", "updated_at", "closed_at", "closed_by"]
    inlines = [ResponseInline]


class ResponseAttachmentInline(ReadOnlyFileInline):
    model = ResponseAttachment


@admin.register(RecommendationResponse)
class RecommendationResponseAdmin(AuditedAdmin):
    list_display = ["recommendation", "author", "old_status", "new_status", "created_at"]
    list_filter = ["new_status"]
    search_fields = ["text", "recommendation__text"]
    list_select_related = ["recommendation", "author"]
    readonly_fields = ["recommendation", "author", "old_status", "new_status", "created_at"]
    inlines = [ResponseAttachmentInline]


@admin.register(ReportForm)
class ReportFormAdmin(AuditedAdmin):
    list_display = ["code", "name", "component", "required_of", "period_kinds", "order", "is_active"]
    list_filter = ["required_of", "is_active"]
    search_fields = ["code", "name", "component"]
    list_editable = ["order", "is_active"]


@admin.register(UnitFormRequirement)
class UnitFormRequirementAdmin(AuditedAdmin):
    list_display = ["unit", "form"]
    list_filter = ["form"]
    search_fields = ["unit__name", "unit__code", "form__code"]
    list_select_related = ["unit", "form"]
    raw_id_fields = ["unit"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(AuditedAdmin):
    list_display = ["name", "plan", "kind", "start", "end", "due_date"]
    list_filter = ["kind", "plan__year"]
    search_fields = ["name", "plan__title"]
    list_select_related = ["plan"]


class SubmissionVersionInline(ReadOnlyFileInline):
    model = SubmissionVersion
    readonly_fields = ["number", *ReadOnlyFileInline.readonly_fields]
    fields = readonly_fields


@admin.register(Submission)
class SubmissionAdmin(AuditedAdmin):
    list_display = ["form", "unit", "period", "status", "first_submitted_at", "submitted_at", "reviewed_at"]
    list_filter = ["status", "period", "form"]
    search_fields = ["unit__name", "form__code", "period__name"]
    list_select_related = ["form", "unit", "period"]
    readonly_fields = ["first_submitted_at", "submitted_at", "submitted_by", "reviewed_by", "reviewed_at"]
    inlines = [SubmissionVersionInline]

"""The one audited ModelAdmin: every save and delete made in the back office goes to the audit trail."""

from django.contrib import admin
from django.forms.models import model_to_dict

from tuachua.admin_exports import ExportActionsMixin
from tuachua.audit import log_action


class AuditedAdmin(ExportActionsMixin, admin.ModelAdmin):
    """Log every admin save and delete, and offer the model's documents as actions. `audit_target` lets a
    child row (a delegate) be logged against its parent (its list), so the change shows in the parent's
    history."""

    def audit_target(self, obj):
        return obj

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            actor=request.user,
            action="admin_change" if change else "admin_add",
            obj=self.audit_target(obj),
            model=obj._meta.model_name,
            object=str(obj),
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
        )

    def delete_model(self, request, obj):
        log_action(
            actor=request.user,
            action="admin_delete",
            obj=self.audit_target(obj),
            model=obj._meta.model_name,
            object=str(obj),
            values={key: str(value) for key, value in model_to_dict(obj).items()},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

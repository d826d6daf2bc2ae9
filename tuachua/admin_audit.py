"""The one audited ModelAdmin: every add, change and delete made in the back office goes to the audit trail,
with what changed (old → new for a change, the values for an add, the key values for a delete), who, when and
from which client address. Inline rows are logged against the object of the page they were edited on.

`AuditMixin` goes in front of any ModelAdmin (Django's UserAdmin and GroupAdmin included); `AuditedAdmin` is
the plain audited admin with the document actions.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.forms import ModelChoiceField, ModelMultipleChoiceField

from tuachua.admin_exports import ExportActionsMixin
from tuachua.audit import HIDDEN, log_action, plain, request_address

FORMSET_FIELDS = {"DELETE", "ORDER"}


def is_secret(name: str) -> bool:
    """Passwords (and their hashes) never reach the audit trail, only the fact that they changed."""
    return "password" in name


def _old_value(form, name: str):
    """The value the field had when the form was shown (a related object rather than its key)."""
    field = form.fields[name]
    value = form.get_initial_for_field(field, name)
    single_choice = isinstance(field, ModelChoiceField) and not isinstance(field, ModelMultipleChoiceField)
    if single_choice and value not in (None, "") and not isinstance(value, Model):
        lookup = {field.to_field_name or "pk": value}
        value = field.queryset.model._default_manager.filter(**lookup).first() or value
    return value


def _new_value(form, obj, name: str):
    """The value saved: read from the object (as the admin left it), else from the form (many-to-many)."""
    try:
        model_field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    if model_field is not None and model_field.concrete and not model_field.many_to_many:
        try:
            return getattr(obj, model_field.name)
        except ObjectDoesNotExist:
            return None
    return form.cleaned_data.get(name)


def form_changes(form, obj, *, adding: bool) -> dict:
    """What a saved admin form changed: `{field: value}` for an add, `{field: {"old": …, "new": …}}` for a
    change. Secret fields are shown as changed, never with their value."""
    changes = {}
    for name in form.changed_data:
        if name in FORMSET_FIELDS or name not in form.fields:
            continue
        if is_secret(name):
            changes[name] = HIDDEN
        elif adding:
            changes[name] = plain(_new_value(form, obj, name))
        else:
            changes[name] = {"old": plain(_old_value(form, name)), "new": plain(_new_value(form, obj, name))}
    return changes


def snapshot(obj) -> dict:
    """The values of an object about to be deleted (related objects by their key, no secrets)."""
    return {f.attname: plain(f.value_from_object(obj)) for f in obj._meta.concrete_fields if not is_secret(f.name)}


class AuditMixin:
    """Log every admin save and delete (bulk deletes and inline rows included). `audit_target` lets a child row
    (a delegate) be logged against its parent (its list), so the change shows in the parent's history."""

    def audit_target(self, obj):
        return obj

    def log_admin(self, request, action: str, obj, *, target=None, **data) -> None:
        target = self.audit_target(obj) if target is None else target
        if target is not obj:
            data["pk"] = str(obj.pk)
        log_action(
            actor=request.user,
            action=action,
            obj=target,
            client_ip=request_address(request),
            model=obj._meta.model_name,
            object=str(obj),
            **data,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "admin_change" if change else "admin_add"
        self.log_admin(request, action, obj, changes=form_changes(form, obj, adding=not change))

    def delete_model(self, request, obj):
        self.log_admin(request, "admin_delete", obj, values=snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        """The "delete selected" action: one entry per object, all deleted or none."""
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        target = self.audit_target(form.instance)
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                self.log_admin(request, "admin_delete", row.instance, target=target, values=snapshot(row.instance))
        super().save_formset(request, form, formset, change)
        deleted = set(map(id, formset.deleted_forms))
        existing = set(map(id, formset.initial_forms))
        for row in formset.forms:
            if id(row) in deleted or not row.has_changed():
                continue
            adding = id(row) not in existing
            action = "admin_add" if adding else "admin_change"
            self.log_admin(
                request, action, row.instance, target=target, changes=form_changes(row, row.instance, adding=adding)
            )


class AuditedAdmin(AuditMixin, ExportActionsMixin, admin.ModelAdmin):
    """The back office's ModelAdmin: audited, with the model's documents as actions."""

"""The one audit trail: services call `log_action` once per change they make."""

from tuachua.models import AuditEntry


def log_action(*, actor, action: str, obj, **data) -> AuditEntry:
    """Record that `actor` did `action` to `obj`; `data` holds what changed (JSON-serialisable)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        data=data,
    )


def history_of(obj, *, limit: int = 50):
    """The latest audit entries of one object, newest first, with their actors."""
    return (
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )

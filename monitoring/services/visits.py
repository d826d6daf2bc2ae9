"""Writes of monitoring visits: plan, edit, move through their statuses, team, attachments, findings."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring import selectors
from monitoring.models import (
    AttachmentKind,
    Finding,
    MonitoringVisit,
    TeamMember,
    VisitAttachment,
    VisitStatus,
)
from monitoring.services.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload
from plans.models import Activity, AdministrativeUnit, Office
from plans.selectors import membership_of
from tuachua.audit import log_action
from tuachua.text import clean_multiline, clean_text

VISIT_TRANSITIONS = {
    VisitStatus.PLANNED: {VisitStatus.IN_PROGRESS, VisitStatus.DONE, VisitStatus.CANCELLED},
    VisitStatus.IN_PROGRESS: {VisitStatus.DONE, VisitStatus.CANCELLED},
    VisitStatus.DONE: set(),
    VisitStatus.CANCELLED: {VisitStatus.PLANNED},
}
ATTACHMENT_TYPES = {
    AttachmentKind.MINUTES: DOCUMENT_TYPES + IMAGE_TYPES,  # scanned or photographed minutes are common
    AttachmentKind.PHOTO: IMAGE_TYPES,
    AttachmentKind.OTHER: DOCUMENT_TYPES + IMAGE_TYPES,
}
EDITABLE_FIELDS = ("title", "kind", "method", "planned_start", "planned_end", "actual_start", "actual_end")
TEXT_FIELDS = ("summary", "preparation_note")


def _require_manager(by, activity: Activity) -> None:
    if not selectors.may_manage(by, plan=activity.plan):
        raise PermissionDenied


def _check_units(activity: Activity, units: list[AdministrativeUnit]) -> None:
    if not units:
        raise ValidationError(_("Hãy chọn ít nhất một đơn vị được giám sát."))
    issuer_path = activity.plan.issuing_unit.path
    if any(not unit.path.startswith(issuer_path) or unit.pk == activity.plan.issuing_unit_id for unit in units):
        raise ValidationError(_("Chỉ giám sát được các đơn vị thuộc phạm vi của kế hoạch."))


@transaction.atomic
def visit_create(
    *,
    activity: Activity,
    kind: str,
    method: str,
    title: str,
    planned_start: datetime.date,
    planned_end: datetime.date,
    units: list[AdministrativeUnit],
    by,
    summary: str = "",
    preparation_note: str | None = None,
) -> MonitoringVisit:
    """Plan a visit of `activity` to `units` (status "planned")."""
    _require_manager(by, activity)
    units = list(units)
    _check_units(activity, units)
    visit = MonitoringVisit(
        activity=activity,
        kind=kind,
        method=method,
        title=clean_text(title),
        planned_start=planned_start,
        planned_end=planned_end,
        summary=clean_multiline(summary),
        created_by=by,
    )
    if preparation_note is not None:
        visit.preparation_note = clean_multiline(preparation_note)
    visit.full_clean()
    visit.save()
    visit.units.set(units)
    log_action(actor=by, action="visit_create", obj=visit, units=[unit.code for unit in units])
    return visit


@transaction.atomic
def visit_update(
    *, visit: MonitoringVisit, by, units: list[AdministrativeUnit] | None = None, **changes
) -> MonitoringVisit:
    """Change a visit's details (dates, title, summary, what the unit prepares, units). Not once cancelled."""
    _require_manager(by, visit.activity)
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"visit_update() got unexpected fields: {sorted(unknown)}")
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("Cuộc giám sát đã hủy; hãy lên kế hoạch lại trước khi sửa."))
    changed = {}
    for name, value in changes.items():
        value = clean_multiline(value) if name in TEXT_FIELDS else clean_text(value) if name == "title" else value
        if getattr(visit, name) != value:
            changed[name] = [str(getattr(visit, name)), str(value)]
            setattr(visit, name, value)
    if units is not None:
        units = list(units)
        _check_units(visit.activity, units)
        old = sorted(visit.units.values_list("code", flat=True))
        new = sorted(unit.code for unit in units)
        if old != new:
            changed["units"] = [old, new]
    if not changed:
        return visit
    visit.full_clean()
    visit.save()
    if "units" in changed:
        visit.units.set(units)
    log_action(actor=by, action="visit_update", obj=visit, changes=changed)
    return visit


@transaction.atomic
def visit_set_status(
    *,
    visit: MonitoringVisit,
    status: str,
    by,
    actual_start: datetime.date | None = None,
    actual_end: datetime.date | None = None,
) -> MonitoringVisit:
    """Move a visit along planned → in progress → done (or cancel it, or plan a cancelled one again).

    Starting records the actual start (default today); finishing records the actual end (default today).
    """
    _require_manager(by, visit.activity)
    old = VisitStatus(visit.status)
    if status not in VisitStatus.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    if status not in VISIT_TRANSITIONS[old]:
        raise ValidationError(
            _("Không thể chuyển cuộc giám sát từ “%(old)s” sang “%(new)s”.")
            % {"old": old.label, "new": VisitStatus(status).label}
        )
    today = timezone.localdate()
    if status == VisitStatus.IN_PROGRESS:
        visit.actual_start = actual_start or visit.actual_start or today
    elif status == VisitStatus.DONE:
        visit.actual_end = actual_end or visit.actual_end or today
        visit.actual_start = actual_start or visit.actual_start or min(visit.planned_start, visit.actual_end)
    elif status == VisitStatus.PLANNED:
        visit.actual_start = visit.actual_end = None
    visit.status = status
    visit.full_clean()
    visit.save()
    log_action(
        actor=by,
        action="visit_set_status",
        obj=visit,
        old=str(old),
        new=status,
        actual_start=str(visit.actual_start or ""),
        actual_end=str(visit.actual_end or ""),
    )
    return visit


@transaction.atomic
def visit_add_team_member(
    *, visit: MonitoringVisit, by, user=None, name: str = "", office: Office | None = None, role: str = ""
) -> TeamMember:
    """Add a member to the team: a tuachua user (name and office taken from the account unless given)
    or a named person from another body."""
    _require_manager(by, visit.activity)
    if user is not None:
        name = name or user.get_full_name() or user.username
        if office is None:
            membership = membership_of(user)
            office = membership.office if membership else None
        if visit.team.filter(user=user).exists():
            raise ValidationError(_("Người này đã có trong đoàn giám sát."))
    name = clean_text(name)
    if not name:
        raise ValidationError(_("Hãy nhập họ và tên thành viên đoàn."))
    order = (visit.team.aggregate(last=Max("order"))["last"] or 0) + 1
    member = TeamMember(visit=visit, user=user, name=name, office=office, role=clean_text(role), order=order)
    member.full_clean()
    member.save()
    log_action(actor=by, action="visit_add_team_member", obj=visit, member=name, role=member.role)
    return member


@transaction.atomic
def visit_attach_file(*, visit: MonitoringVisit, kind: str, file, by) -> VisitAttachment:
    """Attach minutes (biên bản), a photo or another paper to a visit; the file is checked by content."""
    _require_manager(by, visit.activity)
    if kind not in ATTACHMENT_TYPES:
        raise ValidationError(_("Loại tệp không hợp lệ."))
    checked = check_upload(file, allowed=ATTACHMENT_TYPES[AttachmentKind(kind)])
    attachment = VisitAttachment(
        visit=visit,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    attachment.file.save(checked.stored_name, checked.as_file(), save=False)
    attachment.full_clean()
    attachment.save()
    log_action(actor=by, action="visit_attach_file", obj=visit, kind=kind, file=checked.original_name)
    return attachment


@transaction.atomic
def finding_add(*, visit: MonitoringVisit, text: str, by, unit: AdministrativeUnit | None = None) -> Finding:
    """Record a finding of a visit, about one of the units visited or the visit as a whole."""
    _require_manager(by, visit.activity)
    text = clean_multiline(text)
    if not text:
        raise ValidationError(_("Hãy nhập nội dung phát hiện."))
    if unit is not None and not visit.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("Đơn vị này không thuộc cuộc giám sát."))
    order = (visit.findings.aggregate(last=Max("order"))["last"] or 0) + 1
    finding = Finding(visit=visit, unit=unit, text=text, order=order)
    finding.full_clean()
    finding.save()
    log_action(actor=by, action="finding_add", obj=visit, finding=finding.pk, unit=unit.code if unit else None)
    return finding
